import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAuditArgs, parseCheckArgs } from '../../../server/src/cli/args';
import { UsageError } from '../../../server/src/cli/io';

test('check defaults', () => {
  assert.deepEqual(parseCheckArgs([]), {
    paths: ['.'],
    format: 'text',
    fix: false,
    select: [],
    ignore: [],
    failOn: undefined,
    quiet: false,
    noColor: false,
    maxFileBytes: undefined,
    workers: undefined,
    help: false,
  });
});

test('check options and paths', () => {
  const options = parseCheckArgs(['a', '--format', 'sarif', '--fix', '--fail-on=warning', '-q', '--no-color', 'b']);
  assert.deepEqual(options.paths, ['a', 'b']);
  assert.equal(options.format, 'sarif');
  assert.equal(options.fix, true);
  assert.equal(options.failOn, 'warning');
  assert.equal(options.quiet, true);
  assert.equal(options.noColor, true);
});

test('rule lists split on commas and repeat', () => {
  const options = parseCheckArgs(['--select', 'unset-after-write, unset-on-raise', '--select', 'unset-after-write', '--ignore=unused-suppression']);
  assert.deepEqual(options.select, ['unset-after-write', 'unset-on-raise']);
  assert.deepEqual(options.ignore, ['unused-suppression']);
});

test('invalid values name the value and the choices', () => {
  assert.throws(() => parseCheckArgs(['--format', 'xml']), {
    name: 'UsageError',
    message: 'invalid --format "xml". Use one of: text, json, sarif.',
  });
  assert.throws(() => parseCheckArgs(['--fail-on', 'fatal']), /invalid --fail-on "fatal"\. Use one of: error, warning, information, hint\./);
  assert.throws(() => parseCheckArgs(['--select', 'unset-after-wirte']), /unknown rule "unset-after-wirte" in --select\. Use one of: unset-after-write,/);
});

test('unknown option and missing value', () => {
  assert.throws(() => parseCheckArgs(['--frmat', 'json']), (error: unknown) => {
    assert.ok(error instanceof UsageError);
    assert.match(error.message, /--frmat/);
    assert.match(error.message, /processor-lens check --help/);
    return true;
  });
  assert.throws(() => parseCheckArgs(['--format']), UsageError);
});

test('audit takes paths and help', () => {
  assert.deepEqual(parseAuditArgs(['src', '-h']), { paths: ['src'], maxFileBytes: undefined, workers: undefined, help: true });
  assert.throws(() => parseAuditArgs(['--fix']), UsageError);
});

test('unknown option in one sentence', () => {
  assert.throws(() => parseCheckArgs(['--frob']), { name: 'UsageError', message: 'unknown option --frob; run processor-lens check --help' });
  assert.throws(() => parseAuditArgs(['-z']), { name: 'UsageError', message: 'unknown option -z; run processor-lens audit --help' });
});

test('option values are named', () => {
  assert.throws(() => parseCheckArgs(['--format']), { message: 'option --format needs a value; run processor-lens check --help' });
  assert.throws(() => parseCheckArgs(['--fix=yes']), { message: 'option --fix takes no value; run processor-lens check --help' });
});

test('value starting with a dash', () => {
  // The value reaches the option's own check instead of Node's "argument is ambiguous".
  assert.throws(() => parseCheckArgs(['--format', '-json']), { message: 'invalid --format "-json". Use one of: text, json, sarif.' });
  // A known option after a string option still counts as an option.
  assert.throws(() => parseCheckArgs(['--format', '--fix']), { message: 'option --format needs a value; run processor-lens check --help' });
});

test('max-file-bytes', () => {
  assert.equal(parseCheckArgs(['--max-file-bytes', '5000000']).maxFileBytes, 5_000_000);
  assert.equal(parseAuditArgs(['--max-file-bytes=10']).maxFileBytes, 10);
  assert.throws(() => parseCheckArgs(['--max-file-bytes', '0']), { message: 'invalid --max-file-bytes "0". Give a positive whole number of bytes, for example 5000000.' });
  assert.throws(() => parseCheckArgs(['--max-file-bytes', '2MB']), /invalid --max-file-bytes "2MB"/);
});

test('workers', () => {
  assert.equal(parseCheckArgs(['--workers', '2']).workers, 2);
  assert.equal(parseCheckArgs(['--workers=0']).workers, 0);
  assert.equal(parseAuditArgs(['--workers', '1']).workers, 1);
  assert.throws(() => parseCheckArgs(['--workers', '-1']), { message: 'invalid --workers "-1". Give a whole number of worker threads from 0 to 64, for example 2; 0 scans on the main thread.' });
  assert.throws(() => parseCheckArgs(['--workers', '65']), /invalid --workers "65"/);
  assert.throws(() => parseCheckArgs(['--workers', '1.5']), /invalid --workers "1.5"/);
});

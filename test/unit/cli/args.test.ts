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
  assert.deepEqual(parseAuditArgs(['src', '-h']), { paths: ['src'], help: true });
  assert.throws(() => parseAuditArgs(['--fix']), UsageError);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatJson } from '../../../server/src/cli/format-json';
import { CLI_VERSION } from '../../../server/src/cli/version';
import { sampleReport } from './report-fixture';

test('JSON findings have 1-based positions', () => {
  const output = JSON.parse(formatJson(sampleReport()));
  const [first] = output.findings;

  assert.equal(first.path, 'processors/box_scores.py');
  assert.deepEqual([first.line, first.column, first.endLine, first.endColumn], [12, 9, 12, 18]);
  assert.equal(first.rule, 'unset-after-write');
  assert.equal(first.severity, 'error');
  assert.equal(first.className, 'BoxScoresProcessor');
  assert.equal(first.methodName, 'save_data');
  assert.deepEqual(first.relatedInformation, [
    { path: 'processors/box_scores.py', line: 19, column: 20, endLine: 19, endColumn: 62, message: 'rows are written here' },
  ]);
});

test('JSON fixes carry 1-based edits', () => {
  const output = JSON.parse(formatJson(sampleReport()));
  const fixes = output.findings[0].fixes;

  assert.equal(fixes.length, 2);
  assert.equal(fixes[0].isPreferred, true);
  assert.equal(fixes[0].statement, 'self.stats["rows_inserted"] = len(rows)');
  assert.deepEqual(fixes[0].edits, [
    { line: 21, column: 1, endLine: 21, endColumn: 1, newText: '        self.stats["rows_inserted"] = len(rows)\n' },
  ]);
  assert.equal(fixes[1].isPreferred, false);
});

test('JSON keeps spaces in paths and uses forward slashes', () => {
  const output = JSON.parse(formatJson(sampleReport()));
  assert.equal(output.findings[2].path, 'processors/sub dir/terminators.py');
});

test('JSON top level fields', () => {
  const output = JSON.parse(formatJson(sampleReport()));

  assert.equal(output.version, CLI_VERSION);
  assert.deepEqual(output.skipped, [{ path: 'processors/binary.py', reason: 'the file is not valid UTF-8; save it as UTF-8 to analyze it.' }]);
  assert.deepEqual(output.summary, {
    problems: 3,
    errors: 1,
    warnings: 1,
    information: 1,
    hints: 0,
    files: 2,
    fixable: 2,
    filesRead: 7,
    filesParsed: 4,
  });
  assert.equal('fixed' in output, false, 'no fixed array without --fix');
});

test('JSON fixed array after --fix', () => {
  const report = sampleReport({ fixed: [{ path: '/repo/a.py', fixesApplied: 1, findingsBefore: 2, findingsAfter: 1 }] });
  const output = JSON.parse(formatJson(report));
  assert.deepEqual(output.fixed, [{ path: 'a.py', fixesApplied: 1, findingsBefore: 2, findingsAfter: 1 }]);
});

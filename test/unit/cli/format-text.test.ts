import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createPalette, shouldUseColor } from '../../../server/src/cli/color';
import { formatText } from '../../../server/src/cli/format-text';
import { sampleReport } from './report-fixture';

const plain = createPalette(false);

describe('text format', () => {
  test('compiler-style lines grouped by file', () => {
    const output = formatText(sampleReport(), plain, { quiet: false });
    const lines = output.stdout.split('\n');

    assert.equal(
      lines[0],
      'processors/box_scores.py:12:9: error unset-after-write save_data can end after load_table_from_json wrote rows without setting self.stats["rows_inserted"]',
    );
    assert.equal(lines[1], '    processors/box_scores.py:19:20: note: rows are written here');
    assert.equal(lines[2], 'processors/box_scores.py:16:13: warning unset-without-write return when "not rows" leaves self.stats["rows_inserted"] unset; nothing was written');
    assert.equal(lines[3], '', 'a blank line separates the files');
    assert.match(lines[4], /^processors\/sub dir\/terminators\.py:27:13: information unset-on-raise abort\(\) never returns/);
  });

  test('summary line counts severities and fixes', () => {
    const output = formatText(sampleReport(), plain, { quiet: false });
    const lines = output.stdout.trimEnd().split('\n');
    assert.equal(lines.at(-1), '3 problems (1 error, 1 warning, 1 info) in 2 files; 2 fixable with --fix');
  });

  test('summary without findings', () => {
    const output = formatText(sampleReport({ findings: [] }), plain, { quiet: false });
    assert.equal(output.stdout, 'No problems found (7 files read).\n');
  });

  test('skipped files go to stderr', () => {
    const output = formatText(sampleReport(), plain, { quiet: false });
    assert.equal(output.stderr, 'skipped processors/binary.py: the file is not valid UTF-8; save it as UTF-8 to analyze it.\n');
    assert.doesNotMatch(output.stdout, /binary\.py/);
  });

  test('quiet drops summary and skipped notes', () => {
    const output = formatText(sampleReport(), plain, { quiet: true });
    assert.equal(output.stderr, '');
    assert.doesNotMatch(output.stdout, /problems/);
    assert.match(output.stdout, /unset-after-write/);
  });

  test('fix report lines come first', () => {
    const report = sampleReport({
      findings: [],
      fixed: [{ path: '/repo/processors/box_scores.py', fixesApplied: 2, findingsBefore: 2, findingsAfter: 0 }],
    });
    const lines = formatText(report, plain, { quiet: false }).stdout.trimEnd().split('\n');
    assert.equal(lines[0], 'fixed processors/box_scores.py: 2 fixes applied, none remaining');
    assert.equal(lines.at(-1), 'No problems found (7 files read); 2 fixes applied.');
  });

  test('colour codes only when enabled', () => {
    const coloured = formatText(sampleReport(), createPalette(true), { quiet: false }).stdout;
    assert.match(coloured, /\u001b\[31merror\u001b\[39m/);
    assert.doesNotMatch(formatText(sampleReport(), plain, { quiet: false }).stdout, /\u001b\[/);
  });
});

describe('colour decision', () => {
  test('follows the terminal by default', () => {
    assert.equal(shouldUseColor(false, true, {}), true);
    assert.equal(shouldUseColor(false, false, {}), false);
  });

  test('NO_COLOR turns colours off', () => {
    assert.equal(shouldUseColor(false, true, { NO_COLOR: '1' }), false);
    assert.equal(shouldUseColor(false, true, { NO_COLOR: '' }), true, 'an empty NO_COLOR is ignored');
  });

  test('FORCE_COLOR overrides the terminal check', () => {
    assert.equal(shouldUseColor(false, false, { FORCE_COLOR: '1' }), true);
    assert.equal(shouldUseColor(false, true, { FORCE_COLOR: '0' }), false);
  });

  test('--no-color wins over FORCE_COLOR', () => {
    assert.equal(shouldUseColor(true, true, { FORCE_COLOR: '1' }), false);
  });
});

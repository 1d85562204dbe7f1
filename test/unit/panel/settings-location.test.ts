import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { historySettingsLocation, locateTomlKey } from '../../../client/src/panel/settings-location';

const PYPROJECT = [
  '[project]',
  'name = "pipeline"',
  '',
  '[tool.processor-lens]',
  'fail-on = "error"',
  '',
  '[ tool.processor-lens.history ]  # run history',
  'source = "duckdb"',
  '"end-date" = "latest-run"',
  '',
  '[tool.processor-lens.processors.AccumulateProcessor]',
  'date-column = "stat_date"',
].join('\n');

describe('locateTomlKey', () => {
  test('section header line', () => {
    assert.equal(locateTomlKey(PYPROJECT, 'tool.processor-lens.history'), 6);
    assert.equal(locateTomlKey(PYPROJECT, 'tool.processor-lens'), 3);
  });

  test('key within its section', () => {
    assert.equal(locateTomlKey(PYPROJECT, 'tool.processor-lens', 'fail-on'), 4);
    assert.equal(locateTomlKey(PYPROJECT, 'tool.processor-lens.history', 'end-date'), 8);
  });

  test('key of another section is not taken', () => {
    // date-column is only in the processors table, so the history header is the answer.
    assert.equal(locateTomlKey(PYPROJECT, 'tool.processor-lens.history', 'date-column'), 6);
  });

  test('missing section', () => {
    assert.equal(locateTomlKey(PYPROJECT, 'tool.other'), null);
  });
});

describe('historySettingsLocation', () => {
  test('pyproject history table wins', () => {
    assert.deepEqual(historySettingsLocation({ source: '/w/pyproject.toml', raw: { history: { source: 'duckdb' } } }), {
      kind: 'pyproject',
      path: '/w/pyproject.toml',
      section: 'tool.processor-lens.history',
    });
  });

  test('editor settings otherwise', () => {
    assert.equal(historySettingsLocation({ source: '/w/pyproject.toml', raw: {} }).kind, 'editor-settings');
    assert.equal(historySettingsLocation(null).kind, 'editor-settings');
  });
});

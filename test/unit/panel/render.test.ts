import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { JSDOM } from 'jsdom';
import { DATE_STATUSES } from '../../../server/src/history/types';
import { STATUS_LABELS } from '../../../client/src/panel/messages';
import { isEmptyResult, renderDatesTable, renderError, renderHeader, renderTotals, summaryLine } from '../../../webview/src/render';
import { dateRow, everyStatus, HEADER, HTML_VALUE, resultOf, totalsOf } from './view-fixtures';

let document: Document;

beforeEach(() => {
  document = new JSDOM('<!DOCTYPE html><body></body>').window.document;
});

describe('renderDatesTable', () => {
  test('one row per date, newest first', () => {
    const table = renderDatesTable(document, everyStatus());
    assert.equal(table.id, 'dates');
    const rows = [...table.querySelectorAll('tbody tr')];
    assert.equal(rows.length, DATE_STATUSES.length);
    assert.deepEqual(rows.map((row) => row.getAttribute('data-date')), everyStatus().map((date) => date.date).reverse());
    assert.deepEqual(rows.map((row) => row.getAttribute('data-status')), [...DATE_STATUSES].reverse());
  });

  test('row cells and badge', () => {
    const table = renderDatesTable(document, [dateRow('2026-11-02', 'tracking-bug', { recordedRows: 0, maxRecordedRows: 0, rowsInsertedKey: 'missing', actualRows: 1234, runs: 2, failures: 1, successes: 1 })]);
    const row = table.querySelector('tbody tr')!;
    const cells = [...row.children].map((cell) => cell.textContent);
    assert.deepEqual(cells, ['2026-11-02', 'tracking bug', '0 (not set)', '1,234', '2']);
    assert.equal(row.querySelector('.note')?.textContent, ' (not set)');
    assert.equal(row.querySelector('th')?.getAttribute('scope'), 'row');
    assert.equal(row.querySelector('.badge')?.getAttribute('data-status'), 'tracking-bug');
    assert.match(row.children[2].getAttribute('title') ?? '', /no rows_inserted key/);
    assert.equal(row.children[4].getAttribute('title'), '2 runs: 1 succeeded, 1 failed; last status success.');
    assert.ok(row.classList.contains('problem'));
  });

  test('explicit zero and maximum', () => {
    const table = renderDatesTable(document, [
      dateRow('2026-11-03', 'ok', { recordedRows: 0, maxRecordedRows: 0, rowsInsertedKey: 'zero', actualRows: 0 }),
      dateRow('2026-11-04', 'ok', { recordedRows: 436, maxRecordedRows: 476 }),
      dateRow('2026-11-05', 'untracked', { recordedRows: null, maxRecordedRows: null, runs: 0, rowsInsertedKey: null }),
    ]);
    const recorded = Object.fromEntries([...table.querySelectorAll('tbody tr')].map((row) => [row.getAttribute('data-date'), row.children[2].textContent]));
    assert.deepEqual(recorded, { '2026-11-03': '0 (set to 0)', '2026-11-04': '436 / 476', '2026-11-05': '—' });
  });

  test('roving tabindex starts on the first row', () => {
    const rows = [...renderDatesTable(document, everyStatus()).querySelectorAll('tbody tr')];
    assert.deepEqual(rows.map((row) => row.getAttribute('tabindex')), ['0', ...rows.slice(1).map(() => '-1')]);
  });

  test('HTML in values stays text', () => {
    const table = renderDatesTable(document, [dateRow('2026-11-02', 'ok', { lastStatus: HTML_VALUE })]);
    document.body.append(table);
    assert.equal(document.querySelectorAll('img').length, 0);
    assert.match(table.querySelector('tbody tr')!.children[4].getAttribute('title')!, /last status <img src=x/);
  });
});

describe('renderHeader', () => {
  test('names, values and origins', () => {
    const header = renderHeader(document, HEADER);
    document.body.append(header);
    assert.equal(document.getElementById('processor-name')?.textContent, 'BoxScoresProcessor');
    assert.equal(document.getElementById('processor-file')?.textContent, 'processors/box_scores.py');
    assert.equal(document.getElementById('table-name')?.textContent, 'nba_raw.player_box_scores');
    assert.equal(document.getElementById('table-origin')?.textContent, 'from BoxScoresProcessor.table_name');
    assert.equal(document.getElementById('date-column')?.textContent, 'game_date');
    assert.equal(document.getElementById('date-column-origin')?.textContent, 'from table partitioning');
    assert.equal(document.getElementById('source-name')?.textContent, 'DuckDB: /data/history (folder of exports)');
    assert.equal(document.getElementById('table-choice'), null);
    assert.equal(document.getElementById('target-notes'), null);
  });

  test('several tables become a choice', () => {
    const header = renderHeader(document, {
      ...HEADER,
      candidates: [
        { id: 'nba_raw.a', table: 'nba_raw.a', tableOrigin: 'language-server', originDetail: 'P.table_name' },
        { id: 'nba_raw.b', table: 'nba_raw.b', tableOrigin: 'pyproject', originDetail: '[tool.processor-lens.processors.P]' },
      ],
      table: 'nba_raw.b',
      selectedCandidate: 'nba_raw.b',
    });
    const options = [...header.querySelectorAll('#table-choice vscode-option')];
    assert.deepEqual(options.map((option) => option.getAttribute('value')), ['nba_raw.a', 'nba_raw.b']);
    assert.deepEqual(options.map((option) => option.hasAttribute('selected')), [false, true]);
    assert.equal(options[1].getAttribute('description'), 'from [tool.processor-lens.processors.P]');
    assert.equal(header.querySelector('#table-name'), null);
  });

  test('table choice leads with table name', () => {
    const header = renderHeader(document, {
      ...HEADER,
      candidates: [
        { id: 'nba-props-platform.nba_raw.odds_api_player_props', table: 'nba-props-platform.nba_raw.odds_api_player_props', tableOrigin: 'language-server', originDetail: 'P.table_name', tableName: 'odds_api_player_props', dataset: 'nba-props-platform.nba_raw', countsRecordedRows: true },
        { id: 'nba-props-platform.nba_raw.odds_api_line_history', table: 'nba-props-platform.nba_raw.odds_api_line_history', tableOrigin: 'language-server', originDetail: 'P.history_table_name', tableName: 'odds_api_line_history', dataset: 'nba-props-platform.nba_raw', countsRecordedRows: false },
      ],
      table: 'nba-props-platform.nba_raw.odds_api_line_history',
      selectedCandidate: 'nba-props-platform.nba_raw.odds_api_line_history',
    });
    const options = [...header.querySelectorAll('#table-choice vscode-option')];
    assert.deepEqual(options.map((option) => option.textContent), ['odds_api_player_props · nba-props-platform.nba_raw', 'odds_api_line_history · nba-props-platform.nba_raw']);
    assert.equal(options[1].getAttribute('title'), 'nba-props-platform.nba_raw.odds_api_line_history');
    assert.equal(options[0].getAttribute('description'), 'from P.table_name, counted by run history');
    assert.equal(options[1].getAttribute('description'), 'from P.history_table_name');
  });

  test('HTML in names stays text', () => {
    const header = renderHeader(document, { ...HEADER, processorName: HTML_VALUE, className: HTML_VALUE, source: `<script>${HTML_VALUE}</script>`, notes: [HTML_VALUE] });
    document.body.append(header);
    assert.equal(document.querySelectorAll('img, script').length, 0);
    assert.equal(document.getElementById('processor-name')?.textContent, HTML_VALUE);
    assert.equal(document.getElementById('source-name')?.textContent, `<script>${HTML_VALUE}</script>`);
    assert.equal(document.querySelector('#target-notes li')?.textContent, HTML_VALUE);
    assert.ok(document.getElementById('processor-name')!.innerHTML.startsWith('&lt;img'));
  });

  test('unknown table and column', () => {
    const header = renderHeader(document, { ...HEADER, table: null, tableOrigin: null, tableOriginDetail: null, dateColumn: null, dateColumnOrigin: null });
    assert.equal(header.querySelector('#table-name')?.textContent, 'unknown');
    assert.equal(header.querySelector('#table-origin')?.textContent, '');
    assert.equal(header.querySelector('#date-column')?.textContent, 'unknown');
  });
});

describe('renderTotals', () => {
  test('statuses that occur, problems first', () => {
    const dates = [dateRow('2026-11-01', 'ok'), dateRow('2026-11-02', 'ok'), dateRow('2026-11-03', 'tracking-bug'), dateRow('2026-11-04', 'data-loss')];
    const items = [...renderTotals(document, totalsOf(dates)).querySelectorAll('li')];
    assert.deepEqual(items.map((item) => item.getAttribute('data-status')), ['tracking-bug', 'data-loss', 'ok']);
    assert.deepEqual(items.map((item) => item.querySelector('.count')?.textContent), ['1', '1', '2']);
    assert.equal(items[0].querySelector('.badge')?.textContent, STATUS_LABELS['tracking-bug']);
  });
});

describe('renderError', () => {
  test('message, hint and actions', () => {
    const error = renderError(document, { code: 'no-credentials', message: `No credentials ${HTML_VALUE}`, hint: 'gcloud auth application-default login' });
    document.body.append(error);
    assert.equal(error.getAttribute('role'), 'alert');
    assert.equal(error.getAttribute('data-code'), 'no-credentials');
    assert.equal(document.getElementById('error-message')?.textContent, `No credentials ${HTML_VALUE}`);
    assert.equal(document.getElementById('error-hint')?.textContent, 'gcloud auth application-default login');
    assert.ok(document.getElementById('error-retry'));
    assert.ok(document.getElementById('error-copy-hint'));
    assert.ok(document.getElementById('error-settings'));
    assert.equal(document.querySelectorAll('img').length, 0);
  });
});

describe('renderError settings button', () => {
  test('pyproject location is named', () => {
    const block = renderError(document, {
      code: 'invalid-configuration',
      message: 'm',
      hint: 'h',
      settings: { kind: 'pyproject', path: '/w/pyproject.toml', section: 'tool.processor-lens', key: 'fail-on' },
    });
    const button = block.querySelector('#error-settings');
    assert.equal(button?.textContent, 'Open pyproject.toml');
    assert.equal(button?.getAttribute('title'), 'fail-on in [tool.processor-lens] of /w/pyproject.toml');
  });

  test('editor settings by default', () => {
    const block = renderError(document, { code: 'timeout', message: 'm', hint: 'h' });
    assert.equal(block.querySelector('#error-settings')?.textContent, 'Open settings');
  });
});

describe('summaryLine', () => {
  test('range, bytes and timing', () => {
    assert.equal(summaryLine(resultOf(everyStatus()), 'just now'), '2026-11-01 to 2026-11-09 · 1.5 MiB processed · 1,234 ms');
  });

  test('cached result says so', () => {
    assert.equal(summaryLine(resultOf(everyStatus(), { bytesProcessed: null, fromCache: true }), '3 minutes ago'), '2026-11-01 to 2026-11-09 · cached, fetched 3 minutes ago');
  });
});

describe('isEmptyResult', () => {
  test('no runs and no rows anywhere', () => {
    const empty = [dateRow('2026-11-01', 'empty', { runs: 0, actualRows: 0 }), dateRow('2026-11-02', 'legitimately-empty', { runs: 0, actualRows: 0 })];
    assert.equal(isEmptyResult(resultOf(empty)), true);
    assert.equal(isEmptyResult(resultOf([...empty, dateRow('2026-11-03', 'untracked', { runs: 0, actualRows: 3 })])), false);
  });
});

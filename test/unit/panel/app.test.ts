import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { JSDOM } from 'jsdom';
import type { WebviewToExtension } from '../../../client/src/panel/messages';
import { PanelApp, type ChartView } from '../../../webview/src/app';
import { DATE_STATUSES, type DateComparison } from '../../../server/src/history/types';
import { dateRow, everyStatus, HEADER, HTML_VALUE, resultOf, resultView } from './view-fixtures';

class RecordingChart implements ChartView {
  shown: DateComparison[][] = [];
  highlighted: (string | null)[] = [];
  show(dates: DateComparison[]): void {
    this.shown.push(dates);
  }
  highlight(date: string | null): void {
    this.highlighted.push(date);
  }
}

let dom: JSDOM;
let document: Document;
let posted: WebviewToExtension[];
let chart: RecordingChart;
let app: PanelApp;

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  assert.ok(element, `#${id} exists`);
  return element as T;
}

function key(target: Element, name: string): void {
  target.dispatchEvent(new dom.window.KeyboardEvent('keydown', { key: name, bubbles: true }));
}

beforeEach(() => {
  dom = new JSDOM('<!DOCTYPE html><body><main id="app"></main></body>', { pretendToBeVisual: true });
  document = dom.window.document;
  posted = [];
  chart = new RecordingChart();
  app = new PanelApp(document, byId('app'), { postMessage: (message) => posted.push(message) }, () => chart, () => 60_000);
});

describe('PanelApp views', () => {
  test('result view fills header, totals, chart and table', () => {
    app.receive({ type: 'view', view: resultView() });
    assert.equal(byId('panel-header').hidden, false);
    assert.equal(byId('processor-name').textContent, 'BoxScoresProcessor');
    assert.equal(byId('results').hidden, false);
    assert.equal(document.querySelectorAll('table#dates tbody tr[data-status]').length, DATE_STATUSES.length);
    assert.equal(document.querySelectorAll('#totals li').length, DATE_STATUSES.length);
    assert.equal(chart.shown.length, 1);
    assert.match(byId('status-line').textContent ?? '', /^2026-11-01 to 2026-11-09/);
    assert.equal(byId('copy-sql').hasAttribute('disabled'), false);
  });

  test('loading view hides results', () => {
    app.receive({ type: 'view', view: resultView() });
    app.receive({ type: 'view', view: { kind: 'loading', header: HEADER, range: { kind: 'preset', days: 30 } } });
    assert.equal(byId('results').hidden, true);
    assert.equal(byId('message').dataset.state, 'loading');
    assert.match(byId('message-text').textContent ?? '', /Querying run history/);
    assert.equal(byId('copy-sql').hasAttribute('disabled'), true);
    assert.equal(byId('status-line').textContent, 'Loading the last 30 days… (was 2026-11-01 to 2026-11-09)');
  });

  test('first loading view names the range', () => {
    app.receive({ type: 'view', view: { kind: 'loading', header: HEADER, range: { kind: 'custom', start: '2026-10-01', end: '2026-10-31' } } });
    assert.equal(byId('status-line').textContent, 'Loading 2026-10-01 to 2026-10-31…');
  });

  test('idle view hides the header', () => {
    app.receive({ type: 'view', view: { kind: 'idle', message: 'Put the cursor inside a processor class.' } });
    assert.equal(byId('panel-header').hidden, true);
    assert.equal(byId('message-text').textContent, 'Put the cursor inside a processor class.');
    assert.equal(byId('refresh').hasAttribute('disabled'), true);
  });

  test('empty result shows a message', () => {
    const dates = [dateRow('2026-11-01', 'empty', { runs: 0, actualRows: 0, recordedRows: null })];
    app.receive({ type: 'view', view: { ...resultView(dates), result: resultOf(dates) } });
    assert.equal(byId('message').dataset.state, 'empty');
    assert.equal(byId('results').hidden, true);
    assert.match(byId('message-text').textContent ?? '', /No runs in run history and no rows in nba_raw.player_box_scores/);
  });

  test('error view and its actions', () => {
    app.receive({
      type: 'view',
      view: { kind: 'error', header: HEADER, range: { kind: 'preset', days: 7 }, error: { code: 'no-credentials', message: 'No credentials.', hint: 'gcloud auth application-default login' } },
    });
    assert.equal(byId('error-hint').textContent, 'gcloud auth application-default login');
    byId('error-retry').click();
    byId('error-copy-hint').click();
    byId('error-settings').click();
    assert.deepEqual(posted, [{ type: 'refresh' }, { type: 'copyHint' }, { type: 'openSettings' }]);
  });

  test('HTML in a view is shown as text', () => {
    const dates = everyStatus().map((date) => ({ ...date, lastStatus: HTML_VALUE }));
    app.receive({ type: 'view', view: resultView(dates, { ...HEADER, processorName: HTML_VALUE, source: HTML_VALUE }) });
    assert.equal(byId('processor-name').textContent, HTML_VALUE);
    assert.equal(document.querySelectorAll('img').length, 0);
    assert.equal((dom.window as unknown as { injected?: number }).injected, undefined);
  });

  test('notice appears', () => {
    app.receive({ type: 'notice', text: 'SQL copied to the clipboard.' });
    assert.equal(byId('notice').hidden, false);
    assert.equal(byId('notice').textContent, 'SQL copied to the clipboard.');
  });
});

describe('PanelApp controls', () => {
  test('refresh and copy SQL post messages', () => {
    app.receive({ type: 'view', view: resultView() });
    byId('refresh').click();
    byId('copy-sql').click();
    assert.deepEqual(posted, [{ type: 'refresh' }, { type: 'copySql' }]);
  });

  test('copy SQL does nothing without a result', () => {
    app.receive({ type: 'view', view: { kind: 'loading', header: HEADER, range: { kind: 'preset', days: 30 } } });
    byId('copy-sql').click();
    assert.deepEqual(posted, []);
  });

  test('preset choice posts setRange', () => {
    const preset = byId<HTMLElement & { value: string }>('range-preset');
    preset.value = '90';
    preset.dispatchEvent(new dom.window.Event('change'));
    assert.deepEqual(posted, [{ type: 'setRange', range: { kind: 'preset', days: 90 } }]);
  });

  test('view range is reflected', () => {
    app.receive({ type: 'view', view: { ...resultView(), range: { kind: 'custom', start: '2026-11-01', end: '2026-11-08' } } });
    assert.equal(byId<HTMLElement & { value: string }>('range-preset').value, 'custom');
    assert.equal(byId('custom-range').hidden, false);
    assert.equal(byId<HTMLElement & { value: string }>('range-start').value, '2026-11-01');
    assert.equal(byId<HTMLElement & { value: string }>('range-end').value, '2026-11-08');
  });

  test('custom range prefilled from the result', () => {
    app.receive({ type: 'view', view: resultView() });
    const preset = byId<HTMLElement & { value: string }>('range-preset');
    preset.value = 'custom';
    preset.dispatchEvent(new dom.window.Event('change'));
    assert.equal(byId('custom-range').hidden, false);
    assert.equal(byId<HTMLElement & { value: string }>('range-start').value, '2026-11-01');
    assert.equal(byId<HTMLElement & { value: string }>('range-end').value, '2026-11-09');
    assert.deepEqual(posted, []);
  });

  test('reversed custom range is refused', () => {
    byId<HTMLElement & { value: string }>('range-start').value = '2026-11-09';
    byId<HTMLElement & { value: string }>('range-end').value = '2026-11-01';
    byId('range-apply').click();
    assert.equal(byId('range-error').hidden, false);
    assert.equal(byId('range-error').textContent, 'Invalid date range: the start 2026-11-09 is after the end 2026-11-01.');
    assert.deepEqual(posted, []);
  });

  test('overlong custom range is refused', () => {
    byId<HTMLElement & { value: string }>('range-start').value = '2019-01-01';
    byId<HTMLElement & { value: string }>('range-end').value = '2026-12-03';
    byId('range-apply').click();
    assert.equal(byId('range-error').hidden, false);
    assert.match(byId('range-error').textContent ?? '', /2019-01-01 to 2026-12-03: it spans 2894 days, more than the 366/);
    assert.doesNotMatch(byId('range-error').textContent ?? '', /after/);
    assert.deepEqual(posted, []);
  });

  test('missing custom date is refused', () => {
    byId<HTMLElement & { value: string }>('range-start').value = '';
    byId<HTMLElement & { value: string }>('range-end').value = '2026-11-01';
    byId('range-apply').click();
    assert.match(byId('range-error').textContent ?? '', /Enter both dates/);
    assert.deepEqual(posted, []);
  });

  test('Enter applies a valid custom range', () => {
    byId<HTMLElement & { value: string }>('range-start').value = '2026-11-01';
    byId<HTMLElement & { value: string }>('range-end').value = '2026-11-08';
    key(byId('range-end'), 'Enter');
    assert.equal(byId('range-error').hidden, true);
    assert.deepEqual(posted, [{ type: 'setRange', range: { kind: 'custom', start: '2026-11-01', end: '2026-11-08' } }]);
  });

  test('table choice posts chooseTarget', () => {
    app.receive({
      type: 'view',
      view: resultView(everyStatus(), {
        ...HEADER,
        candidates: [
          { id: 'nba_raw.a', table: 'nba_raw.a', tableOrigin: 'language-server', originDetail: 'P.table_name' },
          { id: 'nba_raw.b', table: 'nba_raw.b', tableOrigin: 'language-server', originDetail: 'P.b_table_name' },
        ],
      }),
    });
    const choice = byId<HTMLElement & { value: string }>('table-choice');
    choice.value = 'nba_raw.b';
    choice.dispatchEvent(new dom.window.Event('change'));
    assert.deepEqual(posted, [{ type: 'chooseTarget', id: 'nba_raw.b' }]);
  });
});

describe('PanelApp keyboard', () => {
  function rows(): HTMLTableRowElement[] {
    return [...document.querySelectorAll<HTMLTableRowElement>('table#dates tbody tr')];
  }

  test('arrow keys move the focus between rows', () => {
    app.receive({ type: 'view', view: resultView() });
    rows()[0].focus();
    key(rows()[0], 'ArrowDown');
    assert.equal(document.activeElement, rows()[1]);
    assert.deepEqual(rows().map((row) => row.tabIndex).filter((index) => index === 0).length, 1);
    assert.equal(rows()[1].tabIndex, 0);

    const last = rows().length - 1;
    key(rows()[1], 'End');
    assert.equal(document.activeElement, rows()[last]);
    key(rows()[last], 'ArrowDown');
    assert.equal(document.activeElement, rows()[last]);
    key(rows()[last], 'Home');
    assert.equal(document.activeElement, rows()[0]);
    key(rows()[0], 'ArrowUp');
    assert.equal(document.activeElement, rows()[0]);
  });

  test('focused row highlights its date in the chart', () => {
    app.receive({ type: 'view', view: resultView() });
    rows()[2].focus();
    assert.equal(chart.highlighted.at(-1), rows()[2].dataset.date);
  });

  test('focus stays on the same date after an update', () => {
    app.receive({ type: 'view', view: resultView() });
    const date = rows()[3].dataset.date;
    rows()[3].focus();
    app.receive({ type: 'view', view: resultView() });
    assert.equal((document.activeElement as HTMLElement).dataset.date, date);
    assert.equal((document.activeElement as HTMLTableRowElement).tabIndex, 0);
  });
});

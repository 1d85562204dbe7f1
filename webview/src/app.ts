// The panel's page: static controls built once (so keyboard focus survives updates) and regions
// that are rebuilt from each view the extension sends.
import {
  RANGE_PRESETS,
  isIsoDate,
  type ExtensionToWebview,
  type PanelView,
  type RangeChoice,
  type WebviewToExtension,
} from '../../client/src/panel/messages';
import { customRangeProblem } from '../../client/src/panel/date-range';
import type { DateComparison } from '../../server/src/history/types';
import { formatAge } from './format';
import { element, isEmptyResult, renderDatesTable, renderError, renderHeader, renderTotals, summaryLine } from './render';

export interface Host {
  postMessage(message: WebviewToExtension): void;
}

/** The chart as the page uses it; the real one draws with chart.js on a canvas. */
export interface ChartView {
  show(dates: DateComparison[], endDate: string): void;
  highlight(date: string | null): void;
}

/** How long a notice such as "SQL copied" stays, in milliseconds. */
const NOTICE_MS = 4000;

/** A control from @vscode-elements/elements, or a plain element in tests; both expose `value`. */
type ValueElement = HTMLElement & { value: string };

/** Formats the status line of a loading view: the range being loaded, and the one on screen before, if any. */
export function loadingLine(range: RangeChoice, previousRange: string | null): string {
  const wanted = range.kind === 'preset' ? `the last ${range.days} days` : `${range.start} to ${range.end}`;
  return previousRange === null ? `Loading ${wanted}…` : `Loading ${wanted}… (was ${previousRange})`;
}

export class PanelApp {
  private readonly header: HTMLElement;
  private readonly rangePreset: ValueElement;
  private readonly customRange: HTMLElement;
  private readonly rangeStart: ValueElement;
  private readonly rangeEnd: ValueElement;
  private readonly rangeError: HTMLElement;
  private readonly copySql: ValueElement;
  private readonly refresh: ValueElement;
  private readonly statusLine: HTMLElement;
  private readonly notice: HTMLElement;
  private readonly message: HTMLElement;
  private readonly results: HTMLElement;
  private readonly totals: HTMLElement;
  private readonly tableContainer: HTMLElement;
  private readonly chart: ChartView | null;
  private view: PanelView | null = null;
  private noticeTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly doc: Document,
    root: HTMLElement,
    private readonly host: Host,
    createChart: (canvas: HTMLCanvasElement) => ChartView | null,
    private readonly now: () => number = Date.now,
  ) {
    this.header = element(doc, 'header', { id: 'panel-header', attributes: { hidden: '' } });

    this.rangePreset = element(doc, 'vscode-single-select', { id: 'range-preset', attributes: { 'aria-label': 'Date range' } }) as ValueElement;
    for (const days of RANGE_PRESETS) {
      this.rangePreset.append(element(doc, 'vscode-option', { text: `Last ${days} days`, attributes: { value: String(days) } }));
    }
    this.rangePreset.append(element(doc, 'vscode-option', { text: 'Custom range…', attributes: { value: 'custom' } }));

    this.rangeStart = element(doc, 'vscode-textfield', { id: 'range-start', attributes: { type: 'date', 'aria-label': 'First date' } }) as ValueElement;
    this.rangeEnd = element(doc, 'vscode-textfield', { id: 'range-end', attributes: { type: 'date', 'aria-label': 'Last date' } }) as ValueElement;
    const apply = element(doc, 'vscode-button', { id: 'range-apply', text: 'Apply' });
    this.rangeError = element(doc, 'p', { id: 'range-error', className: 'field-error', attributes: { role: 'alert', hidden: '' } });
    this.customRange = element(doc, 'div', { id: 'custom-range', attributes: { hidden: '' } }, [
      element(doc, 'div', { className: 'range-fields' }, [this.rangeStart, element(doc, 'span', { className: 'muted', text: 'to' }), this.rangeEnd, apply]),
      this.rangeError,
    ]);

    this.refresh = element(doc, 'vscode-button', { id: 'refresh', text: 'Refresh', attributes: { title: 'Run the query again, bypassing the cache' } }) as ValueElement;
    this.copySql = element(doc, 'vscode-button', { id: 'copy-sql', text: 'Copy SQL', attributes: { secondary: '', title: 'Copy the query and its parameters' } }) as ValueElement;

    const controls = element(doc, 'section', { id: 'controls', attributes: { 'aria-label': 'Date range and actions' } }, [
      element(doc, 'div', { className: 'control-row' }, [this.rangePreset, element(doc, 'div', { className: 'actions' }, [this.refresh, this.copySql])]),
      this.customRange,
    ]);

    this.statusLine = element(doc, 'p', { id: 'status-line', className: 'muted', attributes: { role: 'status', 'aria-live': 'polite' } });
    this.notice = element(doc, 'p', { id: 'notice', attributes: { role: 'status', 'aria-live': 'polite', hidden: '' } });
    this.message = element(doc, 'section', { id: 'message', attributes: { 'aria-live': 'polite' } });

    this.totals = element(doc, 'div', { id: 'totals-container' });
    const canvas = element(doc, 'canvas', { id: 'history-chart', attributes: { role: 'img' } });
    const figure = element(doc, 'figure', { id: 'chart-figure' }, [element(doc, 'div', { className: 'chart-box' }, [canvas])]);
    this.tableContainer = element(doc, 'div', { id: 'table-container' });
    this.results = element(doc, 'section', { id: 'results', attributes: { hidden: '', 'aria-label': 'Run history per date' } }, [
      this.totals,
      figure,
      this.tableContainer,
    ]);

    root.append(this.header, controls, this.statusLine, this.notice, this.message, this.results);
    this.chart = createChart(canvas);

    this.rangePreset.addEventListener('change', () => this.onPresetChange());
    apply.addEventListener('click', () => this.applyCustomRange());
    for (const field of [this.rangeStart, this.rangeEnd]) {
      field.addEventListener('keydown', (event) => {
        if ((event as KeyboardEvent).key === 'Enter') this.applyCustomRange();
      });
    }
    this.refresh.addEventListener('click', () => this.host.postMessage({ type: 'refresh' }));
    this.copySql.addEventListener('click', () => {
      if (this.view?.kind === 'result') this.host.postMessage({ type: 'copySql' });
    });
    this.tableContainer.addEventListener('keydown', (event) => this.onTableKey(event as KeyboardEvent));
    this.tableContainer.addEventListener('focusin', (event) => this.chart?.highlight(this.rowDate(event.target)));
    this.tableContainer.addEventListener('focusout', () => this.chart?.highlight(null));
  }

  receive(message: ExtensionToWebview): void {
    if (message.type === 'notice') {
      this.showNotice(message.text);
      return;
    }
    this.render(message.view);
  }

  private render(view: PanelView): void {
    const focusedDate = this.rowDate(this.doc.activeElement);
    const previousRange = this.view?.kind === 'result' ? `${this.view.result.startDate} to ${this.view.result.endDate}` : null;
    this.view = view;

    this.renderHeader(view);
    if (view.kind !== 'idle') this.syncRange(view.range);
    this.copySql.toggleAttribute('disabled', view.kind !== 'result');
    this.refresh.toggleAttribute('disabled', view.kind === 'idle');
    this.message.replaceChildren();
    this.message.removeAttribute('data-state');
    this.results.hidden = true;
    this.statusLine.textContent = '';

    switch (view.kind) {
      case 'idle':
        this.showMessage('idle', view.message);
        break;
      case 'loading':
        // A refresh keeps a line of text here, so the status line does not go blank while the query runs.
        this.statusLine.textContent = loadingLine(view.range, previousRange);
        this.showMessage('loading', 'Querying run history and the table…', element(this.doc, 'vscode-progress-ring', { attributes: { 'aria-hidden': 'true' } }));
        break;
      case 'error':
        this.message.dataset.state = 'error';
        this.message.append(renderError(this.doc, view.error));
        this.wireErrorActions();
        break;
      case 'result': {
        const result = view.result;
        this.statusLine.textContent = summaryLine(result, formatAge(result.fetchedAt, this.now()));
        if (isEmptyResult(result)) {
          this.showMessage('empty', `No runs in run history and no rows in ${view.header.table ?? 'the table'} from ${result.startDate} to ${result.endDate}.`);
          break;
        }
        this.results.hidden = false;
        this.totals.replaceChildren(renderTotals(this.doc, result.totals));
        this.tableContainer.replaceChildren(renderDatesTable(this.doc, result.dates));
        this.chart?.show(result.dates, result.endDate);
        this.restoreRowFocus(focusedDate);
        break;
      }
    }
  }

  private renderHeader(view: PanelView): void {
    const header = view.kind === 'idle' ? null : view.header;
    this.header.hidden = header === null;
    if (header === null) {
      this.header.replaceChildren();
      return;
    }
    this.header.replaceChildren(renderHeader(this.doc, header));
    const choice = this.header.querySelector<ValueElement>('#table-choice');
    choice?.addEventListener('change', () => {
      if (choice.value) this.host.postMessage({ type: 'chooseTarget', id: choice.value });
    });
  }

  private showMessage(state: string, text: string, icon?: HTMLElement): void {
    this.message.dataset.state = state;
    const paragraph = element(this.doc, 'p', { id: 'message-text', className: state, text });
    if (icon !== undefined) paragraph.prepend(icon);
    this.message.append(paragraph);
  }

  private wireErrorActions(): void {
    this.message.querySelector('#error-retry')?.addEventListener('click', () => this.host.postMessage({ type: 'refresh' }));
    this.message.querySelector('#error-copy-hint')?.addEventListener('click', () => this.host.postMessage({ type: 'copyHint' }));
    this.message.querySelector('#error-settings')?.addEventListener('click', () => this.host.postMessage({ type: 'openSettings' }));
  }

  /** Shows the view's range in the controls without sending anything back. */
  private syncRange(range: RangeChoice): void {
    const value = range.kind === 'preset' ? String(range.days) : 'custom';
    if (this.rangePreset.value !== value) this.rangePreset.value = value;
    if (range.kind === 'custom') {
      this.customRange.hidden = false;
      this.rangeStart.value = range.start;
      this.rangeEnd.value = range.end;
    } else if (this.doc.activeElement === null || !this.customRange.contains(this.doc.activeElement)) {
      this.customRange.hidden = true;
    }
  }

  private onPresetChange(): void {
    const value = this.rangePreset.value;
    if (value === 'custom') {
      if (this.view?.kind === 'result') {
        this.rangeStart.value ||= this.view.result.startDate;
        this.rangeEnd.value ||= this.view.result.endDate;
      }
      this.customRange.hidden = false;
      this.rangeStart.focus();
      return;
    }
    const days = RANGE_PRESETS.find((preset) => String(preset) === value);
    if (days === undefined) return;
    this.customRange.hidden = true;
    this.host.postMessage({ type: 'setRange', range: { kind: 'preset', days } });
  }

  private applyCustomRange(): void {
    const start = this.rangeStart.value;
    const end = this.rangeEnd.value;
    let problem: string | null = null;
    if (!isIsoDate(start) || !isIsoDate(end)) problem = 'Enter both dates, for example 2025-01-01 and 2025-01-31.';
    else problem = customRangeProblem(start, end)?.message ?? null;

    this.rangeError.hidden = problem === null;
    this.rangeError.textContent = problem ?? '';
    if (problem !== null) return;
    this.host.postMessage({ type: 'setRange', range: { kind: 'custom', start, end } });
  }

  private showNotice(text: string): void {
    this.notice.textContent = text;
    this.notice.hidden = false;
    if (this.noticeTimer !== null) clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => {
      this.notice.hidden = true;
      this.notice.textContent = '';
    }, NOTICE_MS);
  }

  private rowDate(target: EventTarget | Element | null): string | null {
    if (target === null || !(target instanceof this.doc.defaultView!.HTMLElement)) return null;
    return target.closest('tr[data-date]')?.getAttribute('data-date') ?? null;
  }

  private rows(): HTMLTableRowElement[] {
    return Array.from(this.tableContainer.querySelectorAll<HTMLTableRowElement>('tbody tr[data-date]'));
  }

  /** Moves focus between rows with the arrow, Page and Home/End keys (roving tabindex). */
  private onTableKey(event: KeyboardEvent): void {
    const rows = this.rows();
    const current = rows.findIndex((row) => row === (event.target as Element).closest('tr'));
    if (current < 0) return;

    const page = 10;
    const targets: Record<string, number> = {
      ArrowDown: current + 1,
      ArrowUp: current - 1,
      PageDown: current + page,
      PageUp: current - page,
      Home: 0,
      End: rows.length - 1,
    };
    const next = targets[event.key];
    if (next === undefined) return;
    event.preventDefault();
    this.focusRow(rows, Math.min(rows.length - 1, Math.max(0, next)));
  }

  private focusRow(rows: HTMLTableRowElement[], index: number): void {
    for (const row of rows) row.tabIndex = -1;
    rows[index].tabIndex = 0;
    rows[index].focus();
  }

  private restoreRowFocus(date: string | null): void {
    if (date === null) return;
    const rows = this.rows();
    const index = rows.findIndex((row) => row.dataset.date === date);
    if (index >= 0) this.focusRow(rows, index);
  }
}

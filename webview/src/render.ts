// DOM builders of the panel. Every value that came from a query or from the workspace goes into
// the page through `textContent` or an attribute, never through HTML markup, so a table name or a
// status such as `<img onerror=…>` shows as text. The builders take the `Document` so unit tests
// can run them in jsdom.
import type { DateComparison, DateStatus } from '../../server/src/history/types';
import { DATE_STATUSES } from '../../server/src/history/types';
import {
  PROBLEM_STATUSES,
  STATUS_DESCRIPTIONS,
  STATUS_LABELS,
  type PanelError,
  type PanelHeader,
  type PanelResult,
} from '../../client/src/panel/messages';
import { formatBytes, formatCount, formatOrigin, describeRuns, formatRecorded } from './format';

interface ElementOptions {
  id?: string;
  className?: string;
  text?: string;
  attributes?: Record<string, string>;
}

/** Creates an element whose text, if any, is set through `textContent`. */
export function element<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  options?: ElementOptions,
  children?: Node[],
): HTMLElementTagNameMap[K];
export function element(doc: Document, tag: string, options?: ElementOptions, children?: Node[]): HTMLElement;
export function element(doc: Document, tag: string, options: ElementOptions = {}, children: Node[] = []): HTMLElement {
  const node = doc.createElement(tag);
  if (options.id !== undefined) node.id = options.id;
  if (options.className !== undefined) node.className = options.className;
  for (const [name, value] of Object.entries(options.attributes ?? {})) node.setAttribute(name, value);
  if (options.text !== undefined) node.textContent = options.text;
  for (const child of children) node.append(child);
  return node;
}

/** Builds a status badge: its label as text, and its colour from the `data-status` attribute in CSS. */
export function statusBadge(doc: Document, status: DateStatus): HTMLElement {
  return element(doc, 'span', {
    className: 'badge',
    text: STATUS_LABELS[status],
    attributes: { 'data-status': status, title: STATUS_DESCRIPTIONS[status] },
  });
}

function originNote(doc: Document, id: string, text: string): HTMLElement {
  return element(doc, 'span', { id, className: 'origin', text });
}

/**
 * Builds the header: processor, file, table (or a choice among several), date column and source,
 * each with the place it came from.
 */
export function renderHeader(doc: Document, header: PanelHeader): HTMLElement {
  const title = element(doc, 'h2', { id: 'processor-name', text: header.processorName });
  const subtitle = element(doc, 'p', {
    id: 'processor-file',
    className: 'muted',
    text: header.className === header.processorName ? header.file : `${header.className} · ${header.file}`,
  });

  const tableValue = element(doc, 'dd');
  if (header.candidates.length > 1) {
    const select = element(doc, 'vscode-single-select', {
      id: 'table-choice',
      attributes: { 'aria-label': 'Table written by the processor' },
    });
    for (const candidate of header.candidates) {
      // The table name leads because the tables of one processor usually share a dataset, and a
      // narrow sidebar cuts the end of the text; the full name stays in the tooltip.
      const label = candidate.tableName === undefined ? candidate.table : `${candidate.tableName} · ${candidate.dataset ?? ''}`;
      const counted = candidate.countsRecordedRows ? ', counted by run history' : '';
      const option = element(doc, 'vscode-option', {
        text: label,
        attributes: { value: candidate.id, title: candidate.table, description: `from ${candidate.originDetail}${counted}` },
      });
      if (candidate.id === header.selectedCandidate) option.setAttribute('selected', '');
      select.append(option);
    }
    tableValue.append(select);
  } else {
    tableValue.append(element(doc, 'span', { id: 'table-name', className: 'value', text: header.table ?? 'unknown' }));
  }
  const tableOrigin = header.tableOriginDetail === null ? formatOrigin(header.tableOrigin) : `from ${header.tableOriginDetail}`;
  tableValue.append(originNote(doc, 'table-origin', tableOrigin));

  const dateValue = element(doc, 'dd', {}, [
    element(doc, 'span', { id: 'date-column', className: 'value', text: header.dateColumn ?? 'unknown' }),
    originNote(doc, 'date-column-origin', formatOrigin(header.dateColumnOrigin)),
  ]);
  const sourceValue = element(doc, 'dd', {}, [element(doc, 'span', { id: 'source-name', className: 'value', text: header.source || 'none' })]);

  const details = element(doc, 'dl', { id: 'target-info' }, [
    element(doc, 'dt', { text: 'Table' }),
    tableValue,
    element(doc, 'dt', { text: 'Date column' }),
    dateValue,
    element(doc, 'dt', { text: 'Source' }),
    sourceValue,
  ]);
  const body = element(doc, 'div', { className: 'header-body' }, [title, subtitle, details]);
  if (header.notes.length > 0) {
    const notes = element(doc, 'ul', { id: 'target-notes', attributes: { 'aria-label': 'Notes on the table' } });
    for (const note of header.notes) notes.append(element(doc, 'li', { text: note }));
    body.append(notes);
  }
  return body;
}

/** Builds the totals: one item per status that occurs, problems first. */
export function renderTotals(doc: Document, totals: Record<DateStatus, number>): HTMLElement {
  const list = element(doc, 'ul', { id: 'totals', attributes: { 'aria-label': 'Dates per status' } });
  for (const status of DATE_STATUSES) {
    const count = totals[status] ?? 0;
    if (count === 0) continue;
    const item = element(doc, 'li', { attributes: { 'data-status': status } }, [
      statusBadge(doc, status),
      element(doc, 'span', { className: 'count', text: formatCount(count) }),
    ]);
    list.append(item);
  }
  return list;
}

function numberCell(doc: Document, text: string, title?: string, note = ''): HTMLTableCellElement {
  const cell = element(doc, 'td', { className: 'number', text });
  if (title !== undefined) cell.title = title;
  if (note !== '') cell.append(element(doc, 'span', { className: 'note', text: ` (${note})` }));
  return cell;
}

/** Builds one table row; `data-status` and `data-date` are stable hooks for styles and tests. */
export function renderDateRow(doc: Document, date: DateComparison): HTMLTableRowElement {
  const recorded = formatRecorded(date);
  const row = element(doc, 'tr', {
    className: PROBLEM_STATUSES.has(date.status) ? 'problem' : '',
    attributes: { 'data-status': date.status, 'data-date': date.date, tabindex: '-1' },
  });
  row.append(
    // The full date, because a range can cross a year and a bare month-day hides which one.
    element(doc, 'th', { className: 'date', text: date.date, attributes: { scope: 'row' } }),
    element(doc, 'td', {}, [statusBadge(doc, date.status)]),
    numberCell(doc, recorded.text, recorded.title, recorded.note),
    numberCell(doc, formatCount(date.actualRows)),
    numberCell(doc, formatCount(date.runs), describeRuns(date)),
  );
  // The runs column is hidden in a narrow sidebar, so the row's tooltip carries the same text.
  row.lastElementChild?.classList.add('runs');
  row.title = describeRuns(date);
  return row;
}

/**
 * Builds the table of dates, newest first. Rows use a roving tabindex: the first row is in the
 * tab order and the arrow keys move between rows (see `app.ts`).
 */
export function renderDatesTable(doc: Document, dates: DateComparison[]): HTMLTableElement {
  const head = element(doc, 'thead', {}, [
    element(doc, 'tr', {}, [
      element(doc, 'th', { text: 'Date', attributes: { scope: 'col' } }),
      element(doc, 'th', { text: 'Status', attributes: { scope: 'col' } }),
      element(doc, 'th', { className: 'number', text: 'Recorded', attributes: { scope: 'col', title: 'records_processed of the latest successful run (and the maximum when it differs)' } }),
      element(doc, 'th', { className: 'number', text: 'Table', attributes: { scope: 'col', title: 'COUNT(*) of the table for the date' } }),
      element(doc, 'th', { className: 'number runs', text: 'Runs', attributes: { scope: 'col', title: 'Final runs recorded for the date' } }),
    ]),
  ]);

  const body = element(doc, 'tbody');
  const newestFirst = [...dates].sort((a, b) => b.date.localeCompare(a.date));
  for (const date of newestFirst) body.append(renderDateRow(doc, date));
  body.firstElementChild?.setAttribute('tabindex', '0');

  return element(doc, 'table', { id: 'dates' }, [
    element(doc, 'caption', { className: 'visually-hidden', text: 'Run history and table rows per date' }),
    head,
    body,
  ]);
}

/** Formats the line under the controls: the range, the bytes processed and whether the result is cached. */
export function summaryLine(result: PanelResult, age: string): string {
  const parts = [`${result.startDate} to ${result.endDate}`];
  if (result.bytesProcessed !== null) parts.push(`${formatBytes(result.bytesProcessed)} processed`);
  parts.push(result.fromCache ? `cached, fetched ${age}` : `${formatCount(result.elapsedMs)} ms`);
  return parts.join(' · ');
}

/** Returns whether a result has nothing to show: no runs and no table rows on any date. */
export function isEmptyResult(result: PanelResult): boolean {
  return result.dates.every((date) => date.runs === 0 && date.actualRows === 0);
}

/** Builds the button that opens the settings behind an error: pyproject.toml when its values win. */
function settingsButton(doc: Document, error: PanelError): HTMLElement {
  const location = error.settings;
  if (location?.kind === 'pyproject') {
    const place = location.key === undefined ? `[${location.section}]` : `${location.key} in [${location.section}]`;
    return element(doc, 'vscode-button', { id: 'error-settings', text: 'Open pyproject.toml', attributes: { secondary: '', title: `${place} of ${location.path}` } });
  }
  return element(doc, 'vscode-button', { id: 'error-settings', text: 'Open settings', attributes: { secondary: '', title: 'The processorLens.history settings' } });
}

/** Builds the error block: what failed, the hint as the action to take, and buttons to act on it. */
export function renderError(doc: Document, error: PanelError): HTMLElement {
  const actions = element(doc, 'div', { className: 'actions' }, [
    element(doc, 'vscode-button', { id: 'error-retry', text: 'Retry' }),
    element(doc, 'vscode-button', { id: 'error-copy-hint', text: 'Copy hint', attributes: { secondary: '' } }),
    settingsButton(doc, error),
  ]);
  return element(doc, 'div', { id: 'error', className: 'error', attributes: { role: 'alert', 'data-code': error.code } }, [
    element(doc, 'p', { id: 'error-message', text: error.message }),
    element(doc, 'p', { className: 'hint-label', text: 'What to do' }),
    element(doc, 'p', { id: 'error-hint', className: 'hint', text: error.hint }),
    actions,
  ]);
}

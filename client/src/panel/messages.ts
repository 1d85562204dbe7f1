// Messages between the extension and the run-history webview. Both bundles import this module,
// so it must import neither `vscode` nor anything that only runs in Node or only in a browser.
import type { SettingsLocation } from './settings-location';
import type { DateComparison, DateStatus, TargetSource } from '../../../server/src/history/types';

/** Range presets offered by the panel, in days ending at the panel's end date. */
export const RANGE_PRESETS = [7, 30, 90] as const;
export type RangePresetDays = (typeof RANGE_PRESETS)[number];

export type RangeChoice =
  | { kind: 'preset'; days: RangePresetDays }
  /** Inclusive ISO dates (YYYY-MM-DD). */
  | { kind: 'custom'; start: string; end: string };

/** One table the processor may write, as offered in the header's table choice. */
export interface TableChoice {
  /** Stable key of the table within the current processor, sent back by `chooseTarget`. */
  id: string;
  /** `dataset.table` or `project.dataset.table`. */
  table: string;
  tableOrigin: TargetSource;
  /** Place the name was written, for example `BoxScoresProcessor.table_name`. */
  originDetail: string;
  /** Bare table name, shown first because several tables of one processor often share a dataset. */
  tableName?: string;
  /** `dataset` or `project.dataset`, shown after the table name. */
  dataset?: string;
  /** True for the one table whose rows run history's records_processed counts. */
  countsRecordedRows?: boolean;
}

export interface PanelHeader {
  processorName: string;
  className: string;
  /** Workspace-relative path of the file that defines the class. */
  file: string;
  table: string | null;
  tableOrigin: TargetSource | null;
  /** Place the table name was written, for example `BoxScoresProcessor.table_name`. */
  tableOriginDetail: string | null;
  dateColumn: string | null;
  dateColumnOrigin: TargetSource | null;
  /** The source's one-line description, for example "DuckDB: .processor-lens/history". */
  source: string;
  candidates: TableChoice[];
  selectedCandidate: string | null;
  /** Problems found while resolving the table, such as a class attribute that is no table name. */
  notes: string[];
}

export interface PanelError {
  /** A `HistoryError` code, or one of the panel's own codes. */
  code: string;
  message: string;
  /** Next step for the user, for example the command that creates credentials. */
  hint: string;
  /** Where "Open settings" leads: the setting or pyproject.toml key behind the error; absent means the editor's history settings. */
  settings?: SettingsLocation;
}

export interface PanelResult {
  startDate: string;
  endDate: string;
  dates: DateComparison[];
  totals: Record<DateStatus, number>;
  bytesProcessed: number | null;
  sourceKind: 'bigquery' | 'duckdb';
  elapsedMs: number;
  /** Epoch milliseconds when the query finished; earlier than now when the result came from the cache. */
  fetchedAt: number;
  fromCache: boolean;
}

/** Everything the webview shows; the extension sends a whole view on every change. */
export type PanelView =
  | { kind: 'idle'; message: string }
  | { kind: 'loading'; header: PanelHeader | null; range: RangeChoice }
  | { kind: 'result'; header: PanelHeader; range: RangeChoice; result: PanelResult }
  | { kind: 'error'; header: PanelHeader | null; range: RangeChoice; error: PanelError };

export type ExtensionToWebview =
  | { type: 'view'; view: PanelView }
  /** A short confirmation such as "SQL copied to the clipboard". */
  | { type: 'notice'; text: string };

export type WebviewToExtension =
  | { type: 'ready' }
  | { type: 'setRange'; range: RangeChoice }
  | { type: 'refresh' }
  | { type: 'copySql' }
  | { type: 'copyHint' }
  | { type: 'chooseTarget'; id: string }
  | { type: 'openSettings' };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Returns whether `value` is a real calendar date written as YYYY-MM-DD. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

function parseRange(value: unknown): RangeChoice | null {
  if (typeof value !== 'object' || value === null) return null;
  const range = value as Record<string, unknown>;
  if (range.kind === 'preset') {
    const days = RANGE_PRESETS.find((preset) => preset === range.days);
    return days === undefined ? null : { kind: 'preset', days };
  }
  if (range.kind === 'custom' && isIsoDate(range.start) && isIsoDate(range.end)) {
    return { kind: 'custom', start: range.start, end: range.end };
  }
  return null;
}

/**
 * Validates a message posted by the webview. Returns null for anything that is not one of the
 * `WebviewToExtension` shapes, because the webview's script is the only sender we trust to
 * produce them and a malformed message must not reach the query code.
 */
export function parseWebviewMessage(value: unknown): WebviewToExtension | null {
  if (typeof value !== 'object' || value === null) return null;
  const message = value as Record<string, unknown>;
  switch (message.type) {
    case 'ready':
    case 'refresh':
    case 'copySql':
    case 'copyHint':
    case 'openSettings':
      return { type: message.type };
    case 'setRange': {
      const range = parseRange(message.range);
      return range === null ? null : { type: 'setRange', range };
    }
    case 'chooseTarget':
      return typeof message.id === 'string' && message.id.length > 0 ? { type: 'chooseTarget', id: message.id } : null;
    default:
      return null;
  }
}

/** Short label of each status, as the badges and totals show it. */
export const STATUS_LABELS: Record<DateStatus, string> = {
  'tracking-bug': 'tracking bug',
  'data-loss': 'data loss',
  mismatch: 'mismatch',
  untracked: 'untracked',
  failed: 'failed',
  empty: 'empty',
  'legitimately-empty': 'legitimately empty',
  ok: 'ok',
  'not-compared': 'not compared',
};

/** One sentence per status, shown as the badge's tooltip. */
export const STATUS_DESCRIPTIONS: Record<DateStatus, string> = {
  'tracking-bug': 'A successful run recorded 0 rows, but the table has rows for the date.',
  'data-loss': 'The table has no rows, but a run recorded rows or the schedule has games.',
  mismatch: 'Run history and the table both have rows, but they differ by more than the tolerance.',
  untracked: 'The table has rows, but run history has no run for the date.',
  failed: 'Every run of the date failed.',
  empty: 'No rows and no recorded rows, and no schedule to say whether rows were expected.',
  'legitimately-empty': 'No rows, and none were expected: a future date or a day without games.',
  ok: 'Recorded and actual rows agree within the tolerance.',
  'not-compared': "Rows of a table that run history's count does not belong to, so they are not compared with it.",
};

/** Statuses that need attention; the chart marks their dates. */
export const PROBLEM_STATUSES: ReadonlySet<DateStatus> = new Set<DateStatus>([
  'tracking-bug',
  'data-loss',
  'mismatch',
  'untracked',
  'failed',
]);

/** Human-readable origin of a table or date column, for the header. */
export const ORIGIN_LABELS: Record<TargetSource, string> = {
  'language-server': 'class attributes',
  'run-history': 'latest run in run history',
  settings: 'settings',
  pyproject: 'pyproject.toml',
  'table-metadata': 'table partitioning',
  inferred: 'the only DATE column (inferred)',
  default: 'default',
};

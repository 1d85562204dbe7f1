// Views and dates for the webview tests, covering every status and values that contain HTML.
import { DATE_STATUSES, type DateComparison, type DateStatus } from '../../../server/src/history/types';
import type { PanelHeader, PanelResult, PanelView } from '../../../client/src/panel/messages';

export const HTML_VALUE = '<img src=x onerror="window.injected=1">';

export function dateRow(date: string, status: DateStatus, overrides: Partial<DateComparison> = {}): DateComparison {
  return {
    date,
    runs: 1,
    successes: 1,
    failures: 0,
    lastStatus: 'success',
    recordedRows: 10,
    maxRecordedRows: 10,
    rowsInsertedKey: 'set',
    actualRows: 10,
    scheduledGames: null,
    status,
    ...overrides,
  };
}

/** Builds one date per status, oldest first, ending 2026-11-08. */
export function everyStatus(): DateComparison[] {
  return DATE_STATUSES.map((status, index) => dateRow(`2026-11-0${index + 1}`, status));
}

export function totalsOf(dates: DateComparison[]): Record<DateStatus, number> {
  const totals = Object.fromEntries(DATE_STATUSES.map((status) => [status, 0])) as Record<DateStatus, number>;
  for (const date of dates) totals[date.status] += 1;
  return totals;
}

export const HEADER: PanelHeader = {
  processorName: 'BoxScoresProcessor',
  className: 'BoxScoresProcessor',
  file: 'processors/box_scores.py',
  table: 'nba_raw.player_box_scores',
  tableOrigin: 'language-server',
  tableOriginDetail: 'BoxScoresProcessor.table_name',
  dateColumn: 'game_date',
  dateColumnOrigin: 'table-metadata',
  source: 'DuckDB: /data/history (folder of exports)',
  candidates: [],
  selectedCandidate: 'nba_raw.player_box_scores',
  notes: [],
};

export function resultOf(dates: DateComparison[], overrides: Partial<PanelResult> = {}): PanelResult {
  return {
    startDate: dates[0]?.date ?? '2026-11-01',
    endDate: dates[dates.length - 1]?.date ?? '2026-11-08',
    dates,
    totals: totalsOf(dates),
    bytesProcessed: 1_572_864,
    sourceKind: 'bigquery',
    elapsedMs: 1234,
    fetchedAt: 0,
    fromCache: false,
    ...overrides,
  };
}

export type ResultView = Extract<PanelView, { kind: 'result' }>;

export function resultView(dates = everyStatus(), header: PanelHeader = HEADER): ResultView {
  return { kind: 'result', header, range: { kind: 'preset', days: 30 }, result: resultOf(dates) };
}

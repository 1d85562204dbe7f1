// Sample views of the run-history panel for the standalone preview: a month of dates that covers
// every status, and the loading, error and empty states.
import type { DateComparison, DateStatus } from '../../server/src/history/types';
import { DATE_STATUSES } from '../../server/src/history/types';
import type { PanelHeader, PanelView } from '../../client/src/panel/messages';

const END_DATE = '2026-12-04';

function isoDate(offset: number): string {
  return new Date(Date.parse(`${END_DATE}T00:00:00Z`) - offset * 86_400_000).toISOString().slice(0, 10);
}

function lastStatusOf(status: DateStatus, recorded: number | null): string | null {
  if (status === 'failed') return 'failed';
  return recorded === null ? null : 'success';
}

function rowsInsertedKeyOf(recorded: number | null): DateComparison['rowsInsertedKey'] {
  if (recorded === null) return null;
  return recorded === 0 ? 'missing' : 'set';
}

function date(offset: number, status: DateStatus, recorded: number | null, actual: number, extra: Partial<DateComparison> = {}): DateComparison {
  return {
    date: isoDate(offset),
    runs: recorded === null && status !== 'failed' ? 0 : 1,
    successes: status === 'failed' || recorded === null ? 0 : 1,
    failures: status === 'failed' ? 1 : 0,
    lastStatus: lastStatusOf(status, recorded),
    recordedRows: recorded,
    maxRecordedRows: recorded,
    rowsInsertedKey: rowsInsertedKeyOf(recorded),
    actualRows: actual,
    scheduledGames: null,
    status,
    ...extra,
  };
}

function monthOfDates(): DateComparison[] {
  const dates: DateComparison[] = [];
  for (let offset = 29; offset >= 0; offset -= 1) {
    const base = 380 + ((offset * 37) % 120);
    if ([3, 9, 17, 24].includes(offset)) dates.push(date(offset, 'tracking-bug', 0, base));
    else if (offset === 12) dates.push(date(offset, 'data-loss', base, 0));
    else if (offset === 6) dates.push(date(offset, 'mismatch', base, Math.round(base * 0.7)));
    else if (offset === 20) dates.push(date(offset, 'untracked', null, base));
    else if (offset === 15) dates.push(date(offset, 'failed', null, 0));
    else if (offset === 27) dates.push(date(offset, 'empty', null, 0));
    else if (offset === 0) dates.push(date(offset, 'legitimately-empty', null, 0));
    else if (offset === 1) dates.push(date(offset, 'ok', 0, 0, { rowsInsertedKey: 'zero', status: 'ok' }));
    else dates.push(date(offset, 'ok', base, base - (offset % 3), { maxRecordedRows: offset === 8 ? base + 40 : base, runs: offset === 8 ? 2 : 1 }));
  }
  return dates;
}

function totals(dates: DateComparison[]): Record<DateStatus, number> {
  const counts = Object.fromEntries(DATE_STATUSES.map((status) => [status, 0])) as Record<DateStatus, number>;
  for (const entry of dates) counts[entry.status] += 1;
  return counts;
}

const header: PanelHeader = {
  processorName: 'BoxScoresProcessor',
  className: 'BoxScoresProcessor',
  file: 'processors/box_scores.py',
  table: 'nba_raw.player_box_scores',
  tableOrigin: 'language-server',
  tableOriginDetail: 'BoxScoresProcessor.table_name',
  dateColumn: 'game_date',
  dateColumnOrigin: 'table-metadata',
  source: 'DuckDB: sample-workspace/.processor-lens/history (folder of exports)',
  candidates: [],
  selectedCandidate: 'nba_raw.player_box_scores',
  notes: [],
};

const range = { kind: 'preset', days: 30 } as const;

export function sampleView(state: string): PanelView {
  const dates = monthOfDates();
  const result = {
    startDate: dates[0].date,
    endDate: END_DATE,
    dates,
    totals: totals(dates),
    bytesProcessed: 48_234_496,
    sourceKind: 'duckdb' as const,
    elapsedMs: 41,
    fetchedAt: Date.now(),
    fromCache: false,
  };
  switch (state) {
    case 'loading':
      return { kind: 'loading', header, range };
    case 'idle':
      return { kind: 'idle', message: 'Put the cursor inside a processor class in a Python file to see its run history.' };
    case 'error':
      return {
        kind: 'error',
        header: { ...header, source: 'BigQuery: project my-project, location US' },
        range,
        error: {
          code: 'no-credentials',
          message: 'BigQuery found no Application Default Credentials.',
          hint: 'gcloud auth application-default login',
        },
      };
    case 'choice':
      return {
        kind: 'result',
        header: {
          ...header,
          processorName: 'OddsProcessor',
          className: 'OddsProcessor',
          file: 'processors/odds_mixin.py',
          table: 'nba_raw.odds_game_lines',
          tableOriginDetail: 'OddsProcessor.table_name',
          notes: ['OddsProcessor.archive_table_name = "odds archive" (processors/odds_mixin.py:31): Invalid table reference "odds archive".'],
          candidates: [
            { id: 'nba_raw.odds_game_lines', table: 'nba_raw.odds_game_lines', tableOrigin: 'language-server', originDetail: 'OddsProcessor.table_name' },
            { id: 'nba_raw.odds_player_props', table: 'nba_raw.odds_player_props', tableOrigin: 'language-server', originDetail: 'OddsProcessor.props_table_name' },
          ],
          selectedCandidate: 'nba_raw.odds_game_lines',
        },
        range: { kind: 'custom', start: dates[0].date, end: END_DATE },
        result: { ...result, fromCache: true, fetchedAt: Date.now() - 180_000 },
      };
    case 'html':
      return {
        kind: 'result',
        header: {
          ...header,
          processorName: '<img src=x onerror="document.title=\'injected\'">',
          className: 'Html<b>Processor</b>',
          source: 'DuckDB: <script>document.title="injected"</script>',
        },
        range,
        result: { ...result, dates: dates.map((entry) => ({ ...entry, lastStatus: '<b>bold</b>' })) },
      };
    default:
      return { kind: 'result', header, range, result };
  }
}

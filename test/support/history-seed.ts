// A small run-history dataset with one date per status, written as CSV exports into a temporary
// folder. `EXPECTED_WITH_SCHEDULE` and `EXPECTED_WITHOUT_SCHEDULE` are the statuses each date
// must get; the comments next to the rows say why.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toCsv } from '../../server/src/history/csv';
import type { DateStatus } from '../../server/src/history/types';

export const SEED_PROCESSOR = 'BoxScoresProcessor';
export const SEED_START = '2026-11-01';
export const SEED_END = '2026-11-12';
export const SEED_TODAY = '2026-11-10';

const HISTORY_HEADER = [
  'processor_name', 'run_id', 'status', 'records_processed', 'records_created', 'data_date',
  'started_at', 'processed_at', 'output_dataset', 'output_table', 'summary',
];

type Run = [runId: string, status: string, records: number | null, date: string, summary: Record<string, unknown> | null, minute?: number];

// Each finished run also gets the 'running' row that the pipeline writes when it starts.
const RUNS: Run[] = [
  ['r01', 'success', 10, '2026-11-01', { rows_inserted: 10 }], // ok
  ['r02', 'success', 0, '2026-11-02', {}], // tracking-bug, key missing
  ['r03a', 'failed', 0, '2026-11-03', {}, 1], // a failure before the success does not decide the date
  ['r03b', 'success', 0, '2026-11-03', { rows_inserted: 0 }, 2], // tracking-bug, explicit 0
  ['r04', 'success', 12, '2026-11-04', { rows_inserted: 12 }], // data-loss: recorded rows, none in the table
  // 2026-11-05: no run, no rows, 3 scheduled games -> data-loss (with schedule) / empty
  ['r06', 'success', 0, '2026-11-06', { rows_inserted: 0 }], // no games -> legitimately-empty / empty
  ['r07', 'success', 100, '2026-11-07', { rows_inserted: 100 }], // mismatch: 50 rows in the table
  // 2026-11-08: rows, and only a run that never wrote its final row -> untracked
  ['r09', 'failed', 0, '2026-11-09', {}], // failed
  ['r10', 'partial', 20, '2026-11-10', { rows_inserted: 20 }], // partial counts as success: 20 of 20 -> ok (today)
  ['r11', 'skipped', 0, '2026-11-11', {}], // future, skipped, no rows -> legitimately-empty
  // 2026-11-12: future, rows but no run -> untracked
];

const UNFINISHED_RUNS: [string, string][] = [['r08', '2026-11-08']];

const TABLE_ROWS: Record<string, number> = {
  '2026-11-01': 10,
  '2026-11-02': 8,
  '2026-11-03': 5,
  '2026-11-07': 50,
  '2026-11-08': 4,
  '2026-11-10': 20,
  '2026-11-12': 2,
};

const SCHEDULE_GAMES: Record<string, number> = {
  '2026-11-01': 2, '2026-11-02': 2, '2026-11-03': 1, '2026-11-04': 3, '2026-11-05': 3,
  '2026-11-07': 4, '2026-11-08': 1, '2026-11-09': 2, '2026-11-10': 2, '2026-11-12': 1,
};

const TIMESTAMP_ROWS: Record<string, string> = {
  '2026-10-31 23:59:59': 'before-range',
  '2026-11-01 00:00:00': 'e1',
  '2026-11-01 23:59:59': 'e2',
  '2026-11-02 12:00:00': 'e3',
  '2026-11-12 23:59:59': 'e4',
  '2026-11-13 00:00:00': 'after-range',
};

/** Rows per date of nba_raw.live_events over the seed range. */
export const EXPECTED_TIMESTAMP_COUNTS: Record<string, number> = { '2026-11-01': 2, '2026-11-02': 1, '2026-11-12': 1 };

export const EXPECTED_WITH_SCHEDULE: Record<string, DateStatus> = {
  '2026-11-01': 'ok',
  '2026-11-02': 'tracking-bug',
  '2026-11-03': 'tracking-bug',
  '2026-11-04': 'data-loss',
  '2026-11-05': 'data-loss',
  '2026-11-06': 'legitimately-empty',
  '2026-11-07': 'mismatch',
  '2026-11-08': 'untracked',
  '2026-11-09': 'failed',
  '2026-11-10': 'ok',
  '2026-11-11': 'legitimately-empty',
  '2026-11-12': 'untracked',
};

export const EXPECTED_WITHOUT_SCHEDULE: Record<string, DateStatus> = {
  ...EXPECTED_WITH_SCHEDULE,
  '2026-11-05': 'empty',
  '2026-11-06': 'empty',
};

function timestamp(date: string, minute: number): string {
  return `${date} 06:${String(minute).padStart(2, '0')}:00`;
}

function historyRows(processor: string, runs: Run[]): (string | number | null)[][] {
  const rows: (string | number | null)[][] = [];
  for (const [runId, status, records, date, summary, minute = 0] of runs) {
    const id = `${processor}-${runId}`;
    rows.push([processor, id, 'running', null, null, date, timestamp(date, minute * 10), null, null, null, null]);
    rows.push([
      processor, id, status, records, records, date, timestamp(date, minute * 10),
      timestamp(date, minute * 10 + 5), 'nba_raw', 'player_box_scores', summary === null ? null : JSON.stringify(summary),
    ]);
  }
  for (const [runId, date] of UNFINISHED_RUNS) {
    rows.push([processor, `${processor}-${runId}`, 'running', null, null, date, timestamp(date, 0), null, null, null, null]);
  }
  return rows;
}

/** Writes the seed as CSV exports and returns the folder. */
export function writeSeedExports(folder = mkdtempSync(join(tmpdir(), 'pl-history-seed-'))): string {
  // Another processor on the same dates, with every run recording rows: filtering by name must
  // keep them out of BoxScoresProcessor's counts.
  const otherRuns: Run[] = Object.keys(EXPECTED_WITH_SCHEDULE).map((date, index) => [`o${index}`, 'success', 0, date, {}]);
  const history = [...historyRows(SEED_PROCESSOR, RUNS), ...historyRows('OtherProcessor', otherRuns)];
  writeFileSync(join(folder, 'nba_reference.processor_run_history.csv'), toCsv(HISTORY_HEADER, history));

  const boxScores: (string | number)[][] = [];
  for (const [date, count] of Object.entries(TABLE_ROWS)) {
    for (let index = 0; index < count; index += 1) boxScores.push([date, `${date}-p${index}`, index * 3]);
  }
  // Rows outside the range must not count.
  boxScores.push(['2026-10-31', 'outside-1', 1], ['2026-11-13', 'outside-2', 1]);
  writeFileSync(join(folder, 'nba_raw.player_box_scores.csv'), toCsv(['game_date', 'player_id', 'points'], boxScores));

  const schedule: (string | number)[][] = [];
  for (const [date, games] of Object.entries(SCHEDULE_GAMES)) {
    for (let index = 0; index < games; index += 1) schedule.push([date, `${date}-g${index}`]);
  }
  writeFileSync(join(folder, 'nba_reference.nba_schedule.csv'), toCsv(['game_date', 'game_id'], schedule));

  // A TIMESTAMP date column: rows at the first and last second of a day count for that day.
  const events = Object.entries(TIMESTAMP_ROWS).map(([time, id]) => [time, id]);
  writeFileSync(join(folder, 'nba_raw.live_events.csv'), toCsv(['event_time', 'event_id'], events));
  return folder;
}

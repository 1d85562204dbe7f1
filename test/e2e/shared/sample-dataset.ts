// Expected statuses of one processor of the sample dataset, for the panel and the inventory.
// The dated anomalies are the ones scripts/make-sample-history.ts seeds for BoxScoresProcessor,
// each with the status that its comment there states the panel must show. Every other date is
// `ok` when the schedule has games that day, and `legitimately-empty` when it has none (the
// workspace configures the schedule).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ExpectedStatuses {
  file: string;
  /** Zero-based line of the class statement; the cursor goes there. */
  line: number;
  processorName: string;
  /** Status the panel must show for a date of its range. */
  statusOf(date: string): string;
  /** Dates with a status other than `ok`/`legitimately-empty`, to check that the range is not trivial. */
  anomalyDates: string[];
}

const FILE = 'processors/box_scores.py';
const PROCESSOR = 'BoxScoresProcessor';
const SCHEDULE = '.processor-lens/history/nba_reference.nba_schedule.csv';

const ANOMALIES: Record<string, string> = {
  '2026-10-24': 'tracking-bug',
  '2026-10-31': 'tracking-bug',
  '2026-11-03': 'tracking-bug',
  '2026-11-11': 'tracking-bug',
  '2026-11-17': 'tracking-bug',
  '2026-11-22': 'tracking-bug',
  '2026-11-29': 'tracking-bug',
  '2026-10-28': 'failed',
  // A failed run followed by a successful one that loaded and recorded its rows.
  '2026-11-05': 'ok',
  '2026-11-08': 'data-loss',
  '2026-11-13': 'mismatch',
  // No run and no rows on a date with scheduled games.
  '2026-11-20': 'data-loss',
};

export function loadExpectedStatuses(workspace: string): ExpectedStatuses | null {
  const schedulePath = join(workspace, SCHEDULE);
  const sourcePath = join(workspace, FILE);
  if (!existsSync(schedulePath) || !existsSync(sourcePath)) return null;

  const [header, ...rows] = readFileSync(schedulePath, 'utf8').trim().split(/\r?\n/);
  const dateIndex = header.split(',').indexOf('game_date');
  if (dateIndex < 0) throw new Error(`${schedulePath} has no game_date column (header: ${header})`);
  const gameDates = new Set(rows.map((row) => row.split(',')[dateIndex]));

  const line = readFileSync(sourcePath, 'utf8')
    .split(/\r?\n/)
    .findIndex((text) => text.startsWith(`class ${PROCESSOR}`));
  if (line < 0) throw new Error(`${sourcePath} no longer defines class ${PROCESSOR}`);

  return {
    file: FILE,
    line,
    processorName: PROCESSOR,
    statusOf: (date) => ANOMALIES[date] ?? (gameDates.has(date) ? 'ok' : 'legitimately-empty'),
    anomalyDates: Object.keys(ANOMALIES).filter((date) => ANOMALIES[date] !== 'ok'),
  };
}

/** Inclusive ISO dates from `start` to `end`. */
export function datesBetween(start: string, end: string): string[] {
  const dates: string[] = [];
  for (let day = new Date(`${start}T00:00:00Z`); day <= new Date(`${end}T00:00:00Z`); day.setUTCDate(day.getUTCDate() + 1)) {
    dates.push(day.toISOString().slice(0, 10));
  }
  return dates;
}

/** Number of dates per status that `expected` gives over a range. */
export function countStatuses(expected: ExpectedStatuses, start: string, end: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const date of datesBetween(start, end)) {
    const status = expected.statusOf(date);
    counts[status] = (counts[status] ?? 0) + 1;
  }
  return counts;
}

// The rules that turn one date's run summary and row count into a status. Pure: the panel, the
// inventory and the tests all call this one function.
import type { DateStatus } from './types';

export interface DateEvidence {
  /** ISO date (YYYY-MM-DD). */
  date: string;
  /** Runs whose final row falls on the date, 'running' rows of unfinished runs included. */
  runs: number;
  /** Runs that finished as 'success' or 'partial', the statuses that record a row count. */
  successes: number;
  failures: number;
  /** records_processed of the latest successful run; null when there was none. */
  recordedRows: number | null;
  /** COUNT(*) of the target table for the date. */
  actualRows: number;
  /** Games the schedule has on the date; null when no schedule table is configured. */
  scheduledGames: number | null;
}

export interface ClassifyOptions {
  /** ISO date of today; later dates have not happened yet. */
  today: string;
  /** Relative difference between recorded and actual rows that still counts as agreement. */
  tolerance: number;
}

/**
 * Classifies one date. The rules, in order:
 * - only failed runs (no success or partial run) -> `failed`, whatever the table holds;
 * - a successful run recorded 0 rows and the table has rows -> `tracking-bug`;
 * - a successful run recorded rows, the table has none, and the date is not in the future -> `data-loss`;
 * - recorded and actual rows both non-zero -> `ok` within the tolerance, else `mismatch`;
 * - rows in the table with no successful run (none at all, or only skipped or unfinished ones) -> `untracked`;
 * - no rows and none recorded: a future date or a schedule without games -> `legitimately-empty`,
 *   a past date with scheduled games -> `data-loss`, no schedule -> `empty`.
 */
export function classifyDate(evidence: DateEvidence, options: ClassifyOptions): DateStatus {
  const isFuture = evidence.date > options.today;

  if (evidence.successes === 0 && evidence.failures > 0) return 'failed';

  if (evidence.successes > 0) {
    const recorded = evidence.recordedRows ?? 0;
    if (recorded === 0 && evidence.actualRows > 0) return 'tracking-bug';
    if (recorded > 0 && evidence.actualRows === 0) return isFuture ? 'legitimately-empty' : 'data-loss';
    if (recorded > 0) return withinTolerance(recorded, evidence.actualRows, options.tolerance) ? 'ok' : 'mismatch';
  } else if (evidence.actualRows > 0) {
    return 'untracked';
  }

  // No rows in the table and none recorded: only the calendar and the schedule can tell
  // whether rows were expected.
  if (isFuture) return 'legitimately-empty';
  if (evidence.scheduledGames === null) return 'empty';
  return evidence.scheduledGames > 0 ? 'data-loss' : 'legitimately-empty';
}

export function withinTolerance(recorded: number, actual: number, tolerance: number): boolean {
  return Math.abs(recorded - actual) <= tolerance * Math.max(recorded, actual);
}

// Turns query rows into per-date comparisons: normalizes the values each client returns
// (BigQuery: numbers and BigQueryDate objects; DuckDB: JSON strings), fills in the dates the
// query had no row for, and classifies every date.
import { classifyDate } from './classify';
import { eachDate } from './dates';
import { DATE_STATUSES, type DateComparison, type DateStatus, type RowsInsertedKey } from './types';

/** Runs of one processor on one date, as the runs query returns them. */
export interface RunSummary {
  date: string;
  runs: number;
  successes: number;
  failures: number;
  lastStatus: string | null;
  recordedRows: number | null;
  maxRecordedRows: number | null;
  rowsInsertedKey: RowsInsertedKey | null;
}

export function toNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') return value === '' ? null : Number(value);
  // BigQueryInt and similar wrappers carry the digits in `value`.
  if (typeof value === 'object' && 'value' in value) return toNumber((value as { value: unknown }).value);
  throw new TypeError(`Expected a number, got ${JSON.stringify(value)}`);
}

export function toIsoDate(value: unknown): string {
  if (typeof value === 'string') return value.slice(0, 10);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  // BigQueryDate carries the ISO text in `value`.
  if (typeof value === 'object' && value !== null && 'value' in value) return toIsoDate((value as { value: unknown }).value);
  throw new TypeError(`Expected a date, got ${JSON.stringify(value)}`);
}

function toText(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

function toKey(value: unknown): RowsInsertedKey | null {
  return value === 'missing' || value === 'zero' || value === 'set' ? value : null;
}

/** Reads the run columns shared by the compare and runs queries. */
export function readRunSummary(row: Record<string, unknown>, dateKey: string): RunSummary {
  return {
    date: toIsoDate(row[dateKey]),
    runs: toNumber(row.runs) ?? 0,
    successes: toNumber(row.successes) ?? 0,
    failures: toNumber(row.failures) ?? 0,
    lastStatus: toText(row.last_status),
    recordedRows: toNumber(row.recorded_rows),
    maxRecordedRows: toNumber(row.max_recorded_rows),
    rowsInsertedKey: toKey(row.rows_inserted_key),
  };
}

export interface ComparisonInputs {
  startDate: string;
  endDate: string;
  today: string;
  tolerance: number;
  runs: Map<string, RunSummary>;
  actualRows: Map<string, number>;
  /** Null when no schedule is configured. */
  scheduledGames: Map<string, number> | null;
  /** False when run history's count belongs to another table: every date is then `not-compared`. */
  compareRecorded?: boolean;
}

/** One comparison per date of the range, in date order, each classified. */
export function buildComparisons(inputs: ComparisonInputs): DateComparison[] {
  return eachDate(inputs.startDate, inputs.endDate).map((date) => {
    const run = inputs.runs.get(date);
    const comparison: Omit<DateComparison, 'status'> = {
      date,
      runs: run?.runs ?? 0,
      successes: run?.successes ?? 0,
      failures: run?.failures ?? 0,
      lastStatus: run?.lastStatus ?? null,
      recordedRows: run?.recordedRows ?? null,
      maxRecordedRows: run?.maxRecordedRows ?? null,
      rowsInsertedKey: run?.rowsInsertedKey ?? null,
      actualRows: inputs.actualRows.get(date) ?? 0,
      scheduledGames: inputs.scheduledGames === null ? null : (inputs.scheduledGames.get(date) ?? 0),
    };
    if (inputs.compareRecorded === false) return { ...comparison, status: 'not-compared' as const };
    return { ...comparison, status: classifyDate(comparison, { today: inputs.today, tolerance: inputs.tolerance }) };
  });
}

/** Rows of the compare query split into the maps buildComparisons takes. */
export function splitCompareRows(rows: Record<string, unknown>[], scheduleConfigured: boolean): Pick<ComparisonInputs, 'runs' | 'actualRows' | 'scheduledGames'> {
  const runs = new Map<string, RunSummary>();
  const actualRows = new Map<string, number>();
  const scheduledGames = scheduleConfigured ? new Map<string, number>() : null;
  for (const row of rows) {
    const summary = readRunSummary(row, 'comparison_date');
    if (summary.runs > 0) runs.set(summary.date, summary);
    actualRows.set(summary.date, toNumber(row.actual_rows) ?? 0);
    if (scheduledGames) scheduledGames.set(summary.date, toNumber(row.scheduled_games) ?? 0);
  }
  return { runs, actualRows, scheduledGames };
}

export function countStatuses(dates: readonly { status: DateStatus }[]): Record<DateStatus, number> {
  const totals = Object.fromEntries(DATE_STATUSES.map((status) => [status, 0])) as Record<DateStatus, number>;
  for (const date of dates) totals[date.status] += 1;
  return totals;
}

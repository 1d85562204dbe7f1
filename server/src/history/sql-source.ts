// Shared part of the BigQuery and DuckDB sources: every query is built in sql.ts and run through
// the source's `execute`, and the rows become classified comparisons in results.ts.
import type { HistoryConfig } from './config';
import { addDays, localToday } from './dates';
import { buildComparisons, countStatuses, readRunSummary, splitCompareRows, toIsoDate, toNumber, type RunSummary } from './results';
import {
  buildCompareQuery,
  buildCountsQuery,
  buildLatestOutputQuery,
  buildLatestRunDateQuery,
  buildRunsQuery,
  parseTableRef,
  type BuiltQuery,
  type CountedTable,
  type DateRange,
  type RunHistorySpec,
  type SqlDialect,
} from './sql';
import { HistoryError, type DateColumnType, type HistoryRequest, type HistoryResult, type RunHistorySource, type TableRef } from './types';

export interface QueryRows {
  rows: Record<string, unknown>[];
  /** Bytes the query processed, when the source reports it. */
  bytesProcessed: number | null;
}

/** Called once per query a source runs, for progress and cost reports. */
export type QueryListener = (query: BuiltQuery, result: QueryRows, elapsedMs: number) => void;

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new HistoryError('cancelled', 'The query was cancelled.', 'Run it again when needed.');
}

export abstract class SqlHistorySource implements RunHistorySource {
  abstract readonly kind: 'bigquery' | 'duckdb';
  protected abstract readonly dialect: SqlDialect;
  private readonly listeners: QueryListener[] = [];
  /** Queries run since the source was opened, and the bytes they processed (null until a query reports bytes). */
  readonly stats: { queries: number; bytesProcessed: number | null } = { queries: 0, bytesProcessed: null };

  constructor(readonly config: HistoryConfig) {}

  abstract describe(): string;
  abstract partitionColumn(table: TableRef, signal?: AbortSignal): Promise<string | null>;
  readonly partitionColumnInferred: boolean = false;
  abstract dateColumnType(table: TableRef, column: string, signal?: AbortSignal): Promise<DateColumnType>;
  abstract close(): Promise<void>;

  /** Runs one built query. */
  protected abstract run(query: BuiltQuery, signal?: AbortSignal): Promise<QueryRows>;

  /** Maps a configured table to the table the source queries (DuckDB: a view of an export). */
  protected abstract locate(table: TableRef, signal?: AbortSignal): Promise<TableRef>;

  /** Dates scanned when looking for a processor's latest run without a date range. */
  protected abstract lookback(today: string): DateRange;

  onQuery(listener: QueryListener): void {
    this.listeners.push(listener);
  }

  async execute(query: BuiltQuery, signal?: AbortSignal): Promise<QueryRows> {
    throwIfAborted(signal);
    const started = performance.now();
    const result = await this.run(query, signal);
    this.stats.queries += 1;
    if (result.bytesProcessed !== null) this.stats.bytesProcessed = (this.stats.bytesProcessed ?? 0) + result.bytesProcessed;
    for (const listener of this.listeners) listener(query, result, performance.now() - started);
    return result;
  }

  protected async runHistorySpec(signal?: AbortSignal): Promise<RunHistorySpec> {
    return { table: await this.locate(this.config.runHistoryTable, signal), columns: this.config.columns, statKey: this.config.statKey };
  }

  /** The configured schedule table with its date column's type. */
  async scheduleTable(signal?: AbortSignal): Promise<CountedTable | null> {
    const schedule = this.config.schedule;
    if (!schedule) return null;
    const dateType = await this.dateColumnType(schedule.table, schedule.dateColumn, signal);
    return { table: await this.locate(schedule.table, signal), dateColumn: schedule.dateColumn, dateType };
  }

  async compare(request: HistoryRequest, signal?: AbortSignal): Promise<HistoryResult> {
    const started = performance.now();
    const runHistory = await this.runHistorySpec(signal);
    const target: CountedTable = {
      table: await this.locate(request.target.table, signal),
      dateColumn: request.target.dateColumn,
      dateType: request.target.dateColumnType,
    };
    const schedule = this.config.schedule && request.target.useSchedule !== false ? await this.scheduleTable(signal) : null;

    const query = buildCompareQuery({
      dialect: this.dialect,
      runHistory,
      processorName: request.target.processorName,
      target,
      schedule,
      startDate: request.startDate,
      endDate: request.endDate,
    });
    const result = await this.execute(query, signal);

    const dates = buildComparisons({
      startDate: request.startDate,
      endDate: request.endDate,
      today: request.today,
      tolerance: this.config.tolerance,
      compareRecorded: request.target.recordedRowsTable === undefined,
      ...splitCompareRows(result.rows, schedule !== null),
    });
    return {
      target: request.target,
      request,
      dates,
      totals: countStatuses(dates),
      sql: query.sql,
      parameters: query.parameters,
      bytesProcessed: result.bytesProcessed,
      source: this.kind,
      elapsedMs: Math.round(performance.now() - started),
    };
  }

  async latestOutputTable(processorName: string, signal?: AbortSignal, today = localToday()): Promise<TableRef | null> {
    const tables = await this.latestOutputTables([processorName], this.lookback(today), signal);
    return tables.get(processorName) ?? null;
  }

  /** output_dataset/output_table of each processor's latest run in the range; unparsable names are left out. */
  async latestOutputTables(processorNames: string[], range: DateRange, signal?: AbortSignal): Promise<Map<string, TableRef>> {
    const found = new Map<string, TableRef>();
    if (processorNames.length === 0) return found;
    const query = buildLatestOutputQuery({ dialect: this.dialect, runHistory: await this.runHistorySpec(signal), processorNames, ...range });
    const { rows } = await this.execute(query, signal);
    for (const row of rows) {
      const dataset = typeof row.output_dataset === 'string' ? row.output_dataset : '';
      const table = typeof row.output_table === 'string' ? row.output_table : '';
      if (!table) continue;
      try {
        found.set(String(row.processor_name), parseTableRef(table, { dataset: dataset || undefined }));
      } catch {
        // NOTE: a malformed output_table in run history is skipped here, and the target falls
        // back to the settings, which name the problem if they are missing too.
      }
    }
    return found;
  }

  /** Newest data_date in run history, for one processor or for all of them. */
  async latestRunDate(processorName: string | null, signal?: AbortSignal, today = localToday()): Promise<string | null> {
    const query = buildLatestRunDateQuery({
      dialect: this.dialect,
      runHistory: await this.runHistorySpec(signal),
      processorName: processorName ?? undefined,
      ...this.lookback(today),
    });
    const { rows } = await this.execute(query, signal);
    const value = rows[0]?.latest_date;
    return value === null || value === undefined ? null : toIsoDate(value);
  }

  /** Run summaries of many processors over a range in one query, keyed by processor name then date. */
  async runSummaries(processorNames: string[], range: DateRange, signal?: AbortSignal): Promise<Map<string, Map<string, RunSummary>>> {
    const byProcessor = new Map<string, Map<string, RunSummary>>();
    if (processorNames.length === 0) return byProcessor;
    const query = buildRunsQuery({ dialect: this.dialect, runHistory: await this.runHistorySpec(signal), processorNames, ...range });
    const { rows } = await this.execute(query, signal);
    for (const row of rows) {
      const name = String(row.processor_name);
      const dates = byProcessor.get(name) ?? new Map<string, RunSummary>();
      const summary = readRunSummary(row, 'run_date');
      dates.set(summary.date, summary);
      byProcessor.set(name, dates);
    }
    return byProcessor;
  }

  /** COUNT(*) per date of several tables in one UNION ALL query; the result is in the order of `tables`. */
  async countRows(tables: CountedTable[], range: DateRange, signal?: AbortSignal): Promise<Map<string, number>[]> {
    const counts = tables.map(() => new Map<string, number>());
    if (tables.length === 0) return counts;
    const located: CountedTable[] = [];
    for (const counted of tables) located.push({ ...counted, table: await this.locate(counted.table, signal) });
    const query = buildCountsQuery({ dialect: this.dialect, tables: located, ...range });
    const { rows } = await this.execute(query, signal);
    for (const row of rows) {
      const index = toNumber(row.table_index) ?? -1;
      counts[index]?.set(toIsoDate(row.count_date), toNumber(row.row_count) ?? 0);
    }
    return counts;
  }
}

export function defaultLookback(today: string): DateRange {
  return { startDate: addDays(today, -730), endDate: addDays(today, 30) };
}

/** Maps a column's type name to a date column type; rejects other types with a HistoryError naming the column. */
export function toDateColumnType(table: TableRef, column: string, typeName: string | null): DateColumnType {
  const where = `${table.dataset}.${table.table}`;
  if (typeName === null) {
    throw new HistoryError(
      'query-failed',
      `Column ${column} not found in table ${where}.`,
      'Set the date column in processorLens.history.processors or date-column in [tool.processor-lens.processors.NAME].',
    );
  }
  const upper = typeName.toUpperCase();
  if (upper === 'DATE') return 'DATE';
  if (upper.startsWith('TIMESTAMP')) return 'TIMESTAMP';
  if (upper === 'DATETIME') return 'DATETIME';
  throw new HistoryError(
    'query-failed',
    `Date column ${column} of table ${where} has type ${typeName}; a DATE, TIMESTAMP or DATETIME column is needed.`,
    'Set the date column in processorLens.history.processors or date-column in [tool.processor-lens.processors.NAME].',
  );
}

// Types of the run-history library: the sources that read run history and target tables,
// and the per-date comparison the panel and the inventory show.

/** Classification of one date; see classify.ts for the rules. */
export type DateStatus =
  | 'tracking-bug'
  | 'data-loss'
  | 'legitimately-empty'
  | 'empty'
  | 'ok'
  | 'mismatch'
  | 'untracked'
  | 'failed'
  /** Rows of a table that run history's count does not belong to; listed, never classified. */
  | 'not-compared';

export const DATE_STATUSES: readonly DateStatus[] = [
  'tracking-bug',
  'data-loss',
  'mismatch',
  'untracked',
  'failed',
  'empty',
  'legitimately-empty',
  'ok',
  'not-compared',
];

/** A BigQuery table reference; `project` is optional because processors rarely write it. */
export interface TableRef {
  project?: string;
  dataset: string;
  table: string;
}

/** Types of a date column that the queries can group by date; TIMESTAMP days are UTC days. */
export type DateColumnType = 'DATE' | 'TIMESTAMP' | 'DATETIME';

/** Origin of a value, which the panel and the inventory show beside it. */
export type TargetSource = 'language-server' | 'run-history' | 'settings' | 'pyproject' | 'table-metadata' | 'inferred' | 'default';

export interface HistoryTarget {
  /** Name run history records for the processor. */
  processorName: string;
  table: TableRef;
  tableSource: TargetSource;
  dateColumn: string;
  dateColumnSource: TargetSource;
  /**
   * False when the processor's dates do not follow the schedule table (a daily report, say), so
   * the schedule's game counts are not joined; absent means true.
   */
  useSchedule?: boolean;
  /** Type of the date column; absent means DATE. */
  dateColumnType?: DateColumnType;
  /**
   * Table whose rows run history's records_processed counts, set only when it is not `table`
   * (a processor that writes several tables records one count per run). The dates of `table`
   * then get status `not-compared`, because its rows cannot be held against that count.
   */
  recordedRowsTable?: TableRef;
}

export interface HistoryRequest {
  target: HistoryTarget;
  /** Inclusive ISO dates (YYYY-MM-DD). */
  startDate: string;
  endDate: string;
  /** Today's date, so that future dates are classified as legitimately empty. */
  today: string;
}

/** How the latest successful run of a date recorded its count, read from its `summary` JSON. */
export type RowsInsertedKey = 'missing' | 'zero' | 'set';

export interface DateComparison {
  date: string;
  runs: number;
  successes: number;
  failures: number;
  lastStatus: string | null;
  /** records_processed of the latest successful run, null when there was none. */
  recordedRows: number | null;
  maxRecordedRows: number | null;
  rowsInsertedKey: RowsInsertedKey | null;
  /** COUNT(*) of the target table for the date. */
  actualRows: number;
  /** Games the configured schedule has on the date, or null when no schedule is configured. */
  scheduledGames: number | null;
  status: DateStatus;
}

export interface HistoryResult {
  target: HistoryTarget;
  request: HistoryRequest;
  dates: DateComparison[];
  totals: Record<DateStatus, number>;
  /** The SQL that ran, with its query parameters, for Copy SQL. */
  sql: string;
  parameters: Record<string, string | number>;
  bytesProcessed: number | null;
  source: 'bigquery' | 'duckdb';
  elapsedMs: number;
}

/** A source failure the panel can explain; `hint` tells the user what to do next. */
export class HistoryError extends Error {
  constructor(
    readonly code:
      | 'no-credentials'
      | 'permission-denied'
      | 'table-not-found'
      | 'partition-filter-required'
      | 'bytes-limit-exceeded'
      | 'timeout'
      | 'invalid-identifier'
      | 'cancelled'
      | 'query-failed',
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'HistoryError';
  }
}

export interface RunHistorySource {
  readonly kind: 'bigquery' | 'duckdb';
  /** One line for the panel header, for example "DuckDB: sample-workspace/.processor-lens/history.duckdb". */
  describe(): string;
  /** The table's partitioning column, or null when the source cannot tell. */
  partitionColumn(table: TableRef, signal?: AbortSignal): Promise<string | null>;
  /**
   * True when partitionColumn guesses the column instead of reading partitioning metadata (DuckDB
   * returns a table's only DATE column). A processor's configured date column then wins over it.
   */
  readonly partitionColumnInferred?: boolean;
  /**
   * Type of a date column; rejects with a HistoryError naming the column when the table has no
   * such column or its type is not DATE, TIMESTAMP or DATETIME.
   */
  dateColumnType?(table: TableRef, column: string, signal?: AbortSignal): Promise<DateColumnType>;
  /** output_dataset/output_table of the processor's latest run, or null. */
  latestOutputTable(processorName: string, signal?: AbortSignal): Promise<TableRef | null>;
  /** Newest data_date in run history for one processor, or for all when null; null when there is none. */
  latestRunDate(processorName: string | null, signal?: AbortSignal): Promise<string | null>;
  /** Runs one query that compares run history with the target table over the range. */
  compare(request: HistoryRequest, signal?: AbortSignal): Promise<HistoryResult>;
  close(): Promise<void>;
}

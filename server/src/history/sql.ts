// The only place where SQL text is built. Values travel as query parameters; table and column
// names cannot, so they are validated as BigQuery identifiers and quoted. Every query exists in
// two renderings, BigQuery GoogleSQL and DuckDB, which differ only in identifier quotes,
// parameter markers and the name of the safe cast, so a test of one rendering on DuckDB also
// checks the shape of the other.
import { HistoryError, type DateColumnType, type TableRef } from './types';

export type SqlDialect = 'bigquery' | 'duckdb';

/** Column names of the run-history table. */
export interface RunHistoryColumns {
  processorName: string;
  runId: string;
  status: string;
  recordsProcessed: string;
  recordsCreated: string;
  dataDate: string;
  startedAt: string;
  processedAt: string;
  outputDataset: string;
  outputTable: string;
  summary: string;
}

export const DEFAULT_RUN_HISTORY_COLUMNS: Readonly<RunHistoryColumns> = {
  processorName: 'processor_name',
  runId: 'run_id',
  status: 'status',
  recordsProcessed: 'records_processed',
  recordsCreated: 'records_created',
  dataDate: 'data_date',
  startedAt: 'started_at',
  processedAt: 'processed_at',
  outputDataset: 'output_dataset',
  outputTable: 'output_table',
  summary: 'summary',
};

/** Statuses whose run recorded a row count that run history reports. */
export const SUCCESS_STATUSES = ['success', 'partial'] as const;
export const FAILED_STATUS = 'failed';
/** Status of the first row a run writes; the run's final row replaces it. */
export const RUNNING_STATUS = 'running';

export interface BuiltQuery {
  dialect: SqlDialect;
  sql: string;
  /** Named query parameters; dates are ISO strings that the SQL casts to DATE. */
  parameters: Record<string, string | number>;
}

export interface RunHistorySpec {
  table: TableRef;
  columns: RunHistoryColumns;
  /** Key of the `summary` JSON that tells an explicit 0 from a count that was never set. */
  statKey: string;
}

/** A table counted per date over the range. */
export interface CountedTable {
  table: TableRef;
  dateColumn: string;
  /** Absent means DATE. */
  dateType?: DateColumnType;
}

export interface DateRange {
  /** Inclusive ISO dates. */
  startDate: string;
  endDate: string;
}

// BigQuery naming rules (cloud.google.com/bigquery/docs: datasets, tables, schemas, projects).
// Project ids may carry a domain prefix (`example.com:project`).
const PROJECT_PATTERN = /^(?:[a-z][a-z0-9.-]*[a-z0-9]:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const DATASET_PATTERN = /^[A-Za-z0-9_]{1,1024}$/;
const TABLE_PATTERN = /^[\p{L}\p{M}\p{N}\p{Pc}\p{Pd}]{1,1024}$/u;
const COLUMN_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,299}$/;
const JSON_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

function invalid(kind: string, value: string, rule: string): HistoryError {
  return new HistoryError(
    'invalid-identifier',
    `Invalid ${kind} ${JSON.stringify(value)}: ${rule}.`,
    `Correct the ${kind} in the settings, in pyproject.toml or in the processor class.`,
  );
}

export function validateColumn(name: string, kind = 'column name'): string {
  if (!COLUMN_PATTERN.test(name)) {
    throw invalid(kind, name, 'a column name starts with a letter or underscore and contains only letters, digits and underscores');
  }
  return name;
}

export function validateTableRef(ref: TableRef): TableRef {
  if (ref.project !== undefined && !PROJECT_PATTERN.test(ref.project)) {
    throw invalid('project id', ref.project, 'a project id has 6 to 30 lowercase letters, digits and hyphens and starts with a letter');
  }
  if (!DATASET_PATTERN.test(ref.dataset)) {
    throw invalid('dataset name', ref.dataset, 'a dataset name contains only letters, digits and underscores');
  }
  if (!TABLE_PATTERN.test(ref.table)) {
    throw invalid('table name', ref.table, 'a table name contains only letters, marks, digits, underscores and dashes');
  }
  return ref;
}

/**
 * Parses `table`, `dataset.table` or `project.dataset.table`; a bare table name takes
 * `defaultDataset`. Throws HistoryError('invalid-identifier') naming the text.
 */
export function parseTableRef(text: string, defaults: { dataset?: string; project?: string } = {}): TableRef {
  const trimmed = text.trim().replace(/^`(.*)`$/, '$1');
  const parts = trimmed.split('.');
  // A domain-scoped project id contains a dot before its colon: `example.com:project.dataset.table`.
  if (parts.length === 4 && parts[1].includes(':')) parts.splice(0, 2, `${parts[0]}.${parts[1]}`);

  let ref: TableRef;
  if (parts.length === 1 && defaults.dataset) {
    ref = { dataset: defaults.dataset, table: parts[0] };
  } else if (parts.length === 2) {
    ref = { dataset: parts[0], table: parts[1] };
  } else if (parts.length === 3) {
    ref = { project: parts[0], dataset: parts[1], table: parts[2] };
  } else {
    throw invalid('table reference', text, 'expected dataset.table or project.dataset.table');
  }
  if (ref.project === undefined && defaults.project) ref.project = defaults.project;
  return validateTableRef(ref);
}

export function formatTableRef(ref: TableRef): string {
  return ref.project ? `${ref.project}.${ref.dataset}.${ref.table}` : `${ref.dataset}.${ref.table}`;
}

/** Per-dialect spelling of the few constructs that differ. */
interface Dialect {
  quote(name: string): string;
  param(name: string): string;
  /** Cast to a floating-point number that yields NULL instead of failing. */
  safeCastFloat(expression: string): string;
  table(ref: TableRef): string;
  integerType: string;
}

const BIGQUERY: Dialect = {
  quote: (name) => `\`${name}\``,
  param: (name) => `@${name}`,
  safeCastFloat: (expression) => `SAFE_CAST(${expression} AS FLOAT64)`,
  table: (ref) =>
    [ref.project, ref.dataset, ref.table]
      .filter((part): part is string => part !== undefined)
      .map((part) => `\`${part}\``)
      .join('.'),
  integerType: 'INT64',
};

// DuckDB keeps each dataset as a schema of one database, so a project qualifier has no meaning
// there and is dropped.
const DUCKDB: Dialect = {
  quote: (name) => `"${name}"`,
  param: (name) => `$${name}`,
  safeCastFloat: (expression) => `TRY_CAST(${expression} AS DOUBLE)`,
  table: (ref) => `"${ref.dataset}"."${ref.table}"`,
  integerType: 'BIGINT',
};

function dialectOf(dialect: SqlDialect): Dialect {
  return dialect === 'bigquery' ? BIGQUERY : DUCKDB;
}

function validateSpec(spec: RunHistorySpec): void {
  validateTableRef(spec.table);
  for (const [key, column] of Object.entries(spec.columns)) validateColumn(column, `run-history column name (${key})`);
  if (!JSON_KEY_PATTERN.test(spec.statKey)) {
    throw invalid('stat key', spec.statKey, 'a stat key contains only letters, digits and underscores');
  }
}

const DATE_TYPES: readonly DateColumnType[] = ['DATE', 'TIMESTAMP', 'DATETIME'];

function validateCounted(counted: CountedTable): void {
  validateTableRef(counted.table);
  validateColumn(counted.dateColumn, 'date column name');
  if (counted.dateType !== undefined && !DATE_TYPES.includes(counted.dateType)) {
    throw invalid('date column type', counted.dateType, `the date column must be one of ${DATE_TYPES.join(', ')}`);
  }
}

const SUCCESS_LIST = SUCCESS_STATUSES.map((status) => `'${status}'`).join(', ');

function rangeFilter(d: Dialect, column: string): string {
  return `${d.quote(column)} BETWEEN CAST(${d.param('start_date')} AS DATE) AND CAST(${d.param('end_date')} AS DATE)`;
}

/**
 * CTEs `final_runs` and `runs`: the final row of each run, then per processor and date the
 * run counts, the latest status, and what the latest successful run recorded.
 */
function runsCtes(d: Dialect, spec: RunHistorySpec, processorFilter: string): string {
  const c = spec.columns;
  const q = (name: string) => d.quote(name);
  const keyValue = `JSON_VALUE(${q(c.summary)}, '$.${spec.statKey}')`;
  // A run writes a 'running' row first and its final row later with the same run id: the
  // final row ranks first, and a run that never finished keeps its 'running' row.
  const finalFirst = `CASE WHEN ${q(c.status)} = '${RUNNING_STATUS}' THEN 1 ELSE 0 END, ${q(c.processedAt)} DESC NULLS LAST, ${q(c.startedAt)} DESC NULLS LAST`;
  const successFirst = `CASE WHEN status IN (${SUCCESS_LIST}) THEN 0 ELSE 1 END, processed_at DESC NULLS LAST, started_at DESC NULLS LAST`;
  const latestSuccess = `success_rank = 1 AND status IN (${SUCCESS_LIST})`;

  return `history_rows AS (
  SELECT
    ${q(c.processorName)} AS processor_name,
    ${q(c.runId)} AS run_id,
    ${q(c.status)} AS status,
    ${q(c.recordsProcessed)} AS records_processed,
    ${q(c.dataDate)} AS run_date,
    ${q(c.startedAt)} AS started_at,
    ${q(c.processedAt)} AS processed_at,
    ${keyValue} AS stat_value,
    ROW_NUMBER() OVER (PARTITION BY ${q(c.processorName)}, ${q(c.runId)} ORDER BY ${finalFirst}) AS row_rank
  FROM ${d.table(spec.table)}
  WHERE ${rangeFilter(d, c.dataDate)}
    AND ${processorFilter}
),
final_runs AS (
  SELECT
    processor_name, run_id, status, records_processed, run_date, stat_value,
    ROW_NUMBER() OVER (PARTITION BY processor_name, run_date ORDER BY processed_at DESC NULLS LAST, started_at DESC NULLS LAST) AS recency_rank,
    ROW_NUMBER() OVER (PARTITION BY processor_name, run_date ORDER BY ${successFirst}) AS success_rank
  FROM history_rows
  WHERE row_rank = 1
),
runs AS (
  SELECT
    processor_name,
    run_date,
    COUNT(*) AS runs,
    SUM(CASE WHEN status IN (${SUCCESS_LIST}) THEN 1 ELSE 0 END) AS successes,
    SUM(CASE WHEN status = '${FAILED_STATUS}' THEN 1 ELSE 0 END) AS failures,
    MAX(CASE WHEN recency_rank = 1 THEN status END) AS last_status,
    MAX(CASE WHEN ${latestSuccess} THEN records_processed END) AS recorded_rows,
    MAX(records_processed) AS max_recorded_rows,
    MAX(CASE WHEN ${latestSuccess} THEN
      CASE
        WHEN stat_value IS NULL THEN 'missing'
        WHEN ${d.safeCastFloat('stat_value')} = 0 THEN 'zero'
        ELSE 'set'
      END
    END) AS rows_inserted_key
  FROM final_runs
  GROUP BY processor_name, run_date
)`;
}

function countSelect(d: Dialect, counted: CountedTable, leading: string): string {
  const column = d.quote(counted.dateColumn);
  const type = counted.dateType ?? 'DATE';
  if (type === 'DATE') {
    return `SELECT ${leading}${column} AS count_date, COUNT(*) AS row_count
  FROM ${d.table(counted.table)}
  WHERE ${rangeFilter(d, counted.dateColumn)}
  GROUP BY ${column}`;
  }
  // A half-open range on the column itself keeps the filter usable for partition pruning,
  // where a filter on CAST(column AS DATE) might not be.
  const start = `CAST(CAST(${d.param('start_date')} AS DATE) AS ${type})`;
  const end = `CAST(DATE_ADD(CAST(${d.param('end_date')} AS DATE), INTERVAL 1 DAY) AS ${type})`;
  return `SELECT ${leading}CAST(${column} AS DATE) AS count_date, COUNT(*) AS row_count
  FROM ${d.table(counted.table)}
  WHERE ${column} >= ${start} AND ${column} < ${end}
  GROUP BY CAST(${column} AS DATE)`;
}

export interface CompareQuerySpec extends DateRange {
  dialect: SqlDialect;
  runHistory: RunHistorySpec;
  processorName: string;
  target: CountedTable;
  /** Table with one row per scheduled game, counted per date; null when none is configured. */
  schedule: CountedTable | null;
}

/**
 * One query for the panel: per date of the range, the processor's runs joined with COUNT(*) of
 * its table and, when configured, the schedule's game count. Dates where every side is empty
 * are absent; the caller fills them in.
 */
export function buildCompareQuery(spec: CompareQuerySpec): BuiltQuery {
  validateSpec(spec.runHistory);
  validateCounted(spec.target);
  if (spec.schedule) validateCounted(spec.schedule);
  const d = dialectOf(spec.dialect);

  const processorFilter = `${d.quote(spec.runHistory.columns.processorName)} = ${d.param('processor_name')}`;
  const scheduleCte = spec.schedule
    ? `,\nschedule_counts AS (\n  ${countSelect(d, spec.schedule, '')}\n)`
    : '';
  const scheduleColumn = spec.schedule ? 's.row_count' : `CAST(NULL AS ${d.integerType})`;
  const scheduleJoin = spec.schedule
    ? '\nFULL OUTER JOIN schedule_counts AS s ON s.count_date = COALESCE(r.run_date, t.count_date)'
    : '';
  const dateExpression = spec.schedule ? 'COALESCE(r.run_date, t.count_date, s.count_date)' : 'COALESCE(r.run_date, t.count_date)';

  const sql = `WITH ${runsCtes(d, spec.runHistory, processorFilter)},
table_counts AS (
  ${countSelect(d, spec.target, '')}
)${scheduleCte}
SELECT
  ${dateExpression} AS comparison_date,
  COALESCE(r.runs, 0) AS runs,
  COALESCE(r.successes, 0) AS successes,
  COALESCE(r.failures, 0) AS failures,
  r.last_status,
  r.recorded_rows,
  r.max_recorded_rows,
  r.rows_inserted_key,
  COALESCE(t.row_count, 0) AS actual_rows,
  ${scheduleColumn} AS scheduled_games
FROM runs AS r
FULL OUTER JOIN table_counts AS t ON t.count_date = r.run_date${scheduleJoin}
ORDER BY comparison_date`;

  return {
    dialect: spec.dialect,
    sql,
    parameters: { processor_name: spec.processorName, start_date: spec.startDate, end_date: spec.endDate },
  };
}

function processorListFilter(d: Dialect, column: string, names: string[], parameters: Record<string, string | number>): string {
  if (names.length === 0) throw new Error('processor list is empty');
  const markers = names.map((name, index) => {
    parameters[`processor_${index}`] = name;
    return d.param(`processor_${index}`);
  });
  return `${d.quote(column)} IN (${markers.join(', ')})`;
}

/** Run summaries per processor and date for many processors at once (the inventory). */
export function buildRunsQuery(spec: DateRange & { dialect: SqlDialect; runHistory: RunHistorySpec; processorNames: string[] }): BuiltQuery {
  validateSpec(spec.runHistory);
  const d = dialectOf(spec.dialect);
  const parameters: Record<string, string | number> = { start_date: spec.startDate, end_date: spec.endDate };
  const filter = processorListFilter(d, spec.runHistory.columns.processorName, spec.processorNames, parameters);

  const sql = `WITH ${runsCtes(d, spec.runHistory, filter)}
SELECT
  processor_name, run_date, runs, successes, failures, last_status,
  recorded_rows, max_recorded_rows, rows_inserted_key
FROM runs
ORDER BY processor_name, run_date`;
  return { dialect: spec.dialect, sql, parameters };
}

/**
 * COUNT(*) per date of several tables in one UNION ALL query; `table_index` is the position
 * of the table in `tables`.
 */
export function buildCountsQuery(spec: DateRange & { dialect: SqlDialect; tables: CountedTable[] }): BuiltQuery {
  if (spec.tables.length === 0) throw new Error('table list is empty');
  spec.tables.forEach(validateCounted);
  const d = dialectOf(spec.dialect);

  const members = spec.tables.map((counted, index) => countSelect(d, counted, `${index} AS table_index, `));
  const sql = `${members.join('\nUNION ALL\n')}\nORDER BY table_index, count_date`;
  return { dialect: spec.dialect, sql, parameters: { start_date: spec.startDate, end_date: spec.endDate } };
}

/**
 * output_dataset and output_table of each processor's latest finished run in the range that
 * recorded them.
 */
export function buildLatestOutputQuery(spec: DateRange & { dialect: SqlDialect; runHistory: RunHistorySpec; processorNames: string[] }): BuiltQuery {
  validateSpec(spec.runHistory);
  const d = dialectOf(spec.dialect);
  const c = spec.runHistory.columns;
  const q = (name: string) => d.quote(name);
  const parameters: Record<string, string | number> = { start_date: spec.startDate, end_date: spec.endDate };
  const filter = processorListFilter(d, c.processorName, spec.processorNames, parameters);

  const sql = `WITH outputs AS (
  SELECT
    ${q(c.processorName)} AS processor_name,
    ${q(c.outputDataset)} AS output_dataset,
    ${q(c.outputTable)} AS output_table,
    ROW_NUMBER() OVER (PARTITION BY ${q(c.processorName)} ORDER BY ${q(c.dataDate)} DESC, ${q(c.processedAt)} DESC NULLS LAST) AS recency_rank
  FROM ${d.table(spec.runHistory.table)}
  WHERE ${rangeFilter(d, c.dataDate)}
    AND ${filter}
    AND ${q(c.status)} <> '${RUNNING_STATUS}'
    AND ${q(c.outputTable)} IS NOT NULL
)
SELECT processor_name, output_dataset, output_table
FROM outputs
WHERE recency_rank = 1
ORDER BY processor_name`;
  return { dialect: spec.dialect, sql, parameters };
}

/** The newest data_date in run history within the range, for all processors or one. */
export function buildLatestRunDateQuery(spec: DateRange & { dialect: SqlDialect; runHistory: RunHistorySpec; processorName?: string }): BuiltQuery {
  validateSpec(spec.runHistory);
  const d = dialectOf(spec.dialect);
  const c = spec.runHistory.columns;
  const parameters: Record<string, string | number> = { start_date: spec.startDate, end_date: spec.endDate };
  let processorFilter = '';
  if (spec.processorName !== undefined) {
    parameters.processor_name = spec.processorName;
    processorFilter = `\n  AND ${d.quote(c.processorName)} = ${d.param('processor_name')}`;
  }
  const sql = `SELECT MAX(${d.quote(c.dataDate)}) AS latest_date
FROM ${d.table(spec.runHistory.table)}
WHERE ${rangeFilter(d, c.dataDate)}${processorFilter}`;
  return { dialect: spec.dialect, sql, parameters };
}

/** Renders a query with its parameters inlined as literals, for Copy SQL and reports only. */
export function inlineParameters(query: BuiltQuery): string {
  const marker = query.dialect === 'bigquery' ? '@' : '\\$';
  return query.sql.replace(new RegExp(`${marker}([A-Za-z_][A-Za-z0-9_]*)`, 'g'), (match, name: string) => {
    if (!(name in query.parameters)) return match;
    const value = query.parameters[name];
    return typeof value === 'number' ? String(value) : `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  });
}

// ---- DuckDB-only statements of the embedded source ----

export type ExportFormat = 'csv' | 'parquet';

/** A view over one exported file; the path is a string literal because DuckDB's table functions cannot take parameters in a view. */
export function buildDuckdbViewStatements(schema: string | null, view: string, filePath: string, format: ExportFormat): string[] {
  if (schema !== null && !DATASET_PATTERN.test(schema)) throw invalid('dataset name', schema, 'a dataset name contains only letters, digits and underscores');
  if (!TABLE_PATTERN.test(view)) throw invalid('table name', view, 'a table name contains only letters, marks, digits, underscores and dashes');
  const literal = `'${filePath.replace(/'/g, "''")}'`;
  const reader = format === 'csv' ? `read_csv(${literal}, header = true, auto_detect = true)` : `read_parquet(${literal})`;
  const name = schema === null ? `"${view}"` : `"${schema}"."${view}"`;
  const statements = schema === null ? [] : [`CREATE SCHEMA IF NOT EXISTS "${schema}"`];
  statements.push(`CREATE OR REPLACE VIEW ${name} AS SELECT * FROM ${reader}`);
  return statements;
}

/** Every table and view of a DuckDB database with its schema. */
export const DUCKDB_RELATIONS_SQL = `SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema NOT IN ('information_schema', 'pg_catalog')`;

/** The DATE columns of one relation, in column order. */
export function buildDuckdbDateColumnsQuery(schema: string, table: string): BuiltQuery {
  return {
    dialect: 'duckdb',
    sql: `SELECT column_name FROM information_schema.columns WHERE table_schema = $schema AND table_name = $table AND data_type = 'DATE' ORDER BY ordinal_position`,
    parameters: { schema, table },
  };
}

/** The type of one column of a relation, matched without regard to case as BigQuery does. */
export function buildDuckdbColumnTypeQuery(schema: string, table: string, column: string): BuiltQuery {
  return {
    dialect: 'duckdb',
    sql: `SELECT data_type FROM information_schema.columns WHERE table_schema = $schema AND table_name = $table AND lower(column_name) = lower($column)`,
    parameters: { schema, table, column },
  };
}

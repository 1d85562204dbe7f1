// The embedded source: DuckDB over a database file, or over a folder of CSV/Parquet exports
// where each file becomes a view named after it (`nba_raw.player_box_scores.csv` is the view
// nba_raw.player_box_scores; `processor_run_history.csv` is processor_run_history in the main
// schema, found for any dataset when no file names that dataset).
import { DuckDBInstance } from '@duckdb/node-api';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { HistoryConfig } from './config';
import { buildDuckdbColumnTypeQuery, buildDuckdbDateColumnsQuery, buildDuckdbViewStatements, DUCKDB_RELATIONS_SQL, formatTableRef, type BuiltQuery, type DateRange, type ExportFormat } from './sql';
import { SqlHistorySource, throwIfAborted, toDateColumnType, type QueryRows } from './sql-source';
import { HistoryError, type DateColumnType, type TableRef } from './types';

const EXPORT_EXTENSIONS: Record<string, ExportFormat> = { '.csv': 'csv', '.csv.gz': 'csv', '.parquet': 'parquet' };

export interface ExportFile {
  path: string;
  schema: string | null;
  table: string;
  format: ExportFormat;
}

/** Export files of a folder and the view each becomes; files with other names are ignored. */
export function listExportFiles(folder: string): ExportFile[] {
  const files: ExportFile[] = [];
  for (const name of readdirSync(folder).sort()) {
    const extension = Object.keys(EXPORT_EXTENSIONS).find((candidate) => name.toLowerCase().endsWith(candidate));
    if (!extension) continue;
    const parts = name.slice(0, -extension.length).split('.');
    if (parts.length > 2 || parts.some((part) => part === '')) continue;
    const [schema, table] = parts.length === 2 ? parts : [null, parts[0]];
    files.push({ path: join(folder, name), schema, table, format: EXPORT_EXTENSIONS[extension] });
  }
  return files;
}

function openError(path: string, reason: string): HistoryError {
  return new HistoryError(
    'query-failed',
    `Cannot open the DuckDB source ${path}: ${reason}`,
    'Set processorLens.history.duckdb.path (or duckdb-path in [tool.processor-lens.history]) to a DuckDB file or a folder of CSV/Parquet exports.',
  );
}

export class DuckdbHistorySource extends SqlHistorySource {
  readonly kind = 'duckdb' as const;
  protected readonly dialect = 'duckdb' as const;
  /** Relations by lower-case `schema.table`. */
  private readonly relations = new Map<string, TableRef>();

  private constructor(
    config: HistoryConfig,
    private readonly instance: DuckDBInstance,
    readonly path: string,
    private readonly isFolder: boolean,
  ) {
    super(config);
  }

  /** Opens `path` (default: the configured one); a folder of exports is read through views, never copied. */
  static async open(config: HistoryConfig, path = config.duckdbPath): Promise<DuckdbHistorySource> {
    let isFolder: boolean;
    try {
      isFolder = statSync(path).isDirectory();
    } catch {
      throw openError(path, 'the path does not exist.');
    }

    let instance: DuckDBInstance;
    try {
      instance = isFolder ? await DuckDBInstance.create(':memory:') : await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
    } catch (error) {
      throw openError(path, (error as Error).message);
    }

    const source = new DuckdbHistorySource(config, instance, path, isFolder);
    try {
      if (isFolder) await source.createViews();
      await source.loadRelations();
    } catch (error) {
      instance.closeSync();
      throw error instanceof HistoryError ? error : openError(path, (error as Error).message);
    }
    return source;
  }

  private async createViews(): Promise<void> {
    const files = listExportFiles(this.path);
    if (files.length === 0) throw openError(this.path, 'the folder has no .csv, .csv.gz or .parquet files.');
    const connection = await this.instance.connect();
    try {
      for (const file of files) {
        for (const statement of buildDuckdbViewStatements(file.schema, file.table, file.path, file.format)) await connection.run(statement);
      }
    } finally {
      connection.closeSync();
    }
  }

  private async loadRelations(): Promise<void> {
    const connection = await this.instance.connect();
    try {
      const reader = await connection.runAndReadAll(DUCKDB_RELATIONS_SQL);
      for (const row of reader.getRowObjectsJson()) {
        const ref = { dataset: String(row.table_schema), table: String(row.table_name) };
        this.relations.set(`${ref.dataset}.${ref.table}`.toLowerCase(), ref);
      }
    } finally {
      connection.closeSync();
    }
  }

  describe(): string {
    return `DuckDB: ${this.path}${this.isFolder ? ' (folder of exports)' : ''}`;
  }

  /** Relations the source can query, as `schema.table`. */
  tableNames(): string[] {
    return [...this.relations.values()].map((ref) => `${ref.dataset}.${ref.table}`).sort();
  }

  protected async locate(table: TableRef): Promise<TableRef> {
    const exact = this.relations.get(`${table.dataset}.${table.table}`.toLowerCase());
    if (exact) return exact;
    const unqualified = this.relations.get(`main.${table.table}`.toLowerCase());
    if (unqualified) return unqualified;
    const hint = this.isFolder
      ? `Export the table as ${table.dataset}.${table.table}.csv or .parquet into ${this.path}, or correct the table name.`
      : `Create the table ${table.dataset}.${table.table} in ${this.path}, or correct the table name.`;
    throw new HistoryError('table-not-found', `Table ${formatTableRef(table)} not found in ${this.describe()}.`, hint);
  }

  protected lookback(): DateRange {
    // An embedded database has no partitions to spare, so its whole history is searched.
    return { startDate: '0001-01-01', endDate: '9999-12-31' };
  }

  /** DuckDB tables have no partitioning to read, so partitionColumn guesses. */
  override readonly partitionColumnInferred = true;

  /** Returns the table's only DATE column, because DuckDB tables have no partitioning to read. */
  async partitionColumn(table: TableRef, signal?: AbortSignal): Promise<string | null> {
    const located = await this.locate(table);
    // A catalog lookup, like BigQuery's tables.get: run directly, so it is not counted as a query.
    const { rows } = await this.run(buildDuckdbDateColumnsQuery(located.dataset, located.table), signal);
    return rows.length === 1 ? String(rows[0].column_name) : null;
  }

  async dateColumnType(table: TableRef, column: string, signal?: AbortSignal): Promise<DateColumnType> {
    const located = await this.locate(table);
    const { rows } = await this.run(buildDuckdbColumnTypeQuery(located.dataset, located.table, column), signal);
    return toDateColumnType(table, column, rows.length > 0 ? String(rows[0].data_type) : null);
  }

  protected async run(query: BuiltQuery, signal?: AbortSignal): Promise<QueryRows> {
    const connection = await this.instance.connect();
    let stopReason: 'cancelled' | 'timeout' | null = null;
    const stop = (reason: 'cancelled' | 'timeout') => {
      stopReason = reason;
      connection.interrupt();
    };
    const onAbort = () => stop('cancelled');
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => stop('timeout'), this.config.queryTimeoutMs);
    try {
      throwIfAborted(signal);
      const reader = await connection.runAndReadAll(query.sql, query.parameters);
      if (stopReason === null) return { rows: reader.getRowObjectsJson() as Record<string, unknown>[], bytesProcessed: null };
    } catch (error) {
      if (error instanceof HistoryError) throw error;
      if (stopReason === null) throw mapDuckdbError(error as Error);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      connection.closeSync();
    }
    if (stopReason === 'timeout') {
      throw new HistoryError('timeout', `The DuckDB query ran longer than ${this.config.queryTimeoutMs} ms.`, 'Narrow the date range or raise processorLens.history.queryTimeoutMs.');
    }
    throw new HistoryError('cancelled', 'The query was cancelled.', 'Run it again when needed.');
  }

  async close(): Promise<void> {
    this.instance.closeSync();
  }
}

function mapDuckdbError(error: Error): HistoryError {
  const message = error.message;
  if (/Catalog Error: Table with name/i.test(message)) {
    return new HistoryError('table-not-found', message, 'Check the table name in the settings or the processor class.');
  }
  if (/Binder Error: Referenced column/i.test(message)) {
    return new HistoryError(
      'query-failed',
      message,
      'Check the column names: processorLens.history.runHistoryColumns for run history, history.processors or the date column setting for the target table.',
    );
  }
  return new HistoryError('query-failed', `The DuckDB query failed: ${message}`, 'Check the exported files and the history settings.');
}

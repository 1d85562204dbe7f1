// The BigQuery source: @google-cloud/bigquery with Application Default Credentials. A query
// goes through jobs.query, then getQueryResults pages until the job is complete and every row
// is read. An abort or the time limit cancels the job with jobs.cancel.
import { BigQuery, type Job } from '@google-cloud/bigquery';
import { randomUUID } from 'node:crypto';
import type { HistoryConfig } from './config';
import { formatTableRef, type BuiltQuery, type DateRange } from './sql';
import { defaultLookback, SqlHistorySource, throwIfAborted, toDateColumnType, type QueryRows } from './sql-source';
import { HistoryError, type DateColumnType, type TableRef } from './types';

/** Rows per getQueryResults page; the run-history result of ninety days fits in one. */
const PAGE_SIZE = 10_000;
/** Maximum wait of one jobs.query or getQueryResults call before it returns `jobComplete: false`. */
const POLL_WAIT_MS = 10_000;
/** Pause before polling again when `jobComplete: false` came back at once, so an endpoint that does not wait is not polled in a busy loop. */
const MIN_POLL_INTERVAL_MS = 250;

interface TableMetadata {
  timePartitioning?: { type?: string; field?: string };
  schema?: { fields?: { name: string; type: string }[] };
}

interface QueryResponse {
  jobComplete?: boolean;
  jobReference?: { jobId?: string; location?: string };
  schema?: unknown;
  rows?: unknown[];
  pageToken?: string;
  totalBytesProcessed?: string;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export class BigQueryHistorySource extends SqlHistorySource {
  readonly kind = 'bigquery' as const;
  protected readonly dialect = 'bigquery' as const;
  readonly client: BigQuery;
  /** tables.get results by `project.dataset.table`, so the partitioning and the column types cost one call. */
  private readonly metadata = new Map<string, Promise<TableMetadata>>();

  constructor(config: HistoryConfig) {
    super(config);
    const { project, location, apiEndpoint } = config.bigquery;
    if (!project) {
      throw new HistoryError(
        'query-failed',
        'No BigQuery project is set.',
        'Set processorLens.history.bigquery.project (or bigquery-project in [tool.processor-lens.history]) to the project that runs the queries.',
      );
    }
    if (apiEndpoint) {
      let host: string;
      try {
        host = new URL(apiEndpoint).host.replace(/:\d+$/, '');
      } catch {
        throw new HistoryError('query-failed', `Invalid BigQuery API endpoint "${apiEndpoint}".`, 'Give a URL such as http://127.0.0.1:9050, or leave processorLens.history.bigquery.apiEndpoint empty for Google.');
      }
      // An emulator on this machine needs no Google credentials, so the auth library must not
      // probe the cloud metadata server for them.
      if (LOOPBACK_HOSTS.has(host)) process.env.METADATA_SERVER_DETECTION ??= 'none';
    }
    this.client = new BigQuery({
      projectId: project,
      ...(location ? { location } : {}),
      ...(apiEndpoint ? { apiEndpoint } : {}),
    });
  }

  describe(): string {
    const { project, location, apiEndpoint } = this.config.bigquery;
    const where = [project, location].filter(Boolean).join(', ');
    return `BigQuery: ${where}${apiEndpoint ? ` via ${apiEndpoint}` : ''}`;
  }

  protected async locate(table: TableRef): Promise<TableRef> {
    return table;
  }

  protected lookback(today: string): DateRange {
    return defaultLookback(today);
  }

  private tableMetadata(table: TableRef, signal?: AbortSignal): Promise<TableMetadata> {
    throwIfAborted(signal);
    const key = formatTableRef(table);
    let pending = this.metadata.get(key);
    if (!pending) {
      const dataset = this.client.dataset(table.dataset, table.project ? { projectId: table.project } : {});
      pending = dataset
        .table(table.table)
        .getMetadata()
        .then(([metadata]) => metadata as TableMetadata);
      // A failed lookup is not cached, so the next refresh sends tables.get again.
      pending.catch(() => this.metadata.delete(key));
      this.metadata.set(key, pending);
    }
    return withAbort(pending, signal).catch((error: unknown) => {
      throw mapBigQueryError(error, { table, config: this.config });
    });
  }

  /** Reads the partitioning field with tables.get; `_PARTITIONDATE` for ingestion-time partitioning. */
  async partitionColumn(table: TableRef, signal?: AbortSignal): Promise<string | null> {
    throwIfAborted(signal);
    const partitioning = (await this.tableMetadata(table, signal)).timePartitioning;
    if (!partitioning) return null;
    // NOTE: the `_PARTITIONDATE` pseudo-column of ingestion-time partitioning is quoted like any
    // column in the queries; no test covers it against real BigQuery.
    return partitioning.field ?? '_PARTITIONDATE';
  }

  async dateColumnType(table: TableRef, column: string, signal?: AbortSignal): Promise<DateColumnType> {
    if (column.toUpperCase() === '_PARTITIONDATE') return 'DATE';
    const fields = (await this.tableMetadata(table, signal)).schema?.fields ?? [];
    const field = fields.find((candidate) => candidate.name.toLowerCase() === column.toLowerCase());
    return toDateColumnType(table, column, field?.type ?? null);
  }

  protected async run(query: BuiltQuery, signal?: AbortSignal): Promise<QueryRows> {
    const deadline = Date.now() + this.config.queryTimeoutMs;
    let job: Job | null = null;
    try {
      const first = await withDeadline(this.startQuery(query, remaining(deadline)), deadline, signal);
      if (!first.jobReference?.jobId) throw new HistoryError('query-failed', 'BigQuery returned no job reference for the query.', 'Run it again; report it if it persists.');
      job = this.client.job(first.jobReference.jobId, { location: first.jobReference.location });

      const rows: Record<string, unknown>[] = [];
      let response: QueryResponse = first;
      let pageToken: string | undefined;
      if (first.jobComplete) {
        rows.push(...parseRows(first));
        pageToken = first.pageToken;
        if (!pageToken) return { rows, bytesProcessed: toBytes(first.totalBytesProcessed) };
      }

      for (;;) {
        const options = { autoPaginate: false, maxResults: PAGE_SIZE, ...(pageToken ? { pageToken } : {}) };
        const polled = Date.now();
        const [pageRows, , pageResponse] = await withDeadline(job.getQueryResults(options), deadline, signal);
        response = (pageResponse ?? {}) as QueryResponse;
        if (response.jobComplete === false) {
          const waited = Date.now() - polled;
          if (waited < MIN_POLL_INTERVAL_MS) await withDeadline(delay(MIN_POLL_INTERVAL_MS - waited), deadline, signal);
          continue;
        }
        rows.push(...(pageRows as Record<string, unknown>[]));
        pageToken = response.pageToken;
        if (!pageToken) return { rows, bytesProcessed: toBytes(response.totalBytesProcessed ?? first.totalBytesProcessed) };
      }
    } catch (error) {
      const mapped = error instanceof HistoryError ? error : mapBigQueryError(error, { config: this.config });
      if (job && (mapped.code === 'cancelled' || mapped.code === 'timeout')) {
        // Best effort: the result is already an error, and a failed cancel only leaves the job
        // running to its end on BigQuery's side.
        job.cancel().catch(() => undefined);
      }
      throw mapped;
    }
  }

  /** jobs.query with named parameters, through the client's authenticated request. */
  private startQuery(query: BuiltQuery, waitMs: number): Promise<QueryResponse> {
    const { location, maximumBytesBilled } = this.config.bigquery;
    const body = {
      query: query.sql,
      useLegacySql: false,
      parameterMode: 'NAMED',
      queryParameters: Object.entries(query.parameters).map(([name, value]) => ({
        name,
        parameterType: { type: typeof value === 'number' ? 'INT64' : 'STRING' },
        parameterValue: { value: String(value) },
      })),
      ...(location ? { location } : {}),
      ...(maximumBytesBilled > 0 ? { maximumBytesBilled: String(maximumBytesBilled) } : {}),
      timeoutMs: Math.max(1, Math.min(POLL_WAIT_MS, waitMs)),
      maxResults: PAGE_SIZE,
      requestId: randomUUID(),
      formatOptions: { useInt64Timestamp: true },
    };
    return new Promise((resolve, reject) => {
      this.client.request({ method: 'POST', uri: '/queries', json: body }, (error, response) => {
        if (error) reject(error);
        else resolve((response ?? {}) as QueryResponse);
      });
    });
  }

  async close(): Promise<void> {
    // The client keeps no connection that needs closing.
  }
}

function parseRows(response: QueryResponse): Record<string, unknown>[] {
  if (!response.schema || !response.rows) return [];
  return BigQuery.mergeSchemaWithRows_(response.schema as never, response.rows as never, { wrapIntegers: false, parseJSON: false }) as Record<string, unknown>[];
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function toBytes(value: string | undefined): number | null {
  return value === undefined ? null : Number(value);
}

function remaining(deadline: number): number {
  return deadline - Date.now();
}

const CANCELLED = () => new HistoryError('cancelled', 'The query was cancelled.', 'Run it again when needed.');

/** Settles with `promise`, or rejects at the deadline (timeout) or on abort (cancelled), whichever comes first. */
function withDeadline<T>(promise: Promise<T>, deadline: number, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) {
      reject(CANCELLED());
      return;
    }
    const onTimeout = () => {
      cleanup();
      reject(new HistoryError('timeout', 'The BigQuery query did not finish in time.', 'Narrow the date range or raise processorLens.history.queryTimeoutMs.'));
    };
    const timer = Number.isFinite(deadline) ? setTimeout(onTimeout, Math.max(0, remaining(deadline))) : undefined;
    const onAbort = () => {
      cleanup();
      reject(CANCELLED());
    };
    const cleanup = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        cleanup();
        resolve(value);
      },
      (error) => {
        cleanup();
        reject(error);
      },
    );
  });
}

function withAbort<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  return withDeadline(promise, Number.POSITIVE_INFINITY, signal);
}

interface ApiErrorLike {
  code?: number;
  message?: string;
  errors?: { reason?: string; message?: string }[];
}

/** Maps an error of the client or of the BigQuery API to a HistoryError with the next step. */
export function mapBigQueryError(error: unknown, context: { table?: TableRef; config: HistoryConfig }): HistoryError {
  if (error instanceof HistoryError) return error;
  const apiError = (error ?? {}) as ApiErrorLike;
  const message = apiError.message ?? String(error);
  const reasons = (apiError.errors ?? []).map((item) => item.reason ?? '');
  const project = context.config.bigquery.project;
  const has = (reason: string) => reasons.includes(reason);

  if (has('authError') || apiError.code === 401 || /default credentials|invalid_grant|reauth|refresh access token|invalid authentication credentials/i.test(message)) {
    return new HistoryError(
      'no-credentials',
      `BigQuery rejected the request for missing or expired credentials: ${message}`,
      'Run `gcloud auth application-default login`, then run the query again.',
    );
  }
  if (has('bytesBilledLimitExceeded') || /exceeded limit for bytes billed/i.test(message)) {
    return new HistoryError(
      'bytes-limit-exceeded',
      `The query would bill more than processorLens.history.bigquery.maximumBytesBilled (${context.config.bigquery.maximumBytesBilled} bytes): ${message}`,
      'Narrow the date range, or raise processorLens.history.bigquery.maximumBytesBilled.',
    );
  }
  if (/without a filter over column\(s\)/i.test(message)) {
    return new HistoryError(
      'partition-filter-required',
      `The table requires a filter on its partitioning column: ${message}`,
      'Set the date column to the partitioning column named above, in processorLens.history.processors or date-column in [tool.processor-lens.processors.NAME].',
    );
  }
  if (has('accessDenied') || apiError.code === 403) {
    return new HistoryError(
      'permission-denied',
      `Permission denied: ${message}`,
      `Ask for roles/bigquery.jobUser on project ${project} and roles/bigquery.dataViewer on the datasets, or set processorLens.history.bigquery.project to a project where you can run jobs.`,
    );
  }
  if (has('notFound') || apiError.code === 404) {
    const which = context.table ? `Table ${formatTableRef(context.table)} not found` : 'Not found';
    return new HistoryError(
      'table-not-found',
      `${which}: ${message}`,
      'Check the table name (the processor class, processorLens.history.processors, processorLens.history.runHistoryTable) and processorLens.history.bigquery.location, since a dataset is found only in its location.',
    );
  }
  if (has('stopped') || /cancel/i.test(message)) return CANCELLED();
  if (has('timeout') || /timed out|did not complete before/i.test(message)) {
    return new HistoryError('timeout', `The BigQuery query timed out: ${message}`, 'Narrow the date range or raise processorLens.history.queryTimeoutMs.');
  }
  return new HistoryError('query-failed', `The BigQuery query failed: ${message}`, 'Check the message above; "Copy SQL" gives the query to try in the BigQuery console.');
}

// A loopback stand-in for the BigQuery REST API, for driving the real @google-cloud/bigquery
// client in tests. It listens on 127.0.0.1 only and serves the calls the history source makes:
//   POST /bigquery/v2/projects/P/queries                 jobs.query
//   GET  /bigquery/v2/projects/P/queries/JOB             jobs.getQueryResults (pageToken paging)
//   POST /bigquery/v2/projects/P/jobs/JOB/cancel         jobs.cancel
//   GET  /bigquery/v2/projects/P/datasets/D/tables/T     tables.get (schema, timePartitioning)
// Responses use BigQuery's shapes: `schema.fields`, rows as `{f: [{v}]}` with every value a
// string (INT64 included), DATE as `YYYY-MM-DD`, errors as `{error: {code, message, errors:
// [{reason}]}}`. A query first answers `jobComplete: false` (configurable), as a slow job does.
//
// The SQL runs on DuckDB over CSV/Parquet exports, after a translation that covers only what
// the history queries use: backtick identifiers become double-quoted ones, a project
// qualifier is dropped (every project shares the one DuckDB database), `@name` parameters become `$name`, SAFE_CAST becomes TRY_CAST, and
// FLOAT64/INT64 become DOUBLE/BIGINT. Bytes processed are an estimate: 100 bytes per row of
// every table the query names, which is enough to test maximumBytesBilled.
import { DuckDBInstance } from '@duckdb/node-api';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listExportFiles } from '../../server/src/history/duckdb-source';
import { buildDuckdbViewStatements } from '../../server/src/history/sql';
import type { HistoryError } from '../../server/src/history/types';

export type InjectableCode = Exclude<HistoryError['code'], 'invalid-identifier'>;

export interface FakeBigQueryOptions {
  projectId: string;
  /** Folder of CSV/Parquet exports named `dataset.table.csv`. */
  exportsFolder: string;
  /** Partitioning field by `dataset.table`; tables.get reports DAY partitioning on it. */
  partitioning?: Record<string, string>;
  /** Tables (`dataset.table`) that reject queries without a BETWEEN filter on their partitioning field. */
  requirePartitionFilter?: string[];
  /** Maximum page size of getQueryResults, whatever maxResults requests. */
  pageSize?: number;
  /** How many times a new job returns `jobComplete: false` before it completes. */
  pendingPolls?: number;
  /** Delay of a `jobComplete: false` response, as BigQuery waits up to the request's timeoutMs (default 50 ms). */
  pendingDelayMs?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

interface StoredJob {
  id: string;
  location: string;
  fields: { name: string; type: string; mode: string }[];
  rows: (string | null)[][];
  bytes: number;
  pollsLeft: number;
  cancelled: boolean;
  /** The job never completes (timeout injection). */
  hangs: boolean;
  /** The job ends with this error when its results are read. */
  failure: InjectedError | null;
}

interface InjectedError {
  status: number;
  reason: string;
  message: string;
}

type Stage = 'query' | 'results' | 'table';

const BIGQUERY_STATUS: Record<number, string> = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND' };

export class FakeBigQuery {
  readonly requests: RecordedRequest[] = [];
  readonly cancelledJobs: string[] = [];
  private readonly jobs = new Map<string, StoredJob>();
  private readonly injections: { stage: Stage; error: InjectedError | 'hang' | 'stopped'; times: number }[] = [];
  private nextJob = 1;
  private server!: Server;
  private instance!: DuckDBInstance;
  private rowCounts = new Map<string, number>();
  url = '';

  private constructor(readonly options: FakeBigQueryOptions) {}

  static async start(options: FakeBigQueryOptions): Promise<FakeBigQuery> {
    const fake = new FakeBigQuery(options);
    await fake.load();
    fake.server = createServer((request, response) => {
      fake.handle(request, response).catch((error: Error) => fake.sendError(response, { status: 400, reason: 'invalidQuery', message: error.message }));
    });
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.instance.closeSync();
  }

  /**
   * Makes the next `times` calls of a stage fail the way BigQuery fails for `code`. `timeout`
   * makes the next job never complete; `cancelled` makes it end as a job someone stopped.
   */
  inject(code: InjectableCode, times = 1): void {
    const table = `${this.options.projectId}:nba_raw.player_box_scores`;
    const errors: Record<Exclude<InjectableCode, 'timeout' | 'cancelled'>, [Stage, InjectedError]> = {
      'no-credentials': ['query', { status: 401, reason: 'authError', message: 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.' }],
      'permission-denied': ['query', { status: 403, reason: 'accessDenied', message: `Access Denied: Table ${table}: User does not have permission to query table ${table}, or perhaps it does not exist.` }],
      'table-not-found': ['query', { status: 404, reason: 'notFound', message: `Not found: Table ${table} was not found in location US` }],
      'partition-filter-required': ['query', { status: 400, reason: 'invalidQuery', message: `Cannot query over table '${table.replace(':', '.')}' without a filter over column(s) 'game_date' that can be used for partition elimination` }],
      'bytes-limit-exceeded': ['query', { status: 400, reason: 'bytesBilledLimitExceeded', message: 'Query exceeded limit for bytes billed: 1000. 10485760 or higher required.' }],
      'query-failed': ['query', { status: 400, reason: 'invalidQuery', message: 'Syntax error: Unexpected identifier "SELEC" at [1:1]' }],
    };
    if (code === 'timeout') this.injections.push({ stage: 'query', error: 'hang', times });
    else if (code === 'cancelled') this.injections.push({ stage: 'query', error: 'stopped', times });
    else {
      const [stage, error] = errors[code];
      this.injections.push({ stage, error, times });
    }
  }

  /** Makes the next tables.get fail with `code`'s error. */
  injectTableError(code: 'no-credentials' | 'permission-denied' | 'table-not-found'): void {
    const statusByCode = { 'no-credentials': [401, 'authError'], 'permission-denied': [403, 'accessDenied'], 'table-not-found': [404, 'notFound'] } as const;
    const [status, reason] = statusByCode[code];
    this.injections.push({ stage: 'table', error: { status, reason, message: `Injected ${reason} for tables.get` }, times: 1 });
  }

  clearInjections(): void {
    this.injections.length = 0;
  }

  private takeInjection(stage: Stage): InjectedError | 'hang' | 'stopped' | null {
    const index = this.injections.findIndex((injection) => injection.stage === stage);
    if (index < 0) return null;
    const injection = this.injections[index];
    injection.times -= 1;
    if (injection.times <= 0) this.injections.splice(index, 1);
    return injection.error;
  }

  private async load(): Promise<void> {
    this.instance = await DuckDBInstance.create(':memory:');
    const connection = await this.instance.connect();
    try {
      for (const file of listExportFiles(this.options.exportsFolder)) {
        for (const statement of buildDuckdbViewStatements(file.schema ?? 'main', file.table, file.path, file.format)) await connection.run(statement);
        const reader = await connection.runAndReadAll(`SELECT COUNT(*) AS n FROM "${file.schema ?? 'main'}"."${file.table}"`);
        this.rowCounts.set(`${file.schema ?? 'main'}.${file.table}`, Number(reader.getRowsJson()[0][0]));
      }
    } finally {
      connection.closeSync();
    }
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(request);
    this.requests.push({ method: request.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), body });

    const project = this.options.projectId;
    const base = `/bigquery/v2/projects/${project}`;
    const path = url.pathname;
    let match: RegExpMatchArray | null;

    if (request.method === 'POST' && path === `${base}/queries`) return this.query(body as Record<string, unknown>, response);
    if (request.method === 'GET' && (match = path.match(new RegExp(`^${base}/queries/([^/]+)$`)))) return this.results(match[1], url.searchParams, response);
    if (request.method === 'POST' && (match = path.match(new RegExp(`^${base}/jobs/([^/]+)/cancel$`)))) return this.cancel(match[1], response);
    if (request.method === 'GET' && (match = path.match(new RegExp(`^/bigquery/v2/projects/([^/]+)/datasets/([^/]+)/tables/([^/]+)$`)))) {
      return this.table(match[1], match[2], match[3], response);
    }
    this.sendError(response, { status: 404, reason: 'notFound', message: `Not found: URL ${request.method} ${path}` });
  }

  private async query(body: Record<string, unknown>, response: ServerResponse): Promise<void> {
    const injected = this.takeInjection('query');
    if (injected !== null && injected !== 'hang' && injected !== 'stopped') return this.sendError(response, injected);

    const sql = String(body.query ?? '');
    const filterError = this.checkPartitionFilters(sql);
    if (filterError) return this.sendError(response, filterError);

    const duckSql = translateSql(sql);
    const bytes = this.estimateBytes(duckSql);
    const limit = body.maximumBytesBilled === undefined ? null : Number(body.maximumBytesBilled);
    if (limit !== null && bytes > limit) {
      return this.sendError(response, { status: 400, reason: 'bytesBilledLimitExceeded', message: `Query exceeded limit for bytes billed: ${limit}. ${bytes} or higher required.` });
    }

    const parameters = readParameters(body.queryParameters);
    const connection = await this.instance.connect();
    let fields: StoredJob['fields'];
    let rows: (string | null)[][];
    try {
      const reader = await connection.runAndReadAll(duckSql, parameters);
      const types = reader.columnTypes().map((type) => bigQueryType(String(type)));
      fields = reader.columnNames().map((name, index) => ({ name, type: types[index], mode: 'NULLABLE' }));
      rows = reader.getRowsJson().map((row) => row.map((value, index) => encodeValue(value, types[index])));
    } catch (error) {
      return this.sendError(response, { status: 400, reason: 'invalidQuery', message: (error as Error).message });
    } finally {
      connection.closeSync();
    }

    const id = `job_fake_${this.nextJob++}`;
    const job: StoredJob = {
      id,
      location: typeof body.location === 'string' ? body.location : 'US',
      fields,
      rows,
      bytes,
      pollsLeft: this.options.pendingPolls ?? 1,
      cancelled: false,
      hangs: injected === 'hang',
      failure: injected === 'stopped' ? { status: 400, reason: 'stopped', message: 'Job execution was cancelled: User requested cancellation' } : null,
    };
    this.jobs.set(id, job);
    this.sendJson(response, this.resultsBody(job, Number(body.maxResults ?? 0), null, 'bigquery#queryResponse'));
  }

  private results(id: string, params: URLSearchParams, response: ServerResponse): void {
    const job = this.jobs.get(id);
    if (!job) return this.sendError(response, { status: 404, reason: 'notFound', message: `Not found: Job ${this.options.projectId}:${id}` });
    const injected = this.takeInjection('results');
    if (injected !== null && injected !== 'hang' && injected !== 'stopped') return this.sendError(response, injected);
    const body = this.resultsBody(job, Number(params.get('maxResults') ?? 0), params.get('pageToken'), 'bigquery#getQueryResultsResponse');
    if ((body as { jobComplete?: boolean }).jobComplete === false) {
      setTimeout(() => this.sendJson(response, body), this.options.pendingDelayMs ?? 50);
      return;
    }
    this.sendJson(response, body);
  }

  private resultsBody(job: StoredJob, maxResults: number, pageToken: string | null, kind: string): unknown {
    const jobReference = { projectId: this.options.projectId, jobId: job.id, location: job.location };
    if (job.cancelled) {
      return { __error: { status: 400, reason: 'stopped', message: 'Job execution was cancelled: User requested cancellation' } };
    }
    if (job.hangs || job.pollsLeft > 0) {
      job.pollsLeft -= 1;
      return { kind, jobReference, jobComplete: false };
    }
    if (job.failure) return { __error: job.failure };

    const pageSize = Math.min(maxResults > 0 ? maxResults : Number.MAX_SAFE_INTEGER, this.options.pageSize ?? Number.MAX_SAFE_INTEGER);
    const offset = pageToken ? Number(pageToken.replace('page-', '')) : 0;
    const page = job.rows.slice(offset, offset + pageSize);
    const next = offset + pageSize < job.rows.length ? `page-${offset + pageSize}` : undefined;
    return {
      kind,
      jobReference,
      jobComplete: true,
      schema: { fields: job.fields },
      rows: page.map((row) => ({ f: row.map((v) => ({ v })) })),
      totalRows: String(job.rows.length),
      ...(next ? { pageToken: next } : {}),
      totalBytesProcessed: String(job.bytes),
      cacheHit: false,
    };
  }

  private cancel(id: string, response: ServerResponse): void {
    const job = this.jobs.get(id);
    if (!job) return this.sendError(response, { status: 404, reason: 'notFound', message: `Not found: Job ${this.options.projectId}:${id}` });
    job.cancelled = true;
    this.cancelledJobs.push(id);
    this.sendJson(response, {
      kind: 'bigquery#jobCancelResponse',
      job: { jobReference: { projectId: this.options.projectId, jobId: id, location: job.location }, status: { state: 'DONE' } },
    });
  }

  private async table(project: string, dataset: string, table: string, response: ServerResponse): Promise<void> {
    const injected = this.takeInjection('table');
    if (injected !== null && injected !== 'hang' && injected !== 'stopped') return this.sendError(response, injected);
    const key = `${dataset}.${table}`;
    if (!this.rowCounts.has(key)) return this.sendError(response, { status: 404, reason: 'notFound', message: `Not found: Table ${project}:${key}` });

    const connection = await this.instance.connect();
    try {
      const reader = await connection.runAndReadAll(`DESCRIBE "${dataset}"."${table}"`);
      const fields = reader.getRowObjectsJson().map((row) => ({ name: String(row.column_name), type: bigQueryType(String(row.column_type)), mode: 'NULLABLE' }));
      const field = this.options.partitioning?.[key];
      this.sendJson(response, {
        kind: 'bigquery#table',
        id: `${project}:${key}`,
        tableReference: { projectId: project, datasetId: dataset, tableId: table },
        schema: { fields },
        ...(field ? { timePartitioning: { type: 'DAY', field }, requirePartitionFilter: this.options.requirePartitionFilter?.includes(key) ?? false } : {}),
        numRows: String(this.rowCounts.get(key)),
        type: 'TABLE',
        location: 'US',
      });
    } finally {
      connection.closeSync();
    }
  }

  /** BigQuery rejects a query over such a table unless its partitioning field is filtered; here: a BETWEEN or >= right after FROM. */
  private checkPartitionFilters(sql: string): InjectedError | null {
    for (const key of this.options.requirePartitionFilter ?? []) {
      const [dataset, table] = key.split('.');
      const field = this.options.partitioning?.[key];
      const reference = new RegExp(`\`${dataset}\`\\.\`${table}\``, 'g');
      const filtered = new RegExp(`FROM (?:\`[^\`]+\`\\.)?\`${dataset}\`\\.\`${table}\`\\s+WHERE \`${field}\` (?:BETWEEN|>=)`, 'g');
      const references = sql.match(reference)?.length ?? 0;
      const filters = sql.match(filtered)?.length ?? 0;
      if (references > filters) {
        return {
          status: 400,
          reason: 'invalidQuery',
          message: `Cannot query over table '${this.options.projectId}.${key}' without a filter over column(s) '${field}' that can be used for partition elimination`,
        };
      }
    }
    return null;
  }

  private estimateBytes(duckSql: string): number {
    let bytes = 0;
    for (const [key, count] of this.rowCounts) {
      const [schema, table] = key.split('.');
      if (duckSql.includes(`"${schema}"."${table}"`)) bytes += count * 100;
    }
    return bytes;
  }

  private sendJson(response: ServerResponse, body: unknown): void {
    const error = (body as { __error?: InjectedError }).__error;
    if (error) return this.sendError(response, error);
    response.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
    response.end(JSON.stringify(body));
  }

  private sendError(response: ServerResponse, error: InjectedError): void {
    response.writeHead(error.status, { 'content-type': 'application/json; charset=UTF-8' });
    response.end(
      JSON.stringify({
        error: {
          code: error.status,
          message: error.message,
          errors: [{ message: error.message, domain: 'global', reason: error.reason }],
          status: BIGQUERY_STATUS[error.status] ?? 'UNKNOWN',
        },
      }),
    );
  }
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : null;
}

/** Rewrites the GoogleSQL of the history queries into DuckDB SQL; see the file header for what it covers. */
export function translateSql(sql: string): string {
  return sql
    .replace(/`([^`]*)`/g, '"$1"')
    .replace(/"[^"]+"\.(?="[^"]+"\."[^"]+")/g, '')
    .replace(/@([A-Za-z_][A-Za-z0-9_]*)/g, '$$$1')
    .replace(/\bSAFE_CAST\(/g, 'TRY_CAST(')
    .replace(/\bAS FLOAT64\)/g, 'AS DOUBLE)')
    .replace(/\bAS INT64\)/g, 'AS BIGINT)');
}

function readParameters(value: unknown): Record<string, string | number> {
  const parameters: Record<string, string | number> = {};
  for (const parameter of (value ?? []) as { name: string; parameterType: { type: string }; parameterValue: { value: string } }[]) {
    const raw = parameter.parameterValue.value;
    parameters[parameter.name] = parameter.parameterType.type === 'INT64' ? Number(raw) : raw;
  }
  return parameters;
}

function bigQueryType(duckdbType: string): string {
  if (/^(BIGINT|INTEGER|HUGEINT|SMALLINT|TINYINT|UBIGINT|UINTEGER)$/.test(duckdbType)) return 'INTEGER';
  if (/^(DOUBLE|FLOAT|REAL)$/.test(duckdbType) || duckdbType.startsWith('DECIMAL')) return 'FLOAT';
  if (duckdbType === 'DATE') return 'DATE';
  if (duckdbType.startsWith('TIMESTAMP')) return 'TIMESTAMP';
  if (duckdbType === 'BOOLEAN') return 'BOOLEAN';
  return 'STRING';
}

function encodeValue(value: unknown, type: string): string | null {
  if (value === null || value === undefined) return null;
  // With formatOptions.useInt64Timestamp, BigQuery sends TIMESTAMP as microseconds since the epoch.
  if (type === 'TIMESTAMP') return String(Date.parse(`${String(value).replace(' ', 'T')}Z`) * 1000);
  return String(value);
}

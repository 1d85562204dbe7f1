// The BigQuery source through the real @google-cloud/bigquery client against the loopback fake.
// Google's auth library probes the cloud metadata server unless this is set before any client exists.
process.env.METADATA_SERVER_DETECTION = 'none';

import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { mapBigQueryError, BigQueryHistorySource } from '../../../server/src/history/bigquery-source';
import { loadHistoryConfig, type HistorySettings } from '../../../server/src/history/config';
import { HistoryError, type HistoryRequest } from '../../../server/src/history/types';
import { FakeBigQuery, type InjectableCode } from '../../support/fake-bigquery';
import { EXPECTED_TIMESTAMP_COUNTS, EXPECTED_WITH_SCHEDULE, SEED_END, SEED_PROCESSOR, SEED_START, SEED_TODAY, writeSeedExports } from '../../support/history-seed';
import { guardConnections, type ConnectionGuard } from '../../support/loopback-guard';

const PROJECT = 'fake-project';

function request(overrides: Partial<HistoryRequest['target']> = {}): HistoryRequest {
  return {
    target: {
      processorName: SEED_PROCESSOR,
      table: { dataset: 'nba_raw', table: 'player_box_scores' },
      tableSource: 'language-server',
      dateColumn: 'game_date',
      dateColumnSource: 'table-metadata',
      ...overrides,
    },
    startDate: SEED_START,
    endDate: SEED_END,
    today: SEED_TODAY,
  };
}

async function rejectsWith(promise: Promise<unknown>, code: HistoryError['code']): Promise<HistoryError> {
  let caught: unknown;
  await assert.rejects(promise, (error: unknown) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof HistoryError, `expected HistoryError, got ${String(caught)}`);
  assert.equal(caught.code, code, `${caught.message}`);
  return caught;
}

async function waitFor(condition: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('BigQuery source against the loopback server', () => {
  let guard: ConnectionGuard;
  let fake: FakeBigQuery;

  function source(settings: Partial<HistorySettings> = {}): BigQueryHistorySource {
    return new BigQueryHistorySource(
      loadHistoryConfig({
        root: '/',
        settings: {
          'history.bigquery.project': PROJECT,
          'history.bigquery.apiEndpoint': fake.url,
          'history.schedule.table': 'nba_reference.nba_schedule',
          ...settings,
        },
      }),
    );
  }

  before(async () => {
    guard = guardConnections();
    fake = await FakeBigQuery.start({
      projectId: PROJECT,
      exportsFolder: writeSeedExports(),
      partitioning: { 'nba_raw.player_box_scores': 'game_date', 'nba_reference.processor_run_history': 'data_date', 'nba_raw.live_events': 'event_time' },
      requirePartitionFilter: ['nba_raw.player_box_scores', 'nba_reference.processor_run_history', 'nba_raw.live_events'],
      pageSize: 4,
      pendingPolls: 2,
    });
  });

  beforeEach(() => fake.clearInjections());

  after(async () => {
    await fake.close();
    guard.restore();
  });

  test('every status through the client', async () => {
    const result = await source().compare(request());
    assert.deepEqual(Object.fromEntries(result.dates.map((date) => [date.date, date.status])), EXPECTED_WITH_SCHEDULE);
    assert.equal(result.source, 'bigquery');
    assert.ok(result.bytesProcessed !== null && result.bytesProcessed > 0);
    const byDate = new Map(result.dates.map((date) => [date.date, date]));
    assert.equal(byDate.get('2026-11-02')!.rowsInsertedKey, 'missing');
    assert.equal(byDate.get('2026-11-03')!.rowsInsertedKey, 'zero');
    assert.equal(byDate.get('2026-11-03')!.runs, 2);
    assert.equal(byDate.get('2026-11-07')!.recordedRows, 100);
  });

  test('polls, pages and sends parameters', async () => {
    const first = fake.requests.length;
    await source({ 'history.bigquery.maximumBytesBilled': 5_000_000 }).compare(request());
    const calls = fake.requests.slice(first);

    const query = calls.find((call) => call.method === 'POST' && call.path.endsWith('/queries'));
    assert.ok(query, 'jobs.query was called');
    const body = query.body as { parameterMode: string; maximumBytesBilled: string; useLegacySql: boolean; queryParameters: { name: string; parameterValue: { value: string } }[] };
    assert.equal(body.parameterMode, 'NAMED');
    assert.equal(body.useLegacySql, false);
    assert.equal(body.maximumBytesBilled, '5000000');
    assert.deepEqual(
      Object.fromEntries(body.queryParameters.map((parameter) => [parameter.name, parameter.parameterValue.value])),
      { processor_name: SEED_PROCESSOR, start_date: SEED_START, end_date: SEED_END },
    );

    const reads = calls.filter((call) => call.method === 'GET' && /\/queries\/job_fake_\d+$/.test(call.path));
    // One more jobComplete: false after jobs.query, then three pages of four rows for 12 dates.
    assert.equal(reads.length, 4);
    assert.deepEqual(reads.map((call) => call.query.pageToken ?? null), [null, null, 'page-4', 'page-8']);
  });

  test('partition column from tables.get', async () => {
    const bigquery = source();
    assert.equal(await bigquery.partitionColumn({ dataset: 'nba_raw', table: 'player_box_scores' }), 'game_date');
    assert.equal(await bigquery.partitionColumn({ dataset: 'nba_reference', table: 'nba_schedule' }), null);
    const lookup = [...fake.requests].reverse().find((call) => call.path.includes('/datasets/'));
    assert.equal(lookup?.path, `/bigquery/v2/projects/${PROJECT}/datasets/nba_reference/tables/nba_schedule`);
    await rejectsWith(bigquery.partitionColumn({ dataset: 'nba_raw', table: 'missing_table' }), 'table-not-found');
  });

  test('timestamp partitioning column', async () => {
    const bigquery = source();
    const table = { dataset: 'nba_raw', table: 'live_events' };
    assert.equal(await bigquery.partitionColumn(table), 'event_time');
    const dateColumnType = await bigquery.dateColumnType(table, 'event_time');
    assert.equal(dateColumnType, 'TIMESTAMP');
    const result = await bigquery.compare(request({ table, dateColumn: 'event_time', dateColumnType }));
    const counts = Object.fromEntries(result.dates.filter((date) => date.actualRows > 0).map((date) => [date.date, date.actualRows]));
    assert.deepEqual(counts, EXPECTED_TIMESTAMP_COUNTS);
    assert.match(result.sql, /`event_time` >= CAST\(CAST\(@start_date AS DATE\) AS TIMESTAMP\) AND `event_time` < CAST\(DATE_ADD\(CAST\(@end_date AS DATE\), INTERVAL 1 DAY\) AS TIMESTAMP\)/);
  });

  test('latest output table and run date', async () => {
    const bigquery = source();
    assert.deepEqual(await bigquery.latestOutputTable(SEED_PROCESSOR, undefined, SEED_TODAY), { dataset: 'nba_raw', table: 'player_box_scores' });
    assert.equal(await bigquery.latestRunDate(SEED_PROCESSOR, undefined, SEED_TODAY), '2026-11-11');
  });

  test('bytes limit from the server', async () => {
    const error = await rejectsWith(source({ 'history.bigquery.maximumBytesBilled': 100 }).compare(request()), 'bytes-limit-exceeded');
    assert.match(error.hint, /maximumBytesBilled/);
  });

  test('partition filter on the wrong column', async () => {
    const error = await rejectsWith(source().compare(request({ dateColumn: 'player_id' })), 'partition-filter-required');
    assert.match(error.message, /game_date/);
  });

  const injected: [InjectableCode, RegExp][] = [
    ['no-credentials', /gcloud auth application-default login/],
    ['permission-denied', /roles\/bigquery\.jobUser/],
    ['table-not-found', /location/],
    ['partition-filter-required', /date-column/],
    ['bytes-limit-exceeded', /maximumBytesBilled/],
    ['query-failed', /Copy SQL/],
    ['cancelled', /again/],
  ];
  for (const [code, hint] of injected) {
    test(`injected ${code}`, async () => {
      fake.inject(code);
      const error = await rejectsWith(source().compare(request()), code);
      assert.match(error.hint, hint);
    });
  }

  test('tables.get errors', async () => {
    const bigquery = source();
    for (const code of ['no-credentials', 'permission-denied', 'table-not-found'] as const) {
      fake.injectTableError(code);
      await rejectsWith(bigquery.partitionColumn({ dataset: 'nba_raw', table: 'player_box_scores' }), code);
    }
  });

  test('timeout cancels the job', async () => {
    fake.inject('timeout');
    const cancelledBefore = fake.cancelledJobs.length;
    const error = await rejectsWith(source({ 'history.queryTimeoutMs': 300 }).compare(request()), 'timeout');
    assert.match(error.hint, /queryTimeoutMs/);
    await waitFor(() => fake.cancelledJobs.length > cancelledBefore);
    assert.equal(fake.cancelledJobs.length, cancelledBefore + 1);
  });

  test('abort signal cancels the job', async () => {
    fake.inject('timeout');
    const cancelledBefore = fake.cancelledJobs.length;
    const controller = new AbortController();
    const requestsBefore = fake.requests.length;
    const pending = source().compare(request(), controller.signal);
    await waitFor(() => fake.requests.slice(requestsBefore).some((call) => call.method === 'GET' && call.path.includes('/queries/')));
    controller.abort();
    await rejectsWith(pending, 'cancelled');
    await waitFor(() => fake.cancelledJobs.length > cancelledBefore);
    const cancelCall = [...fake.requests].reverse().find((call) => call.path.endsWith('/cancel'));
    assert.ok(cancelCall, 'jobs.cancel was called');
    assert.equal(fake.cancelledJobs.length, cancelledBefore + 1);
  });

  test('guard sees connections', async () => {
    // A refused connection to another loopback address proves the guard records what it should.
    const socket = net.connect({ host: '127.0.0.2', port: 9 });
    await new Promise<void>((resolve) => {
      socket.on('error', () => resolve());
      socket.on('connect', () => resolve());
    });
    socket.destroy();
    assert.ok(guard.targets.includes('127.0.0.2'));
    guard.targets.splice(guard.targets.indexOf('127.0.0.2'), 1);
  });

  test('no connection outside 127.0.0.1', () => {
    assert.ok(guard.targets.length > 0, 'the tests connected to the fake');
    assert.deepEqual(guard.outside(), []);
  });
});

describe('BigQuery error mapping', () => {
  const config = loadHistoryConfig({ root: '/', settings: { 'history.bigquery.project': PROJECT } });

  test('missing ADC is no-credentials', () => {
    const error = mapBigQueryError(new Error('Could not load the default credentials. Browse to https://cloud.google.com/docs/authentication/getting-started for more information.'), { config });
    assert.equal(error.code, 'no-credentials');
    assert.equal(error.hint, 'Run `gcloud auth application-default login`, then run the query again.');
  });

  test('expired token is no-credentials', () => {
    assert.equal(mapBigQueryError(new Error('invalid_grant: reauth related error (invalid_rapt)'), { config }).code, 'no-credentials');
  });

  test('unknown errors keep the message', () => {
    const error = mapBigQueryError(Object.assign(new Error('Resources exceeded during query execution'), { code: 400, errors: [{ reason: 'resourcesExceeded' }] }), { config });
    assert.equal(error.code, 'query-failed');
    assert.match(error.message, /Resources exceeded/);
  });

  test('missing project is rejected', () => {
    assert.throws(() => new BigQueryHistorySource(loadHistoryConfig({ root: '/', settings: {} })), (error: unknown) => {
      assert.ok(error instanceof HistoryError);
      assert.match(error.hint, /history\.bigquery\.project/);
      return true;
    });
  });
});

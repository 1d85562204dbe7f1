import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadHistoryConfig, type HistoryConfig } from '../../../server/src/history/config';
import { DuckdbHistorySource, listExportFiles } from '../../../server/src/history/duckdb-source';
import { HistoryError, type HistoryRequest } from '../../../server/src/history/types';
import {
  EXPECTED_TIMESTAMP_COUNTS,
  EXPECTED_WITH_SCHEDULE,
  EXPECTED_WITHOUT_SCHEDULE,
  SEED_END,
  SEED_PROCESSOR,
  SEED_START,
  SEED_TODAY,
  writeSeedExports,
} from '../../support/history-seed';

function request(): HistoryRequest {
  return {
    target: {
      processorName: SEED_PROCESSOR,
      table: { dataset: 'nba_raw', table: 'player_box_scores' },
      tableSource: 'language-server',
      dateColumn: 'game_date',
      dateColumnSource: 'table-metadata',
    },
    startDate: SEED_START,
    endDate: SEED_END,
    today: SEED_TODAY,
  };
}

function config(folder: string, withSchedule: boolean): HistoryConfig {
  return loadHistoryConfig({
    root: folder,
    settings: {
      'history.duckdb.path': folder,
      'history.schedule.table': withSchedule ? 'nba_reference.nba_schedule' : '',
    },
  });
}

describe('DuckDB source over CSV exports', () => {
  let folder: string;
  let withSchedule: DuckdbHistorySource;
  let withoutSchedule: DuckdbHistorySource;

  before(async () => {
    folder = writeSeedExports();
    withSchedule = await DuckdbHistorySource.open(config(folder, true));
    withoutSchedule = await DuckdbHistorySource.open(config(folder, false));
  });

  after(async () => {
    await withSchedule.close();
    await withoutSchedule.close();
  });

  test('every status with a schedule', async () => {
    const result = await withSchedule.compare(request());
    const statuses = Object.fromEntries(result.dates.map((date) => [date.date, date.status]));
    assert.deepEqual(statuses, EXPECTED_WITH_SCHEDULE);
    assert.equal(result.source, 'duckdb');
    assert.equal(result.bytesProcessed, null);
    assert.equal(result.totals['tracking-bug'], 2);
    assert.equal(result.totals['data-loss'], 2);
  });

  test('empty dates without a schedule', async () => {
    const result = await withoutSchedule.compare(request());
    const statuses = Object.fromEntries(result.dates.map((date) => [date.date, date.status]));
    assert.deepEqual(statuses, EXPECTED_WITHOUT_SCHEDULE);
    assert.ok(result.dates.every((date) => date.scheduledGames === null));
  });

  test('run counts take the final row of each run', async () => {
    const result = await withSchedule.compare(request());
    const byDate = new Map(result.dates.map((date) => [date.date, date]));

    const twoRuns = byDate.get('2026-11-03')!;
    assert.equal(twoRuns.runs, 2);
    assert.equal(twoRuns.successes, 1);
    assert.equal(twoRuns.failures, 1);
    assert.equal(twoRuns.lastStatus, 'success');

    const unfinished = byDate.get('2026-11-08')!;
    assert.equal(unfinished.runs, 1);
    assert.equal(unfinished.successes, 0);
    assert.equal(unfinished.lastStatus, 'running');

    const ok = byDate.get('2026-11-01')!;
    assert.equal(ok.runs, 1);
    assert.equal(ok.recordedRows, 10);
    assert.equal(ok.actualRows, 10);
    assert.equal(ok.scheduledGames, 2);
  });

  test('zero kinds from the summary JSON', async () => {
    const result = await withSchedule.compare(request());
    const byDate = new Map(result.dates.map((date) => [date.date, date]));
    assert.equal(byDate.get('2026-11-02')!.rowsInsertedKey, 'missing');
    assert.equal(byDate.get('2026-11-03')!.rowsInsertedKey, 'zero');
    assert.equal(byDate.get('2026-11-01')!.rowsInsertedKey, 'set');
    assert.equal(byDate.get('2026-11-05')!.rowsInsertedKey, null);
  });

  test('range filter excludes outside rows', async () => {
    const result = await withSchedule.compare({ ...request(), startDate: '2026-10-31', endDate: '2026-11-13' });
    const byDate = new Map(result.dates.map((date) => [date.date, date]));
    assert.equal(byDate.get('2026-10-31')!.actualRows, 1);
    assert.equal(result.dates.length, 14);

    const narrow = await withSchedule.compare({ ...request(), startDate: '2026-11-02', endDate: '2026-11-02' });
    assert.equal(narrow.dates.length, 1);
    assert.equal(narrow.dates[0].actualRows, 8);
  });

  test('result carries SQL and parameters', async () => {
    const result = await withSchedule.compare(request());
    assert.match(result.sql, /FROM "nba_raw"\."player_box_scores"/);
    assert.deepEqual(result.parameters, { processor_name: SEED_PROCESSOR, start_date: SEED_START, end_date: SEED_END });
  });

  test('partition column is the only DATE column', async () => {
    assert.equal(await withSchedule.partitionColumn({ dataset: 'nba_raw', table: 'player_box_scores' }), 'game_date');
    // Run history has a DATE and two TIMESTAMP columns, so only data_date is a DATE.
    assert.equal(await withSchedule.partitionColumn({ dataset: 'nba_reference', table: 'processor_run_history' }), 'data_date');
  });

  test('latest output table and run date', async () => {
    assert.deepEqual(await withSchedule.latestOutputTable(SEED_PROCESSOR), { dataset: 'nba_raw', table: 'player_box_scores' });
    assert.equal(await withSchedule.latestOutputTable('NoSuchProcessor'), null);
    assert.equal(await withSchedule.latestRunDate(SEED_PROCESSOR), '2026-11-11');
    assert.equal(await withSchedule.latestRunDate(null), '2026-11-12');
  });

  test('timestamp date column', async () => {
    const table = { dataset: 'nba_raw', table: 'live_events' };
    const dateColumnType = await withSchedule.dateColumnType(table, 'event_time');
    assert.equal(dateColumnType, 'TIMESTAMP');
    const result = await withSchedule.compare({ ...request(), target: { ...request().target, table, dateColumn: 'event_time', dateColumnType } });
    const counts = Object.fromEntries(result.dates.filter((date) => date.actualRows > 0).map((date) => [date.date, date.actualRows]));
    assert.deepEqual(counts, EXPECTED_TIMESTAMP_COUNTS);
  });

  test('date column type errors', async () => {
    assert.equal(await withSchedule.dateColumnType({ dataset: 'nba_raw', table: 'player_box_scores' }, 'GAME_DATE'), 'DATE');
    await assert.rejects(withSchedule.dateColumnType({ dataset: 'nba_raw', table: 'player_box_scores' }, 'played_on'), /Column played_on not found in table nba_raw\.player_box_scores/);
    await assert.rejects(withSchedule.dateColumnType({ dataset: 'nba_raw', table: 'player_box_scores' }, 'player_id'), /Date column player_id of table nba_raw\.player_box_scores has type VARCHAR/);
  });

  test('missing table names the table', async () => {
    const bad = request();
    bad.target.table = { dataset: 'nba_raw', table: 'no_such_table' };
    await assert.rejects(withSchedule.compare(bad), (error: unknown) => {
      assert.ok(error instanceof HistoryError);
      assert.equal(error.code, 'table-not-found');
      assert.match(error.message, /nba_raw\.no_such_table/);
      assert.match(error.hint, /no_such_table\.csv/);
      return true;
    });
  });

  test('invalid column is rejected', async () => {
    const bad = request();
    bad.target.dateColumn = 'game_date; DROP TABLE x';
    await assert.rejects(withSchedule.compare(bad), (error: unknown) => {
      assert.ok(error instanceof HistoryError);
      assert.equal(error.code, 'invalid-identifier');
      assert.match(error.message, /game_date; DROP TABLE x/);
      return true;
    });
  });

  test('aborted signal cancels', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(withSchedule.compare(request(), controller.signal), (error: unknown) => {
      assert.ok(error instanceof HistoryError);
      assert.equal(error.code, 'cancelled');
      return true;
    });
  });
});

describe('DuckDB source over a database file', () => {
  test('same statuses as the exports', async () => {
    const folder = writeSeedExports();
    const databasePath = join(mkdtempSync(join(tmpdir(), 'pl-history-db-')), 'history.duckdb');
    const instance = await DuckDBInstance.create(databasePath);
    const connection = await instance.connect();
    for (const file of listExportFiles(folder)) {
      await connection.run(`CREATE SCHEMA IF NOT EXISTS "${file.schema}"`);
      await connection.run(`CREATE TABLE "${file.schema}"."${file.table}" AS SELECT * FROM read_csv('${file.path}')`);
    }
    connection.closeSync();
    instance.closeSync();

    const source = await DuckdbHistorySource.open(loadHistoryConfig({
      root: folder,
      settings: { 'history.duckdb.path': databasePath, 'history.schedule.table': 'nba_reference.nba_schedule' },
    }));
    try {
      const result = await source.compare(request());
      assert.deepEqual(Object.fromEntries(result.dates.map((date) => [date.date, date.status])), EXPECTED_WITH_SCHEDULE);
      assert.match(source.describe(), /history\.duckdb$/);
    } finally {
      await source.close();
    }
  });

  test('missing path names the setting', async () => {
    await assert.rejects(DuckdbHistorySource.open(loadHistoryConfig({ root: '/nonexistent', settings: {} })), (error: unknown) => {
      assert.ok(error instanceof HistoryError);
      assert.match(error.message, /\/nonexistent\/\.processor-lens\/history/);
      assert.match(error.hint, /duckdb\.path/);
      return true;
    });
  });

  test('bare export name serves any dataset', async () => {
    const folder = writeSeedExports();
    const bare = mkdtempSync(join(tmpdir(), 'pl-history-bare-'));
    copyFileSync(join(folder, 'nba_reference.processor_run_history.csv'), join(bare, 'processor_run_history.csv'));
    copyFileSync(join(folder, 'nba_raw.player_box_scores.csv'), join(bare, 'nba_raw.player_box_scores.csv'));
    writeFileSync(join(bare, 'notes.txt'), 'not an export');
    const source = await DuckdbHistorySource.open(loadHistoryConfig({ root: bare, settings: { 'history.duckdb.path': bare } }));
    try {
      assert.deepEqual(source.tableNames(), ['main.processor_run_history', 'nba_raw.player_box_scores']);
      const result = await source.compare(request());
      assert.deepEqual(Object.fromEntries(result.dates.map((date) => [date.date, date.status])), EXPECTED_WITHOUT_SCHEDULE);
    } finally {
      await source.close();
    }
  });
});

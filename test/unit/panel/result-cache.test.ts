import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cacheKey, ResultCache, type CacheKeyParts } from '../../../client/src/panel/result-cache';
import { DATE_STATUSES, type DateStatus, type HistoryResult } from '../../../server/src/history/types';

function result(processorName: string, startDate = '2026-11-01', endDate = '2026-11-30'): HistoryResult {
  const totals = Object.fromEntries(DATE_STATUSES.map((status) => [status, 0])) as Record<DateStatus, number>;
  return {
    target: { processorName, table: { dataset: 'nba_raw', table: 't' }, tableSource: 'language-server', dateColumn: 'game_date', dateColumnSource: 'default' },
    request: {
      target: { processorName, table: { dataset: 'nba_raw', table: 't' }, tableSource: 'language-server', dateColumn: 'game_date', dateColumnSource: 'default' },
      startDate,
      endDate,
      today: endDate,
    },
    dates: [],
    totals,
    sql: 'SELECT 1',
    parameters: {},
    bytesProcessed: null,
    source: 'duckdb',
    elapsedMs: 1,
  };
}

const parts: CacheKeyParts = {
  source: 'DuckDB: /data',
  processorName: 'BoxScoresProcessor',
  table: 'nba_raw.player_box_scores',
  dateColumn: 'game_date',
  startDate: '2026-11-01',
  endDate: '2026-11-30',
};

describe('cacheKey', () => {
  test('every part changes the key', () => {
    const base = cacheKey(parts);
    for (const name of Object.keys(parts) as (keyof CacheKeyParts)[]) {
      assert.notEqual(cacheKey({ ...parts, [name]: `${parts[name]}x` }), base, name);
    }
  });

  test('parts cannot run into each other', () => {
    assert.notEqual(cacheKey({ ...parts, processorName: 'A', table: 'b.c' }), cacheKey({ ...parts, processorName: 'A.b', table: 'c' }));
  });
});

describe('ResultCache', () => {
  test('entry expires after the TTL', () => {
    let now = 1_000;
    const cache = new ResultCache(300_000, () => now);
    cache.set('k', result('A'));
    now += 299_999;
    assert.ok(cache.get('k'));
    now += 1;
    assert.equal(cache.get('k'), undefined);
  });

  test('TTL of zero disables caching', () => {
    const cache = new ResultCache(0);
    const entry = cache.set('k', result('A'));
    assert.equal(entry.result.target.processorName, 'A');
    assert.equal(cache.get('k'), undefined);
  });

  test('latest fresh entry per processor', () => {
    let now = 0;
    const cache = new ResultCache(1_000, () => now);
    cache.set('a-old', result('A', '2026-10-01', '2026-10-30'));
    now = 100;
    cache.set('a-new', result('A', '2026-11-01', '2026-11-30'));
    cache.set('b', result('B'));
    const latest = cache.latestByProcessor();
    assert.deepEqual([...latest.keys()].sort(), ['A', 'B']);
    assert.equal(latest.get('A')?.result.request.startDate, '2026-11-01');

    now = 1_050;
    assert.deepEqual([...cache.latestByProcessor().keys()].sort(), ['A', 'B']);
    now = 1_100;
    assert.equal(cache.latestByProcessor().size, 0);
  });

  test('uncompared tables give no evidence', () => {
    const cache = new ResultCache(1_000, () => 0);
    const second = result('A');
    second.target = { ...second.target, table: { dataset: 'nba_raw', table: 'history' }, recordedRowsTable: { dataset: 'nba_raw', table: 't' } };
    cache.set('a-second', second);
    assert.equal(cache.latestByProcessor().size, 0);

    cache.set('a-first', result('A'));
    assert.equal(cache.latestByProcessor().get('A')?.result.target.table.table, 't');
  });

  test('other ranges give no evidence', () => {
    const cache = new ResultCache(1_000, () => 0);
    cache.set('a-7', result('A', '2026-11-24', '2026-11-30'), null, false);
    assert.equal(cache.latestByProcessor().size, 0);
    cache.set('a-30', result('A'));
    assert.equal(cache.latestByProcessor().get('A')?.result.request.startDate, '2026-11-01');
  });

  test('listeners hear additions and removals', () => {
    const cache = new ResultCache(1_000);
    let calls = 0;
    const subscription = cache.onDidChange(() => (calls += 1));
    cache.set('k', result('A'));
    cache.delete('k');
    cache.delete('k');
    cache.set('k', result('A'));
    cache.clear();
    cache.clear();
    assert.equal(calls, 4);
    subscription.dispose();
    cache.set('k', result('A'));
    assert.equal(calls, 4);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  buildCompareQuery,
  buildCountsQuery,
  buildRunsQuery,
  DEFAULT_RUN_HISTORY_COLUMNS,
  inlineParameters,
  parseTableRef,
  validateColumn,
  type CompareQuerySpec,
  type SqlDialect,
} from '../../../server/src/history/sql';
import { HistoryError } from '../../../server/src/history/types';

function spec(dialect: SqlDialect, overrides: Partial<CompareQuerySpec> = {}): CompareQuerySpec {
  return {
    dialect,
    runHistory: { table: { dataset: 'nba_reference', table: 'processor_run_history' }, columns: { ...DEFAULT_RUN_HISTORY_COLUMNS }, statKey: 'rows_inserted' },
    processorName: "O'Brien'; DROP TABLE x; --",
    target: { table: { project: 'my-project', dataset: 'nba_raw', table: 'player_box_scores' }, dateColumn: 'game_date' },
    schedule: { table: { dataset: 'nba_reference', table: 'nba_schedule' }, dateColumn: 'game_date' },
    startDate: '2026-11-01',
    endDate: '2026-11-30',
    ...overrides,
  };
}

function rejectsIdentifier(action: () => unknown, value: string): void {
  assert.throws(action, (error: unknown) => {
    assert.ok(error instanceof HistoryError, `expected HistoryError, got ${String(error)}`);
    assert.equal(error.code, 'invalid-identifier');
    assert.ok(error.message.includes(JSON.stringify(value)), `message ${error.message} should name ${value}`);
    return true;
  });
}

describe('identifier validation', () => {
  const validTables = [
    'nba_raw.player_box_scores',
    'my-project.nba_raw.player_box_scores',
    'example.com:my-project.nba_raw.t',
    '`nba_raw.player_box_scores`',
    'nba_raw.player-box-scores',
    'nba_raw.spieler_übersicht',
  ];
  for (const text of validTables) {
    test(`accepts ${text}`, () => {
      assert.doesNotThrow(() => parseTableRef(text));
    });
  }

  test('parses parts', () => {
    assert.deepEqual(parseTableRef('p-roject1.ds.t'), { project: 'p-roject1', dataset: 'ds', table: 't' });
    assert.deepEqual(parseTableRef('t', { dataset: 'ds' }), { dataset: 'ds', table: 't' });
    assert.deepEqual(parseTableRef('example.com:my-project.ds.t'), { project: 'example.com:my-project', dataset: 'ds', table: 't' });
  });

  const invalidTables: [text: string, named: string][] = [
    ['nba_raw.box`; DROP TABLE x', 'box`; DROP TABLE x'],
    ['nba raw.box', 'nba raw'],
    ['nba_raw.box scores', 'box scores'],
    ['a.b.c.d', 'a.b.c.d'],
    ['table_only', 'table_only'],
    ['Bad_Project.ds.t', 'Bad_Project'],
    ['ds."t"', '"t"'],
    ['ds.', ''],
  ];
  for (const [text, named] of invalidTables) {
    test(`rejects ${text}`, () => rejectsIdentifier(() => parseTableRef(text), named));
  }

  test('rejects bad column names', () => {
    for (const column of ['1date', 'game date', 'game_date`', 'a-b', '', 'x'.repeat(301)]) {
      rejectsIdentifier(() => validateColumn(column), column);
    }
    assert.equal(validateColumn('_partitiondate'), '_partitiondate');
  });

  test('compare query rejects bad names', () => {
    rejectsIdentifier(() => buildCompareQuery(spec('bigquery', { target: { table: { dataset: 'nba_raw', table: 'x' }, dateColumn: 'd`) --' } })), 'd`) --');
    const columns = { ...DEFAULT_RUN_HISTORY_COLUMNS, status: 'status; --' };
    rejectsIdentifier(
      () => buildCompareQuery(spec('duckdb', { runHistory: { table: { dataset: 'a', table: 'b' }, columns, statKey: 'rows_inserted' } })),
      'status; --',
    );
    rejectsIdentifier(
      () => buildCompareQuery(spec('duckdb', { runHistory: { table: { dataset: 'a', table: 'b' }, columns: DEFAULT_RUN_HISTORY_COLUMNS, statKey: "x') --" } })),
      "x') --",
    );
  });
});

describe('query text', () => {
  test('values are parameters only', () => {
    for (const dialect of ['bigquery', 'duckdb'] as const) {
      const query = buildCompareQuery(spec(dialect));
      assert.ok(!query.sql.includes("O'Brien"), `${dialect}: the processor name must not be in the SQL text`);
      assert.ok(!query.sql.includes('2026-11-01'), `${dialect}: dates must not be in the SQL text`);
      assert.equal(query.parameters.processor_name, "O'Brien'; DROP TABLE x; --");
      assert.equal(query.parameters.start_date, '2026-11-01');
    }
  });

  test('bigquery quoting and parameters', () => {
    const { sql } = buildCompareQuery(spec('bigquery'));
    assert.match(sql, /FROM `my-project`\.`nba_raw`\.`player_box_scores`/);
    assert.match(sql, /`data_date` BETWEEN CAST\(@start_date AS DATE\) AND CAST\(@end_date AS DATE\)/);
    assert.match(sql, /`game_date` BETWEEN CAST\(@start_date AS DATE\)/);
    assert.match(sql, /SAFE_CAST\(stat_value AS FLOAT64\)/);
    assert.ok(!sql.includes('$'.concat('start_date')));
  });

  test('duckdb differs only in dialect tokens', () => {
    const bigquery = buildCompareQuery(spec('bigquery')).sql;
    const duckdb = buildCompareQuery(spec('duckdb')).sql;
    const normalized = bigquery
      .replace('`my-project`.', '')
      .replace(/`([^`]*)`/g, '"$1"')
      .replace(/@([a-z_]+)/g, '$$$1')
      .replace('SAFE_CAST(stat_value AS FLOAT64)', 'TRY_CAST(stat_value AS DOUBLE)');
    assert.equal(normalized, duckdb);
  });

  test('schedule join is optional', () => {
    const withSchedule = buildCompareQuery(spec('bigquery')).sql;
    const without = buildCompareQuery(spec('bigquery', { schedule: null })).sql;
    assert.match(withSchedule, /schedule_counts/);
    assert.doesNotMatch(without, /schedule_counts/);
    assert.match(without, /CAST\(NULL AS INT64\) AS scheduled_games/);
  });

  test('runs query lists processors as parameters', () => {
    const query = buildRunsQuery({
      dialect: 'bigquery',
      runHistory: spec('bigquery').runHistory,
      processorNames: ['A', 'B', 'C'],
      startDate: '2026-11-01',
      endDate: '2026-11-30',
    });
    assert.match(query.sql, /`processor_name` IN \(@processor_0, @processor_1, @processor_2\)/);
    assert.equal(query.parameters.processor_2, 'C');
  });

  test('counts query is one UNION ALL', () => {
    const query = buildCountsQuery({
      dialect: 'bigquery',
      tables: [
        { table: { dataset: 'a', table: 'x' }, dateColumn: 'd1' },
        { table: { dataset: 'b', table: 'y' }, dateColumn: 'd2' },
      ],
      startDate: '2026-11-01',
      endDate: '2026-11-30',
    });
    assert.equal(query.sql.split('UNION ALL').length, 2);
    assert.match(query.sql, /SELECT 1 AS table_index, `d2` AS count_date/);
    assert.match(query.sql, /`d2` BETWEEN CAST\(@start_date AS DATE\)/);
  });

  test('inlined SQL escapes quotes', () => {
    const text = inlineParameters(buildCompareQuery(spec('bigquery')));
    assert.match(text, /= 'O\\'Brien\\'; DROP TABLE x; --'/);
    assert.match(text, /CAST\('2026-11-01' AS DATE\)/);
  });
});

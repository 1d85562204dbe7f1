import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { AttributeValue } from '../../../server/src/engine/types';
import { loadHistoryConfig, type HistoryConfig } from '../../../server/src/history/config';
import { DuckdbHistorySource } from '../../../server/src/history/duckdb-source';
import { toCsv } from '../../../server/src/history/csv';
import { chooseDateColumn, classTableCandidates, processorNameOf, resolveTarget, type ProcessorRef } from '../../../server/src/history/resolve-target';
import { HistoryError } from '../../../server/src/history/types';
import { SEED_END, SEED_PROCESSOR, SEED_START, SEED_TODAY, writeSeedExports } from '../../support/history-seed';

function attributes(values: Record<string, string>, definedIn = 'Processor'): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, { value, definedIn, path: '/w/p.py', line: 4 }]));
}

function processor(className: string, values: Record<string, string>): ProcessorRef {
  return { className, attributes: attributes(values) };
}

describe('class table candidates', () => {
  test('bare table takes dataset_id', () => {
    const { candidates } = classTableCandidates(processor('A', { dataset_id: 'nba_raw', table_name: 'box' }));
    assert.deepEqual(candidates.map((candidate) => candidate.table), [{ dataset: 'nba_raw', table: 'box' }]);
    assert.equal(candidates[0].origin, 'Processor.table_name');
  });

  test('qualified table keeps its dataset', () => {
    const { candidates } = classTableCandidates(processor('A', { project_id: 'nba-props-platform', dataset_id: 'other', table_name: 'nba_raw.player_boxscores' }));
    assert.deepEqual(candidates[0].table, { project: 'nba-props-platform', dataset: 'nba_raw', table: 'player_boxscores' });
  });

  test('second table attribute is a candidate', () => {
    const { candidates } = classTableCandidates(processor('A', { dataset_id: 'd', table_name: 'main', history_table_name: 'd.history', run_history_table: 'nba_reference.processor_run_history' }));
    assert.deepEqual(candidates.map((candidate) => candidate.table.table), ['main', 'history']);
  });

  test('empty and invalid names', () => {
    assert.deepEqual(classTableCandidates(processor('A', { dataset_id: 'd', table_name: '' })).candidates, []);
    const { candidates, problems } = classTableCandidates(processor('A', { dataset_id: 'd', table_name: 'bad name; --' }));
    assert.deepEqual(candidates, []);
    assert.equal(problems.length, 1);
    assert.match(problems[0], /Processor\.table_name = "bad name; --" \(\/w\/p\.py:5\)/);
  });

  test('processor_type names the processor', () => {
    assert.equal(processorNameOf(processor('A', { processor_type: 'a_type' })), 'a_type');
    assert.equal(processorNameOf(processor('A', {})), 'A');
  });
});

describe('resolveTarget on DuckDB', () => {
  let source: DuckdbHistorySource;
  let config: HistoryConfig;

  before(async () => {
    const folder = writeSeedExports();
    // A table with one DATE column and a TIMESTAMP column, and one whose only DATE column is the configured one.
    writeFileSync(join(folder, 'nba_raw.loads.csv'), toCsv(['loaded_on', 'stat_time'], [['2026-11-01', '2026-11-01 10:00:00']]));
    writeFileSync(join(folder, 'nba_raw.accumulated_stats.csv'), toCsv(['stat_date', 'value'], [['2026-11-01', '1']]));
    config = loadHistoryConfig({
      root: folder,
      settings: { 'history.duckdb.path': folder },
      pyprojectRaw: {
        processors: {
          Configured: { table: 'nba_raw.loads', 'date-column': 'stat_time', schedule: false },
          AccumulateProcessor: { table: 'nba_raw.accumulated_stats', 'date-column': 'stat_date' },
          Nothing: { 'date-column': 'x' },
        },
      },
    });
    source = await DuckdbHistorySource.open(config);
  });

  after(async () => {
    await source.close();
  });

  test('class attributes first', async () => {
    const resolved = await resolveTarget(processor(SEED_PROCESSOR, { dataset_id: 'nba_raw', table_name: 'player_box_scores' }), config, source);
    assert.equal(resolved.target.tableSource, 'language-server');
    // DuckDB has no partitioning: the table's only DATE column is inferred.
    assert.deepEqual([resolved.target.dateColumn, resolved.target.dateColumnSource], ['game_date', 'inferred']);
    assert.equal(resolved.target.useSchedule, true);
  });

  test('run history output table', async () => {
    const resolved = await resolveTarget(processor(SEED_PROCESSOR, { dataset_id: 'nba_raw', table_name: '' }), config, source);
    assert.equal(resolved.target.tableSource, 'run-history');
    assert.deepEqual(resolved.target.table, { dataset: 'nba_raw', table: 'player_box_scores' });
  });

  test('pyproject table and schedule', async () => {
    const resolved = await resolveTarget(processor('Configured', {}), config, source);
    assert.equal(resolved.target.tableSource, 'pyproject');
    assert.equal(resolved.target.useSchedule, false);
    // The configured column wins over the DATE column DuckDB infers.
    assert.deepEqual([resolved.target.dateColumn, resolved.target.dateColumnSource], ['stat_time', 'pyproject']);
    assert.equal(resolved.target.dateColumnType, 'TIMESTAMP');
  });

  test('configured date column is labelled', async () => {
    const resolved = await resolveTarget(processor('AccumulateProcessor', {}), config, source);
    assert.deepEqual([resolved.target.dateColumn, resolved.target.dateColumnSource], ['stat_date', 'pyproject']);
  });

  test('choosing among candidates', async () => {
    const ref = processor(SEED_PROCESSOR, { dataset_id: 'nba_raw', table_name: 'player_box_scores', second_table_name: 'nba_reference.nba_schedule' });
    const resolved = await resolveTarget(ref, config, source, { table: 'nba_reference.nba_schedule' });
    assert.deepEqual(resolved.target.table, { dataset: 'nba_reference', table: 'nba_schedule' });
    assert.deepEqual(resolved.candidates.map((candidate) => candidate.table.table), ['nba_schedule', 'player_box_scores']);
    await assert.rejects(resolveTarget(ref, config, source, { table: 'x.y' }), /Table x\.y is not one of the tables of BoxScoresProcessor: nba_raw\.player_box_scores, nba_reference\.nba_schedule/);
  });

  test('second table is not compared', async () => {
    const ref = processor(SEED_PROCESSOR, { dataset_id: 'nba_raw', table_name: 'player_box_scores', history_table_name: 'nba_reference.nba_schedule' });
    const first = await resolveTarget(ref, config, source);
    assert.equal(first.target.recordedRowsTable, undefined);

    const second = await resolveTarget(ref, config, source, { table: 'nba_reference.nba_schedule' });
    assert.deepEqual(second.target.recordedRowsTable, { dataset: 'nba_raw', table: 'player_box_scores' });

    const result = await source.compare({ target: second.target, startDate: SEED_START, endDate: SEED_END, today: SEED_TODAY });
    assert.deepEqual([...new Set(result.dates.map((date) => date.status))], ['not-compared']);
    assert.equal(result.totals['not-compared'], result.dates.length);
    assert.equal(result.totals.mismatch, 0);
    assert.ok(result.dates.some((date) => date.actualRows > 0), 'the second table still shows its rows per date');
  });

  test('latest output table owns the count', async () => {
    // The run history of the seed processor names player_box_scores as its output table, so that
    // table owns the count even when table_name names another one.
    const ref = processor(SEED_PROCESSOR, { dataset_id: 'nba_raw', table_name: 'nba_reference.nba_schedule', box_table_name: 'player_box_scores' });
    const first = await resolveTarget(ref, config, source);
    assert.deepEqual(first.target.table, { dataset: 'nba_reference', table: 'nba_schedule' });
    assert.deepEqual(first.target.recordedRowsTable, { dataset: 'nba_raw', table: 'player_box_scores' });

    const box = await resolveTarget(ref, config, source, { table: 'nba_raw.player_box_scores' });
    assert.equal(box.target.recordedRowsTable, undefined);
  });

  test('no table names the fix', async () => {
    await assert.rejects(resolveTarget(processor('Nothing', {}), config, source), (error: unknown) => {
      assert.ok(error instanceof HistoryError);
      assert.equal(error.code, 'table-not-found');
      assert.match(error.message, /No table is known for processor Nothing/);
      assert.match(error.hint, /\[tool\.processor-lens\.processors\.Nothing\]/);
      return true;
    });
  });
});

describe('chooseDateColumn', () => {
  const config = loadHistoryConfig({ root: '/w', pyprojectRaw: { processors: { P: { table: 'nba_raw.t', 'date-column': 'stat_date' } } } });
  const configured = processor('P', {});
  const bare = processor('Q', {});

  test('partitioning metadata wins', () => {
    assert.deepEqual(chooseDateColumn(configured, config, 'game_date'), { dateColumn: 'game_date', source: 'table-metadata' });
  });

  test('configuration beats an inferred column', () => {
    assert.deepEqual(chooseDateColumn(configured, config, 'game_date', true), { dateColumn: 'stat_date', source: 'pyproject' });
  });

  test('inferred column beats the default', () => {
    assert.deepEqual(chooseDateColumn(bare, config, 'loaded_on', true), { dateColumn: 'loaded_on', source: 'inferred' });
    assert.deepEqual(chooseDateColumn(bare, config, null, true), { dateColumn: 'game_date', source: 'default' });
  });
});

describe('history configuration', () => {
  test('pyproject wins over settings', () => {
    const config = loadHistoryConfig({
      root: '/w',
      settings: { 'history.endDate': 'today', 'history.tolerance': 0.1 },
      pyprojectRaw: { history: { 'end-date': 'latest-run', 'run-history-columns': { processor_name: 'name' } } },
    });
    assert.equal(config.endDate, 'latest-run');
    assert.equal(config.tolerance, 0.1);
    assert.equal(config.columns.processorName, 'name');
    assert.equal(config.duckdbPath, '/w/.processor-lens/history');
  });

  const invalid: [name: string, raw: Record<string, unknown>, message: RegExp][] = [
    ['unknown history key', { history: { 'end-dat': 'today' } }, /Unknown key "end-dat" in \[tool\.processor-lens\.history\]/],
    ['wrong value type', { history: { tolerance: 'high' } }, /"tolerance" .* is a string, expected a number/],
    ['bad end date', { history: { 'end-date': 'yesterday' } }, /End date "yesterday"/],
    ['unknown column', { history: { 'run-history-columns': { proc: 'x' } } }, /Unknown run-history column "proc"/],
    ['bad column name', { history: { 'run-history-columns': { status: 'st atus' } } }, /Invalid run-history column name \(status\) "st atus"/],
    ['unknown processor key', { processors: { A: { tabel: 'd.t' } } }, /Unknown key "tabel" in \[tool\.processor-lens\.processors\.A\]/],
    ['bad processor table', { processors: { A: { table: 'no_dataset' } } }, /"no_dataset"/],
  ];
  for (const [name, raw, message] of invalid) {
    test(name, () => {
      assert.throws(() => loadHistoryConfig({ root: '/w', pyprojectRaw: raw }), (error: unknown) => {
        assert.ok(error instanceof HistoryError);
        assert.match(error.message, message);
        return true;
      });
    });
  }
});

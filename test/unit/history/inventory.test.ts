// The inventory over the sample workspace and its bundled dataset, from the embedded DuckDB
// source and from the real BigQuery client against the loopback fake, in all three formats.
process.env.METADATA_SERVER_DETECTION = 'none';

import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { runInventory } from '../../../server/src/cli/inventory';
import { createWorkspace } from '../../../server/src/engine';
import type { AnalysisResult } from '../../../server/src/engine/types';
import { BigQueryHistorySource } from '../../../server/src/history/bigquery-source';
import { loadHistoryConfig, type HistoryConfig } from '../../../server/src/history/config';
import { DuckdbHistorySource } from '../../../server/src/history/duckdb-source';
import { buildInventory, compareReports, type InventoryReport, type ProcessorInventory } from '../../../server/src/history/inventory';
import { compressDates, renderInventory } from '../../../server/src/history/inventory-render';
import { HistoryError, type DateStatus } from '../../../server/src/history/types';
import { FakeBigQuery } from '../../support/fake-bigquery';
import { guardConnections, type ConnectionGuard } from '../../support/loopback-guard';
import { SAMPLE_PARTITIONING } from '../../support/sample-partitioning';

const REPO = resolve(__dirname, '../../..');
const SAMPLE = join(REPO, 'sample-workspace');
const DATASET = join(SAMPLE, '.processor-lens/history');
const SNAPSHOT = join(__dirname, '__snapshots__/inventory-sample.md');
const RANGE = { since: '2026-09-05', until: '2026-12-03', today: '2026-12-03' };
const NOW = () => new Date('2026-12-04T08:00:00.000Z');

/** Seeded categories of the sample dataset (see scripts/make-sample-history.ts). */
const EXPECTED_DATES: [processor: string, status: DateStatus, dates: string[]][] = [
  ['BoxScoresProcessor', 'tracking-bug', ['2026-10-24', '2026-10-31', '2026-11-03', '2026-11-11', '2026-11-17', '2026-11-22', '2026-11-29']],
  ['BoxScoresProcessor', 'data-loss', ['2026-11-08', '2026-11-20']],
  ['BoxScoresProcessor', 'mismatch', ['2026-11-13']],
  ['BoxScoresProcessor', 'failed', ['2026-10-28']],
  ['bdl_injury_report', 'tracking-bug', ['2026-11-18', '2026-11-19', '2026-11-21']],
  ['espn_live_scoreboard', 'tracking-bug', ['2026-11-06', '2026-11-14']],
  ['nbacom_player_boxscores', 'tracking-bug', ['2026-10-22', '2026-11-01', '2026-11-15', '2026-12-01']],
  ['odds_api_player_props', 'mismatch', ['2026-11-04', '2026-11-19', '2026-11-25']],
  ['team_pace_features', 'failed', ['2026-11-12', '2026-11-13']],
  ['team_pace_features', 'tracking-bug', ['2026-11-27', '2026-11-28']],
  ['PlayerGameSummaryProcessor', 'untracked', ['2026-10-20', '2026-10-21', '2026-10-22']],
  ['GamebookProcessor', 'data-loss', ['2026-11-30']],
  ['InjuriesProcessor', 'ok', []],
  ['StandingsProcessor', 'data-loss', ['2026-11-21']],
  ['nbacom_standings', 'mismatch', ['2026-10-25', '2026-11-09']],
  ['team_defense_game_summary', 'tracking-bug', ['2026-10-29', '2026-11-12', '2026-11-24']],
  ['PitcherLinesProcessor', 'tracking-bug', ['2026-10-30', '2026-11-21']],
  ['PlayByPlayProcessor', 'tracking-bug', ['2026-11-02', '2026-11-18']],
  ['RosterProcessor', 'tracking-bug', ['2026-11-05', '2026-11-19']],
  ['ReferenceDataProcessor', 'failed', ['2026-11-07', '2026-11-27']],
  ['ScoreboardProcessor', 'failed', ['2026-11-16']],
  ['AliasProcessor', 'ok', []],
];

let analysis: AnalysisResult;
let pyprojectRaw: Record<string, unknown>;

function sampleConfig(settings: Parameters<typeof loadHistoryConfig>[0]['settings'] = {}): HistoryConfig {
  return loadHistoryConfig({ root: SAMPLE, settings, pyprojectRaw, statKey: 'rows_inserted' });
}

function byName(report: InventoryReport, name: string): ProcessorInventory {
  const found = report.processors.find((inventory) => inventory.processorName === name);
  assert.ok(found, `processor ${name} is in the report`);
  return found;
}

function statusTotals(report: InventoryReport): Record<string, Record<DateStatus, number>> {
  return Object.fromEntries(report.processors.map((inventory) => [inventory.processorName, inventory.totals]));
}

before(async () => {
  const workspace = await createWorkspace(SAMPLE);
  await workspace.scan();
  analysis = workspace.analyze();
  pyprojectRaw = workspace.config.raw;
});

describe('inventory on DuckDB', () => {
  let report: InventoryReport;

  before(async () => {
    const source = await DuckdbHistorySource.open(sampleConfig());
    try {
      report = await buildInventory(analysis, source, { ...RANGE, now: NOW, includeComparisons: true });
    } finally {
      await source.close();
    }
  });

  for (const [processor, status, dates] of EXPECTED_DATES) {
    test(`${processor} ${status}`, () => {
      const inventory = byName(report, processor);
      if (status === 'ok') {
        for (const problem of ['data-loss', 'tracking-bug', 'mismatch', 'untracked', 'failed'] as const) assert.equal(inventory.totals[problem], 0, problem);
        assert.ok(inventory.totals.ok > 60);
      } else {
        assert.deepEqual(inventory.dates[status], dates);
      }
    });
  }

  test('every status occurs', () => {
    // Every sample processor is inventoried on the table its run history counts, so no date is
    // left uncompared.
    for (const [status, count] of Object.entries(report.totals)) {
      if (status === 'not-compared') assert.equal(count, 0, status);
      else assert.ok(count > 0, `${status} occurs in the sample`);
    }
  });

  test('clean static check listed first', () => {
    const first = report.processors[0];
    assert.equal(first.processorName, 'bdl_injury_report');
    assert.equal(first.staticClean, true);
    assert.match(first.evidence ?? '', /static check finds no exit without the stat/);
  });

  test('tracking bug linked to findings', () => {
    const boxScores = byName(report, 'BoxScoresProcessor');
    assert.equal(boxScores.staticClean, false);
    assert.equal(
      boxScores.evidence,
      'save_data can return at lines 12 and 16 without setting the stat; run history shows 0 on 7 dates where the table has rows.',
    );
    assert.deepEqual(boxScores.trackingBugKeys, { missing: 7, zero: 0, set: 0 });
    assert.deepEqual(byName(report, 'espn_live_scoreboard').trackingBugKeys, { missing: 0, zero: 2, set: 0 });
  });

  test('target sources are recorded', () => {
    assert.equal(byName(report, 'BoxScoresProcessor').target?.tableSource, 'language-server');
    assert.equal(byName(report, 'UpdateKeywordProcessor').target?.tableSource, 'run-history');
    const accumulate = byName(report, 'AccumulateProcessor').target!;
    assert.equal(accumulate.tableSource, 'pyproject');
    assert.equal(accumulate.dateColumn, 'stat_date');
    const injuries = byName(report, 'bdl_injury_report').target!;
    // Two DATE columns, so the configured one applies.
    assert.deepEqual([injuries.dateColumn, injuries.dateColumnSource], ['report_date', 'pyproject']);
    assert.deepEqual(byName(report, 'nbacom_player_boxscores').target?.table, { project: 'nba-props-platform', dataset: 'nba_raw', table: 'player_boxscores' });
    assert.deepEqual(byName(report, 'odds_api_player_props').otherTables, ['nba-props-platform.nba_raw.odds_api_line_history']);
  });

  test('processors without data name the reason', () => {
    assert.match(byName(report, 'MergeOperatorProcessor').unavailable ?? '', /No table is known for processor MergeOperatorProcessor/);
    assert.equal(report.processors.at(-1)!.target, null);
  });

  test('second table is not the compared one', async () => {
    // Swap the two tables of the odds props processor: table_name now names the line history,
    // but run history's output_table still names the props table, so that one is compared.
    const props = analysis.processors.find((info) => info.attributes.processor_type?.value === 'odds_api_player_props');
    assert.ok(props, 'the sample has the odds props processor');
    const swapped = {
      ...props,
      attributes: {
        ...props.attributes,
        table_name: { ...props.attributes.table_name, value: 'nba_raw.odds_api_line_history' },
        history_table_name: { ...props.attributes.history_table_name, value: 'nba_raw.odds_api_player_props' },
      },
    };
    const source = await DuckdbHistorySource.open(sampleConfig());
    try {
      const swappedReport = await buildInventory({ ...analysis, processors: [swapped] }, source, { ...RANGE, now: NOW });
      const inventory = byName(swappedReport, 'odds_api_player_props');
      assert.equal(inventory.target?.table.table, 'odds_api_player_props');
      assert.equal(inventory.totals['not-compared'], 0);
    } finally {
      await source.close();
    }
  });

  test('missing table named in the reason', async () => {
    // Every table the sample's classes name has an export, so this copy leaves one out.
    const folder = mkdtempSync(join(tmpdir(), 'pl-inventory-'));
    try {
      for (const name of readdirSync(DATASET)) {
        if (name !== 'nba_raw.archive.csv') copyFileSync(join(DATASET, name), join(folder, name));
      }
      // pyproject.toml wins over editor settings, so the folder goes into its history table.
      const history = { ...(pyprojectRaw.history as Record<string, unknown>), 'duckdb-path': folder };
      const config = loadHistoryConfig({ root: SAMPLE, settings: {}, pyprojectRaw: { ...pyprojectRaw, history }, statKey: 'rows_inserted' });
      const source = await DuckdbHistorySource.open(config);
      let withoutArchive: InventoryReport;
      try {
        withoutArchive = await buildInventory(analysis, source, { ...RANGE, now: NOW });
      } finally {
        await source.close();
      }
      assert.match(byName(withoutArchive, 'ArchiveProcessor').unavailable ?? '', /Table nba_raw\.archive not found/);
      assert.equal(byName(withoutArchive, 'ArchiveProcessor').target, null);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('a handful of queries', () => {
    // Output tables, run history, one UNION ALL count query.
    assert.equal(report.queries, 3);
    // One per distinct target table, from the classes or from run history, and the schedule.
    assert.equal(report.tableLookups, 34);
    assert.equal(report.bytesProcessed, null);
  });

  test('markdown snapshot', () => {
    const markdown = renderInventory(report, 'markdown', { cwd: REPO }).replaceAll(REPO, '<repo>');
    if (process.env.UPDATE_SNAPSHOTS === '1') writeFileSync(SNAPSHOT, markdown);
    assert.ok(existsSync(SNAPSHOT), `missing ${SNAPSHOT}; run with UPDATE_SNAPSHOTS=1 to write it`);
    assert.equal(markdown, readFileSync(SNAPSHOT, 'utf8'));
  });

  test('json round trip', () => {
    const parsed = JSON.parse(renderInventory(report, 'json', { cwd: REPO })) as InventoryReport;
    const relativeReport = JSON.parse(JSON.stringify(report)) as InventoryReport;
    for (const inventory of relativeReport.processors) {
      inventory.path = relative(REPO, inventory.path).split(sep).join('/');
      for (const finding of inventory.findings) finding.path = relative(REPO, finding.path).split(sep).join('/');
    }
    assert.deepEqual(parsed, relativeReport);
    assert.equal(parsed.version, 1);
  });

  test('json paths are relative', () => {
    const parsed = JSON.parse(renderInventory(report, 'json', { cwd: REPO })) as InventoryReport;
    const box = parsed.processors.find((inventory) => inventory.processorName === 'BoxScoresProcessor');
    assert.equal(box?.path, 'sample-workspace/processors/box_scores.py');
    assert.equal(box?.findings[0]?.path, 'sample-workspace/processors/box_scores.py');
  });

  test('csv has one line per date', () => {
    const lines = renderInventory(report, 'csv', { cwd: REPO }).trimEnd().split('\n');
    const withData = report.processors.filter((inventory) => inventory.target !== null).length;
    const without = report.processors.length - withData;
    assert.equal(lines.length, 1 + withData * 90 + without);
    assert.equal(lines[0], 'processor_name,class_name,table,date_column,date,status,runs,successes,failures,last_status,recorded_rows,actual_rows,scheduled_games,rows_inserted_key,static_findings');
    const loss = lines.find((line) => line.startsWith('BoxScoresProcessor,') && line.includes(',2026-11-08,'));
    assert.match(loss ?? '', /^BoxScoresProcessor,BoxScoresProcessor,nba_raw\.player_box_scores,game_date,2026-11-08,data-loss,1,1,0,success,\d+,0,\d+,set,unset-after-write@12 unset-without-write@16$/);
    assert.ok(lines.some((line) => line.startsWith('MergeOperatorProcessor,MergeOperatorProcessor,,,,not-checked,')));
  });
});

describe('inventory on the BigQuery client', () => {
  let guard: ConnectionGuard;
  let fake: FakeBigQuery;

  before(async () => {
    guard = guardConnections();
    fake = await FakeBigQuery.start({
      projectId: 'sample-project',
      exportsFolder: DATASET,
      partitioning: SAMPLE_PARTITIONING,
      requirePartitionFilter: ['nba_reference.processor_run_history', 'nba_raw.player_box_scores'],
      pageSize: 500,
    });
  });

  after(async () => {
    await fake.close();
    guard.restore();
  });

  function bigquery(settings: Parameters<typeof sampleConfig>[0] = {}) {
    return new BigQueryHistorySource(
      sampleConfig({ 'history.source': 'bigquery', 'history.bigquery.project': 'sample-project', 'history.bigquery.apiEndpoint': fake.url, ...settings }),
    );
  }

  test('same statuses as DuckDB', async () => {
    const duckdb = await DuckdbHistorySource.open(sampleConfig());
    const expected = await buildInventory(analysis, duckdb, RANGE);
    await duckdb.close();

    const first = fake.requests.length;
    const report = await buildInventory(analysis, bigquery(), RANGE);
    assert.deepEqual(statusTotals(report), statusTotals(expected));
    assert.equal(report.queries, 3);
    assert.notEqual(report.bytesProcessed, null);
    assert.ok(report.bytesProcessed! > 0);
    const jobs = fake.requests.slice(first).filter((call) => call.method === 'POST' && call.path.endsWith('/queries'));
    assert.equal(jobs.length, 3);
    const lookups = fake.requests.slice(first).filter((call) => call.path.includes('/tables/'));
    assert.equal(lookups.length, 34);
  });

  test('progress is reported', async () => {
    const messages: string[] = [];
    await buildInventory(analysis, bigquery(), { ...RANGE, onProgress: (progress) => messages.push(progress.message) });
    assert.ok(messages.includes('Reading table metadata'));
    assert.ok(messages.includes('Reading run history'));
    assert.ok(messages.includes('Counting rows'));
  });

  test('maximumBytesBilled stops the report', async () => {
    await assert.rejects(buildInventory(analysis, bigquery({ 'history.bigquery.maximumBytesBilled': 1000 }), RANGE), (error: unknown) => {
      assert.ok(error instanceof HistoryError);
      assert.equal(error.code, 'bytes-limit-exceeded');
      return true;
    });
  });

  test('abort cancels the report', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(buildInventory(analysis, bigquery(), { ...RANGE, signal: controller.signal }), (error: unknown) => {
      assert.ok(error instanceof HistoryError);
      assert.equal(error.code, 'cancelled');
      return true;
    });
  });

  test('no connection outside 127.0.0.1', () => {
    assert.ok(guard.targets.length > 0);
    assert.deepEqual(guard.outside(), []);
  });
});

describe('inventory helpers', () => {
  test('compressDates', () => {
    assert.equal(compressDates(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-05', '2026-11-30', '2026-12-01']), '2026-11-01..2026-11-03, 2026-11-05, 2026-11-30..2026-12-01');
    assert.equal(compressDates([]), '');
  });

  test('compareReports lists changed counts', () => {
    const totals = (overrides: Partial<Record<DateStatus, number>>) => ({
      'tracking-bug': 0, 'data-loss': 0, 'legitimately-empty': 0, empty: 0, ok: 0, mismatch: 0, untracked: 0, failed: 0, ...overrides,
    });
    const processor = (name: string, overrides: Partial<Record<DateStatus, number>>) => ({ processorName: name, totals: totals(overrides) }) as ProcessorInventory;
    const base = { version: 1, generatedAt: '2026-11-01T00:00:00.000Z', range: RANGE } as InventoryReport;
    const previous = { ...base, processors: [processor('A', { 'tracking-bug': 5, ok: 25 }), processor('B', { ok: 30 }), processor('Gone', { ok: 1 })] };
    const current = { ...base, processors: [processor('A', { ok: 30 }), processor('B', { ok: 30 }), processor('New', { ok: 2 })] };
    const comparison = compareReports(current, previous);
    assert.deepEqual(comparison.processors, [
      { processorName: 'A', changes: { 'tracking-bug': { before: 5, after: 0 }, ok: { before: 25, after: 30 } }, presence: 'both' },
      { processorName: 'Gone', changes: { ok: { before: 1, after: 0 } }, presence: 'removed' },
      { processorName: 'New', changes: { ok: { before: 0, after: 2 } }, presence: 'added' },
    ]);
  });

  test('compareReports rejects other files', () => {
    assert.throws(() => compareReports({ processors: [] } as unknown as InventoryReport, { findings: [] } as unknown as InventoryReport), /not an inventory JSON report/);
  });
});

describe('inventory command line', () => {
  function io(isTTY = false) {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (chunk) => (out += chunk));
    stderr.on('data', (chunk) => (err += chunk));
    return { streams: { stdout, stderr, isTTY, cwd: REPO }, output: () => out, errors: () => err };
  }

  test('markdown with exit code 1', async () => {
    const run = io();
    const code = await runInventory(['sample-workspace', '--since', '90d'], run.streams);
    assert.equal(code, 1, run.errors());
    assert.match(run.output(), /^# Data-loss inventory/);
    // The sample's pyproject.toml sets end-date = "latest-run": the newest run is on 2026-12-03.
    assert.match(run.output(), /- Range: 2026-09-05 to 2026-12-03/);
    assert.match(run.output(), /4 queries/);
  });

  test('usage errors exit with 2', async () => {
    for (const argv of [['sample-workspace'], ['--since', 'yesterday'], ['--since', '90d', '--format', 'html'], ['--since', '90d', '--source', 'oracle'], ['--since', '90d', '--bogus'], ['no-such-folder', '--since', '90d']]) {
      const run = io();
      assert.equal(await runInventory(argv, run.streams), 2, argv.join(' '));
      assert.match(run.errors(), /^processor-lens: /);
    }
  });

  test('help exits with 0', async () => {
    const run = io();
    assert.equal(await runInventory(['--help'], run.streams), 0);
    assert.match(run.output(), /--compare-to FILE/);
  });

  test('progress line on a terminal', async () => {
    const run = io(true);
    await runInventory(['sample-workspace', '--since', '2026-11-01', '--until', '2026-11-30', '--format', 'json'], run.streams);
    assert.match(run.errors(), /\r\x1b\[2Kinventory: Counting rows/);
    const quiet = io(false);
    await runInventory(['sample-workspace', '--since', '2026-11-01', '--until', '2026-11-30', '--format', 'json'], quiet.streams);
    assert.equal(quiet.errors(), '');
  });

  test('json, csv and compare-to', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pl-inventory-'));
    const jsonPath = join(folder, 'before.json');
    const json = io();
    assert.equal(await runInventory(['sample-workspace', '--since', '2026-11-01', '--until', '2026-11-30', '--format', 'json', '--output', jsonPath], json.streams), 1);
    const saved = JSON.parse(readFileSync(jsonPath, 'utf8')) as InventoryReport;
    assert.equal(byName(saved, 'BoxScoresProcessor').totals['tracking-bug'], 5);

    const csv = io();
    await runInventory(['sample-workspace', '--since', '2026-11-01', '--until', '2026-11-30', '--format', 'csv'], csv.streams);
    assert.match(csv.output(), /\nbdl_injury_report,BdlInjuryReportProcessor,nba_raw\.bdl_injuries,report_date,2026-11-18,tracking-bug,1,1,0,success,0,4,,missing,\n/);

    const same = io();
    await runInventory(['sample-workspace', '--since', '2026-11-01', '--until', '2026-11-30', '--compare-to', jsonPath], same.streams);
    assert.match(same.output(), /## Changes since the earlier report\n\nEarlier report: 2026-11-01 to 2026-11-30/);
    assert.match(same.output(), /No processor changed\./);

    // The team deployed the fix: the later range has no tracking-bug date for BoxScoresProcessor.
    const after = io();
    await runInventory(['sample-workspace', '--since', '2026-11-30', '--until', '2026-12-03', '--compare-to', jsonPath], after.streams);
    assert.match(after.output(), /\| BoxScoresProcessor \| Tracking bug \| 5 \| 0 \| -5 \|/);

    const missing = io();
    assert.equal(await runInventory(['sample-workspace', '--since', '90d', '--compare-to', join(folder, 'none.json')], missing.streams), 2);
    assert.match(missing.errors(), /cannot read --compare-to file/);
  });

  test('bad --output fails before queries', async () => {
    // The DuckDB path does not exist either: the --output message shows the check ran first.
    const run = io();
    const code = await runInventory(['sample-workspace', '--since', '90d', '--duckdb', '/nonexistent/db', '--output', '/nonexistent/dir/x.md'], run.streams);
    assert.equal(code, 2);
    assert.equal(run.errors(), 'processor-lens: --output /nonexistent/dir/x.md: the folder /nonexistent/dir does not exist. Create it first, or write the report elsewhere.\n');

    const folder = mkdtempSync(join(tmpdir(), 'pl-inventory-'));
    const intoFolder = io();
    assert.equal(await runInventory(['sample-workspace', '--since', '90d', '--output', folder], intoFolder.streams), 2);
    assert.match(intoFolder.errors(), /is a folder\. Give a file name/);
  });

  test('bad --compare-to fails before queries', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pl-inventory-'));
    const cases: [content: string, problem: RegExp][] = [
      ['null', /it contains null, not a report object/],
      ['[]', /it contains an array/],
      ['{"version":1,"generatedAt":"x","range":null,"processors":[]}', /"range" must be an object/],
      ['{"version":1,"generatedAt":"x","range":{"since":"2026-01-01","until":"2026-01-31"},"processors":[{"processorName":null}]}', /processors\[0\]\.processorName must be a string/],
      ['{"version":1,"generatedAt":"x","range":{"since":"2026-01-01","until":"2026-01-31"},"processors":[{"processorName":"A","totals":{"ok":"3"}}]}', /processors\[0\]\.totals\.ok must be a number/],
      ['{"version":2}', /"version" is 2, expected 1/],
    ];
    for (const [index, [content, problem]] of cases.entries()) {
      const file = join(folder, `previous-${index}.json`);
      writeFileSync(file, content);
      const run = io();
      const code = await runInventory(['sample-workspace', '--since', '90d', '--duckdb', '/nonexistent/db', '--compare-to', file], run.streams);
      assert.equal(code, 2, content);
      assert.match(run.errors(), new RegExp(`^processor-lens: --compare-to file ${file} is not an inventory report: `), content);
      assert.match(run.errors(), problem, content);
      assert.doesNotMatch(run.errors(), /TypeError|\n\s+at /, content);
    }
  });

  test('ranges that differ are flagged', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pl-inventory-'));
    const jsonPath = join(folder, 'before.json');
    await runInventory(['sample-workspace', '--since', '2026-11-01', '--until', '2026-11-30', '--format', 'json', '--output', jsonPath], io().streams);
    const run = io();
    await runInventory(['sample-workspace', '--since', '2026-11-30', '--until', '2026-12-03', '--compare-to', jsonPath], run.streams);
    assert.match(run.errors(), /covers 2026-11-01 to 2026-11-30, this report 2026-11-30 to 2026-12-03; the counts are not comparable/);
    assert.match(run.output(), /\*\*The ranges differ\*\* \(this report: 2026-11-30 to 2026-12-03\), so the counts are not comparable/);

    const same = io();
    await runInventory(['sample-workspace', '--since', '2026-11-01', '--until', '2026-11-30', '--compare-to', jsonPath], same.streams);
    assert.doesNotMatch(same.errors(), /not comparable/);
    assert.doesNotMatch(same.output(), /ranges differ/);
  });

  test('no MaxListenersExceededWarning', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const run = io();
      assert.equal(await runInventory(['sample-workspace', '--since', '90d'], run.streams), 1, run.errors());
      // process.emitWarning delivers on the next tick.
      await new Promise((resolveTick) => setImmediate(resolveTick));
    } finally {
      process.off('warning', onWarning);
    }
    assert.deepEqual(warnings.map((warning) => `${warning.name}: ${warning.message}`), []);
  });

  test('option values are checked', async () => {
    const cases: [argv: string[], message: string][] = [
      [['--since', '-5d'], 'processor-lens: invalid --since "-5d". Give an ISO date such as 2026-09-05, or a number of days such as 90d.\n'],
      [['--since', '0d'], 'processor-lens: invalid --since "0d". Give at least 1 day, for example --since 1d for the end date alone, or --since 90d.\n'],
      [['--since', '5d', '--until', 'tomorrow'], 'processor-lens: invalid --until "tomorrow". Give an ISO date such as 2026-12-03, today or latest-run.\n'],
      [['--since', '5d', '--maximum-bytes-billed', ''], 'processor-lens: invalid --maximum-bytes-billed "". Give a whole number of bytes; 0 means no limit.\n'],
      [['--since', '5d', '--maximum-bytes-billed', '1e9'], 'processor-lens: invalid --maximum-bytes-billed "1e9". Give a whole number of bytes; 0 means no limit.\n'],
    ];
    for (const [argv, message] of cases) {
      const run = io();
      assert.equal(await runInventory(['sample-workspace', ...argv], run.streams), 2);
      assert.equal(run.errors(), message);
    }

    // Without --until the end date is the sample's end-date = "latest-run", 2026-12-03.
    const late = io();
    assert.equal(await runInventory(['sample-workspace', '--since', '2027-01-01'], late.streams), 2);
    assert.match(late.errors(), /^processor-lens: The start date 2027-01-01 is after the end date 2026-12-03 \(latest-run\), which comes from end-date = "latest-run" in \[tool\.processor-lens\.history\] of .*pyproject\.toml\.\n/);
    assert.doesNotMatch(late.errors(), /--until/);

    const latestRun = io();
    assert.equal(await runInventory(['sample-workspace', '--since', '30d', '--until', 'latest-run'], latestRun.streams), 1, latestRun.errors());
    assert.match(latestRun.output(), /- Range: 2026-11-04 to 2026-12-03/);

    const today = io();
    assert.equal(await runInventory(['sample-workspace', '--since', '2999-01-01', '--until', 'today'], today.streams), 2);
    assert.match(today.errors(), /is after the end date \d{4}-\d{2}-\d{2} \(today\), which comes from --until today\./);
  });

  test('bigquery errors name the fix', async () => {
    const fake = await FakeBigQuery.start({ projectId: 'sample-project', exportsFolder: DATASET });
    try {
      fake.inject('permission-denied');
      const run = io();
      const code = await runInventory(['sample-workspace', '--since', '7d', '--until', '2026-12-03', '--project', 'sample-project', '--api-endpoint', fake.url], run.streams);
      assert.equal(code, 2);
      assert.match(run.errors(), /^processor-lens: Permission denied: Access Denied/);
      assert.match(run.errors(), /roles\/bigquery\.jobUser on project sample-project/);
      // The command line has no editor settings: the hint names the option instead.
      assert.match(run.errors(), /set --project \(or bigquery-project in \[tool\.processor-lens\.history\]\) to a project/);
      assert.doesNotMatch(run.errors(), /processorLens\./);
    } finally {
      await fake.close();
    }
  });
});

describe('inventory at scale', () => {
  test('fifty processors in two queries', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pl-inventory-scale-'));
    const dates = Array.from({ length: 90 }, (_, index) => new Date(Date.UTC(2026, 8, 5 + index)).toISOString().slice(0, 10));
    const history: string[] = ['processor_name,run_id,status,records_processed,records_created,data_date,started_at,processed_at,output_dataset,output_table,summary'];
    const processors = Array.from({ length: 50 }, (_, index) => `Processor${String(index).padStart(2, '0')}`);
    for (const [index, name] of processors.entries()) {
      const rows: string[] = ['game_date,row_id'];
      for (const [day, date] of dates.entries()) {
        // Every seventh processor has the tracking bug on every tenth date.
        const bug = index % 7 === 0 && day % 10 === 0;
        history.push(`${name},${name}-${day},success,${bug ? 0 : 3},3,${date},${date} 07:00:00,${date} 07:05:00,scale,table_${index},"{""rows_inserted"": ${bug ? 0 : 3}}"`);
        for (let row = 0; row < 3; row += 1) rows.push(`${date},${row}`);
      }
      writeFileSync(join(folder, `scale.table_${index}.csv`), `${rows.join('\n')}\n`);
    }
    writeFileSync(join(folder, 'nba_reference.processor_run_history.csv'), `${history.join('\n')}\n`);

    const attribute = (value: string) => ({ value, definedIn: 'X', path: '/scale/x.py', line: 0 });
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    const scaleAnalysis: AnalysisResult = {
      findings: [],
      methods: [],
      skipped: [],
      filesRead: 50,
      filesParsed: 50,
      processors: processors.map((name, index) => ({
        className: name,
        path: `/scale/p${index}.py`,
        nameRange: range,
        range,
        bases: ['ProcessorBase'],
        effectiveMethod: null,
        attributes: { dataset_id: attribute('scale'), table_name: attribute(`table_${index}`) },
      })),
    };

    const source = await DuckdbHistorySource.open(loadHistoryConfig({ root: folder, settings: { 'history.duckdb.path': folder } }));
    const started = performance.now();
    const report = await buildInventory(scaleAnalysis, source, { since: dates[0], until: dates[89], today: '2026-12-31' });
    const elapsed = performance.now() - started;
    await source.close();

    // Run history for all fifty processors, then one UNION ALL count query over fifty tables.
    assert.equal(report.queries, 2);
    assert.equal(report.tableLookups, 50);
    assert.equal(report.totals['tracking-bug'], 8 * 9);
    assert.equal(report.totals.ok, 50 * 90 - 8 * 9);
    // NOTE: a loose bound for a shared 2-core machine; the test reports the measured time.
    assert.ok(elapsed < 30_000, `inventory took ${Math.round(elapsed)} ms`);
    console.log(`inventory of 50 processors over 90 days on DuckDB: ${Math.round(elapsed)} ms, ${report.queries} queries`);
  });
});

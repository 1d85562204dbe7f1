import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, mock, test } from 'node:test';
import { CURSOR_DEBOUNCE_MS, PanelController, sqlForClipboard, type CursorLocation, type PanelControllerDeps } from '../../../client/src/panel/controller';
import type { PanelView } from '../../../client/src/panel/messages';
import { ResultCache } from '../../../client/src/panel/result-cache';
import { SourceRegistry, type OpenedSource } from '../../../client/src/run-history/source-factory';
import { resolveEndDate } from '../../../server/src/history/open-source';
import { resolveTarget } from '../../../server/src/history/resolve-target';
import { toCsv } from '../../../server/src/history/csv';
import type { HistoryRequest, HistoryResult, RunHistorySource } from '../../../server/src/history/types';
import type { ProcessorAtResult } from '../../../server/src/protocol';
import { EXPECTED_WITHOUT_SCHEDULE, SEED_END, SEED_PROCESSOR, SEED_START, SEED_TODAY, writeSeedExports } from '../../support/history-seed';

const FILE_URI = 'file:///workspace/processors/box_scores.py';
const RANGE = { kind: 'custom', start: SEED_START, end: SEED_END } as const;

function processor(className: string, attributes: Record<string, string>, uri = FILE_URI): ProcessorAtResult {
  const range = { start: { line: 4, character: 6 }, end: { line: 4, character: 6 + className.length } };
  return {
    className,
    processorName: attributes.processor_type ?? className,
    uri,
    nameRange: range,
    effectiveMethod: { className, uri, nameRange: { start: { line: 9, character: 8 }, end: { line: 9, character: 17 } } },
    attributes: Object.fromEntries(
      Object.entries(attributes).map(([name, value]) => [name, { value, definedIn: className, path: '/workspace/processors/box_scores.py', line: 5 }]),
    ),
    findings: [],
  };
}

const BOX_SCORES = processor(SEED_PROCESSOR, { dataset_id: 'nba_raw', table_name: 'player_box_scores' });
const OTHER = processor('OtherProcessor', { dataset_id: 'nba_raw', table_name: 'player_box_scores' });
const TWO_TABLES = processor(SEED_PROCESSOR, { dataset_id: 'nba_raw', table_name: 'player_box_scores', archive_table_name: 'box_scores_archive' });
const NO_TABLE = processor('NoTableProcessor', {});

function at(line: number): CursorLocation {
  return { uri: FILE_URI, position: { line, character: 4 } };
}

/** A promise with its resolve function, for holding a call until the test releases it. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

/** Lets the controller's awaits run; DuckDB queries need real time, so this polls. */
async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((done) => setImmediate(done));
  }
}

let folder: string;
let registry: SourceRegistry;

before(() => {
  folder = writeSeedExports();
  // The archive table of TWO_TABLES: two rows on the seed's first date.
  writeFileSync(join(folder, 'nba_raw.box_scores_archive.csv'), toCsv(['game_date', 'player_id'], [[SEED_START, 'a'], [SEED_START, 'b']]));
  registry = new SourceRegistry();
});

after(async () => {
  await registry.dispose();
});

interface Harness {
  controller: PanelController;
  views: PanelView[];
  lookups: CursorLocation[];
  requests: HistoryRequest[];
  cache: ResultCache;
  /** Processor the language server reports for the next lookups. */
  processorAt: { value: ProcessorAtResult | null };
  /** When set, compare() waits for it before querying DuckDB. */
  gate: { value: Promise<void> | null; signals: AbortSignal[] };
}

function harness(overrides: Partial<PanelControllerDeps> = {}, settings: Record<string, unknown> = {}): Harness {
  const views: PanelView[] = [];
  const lookups: CursorLocation[] = [];
  const requests: HistoryRequest[] = [];
  const processorAt = { value: BOX_SCORES as ProcessorAtResult | null };
  const gate: Harness['gate'] = { value: null, signals: [] };
  const cache = new ResultCache(300_000);

  // The real DuckDB source, with compare() observed and optionally held back.
  const observed = async (): Promise<OpenedSource> => {
    const opened = await registry.get({ folder, settings: { 'history.duckdb.path': folder, 'history.endDate': SEED_END, ...settings }, trusted: true });
    if (!opened.ok) return opened;
    const real = opened.source;
    const source: RunHistorySource = Object.create(real, {
      compare: {
        value: async (request: HistoryRequest, signal?: AbortSignal): Promise<HistoryResult> => {
          requests.push(request);
          if (signal) gate.signals.push(signal);
          if (gate.value) await gate.value;
          return real.compare(request, signal);
        },
      },
    });
    return { ...opened, source };
  };

  const deps: PanelControllerDeps = {
    processorAt: async (location) => {
      lookups.push(location);
      return processorAt.value;
    },
    resolveTarget: (processor, source, config, table, signal) => resolveTarget(processor, config, source, { table, signal }),
    endDate: (setting, source, today, signal) => resolveEndDate(setting, source, { today, signal }),
    source: observed,
    today: () => SEED_TODAY,
    relativePath: (uri) => uri.replace('file:///workspace/', ''),
    post: (view) => views.push(view),
    log: { info() {}, warn() {}, error() {} },
    ...overrides,
  };
  const controller = new PanelController(deps, cache);
  return { controller, views, lookups, requests, cache, processorAt, gate };
}

function lastResult(views: PanelView[]): Extract<PanelView, { kind: 'result' }> {
  const view = views.at(-1);
  assert.equal(view?.kind, 'result', `last view is ${JSON.stringify(view)?.slice(0, 300)}`);
  return view as Extract<PanelView, { kind: 'result' }>;
}

describe('PanelController with DuckDB', () => {
  test('processor at the cursor gets its statuses', async () => {
    const { controller, views } = harness();
    await controller.setRange(RANGE);
    await controller.showProcessorAt(at(5));

    const view = lastResult(views);
    assert.deepEqual(Object.fromEntries(view.result.dates.map((date) => [date.date, date.status])), EXPECTED_WITHOUT_SCHEDULE);
    assert.equal(view.header.processorName, SEED_PROCESSOR);
    assert.equal(view.header.table, 'nba_raw.player_box_scores');
    assert.equal(view.header.tableOrigin, 'language-server');
    assert.equal(view.header.tableOriginDetail, `${SEED_PROCESSOR}.table_name`);
    assert.equal(view.header.dateColumn, 'game_date');
    assert.match(view.header.source, /^DuckDB: /);
    assert.equal(view.header.file, 'processors/box_scores.py');
    assert.equal(view.result.fromCache, false);
    assert.deepEqual(views.slice(0, -1).map((entry) => entry.kind), ['loading', 'loading']);
  });

  test('preset range ends at the configured end date', async () => {
    const { controller, views, requests } = harness();
    await controller.setRange({ kind: 'preset', days: 7 });
    await controller.showProcessorAt(at(5));
    assert.equal(lastResult(views).result.endDate, SEED_END);
    assert.deepEqual([requests[0].startDate, requests[0].endDate, requests[0].today], ['2026-11-06', SEED_END, SEED_TODAY]);
  });

  test('latest-run end date comes from run history', async () => {
    const { controller, requests } = harness({}, { 'history.endDate': 'latest-run' });
    await controller.setRange({ kind: 'preset', days: 7 });
    await controller.showProcessorAt(at(5));
    // The seed processor's own latest run is on 2026-11-11, but the newest date in all of run
    // history is 2026-11-12, and the panel uses that one like the inventory does.
    assert.equal(requests[0].endDate, '2026-11-12');
  });

  test('same processor and range come from the cache', async () => {
    const { controller, views, requests } = harness();
    await controller.setRange(RANGE);
    await controller.showProcessorAt(at(5));
    await controller.setRange({ kind: 'preset', days: 7 });
    await controller.setRange(RANGE);
    assert.equal(requests.length, 2);
    assert.equal(lastResult(views).result.fromCache, true);
  });

  test('refresh bypasses the cache', async () => {
    const { controller, views, requests } = harness();
    await controller.setRange(RANGE);
    await controller.showProcessorAt(at(5));
    await controller.refresh();
    assert.equal(requests.length, 2);
    assert.equal(lastResult(views).result.fromCache, false);
  });

  test('each processor has its own cache entry', async () => {
    const { controller, processorAt, requests, cache } = harness();
    await controller.showProcessorAt(at(5));
    processorAt.value = OTHER;
    await controller.showProcessorAt(at(40));
    assert.equal(requests.length, 2);
    assert.deepEqual([...cache.latestByProcessor().keys()].sort(), [SEED_PROCESSOR, 'OtherProcessor']);
    assert.equal(cache.latestByProcessor().get(SEED_PROCESSOR)?.processor?.className, SEED_PROCESSOR);

    // A range the user picks does not replace the default range's evidence in the code lens.
    await controller.setRange(RANGE);
    assert.equal(requests.length, 3);
    assert.equal(cache.latestByProcessor().get('OtherProcessor')?.result.request.startDate, '2026-10-14');
  });

  test('cursor moves inside the same processor do not query again', async () => {
    const { controller, requests, lookups } = harness();
    await controller.setRange(RANGE);
    await controller.showProcessorAt(at(5));
    await controller.showProcessorAt(at(7));
    await controller.showProcessorAt(at(9));
    assert.equal(lookups.length, 3);
    assert.equal(requests.length, 1);
  });

  test('cursor outside every processor keeps the view', async () => {
    const { controller, views, processorAt } = harness();
    await controller.setRange(RANGE);
    await controller.showProcessorAt(at(5));
    const count = views.length;
    processorAt.value = null;
    await controller.showProcessorAt(at(0));
    assert.equal(views.length, count);
    assert.equal(controller.view.kind, 'result');
  });

  test('no processor yet shows the idle view', async () => {
    const { controller, views, processorAt } = harness();
    processorAt.value = null;
    await controller.showProcessorAt(at(0));
    assert.equal(views.at(-1)?.kind, 'idle');
  });

  test('newer processor cancels the stale query', async () => {
    const { controller, views, processorAt, gate } = harness();
    await controller.setRange(RANGE);
    const held = deferred<void>();
    gate.value = held.promise;

    const first = controller.showProcessorAt(at(5));
    await waitFor(() => gate.signals.length === 1, 'the first query');
    processorAt.value = OTHER;
    gate.value = null;
    const second = controller.showProcessorAt(at(40));
    await waitFor(() => gate.signals.length === 2, 'the second query');
    assert.equal(gate.signals[0].aborted, true);
    assert.equal(gate.signals[1].aborted, false);

    held.resolve();
    await Promise.all([first, second]);
    const results = views.filter((view) => view.kind === 'result');
    assert.equal(results.length, 1);
    assert.equal(lastResult(views).header.processorName, 'OtherProcessor');
  });

  test('range change cancels the query in flight', async () => {
    const { controller, views, gate } = harness();
    await controller.setRange(RANGE);
    const held = deferred<void>();
    gate.value = held.promise;
    const first = controller.showProcessorAt(at(5));
    await waitFor(() => gate.signals.length === 1, 'the first query');
    gate.value = null;
    await controller.setRange({ kind: 'preset', days: 7 });
    held.resolve();
    await first;
    assert.equal(gate.signals[0].aborted, true);
    assert.equal(lastResult(views).result.startDate, '2026-11-06');
  });

  test('table choice among candidates', async () => {
    const { controller, views, processorAt } = harness();
    processorAt.value = TWO_TABLES;
    await controller.setRange(RANGE);
    await controller.showProcessorAt(at(5));
    assert.deepEqual(lastResult(views).header.candidates.map((candidate) => candidate.id), ['nba_raw.player_box_scores', 'nba_raw.box_scores_archive']);

    await controller.chooseTarget('nba_raw.box_scores_archive');
    const view = lastResult(views);
    assert.equal(view.header.table, 'nba_raw.box_scores_archive');
    assert.equal(view.header.tableOriginDetail, `${SEED_PROCESSOR}.archive_table_name`);
    assert.deepEqual(view.header.candidates.map((candidate) => candidate.id), ['nba_raw.player_box_scores', 'nba_raw.box_scores_archive']);
    assert.equal(view.result.dates.find((date) => date.date === SEED_START)?.actualRows, 2);

    // Run history counts player_box_scores, so the archive's dates are listed, not compared.
    assert.deepEqual([...new Set(view.result.dates.map((date) => date.status))], ['not-compared']);
    assert.equal(view.result.totals.mismatch, 0);
    assert.match(view.header.notes.join(' '), /records_processed counts the rows of nba_raw\.player_box_scores/);
    assert.deepEqual(view.header.candidates.map((candidate) => candidate.countsRecordedRows), [true, false]);
    assert.deepEqual(view.header.candidates.map((candidate) => candidate.tableName), ['player_box_scores', 'box_scores_archive']);
  });

  test('overlong range keeps the header', async () => {
    const { controller, views, requests } = harness();
    await controller.setRange({ kind: 'custom', start: '2019-01-01', end: '2026-12-03' });
    await controller.showProcessorAt(at(5));
    const view = views.at(-1);
    assert.equal(view?.kind, 'error');
    if (view?.kind !== 'error') return;
    assert.equal(view.error.code, 'invalid-range');
    assert.match(view.error.message, /spans 2894 days/);
    assert.match(view.error.hint, /at most 366 days/);
    assert.equal(view.header?.table, 'nba_raw.player_box_scores');
    assert.equal(view.header?.dateColumn, 'game_date');
    assert.equal(requests.length, 0);
  });

  test('missing table stays in the header', async () => {
    const { controller, views, processorAt } = harness();
    processorAt.value = processor('MissingProcessor', { dataset_id: 'nba_raw', table_name: 'no_such_table' });
    await controller.showProcessorAt(at(5));
    const view = views.at(-1);
    assert.equal(view?.kind, 'error');
    if (view?.kind !== 'error') return;
    assert.equal(view.error.code, 'table-not-found');
    assert.equal(view.header?.table, 'nba_raw.no_such_table');
  });

  test('unknown table choice is ignored', async () => {
    const { controller, views } = harness();
    await controller.setRange(RANGE);
    await controller.showProcessorAt(at(5));
    const count = views.length;
    await controller.chooseTarget('nba_raw.not_a_candidate');
    assert.equal(views.length, count);
  });

  test('processor without a table explains the fix', async () => {
    const { controller, views, processorAt } = harness();
    processorAt.value = NO_TABLE;
    await controller.showProcessorAt(at(5));
    const view = views.at(-1);
    assert.equal(view?.kind, 'error');
    if (view?.kind !== 'error') return;
    assert.equal(view.error.code, 'table-not-found');
    assert.match(view.error.message, /No table is known for processor NoTableProcessor/);
    assert.match(view.error.hint, /\[tool\.processor-lens\.processors\.NoTableProcessor\]/);
    assert.equal(view.header?.processorName, 'NoTableProcessor');
  });

  test('missing table reports the source error', async () => {
    const { controller, views, processorAt } = harness();
    processorAt.value = processor('GhostProcessor', { dataset_id: 'nba_raw', table_name: 'ghost' });
    await controller.showProcessorAt(at(5));
    const view = views.at(-1);
    assert.equal(view?.kind, 'error');
    if (view?.kind === 'error') assert.equal(view.error.code, 'table-not-found');
  });

  test('invalid settings name the value', async () => {
    const { controller, views } = harness({}, { 'history.tolerance': 3 });
    await controller.showProcessorAt(at(5));
    const view = views.at(-1);
    assert.equal(view?.kind, 'error');
    if (view?.kind === 'error') assert.match(view.error.message, /Tolerance 3 is out of range/);
  });

  test('Copy SQL inlines the query parameters', async () => {
    const { controller } = harness();
    await controller.setRange(RANGE);
    await controller.showProcessorAt(at(5));
    const sql = sqlForClipboard(controller.result!);
    assert.match(sql, /^-- Processor Lens: run history of BoxScoresProcessor from 2026-11-01 to 2026-11-12 \(duckdb\)\n/);
    assert.ok(sql.includes(`'${SEED_START}'`));
    assert.ok(sql.includes(`'${SEED_PROCESSOR}'`));
    assert.doesNotMatch(sql, /\$start_date|\$end_date/);
  });
});

describe('PanelController cursor debounce', () => {
  let h: Harness;

  beforeEach(() => {
    mock.timers.enable({ apis: ['setTimeout'] });
    h = harness({ source: async () => ({ ok: false, error: { code: 'test', message: 'no source', hint: 'none' } }) });
  });

  afterEach(() => {
    h.controller.dispose();
    mock.timers.reset();
  });

  test('only the last move runs', async () => {
    h.controller.cursorMoved(at(1));
    mock.timers.tick(CURSOR_DEBOUNCE_MS - 1);
    h.controller.cursorMoved(at(2));
    mock.timers.tick(CURSOR_DEBOUNCE_MS - 1);
    h.controller.cursorMoved(at(3));
    assert.equal(h.lookups.length, 0);
    mock.timers.tick(CURSOR_DEBOUNCE_MS);
    assert.deepEqual(h.lookups, [at(3)]);
  });

  test('explicit show cancels a pending move', async () => {
    h.controller.cursorMoved(at(1));
    await h.controller.showProcessorAt(at(8));
    mock.timers.tick(CURSOR_DEBOUNCE_MS * 2);
    assert.deepEqual(h.lookups, [at(8)]);
  });

  test('dispose drops a pending move', () => {
    h.controller.cursorMoved(at(1));
    h.controller.dispose();
    mock.timers.tick(CURSOR_DEBOUNCE_MS * 2);
    assert.deepEqual(h.lookups, []);
  });
});

describe('PanelController sources', () => {
  test('untrusted BigQuery is not queried', async () => {
    const untrusted = new SourceRegistry(async () => assert.fail('no source may open in an untrusted workspace'));
    const { controller, views } = harness({
      source: () => untrusted.get({ folder, settings: { 'history.source': 'bigquery', 'history.bigquery.project': 'my-project' }, trusted: false }),
    });
    await controller.showProcessorAt(at(5));
    const view = views.at(-1);
    assert.equal(view?.kind, 'error');
    if (view?.kind !== 'error') return;
    assert.equal(view.error.code, 'untrusted-workspace');
    assert.match(view.error.hint, /Manage Workspace Trust/);
  });

  test('lookup recovers after a failure', async () => {
    let failing = true;
    const { controller, views } = harness({
      processorAt: async () => {
        if (failing) throw new Error('The Processor Lens language server is not running yet.');
        return BOX_SCORES;
      },
    });
    await controller.setRange(RANGE);
    failing = false;
    await controller.showProcessorAt(at(5));
    failing = true;
    await controller.showProcessorAt(at(5));
    assert.equal(views.at(-1)?.kind, 'error');
    failing = false;
    await controller.showProcessorAt(at(5));
    assert.equal(views.at(-1)?.kind, 'result');
  });

  test('lookup failure is shown', async () => {
    const { controller, views } = harness({
      processorAt: async () => {
        throw new Error('The Processor Lens language server is not running yet.');
      },
    });
    await controller.showProcessorAt(at(5));
    const view = views.at(-1);
    assert.equal(view?.kind, 'error');
    if (view?.kind === 'error') assert.match(view.error.message, /not running yet/);
  });
});

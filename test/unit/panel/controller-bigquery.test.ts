// The panel controller on the BigQuery source: the real @google-cloud/bigquery client against the
// loopback BigQuery stand-in, opened through the same source registry the extension uses.
// Google's auth library probes the cloud metadata server unless this is set before any client exists.
process.env.METADATA_SERVER_DETECTION = 'none';

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { PanelController, type PanelControllerDeps } from '../../../client/src/panel/controller';
import type { PanelView } from '../../../client/src/panel/messages';
import { ResultCache } from '../../../client/src/panel/result-cache';
import { SourceRegistry } from '../../../client/src/run-history/source-factory';
import { resolveEndDate } from '../../../server/src/history/open-source';
import { resolveTarget } from '../../../server/src/history/resolve-target';
import type { ProcessorAtResult } from '../../../server/src/protocol';
import { FakeBigQuery } from '../../support/fake-bigquery';
import { EXPECTED_WITH_SCHEDULE, SEED_END, SEED_PROCESSOR, SEED_START, SEED_TODAY, writeSeedExports } from '../../support/history-seed';
import { guardConnections, type ConnectionGuard } from '../../support/loopback-guard';

const PROJECT = 'fake-project';
const FILE_URI = 'file:///workspace/processors/box_scores.py';

function processor(className: string): ProcessorAtResult {
  const nameRange = { start: { line: 4, character: 6 }, end: { line: 4, character: 6 + className.length } };
  const attribute = (value: string) => ({ value, definedIn: className, path: '/workspace/processors/box_scores.py', line: 5 });
  return {
    className,
    processorName: className,
    uri: FILE_URI,
    nameRange,
    effectiveMethod: { className, uri: FILE_URI, nameRange },
    attributes: { dataset_id: attribute('nba_raw'), table_name: attribute('player_box_scores') },
    findings: [],
  };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 10));
  }
}

describe('PanelController with BigQuery', () => {
  let guard: ConnectionGuard;
  let fake: FakeBigQuery;
  let registry: SourceRegistry;
  let folder: string;

  before(async () => {
    guard = guardConnections();
    folder = writeSeedExports();
    fake = await FakeBigQuery.start({
      projectId: PROJECT,
      exportsFolder: folder,
      partitioning: { 'nba_raw.player_box_scores': 'game_date', 'nba_reference.processor_run_history': 'data_date' },
      requirePartitionFilter: ['nba_raw.player_box_scores', 'nba_reference.processor_run_history'],
      pendingPolls: 1,
    });
    registry = new SourceRegistry();
  });

  beforeEach(() => fake.clearInjections());

  after(async () => {
    await registry.dispose();
    await fake.close();
    guard.restore();
  });

  function harness(current: { value: ProcessorAtResult }): { controller: PanelController; views: PanelView[] } {
    const views: PanelView[] = [];
    const deps: PanelControllerDeps = {
      processorAt: async () => current.value,
      resolveTarget: (target, source, config, table, signal) => resolveTarget(target, config, source, { table, signal }),
      endDate: (setting, source, today, signal) => resolveEndDate(setting, source, { today, signal }),
      source: () =>
        registry.get({
          folder,
          trusted: true,
          settings: {
            'history.bigquery.project': PROJECT,
            'history.bigquery.apiEndpoint': fake.url,
            'history.schedule.table': 'nba_reference.nba_schedule',
            'history.endDate': SEED_END,
          },
        }),
      today: () => SEED_TODAY,
      relativePath: () => 'processors/box_scores.py',
      post: (view) => views.push(view),
      log: { info() {}, warn() {}, error() {} },
    };
    return { controller: new PanelController(deps, new ResultCache(300_000)), views };
  }

  test('statuses, partition column and bytes', async () => {
    const { controller, views } = harness({ value: processor(SEED_PROCESSOR) });
    await controller.setRange({ kind: 'custom', start: SEED_START, end: SEED_END });
    await controller.showProcessorAt({ uri: FILE_URI, position: { line: 5, character: 0 } });

    const view = views.at(-1);
    assert.equal(view?.kind, 'result', JSON.stringify(view).slice(0, 400));
    if (view?.kind !== 'result') return;
    assert.deepEqual(Object.fromEntries(view.result.dates.map((date) => [date.date, date.status])), EXPECTED_WITH_SCHEDULE);
    assert.equal(view.result.sourceKind, 'bigquery');
    assert.notEqual(view.result.bytesProcessed, null);
    assert.ok((view.result.bytesProcessed ?? 0) > 0);
    assert.equal(view.header.dateColumn, 'game_date');
    assert.equal(view.header.dateColumnOrigin, 'table-metadata');
    assert.match(view.header.source, /BigQuery/);
  });

  test('missing credentials give the gcloud command', async () => {
    const { controller, views } = harness({ value: processor(SEED_PROCESSOR) });
    await controller.setRange({ kind: 'preset', days: 7 });
    fake.inject('no-credentials');
    await controller.refresh();
    await controller.showProcessorAt({ uri: FILE_URI, position: { line: 5, character: 0 } });

    const view = views.at(-1);
    assert.equal(view?.kind, 'error', JSON.stringify(view).slice(0, 400));
    if (view?.kind !== 'error') return;
    assert.equal(view.error.code, 'no-credentials');
    assert.match(view.error.hint, /gcloud auth application-default login/);
    assert.equal(view.header?.table, 'nba_raw.player_box_scores');
  });

  test('stale query cancels its BigQuery job', async () => {
    const current = { value: processor(SEED_PROCESSOR) };
    const { controller, views } = harness(current);
    await controller.setRange({ kind: 'preset', days: 30 });
    fake.inject('timeout');
    const cancelsBefore = fake.cancelledJobs.length;
    const requestsBefore = fake.requests.length;

    // The job hangs; once the client polls its results, the source has the id of the job to cancel.
    const stale = controller.showProcessorAt({ uri: FILE_URI, position: { line: 5, character: 0 } });
    await until(() => fake.requests.slice(requestsBefore).some((request) => request.method === 'GET' && request.path.includes('/queries/')), 'getQueryResults of the hanging job');
    current.value = processor('OtherProcessor');
    await controller.showProcessorAt({ uri: FILE_URI, position: { line: 40, character: 0 } });
    await stale;

    // The source cancels the job without waiting for the response.
    await until(() => fake.cancelledJobs.length > cancelsBefore, 'jobs.cancel');
    assert.equal(fake.cancelledJobs.length, cancelsBefore + 1);
    const results = views.filter((view) => view.kind === 'result');
    assert.equal(results.length, 1);
    assert.equal(results[0].kind === 'result' && results[0].header.processorName, 'OtherProcessor');
  });

  test('no connection leaves 127.0.0.1', () => {
    assert.deepEqual(guard.outside(), []);
  });
});

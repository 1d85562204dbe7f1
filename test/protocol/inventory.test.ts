// The `processorLens/inventory` request of the built language server over stdio, on a copy of
// the sample workspace: from the bundled DuckDB dataset, and from the loopback BigQuery fake
// for cancellation.
process.env.METADATA_SERVER_DETECTION = 'none';

import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CancellationTokenSource } from 'vscode-jsonrpc';
import { INVENTORY_METHOD, type InventoryParams, type InventoryResult } from '../../server/src/protocol';
import { FakeBigQuery } from '../support/fake-bigquery';
import { SAMPLE_PARTITIONING } from '../support/sample-partitioning';
import { repositoryRoot, TestClient, uri } from './lsp-client';

const sample = join(repositoryRoot, 'sample-workspace');

/** Polls a condition on the fake, which lives in this process and sends no LSP message. */
async function poll(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting for the fake BigQuery server');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function copySample(): string {
  const copy = mkdtempSync(join(tmpdir(), 'pl-inventory-protocol-'));
  cpSync(sample, copy, { recursive: true });
  return copy;
}

describe('inventory request on DuckDB', () => {
  let folder: string;
  let client: TestClient;

  before(async () => {
    folder = copySample();
    client = await TestClient.start({ folders: [folder] });
    await client.waitForIndexing();
  });

  after(async () => {
    await client?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  test('markdown with progress', async () => {
    const progressBefore = client.progress.length;
    const params: InventoryParams = { folderUri: uri(folder), since: '2026-11-01', until: '2026-11-30' };
    const result: InventoryResult = await client.connection.sendRequest(INVENTORY_METHOD, params);

    assert.equal(result.format, 'markdown');
    assert.match(result.text, /^# Data-loss inventory\n/);
    assert.match(result.text, /- Range: 2026-11-01 to 2026-11-30/);
    assert.match(result.text, /\*\*BoxScoresProcessor\*\* `nba_raw\.player_box_scores`, processors\/box_scores\.py:9: save_data can return at lines 12 and 16/);
    assert.equal(result.totals['tracking-bug'], 141);
    assert.equal(result.queries, 3);
    assert.equal(result.bytesProcessed, null);

    const events = client.progress.slice(progressBefore);
    const begin = events.find((event) => event.value.kind === 'begin' && event.value.title === 'Processor Lens: data-loss inventory');
    assert.ok(begin, 'work-done progress began');
    assert.ok(events.some((event) => event.token === begin.token && event.value.kind === 'report' && event.value.message?.startsWith('Counting rows')));
    assert.ok(events.some((event) => event.token === begin.token && event.value.kind === 'end'));
  });

  test('end date from the folder settings', async () => {
    // The sample's pyproject.toml sets end-date = "latest-run", the last date of its dataset.
    const result: InventoryResult = await client.connection.sendRequest(INVENTORY_METHOD, { since: '7d' } satisfies InventoryParams);
    assert.match(result.text, /- Range: 2026-11-27 to 2026-12-03/);
  });

  test('csv and invalid input', async () => {
    const csv: InventoryResult = await client.connection.sendRequest(INVENTORY_METHOD, { since: '2026-11-18', until: '2026-11-18', format: 'csv' } satisfies InventoryParams);
    assert.match(csv.text, /\nbdl_injury_report,BdlInjuryReportProcessor,nba_raw\.bdl_injuries,report_date,2026-11-18,tracking-bug,/);

    await assert.rejects(client.connection.sendRequest(INVENTORY_METHOD, { since: 'last week' } satisfies InventoryParams), (error: { code: number; message: string; data: { code: string; hint: string } }) => {
      assert.equal(error.code, -32803);
      assert.match(error.message, /Invalid start date "last week"/);
      assert.match(error.data.hint, /90d/);
      return true;
    });
  });
});

describe('inventory request on BigQuery', () => {
  let folder: string;
  let client: TestClient;
  let fake: FakeBigQuery;

  before(async () => {
    fake = await FakeBigQuery.start({ projectId: 'sample-project', exportsFolder: join(sample, '.processor-lens/history'), partitioning: SAMPLE_PARTITIONING });
    folder = copySample();
    const pyproject = join(folder, 'pyproject.toml');
    const text = readFileSync(pyproject, 'utf8').replace(
      'source = "duckdb"',
      `source = "bigquery"\nbigquery-project = "sample-project"\nbigquery-api-endpoint = "${fake.url}"`,
    );
    writeFileSync(pyproject, text);
    client = await TestClient.start({ folders: [folder] });
    await client.waitForIndexing();
  });

  after(async () => {
    await client?.stop();
    await fake?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  test('same totals through the client', async () => {
    const result: InventoryResult = await client.connection.sendRequest(INVENTORY_METHOD, { since: '2026-11-01', until: '2026-11-30' } satisfies InventoryParams);
    assert.notEqual(result.bytesProcessed, null);
    assert.ok(result.bytesProcessed! > 0);
    assert.equal(result.totals['data-loss'] > 0, true);
    assert.match(result.text, /- Source: BigQuery: sample-project via http:\/\/127\.0\.0\.1:\d+/);
  });

  test('cancelling the request cancels the job', async () => {
    fake.inject('timeout');
    const requestsBefore = fake.requests.length;
    const source = new CancellationTokenSource();
    const pending = client.connection.sendRequest(INVENTORY_METHOD, { since: '2026-11-01', until: '2026-11-30' } satisfies InventoryParams, source.token);
    const jobsBefore = fake.cancelledJobs.length;
    await poll(() => fake.requests.slice(requestsBefore).some((call) => call.method === 'GET' && call.path.includes('/queries/')));
    source.cancel();
    await assert.rejects(pending, (error: { code: number }) => {
      assert.equal(error.code, -32800);
      return true;
    });
    await poll(() => fake.cancelledJobs.length > jobsBefore);
    assert.equal(fake.cancelledJobs.length, jobsBefore + 1);
  });
});

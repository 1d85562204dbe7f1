// The run-history panel on the BigQuery source: the extension's real @google-cloud/bigquery
// client queries the loopback BigQuery stand-in, which the driver starts with the sample dataset.
// The driver, code-server and its extension host share run.sh's network namespace, so the
// stand-in on 127.0.0.1 is reachable from the extension host. code-server's environment sets
// METADATA_SERVER_DETECTION=none (see code-server.ts), so the auth library does not probe the
// cloud metadata server.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserSession } from './browser';
import type { CheckRunner } from './checks';
import { EXTENSION_ID, SHOW_RUN_HISTORY_TITLE, type PanelRow } from './panel-scenario';
import { goTo, pollUntil, quickOpen, runCommand, webviewContent } from './workbench';
import { loadExpectedStatuses } from '../shared/sample-dataset';
import { FakeBigQuery } from '../../support/fake-bigquery';
import { SAMPLE_PARTITIONING } from '../../support/sample-partitioning';

export interface BigQueryScenarioOptions {
  workspace: string;
  log: (line: string) => void;
}

const PROJECT = 'e2e-project';
const REFRESH_RUN_HISTORY_TITLE = 'Processor Lens: Refresh Run History';
const HISTORY_FOLDER = '.processor-lens/history';
/** Attribute the scenario puts on the dates table shown before a refresh, to tell the refreshed table from it. */
const STALE_MARK = 'data-e2e-stale';
/**
 * Rows of the dates table on screen. While a query runs, the webview hides `#results` but keeps
 * the previous table in it, so rows are read only from a visible, unmarked table.
 */
const VISIBLE_ROWS = `#results:not([hidden]) #dates:not([${STALE_MARK}]) tbody tr[data-status]`;

export async function runBigQueryPanelChecks(
  session: BrowserSession,
  runner: CheckRunner,
  options: BigQueryScenarioOptions,
): Promise<{ metrics: Record<string, number> }> {
  const { page } = session;
  const metrics: Record<string, number> = {};
  const frame = () => webviewContent(page, EXTENSION_ID);
  const expected = loadExpectedStatuses(options.workspace);

  runner.group('run-history panel on BigQuery');
  const started = Date.now();
  const fake = await FakeBigQuery.start({
    projectId: PROJECT,
    exportsFolder: join(options.workspace, HISTORY_FOLDER),
    partitioning: SAMPLE_PARTITIONING,
  });
  metrics.bigquery_fake_start_ms = Date.now() - started;
  options.log(`    BigQuery stand-in ${fake.url} (project ${PROJECT}) started in ${metrics.bigquery_fake_start_ms} ms`);

  /**
   * Waits until the panel shows `processorName` from BigQuery with its table, or an error. With
   * `fresh`, a result taken from the result cache does not count.
   */
  const waitForBigQueryView = (processorName: string, fresh: boolean) =>
    pollUntil(
      `the panel to show ${processorName} from BigQuery`,
      async () => ({
        processor: (await frame().locator('#processor-name').textContent({ timeout: 1000 }).catch(() => null))?.trim() ?? '',
        source: (await frame().locator('#source-name').textContent({ timeout: 1000 }).catch(() => null))?.trim() ?? '',
        rows: await frame().locator(VISIBLE_ROWS).count(),
        statusLine: (await frame().locator('#status-line').textContent({ timeout: 1000 }).catch(() => null))?.trim() ?? '',
        error: (await frame().locator('#error-message').textContent({ timeout: 100 }).catch(() => null))?.trim() ?? '',
      }),
      // The previous step's processor may still show its own error, so only this processor's view counts.
      (state) =>
        state.processor === processorName &&
        (state.error !== '' || (state.source.startsWith('BigQuery') && state.rows > 0 && !(fresh && state.statusLine.includes('cached')))),
      60_000,
    );

  try {
    await runner.check('panel reads BigQuery through the loopback endpoint', async () => {
      if (!expected) throw new Error(`the workspace copy ${options.workspace} lacks the sample dataset or processors/box_scores.py`);
      switchToBigQuery(options.workspace, fake.url);

      await quickOpen(page, expected.file);
      await goTo(page, expected.line + 1, 1);
      const opened = Date.now();
      await runCommand(page, SHOW_RUN_HISTORY_TITLE);
      const shown = await waitForBigQueryView(expected.processorName, false);
      if (shown.error !== '') throw new Error(`the panel shows an error: ${shown.error}`);
      metrics.bigquery_panel_ms = Date.now() - opened;

      // Show Run History can leave the keyboard focus in the webview, and F1 pressed there did
      // not always open the command palette, so the editor takes the focus back first.
      const queriesBefore = countQueries(fake);
      await goTo(page, expected.line + 1, 1);
      await frame().locator('#dates').evaluateAll((tables, mark) => tables.forEach((table) => table.setAttribute(mark, '')), STALE_MARK);
      const refreshed = Date.now();
      await runCommand(page, REFRESH_RUN_HISTORY_TITLE);
      const refreshedState = await waitForBigQueryView(expected.processorName, true);
      // A refresh bypasses the result cache, so it must have sent a new jobs.query.
      if (countQueries(fake) <= queriesBefore) throw new Error(`the refresh sent no jobs.query; the stand-in received: ${describeRequests(fake)}`);
      metrics.bigquery_refresh_ms = Date.now() - refreshed;

      if (refreshedState.error !== '') throw new Error(`the panel shows an error: ${refreshedState.error}`);
      if (!refreshedState.source.includes(fake.url)) throw new Error(`the header's source "${refreshedState.source}" does not name the endpoint ${fake.url}`);
    }, { screenshot: 'panel bigquery source' });

    await runner.check('BigQuery statuses match the sample dataset', async () => {
      const matches = (row: PanelRow) => row.status === expected!.statusOf(row.date);
      const rows = await readVisibleRows(frame());
      if (rows.length < 7) throw new Error(`the panel lists only ${rows.length} dates`);
      const wrong = rows.filter((row) => !matches(row));
      if (wrong.length > 0) {
        throw new Error(`dates with a wrong status: ${wrong.map((row) => `${row.date} shown ${row.status}, expected ${expected!.statusOf(row.date)}`).join('; ')}`);
      }
      const anomalies = rows.filter((row) => expected!.anomalyDates.includes(row.date));
      if (anomalies.length === 0) throw new Error('the panel range contains none of the seeded anomalies, so the comparison proves little');

      const statusLine = (await frame().locator('#status-line').textContent())?.trim() ?? '';
      if (!/\d[\d,.]*\s(?:bytes|KiB|MiB|GiB|TiB|PiB) processed/.test(statusLine)) {
        throw new Error(`the status line "${statusLine}" shows no number of bytes processed`);
      }
      if (statusLine.includes('cached')) throw new Error(`the status line "${statusLine}" shows a cached result after the refresh`);
      options.log(`    BigQuery panel: ${rows.length} dates, ${anomalies.length} seeded anomalies; "${statusLine}"`);
    }, { screenshot: 'panel bigquery statuses' });

    await runner.check('BigQuery requests stay on 127.0.0.1', async () => {
      const base = `/bigquery/v2/projects/${PROJECT}`;
      const queries = fake.requests.filter((request) => request.method === 'POST' && request.path === `${base}/queries`);
      const tables = fake.requests.filter((request) => request.method === 'GET' && /\/datasets\/[^/]+\/tables\/[^/]+$/.test(request.path));
      if (queries.length === 0) throw new Error(`the stand-in received no jobs.query request; it received: ${describeRequests(fake)}`);
      if (!tables.some((request) => request.path === `${base}/datasets/nba_raw/tables/player_box_scores`)) {
        throw new Error(`the stand-in received no tables.get for nba_raw.player_box_scores; it received: ${describeRequests(fake)}`);
      }
      const otherProject = fake.requests.filter((request) => !request.path.startsWith(`${base}/`));
      if (otherProject.length > 0) throw new Error(`requests outside project ${PROJECT}: ${otherProject.map((request) => request.path).join(', ')}`);

      // The extension host is not instrumented, so "nowhere else" rests on the namespace. With
      // only a loopback interface, a connection to another host fails instead of leaving.
      const interfaces = networkInterfaces();
      if (interfaces.some((name) => name !== 'lo')) {
        options.log(`    NOTE: network interfaces ${interfaces.join(', ')} exist, so only the BigQuery requests are known to have gone to 127.0.0.1`);
      } else {
        options.log('    network namespace of the extension host: loopback only');
      }
      options.log(`    BigQuery stand-in: ${queries.length} jobs.query, ${tables.length} tables.get, ${fake.requests.length} requests in all`);
    }, { screenshot: 'panel bigquery requests' });
  } finally {
    await fake.close();
  }
  return { metrics };
}

/**
 * Points the workspace copy's run history at BigQuery. [tool.processor-lens.history] in
 * pyproject.toml takes precedence over the editor settings, so the edit goes there.
 */
function switchToBigQuery(workspace: string, endpoint: string): void {
  const file = join(workspace, 'pyproject.toml');
  const text = readFileSync(file, 'utf8');
  const line = /^source\s*=\s*"duckdb"\s*$/m;
  if (!line.test(text)) throw new Error(`${file} has no source = "duckdb" line under [tool.processor-lens.history] to switch to BigQuery`);
  writeFileSync(file, text.replace(line, `source = "bigquery"\nbigquery-project = "${PROJECT}"\nbigquery-api-endpoint = "${endpoint}"`));
}

/**
 * Lists the interfaces of this process's network namespace. /sys/class/net would list the host's
 * interfaces inside `unshare -n`, because sysfs keeps the namespace it was mounted in.
 */
function networkInterfaces(): string[] {
  return readFileSync('/proc/self/net/dev', 'utf8')
    .split('\n')
    .slice(2)
    .map((line) => line.split(':')[0].trim())
    .filter((name) => name !== '');
}

async function readVisibleRows(frame: ReturnType<typeof webviewContent>): Promise<PanelRow[]> {
  return frame.locator(VISIBLE_ROWS).evaluateAll((elements) =>
    elements.map((element) => ({
      date: element.getAttribute('data-date') ?? '',
      status: element.getAttribute('data-status') ?? '',
      badge: (element.querySelector('.badge')?.textContent ?? '').trim(),
    })),
  );
}

function countQueries(fake: FakeBigQuery): number {
  return fake.requests.filter((request) => request.method === 'POST' && request.path === `/bigquery/v2/projects/${PROJECT}/queries`).length;
}

function describeRequests(fake: FakeBigQuery): string {
  return fake.requests.map((request) => `${request.method} ${request.path}`).join(', ') || 'nothing';
}

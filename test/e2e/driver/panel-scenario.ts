// The run-history panel in the browser: opened for the processor under the cursor, its table
// read from the webview (two iframes deep) and compared with the sample dataset's expected
// statuses, screenshots in light and dark themes, and a value containing HTML shown as text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserSession } from './browser';
import type { CheckRunner } from './checks';
import { readUserSettings, writeUserSettings, type RunningCodeServer } from './code-server';
import { goTo, pollUntil, quickOpen, runCommand, webviewContent } from './workbench';
import { HTML_PROBE, type SeededHtml } from './seed';
import { loadExpectedStatuses } from './expected-statuses';

export interface PanelScenarioOptions {
  server: RunningCodeServer;
  workspace: string;
  artifacts: string;
  seeded: SeededHtml | null;
  log: (line: string) => void;
}

export const SHOW_RUN_HISTORY_TITLE = 'Processor Lens: Show Run History';

interface PanelRow {
  date: string;
  status: string;
  text: string;
}

export async function runPanelChecks(
  session: BrowserSession,
  runner: CheckRunner,
  options: PanelScenarioOptions,
): Promise<{ metrics: Record<string, number> }> {
  const { page } = session;
  const metrics: Record<string, number> = {};
  const frame = () => webviewContent(page, page.locator('.part.sidebar, .part.auxiliarybar, .part.panel').filter({ has: page.locator('iframe.webview') }).first());

  runner.group('run-history panel');
  const expected = loadExpectedStatuses(options.workspace);
  let rows: PanelRow[] = [];

  await runner.check('run-history panel opens for the processor under the cursor', async () => {
    if (!expected) throw new Error(`no expected statuses found for ${options.workspace}`);
    await quickOpen(page, expected.file);
    await goTo(page, expected.line + 1, 1);
    const opened = Date.now();
    await runCommand(page, SHOW_RUN_HISTORY_TITLE);
    await frame().locator('#dates tbody tr[data-status]').first().waitFor({ timeout: 60_000 });
    metrics.panel_first_table_ms = Date.now() - opened;
    rows = await readRows(frame());
    const name = await frame().locator('#processor-name').textContent();
    if (name?.trim() !== expected.processorName) {
      throw new Error(`the panel shows processor "${name}", expected "${expected.processorName}"`);
    }
  }, { screenshot: 'panel light theme' });

  await runner.check('panel statuses match the sample dataset', async () => {
    const wanted = expected!.statuses;
    const shown = Object.fromEntries(rows.map((row) => [row.date, row.status]));
    const wrong = Object.entries(wanted).filter(([date, status]) => shown[date] !== status);
    if (wrong.length > 0) {
      throw new Error(
        `dates with a wrong or missing status: ${wrong.map(([date, status]) => `${date} expected ${status}, shown ${shown[date] ?? 'nothing'}`).join('; ')}`,
      );
    }
    options.log(`    panel rows: ${rows.map((row) => `${row.date}=${row.status}`).join(' ')}`);
  }, { screenshot: 'panel statuses' });

  await runner.check('panel follows the dark theme', async () => {
    setTheme(options.server, 'Default Dark Modern');
    await page.locator('.monaco-workbench.vs-dark').waitFor({ timeout: 30_000 });
    await frame().locator('body.vscode-dark').waitFor({ timeout: 30_000 });
    await frame().locator('#dates tbody tr[data-status]').first().waitFor({ timeout: 30_000 });
  }, { screenshot: 'panel dark theme' });

  await runner.check('panel follows the high-contrast theme', async () => {
    setTheme(options.server, 'Default High Contrast');
    await page.locator('.monaco-workbench.hc-black').waitFor({ timeout: 30_000 });
    await frame().locator('body.vscode-high-contrast').waitFor({ timeout: 30_000 });
  }, { screenshot: 'panel high contrast theme' });

  runner.group('HTML in data shown as text');
  await runner.check('value containing HTML is shown as text', async () => {
    setTheme(options.server, 'Default Light Modern');
    const seeded = options.seeded;
    if (!seeded) throw new Error('no processor could be seeded with an HTML value');
    await quickOpen(page, seeded.file);
    await goTo(page, seeded.line + 1, 1);
    await runCommand(page, SHOW_RUN_HISTORY_TITLE);
    const header = frame().locator('#processor-name');
    await pollUntil('the panel header to show the seeded name', async () => (await header.textContent())?.trim() ?? '', (text) => text === HTML_PROBE, 60_000);

    const injected = await frame().locator('img, script:not([nonce])').count();
    if (injected > 0) throw new Error(`the webview contains ${injected} element(s) created from the seeded HTML`);
    if (session.dialogs.length > 0) throw new Error(`a dialog opened: ${session.dialogs.join('; ')}`);
  }, { screenshot: 'panel html value as text' });

  return { metrics };
}

async function readRows(frame: ReturnType<typeof webviewContent>): Promise<PanelRow[]> {
  return frame.locator('#dates tbody tr[data-status]').evaluateAll((elements) =>
    elements.map((element) => ({
      date: element.getAttribute('data-date') ?? '',
      status: element.getAttribute('data-status') ?? '',
      text: (element.textContent ?? '').trim(),
    })),
  );
}

function setTheme(server: RunningCodeServer, theme: string): void {
  const settings = readUserSettings(server.userSettingsFile);
  writeUserSettings(server.userSettingsFile, { ...settings, 'workbench.colorTheme': theme });
}

export function readText(workspace: string, file: string): string {
  return readFileSync(join(workspace, file), 'utf8');
}

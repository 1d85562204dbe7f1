// The run-history panel in the browser. The panel is opened for the processor under the cursor,
// and its table is read from the webview (two iframes deep) and compared with the sample
// dataset's expected statuses. Screenshots cover the light, dark and high-contrast themes and a
// seeded value containing HTML, which must show as text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserSession } from './browser';
import type { CheckRunner } from './checks';
import type { Page } from 'playwright-core';
import type { RunningCodeServer } from './code-server';
import { activeEditor, dismissOverlays, goTo, pollUntil, quickOpen, runCommand, webviewContent } from './workbench';
import { HTML_PROBE, type SeededHtml } from './seed';
import { loadExpectedStatuses } from '../shared/sample-dataset';
import { STATUS_LABELS } from '../../../client/src/panel/messages';
import type { DateStatus } from '../../../server/src/history/types';

export interface PanelScenarioOptions {
  server: RunningCodeServer;
  workspace: string;
  artifacts: string;
  seeded: SeededHtml | null;
  log: (line: string) => void;
}

export const SHOW_RUN_HISTORY_TITLE = 'Processor Lens: Show Run History';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { publisher: string; name: string };
export const EXTENSION_ID = `${manifest.publisher}.${manifest.name}`;

export interface PanelRow {
  date: string;
  status: string;
  /** Visible text of the row's status badge. */
  badge: string;
}

export async function runPanelChecks(
  session: BrowserSession,
  runner: CheckRunner,
  options: PanelScenarioOptions,
): Promise<{ metrics: Record<string, number> }> {
  const { page } = session;
  const metrics: Record<string, number> = {};
  const frame = () => webviewContent(page, EXTENSION_ID);

  runner.group('run-history panel');
  await dismissOverlays(page);
  const expected = loadExpectedStatuses(options.workspace);
  let rows: PanelRow[] = [];

  await runner.check('run-history panel opens for the processor under the cursor', async () => {
    if (!expected) throw new Error(`the workspace copy ${options.workspace} lacks the sample dataset or processors/box_scores.py`);
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
    if (rows.length < 7) throw new Error(`the panel lists only ${rows.length} dates`);
    const wrong = rows.filter((row) => row.status !== expected!.statusOf(row.date));
    if (wrong.length > 0) {
      throw new Error(`dates with a wrong status: ${wrong.map((row) => `${row.date} shown ${row.status}, expected ${expected!.statusOf(row.date)}`).join('; ')}`);
    }
    const anomalies = rows.filter((row) => expected!.anomalyDates.includes(row.date));
    if (anomalies.length === 0) throw new Error('the panel range contains none of the seeded anomalies, so the comparison proves little');

    const badLabels = rows.filter((row) => row.badge !== STATUS_LABELS[row.status as DateStatus]);
    if (badLabels.length > 0) {
      throw new Error(`badges whose text does not name their status: ${badLabels.map((row) => `${row.date} ${row.status} "${row.badge}"`).join('; ')}`);
    }
    options.log(`    panel: ${rows.length} dates, ${anomalies.length} seeded anomalies: ${anomalies.map((row) => `${row.date}=${row.status}`).join(' ')}`);
  }, { screenshot: 'panel statuses' });

  await runner.check('panel follows the dark theme', async () => {
    await setTheme(page, 'Dark Modern');
    await page.locator('.monaco-workbench.vs-dark').waitFor({ timeout: 30_000 });
    await frame().locator('body.vscode-dark').waitFor({ timeout: 30_000 });
    await frame().locator('#dates tbody tr[data-status]').first().waitFor({ timeout: 30_000 });
  }, { screenshot: 'panel dark theme' });

  await runner.check('panel follows the high-contrast theme', async () => {
    await setTheme(page, 'Dark High Contrast');
    await page.locator('.monaco-workbench.hc-black').waitFor({ timeout: 30_000 });
    await frame().locator('body.vscode-high-contrast').waitFor({ timeout: 30_000 });
  }, { screenshot: 'panel high contrast theme' });

  runner.group('panel navigation');
  await dismissOverlays(page);
  await runner.check('code lens opens the panel for its processor', async () => {
    await setTheme(page, 'Light Modern');
    const file = 'processors/nbacom/player_boxscores.py';
    const [first] = processorClasses(readText(options.workspace, file));
    if (!first) throw new Error(`${file} defines no class`);
    await quickOpen(page, file);
    const lens = activeEditor(page).locator('.codelens-decoration a', { hasText: 'Show run history' }).first();
    await lens.waitFor({ timeout: 30_000 });
    await lens.click();
    await waitForHeader(frame(), first.processorName);
  }, { screenshot: 'panel opened from the code lens' });

  await runner.check('panel follows the cursor between processors', async () => {
    const file = 'processors/control_flow.py';
    const classes = processorClasses(readText(options.workspace, file));
    if (classes.length < 2) throw new Error(`${file} defines fewer than two classes`);
    await quickOpen(page, file);
    for (const item of classes.slice(0, 2)) {
      await goTo(page, item.line + 1, 1);
      await waitForHeader(frame(), item.processorName);
    }
  }, { screenshot: 'panel follows the cursor' });

  runner.group('HTML in data shown as text');
  await dismissOverlays(page);
  await runner.check('value containing HTML is shown as text', async () => {
    await setTheme(page, 'Light Modern');
    const seeded = options.seeded;
    if (!seeded) throw new Error('no processor could be seeded with an HTML value');
    await quickOpen(page, seeded.file);
    await goTo(page, seeded.line + 1, 1);
    await runCommand(page, SHOW_RUN_HISTORY_TITLE);
    const header = frame().locator('#processor-name');
    await pollUntil('the panel header to show the seeded name', async () => (await header.textContent())?.trim() ?? '', (text) => text === HTML_PROBE, 60_000);

    // The probe's <img src=x> would run its onerror handler if the panel inserted it as markup.
    const injected = await frame().locator('img[src="x"], [onerror]').count();
    if (injected > 0) throw new Error(`the webview contains ${injected} element(s) created from the seeded HTML`);
    await frame().locator('#dates, #error, .empty').first().waitFor({ timeout: 60_000 }).catch(() => undefined);
    if (session.dialogs.length > 0) throw new Error(`a dialog opened: ${session.dialogs.join('; ')}`);
  }, { screenshot: 'panel html value as text' });

  return { metrics };
}

async function waitForHeader(content: ReturnType<typeof webviewContent>, processorName: string): Promise<void> {
  const header = content.locator('#processor-name');
  await pollUntil(`the panel header to show ${processorName}`, async () => (await header.textContent().catch(() => null))?.trim() ?? '', (text) => text === processorName, 30_000);
}

/**
 * Lists the top-level classes of a file with the name run history records for each: the
 * `processor_type` attribute of the class body when it has one, else the class name.
 */
function processorClasses(text: string): { line: number; processorName: string }[] {
  const lines = text.split(/\r?\n/);
  const classes: { line: number; processorName: string }[] = [];
  lines.forEach((line, index) => {
    const match = /^class\s+(\w+)/.exec(line);
    if (!match) return;
    let end = lines.findIndex((other, otherIndex) => otherIndex > index && /^\S/.test(other) && !other.startsWith('#'));
    if (end < 0) end = lines.length;
    const attribute = lines
      .slice(index + 1, end)
      .map((bodyLine) => /^\s+processor_type\s*=\s*["']([^"']+)["']/.exec(bodyLine))
      .find((found) => found !== null);
    classes.push({ line: index, processorName: attribute ? attribute[1] : match[1] });
  });
  return classes;
}

export async function readRows(frame: ReturnType<typeof webviewContent>): Promise<PanelRow[]> {
  return frame.locator('#dates tbody tr[data-status]').evaluateAll((elements) =>
    elements.map((element) => ({
      date: element.getAttribute('data-date') ?? '',
      status: element.getAttribute('data-status') ?? '',
      badge: (element.querySelector('.badge')?.textContent ?? '').trim(),
    })),
  );
}

/** Picks a color theme through "Preferences: Color Theme", as a user would. */
async function setTheme(page: Page, label: string): Promise<void> {
  await runCommand(page, 'Preferences: Color Theme');
  // The palette closes and the theme picker opens in its place; its list names every theme.
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'High Contrast' }).first().waitFor({ timeout: 30_000 });
  const input = page.locator('.quick-input-widget input');
  await input.fill(label);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 30_000 });
}

export function readText(workspace: string, file: string): string {
  return readFileSync(join(workspace, file), 'utf8');
}

// The browser scenario: what a user does in code-server with the sample workspace, checked
// through the DOM and the files on disk, with a screenshot after every step.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserSession } from './browser';
import { CheckRunner, type CheckResult } from './checks';
import type { RunningCodeServer } from './code-server';
import { remoteUri, workbenchUrl } from './extension-tests';
import { runBigQueryPanelChecks } from './bigquery-scenario';
import { runPanelChecks } from './panel-scenario';
import { HTML_PROBE, seedHtmlProcessor } from './seed';
import { readWorkspaceAnnotations, type ExpectedDiagnostic } from '../shared/annotations';
import {
  activeEditor,
  chooseCodeAction,
  focusEditor,
  goTo,
  pollUntil,
  problemRows,
  quickOpen,
  showProblemsFor,
  visibleEditorText,
  waitForWorkbench,
} from './workbench';

export interface UiScenarioOptions {
  server: RunningCodeServer;
  workspace: string;
  developmentPath?: string;
  artifacts: string;
  /** Date.now() when code-server was spawned, for the time-to-first-diagnostic metric. */
  spawnedAt: number;
  /** True when no other browser session used this code-server before. */
  firstClient: boolean;
  log: (line: string) => void;
}

export interface UiScenarioResult {
  checks: CheckResult[];
  metrics: Record<string, number>;
}

/** Rules whose findings carry fixes; fix-all on save removes exactly these. */
const FIXABLE_RULES = new Set(['unset-after-write', 'unset-without-write']);
const FIX_ALL_ON_SAVE = { 'editor.codeActionsOnSave': { 'source.fixAll.processorLens': 'explicit' } };

export async function runUiScenario(session: BrowserSession, options: UiScenarioOptions): Promise<UiScenarioResult> {
  const { page } = session;
  const runner = new CheckRunner(page, options.artifacts, options.log);
  const metrics: Record<string, number> = {};
  const original = readWorkspaceAnnotations(options.workspace);
  const firstTarget = original.find((item) => item.fix);
  const firstFixAll = pickFixAllFile(original, firstTarget?.file);

  // The HTML probe goes into a third annotated file, so the files the fixes touch keep their lines.
  const used = new Set([firstTarget?.file, firstFixAll?.file]);
  const seeded = seedHtmlProcessor(options.workspace, [...new Set(original.map((item) => item.file))].filter((file) => !used.has(file)));
  if (seeded) options.log(`  seeded ${seeded.className} in ${seeded.file} with processor_type ${HTML_PROBE}`);
  const annotations = readWorkspaceAnnotations(options.workspace);
  const target = annotations.find((item) => item.fix);
  const fixAllFile = pickFixAllFile(annotations, target?.file);

  runner.group('diagnostics, quick fix and fix-all on save');
  const gotoAt = Date.now();
  await runner.check('workbench loads the sample workspace', async () => {
    const payload: [string, string][] = options.developmentPath
      ? [['extensionDevelopmentPath', remoteUri(options.server.port, options.developmentPath)]]
      : [];
    await page.goto(workbenchUrl(options.server.url, options.server.port, options.workspace, payload));
    await waitForWorkbench(page);
    metrics.workbench_ms = Date.now() - gotoAt;
  });

  await runner.check('processor file opens with Quick Open', async () => {
    if (!target?.fix) throw new Error(`no "fix:" annotation in ${options.workspace}; nothing to open and fix`);
    await quickOpen(page, target.file);
    await activeEditor(page).locator('.view-lines', { hasText: 'save_data' }).waitFor({ timeout: 30_000 });
  });

  const fileExpectations = annotations.filter((item) => item.file === target?.file);
  await runner.check('Problems panel shows the annotated diagnostics', async () => {
    await showProblemsFor(page, target!.file);
    await pollUntil('a first Processor Lens marker', () => problemRows(page), (rows) => rows.some((row) => row.line !== null), 60_000);
    // From code-server's start only when the browser scenario is its first client (--only ui).
    if (options.firstClient) metrics.first_diagnostic_from_spawn_ms = Date.now() - options.spawnedAt;
    metrics.ui_first_diagnostic_from_goto_ms = Date.now() - gotoAt;

    // While the workspace index is still being built, a method inherited from another file may
    // not be resolved yet, so the markers are compared once they have settled.
    await pollUntil(
      `exactly the markers ${fileExpectations.map(describe).join(', ')}`,
      () => problemRows(page),
      (rows) => sameMarkers(rows, fileExpectations),
      60_000,
    );
    metrics.ui_annotated_markers_from_goto_ms = Date.now() - gotoAt;
  });

  await runner.check('quick fix applies with Ctrl+.', async () => {
    await goTo(page, target!.line + 1, target!.character + 1);
    const fixedAt = Date.now();
    await page.keyboard.press('Control+.');
    await chooseCodeAction(page, target!.fix!);
    await pollUntil('the editor to show the inserted statement', () => visibleEditorText(page), (text) => hasStatement(text, target!.fix!));
    metrics.quick_fix_ms = Date.now() - fixedAt;
  });

  await runner.check('saved quick fix reaches the disk and clears its marker', async () => {
    await page.keyboard.press('Control+S');
    const path = join(options.workspace, target!.file);
    await pollUntil('the file on disk to contain the fix', async () => readFileSync(path, 'utf8'), (text) => hasStatement(text, target!.fix!));
    const remaining = readWorkspaceAnnotations(options.workspace).filter((item) => item.file === target!.file && item.text !== target!.text);
    await pollUntil(`the ${describe(target!)} marker to disappear`, () => problemRows(page), (rows) => sameMarkers(rows, remaining));
  });

  await runner.check('fix-all runs on save (editor.codeActionsOnSave)', async () => {
    if (!fixAllFile) throw new Error('no second file with fixable findings for the fix-all step');
    enableFixAllOnSave(options.workspace);

    const path = join(options.workspace, fixAllFile.file);
    const before = readFileSync(path, 'utf8');
    await quickOpen(page, fixAllFile.file);
    await showProblemsFor(page, fixAllFile.file);
    await pollUntil('the fixable markers of the file', () => problemRows(page), (rows) => fixAllFile.fixable.every((item) => rows.some((row) => matches(row, item))), 30_000);

    // An explicit save runs the participants; a one-line edit makes the save visible on disk even
    // if fix-all changed nothing.
    await focusEditor(page);
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('# edited by the end-to-end scenario');
    await page.keyboard.press('Control+S');

    const after = await pollUntil(
      `${fixAllFile.file} on disk to contain the fix-all statements`,
      async () => readFileSync(path, 'utf8'),
      (text) => text.includes('# edited by the end-to-end scenario') && countStatSets(text) > countStatSets(before),
    );
    writeFileSync(join(options.artifacts, 'fix-all-after.py.txt'), after);
    await pollUntil(
      'the fixable markers to disappear',
      () => problemRows(page),
      (rows) => !rows.some((row) => row.line !== null && [...FIXABLE_RULES].some((rule) => row.text.includes(rule))),
    );
  });

  const panel = await runPanelChecks(session, runner, { ...options, seeded });
  Object.assign(metrics, panel.metrics);

  // Last, because it switches the workspace copy's run history from DuckDB to BigQuery.
  const bigquery = await runBigQueryPanelChecks(session, runner, options);
  Object.assign(metrics, bigquery.metrics);

  return { checks: runner.results, metrics };
}

/** Adds `editor.codeActionsOnSave` to the workspace copy's settings, keeping the settings it has. */
function enableFixAllOnSave(workspace: string): void {
  const settingsDir = join(workspace, '.vscode');
  const file = join(settingsDir, 'settings.json');
  mkdirSync(settingsDir, { recursive: true });
  let settings: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      settings = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new Error(`cannot add editor.codeActionsOnSave to ${file}: it is not plain JSON (${(error as Error).message})`);
    }
  }
  writeFileSync(file, `${JSON.stringify({ ...settings, ...FIX_ALL_ON_SAVE }, null, 2)}\n`);
}

/** Returns whether the Problems rows are exactly the expected markers (file rows carry no position). */
function sameMarkers(rows: { text: string; line: number | null }[], expected: ExpectedDiagnostic[]): boolean {
  const markers = rows.filter((row) => row.line !== null);
  return markers.length === expected.length && expected.every((item) => markers.some((row) => matches(row, item)));
}

function describe(item: ExpectedDiagnostic): string {
  return `${item.rule} at ${item.file}:${item.line + 1}`;
}

function matches(row: { text: string; line: number | null }, item: ExpectedDiagnostic): boolean {
  return row.line === item.line + 1 && row.text.includes(item.rule);
}

function hasStatement(text: string, statement: string): boolean {
  return text.split(/\r\n|\r|\n/).some((line) => line.trim() === statement.trim());
}

/** Number of lines that assign the stat, to count the statements fix-all inserted. */
function countStatSets(text: string): number {
  return text.split(/\r\n|\r|\n/).filter((line) => /self\.stats\[["']rows_inserted["']\]\s*=/.test(line)).length;
}

/** Picks the file (other than the quick-fix file) with the most fixable findings. */
function pickFixAllFile(annotations: ExpectedDiagnostic[], exclude: string | undefined) {
  const byFile = new Map<string, ExpectedDiagnostic[]>();
  for (const item of annotations) {
    if (item.file === exclude || !FIXABLE_RULES.has(item.rule)) continue;
    byFile.set(item.file, [...(byFile.get(item.file) ?? []), item]);
  }
  const best = [...byFile.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))[0];
  return best ? { file: best[0], fixable: best[1] } : undefined;
}

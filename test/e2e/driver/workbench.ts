// Keyboard-driven helpers for the VS Code 1.100 web workbench. The selectors were checked
// against code-server 4.100.3 in Chromium; Ctrl+W/N/T are reserved by the browser, so nothing
// here relies on them.
import type { FrameLocator, Locator, Page } from 'playwright-core';

export const TIMEOUT = 30_000;

export async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.activitybar').waitFor({ timeout: 60_000 });
}

/** Opens a workspace file by name through Quick Open (Ctrl+P), as a user would. */
export async function quickOpen(page: Page, relativePath: string): Promise<void> {
  // A focused webview keeps Ctrl+P to itself, so the focus goes back to the editor first.
  if ((await activeEditor(page).count()) > 0) await focusEditor(page);
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: TIMEOUT });
  await input.fill(relativePath);
  const fileName = relativePath.split('/').pop() ?? relativePath;
  // The list first shows recently opened files and filters a moment later, so Enter waits until
  // the focused row is the requested file.
  const focused = page.locator('.quick-input-list .monaco-list-row.focused');
  await pollUntil(
    `Quick Open to focus ${relativePath}`,
    async () => (await focused.getAttribute('aria-label', { timeout: 1000 }).catch(() => null)) ?? '',
    (label) => label.startsWith(fileName),
  );
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: fileName }).waitFor({ timeout: TIMEOUT });
}

/** Closes menus, widgets and Quick Open left open by a failed step, so the next group starts clean. */
export async function dismissOverlays(page: Page): Promise<void> {
  for (let index = 0; index < 3; index += 1) await page.keyboard.press('Escape');
}

/**
 * Applies the code action whose title contains `title` from the open action widget (Ctrl+.).
 * The widget's rows sit under a pointer-blocking layer, so it is driven with the arrow keys.
 */
export async function chooseCodeAction(page: Page, title: string): Promise<void> {
  const rows = page.locator('.action-widget .monaco-list-row.action');
  await rows.filter({ hasText: title }).first().waitFor({ timeout: TIMEOUT });
  const count = await rows.count();
  for (let step = 0; step <= count; step += 1) {
    const focused = await page.locator('.action-widget .monaco-list-row.action.focused').getAttribute('aria-label');
    if (focused?.includes(title)) {
      await page.keyboard.press('Enter');
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  const labels = await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('aria-label')));
  throw new Error(`no code action titled "${title}" could be focused; offered: ${JSON.stringify(labels)}`);
}

/** Moves the cursor with Go to Line (Ctrl+G); line and column are one-based. */
export async function goTo(page: Page, line: number, column: number): Promise<void> {
  await focusEditor(page);
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: TIMEOUT });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: TIMEOUT });
}

/** Runs a command by its title through the command palette (F1). */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: TIMEOUT });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: TIMEOUT });
  await acceptQuickInputRow(page, (label) => label === title || label.startsWith(`${title},`));
}

/**
 * Accepts the Quick Input row whose aria-label satisfies `wanted`, moving the focus there with the
 * arrow keys: the best fuzzy match is not always the first row (recently used commands come first).
 */
export async function acceptQuickInputRow(page: Page, wanted: (label: string) => boolean): Promise<void> {
  const rows = page.locator('.quick-input-list .monaco-list-row');
  const count = await rows.count();
  for (let step = 0; step <= count; step += 1) {
    const focused = (await page.locator('.quick-input-list .monaco-list-row.focused').getAttribute('aria-label').catch(() => null)) ?? '';
    if (wanted(focused)) {
      await page.keyboard.press('Enter');
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  const labels = await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('aria-label')));
  throw new Error(`no Quick Input row matched; rows: ${JSON.stringify(labels)}`);
}

/**
 * Focuses the active editor by clicking inside its visible box. The `.view-lines` element scrolls
 * with the text, so its own top-left corner can lie outside the editor.
 */
export async function focusEditor(page: Page): Promise<void> {
  const box = await activeEditor(page).locator('.overflow-guard').boundingBox();
  if (!box) throw new Error('the active editor is not visible');
  await page.mouse.click(box.x + box.width / 2, box.y + Math.min(box.height / 2, 40));
}

export function activeEditor(page: Page): Locator {
  return page.locator('.editor-group-container.active .monaco-editor').first();
}

/**
 * Text of the visible lines of the active editor in line order. Monaco recycles line nodes, so
 * their DOM order is not line order: they are sorted by their `top` offset instead.
 */
export async function visibleEditorText(page: Page): Promise<string> {
  return activeEditor(page)
    .locator('.view-lines')
    .evaluate((element) =>
      Array.from(element.querySelectorAll<HTMLElement>('.view-line'))
        .map((line) => ({ top: parseFloat(line.style.top), text: (line.textContent ?? '').replace(/\u00a0/g, ' ') }))
        .sort((a, b) => a.top - b.top)
        .map((line) => line.text)
        .join('\n'),
    );
}

export interface ProblemRow {
  text: string;
  /** One-based position from the row's "[Ln N, Col M]"; null for file rows and related-information rows. */
  line: number | null;
  column: number | null;
}

/** Opens the Problems panel and shows only the markers of one file (the filter takes globs). */
export async function showProblemsFor(page: Page, relativePath: string): Promise<void> {
  await page.keyboard.press('Control+Shift+M');
  await page.locator('.markers-panel').waitFor({ timeout: TIMEOUT });
  const filter = page.locator('.viewpane-filter input, .markers-panel-action-filter input').first();
  await filter.waitFor({ timeout: TIMEOUT });
  await filter.fill(`**/${relativePath}`);
}

/**
 * Rows of the Problems panel. Marker rows are distinguished from file rows and from their
 * related-information rows by the aria-label, which ends with "generated by SOURCE" only on markers.
 */
export async function problemRows(page: Page): Promise<ProblemRow[]> {
  const rows = await page
    .locator('.markers-panel .monaco-list-row')
    .evaluateAll((elements) => elements.map((element) => ({ text: element.textContent ?? '', label: element.getAttribute('aria-label') ?? '' })));
  return rows.map(({ text, label }) => {
    const position = /generated by /.test(label) ? /\[Ln (\d+), Col (\d+)\]/.exec(text) : null;
    return { text, line: position ? Number(position[1]) : null, column: position ? Number(position[2]) : null };
  });
}

/**
 * Content frame of an extension's webview: `iframe.webview` (the workbench's host page) contains
 * `#active-frame`. Webviews are laid over the workbench, outside their view's DOM, so the
 * iframe is found by the extension id in its URL.
 */
export function webviewContent(page: Page, extensionId: string): FrameLocator {
  return page.frameLocator(`iframe.webview[src*="extensionId=${extensionId}"]`).first().frameLocator('#active-frame');
}

export async function pollUntil<T>(
  description: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = TIMEOUT,
): Promise<T> {
  const started = Date.now();
  let value = await read();
  while (!done(value)) {
    if (Date.now() - started > timeoutMs) {
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${description}; last value: ${JSON.stringify(value)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    value = await read();
  }
  return value;
}

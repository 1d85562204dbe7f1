// Throwaway: verifies the evidence code lens and the panel keyboard in code-server.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchBrowser } from './driver/browser';
import { startCodeServer } from './driver/code-server';
import { remoteUri, workbenchUrl } from './driver/extension-tests';
import { goTo, quickOpen, runCommand, waitForWorkbench, webviewContent } from './driver/workbench';

async function main() {
  const root = resolve('.');
  const runDir = mkdtempSync(join(tmpdir(), 'pl-panel-check-'));
  const workspace = join(runDir, 'ws');
  cpSync(join(root, 'sample-workspace'), workspace, { recursive: true });
  const server = await startCodeServer({ installDir: '/root/.cache/processor-lens/code-server-4.100.3', runDir, workspace });
  const session = await launchBrowser(runDir);
  const { page } = session;
  try {
    await page.goto(workbenchUrl(server.url, server.port, workspace, [['extensionDevelopmentPath', remoteUri(server.port, root)]]));
    await waitForWorkbench(page);
    await quickOpen(page, 'processors/box_scores.py');
    await page.waitForTimeout(4000);
    await goTo(page, 9, 1);
    await runCommand(page, 'Processor Lens: Show Run History');
    const frame = webviewContent(page, 'processor-lens.processor-lens');
    await frame.locator('#dates tbody tr[data-status]').first().waitFor({ timeout: 60_000 });
    console.log('table rows', await frame.locator('#dates tbody tr[data-status]').count());
    const lens = page.locator('.monaco-editor .codelens-decoration', { hasText: 'run history:' });
    await lens.first().waitFor({ timeout: 30_000 }).catch(() => console.log('no evidence lens within 30 s'));
    console.log('lenses:', await page.locator('.monaco-editor .codelens-decoration').allTextContents());
    await page.screenshot({ path: '/tmp/pl-panel-check/editor.png' });

    // Keyboard: focus the first row and move down twice.
    await frame.locator('#dates tbody tr[tabindex="0"]').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    console.log('focused row', await frame.locator('#dates tbody tr:focus').getAttribute('data-date'));
    await page.keyboard.press('Shift+Tab');
    console.log('after shift+tab', await frame.locator(':focus').evaluate((el) => el.id || el.tagName));
    // Switch to 7 days through the select with the keyboard.
    await frame.locator('#range-preset').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(1500);
    console.log('rows after range change', await frame.locator('#dates tbody tr[data-status]').count(), await frame.locator('#status-line').textContent());
    await frame.locator('#copy-sql').click();
    await page.waitForTimeout(800);
    console.log('notice', await frame.locator('#notice').textContent());
    await page.screenshot({ path: '/tmp/pl-panel-check/after-keyboard.png' });
    console.log('page errors', session.pageErrors, 'foreign', session.foreignRequests);
  } finally {
    await session.close();
    await server.stop();
  }
}
main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

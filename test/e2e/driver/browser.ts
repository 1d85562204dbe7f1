// Launches Debian's Chromium through playwright-core (which downloads nothing) with a fresh
// profile per session, and records every request that would leave 127.0.0.1.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.PL_CHROMIUM ?? '/usr/bin/chromium';

/** Flags that keep Chromium from contacting Google services and resolve every host but 127.0.0.1 to nothing. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-proxy-server',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
  '--disable-dev-shm-usage',
];

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** URLs of requests to any host other than 127.0.0.1; a run expects none. */
  foreignRequests: string[];
  /** Messages of page errors and dialogs (alert, confirm), to catch script injected through data. */
  pageErrors: string[];
  dialogs: string[];
  close(): Promise<void>;
}

export async function launchBrowser(profileRoot = tmpdir()): Promise<BrowserSession> {
  const profile = mkdtempSync(join(profileRoot, 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: CHROMIUM_ARGS,
  });

  const foreignRequests: string[] = [];
  const pageErrors: string[] = [];
  const dialogs: string[] = [];
  context.on('request', (request) => {
    const url = new URL(request.url());
    const local = ['data:', 'blob:', 'about:', 'chrome-extension:'].includes(url.protocol) || url.hostname === '127.0.0.1';
    if (!local) foreignRequests.push(request.url());
  });

  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // Dialogs of the workbench and of webview frames both arrive here.
  context.on('dialog', async (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss().catch(() => undefined);
  });

  return {
    context,
    page,
    foreignRequests,
    pageErrors,
    dialogs,
    close: () => context.close(),
  };
}

// Launches Debian's Chromium through playwright-core (which downloads nothing) with a fresh
// profile per session, and records every request that would leave 127.0.0.1.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Request } from 'playwright-core';

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
  /** URLs of requests to any host other than 127.0.0.1 that no service worker served; a run expects none. */
  readonly foreignRequests: string[];
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

  const pageErrors: string[] = [];
  const dialogs: string[] = [];
  // Webview resources are requested from https://*.vscode-resource.vscode-cdn.net, but the
  // webview's service worker serves them from the workbench, so they never reach the network.
  // A request counts as foreign unless it went to 127.0.0.1 or a service worker answered it.
  const pending = new Map<Request, string>();
  const foreign: string[] = [];
  context.on('request', (request) => {
    const url = new URL(request.url());
    const local = ['data:', 'blob:', 'about:', 'chrome-extension:'].includes(url.protocol) || url.hostname === '127.0.0.1';
    if (!local) pending.set(request, request.url());
  });
  context.on('requestfinished', async (request) => {
    const url = pending.get(request);
    if (url === undefined) return;
    pending.delete(request);
    const response = await request.response().catch(() => null);
    if (!response?.fromServiceWorker()) foreign.push(url);
  });
  context.on('requestfailed', (request) => {
    const url = pending.get(request);
    if (url === undefined) return;
    pending.delete(request);
    foreign.push(`${url} (failed: ${request.failure()?.errorText ?? 'unknown error'})`);
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
    get foreignRequests() {
      return [...foreign, ...[...pending.values()].map((url) => `${url} (no response yet)`)];
    },
    pageErrors,
    dialogs,
    close: () => context.close(),
  };
}

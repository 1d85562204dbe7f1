// Renders the run-history webview outside VS Code for a quick visual check: builds the webview
// bundle, serves it on 127.0.0.1 under the panel's own Content-Security-Policy with sample views,
// and takes Chromium screenshots in light, dark and high-contrast themes.
//
//   node --import tsx scripts/panel-preview/run.ts [OUT_DIR]
//
// Writes OUT_DIR/<theme>-<state>.png (default test/artifacts/panel-preview) and exits non-zero
// when the page reports a CSP violation or a script error, or shows injected HTML as markup.
import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { createNonce, renderPanelHtml } from '../../client/src/panel/html';
import { sampleView } from './sample';
import { THEMES } from './themes';

// Run from the repository root, like the other scripts.
const root = process.cwd();
const outDir = resolve(process.argv[2] ?? join(root, 'test/artifacts/panel-preview'));
const bundleDir = join(outDir, 'bundle');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Builds the script that replaces VS Code's webview host: theme variables, the API and one view. */
function hostScript(theme: string, state: string): string {
  const { bodyClass, variables } = THEMES[theme];
  const view = sampleView(state);
  return `
document.addEventListener('DOMContentLoaded', () => document.body.classList.add(${JSON.stringify(bodyClass)}));
for (const [name, value] of Object.entries(${JSON.stringify(variables)})) document.documentElement.style.setProperty(name, value);
window.__posted = [];
window.acquireVsCodeApi = () => ({
  postMessage(message) {
    window.__posted.push(message);
    if (message.type === 'ready') window.postMessage({ type: 'view', view: ${JSON.stringify(view)} }, '*');
  },
});
`;
}

async function serve(): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const theme = url.searchParams.get('theme') ?? 'dark';
    const state = url.searchParams.get('state') ?? 'result';
    const send = (type: string, body: string | Buffer) => {
      response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(body);
    };

    if (url.pathname === '/panel.js') return send('text/javascript', readFileSync(join(bundleDir, 'panel.js')));
    if (url.pathname === '/panel.css') return send('text/css', readFileSync(join(bundleDir, 'panel.css')));
    if (url.pathname === '/host.js') return send('text/javascript', hostScript(theme, state));
    if (url.pathname === '/') {
      const origin = `http://${request.headers.host}`;
      const nonce = createNonce();
      const html = renderPanelHtml({ cspSource: origin, nonce, scriptUri: `${origin}/panel.js`, styleUri: `${origin}/panel.css` }).replace(
        '<script nonce=',
        `<script nonce="${nonce}" src="${origin}/host.js?theme=${theme}&amp;state=${state}"></script>\n<script nonce=`,
      );
      return send('text/html', html);
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

interface Shot {
  theme: string;
  state: string;
  /** Optional interaction before the screenshot. */
  act?: (page: Page) => Promise<void>;
}

const SHOTS: Shot[] = [
  { theme: 'dark', state: 'result' },
  { theme: 'light', state: 'result' },
  { theme: 'high-contrast', state: 'result' },
  { theme: 'dark', state: 'error' },
  { theme: 'light', state: 'loading' },
  { theme: 'light', state: 'choice' },
  { theme: 'dark', state: 'html' },
  {
    // Loads in the light theme and switches to dark the way VS Code does, to check that the
    // chart re-reads its colours.
    theme: 'light',
    state: 'switch-to-dark',
    act: async (page) => {
      const { bodyClass, variables } = THEMES.dark;
      await page.evaluate(
        ({ bodyClass, variables }) => {
          document.body.className = bodyClass;
          for (const [name, value] of Object.entries(variables)) document.documentElement.style.setProperty(name, value);
        },
        { bodyClass, variables },
      );
    },
  },
  {
    theme: 'dark',
    state: 'keyboard',
    act: async (page) => {
      await page.locator('table#dates tbody tr[tabindex="0"]').focus();
      for (let step = 0; step < 3; step += 1) await page.keyboard.press('ArrowDown');
    },
  },
];

async function main(): Promise<void> {
  mkdirSync(bundleDir, { recursive: true });
  await esbuild.build({
    entryPoints: [join(root, 'webview/src/main.ts')],
    outfile: join(bundleDir, 'panel.js'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    logLevel: 'warning',
  });

  const { server, origin } = await serve();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const problems: string[] = [];
  try {
    for (const shot of SHOTS) {
      const page = await browser.newPage({ viewport: { width: 300, height: 1000 }, deviceScaleFactor: 1 });
      page.on('console', (message) => {
        // Chromium requests /favicon.ico for every page, and the preview does not serve it.
        if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) problems.push(`${shot.theme}-${shot.state}: console error: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`${shot.theme}-${shot.state}: page error: ${error.message}`));
      page.on('request', (request) => {
        if (!request.url().startsWith(origin) && !request.url().startsWith('data:')) problems.push(`request outside 127.0.0.1: ${request.url()}`);
      });

      const state = shot.state === 'keyboard' || shot.state === 'switch-to-dark' ? 'result' : shot.state;
      await page.goto(`${origin}/?theme=${shot.theme}&state=${state}`);
      await page.waitForSelector(state === 'result' || state === 'choice' || state === 'html' ? 'table#dates' : '#message[data-state]');
      await shot.act?.(page);
      await page.waitForTimeout(200);

      if (shot.state === 'html') {
        const name = await page.locator('#processor-name').textContent();
        const injected = await page.locator('#app img, #app script, #app b').count();
        const title = await page.title();
        if (!name?.startsWith('<img') || injected > 0 || title === 'injected') {
          problems.push(`html: markup was interpreted (name=${name}, elements=${injected}, title=${title})`);
        }
      }
      const file = join(outDir, `${shot.theme}-${shot.state}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(`wrote ${file}`);
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }

  for (const problem of problems) console.error(problem);
  console.log(`panel preview: ${SHOTS.length} screenshots, ${problems.length} problems`);
  process.exitCode = problems.length === 0 ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

// End-to-end driver: serves copies of the sample workspace from one code-server, runs the
// `vscode` API suite in its extension host, then the browser scenario, and prints one closing
// line `e2e: N passed, N failed`. test/e2e/run.sh starts it inside a network namespace that
// has only a loopback interface.
//
// Usage: node --import tsx test/e2e/driver/main.ts --code-server DIR (--vsix FILE | --dev)
//          [--artifacts DIR] [--only api|ui] [--keep] [--workspace DIR]
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser, type BrowserSession } from './browser';
import { installVsix, startCodeServer, type RunningCodeServer } from './code-server';
import { runExtensionTests } from './extension-tests';
import { runUiScenario } from './ui-scenario';
import type { CheckResult } from './checks';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');

const { values: args } = parseArgs({
  options: {
    'code-server': { type: 'string' },
    vsix: { type: 'string' },
    dev: { type: 'boolean', default: false },
    artifacts: { type: 'string', default: join(REPO_ROOT, 'test', 'artifacts', 'e2e') },
    only: { type: 'string' },
    keep: { type: 'boolean', default: false },
    workspace: { type: 'string', default: join(REPO_ROOT, 'sample-workspace') },
  },
});

function usage(message: string): never {
  console.error(`e2e driver: ${message}`);
  console.error('usage: main.ts --code-server DIR (--vsix FILE | --dev) [--artifacts DIR] [--only api|ui] [--keep] [--workspace DIR]');
  process.exit(2);
}

const installDir = args['code-server'] ?? usage('--code-server DIR (made by setup-code-server.sh) is required');
if (!args.vsix && !args.dev) usage('pass --vsix FILE to test the package, or --dev to load the extension from source');
if (args.only && !['api', 'ui'].includes(args.only)) usage(`--only must be api or ui, not "${args.only}"`);

const sampleWorkspace = resolve(args.workspace);
const artifacts = resolve(args.artifacts);
const results: CheckResult[] = [];
const metrics: Record<string, number | string> = {};
const log = (line: string) => console.log(line);

async function main(): Promise<void> {
  const started = Date.now();
  if (!existsSync(sampleWorkspace)) {
    throw new Error(`workspace ${sampleWorkspace} does not exist; pass an existing folder with --workspace`);
  }
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  const runDir = mkdtempSync(join(tmpdir(), 'pl-e2e-'));
  log(`e2e: run folder ${runDir}`);

  if (args.vsix) {
    const installStarted = Date.now();
    await installVsix({ installDir, runDir }, resolve(args.vsix));
    metrics.vsix_install_ms = Date.now() - installStarted;
    log(`e2e: installed ${args.vsix} in ${metrics.vsix_install_ms} ms`);
  }

  const resultFile = join(runDir, 'api-results.json');
  let server: RunningCodeServer | undefined;
  const sessions: BrowserSession[] = [];
  try {
    const spawned = Date.now();
    server = await startCodeServer({
      installDir,
      runDir,
      env: { PL_E2E_RESULT_FILE: resultFile },
      settings: { 'workbench.colorTheme': 'Default Light Modern' },
    });
    metrics.code_server_start_ms = server.startupMs;
    log(`e2e: code-server ${server.url} (pid ${server.pid}) answered in ${server.startupMs} ms, log ${server.logFile}`);
    if (process.env.PL_E2E_PGID_FILE) writeFileSync(process.env.PL_E2E_PGID_FILE, `${server.pid}\n`);

    if (args.only !== 'ui') {
      const workspace = copyWorkspace(runDir, 'ws-api');
      const session = await launchBrowser(runDir);
      sessions.push(session);
      log('e2e: API suite (extension test mode)');
      const suite = await runExtensionTests(session, {
        baseUrl: server.url,
        port: server.port,
        workspace,
        testsPath: join(REPO_ROOT, 'out', 'e2e', 'suite', 'index.js'),
        // An installed .vsix still needs a development folder for the test mode to start:
        // the empty runner extension that build-suite.mjs writes.
        developmentPath: args.dev ? REPO_ROOT : join(REPO_ROOT, 'out', 'e2e'),
        resultFile,
        timeoutMs: 180_000,
        log: (line) => log(`  [host] ${line}`),
      });
      await session.page.screenshot({ path: join(artifacts, 'api-suite-end.png') }).catch(() => undefined);
      metrics.api_suite_ms = suite.wallMs;
      if (suite.firstDiagnosticAt) {
        // The API suite is the first client of a fresh code-server, so this includes its start.
        metrics.first_diagnostic_from_spawn_ms = suite.firstDiagnosticAt - spawned;
        metrics.api_first_diagnostic_from_goto_ms = suite.firstDiagnosticAt - suite.startedAt;
      }
      for (const test of suite.tests) {
        if (test.state === 'pending') continue;
        results.push({ name: `api: ${test.title}`, state: test.state, durationMs: test.durationMs, error: test.error });
      }
      await session.close();
    }

    if (args.only !== 'api') {
      const workspace = copyWorkspace(runDir, 'ws-ui');
      const session = await launchBrowser(runDir);
      sessions.push(session);
      log('e2e: browser scenario');
      const scenario = await runUiScenario(session, {
        server,
        workspace,
        developmentPath: args.dev ? REPO_ROOT : undefined,
        artifacts,
        spawnedAt: spawned,
        firstClient: sessions.length === 1,
        log,
      });
      results.push(...scenario.checks);
      Object.assign(metrics, scenario.metrics);
      await session.close();
    }

    const foreign = sessions.flatMap((session) => session.foreignRequests);
    results.push({
      name: 'network: every browser request went to 127.0.0.1',
      state: foreign.length === 0 ? 'passed' : 'failed',
      durationMs: 0,
      error: foreign.length === 0 ? undefined : `requests to other hosts: ${foreign.slice(0, 10).join(', ')}`,
    });
  } finally {
    await Promise.all(sessions.map((session) => session.close().catch(() => undefined)));
    await server?.stop();
    Object.assign(metrics, readActivationTimes(runDir));
    if (!args.keep) rmSync(runDir, { recursive: true, force: true });
  }

  metrics.e2e_total_ms = Date.now() - started;
  report(results, metrics);
}

/**
 * Reads the activation and server start times that the extension writes to its log channel
 * ("activated in N ms", "language server ready N ms after activation began"); code-server keeps
 * the channel's file under user-data/logs/<session>/exthost<N>/<extension id>/.
 */
function readActivationTimes(runDir: string): Record<string, number> {
  const times: Record<string, number> = {};
  const logs = join(runDir, 'user-data', 'logs');
  if (!existsSync(logs)) return times;
  const files = (readdirSync(logs, { recursive: true }) as string[]).filter((file) => file.endsWith('Processor Lens.log'));
  files.sort();
  for (const file of files) {
    const text = readFileSync(join(logs, file), 'utf8');
    const activated = /activated in (\d+) ms/.exec(text);
    const ready = /language server ready (\d+) ms after activation began/.exec(text);
    if (activated && times.activate_ms === undefined) times.activate_ms = Number(activated[1]);
    if (ready && times.server_ready_ms === undefined) times.server_ready_ms = Number(ready[1]);
  }
  return times;
}

function copyWorkspace(runDir: string, name: string): string {
  const target = join(runDir, name);
  cpSync(sampleWorkspace, target, { recursive: true });
  return target;
}

const MARKS: Record<CheckResult['state'], string> = { passed: 'ok  ', skipped: 'skip', failed: 'FAIL' };

function report(checks: CheckResult[], values: Record<string, number | string>): void {
  writeFileSync(join(artifacts, 'results.json'), `${JSON.stringify({ checks, metrics: values }, null, 2)}\n`);
  console.log('');
  for (const check of checks) {
    const mark = MARKS[check.state];
    console.log(`${mark} ${check.name} (${check.durationMs} ms)`);
    if (check.error) console.log(check.error.replace(/^/gm, '       '));
  }
  console.log(`metrics: ${Object.entries(values).map(([key, value]) => `${key}=${value}`).join(' ')}`);
  console.log(`screenshots: ${artifacts}`);
  const passed = checks.filter((check) => check.state === 'passed').length;
  const failed = checks.filter((check) => check.state === 'failed').length;
  const skipped = checks.filter((check) => check.state === 'skipped').length;
  console.log(`e2e: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
  process.exitCode = failed > 0 || skipped > 0 || passed === 0 ? 1 : 0;
}

main().catch((error: Error) => {
  console.error(`e2e driver failed: ${error.stack ?? error.message}`);
  const passed = results.filter((check) => check.state === 'passed').length;
  const failed = results.filter((check) => check.state !== 'passed').length;
  console.log(`e2e: ${passed} passed, ${failed + 1} failed`);
  process.exitCode = 1;
});

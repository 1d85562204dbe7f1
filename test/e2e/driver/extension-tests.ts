// Runs the `vscode` API suite inside code-server's extension host. code-server's CLI rejects
// --extensionTestsPath, but the web workbench accepts the same setting in the URL's `payload`,
// runs the module's run() in the remote (Node) extension host, and reports the outcome by
// calling window.codeAutomationExit(code) in the page.
import { existsSync, readFileSync } from 'node:fs';
import { format } from 'node:util';
import type { BrowserSession } from './browser';

export interface SuiteTestResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  error?: string;
}

export interface SuiteResult {
  exitCode: number;
  passed: number;
  failed: number;
  tests: SuiteTestResult[];
  /** Milliseconds from the page load until the workbench reported the exit code. */
  wallMs: number;
  /** Date.now() when the suite saw the first diagnostic, from its `metric first_diagnostic_at=` line. */
  firstDiagnosticAt?: number;
  /** Date.now() when the page load started. */
  startedAt: number;
}

export interface ExtensionTestOptions {
  baseUrl: string;
  port: number;
  workspace: string;
  /** Absolute path of the compiled suite entry (exports run()). */
  testsPath: string;
  /**
   * Extension development folder: the repository when the extension is loaded from source, or the
   * empty runner extension when it is installed from a .vsix. The workbench runs no tests without one.
   */
  developmentPath: string;
  /** File the suite writes its results to (the extension host inherits code-server's environment). */
  resultFile: string;
  timeoutMs: number;
  log: (line: string) => void;
}

export function workbenchUrl(baseUrl: string, port: number, workspace: string, payload: [string, string][]): string {
  const url = new URL(baseUrl);
  url.searchParams.set('folder', workspace);
  if (payload.length > 0) url.searchParams.set('payload', JSON.stringify(payload));
  return url.toString();
}

export function remoteUri(port: number, path: string): string {
  return `vscode-remote://127.0.0.1:${port}${path}`;
}

export async function runExtensionTests(session: BrowserSession, options: ExtensionTestOptions): Promise<SuiteResult> {
  const { page } = session;
  let resolveExit: (code: number) => void = () => undefined;
  const exit = new Promise<number>((resolve) => {
    resolveExit = resolve;
  });
  await page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(code));
  let firstDiagnosticAt: number | undefined;
  await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
    // The workbench forwards console calls of the extension host as format strings plus arguments.
    const line = Array.isArray(args) ? format(...(args as [unknown, ...unknown[]])) : String(args);
    const metric = /metric first_diagnostic_at=(\d+)/.exec(line);
    if (metric) firstDiagnosticAt = Number(metric[1]);
    options.log(line);
  });

  const payload: [string, string][] = [
    ['extensionDevelopmentPath', remoteUri(options.port, options.developmentPath)],
    ['extensionTestsPath', remoteUri(options.port, options.testsPath)],
  ];

  const started = Date.now();
  await page.goto(workbenchUrl(options.baseUrl, options.port, options.workspace, payload));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<number>((resolve) => {
    timer = setTimeout(() => resolve(-1), options.timeoutMs);
  });
  const exitCode = await Promise.race([exit, timeout]);
  clearTimeout(timer);
  const wallMs = Date.now() - started;

  const tests = existsSync(options.resultFile)
    ? (JSON.parse(readFileSync(options.resultFile, 'utf8')) as { tests: SuiteTestResult[] }).tests
    : [];
  const passed = tests.filter((test) => test.state === 'passed').length;
  let failed = tests.filter((test) => test.state === 'failed').length;
  if (exitCode === -1) {
    tests.push({
      title: 'extension test run',
      state: 'failed',
      durationMs: wallMs,
      error: `no codeAutomationExit within ${options.timeoutMs / 1000} s`,
    });
    failed += 1;
  } else if (exitCode !== 0 && failed === 0) {
    // run() rejected before or outside mocha (a load error, say): count it as one failure.
    tests.push({ title: 'extension test run', state: 'failed', durationMs: wallMs, error: `exit code ${exitCode}` });
    failed += 1;
  }
  return { exitCode, passed, failed, tests, wallMs, firstDiagnosticAt, startedAt: started };
}

// Starts and stops code-server (VS Code 1.100.3 served to a browser) for the end-to-end tests
// and `npm run editor`. Every run gets its own config, user-data and extensions folders, so runs
// never share state with each other or with the user's own code-server.
import { spawn, execFile } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface CodeServerPaths {
  /** Folder made by setup-code-server.sh. */
  installDir: string;
  /** Scratch folder of this run: config, user data, extensions and the log. */
  runDir: string;
}

export interface StartOptions extends CodeServerPaths {
  /** 0 picks a free port on 127.0.0.1. */
  port?: number;
  /** Folder that code-server opens when the URL names none. */
  workspace?: string;
  /** User settings merged over the defaults below. */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and, through it, the extension host. */
  env?: Record<string, string>;
}

export interface RunningCodeServer {
  port: number;
  url: string;
  pid: number;
  logFile: string;
  /** Milliseconds from spawn until /healthz responded. */
  startupMs: number;
  userSettingsFile: string;
  /** Settles with the exit code or signal when code-server exits. */
  exited: Promise<string>;
  stop(): Promise<void>;
}

/** User settings that keep the workbench quiet, offline and deterministic for screenshots. */
export const BASE_SETTINGS: Record<string, unknown> = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'npm.autoDetect': 'off',
  'typescript.disableAutomaticTypeAcquisition': true,
  'files.hotExit': 'off',
  'window.restoreWindows': 'none',
  'editor.minimap.enabled': false,
  'chat.commandCenter.enabled': false,
};

export function codeServerBinary(installDir: string): string {
  return join(installDir, 'node_modules', '.bin', 'code-server');
}

/** Returns the folders code-server writes to for a run, creating them. */
export function runFolders(runDir: string) {
  const folders = {
    xdg: join(runDir, 'xdg'),
    userData: join(runDir, 'user-data'),
    extensions: join(runDir, 'extensions'),
    config: join(runDir, 'config.yaml'),
    log: join(runDir, 'code-server.log'),
  };
  mkdirSync(folders.xdg, { recursive: true });
  mkdirSync(join(folders.userData, 'User'), { recursive: true });
  mkdirSync(folders.extensions, { recursive: true });
  return folders;
}

/**
 * Builds the environment for code-server: no proxies, the marketplace disabled, and config and
 * data kept in the run folder. Without XDG_* code-server writes ~/.config/code-server/config.yaml
 * with a random password, and without EXTENSIONS_GALLERY it queries open-vsx.org at start-up.
 */
function codeServerEnv(runDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const folders = runFolders(runDir);
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY']) {
    delete env[name];
  }
  // A code-server started from a VS Code terminal would otherwise talk to the outer instance.
  for (const name of Object.keys(env)) {
    if (name.startsWith('VSCODE_') || name === 'ELECTRON_RUN_AS_NODE') delete env[name];
  }
  return {
    ...env,
    XDG_CONFIG_HOME: folders.xdg,
    XDG_DATA_HOME: folders.xdg,
    EXTENSIONS_GALLERY: '{}',
    // Without this, Google's auth library probes the cloud metadata address.
    METADATA_SERVER_DETECTION: 'none',
    NO_PROXY: '127.0.0.1,localhost',
    ...extra,
  };
}

/** Installs a .vsix into the run's extensions folder with code-server's own CLI. */
export async function installVsix(paths: CodeServerPaths, vsix: string): Promise<void> {
  const folders = runFolders(paths.runDir);
  const { stdout, stderr } = await execFileAsync(
    codeServerBinary(paths.installDir),
    [
      '--config', folders.config,
      '--user-data-dir', folders.userData,
      '--extensions-dir', folders.extensions,
      '--install-extension', vsix,
      '--force',
    ],
    { env: codeServerEnv(paths.runDir), timeout: 120_000 },
  );
  const output = `${stdout}\n${stderr}`;
  if (!/was successfully installed/i.test(output)) {
    throw new Error(`code-server --install-extension ${vsix} did not report success:\n${output}`);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not read the port of a probe server on 127.0.0.1'));
      });
    });
  });
}

export function writeUserSettings(file: string, settings: Record<string, unknown>): void {
  writeFileSync(file, `${JSON.stringify(settings, null, 2)}\n`);
}

export function readUserSettings(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/**
 * Starts code-server in its own process group, so `stop()` ends it together with its server,
 * extension host and language server, and nothing else.
 */
export async function startCodeServer(options: StartOptions): Promise<RunningCodeServer> {
  const folders = runFolders(options.runDir);
  const port = options.port && options.port > 0 ? options.port : await freePort();
  const userSettingsFile = join(folders.userData, 'User', 'settings.json');
  writeUserSettings(userSettingsFile, { ...BASE_SETTINGS, ...options.settings });
  writeFileSync(folders.config, 'auth: none\ncert: false\n');

  const args = [
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--config', folders.config,
    '--user-data-dir', folders.userData,
    '--extensions-dir', folders.extensions,
  ];
  if (options.workspace) args.push(options.workspace);

  const logFd = openSync(folders.log, 'a');
  const started = Date.now();
  const child = spawn(codeServerBinary(options.installDir), args, {
    detached: true,
    stdio: ['ignore', logFd, logFd],
    env: codeServerEnv(options.runDir, options.env),
  });
  closeSync(logFd);
  if (child.pid === undefined) throw new Error('code-server did not start (no process id)');
  const pid = child.pid;

  let exited: string | null = null;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = `code ${code} signal ${signal}`;
      resolve();
    });
  });

  const stop = async () => {
    if (exited) return;
    signalGroup(pid, 'SIGTERM');
    const ended = await Promise.race([exitPromise.then(() => true), delay(5000).then(() => false)]);
    if (!ended) signalGroup(pid, 'SIGKILL');
    // Children that ignore SIGTERM (the pty host, say) leave with the group's SIGKILL.
    signalGroup(pid, 'SIGKILL');
  };

  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, () => exited, 60_000);
  } catch (error) {
    await stop();
    const log = readFileSync(folders.log, 'utf8').split('\n').slice(-30).join('\n');
    throw new Error(`${(error as Error).message}\nLast lines of ${folders.log}:\n${log}`);
  }

  const exitedPromise = exitPromise.then(() => exited ?? 'unknown');
  return { port, url, pid, logFile: folders.log, startupMs: Date.now() - started, userSettingsFile, exited: exitedPromise, stop };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

async function waitForHealth(url: string, exited: () => string | null, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const exit = exited();
    if (exit) throw new Error(`code-server exited before it answered ${url}/healthz (${exit})`);
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await delay(150);
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs / 1000} s`);
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

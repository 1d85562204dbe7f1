// `npm run editor`: builds the .vsix, installs it into a fresh code-server (VS Code in the browser),
// opens a copy of sample-workspace/ and prints the URL. Stops code-server on Ctrl+C.
//
// Options:
//   --port N      listen on 127.0.0.1:N (default: a free port)
//   --in-place    open sample-workspace/ itself instead of a copy, so edits stay in the repository
//   --dev         load the extension from the repository (no .vsix), for quick iterations
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { installVsix, startCodeServer, type RunningCodeServer } from '../test/e2e/driver/code-server';
import { remoteUri, workbenchUrl } from '../test/e2e/driver/extension-tests';

const repoRoot = resolve(__dirname, '..');
const stateDir = join(repoRoot, '.code-server', 'editor');

const { values: args } = parseArgs({
  options: {
    port: { type: 'string' },
    'in-place': { type: 'boolean', default: false },
    dev: { type: 'boolean', default: false },
  },
});

function fail(message: string): never {
  console.error(`editor: ${message}`);
  process.exit(1);
}

function run(command: string, commandArgs: string[], env: NodeJS.ProcessEnv = process.env): string {
  const result = spawnSync(command, commandArgs, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (result.status !== 0) fail(`${command} ${commandArgs.join(' ')} exited with ${result.status ?? result.signal}`);
  return result.stdout;
}

/** Runs `npm run package` and returns the .vsix it wrote (vsce names it in the package script). */
function buildVsix(): string {
  const started = Date.now();
  const output = run('npm', ['run', '--silent', 'package']);
  process.stdout.write(output);
  const vsix = join(repoRoot, 'processor-lens.vsix');
  if (!existsSync(vsix) || statSync(vsix).mtimeMs < started - 1000) {
    fail(`npm run package did not write ${vsix}; check the "package" script in package.json`);
  }
  return vsix;
}

async function main(): Promise<void> {
  const port = args.port === undefined ? 0 : Number(args.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a port number, not "${args.port}"`);

  console.log('editor: installing code-server (skipped when already installed)');
  // The browser is the user's own, so Chromium is not installed for this.
  const installDir = run('bash', ['test/e2e/setup-code-server.sh'], { ...process.env, CHROMIUM: '0' }).trim().split('\n').pop()!;

  // A fresh extensions folder every time: code-server ignores a copied folder in one that
  // already has extensions.json, and an old build must never shadow the new one.
  rmSync(stateDir, { recursive: true, force: true });
  mkdirSync(stateDir, { recursive: true });

  let developmentPath: string | undefined;
  if (args.dev) {
    run('node', ['esbuild.mjs']);
    developmentPath = repoRoot;
  } else {
    const vsix = buildVsix();
    await installVsix({ installDir, runDir: stateDir }, vsix);
    console.log(`editor: installed ${vsix} (${Math.round(statSync(vsix).size / 1024)} KiB)`);
  }

  let workspace = join(repoRoot, 'sample-workspace');
  if (!args['in-place']) {
    const copy = join(stateDir, 'sample-workspace');
    cpSync(workspace, copy, { recursive: true });
    workspace = copy;
  }

  const server: RunningCodeServer = await startCodeServer({ installDir, runDir: stateDir, port, workspace });
  const payload: [string, string][] = developmentPath ? [['extensionDevelopmentPath', remoteUri(server.port, developmentPath)]] : [];
  const url = workbenchUrl(server.url, server.port, workspace, payload);
  const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

  console.log('');
  console.log(`Processor Lens ${version} in code-server, serving ${workspace}`);
  console.log(`  ${url}`);
  console.log('');
  console.log(`Open the URL in a browser on this machine (it listens on 127.0.0.1 only); log: ${server.logFile}`);
  console.log('Press Ctrl+C to stop.');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\neditor: stopping code-server');
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const exit = await server.exited;
  if (!stopping) fail(`code-server exited on its own (${exit}); see ${server.logFile}`);
}

main().catch((error: Error) => fail(error.stack ?? error.message));

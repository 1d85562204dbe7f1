// Runs the built command (`node bin/processor-lens.js`) as a user would, and reads the `# expect:`
// annotations of a workspace, for the end-to-end tests of the CLI.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..', '..');
export const SAMPLE_WORKSPACE = join(REPO_ROOT, 'sample-workspace');
const BIN = join(REPO_ROOT, 'bin', 'processor-lens.js');
const BUNDLE = join(REPO_ROOT, 'dist', 'cli', 'cli.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Builds the bundles when dist/cli/cli.js is missing or older than a source file of the CLI or
 * the engine. A failure in another bundle is tolerated as long as the CLI bundle came out fresh.
 */
export function ensureBuilt(): void {
  if (isBundleFresh()) return;

  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
  if (!isBundleFresh()) throw new Error(`node esbuild.mjs did not rebuild ${BUNDLE}:\n${build.stdout}\n${build.stderr}`);
}

function isBundleFresh(): boolean {
  const bundleTime = existsTime(BUNDLE);
  const sourceFolders = ['cli', 'engine', 'history'].map((folder) => join(REPO_ROOT, 'server', 'src', folder));
  return bundleTime !== null && bundleTime >= Math.max(...sourceFolders.map(newestTime));
}

export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliRun {
  const env = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...options.env };
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const tempCopies: string[] = [];

/** Copies a folder into a new temporary folder and returns the copy's path. */
export function copyToTemp(source: string, prefix = 'processor-lens-cli-'): string {
  const target = join(mkdtempSync(join(tmpdir(), prefix)), 'workspace');
  cpSync(source, target, { recursive: true });
  tempCopies.push(dirname(target));
  return target;
}

/** Deletes every copy that copyToTemp made in this process. */
export function removeTempCopies(): void {
  for (const folder of tempCopies.splice(0)) rmSync(folder, { recursive: true, force: true });
}

export interface Expectation {
  /** Path relative to the workspace, with forward slashes. */
  path: string;
  /** 1-based line of the annotation, where the diagnostic starts. */
  line: number;
  rule: string;
  /** Statement that one of the finding's fixes must insert, when annotated. */
  fix?: string;
}

const ANNOTATION = /#\s*expect(?:-end)?:\s*([a-z-]+)(?:\s+fix:\s*(.+?))?\s*$/;

export function readExpectations(workspace: string): Expectation[] {
  const expectations: Expectation[] = [];
  for (const file of pythonFiles(workspace)) {
    const lines = readFileSync(file, 'utf8').split(/\r\n|\n/);
    lines.forEach((text, index) => {
      const match = ANNOTATION.exec(text);
      if (!match) return;
      const path = relative(workspace, file).split(sep).join('/');
      expectations.push({ path, line: index + 1, rule: match[1], ...(match[2] ? { fix: match[2] } : {}) });
    });
  }
  return expectations.sort((a, b) => (a.path === b.path ? a.line - b.line : a.path < b.path ? -1 : 1));
}

export function pythonFiles(folder: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...pythonFiles(path));
    else if (entry.name.endsWith('.py')) files.push(path);
  }
  return files.sort();
}

/** Every file under a folder with its content, for before/after comparisons. */
export function snapshot(folder: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(relative(folder, path), readFileSync(path, 'latin1'));
    }
  };
  walk(folder);
  return files;
}

function existsTime(path: string): number | null {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
}

function newestTime(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestTime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

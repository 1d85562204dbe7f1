// The tools a team would otherwise run for this audit, installed on demand and run on the same
// tree: the grep pipeline, Ruff's WebAssembly build (RET503), pylint (inconsistent-return-
// statements) and Pyright's CLI.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

import { PYTHON, type SeriesSummary, runSeries } from './lib/measure';

const require = createRequire(import.meta.url);

export interface PeerSetup {
  versions: Record<string, string>;
  /** Peers that could not be installed, each with the reason, which the report prints. */
  unavailable: Record<string, string>;
  /** Install steps this run performed. */
  installed: string[];
}

function log(message: string): void {
  console.log(`bench: ${message}`);
}

function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Installs a Debian package when running as root; returns an error message or null. */
function aptInstall(pkg: string, setup: PeerSetup): string | null {
  if (!isRoot()) return `${pkg} is missing and this user cannot run apt-get; run "sudo apt-get install -y ${pkg}" first`;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  log(`installing ${pkg} with apt-get`);
  let result = spawnSync('apt-get', ['install', '-y', '-qq', pkg], { env, stdio: 'inherit' });
  if (result.status !== 0) {
    // A machine that never ran apt-get update has no package lists yet.
    spawnSync('apt-get', ['update', '-qq'], { env, stdio: 'inherit' });
    result = spawnSync('apt-get', ['install', '-y', '-qq', pkg], { env, stdio: 'inherit' });
  }
  if (result.status !== 0) return `apt-get install -y ${pkg} failed with exit code ${result.status}`;
  setup.installed.push(`apt-get install -y ${pkg}`);
  return null;
}

function npmPeerInstalled(name: string): boolean {
  try {
    require.resolve(`${name}/package.json`);
    return true;
  } catch {
    return false;
  }
}

/** Installs the pinned devDependency versions of the npm peers when node_modules lacks them. */
function ensureNpmPeers(repoRoot: string, setup: PeerSetup): void {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> };
  const missing = ['pyright', '@astral-sh/ruff-wasm-nodejs'].filter((name) => !npmPeerInstalled(name));
  if (missing.length === 0) return;
  const specs = missing.map((name) => `${name}@${manifest.devDependencies?.[name] ?? 'latest'}`);
  log(`installing ${specs.join(' ')} with npm`);
  const result = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', ...specs], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) {
    for (const name of missing) setup.unavailable[name] = `npm install ${specs.join(' ')} failed with exit code ${result.status}`;
    return;
  }
  setup.installed.push(`npm install --no-save ${specs.join(' ')}`);
}

function firstLine(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).split('\n')[0].trim();
  } catch (error) {
    return `unknown (${(error as Error).message.split('\n')[0]})`;
  }
}

/** Makes python3 (for the measurements) and every peer available, installing what is missing. */
export function setUpPeers(repoRoot: string): PeerSetup {
  const setup: PeerSetup = { versions: {}, unavailable: {}, installed: [] };

  if (spawnSync(PYTHON, ['--version'], { stdio: 'ignore' }).status !== 0) {
    const error = aptInstall('python3', setup);
    if (error) throw new Error(`python3 runs bench/lib/rusage.py, which measures CPU time and peak memory: ${error}`);
  }

  ensureNpmPeers(repoRoot, setup);
  if (!hasCommand('pylint')) {
    const error = aptInstall('pylint', setup);
    if (error) setup.unavailable.pylint = error;
  }

  setup.versions.node = process.version;
  setup.versions.grep = firstLine('grep', ['--version']);
  if (!setup.unavailable.pyright) {
    setup.versions.pyright = firstLine(process.execPath, [require.resolve('pyright/index.js'), '--version']);
  }
  if (!setup.unavailable['@astral-sh/ruff-wasm-nodejs']) {
    const ruff = require('@astral-sh/ruff-wasm-nodejs') as { Workspace: { version(): string } };
    setup.versions.ruff = `@astral-sh/ruff-wasm-nodejs ${ruff.Workspace.version()}`;
  }
  if (!setup.unavailable.pylint) {
    const output = spawnSync('pylint', ['--version'], { encoding: 'utf8' }).stdout ?? '';
    setup.versions.pylint = output.trim().split('\n').join(', ');
  }
  return setup;
}

export interface PythonFile {
  /** Path relative to the corpus root. */
  path: string;
  lines: number;
}

export function listPythonFiles(root: string): PythonFile[] {
  const out: PythonFile[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.py')) {
        const text = readFileSync(path, 'utf8');
        out.push({ path: relative(root, path), lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0) });
      }
    }
  };
  walk(root);
  // Code-unit order, as the generator writes paths, so subsets do not depend on the ICU version.
  return out.sort((a, b) => (a.path === b.path ? 0 : a.path < b.path ? -1 : 1));
}

/** Picks every k-th file in path order, so a subset spreads over all packages and is the same each run. */
export function everyKth(files: PythonFile[], fraction: number): PythonFile[] {
  const step = Math.max(1, Math.round(1 / fraction));
  return files.filter((_file, index) => index % step === step - 1);
}

export interface PeerResult {
  series: SeriesSummary;
  /** Summary of the tool's output on the last run (finding counts and the like), for the report. */
  detail: string;
}

export interface SeriesOptions {
  runs: number;
  budgetMs?: number;
}

/** The audit a team runs by hand: files that define save_data, and how often each mentions the stat. */
export const GREP_PIPELINE = "grep -rl --include='*.py' 'def save_data' . | xargs grep -c 'rows_inserted'";

export async function runGrep(root: string, options: SeriesOptions): Promise<PeerResult> {
  const series = await runSeries({ command: 'bash', args: ['-c', GREP_PIPELINE], cwd: root, okExitCodes: [0, 1, 123] }, { ...options, warmups: 1 });
  const last = series.samples[series.samples.length - 1].stdout.trim().split('\n');
  const zero = last.filter((line) => line.endsWith(':0')).length;
  return { series, detail: `${last.length} files define save_data; ${zero} of them never mention rows_inserted` };
}

export async function runRuff(repoRoot: string, root: string, options: SeriesOptions): Promise<PeerResult> {
  const script = join(repoRoot, 'bench', 'peers', 'ruff-wasm-check.mjs');
  const series = await runSeries({ command: process.execPath, args: [script, root] }, { ...options, warmups: 1 });
  const report = JSON.parse(series.samples[series.samples.length - 1].stdout) as { files: number; diagnostics: number; checkMs: number };
  const checkMs = series.samples.map((sample) => (JSON.parse(sample.stdout) as { checkMs: number }).checkMs).sort((a, b) => a - b);
  return {
    series,
    detail: `${report.files} files, ${report.diagnostics} RET503 diagnostics; median time inside check() ${checkMs[Math.floor(checkMs.length / 2)]} ms`,
  };
}

export const PYLINT_ARGS = ['--disable=all', '--enable=inconsistent-return-statements', '--score=n', '--reports=n', '--jobs=1'];

export async function runPylint(root: string, files: PythonFile[], options: SeriesOptions): Promise<PeerResult> {
  // pylint's exit code is a bit mask of message categories; 1 (fatal) and 32 (usage error) are failures.
  const okExitCodes = Array.from({ length: 32 }, (_unused, code) => code).filter((code) => (code & 1) === 0);
  const series = await runSeries({ command: 'pylint', args: [...PYLINT_ARGS, ...files.map((file) => file.path)], cwd: root, okExitCodes }, options);
  const count = (series.samples[series.samples.length - 1].stdout.match(/R1710/g) ?? []).length;
  return { series, detail: `${files.length} files, ${count} inconsistent-return-statements messages` };
}

export async function runPyright(root: string, files: PythonFile[], options: SeriesOptions): Promise<PeerResult> {
  const cli = require.resolve('pyright/index.js');
  const series = await runSeries(
    { command: process.execPath, args: [cli, '--outputjson', ...files.map((file) => file.path)], cwd: root, okExitCodes: [0, 1] },
    options,
  );
  const report = JSON.parse(series.samples[series.samples.length - 1].stdout) as { summary: { filesAnalyzed: number; errorCount: number } };
  return { series, detail: `${report.summary.filesAnalyzed} files analyzed, ${report.summary.errorCount} errors` };
}

export interface Extrapolation {
  /** Estimated median for the whole tree, in the unit of the inputs. */
  value: number;
  method: string;
}

/**
 * Estimates the whole tree's time from two subsets: a straight line through (lines, time) of the
 * small and the large subset, which separates start-up cost from per-line cost. When noise makes
 * the line implausible (negative slope or intercept), scales the large subset by lines instead.
 */
export function extrapolate(small: { lines: number; value: number }, large: { lines: number; value: number }, totalLines: number): Extrapolation {
  const slope = (large.value - small.value) / (large.lines - small.lines);
  const intercept = large.value - slope * large.lines;
  if (slope > 0 && intercept >= 0) {
    return { value: intercept + slope * totalLines, method: `line through two subsets: ${Math.round(intercept)} ms fixed + ${(slope * 1000).toFixed(1)} ms per 1,000 lines` };
  }
  return { value: (large.value * totalLines) / large.lines, method: 'larger subset scaled by line count (the two-subset line had a negative part)' };
}

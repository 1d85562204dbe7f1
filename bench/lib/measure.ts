// Runs a command under GNU time and reports wall time, CPU time (user + sys of the command and
// every child it waited for) and peak resident memory; summarises repeated runs.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const GNU_TIME = '/usr/bin/time';

export interface RunSample {
  wallMs: number;
  userMs: number;
  sysMs: number;
  cpuMs: number;
  /** Peak resident set size of the largest process in the command's tree, in KiB (getrusage ru_maxrss). */
  maxRssKb: number;
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface CommandSpec {
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Exit codes that mean the tool ran to completion (linters exit non-zero when they find something). */
  okExitCodes?: number[];
  timeoutMs?: number;
}

const scratch = mkdtempSync(join(tmpdir(), 'pl-bench-time-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
let timeFileCounter = 0;

/** Runs the command once under GNU time; rejects when it exits with an unexpected code or times out. */
export function runTimed(spec: CommandSpec): Promise<RunSample> {
  const timeFile = join(scratch, `time-${timeFileCounter++}.txt`);
  const args = ['-f', '%e %U %S %M', '-o', timeFile, spec.command, ...spec.args];
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(GNU_TIME, args, { cwd: spec.cwd, env: spec.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = spec.timeoutMs
      ? setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`${spec.command} ${spec.args.join(' ')} timed out after ${spec.timeoutMs} ms`));
        }, spec.timeoutMs)
      : undefined;
    child.on('error', (error) => {
      if (timer) clearTimeout(timer);
      reject(new Error(`failed to start ${GNU_TIME} for ${spec.command}: ${error.message}`));
    });
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const exitCode = code ?? -1;
      const out = Buffer.concat(stdout).toString('utf8');
      const err = Buffer.concat(stderr).toString('utf8');
      const okCodes = spec.okExitCodes ?? [0];
      if (!okCodes.includes(exitCode)) {
        reject(new Error(`${spec.command} ${spec.args.slice(0, 6).join(' ')} exited with ${exitCode}: ${err.slice(-2000) || out.slice(-2000)}`));
        return;
      }
      // GNU time writes "Command exited with non-zero status N" before the figures when the command fails.
      const lines = readFileSync(timeFile, 'utf8').trim().split('\n');
      const [elapsed, user, sys, maxRss] = lines[lines.length - 1].split(' ').map(Number);
      if ([elapsed, user, sys, maxRss].some((value) => !Number.isFinite(value))) {
        reject(new Error(`could not read GNU time output: ${lines.join(' | ')}`));
        return;
      }
      resolvePromise({
        wallMs,
        userMs: user * 1000,
        sysMs: sys * 1000,
        cpuMs: (user + sys) * 1000,
        maxRssKb: maxRss,
        exitCode,
        stdout: out,
        stderr: err,
      });
    });
  });
}

export interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function spread(values: number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), n: values.length };
}

/** Nearest-rank percentile (p in 0..100) of the values. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export interface SeriesSummary {
  wallMs: Spread;
  cpuMs: Spread;
  maxRssKb: Spread;
  samples: RunSample[];
}

export function summarise(samples: RunSample[]): SeriesSummary {
  return {
    wallMs: spread(samples.map((sample) => sample.wallMs)),
    cpuMs: spread(samples.map((sample) => sample.cpuMs)),
    maxRssKb: spread(samples.map((sample) => sample.maxRssKb)),
    samples,
  };
}

/**
 * Runs the command `runs` times (after `warmups` discarded runs), stopping early once
 * `budgetMs` of wall time is spent, but never with fewer than `minRuns` samples.
 */
export async function runSeries(
  spec: CommandSpec,
  options: { runs: number; warmups?: number; budgetMs?: number; minRuns?: number; before?: () => void },
): Promise<SeriesSummary> {
  for (let index = 0; index < (options.warmups ?? 0); index++) {
    options.before?.();
    await runTimed(spec);
  }
  const samples: RunSample[] = [];
  const started = Date.now();
  const minRuns = Math.min(options.minRuns ?? 3, options.runs);
  while (samples.length < options.runs) {
    if (samples.length >= minRuns && options.budgetMs !== undefined && Date.now() - started > options.budgetMs) break;
    options.before?.();
    samples.push(await runTimed(spec));
  }
  return summarise(samples);
}

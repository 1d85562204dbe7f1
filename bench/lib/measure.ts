// Runs a command under bench/lib/rusage.py, which reports wall time, CPU time and peak resident
// memory of the command and every child it waited for. Also summarises repeated runs.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Debian's interpreter when present: a version manager's shim would add its own start-up to every run. */
export const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const RUSAGE_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'rusage.py');

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

interface RusageReport {
  wall_s: number;
  user_s: number;
  sys_s: number;
  max_rss_kb: number;
  exit_code: number;
}

const scratch = mkdtempSync(join(tmpdir(), 'pl-bench-rusage-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
let reportCounter = 0;

/** Runs the command once; rejects when it exits with an unexpected code or times out. */
export function runTimed(spec: CommandSpec): Promise<RunSample> {
  const reportFile = join(scratch, `rusage-${reportCounter++}.json`);
  return new Promise((resolvePromise, reject) => {
    // Its own process group, so a timeout ends the command's children too.
    const child = spawn(PYTHON, [RUSAGE_SCRIPT, reportFile, spec.command, ...spec.args], {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    let timedOut = false;
    const timer = spec.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        }, spec.timeoutMs)
      : undefined;
    child.on('error', (error) => {
      if (timer) clearTimeout(timer);
      reject(new Error(`failed to start ${PYTHON} ${RUSAGE_SCRIPT} for ${spec.command}: ${error.message}`));
    });
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      const out = Buffer.concat(stdout).toString('utf8');
      const err = Buffer.concat(stderr).toString('utf8');
      const commandLine = `${spec.command} ${spec.args.slice(0, 6).join(' ')}`;
      if (timedOut) {
        reject(new Error(`${commandLine} timed out after ${spec.timeoutMs} ms`));
        return;
      }
      const exitCode = code ?? -1;
      if (!(spec.okExitCodes ?? [0]).includes(exitCode)) {
        reject(new Error(`${commandLine} exited with ${exitCode}: ${err.slice(-2000) || out.slice(-2000)}`));
        return;
      }
      let report: RusageReport;
      try {
        report = JSON.parse(readFileSync(reportFile, 'utf8')) as RusageReport;
      } catch (error) {
        reject(new Error(`${RUSAGE_SCRIPT} wrote no report for ${commandLine}: ${(error as Error).message}`));
        return;
      }
      resolvePromise({
        wallMs: report.wall_s * 1000,
        userMs: report.user_s * 1000,
        sysMs: report.sys_s * 1000,
        cpuMs: (report.user_s + report.sys_s) * 1000,
        maxRssKb: report.max_rss_kb,
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
  const minRuns = Math.min(options.minRuns ?? 2, options.runs);
  while (samples.length < options.runs) {
    if (samples.length >= minRuns && options.budgetMs !== undefined && Date.now() - started > options.budgetMs) break;
    options.before?.();
    samples.push(await runTimed(spec));
  }
  return summarise(samples);
}

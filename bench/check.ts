// `processor-lens check` over the generated tree: the options the CLI offers for workers and
// caching, timed runs, the findings compared with the corpus manifest, and a CPU profile.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { type SeriesOptions } from './peers';
import { type SeriesSummary, median, runSeries, runTimed } from './lib/measure';
import { type HotFile, type HotFunction, topSelfTime } from './lib/profile';

export interface CheckCapabilities {
  /** The option that sets the number of worker threads, or null when the CLI has none. */
  workersFlag: string | null;
  /** The option that turns a persistent cache off or points it somewhere, or null when there is none. */
  cacheFlag: string | null;
  helpText: string;
}

/** Reads `check --help` for worker and cache options, so the benchmark follows the CLI as it grows. */
export function detectCapabilities(cli: string): CheckCapabilities {
  const help = spawnSync(process.execPath, [cli, 'check', '--help'], { encoding: 'utf8' });
  const text = `${help.stdout ?? ''}${help.stderr ?? ''}`;
  const workers = /(--(?:workers|jobs|threads))\b/.exec(text);
  const cache = /(--(?:no-cache|cache-dir|cache))\b/.exec(text);
  return { workersFlag: workers?.[1] ?? null, cacheFlag: cache?.[1] ?? null, helpText: text };
}

export interface CheckFindings {
  total: number;
  byRule: Record<string, number>;
}

export function countFindings(stdout: string): CheckFindings {
  const report = JSON.parse(stdout) as { findings: { rule: string }[] };
  const byRule: Record<string, number> = {};
  for (const finding of report.findings) byRule[finding.rule] = (byRule[finding.rule] ?? 0) + 1;
  return { total: report.findings.length, byRule };
}

export interface CheckVariant {
  label: string;
  series: SeriesSummary;
  findings: CheckFindings;
  args: string[];
}

/** Exit codes of `check`: 0 clean, 1 findings at or above the fail-on severity. */
const CHECK_OK = [0, 1];

export async function runCheckVariant(
  cli: string,
  corpus: string,
  label: string,
  extraArgs: string[],
  options: SeriesOptions & { before?: () => void; warmups?: number },
): Promise<CheckVariant> {
  const args = [cli, 'check', corpus, '--format', 'json', ...extraArgs];
  const series = await runSeries({ command: process.execPath, args, okExitCodes: CHECK_OK }, options);
  return { label, series, findings: countFindings(series.samples[series.samples.length - 1].stdout), args };
}

export interface CheckProfile {
  file: string;
  totalMs: number;
  top: HotFunction[];
  inclusive: HotFunction[];
  files: HotFile[];
}

/** Medians over separate processes of the engine's phases, timed inside the process (bench/engine-phases.ts). */
export interface EnginePhases {
  runs: number;
  createMs: number;
  scanMs: number;
  analyzeMs: number;
  createCpuMs: number;
  scanCpuMs: number;
  analyzeCpuMs: number;
  filesRead: number;
  filesParsed: number;
  rssKb: number;
  heapUsedKb: number;
  externalKb: number;
  arrayBuffersKb: number;
}

/** Runs bench/engine-phases.ts `runs` times, each in a fresh process, and takes the median of each figure. */
export async function measureEnginePhases(repoRoot: string, corpus: string, runs: number): Promise<EnginePhases> {
  const series = await runSeries(
    { command: process.execPath, args: ['--import', 'tsx', join(repoRoot, 'bench', 'engine-phases.ts'), corpus], cwd: repoRoot },
    { runs },
  );
  const reports = series.samples.map((sample) => JSON.parse(sample.stdout) as Record<string, number>);
  const medianOf = (key: string) => median(reports.map((report) => report[key]));
  return {
    runs: reports.length,
    createMs: medianOf('createMs'),
    scanMs: medianOf('scanMs'),
    analyzeMs: medianOf('analyzeMs'),
    createCpuMs: medianOf('createCpuMs'),
    scanCpuMs: medianOf('scanCpuMs'),
    analyzeCpuMs: medianOf('analyzeCpuMs'),
    filesRead: medianOf('filesRead'),
    filesParsed: medianOf('filesParsed'),
    rssKb: medianOf('rssKb'),
    heapUsedKb: medianOf('heapUsedKb'),
    externalKb: medianOf('externalKb'),
    arrayBuffersKb: medianOf('arrayBuffersKb'),
  };
}

/** Runs one check under `node --cpu-prof` and lists where its CPU time went. */
export async function profileCheck(repoRoot: string, cli: string, corpus: string, outDir: string): Promise<CheckProfile> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await runTimed({
    command: process.execPath,
    args: ['--cpu-prof', '--cpu-prof-dir', outDir, cli, 'check', corpus, '--format', 'json'],
    okExitCodes: CHECK_OK,
  });
  const profile = readdirSync(outDir).find((name) => name.endsWith('.cpuprofile'));
  if (!profile) throw new Error(`node --cpu-prof wrote no profile into ${outDir}`);
  const file = join(outDir, profile);
  return { file, ...topSelfTime(file, repoRoot) };
}

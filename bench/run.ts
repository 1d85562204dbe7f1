// `npm run bench`: generates the corpus, measures processor-lens check, its peers, the language
// server and the run-history panel in one run, and writes docs/benchmarks.md.
//
//   npm run bench [-- --quick] [--files N] [--lines N] [--seed N] [--edits N] [--out FILE]
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { type CheckVariant, type EnginePhases, detectCapabilities, measureEnginePhases, profileCheck, runCheckVariant } from './check';
import { DEFAULT_OPTIONS, generateCorpus } from './generate-corpus';
import { currentLoad, machineInfo } from './lib/machine';
import { runSeries } from './lib/measure';
import { runLsp } from './lsp';
import { runPanel } from './panel';
import {
  GREP_PIPELINE,
  PYLINT_ARGS,
  type PeerResult,
  type PythonFile,
  everyKth,
  extrapolate,
  listPythonFiles,
  runGrep,
  runPylint,
  runPyright,
  runRuff,
  setUpPeers,
} from './peers';
import { type BenchResults, type SubsetPeer, renderReport } from './report';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outRoot = join(repoRoot, 'bench', 'out');

/** Runs and sizes for the full run and for `--quick`, a smoke test of the harness itself. */
const PROFILES = {
  full: { checkRuns: 7, grepRuns: 7, ruffRuns: 3, subsetRuns: 3, subsetSmall: 0.025, subsetLarge: 0.05, startups: 3, edits: 200, panelMoves: 100 },
  quick: { checkRuns: 3, grepRuns: 3, ruffRuns: 2, subsetRuns: 2, subsetSmall: 0.05, subsetLarge: 0.1, startups: 1, edits: 20, panelMoves: 10 },
};

/** A check above this wall time gets a CPU profile in the report, in milliseconds. */
const CHECK_TARGET_MS = 500;
/** The random pause between an edit's diagnostics and the next edit is up to this many ms. */
const MAX_EDIT_PAUSE_MS = 300;
const EDIT_TIMEOUT_MS = 5000;
/**
 * Wall time after which a subset peer's series stops adding runs (it keeps at least two), so a
 * heavily loaded machine still finishes within the ten minutes the whole run is meant to take.
 */
const SUBSET_BUDGET_MS = 60_000;

const started = Date.now();

function log(message: string): void {
  const seconds = ((Date.now() - started) / 1000).toFixed(0).padStart(4);
  console.log(`bench [${seconds} s] ${message}`);
}

function positiveInteger(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`--${flag} must be a positive integer, got "${value}".`);
  return parsed;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function subsetPeer(
  name: string,
  files: PythonFile[],
  totalLines: number,
  fractions: { small: number; large: number },
  run: (subset: PythonFile[], runs: number, budgetMs: number) => Promise<PeerResult>,
  runs: number,
): Promise<SubsetPeer> {
  const pick = (fraction: number) => {
    const subset = everyKth(files, fraction);
    return { subset, lines: subset.reduce((sum, file) => sum + file.lines, 0) };
  };
  const small = pick(fractions.small);
  const large = pick(fractions.large);
  log(`${name}: ${large.subset.length} files (${large.lines} lines), ${runs} runs`);
  const largeResult = await run(large.subset, runs, SUBSET_BUDGET_MS);
  log(`${name}: ${small.subset.length} files (${small.lines} lines), ${Math.max(2, runs - 1)} runs`);
  const smallResult = await run(small.subset, Math.max(2, runs - 1), SUBSET_BUDGET_MS / 2);
  return {
    name,
    small: { ...smallResult, files: small.subset.length, lines: small.lines },
    large: { ...largeResult, files: large.subset.length, lines: large.lines },
    wall: extrapolate({ lines: small.lines, value: smallResult.series.wallMs.median }, { lines: large.lines, value: largeResult.series.wallMs.median }, totalLines),
    cpu: extrapolate({ lines: small.lines, value: smallResult.series.cpuMs.median }, { lines: large.lines, value: largeResult.series.cpuMs.median }, totalLines),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean' },
      files: { type: 'string' },
      lines: { type: 'string' },
      seed: { type: 'string' },
      edits: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(
      [
        'Usage: npm run bench -- [options]',
        '  --quick      small corpus and few runs, to try the harness (writes bench/out/benchmarks-quick.md)',
        `  --files N    corpus size in files (default ${DEFAULT_OPTIONS.files}; 300 with --quick)`,
        `  --lines N    corpus size in lines (default ${DEFAULT_OPTIONS.lines}; 100000 with --quick)`,
        `  --seed N     corpus seed (default ${DEFAULT_OPTIONS.seed})`,
        '  --edits N    one-character edits per language-server series (default 200; 20 with --quick)',
        '  --out FILE   Markdown report (default docs/benchmarks.md)',
      ].join('\n'),
    );
    return;
  }

  const quick = values.quick ?? false;
  const profile = quick ? PROFILES.quick : PROFILES.full;
  const files = positiveInteger('files', values.files, quick ? 300 : DEFAULT_OPTIONS.files);
  const lines = positiveInteger('lines', values.lines, quick ? 100_000 : DEFAULT_OPTIONS.lines);
  const seed = positiveInteger('seed', values.seed, DEFAULT_OPTIONS.seed);
  const edits = positiveInteger('edits', values.edits, profile.edits);
  const reportPath = resolve(values.out ?? (quick ? join(outRoot, 'benchmarks-quick.md') : join(repoRoot, 'docs', 'benchmarks.md')));

  // Nothing here creates a BigQuery client, but the panel's source factory could: keep Google's
  // auth library away from the cloud metadata server.
  process.env.METADATA_SERVER_DETECTION = 'none';

  const machine = machineInfo(repoRoot);
  log(`machine: ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, load ${machine.loadStart.toFixed(2)}`);

  const distDir = join(outRoot, 'dist');
  log(`bundling into ${relative(repoRoot, distDir)}`);
  const build = spawnSync(process.execPath, ['esbuild.mjs', `--outdir=${relative(repoRoot, distDir)}`], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`node esbuild.mjs --outdir=${distDir} failed with exit code ${build.status}`);
  const cli = join(distDir, 'cli', 'cli.js');
  const serverPath = join(distDir, 'server', 'server.js');

  const corpusRoot = join(outRoot, quick ? 'corpus-quick' : 'corpus');
  log(`generating ${files} files / ${lines} lines into ${relative(repoRoot, corpusRoot)}`);
  const generateStarted = Date.now();
  const corpus = generateCorpus({ ...DEFAULT_OPTIONS, files, lines, seed, outDir: corpusRoot });
  const generateMs = Date.now() - generateStarted;

  log('setting up peers');
  const peers = setUpPeers(repoRoot);

  // processor-lens check.
  const capabilities = detectCapabilities(cli);
  const checkVariants: CheckVariant[] = [];
  log(`check: ${profile.checkRuns} runs`);
  checkVariants.push(await runCheckVariant(cli, corpusRoot, 'whole tree, default options', [], { runs: profile.checkRuns, warmups: 1 }));
  if (capabilities.workersFlag) {
    for (const workers of [1, 2]) {
      log(`check with ${capabilities.workersFlag} ${workers}`);
      checkVariants.push(await runCheckVariant(cli, corpusRoot, `${capabilities.workersFlag} ${workers}`, [capabilities.workersFlag, String(workers)], { runs: profile.checkRuns, warmups: 1 }));
    }
  }
  // NOTE: a cache option would need a cold and a warm variant here; the CLI has none to measure yet.
  const checkSupport = {
    workers: capabilities.workersFlag
      ? `measured with \`${capabilities.workersFlag} 1\` and \`${capabilities.workersFlag} 2\` (rows above).`
      : '`processor-lens check --help` lists no worker-thread option and the engine analyzes on the main thread, so there is no 1- or 2-worker variant to measure; the default run uses one thread for the analysis.',
    cache: capabilities.cacheFlag
      ? `the CLI has \`${capabilities.cacheFlag}\`, but this harness does not yet measure a cold and a warm variant.`
      : 'the checker keeps no cache between runs, so every run is cold as far as the checker is concerned. The operating system\'s file cache is warm for every tool alike: the corpus was written seconds before, and each whole-tree tool gets one discarded warm-up run.',
  };
  log('check: start-up only (--version)');
  const startupOnly = await runSeries({ command: process.execPath, args: [cli, '--version'] }, { runs: profile.checkRuns });
  log('engine phases in-process');
  let phases: EnginePhases | null = null;
  try {
    phases = await measureEnginePhases(repoRoot, corpusRoot, profile.subsetRuns);
  } catch (error) {
    log(`engine phases failed: ${errorMessage(error)}`);
  }
  const checkWall = checkVariants[0].series.wallMs.median;
  let checkProfile = null;
  if (checkWall > CHECK_TARGET_MS) {
    log(`check took ${Math.round(checkWall)} ms (target ${CHECK_TARGET_MS} ms): profiling one run`);
    checkProfile = await profileCheck(repoRoot, cli, corpusRoot, join(outRoot, 'profile'));
  }

  // Peers.
  const peerErrors: Record<string, string> = {};
  const attempt = async <T>(name: string, work: () => Promise<T>): Promise<T | null> => {
    try {
      return await work();
    } catch (error) {
      peerErrors[name] = errorMessage(error);
      log(`${name} failed: ${peerErrors[name]}`);
      return null;
    }
  };
  log(`grep: ${profile.grepRuns} runs`);
  const grep = await attempt('grep pipeline', () => runGrep(corpusRoot, { runs: profile.grepRuns }));
  log(`Ruff WebAssembly: ${profile.ruffRuns} runs`);
  const ruff = peers.unavailable['@astral-sh/ruff-wasm-nodejs'] ? null : await attempt('Ruff WebAssembly', () => runRuff(repoRoot, corpusRoot, { runs: profile.ruffRuns }));
  const allFiles = listPythonFiles(corpusRoot);
  const totalLines = allFiles.reduce((sum, file) => sum + file.lines, 0);
  const fractions = { small: profile.subsetSmall, large: profile.subsetLarge };
  const pylint = peers.unavailable.pylint
    ? null
    : await attempt('pylint', () => subsetPeer('pylint', allFiles, totalLines, fractions, (subset, runs, budgetMs) => runPylint(corpusRoot, subset, { runs, budgetMs }), profile.subsetRuns));
  const pyright = peers.unavailable.pyright
    ? null
    : await attempt('Pyright', () => subsetPeer('Pyright', allFiles, totalLines, fractions, (subset, runs, budgetMs) => runPyright(corpusRoot, subset, { runs, budgetMs }), profile.subsetRuns));

  // Language server.
  let lsp = null;
  let lspError: string | null = null;
  try {
    log(`language server: ${profile.startups} starts, ${edits} edits per file`);
    lsp = await runLsp({ serverPath, corpus: corpusRoot, manifest: corpus, edits, maxPauseMs: MAX_EDIT_PAUSE_MS, editTimeoutMs: EDIT_TIMEOUT_MS, seed }, profile.startups);
  } catch (error) {
    lspError = errorMessage(error);
    log(`language server failed: ${lspError}`);
  }

  // Panel.
  let panel = null;
  let panelError: string | null = null;
  try {
    log(`panel: ${profile.panelMoves} cached cursor moves`);
    panel = await runPanel(serverPath, join(repoRoot, 'sample-workspace'), profile.panelMoves);
  } catch (error) {
    panelError = errorMessage(error);
    log(`panel failed: ${panelError}`);
  }

  machine.loadEnd = currentLoad();
  const corpusArg = relative(repoRoot, corpusRoot);
  const subsetNote = `every ${Math.round(1 / profile.subsetLarge)}th and every ${Math.round(1 / profile.subsetSmall)}th file in path order`;
  const results: BenchResults = {
    machine,
    command: quick ? 'npm run bench -- --quick' : 'npm run bench',
    elapsedMs: Date.now() - started,
    corpus,
    corpusRoot,
    generateMs,
    checkCli: cli,
    checkSupport,
    checkVariants,
    startupOnly,
    phases,
    profile: checkProfile,
    peers,
    grep,
    ruff,
    pylint,
    pyright,
    peerErrors,
    lsp,
    lspError,
    panel,
    panelError,
    commands: [
      '# Each timed command runs under: python3 bench/lib/rusage.py REPORT.json COMMAND',
      `node esbuild.mjs --outdir=bench/out/dist          # the same bundles as npm run build, in a private folder`,
      `node --import tsx bench/generate-corpus.ts --files ${files} --lines ${lines} --seed ${seed} --out ${corpusArg}`,
      `CORPUS=${corpusArg}`,
      `node bench/out/dist/cli/cli.js check $CORPUS --format json   # what bin/processor-lens.js runs`,
      'node bench/out/dist/cli/cli.js --version',
      'node --import tsx bench/engine-phases.ts $CORPUS   # phases timed inside one process',
      `node --cpu-prof --cpu-prof-dir bench/out/profile bench/out/dist/cli/cli.js check $CORPUS --format json`,
      `(cd $CORPUS && ${GREP_PIPELINE})`,
      'node bench/peers/ruff-wasm-check.mjs $CORPUS',
      `(cd $CORPUS && pylint ${PYLINT_ARGS.join(' ')} FILES...)   # FILES: ${subsetNote}`,
      `(cd $CORPUS && node node_modules/pyright/index.js --outputjson FILES...)   # same subsets`,
      `node bench/out/dist/server/server.js --stdio   # driven by bench/lsp.ts: ${profile.startups} starts, ${edits} edits per file`,
      'node bench/out/dist/server/server.js --stdio   # on sample-workspace, driven by bench/panel.ts',
    ],
  };

  mkdirSync(outRoot, { recursive: true });
  writeFileSync(join(outRoot, quick ? 'results-quick.json' : 'results.json'), JSON.stringify(results, (key, value) => (key === 'samples' || key === 'latenciesMs' || key === 'helpText' ? undefined : value), 2));
  mkdirSync(dirname(reportPath), { recursive: true });
  writeFileSync(reportPath, renderReport(results));
  log(`wrote ${relative(repoRoot, reportPath)} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((error) => {
  console.error(`bench: ${errorMessage(error)}`);
  process.exit(1);
});

// Writes docs/benchmarks.md from one run's results: the figures, the machine, the commands, and
// each target with whether this run reached it.
import type { CheckProfile, CheckVariant, EnginePhases } from './check';
import type { CorpusManifest } from './generate-corpus';
import type { LspFigures } from './lsp';
import type { MachineInfo } from './lib/machine';
import type { SeriesSummary, Spread } from './lib/measure';
import type { PanelFigures } from './panel';
import type { Extrapolation, PeerResult, PeerSetup } from './peers';

export interface SubsetPeer {
  name: string;
  small: PeerResult & { files: number; lines: number };
  large: PeerResult & { files: number; lines: number };
  wall: Extrapolation;
  cpu: Extrapolation;
}

export interface BenchResults {
  machine: MachineInfo;
  command: string;
  elapsedMs: number;
  corpus: CorpusManifest;
  corpusRoot: string;
  generateMs: number;
  checkCli: string;
  /** Worker-thread and cache options of the CLI, or why a variant was not measured. */
  checkSupport: { workers: string; cache: string };
  checkVariants: CheckVariant[];
  startupOnly: SeriesSummary;
  phases: EnginePhases | null;
  profile: CheckProfile | null;
  peers: PeerSetup;
  grep: PeerResult | null;
  ruff: PeerResult | null;
  pylint: SubsetPeer | null;
  pyright: SubsetPeer | null;
  peerErrors: Record<string, string>;
  lsp: LspFigures | null;
  lspError: string | null;
  panel: PanelFigures | null;
  panelError: string | null;
  commands: string[];
}

function ms(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  if (value >= 1000) return `${(value / 1000).toFixed(2)} s`;
  if (value >= 10) return `${Math.round(value)} ms`;
  return `${value.toFixed(1)} ms`;
}

function mib(kb: number): string {
  return `${Math.round(kb / 1024)} MiB`;
}

function withSpread(spread: Spread, format: (value: number) => string): string {
  if (spread.n === 1) return `${format(spread.median)} (1 run)`;
  return `${format(spread.median)} (${format(spread.min)}–${format(spread.max)}, ${spread.n} runs)`;
}

function ratio(peer: number, ours: number): string {
  if (!Number.isFinite(peer) || !Number.isFinite(ours) || ours <= 0) return 'n/a';
  const value = peer / ours;
  if (value >= 10) return `${Math.round(value)}×`;
  return value >= 1 ? `${value.toFixed(1)}×` : `${value.toPrecision(2)}×`;
}

function table(header: string[], rows: string[][]): string {
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

interface Target {
  target: string;
  measured: string;
  reached: boolean | null;
  explanation: string;
}

/** Returns the figure every ratio compares against: the default check of the whole tree. */
export function referenceCheck(results: BenchResults): CheckVariant {
  return results.checkVariants[0];
}

function targets(results: BenchResults): Target[] {
  const check = referenceCheck(results);
  const checkWall = check.series.wallMs.median;
  const checkCpu = check.series.cpuMs.median;
  const startup = results.startupOnly.wallMs.median;
  const out: Target[] = [];

  const loadNote =
    checkWall > 1.5 * checkCpu
      ? ` Wall time exceeds CPU time by ${ms(checkWall - checkCpu)} because the process waited for a core: the load average was ${results.machine.loadStart.toFixed(1)} at the start and ${results.machine.loadEnd?.toFixed(1) ?? 'n/a'} at the end, on ${results.machine.cores} cores.`
      : '';
  const hot = results.profile?.top.slice(0, 3).map((entry) => `${entry.name} (${entry.location}, ${Math.round(entry.share * 100)}%)`).join(', ');
  out.push({
    target: `full check of the ${results.corpus.files.toLocaleString('en-US')}-file tree under 0.5 s wall on ${results.machine.cores} cores`,
    measured: ms(checkWall),
    reached: checkWall < 500,
    explanation:
      checkWall < 500
        ? `CPU ${ms(checkCpu)}; ${ms(startup)} of the wall time is Node start-up and loading the bundle (\`--version\`).`
        : `CPU ${ms(checkCpu)}, of which ${ms(startup)} is Node start-up and loading the bundle (\`--version\`). The analysis runs on one thread, so its CPU time is the floor of the wall time.${loadNote}${hot ? ` Largest self-time costs: ${hot}; the profile section lists more.` : ''}`,
  });

  if (results.grep) {
    const grepWall = results.grep.series.wallMs.median;
    const factor = checkWall / grepWall;
    out.push({
      target: 'within 10× the grep pipeline’s wall time',
      measured: `${factor.toFixed(1)}× (${ms(checkWall)} vs ${ms(grepWall)})`,
      reached: factor <= 10,
      explanation: factor <= 10 ? 'grep reads every byte too; the checker adds the header scan and the parses of the files that can matter.' : `grep reads the files once with no parsing; the checker’s start-up alone (${ms(startup)}) is ${(startup / grepWall).toFixed(1)}× grep’s whole run.`,
    });
  }

  const peerTarget = (name: string, factor: number, cpu: number | null, label: string) => {
    if (cpu === null) {
      out.push({ target: `${factor}× faster than ${name} (CPU)`, measured: 'not measured', reached: null, explanation: results.peerErrors[name] ?? results.peers.unavailable[name] ?? 'the peer did not run' });
      return;
    }
    const value = cpu / checkCpu;
    out.push({
      target: `${factor}× faster than ${name} (CPU time)`,
      measured: `${value >= 10 ? Math.round(value) : value.toFixed(1)}× (${ms(cpu)} vs ${ms(checkCpu)})`,
      reached: value >= factor,
      explanation: label,
    });
  };
  peerTarget('Ruff WebAssembly', 10, results.ruff?.series.cpuMs.median ?? null, 'whole tree, same run; Ruff parses and lints every file, the checker parses only files that can matter');
  peerTarget('pylint', 200, results.pylint?.cpu.value ?? null, 'pylint estimated for the whole tree from two subsets (see the side-by-side section)');
  peerTarget('Pyright', 400, results.pyright?.cpu.value ?? null, 'Pyright estimated for the whole tree from two subsets (see the side-by-side section)');

  if (results.lsp) {
    for (const series of results.lsp.edits) {
      out.push({
        target: `diagnostics within 30 ms at p95 after an edit (${series.label})`,
        measured: `p95 ${ms(series.p95)}, p50 ${ms(series.p50)}${series.timeouts > 0 ? `, ${series.timeouts} timeouts` : ''}`,
        reached: series.p95 <= 30 && series.timeouts === 0,
        explanation: `${series.latenciesMs.length} edits with a random pause of up to the configured maximum between them, so some land while dependents are re-analyzed.`,
      });
    }
    const rss = Math.max(...results.lsp.startups.map((startup) => startup.rssAfterIndexingKb));
    out.push({
      target: 'server memory under 150 MB after indexing',
      measured: `${(rss * 1024 / 1e6).toFixed(0)} MB RSS (${mib(rss)}), largest of ${results.lsp.startups.length} starts`,
      reached: rss * 1024 < 150e6,
      explanation: 'resident set size from /proc after the server fell quiet; it includes Node itself and the WebAssembly parser.',
    });
  } else {
    out.push({ target: 'language-server latency and memory', measured: 'not measured', reached: null, explanation: results.lspError ?? 'the language server did not run' });
  }
  return out;
}

function reachedText(reached: boolean | null): string {
  if (reached === null) return 'not measured';
  return reached ? 'reached' : '**not reached**';
}

export function renderReport(results: BenchResults): string {
  const { machine, corpus } = results;
  const check = referenceCheck(results);
  const parts: string[] = [];

  parts.push(
    '# Benchmarks',
    '',
    `Written by \`${results.command}\` (bench/run.ts) on ${machine.date}; the whole run took ${ms(results.elapsedMs)}. ` +
      'Every figure below comes from that one run on the machine described here; rerun the command to reproduce them. ' +
      'Figures are medians with the minimum–maximum range of the runs in brackets. Wall time is measured around the child process; ' +
      'CPU time is user + system time of the process and the children it waited for, and peak memory the largest resident set among them, both from getrusage(RUSAGE_CHILDREN) in `bench/lib/rusage.py`.',
  );

  parts.push('', '## Targets', '', table(
    ['target', 'measured', 'result', 'explanation'],
    targets(results).map((entry) => [entry.target, entry.measured, reachedText(entry.reached), entry.explanation]),
  ));

  parts.push('', '## Machine', '', table(['', ''], [
    ['CPU', `${machine.cores} cores, ${machine.cpuModel}`],
    ['memory', `${machine.memoryGiB} GiB`],
    ['system', machine.os],
    ['Node.js', machine.node],
    ['date', machine.date],
    ['commit', machine.commit],
    ['load average (1 min)', `${machine.loadStart.toFixed(2)} at the start, ${machine.loadEnd?.toFixed(2) ?? 'n/a'} at the end`],
  ]));
  parts.push(
    '',
    'The machine is shared: other processes ran during the run, so wall times carry their load (see the load average). CPU times depend less on it.',
  );

  const expected = corpus.expectedGenerated;
  const sample = corpus.expectedSample;
  const found = check.findings.byRule;
  parts.push('', '## Corpus', '', `\`bench/generate-corpus.ts\` (seed ${corpus.seed}) wrote ${corpus.files.toLocaleString('en-US')} Python files, ` +
    `${corpus.lines.toLocaleString('en-US')} lines and ${(corpus.bytes / 1e6).toFixed(1)} MB in ${ms(results.generateMs)}. ` +
    `They are the sample workspace and ${corpus.processorClasses} generated processor classes using the sample's save patterns, among them a base class that ${corpus.bulkBase.subclasses} processors inherit ` +
    `(\`${corpus.bulkBase.path}\`) and one ${corpus.largeProcessor.lines.toLocaleString('en-US')}-line processor (\`${corpus.largeProcessor.path}\`). ` +
    'The rest are ordinary modules: utilities, models, clients, scripts and tests.', '', table(['rule', 'expected (generated + sample annotations)', 'reported by processor-lens check'], (['unset-after-write', 'unset-without-write', 'unset-on-raise'] as const).map((rule) => [
    rule,
    `${expected[rule] + sample[rule]} (${expected[rule]} + ${sample[rule]})`,
    String(found[rule] ?? 0),
  ])));

  parts.push('', '## processor-lens check', '', table(
    ['variant', 'wall', 'CPU', 'peak memory', 'findings'],
    [
      ...results.checkVariants.map((variant) => [
        variant.label,
        withSpread(variant.series.wallMs, ms),
        withSpread(variant.series.cpuMs, ms),
        mib(variant.series.maxRssKb.median),
        String(variant.findings.total),
      ]),
      ['start-up only (`--version`)', withSpread(results.startupOnly.wallMs, ms), withSpread(results.startupOnly.cpuMs, ms), mib(results.startupOnly.maxRssKb.median), '–'],
    ],
  ));
  parts.push('', `Worker threads: ${results.checkSupport.workers}`, '', `Cache: ${results.checkSupport.cache}`);
  if (results.phases) {
    const phases = results.phases;
    parts.push('', `Engine phases, timed inside the process by \`bench/engine-phases.ts\` (medians of ${phases.runs} fresh processes; Node start-up and module loading come before these):`, '', table(
      ['phase', 'wall', 'CPU'],
      [
        ['load the parser (createWorkspace)', ms(phases.createMs), ms(phases.createCpuMs)],
        [`scan every file (${phases.filesRead} read)`, ms(phases.scanMs), ms(phases.scanCpuMs)],
        [`analyze every file (${phases.filesParsed} parsed with tree-sitter)`, ms(phases.analyzeMs), ms(phases.analyzeCpuMs)],
      ],
    ), '', `Memory of that process after the analysis: ${mib(phases.rssKb)} resident, of which ${mib(phases.heapUsedKb)} JavaScript heap in use, ${mib(phases.externalKb)} external (memory outside the JavaScript heap that V8 tracks; ${mib(phases.arrayBuffersKb)} of it array buffers). The rest is code, free heap pages and native allocations.`);
  }

  parts.push('', '## Side by side', '', `Same tree, same machine, same run. Ratios divide the peer's figure by the default check's (${ms(check.series.wallMs.median)} wall, ${ms(check.series.cpuMs.median)} CPU).`, '');
  const peerRows: string[][] = [];
  peerRows.push(['processor-lens check', 'whole tree', withSpread(check.series.wallMs, ms), withSpread(check.series.cpuMs, ms), mib(check.series.maxRssKb.median), '1×', '1×', `${check.findings.total} findings`]);
  if (results.grep) {
    const grep = results.grep.series;
    peerRows.push(['grep pipeline', 'whole tree', withSpread(grep.wallMs, ms), withSpread(grep.cpuMs, ms), mib(grep.maxRssKb.median), ratio(grep.wallMs.median, check.series.wallMs.median), ratio(grep.cpuMs.median, check.series.cpuMs.median), results.grep.detail]);
  }
  if (results.ruff) {
    const ruff = results.ruff.series;
    peerRows.push(['Ruff WebAssembly, RET503', 'whole tree, one process', withSpread(ruff.wallMs, ms), withSpread(ruff.cpuMs, ms), mib(ruff.maxRssKb.median), ratio(ruff.wallMs.median, check.series.wallMs.median), ratio(ruff.cpuMs.median, check.series.cpuMs.median), results.ruff.detail]);
  }
  for (const peer of [results.pylint, results.pyright]) {
    if (!peer) continue;
    for (const subset of [peer.small, peer.large]) {
      peerRows.push([peer.name, `subset: ${subset.files} files, ${subset.lines.toLocaleString('en-US')} lines`, withSpread(subset.series.wallMs, ms), withSpread(subset.series.cpuMs, ms), mib(subset.series.maxRssKb.median), '–', '–', subset.detail]);
    }
    peerRows.push([`${peer.name} (**estimate**)`, 'whole tree, extrapolated', ms(peer.wall.value), ms(peer.cpu.value), '–', ratio(peer.wall.value, check.series.wallMs.median), ratio(peer.cpu.value, check.series.cpuMs.median), `estimated: ${peer.cpu.method}`]);
  }
  parts.push(table(['tool', 'scope', 'wall', 'CPU', 'peak memory', 'ratio (wall)', 'ratio (CPU)', 'result'], peerRows));
  parts.push(
    '',
    'pylint and Pyright take minutes on the whole tree, so they run on two subsets: every k-th file in path order, so each subset spreads over all packages. ' +
      'The whole tree is estimated from a straight line through the two subsets\' medians, a fixed start-up cost plus a cost per line. ' +
      'Pyright still resolves the imports of a subset\'s files, so its estimate is rough. Rows marked **estimate** are not measurements.',
  );
  for (const [name, error] of Object.entries(results.peerErrors)) parts.push('', `${name} did not run: ${error}`);
  parts.push('', 'Versions:', '', ...Object.entries(results.peers.versions).map(([name, version]) => `- ${name}: ${version}`));
  if (results.peers.installed.length > 0) parts.push('', `Installed by this run: ${results.peers.installed.map((step) => `\`${step}\``).join(', ')}.`);

  parts.push('', '## Language server');
  if (results.lsp) {
    const startups = results.lsp.startups;
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    parts.push('', `\`dist/server/server.js --stdio\` bundled from this commit, driven by a JSON-RPC client over stdio. ${startups.length} starts on the corpus; each opens \`${corpus.largeProcessor.path}\` right after \`initialized\`.`, '', table(
      ['figure', 'median', 'all runs'],
      [
        ['initialize → first diagnostics of the open file', ms(median(startups.map((run) => run.firstDiagnosticsMs))), startups.map((run) => `${ms(run.firstDiagnosticsMs)} (${run.beforeIndexingEnded === null ? 'no indexing status seen' : run.beforeIndexingEnded ? 'indexing still running' : 'after indexing'})`).join(', ')],
        ['initialize → end of indexing (status notification)', ms(median(startups.map((run) => run.indexingEndedMs ?? Number.NaN))), startups.map((run) => ms(run.indexingEndedMs ?? Number.NaN)).join(', ')],
        ['resident memory after indexing', mib(median(startups.map((run) => run.rssAfterIndexingKb))), startups.map((run) => mib(run.rssAfterIndexingKb)).join(', ')],
        ['peak resident memory (VmHWM)', mib(median(startups.map((run) => run.peakRssKb))), startups.map((run) => mib(run.peakRssKb)).join(', ')],
        ['findings published after indexing', String(startups[startups.length - 1].findingsAfterIndexing ?? 'n/a'), ''],
      ],
    ));
    parts.push('', 'Edits: each replaces one character of a log message inside `save_data` (alternating between two letters), then waits for `textDocument/publishDiagnostics` of that file with the new document version. Latency is the time from sending `didChange` to receiving those diagnostics.', '', table(
      ['file', 'edits', 'p50', 'p95', 'max', 'timeouts'],
      results.lsp.edits.map((series) => [`${series.label} (\`${series.file}\`)`, String(series.latenciesMs.length + series.timeouts), ms(series.p50), ms(series.p95), ms(series.max), String(series.timeouts)]),
    ));
    const dependents = results.lsp.dependents;
    if (dependents) {
      const settle = [...dependents.settleMs].sort((a, b) => a - b);
      parts.push(
        '',
        `Dependents: ${dependents.edits} more edits of the base class, each followed by a wait until the server sent nothing for 1.5 s. ` +
          `Other files whose diagnostics the server published after each edit: ${dependents.republished.join(', ')}. ` +
          (settle.length > 0
            ? `From the edit to the last of those diagnostics: median ${ms(settle[Math.floor(settle.length / 2)])}, range ${ms(settle[0])}–${ms(settle[settle.length - 1])}.`
            : 'No other file was republished, so there is no figure for the dependents.'),
      );
    }
  } else {
    parts.push('', `Not measured: ${results.lspError}`);
  }

  parts.push('', '## Run-history panel');
  if (results.panel) {
    const panel = results.panel;
    parts.push(
      '',
      'Measured without an editor on the sample workspace (`sample-workspace`), whose run history is a folder of CSV exports read by the embedded DuckDB source. ' +
        'The panel\'s own `PanelController` runs with its real dependencies: the `processorLens/processorAt` request to the language server over stdio, the history library\'s target and end-date resolution, and the DuckDB source. ' +
        'It posts each view through a structured clone (as `postMessage` does) to the webview\'s `PanelApp`, which renders it into a jsdom document. The chart is not drawn, because jsdom has no canvas.',
      '',
      table(['figure', 'value'], [
        [`cursor move → rendered table, result cached (\`showProcessorAt\`, ${panel.cachedMoveMs.n} moves between ${panel.processors.length} processors)`, `p50 ${ms(panel.cachedMoveMs.p50)}, p95 ${ms(panel.cachedMoveMs.p95)}, max ${ms(panel.cachedMoveMs.max)}`],
        ['… of which the processorAt request (median)', ms(panel.processorAtMs)],
        ['… of which resolving the range\'s end date (median)', ms(panel.endDateMs)],
        ['… of which rendering the view in the webview (PanelApp.receive)', `p50 ${ms(panel.renderMs.p50)}, p95 ${ms(panel.renderMs.p95)}`],
        ['queries run per cached move', panel.queriesPerCachedMove.toFixed(2)],
        ['with the editor\'s cursor debounce added', `p50 ${ms(panel.cachedMoveMs.p50 + panel.debounceMs)} (the panel waits ${panel.debounceMs} ms after the last cursor move)`],
        [`first visit, not cached (${panel.uncachedMoveMs.n} processors)`, `p50 ${ms(panel.uncachedMoveMs.p50)}, max ${ms(panel.uncachedMoveMs.max)}`],
        ['one refresh: queries', String(panel.refresh.queries)],
        ['one refresh: SQL sent / rows returned (JSON)', `${panel.refresh.sqlBytes.toLocaleString('en-US')} B / ${panel.refresh.rowBytes.toLocaleString('en-US')} B`],
        ['one refresh: bytes read from the export files (/proc/self/io rchar)', panel.refresh.bytesReadFromFiles === null ? 'n/a' : `${panel.refresh.bytesReadFromFiles.toLocaleString('en-US')} B`],
        ['one refresh: bytes processed as the source reports it', panel.refresh.bytesProcessed === null ? 'none (DuckDB does not report it; BigQuery does)' : `${panel.refresh.bytesProcessed.toLocaleString('en-US')} B`],
        ['one refresh: time', `${ms(panel.refresh.elapsedMs)} for ${panel.refresh.dates} dates`],
      ]),
    );
  } else {
    parts.push('', `Not measured: ${results.panelError}`);
  }

  if (results.profile) {
    parts.push('', '## Where the check spends its time', '', `\`node --cpu-prof\` of one \`check\` run (${ms(results.profile.totalMs)} sampled), functions by self time, mapped to the TypeScript sources through the bundle's source map:`, '', table(
      ['self time', 'share', 'function', 'location'],
      results.profile.top.map((entry) => [ms(entry.selfMs), `${(entry.share * 100).toFixed(1)}%`, `\`${entry.name}\``, `\`${entry.location}\``]),
    ), '', 'Functions by total time (their own and their callees\'), which shows the phases:', '', table(
      ['total time', 'share', 'function', 'location'],
      results.profile.inclusive.map((entry) => [ms(entry.selfMs), `${(entry.share * 100).toFixed(1)}%`, `\`${entry.name}\``, `\`${entry.location}\``]),
    ), '', 'Self time by file:', '', table(
      ['self time', 'share', 'file'],
      results.profile.files.map((entry) => [ms(entry.selfMs), `${(entry.share * 100).toFixed(1)}%`, `\`${entry.file}\``]),
    ), '', 'The profiler samples on a timer, so on a loaded machine the sampled total can exceed the CPU time; the shares are what to compare.');
  }

  parts.push('', '## Commands', '', 'Run from the repository root; `CORPUS` is the generated tree.', '', '```sh', ...results.commands, '```', '');
  return parts.join('\n');
}

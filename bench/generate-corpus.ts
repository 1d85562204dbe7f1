// Writes a deterministic Python tree for the benchmarks: the sample workspace plus a generated
// data-pipeline code base of a chosen size, and a manifest of what the analyzer should find.
//
//   node --import tsx bench/generate-corpus.ts [--files 2000] [--lines 800000] [--seed 1] [--out bench/out/corpus]
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import {
  BULK_BASE_MODULE,
  type ClassRef,
  type CorpusState,
  type EditTarget,
  MIXIN_SPECS,
  type ProcessorSpec,
  bulkBaseModule,
  bulkSubclassModule,
  clientModule,
  findEditTarget,
  largeProcessorModule,
  mixinModule,
  modelModule,
  precomputeBaseModule,
  processorModule,
  renderSourceBase,
  scriptModule,
  testModule,
  utilityModule,
} from './corpus/files';
import { ENTITIES, NOUNS, NamePool, SOURCES, SPORTS, VERBS, pascal } from './corpus/names';
import { Random } from './corpus/random';
import { type FindingCounts, type Rule, noFindings } from './corpus/save-patterns';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const DEFAULT_OPTIONS = {
  files: 2000,
  lines: 800_000,
  seed: 1,
  outDir: join(repoRoot, 'bench', 'out', 'corpus'),
  sampleDir: join(repoRoot, 'test', 'fixtures', 'spec-workspace'),
};

export type CorpusOptions = typeof DEFAULT_OPTIONS;

/** Marker file that lets a later run delete the folder it generated before. */
const MARKER = '.bench-corpus';

/** No [tool.processor-lens] table: the analyzer's defaults apply, as in most repositories. */
const PYPROJECT = `[project]
name = "sports-data-pipeline"
version = "2.14.0"
requires-python = ">=3.10"

[tool.pytest.ini_options]
testpaths = ["tests"]
`;

export interface CorpusManifest {
  seed: number;
  requested: { files: number; lines: number };
  files: number;
  lines: number;
  bytes: number;
  processorClasses: number;
  checkedMethods: number;
  /** Findings the analyzer contract predicts for the generated files (suppressed ones excluded). */
  expectedGenerated: FindingCounts;
  /** Findings annotated in the copied sample workspace (`# expect:` and `# expect-end:`). */
  expectedSample: FindingCounts;
  patternCounts: Record<string, number>;
  largeProcessor: { path: string; className: string; lines: number; edit: EditTarget };
  bulkBase: { path: string; className: string; subclasses: number; edit: EditTarget };
  /** Folders of the copied sample workspace, relative to the corpus root. */
  sampleFolders: string[];
}

interface PlannedFile {
  path: string;
  kind: 'processor' | 'bulk-subclass' | 'source-base' | 'mixin' | 'bulk-base' | 'precompute-base' | 'test' | 'utility' | 'model' | 'client' | 'script';
  weight: number;
  targetLines: number;
  processor?: ProcessorSpec;
  topic: string;
}

const KIND_WEIGHT: Record<PlannedFile['kind'], number> = {
  processor: 1.35,
  'bulk-subclass': 0.9,
  'source-base': 0.9,
  mixin: 0.6,
  'bulk-base': 1.6,
  'precompute-base': 1.2,
  test: 0.85,
  utility: 1.0,
  model: 0.7,
  client: 1.0,
  script: 0.75,
};

/** Lines below the template's own size would only be reached by overshooting. */
const MIN_LINES = 40;

/** Average overshoot of a file past its target, since files grow a whole function at a time. */
const OVERSHOOT = 8;

function listFiles(root: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path));
    else if (entry.isFile()) out.push(path);
  }
  return out.sort();
}

function countLines(text: string): number {
  if (text.length === 0) return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

function countSampleExpectations(texts: string[]): FindingCounts {
  const counts = noFindings();
  for (const text of texts) {
    for (const match of text.matchAll(/# expect(?:-end)?: (unset-[a-z-]+)/g)) {
      counts[match[1] as Rule] += 1;
    }
  }
  return counts;
}

function modulePath(path: string): string {
  return path.replace(/\.py$/, '').replace(/\/__init__$/, '').split('/').join('.');
}

/** Lays out folders and file kinds for the requested size; returns planned files and package folders. */
function plan(options: CorpusOptions, random: Random, reservedFiles: number): { files: PlannedFile[]; packages: string[]; largePath: string } {
  const names = new NamePool();
  const packages = new Set<string>();
  const files: PlannedFile[] = [];
  const addPackage = (folder: string) => {
    const parts = folder.split('/');
    for (let depth = 1; depth <= parts.length; depth++) packages.add(parts.slice(0, depth).join('/'));
  };

  const rawFolderCount = Math.min(28, Math.max(2, Math.round(options.files / 70)));
  const rawFolders: { folder: string; sport: string; source: string }[] = [];
  const pairs = new Set<string>();
  for (let index = 0; rawFolders.length < rawFolderCount; index++) {
    const sport = index < rawFolderCount * 0.6 ? 'nba' : random.pick(SPORTS);
    const source = SOURCES[index % SOURCES.length];
    if (pairs.has(`${sport}/${source}`)) continue;
    pairs.add(`${sport}/${source}`);
    rawFolders.push({ folder: `data_processors/${sport}/${source}`, sport, source });
  }
  const analyticsFolders = SPORTS.slice(0, Math.min(3, Math.max(1, Math.round(options.files / 600)))).map((sport) => `analytics_processors/${sport}`);
  const precomputeFolders = SPORTS.slice(0, Math.min(2, Math.max(1, Math.round(options.files / 900)))).map((sport) => `precompute/${sport}`);
  const sharedFolders = ['shared/processor_bases/mixins', 'shared/utils', 'shared/models', 'shared/clients', 'shared/validation', 'orchestration', 'monitoring'];
  const testFolders = ['tests/unit/data_processors', 'tests/unit/analytics', 'tests/unit/shared', 'tests/integration'];
  for (const folder of [...rawFolders.map((raw) => raw.folder), 'data_processors/common', ...analyticsFolders, ...precomputeFolders, ...sharedFolders, ...testFolders]) {
    addPackage(folder);
  }

  const fixed: PlannedFile[] = [];
  const add = (list: PlannedFile[], path: string, kind: PlannedFile['kind'], topic: string, processor?: ProcessorSpec) => {
    list.push({ path, kind, weight: 0, targetLines: 0, topic, processor });
  };
  add(fixed, 'shared/processor_bases/precompute_base.py', 'precompute-base', 'precompute');
  for (const spec of MIXIN_SPECS) add(fixed, `shared/processor_bases/mixins/${spec.file}.py`, 'mixin', spec.file);
  add(fixed, `${BULK_BASE_MODULE.split('.').join('/')}.py`, 'bulk-base', 'bulk');
  rawFolders.forEach((raw, index) => {
    if (index % 2 === 0) add(fixed, `${raw.folder}/${raw.source}_base.py`, 'source-base', raw.source);
  });

  const remaining = options.files - reservedFiles - packages.size - fixed.length;
  if (remaining < 40) {
    const minimum = options.files - remaining + 40;
    throw new Error(`--files ${options.files} is too small for the tree's fixed folders and bases; use at least ${minimum}.`);
  }

  const bulkCount = Math.min(40, Math.max(2, Math.round(options.files / 50)));
  const processorCount = Math.max(bulkCount + 6, Math.round(remaining * 0.21));
  const testCount = Math.round(remaining * 0.27);
  const utilityCount = Math.round(remaining * 0.2);
  const modelCount = Math.round(remaining * 0.1);
  const clientCount = Math.round(remaining * 0.1);
  const scriptCount = remaining - processorCount - testCount - utilityCount - modelCount - clientCount;
  if (scriptCount < 0) throw new Error(`--files ${options.files} leaves no room for ordinary modules; use a larger value.`);

  const taken = new Set<string>();
  const uniquePath = (folder: string, stem: string) => {
    let path = `${folder}/${stem}.py`;
    for (let suffix = 2; taken.has(path); suffix++) path = `${folder}/${stem}_${suffix}.py`;
    taken.add(path);
    return path;
  };

  const generated: PlannedFile[] = [];
  for (let index = 0; index < bulkCount; index++) {
    const raw = rawFolders[index % rawFolders.length];
    const entity = random.pick(ENTITIES);
    const path = uniquePath(raw.folder, `${entity}_bulk_processor`);
    add(generated, path, 'bulk-subclass', entity, { module: modulePath(path), source: raw.source, entity, kind: 'raw', classCount: 1, targetLines: 0 });
  }
  const largeRaw = rawFolders[0];
  const largePath = uniquePath(largeRaw.folder, 'gamebook_pdf_processor');
  for (let index = 0; index < processorCount - bulkCount - 1; index++) {
    const roll = random.next();
    const raw = random.pick(rawFolders);
    let kind: ProcessorSpec['kind'] = 'raw';
    let folder = raw.folder;
    let source = raw.source;
    if (roll >= 0.88) {
      kind = 'precompute';
      folder = random.pick(precomputeFolders);
      source = 'precompute';
    } else if (roll >= 0.7) {
      kind = 'analytics';
      folder = random.pick(analyticsFolders);
      source = 'analytics';
    }
    const entity = random.pick(ENTITIES);
    const path = uniquePath(folder, `${entity}_processor`);
    const classCount = random.chance(0.18) ? 2 : 1;
    add(generated, path, 'processor', entity, { module: modulePath(path), source, entity, kind, classCount, targetLines: 0 });
  }
  for (let index = 0; index < testCount; index++) {
    const topic = names.functionName(random);
    add(generated, uniquePath(random.pick(testFolders), `test_${topic}`), 'test', topic);
  }
  const utilityFolders = ['shared/utils', 'shared/validation', 'monitoring'];
  for (let index = 0; index < utilityCount; index++) {
    const topic = `${random.pick(NOUNS)}_${random.pick(['utils', 'helpers', 'checks', 'io', 'math', 'dates'])}`;
    add(generated, uniquePath(random.pick(utilityFolders), topic), 'utility', topic);
  }
  for (let index = 0; index < modelCount; index++) {
    const topic = `${random.pick(NOUNS)}_${random.pick(['models', 'rows', 'schemas', 'enums'])}`;
    add(generated, uniquePath('shared/models', topic), 'model', topic);
  }
  for (let index = 0; index < clientCount; index++) {
    const topic = `${random.pick(SOURCES)}_${random.pick(['api', 'scraper', 'storage', 'pubsub', 'scheduler'])}`;
    add(generated, uniquePath(random.pick(['shared/clients', 'orchestration']), topic), 'client', topic);
  }
  for (let index = 0; index < scriptCount; index++) {
    const topic = `${random.pick(VERBS)}_${random.pick(NOUNS)}_${random.pick(['backfill', 'report', 'audit', 'export', 'repair'])}`;
    add(generated, uniquePath('scripts', topic), 'script', topic);
  }

  return { files: [...fixed, ...generated], packages: [...packages].sort(), largePath };
}

function assignLines(files: PlannedFile[], budget: number, random: Random): void {
  for (const file of files) {
    file.weight = KIND_WEIGHT[file.kind] * (0.3 + 1.4 * Math.pow(random.next(), 1.3));
  }
  const totalWeight = files.reduce((sum, file) => sum + file.weight, 0);
  for (const file of files) {
    file.targetLines = Math.max(MIN_LINES, Math.round((file.weight / totalWeight) * budget) - OVERSHOOT);
  }
}

/** Generates the corpus into `options.outDir`, replacing a corpus generated there before. */
export function generateCorpus(options: CorpusOptions): CorpusManifest {
  const outDir = resolve(options.outDir);
  if (existsSync(outDir)) {
    if (!existsSync(join(outDir, MARKER)) && readdirSync(outDir).length > 0) {
      throw new Error(`${outDir} exists and was not generated by this script (no ${MARKER} file); choose an empty or new --out folder.`);
    }
    rmSync(outDir, { recursive: true, force: true });
  }

  const random = new Random(options.seed);
  const state: CorpusState = {
    random: random.fork('content'),
    names: new NamePool(),
    expected: noFindings(),
    processorClasses: 0,
    checkedMethods: 0,
    patternCounts: {},
    processors: [],
    mixins: [],
    sourceBases: new Map(),
  };

  const sampleFiles = listFiles(options.sampleDir).map((path) => ({ path: relative(options.sampleDir, path), text: readFileSync(path, 'utf8') }));
  const sampleFolders = [...new Set(sampleFiles.map((file) => file.path.split('/')[0]))].sort();
  const { files, packages, largePath } = plan(options, random.fork('plan'), sampleFiles.length);

  const largeLines = Math.min(2000, Math.max(300, Math.floor(options.lines / 10)));
  const sampleLines = sampleFiles.reduce((sum, file) => sum + countLines(file.text), 0);
  assignLines(files, options.lines - sampleLines - largeLines - packages.length, random.fork('lines'));

  const outputs = new Map<string, string>();
  for (const file of sampleFiles) outputs.set(file.path, file.text);
  for (const folder of packages) {
    const depth = folder.split('/').length;
    outputs.set(`${folder}/__init__.py`, depth === 1 ? `"""${pascal(folder)} package."""\n` : '');
  }

  const byKind = (kind: PlannedFile['kind']) => files.filter((file) => file.kind === kind);
  for (const file of byKind('precompute-base')) outputs.set(file.path, precomputeBaseModule(state, file.targetLines));
  MIXIN_SPECS.forEach((spec, index) => {
    const file = byKind('mixin')[index];
    const { text, ref } = mixinModule(state, spec, file.targetLines);
    state.mixins.push(ref);
    outputs.set(file.path, text);
  });
  for (const file of byKind('source-base')) {
    const ref: ClassRef = { module: modulePath(file.path), className: `${pascal(file.topic)}ProcessorBase`, cleanSave: true };
    state.sourceBases.set(file.topic, ref);
    outputs.set(file.path, renderSourceBase(state, ref, file.topic, file.targetLines));
  }
  const bulkBase = byKind('bulk-base')[0];
  outputs.set(bulkBase.path, bulkBaseModule(state, bulkBase.targetLines));
  const bulkSubclasses = byKind('bulk-subclass');
  for (const file of bulkSubclasses) outputs.set(file.path, bulkSubclassModule(state, { ...file.processor!, targetLines: file.targetLines }));
  outputs.set(largePath, largeProcessorModule(state, modulePath(largePath), largeLines));
  for (const file of byKind('processor')) outputs.set(file.path, processorModule(state, { ...file.processor!, targetLines: file.targetLines }));

  const testTargets = state.processors.slice();
  for (const file of byKind('test')) {
    const target = file.path.includes('/shared/') || testTargets.length === 0 ? null : state.random.pick(testTargets);
    outputs.set(file.path, testModule(state, target, file.topic, file.targetLines));
  }
  for (const file of byKind('utility')) outputs.set(file.path, utilityModule(state, file.topic, file.targetLines));
  for (const file of byKind('model')) outputs.set(file.path, modelModule(state, file.topic, file.targetLines));
  for (const file of byKind('client')) outputs.set(file.path, clientModule(state, file.topic, file.targetLines));
  for (const file of byKind('script')) outputs.set(file.path, scriptModule(state, file.topic, file.targetLines));

  let lines = 0;
  let bytes = 0;
  for (const [path, text] of [...outputs].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const target = join(outDir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
    lines += countLines(text);
    bytes += Buffer.byteLength(text);
  }
  writeFileSync(join(outDir, MARKER), 'Generated by bench/generate-corpus.ts; the next run deletes this folder.\n');
  // A project root of its own, as a real repository has: tools that look upwards for the project
  // (Processor Lens, Pyright, pytest) stop here instead of at the enclosing checkout.
  writeFileSync(join(outDir, 'pyproject.toml'), PYPROJECT);

  const largeText = outputs.get(largePath)!;
  const bulkText = outputs.get(bulkBase.path)!;
  const manifest: CorpusManifest = {
    seed: options.seed,
    requested: { files: options.files, lines: options.lines },
    files: outputs.size,
    lines,
    bytes,
    processorClasses: state.processorClasses,
    checkedMethods: state.checkedMethods,
    expectedGenerated: state.expected,
    expectedSample: countSampleExpectations(sampleFiles.map((file) => file.text)),
    patternCounts: Object.fromEntries(Object.entries(state.patternCounts).sort(([a], [b]) => (a < b ? -1 : 1))) as Record<string, number>,
    largeProcessor: { path: largePath, className: 'NbacomGamebookPdfProcessor', lines: countLines(largeText), edit: findEditTarget(largeText, 'large') },
    bulkBase: { path: bulkBase.path, className: 'BulkLoadProcessorBase', subclasses: bulkSubclasses.length, edit: findEditTarget(bulkText, 'bulk') },
    sampleFolders,
  };
  writeFileSync(manifestPath(outDir), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

/** Returns where the manifest goes: next to the corpus, not inside it, so no tool counts it as a file of the tree. */
export function manifestPath(outDir: string): string {
  return `${resolve(outDir)}.manifest.json`;
}

function positiveInteger(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) {
    throw new Error(`--${flag} must be a positive integer, got "${value}".`);
  }
  return parsed;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      files: { type: 'string' },
      lines: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(
      [
        'Usage: node --import tsx bench/generate-corpus.ts [options]',
        `  --files N   number of files, sample workspace included (default ${DEFAULT_OPTIONS.files})`,
        `  --lines N   total number of lines (default ${DEFAULT_OPTIONS.lines})`,
        `  --seed N    random seed; the same seed writes the same tree (default ${DEFAULT_OPTIONS.seed})`,
        '  --out DIR   output folder, replaced on each run (default bench/out/corpus)',
      ].join('\n'),
    );
    return;
  }
  const options: CorpusOptions = {
    ...DEFAULT_OPTIONS,
    files: positiveInteger('files', values.files, DEFAULT_OPTIONS.files),
    lines: positiveInteger('lines', values.lines, DEFAULT_OPTIONS.lines),
    seed: positiveInteger('seed', values.seed, DEFAULT_OPTIONS.seed),
    outDir: values.out ? resolve(values.out) : DEFAULT_OPTIONS.outDir,
  };
  const started = performance.now();
  const manifest = generateCorpus(options);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `corpus: ${manifest.files} files, ${manifest.lines} lines, ${(manifest.bytes / 1e6).toFixed(1)} MB, ` +
      `${manifest.processorClasses} processor classes in ${options.outDir} (seed ${options.seed}, ${seconds} s)`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    console.error(`generate-corpus: ${(error as Error).message}`);
    process.exit(2);
  }
}


// Writers of each kind of file in the generated tree. Each returns the module text; processor
// writers also record what the analyzer should report, in the shared `CorpusState`.
import { PythonModule } from './module';
import { DATASETS, KEY_FIELDS, NOUNS, NamePool, STAT_FIELDS, VERBS, pascal } from './names';
import { type Block, dataclassModel, enumModel, indent, nonProcessorSaver, randomFunction } from './python-blocks';
import type { Random } from './random';
import {
  type FindingCounts,
  PATTERNS,
  PATTERN_WEIGHTS,
  type PatternName,
  type PatternOutput,
  addCounts,
  noFindings,
  streamingBufferBuggy,
} from './save-patterns';

/** A class the tests and subclasses can import. */
export interface ClassRef {
  module: string;
  className: string;
  /** True when its effective save_data sets the stat on every path (safe to delegate to). */
  cleanSave: boolean;
}

export interface MixinRef extends ClassRef {
  definesSave: boolean;
  expected: Partial<FindingCounts>;
  used: boolean;
}

export interface CorpusState {
  random: Random;
  names: NamePool;
  expected: FindingCounts;
  processorClasses: number;
  /** Processors, roots and used mixins whose own save_data the analyzer checks. */
  checkedMethods: number;
  patternCounts: Partial<Record<PatternName | 'inherited', number>>;
  processors: ClassRef[];
  mixins: MixinRef[];
  sourceBases: Map<string, ClassRef>;
}

/** A 1-based line and 0-based UTF-16 column of a character inside a string literal. */
export interface EditTarget {
  line: number;
  character: number;
  /** The character there, and the one an edit swaps in. */
  original: string;
  replacement: string;
}

/** Base class of a processor as written in its `class` line, with the imports it needs. */
interface BaseChoice {
  expression: string;
  imports: string[];
  cleanSave: boolean;
}

const PROCESSOR_BASE: BaseChoice = {
  expression: 'ProcessorBase',
  imports: ['from pipeline.processor_base import ProcessorBase'],
  cleanSave: true,
};

function rawBase(state: CorpusState, source: string): BaseChoice {
  const { random } = state;
  const sourceBase = state.sourceBases.get(source);
  const roll = random.next();
  if (sourceBase && roll < 0.35) {
    return { expression: sourceBase.className, imports: [`from ${sourceBase.module} import ${sourceBase.className}`], cleanSave: true };
  }
  if (roll < 0.5) {
    return { expression: 'RawProcessorBase', imports: ['from pipeline.processor_base import ProcessorBase as RawProcessorBase'], cleanSave: true };
  }
  if (roll < 0.6) {
    return { expression: 'processor_base.ProcessorBase', imports: ['from pipeline import processor_base'], cleanSave: true };
  }
  return PROCESSOR_BASE;
}

function fieldsFor(random: Random): { keys: string[]; stats: string[] } {
  return { keys: random.sample(KEY_FIELDS, random.int(2, 4)), stats: random.sample(STAT_FIELDS, random.int(3, 10)) };
}

/** load_data and transform_data of a processor, as its class body lines. */
function processorIo(random: Random, source: string, entity: string): string[] {
  const { keys, stats } = fieldsFor(random);
  const lines = [
    '    def load_data(self):',
    `        """Read the ${source} ${entity.replace(/_/g, ' ')} export for the run date."""`,
    '        run_date = self.opts.get("date")',
    `        path = f"${source}/${entity}/{run_date}.json"`,
    '        with open(path, encoding="utf-8") as handle:',
    '            self.raw_data = json.load(handle)',
    '        if not self.raw_data:',
    '            logger.warning("empty export at %s", path)',
    '            self.raw_data = []',
    '',
    '    def transform_data(self):',
    '        game_date = datetime.date.fromisoformat(self.opts.get("date") or "2024-01-01")',
    '        rows = []',
    '        for raw in self.raw_data or []:',
    '            if not raw:',
    '                continue',
    '            row = {',
  ];
  for (const key of keys) lines.push(`                "${key}": str(raw.get("${key}") or ""),`);
  for (const stat of stats) lines.push(`                "${stat}": raw.get("${stat}"),`);
  lines.push(
    '                "game_date": game_date.isoformat(),',
    '            }',
    `            if row["${keys[0]}"]:`,
    '                rows.append(row)',
    '        self.transformed_data = rows',
  );
  return lines;
}

/** Methods of ordinary code added to a class until the module reaches `targetLines`. */
function fillClass(state: CorpusState, module: PythonModule, classLines: string[], targetLines: number): void {
  const base = module.lineCount() + 2;
  while (base + classLines.length < targetLines) {
    const block = randomFunction({ random: state.random, names: state.names, method: true });
    module.importStd(block.imports);
    classLines.push('', ...indent(block.lines, '    '));
  }
}

function fillModule(state: CorpusState, module: PythonModule, targetLines: number, method = false): void {
  while (module.lineCount() < targetLines) {
    module.addBlock(randomFunction({ random: state.random, names: state.names, method }));
  }
}

function applyPattern(module: PythonModule, pattern: PatternOutput): void {
  for (const line of pattern.imports) module.importLine(line);
  module.addPreamble(pattern.preamble);
}

export interface ProcessorSpec {
  module: string;
  source: string;
  entity: string;
  kind: 'raw' | 'analytics' | 'precompute';
  classCount: number;
  targetLines: number;
}

/** Writes a processor module: one or more processor classes and ordinary helpers around them. */
export function processorModule(state: CorpusState, spec: ProcessorSpec): string {
  const { random } = state;
  const module = new PythonModule(`${pascal(spec.source)} ${spec.entity.replace(/_/g, ' ')}: load, transform and save to BigQuery.`);
  module.importStd(['datetime', 'json', 'logging']);
  const classBlocks: string[][] = [];

  for (let index = 0; index < spec.classCount; index++) {
    const entity = index === 0 ? spec.entity : `${spec.entity}_${random.pick(['daily', 'live', 'history', 'backfill'])}`;
    const className = state.names.unique(`${pascal(spec.source)}${pascal(entity)}Processor`);
    let base: BaseChoice;
    if (spec.kind === 'analytics') {
      base = { expression: 'AnalyticsProcessorBase', imports: ['from pipeline.analytics_base import AnalyticsProcessorBase'], cleanSave: true };
    } else if (spec.kind === 'precompute') {
      base = random.chance(0.5)
        ? { expression: 'PrecomputeProcessorBase', imports: ['from shared.processor_bases.precompute_base import PrecomputeProcessorBase'], cleanSave: true }
        : { expression: 'pcb.PrecomputeProcessorBase', imports: ['import shared.processor_bases.precompute_base as pcb'], cleanSave: true };
    } else {
      base = rawBase(state, spec.source);
    }

    const bases = [base.expression];
    const usableMixins = state.mixins.filter((mixin) => !mixin.module.endsWith('legacy_export_mixin'));
    const inherit = random.chance(0.14);
    let mixinWithSave: MixinRef | undefined;
    if (inherit) {
      mixinWithSave = random.pick(usableMixins.filter((mixin) => mixin.definesSave));
      bases.unshift(mixinWithSave.className);
    } else if (random.chance(0.25)) {
      const helperMixin = random.pick(usableMixins.filter((mixin) => !mixin.definesSave));
      bases.unshift(helperMixin.className);
      module.importLine(`from ${helperMixin.module} import ${helperMixin.className}`, 'local');
    }
    for (const line of base.imports) module.importLine(line, 'local');
    if (mixinWithSave) {
      module.importLine(`from ${mixinWithSave.module} import ${mixinWithSave.className}`, 'local');
      if (!mixinWithSave.used) {
        mixinWithSave.used = true;
        addCounts(state.expected, mixinWithSave.expected);
        state.checkedMethods += 1;
      }
      state.patternCounts.inherited = (state.patternCounts.inherited ?? 0) + 1;
    }

    const lines = [
      `class ${className}(${bases.join(', ')}):`,
      `    """${pascal(spec.source)} ${entity.replace(/_/g, ' ')} rows, one per ${random.pick(KEY_FIELDS).replace(/_/g, ' ')}."""`,
      '',
      `    table_name = "${spec.source}_${entity}"`,
    ];
    if (random.chance(0.6)) lines.push(`    dataset_id = "${random.pick(DATASETS)}"`);
    if (random.chance(0.3)) lines.push(`    processor_type = "${spec.source}_${entity}"`);
    lines.push('', ...processorIo(random, spec.source, entity));

    let cleanSave = mixinWithSave ? mixinWithSave.cleanSave : base.cleanSave;
    if (!mixinWithSave) {
      let name = random.weighted(PATTERN_WEIGHTS);
      if ((name === 'superDelegation' || name === 'superDelegationDryRun') && !base.cleanSave) {
        name = 'earlyReturnClean';
      }
      const pattern = PATTERNS[name]({ random, entity: entity.replace(/_/g, ' '), key: random.pick(KEY_FIELDS) });
      applyPattern(module, pattern);
      addCounts(state.expected, pattern.expected);
      state.checkedMethods += 1;
      state.patternCounts[name] = (state.patternCounts[name] ?? 0) + 1;
      cleanSave = Object.values(pattern.expected).every((count) => count === 0);
      lines.push('', ...pattern.methods);
    }

    state.processorClasses += 1;
    state.processors.push({ module: spec.module, className, cleanSave });
    classBlocks.push(lines);
  }

  // Later classes stay small; the first carries the ordinary methods that give the file its size.
  const perClassTarget = spec.targetLines - classBlocks.slice(1).reduce((sum, block) => sum + block.length + 2, 0);
  fillClass(state, module, classBlocks[0], perClassTarget);
  for (const block of classBlocks) module.addLines(block);
  return module.render();
}

/** Writes a module of utilities, sometimes with a non-processor class that has its own save_data. */
export function utilityModule(state: CorpusState, topic: string, targetLines: number): string {
  const module = new PythonModule(`Helpers for ${topic.replace(/_/g, ' ')}.`);
  if (state.random.chance(0.12)) module.addBlock(nonProcessorSaver(state.random, state.names));
  fillModule(state, module, targetLines);
  return module.render();
}

export function modelModule(state: CorpusState, topic: string, targetLines: number): string {
  const module = new PythonModule(`Row models of the ${topic.replace(/_/g, ' ')} tables.`);
  while (module.lineCount() < targetLines) {
    module.addBlock(state.random.chance(0.75) ? dataclassModel(state.random, state.names) : enumModel(state.random, state.names));
  }
  return module.render();
}

/** Writes a client or service class whose methods are ordinary code. */
export function clientModule(state: CorpusState, topic: string, targetLines: number): string {
  const module = new PythonModule(`Client of the ${topic.replace(/_/g, ' ')} service.`);
  const className = pascal(state.names.unique(`${topic}_client`));
  const lines = [
    `class ${className}:`,
    `    """Thin wrapper over the ${topic.replace(/_/g, ' ')} API with retries and paging."""`,
    '',
    '    def __init__(self, session, base_url, page_size=100):',
    '        self.session = session',
    '        self.base_url = base_url.rstrip("/")',
    '        self.page_size = page_size',
  ];
  fillClass(state, module, lines, targetLines);
  module.addLines(lines);
  return module.render();
}

export function scriptModule(state: CorpusState, name: string, targetLines: number): string {
  const module = new PythonModule(`Command-line entry point: ${name.replace(/_/g, ' ')}.`);
  module.importLine('import argparse');
  module.importLine('import sys');
  module.importStd(['datetime', 'logging']);
  fillModule(state, module, targetLines - 22);
  module.addLines([
    'def main(argv=None):',
    `    parser = argparse.ArgumentParser(description="${name.replace(/_/g, ' ')} over a date range.")`,
    '    parser.add_argument("--start", required=True, type=datetime.date.fromisoformat)',
    '    parser.add_argument("--end", required=True, type=datetime.date.fromisoformat)',
    '    parser.add_argument("--dry-run", action="store_true")',
    '    args = parser.parse_args(argv)',
    '    if args.end < args.start:',
    '        parser.error(f"--end {args.end} is before --start {args.start}")',
    '    logging.basicConfig(level=logging.INFO)',
    '    logger.info("running from %s to %s", args.start, args.end)',
    '    return 0',
  ]);
  module.addLines(['if __name__ == "__main__":', '    sys.exit(main())']);
  return module.render();
}

/** Writes a pytest module for a processor, sometimes with a test double that overrides save_data. */
export function testModule(state: CorpusState, target: ClassRef | null, topic: string, targetLines: number): string {
  const { random } = state;
  const module = new PythonModule(`Tests of ${target ? target.className : topic.replace(/_/g, ' ')}.`);
  module.importLine('from unittest import mock');
  module.importLine('import pytest', 'third-party');

  if (target) {
    module.importLine(`from ${target.module} import ${target.className}`, 'local');
    if (random.chance(0.2)) {
      module.addLines([
        `class Recording${target.className}(${target.className}):`,
        '    """Keeps the rows in memory in place of loading them."""',
        '',
        '    def save_data(self):',
        '        self.saved_rows = list(self.transformed_data)',
        '        self.stats["rows_inserted"] = len(self.saved_rows)',
      ]);
      state.processorClasses += 1;
      state.checkedMethods += 1;
    }
    module.addLines([
      '@pytest.fixture',
      'def processor():',
      `    instance = ${target.className}()`,
      '    instance.bq_client = mock.MagicMock()',
      '    instance.opts = {"date": "2024-01-15"}',
      '    return instance',
    ]);
    module.addLines([
      'def test_save_data_without_rows_writes_nothing(processor):',
      '    processor.transformed_data = []',
      '    processor.save_data()',
      '    processor.bq_client.load_table_from_json.assert_not_called()',
    ]);
  }

  let index = 0;
  while (module.lineCount() < targetLines) {
    index += 1;
    const stat = random.pick(STAT_FIELDS);
    const key = random.pick(KEY_FIELDS);
    const count = random.int(2, 12);
    const testName = `test_${random.pick(VERBS)}_${random.pick(NOUNS)}_${index}`;
    if (random.chance(0.5)) {
      const cases = Array.from({ length: random.int(2, 6) }, (_unused, caseIndex) => `    ("${key}-${caseIndex}", ${random.int(0, 40)}),`);
      module.addLines([
        `@pytest.mark.parametrize(("${key}", "${stat}"), [`,
        ...cases,
        '])',
        `def ${testName}(${key}, ${stat}):`,
        `    row = {"${key}": ${key}, "${stat}": ${stat}}`,
        `    assert row["${stat}"] >= 0`,
        `    assert row["${key}"].startswith("${key}-")`,
      ]);
    } else {
      module.addLines([
        `def ${testName}():`,
        `    rows = [{"${key}": f"00223{i:05d}", "${stat}": i * ${random.int(1, 9)}} for i in range(${count})]`,
        `    totals = sum(row["${stat}"] for row in rows)`,
        `    assert len(rows) == ${count}`,
        '    assert totals >= 0',
        '    with pytest.raises(KeyError):',
        '        _ = rows[0]["missing"]',
      ]);
    }
  }
  return module.render();
}

/** Writes an intermediate base of one source's processors, which adds helpers but no save_data. */
export function renderSourceBase(state: CorpusState, ref: ClassRef, source: string, targetLines: number): string {
  const module = new PythonModule(`Shared behaviour of the ${source} processors.`);
  module.importLine('from pipeline.processor_base import ProcessorBase', 'local');
  const lines = [
    `class ${ref.className}(ProcessorBase):`,
    `    """Paths and request headers of the ${source} feeds."""`,
    '',
    `    source_name = "${source}"`,
    '    dataset_id = "nba_raw"',
    '',
    '    def raw_path(self, entity):',
    '        return f"{self.source_name}/{entity}/{self.opts.get(\'date\')}.json"',
  ];
  fillClass(state, module, lines, targetLines);
  module.addLines(lines);
  return module.render();
}

/** Writes the root of the precompute processors, a configured root class whose MERGE save sets the stat. */
export function precomputeBaseModule(state: CorpusState, targetLines: number): string {
  const module = new PythonModule('Base class of the precompute processors, which aggregate analytics tables.');
  module.importLine('from pipeline.run_history import RunHistoryMixin', 'local');
  module.importStd(['logging']);
  const lines = [
    'class PrecomputeProcessorBase(RunHistoryMixin):',
    '    dataset_id = "nba_precompute"',
    '    table_name = ""',
    '',
    '    def __init__(self):',
    '        self.stats = {}',
    '        self.opts = {}',
    '        self.bq_client = None',
    '        self.transformed_data = []',
    '',
    '    def run(self, opts=None):',
    '        self.opts = opts or {}',
    '        self.stats = {}',
    '        self.calculate()',
    '        self.save_data()',
    '        self.record_run_complete("success", self.stats.get("rows_inserted", 0))',
    '',
    '    def calculate(self):',
    '        pass',
    '',
    ...PATTERNS.stagingMergeClean({ random: state.random, entity: 'precompute', key: 'game_id' }).methods,
  ];
  state.checkedMethods += 1;
  fillClass(state, module, lines, targetLines);
  module.addLines(lines);
  return module.render();
}

interface MixinSpec {
  file: string;
  className: string;
  pattern: PatternName | null;
  doc: string;
}

export const MIXIN_SPECS: MixinSpec[] = [
  { file: 'staging_merge_mixin', className: 'StagingMergeSaveMixin', pattern: 'stagingMergeBuggy', doc: 'Loads rows into a staging table and merges them into the target.' },
  { file: 'safe_merge_mixin', className: 'SafeMergeSaveMixin', pattern: 'stagingMergeClean', doc: 'MERGE through staging that records the affected row count.' },
  { file: 'streaming_guard_mixin', className: 'StreamingGuardSaveMixin', pattern: 'streamingBufferClean', doc: 'MERGE that backs off while the streaming buffer blocks DML.' },
  { file: 'batch_insert_mixin', className: 'BatchInsertSaveMixin', pattern: 'statForms', doc: 'Streaming inserts in batches of 500 rows.' },
  { file: 'notification_mixin', className: 'NotificationMixin', pattern: null, doc: 'Sends a message to the on-call channel when a run fails.' },
  { file: 'dependency_check_mixin', className: 'DependencyCheckMixin', pattern: null, doc: 'Checks that upstream tables are fresh before a run.' },
  { file: 'legacy_export_mixin', className: 'LegacyExportMixin', pattern: 'successOnly', doc: 'Old export path; no processor mixes it in any more.' },
];

export function mixinModule(state: CorpusState, spec: MixinSpec, targetLines: number): { text: string; ref: MixinRef } {
  const module = new PythonModule(spec.doc);
  module.importStd(['logging']);
  const lines = [`class ${spec.className}:`, `    """${spec.doc}"""`];
  let expected: Partial<FindingCounts> = {};
  if (spec.pattern) {
    const pattern = PATTERNS[spec.pattern]({ random: state.random, entity: 'mixin', key: 'event_id' });
    applyPattern(module, pattern);
    expected = pattern.expected;
    lines.push('', ...pattern.methods);
  } else {
    lines.push('', '    def mixin_ready(self):', '        return True');
  }
  fillClass(state, module, lines, targetLines);
  module.addLines(lines);
  const ref: MixinRef = {
    module: `shared.processor_bases.mixins.${spec.file}`,
    className: spec.className,
    cleanSave: Object.values(expected).every((count) => count === 0),
    definesSave: spec.pattern !== null,
    expected,
    used: false,
  };
  return { text: module.render(), ref };
}

export const BULK_BASE_CLASS = 'BulkLoadProcessorBase';
export const BULK_BASE_MODULE = 'data_processors.common.bulk_load_base';
const BULK_EDIT_TEXT = 'bulk load finished';

/**
 * Writes the base class that many raw processors inherit, so an edit in it re-checks all of them.
 * Its dry-run return is a finding, so the language server republishes the file after each edit.
 */
export function bulkBaseModule(state: CorpusState, targetLines: number): string {
  const module = new PythonModule('Batched load jobs shared by the raw processors of several sources.');
  module.importLine('from pipeline.processor_base import ProcessorBase', 'local');
  module.importStd(['logging']);
  const lines = [
    `class ${BULK_BASE_CLASS}(ProcessorBase):`,
    '    """Loads transformed rows with load jobs of ``batch_size`` rows each."""',
    '',
    '    batch_size = 500',
    '    write_disposition = "WRITE_APPEND"',
    '',
    '    def save_data(self):',
    '        rows = self.transformed_data',
    '        if not rows:',
    '            self.stats["rows_inserted"] = 0',
    '            return',
    '        if self.opts.get("dry_run"):',
    '            logger.info("dry run: %d rows not loaded", len(rows))',
    '            return',
    '        rows = self._prepare_rows(rows)',
    '        table_id = self._table_id()',
    '        inserted = 0',
    '        for batch in self._batches(rows):',
    '            job = self.bq_client.load_table_from_json(batch, table_id, job_config=self._job_config())',
    '            job.result()',
    '            inserted += len(batch)',
    `        logger.info("${BULK_EDIT_TEXT}: %d rows into %s", inserted, table_id)`,
    '        self.stats["rows_inserted"] = inserted',
    '',
    '    def _prepare_rows(self, rows):',
    '        return [self._prepare_row(row) for row in rows]',
    '',
    '    def _prepare_row(self, row):',
    '        return row',
    '',
    '    def _batches(self, rows):',
    '        for start in range(0, len(rows), self.batch_size):',
    '            yield rows[start:start + self.batch_size]',
    '',
    '    def _table_id(self):',
    '        return f"{self.dataset_id}.{self.table_name}"',
    '',
    '    def _job_config(self):',
    '        return {"write_disposition": self.write_disposition, "ignore_unknown_values": True}',
  ];
  // The dry-run return leaves the stat unset without writing: one finding in the base, and one in
  // each subclass whose save_data returns what super().save_data() leaves.
  addCounts(state.expected, { 'unset-without-write': 1 });
  state.checkedMethods += 1;
  state.processorClasses += 1;
  fillClass(state, module, lines, targetLines);
  module.addLines(lines);
  return module.render();
}

/** Writes a raw processor that inherits the bulk base, mostly without its own save_data. */
export function bulkSubclassModule(state: CorpusState, spec: ProcessorSpec): string {
  const { random } = state;
  const module = new PythonModule(`${pascal(spec.source)} ${spec.entity.replace(/_/g, ' ')} through the shared bulk loader.`);
  module.importStd(['datetime', 'json', 'logging']);
  module.importLine(`from ${BULK_BASE_MODULE} import ${BULK_BASE_CLASS}`, 'local');
  const className = state.names.unique(`${pascal(spec.source)}${pascal(spec.entity)}BulkProcessor`);
  const { keys } = fieldsFor(random);
  const lines = [
    `class ${className}(${BULK_BASE_CLASS}):`,
    `    table_name = "${spec.source}_${spec.entity}"`,
    `    batch_size = ${random.pick([200, 500, 1000, 2000])}`,
    '',
    ...processorIo(random, spec.source, spec.entity),
    '',
    '    def _prepare_row(self, row):',
    `        return dict(row, ${keys[0]}=str(row.get("${keys[0]}") or "").strip())`,
  ];

  const roll = random.next();
  // The bulk base has a dry-run exit without the stat, so no subclass has a clean save.
  const cleanSave = false;
  if (roll < 0.1) {
    const pattern = PATTERNS.successOnly({ random, entity: spec.entity.replace(/_/g, ' '), key: keys[0] });
    addCounts(state.expected, pattern.expected);
    state.checkedMethods += 1;
    state.patternCounts.successOnly = (state.patternCounts.successOnly ?? 0) + 1;
    lines.push('', ...pattern.methods);
  } else if (roll < 0.25) {
    const pattern = PATTERNS.superDelegation({ random, entity: spec.entity, key: keys[0] });
    addCounts(state.expected, { 'unset-without-write': 1 });
    state.checkedMethods += 1;
    state.patternCounts.superDelegation = (state.patternCounts.superDelegation ?? 0) + 1;
    lines.push('', ...pattern.methods);
  } else {
    state.patternCounts.inherited = (state.patternCounts.inherited ?? 0) + 1;
  }

  state.processorClasses += 1;
  state.processors.push({ module: spec.module, className, cleanSave });
  fillClass(state, module, lines, spec.targetLines);
  module.addLines(lines);
  return module.render();
}

const LARGE_EDIT_TEXT = 'merged %d';

/**
 * Writes the one very large processor module of exactly `targetLines` lines. A table of known
 * PDF section titles at the end pads it when the methods fall short.
 */
export function largeProcessorModule(state: CorpusState, module: string, targetLines: number): string {
  const { random } = state;
  const pythonModule = new PythonModule('Gamebook PDFs: parse every section of the official game report and save the rows.');
  pythonModule.importStd(['datetime', 'json', 'logging']);
  pythonModule.importLine('from pipeline.processor_base import ProcessorBase', 'local');
  const className = 'NbacomGamebookPdfProcessor';
  const pattern = streamingBufferBuggy({ random, entity: 'gamebook', key: 'game_id' });
  addCounts(state.expected, pattern.expected);
  state.checkedMethods += 1;
  state.processorClasses += 1;
  state.patternCounts.streamingBufferBuggy = (state.patternCounts.streamingBufferBuggy ?? 0) + 1;
  state.processors.push({ module, className, cleanSave: false });

  const head = [
    `class ${className}(ProcessorBase):`,
    '    """Gamebook PDF sections, one row per player and game."""',
    '',
    '    table_name = "nbacom_gamebook_player_stats"',
    '    processor_type = "nbac_gamebook"',
    '',
    ...processorIo(random, 'nbacom', 'gamebook'),
  ];
  // save_data sits in the middle of the class, as it often does in long files.
  const before = [...head];
  fillClass(state, pythonModule, before, Math.floor(targetLines / 2));
  const classLines = [...before, '', ...pattern.methods];
  const padding = 12;
  fillClass(state, pythonModule, classLines, targetLines - padding - 40);
  pythonModule.addLines(classLines);

  // Known section titles pad the module to exactly targetLines.
  const missing = targetLines - pythonModule.lineCount() - 4;
  if (missing > 0) {
    const titles = Array.from({ length: missing }, (_unused, index) => `    "section ${index + 1}: ${random.pick(NOUNS)} ${random.pick(NOUNS)}",`);
    pythonModule.addLines(['KNOWN_SECTION_TITLES = (', ...titles, ')']);
  }
  return pythonModule.render();
}

/** Finds where the benchmark's one-character edits go: inside a log message of save_data. */
export function findEditTarget(text: string, kind: 'large' | 'bulk'): EditTarget {
  const needle = kind === 'large' ? LARGE_EDIT_TEXT : BULK_EDIT_TEXT;
  const lines = text.split('\n');
  const saveLine = lines.findIndex((line) => line.includes('def save_data('));
  for (let index = saveLine; index >= 0 && index < lines.length; index++) {
    const column = lines[index].indexOf(needle);
    if (column >= 0) {
      // The first letter of the message: swapping it keeps the file valid Python.
      const original = lines[index][column];
      return { line: index + 1, character: column, original, replacement: original === 'x' ? 'y' : 'x' };
    }
  }
  throw new Error(`findEditTarget: "${needle}" not found after save_data`);
}

export function randomBlockModule(state: CorpusState, doc: string, targetLines: number): string {
  const module = new PythonModule(doc);
  fillModule(state, module, targetLines);
  return module.render();
}

export type { Block };

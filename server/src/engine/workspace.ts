// The AnalysisWorkspace: files of one folder, their text scans, the class index, parse trees
// reused across analyses, and the analysis itself.
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { AnalysisWorkspace, CancellationSignal, ProcessorLensConfig, ScanProgress } from './api';
import type { AnalysisResult, CheckedMethod, Finding, Position, ProcessorInfo, Range, RuleId, SkippedFile } from './types';
import { mergeConfig } from './config/defaults';
import { loadConfig } from './config/load';
import { discoverFiles, FileFilter, toPosix } from './files/discover';
import { DEFAULT_MAX_FILE_BYTES, decodeSource, readSource } from './files/read';
import { ClassIndex, type ClassRef, type MethodRef } from './index/class-index';
import { moduleAliasesOf, sameAliases, sameHeaders, scanHeaders, scanStructure, type FileScan } from './index/scan';
import { copySubtree, initParser, parseText, resetParser, type IncludedSpan, type SyntaxNode, type Tree } from './parse/parser';
import { checkNesting, nestingMessage } from './parse/nesting';
import { findFunction, reuseTree } from './parse/trees';
import { helperCalls } from './index/helper-calls';
import { computeLineStarts, positionAt } from './parse/text';
import { MethodAnalyzer, type FunctionSource } from './dataflow/methods';
import { ComplexityError } from './cfg/graph';
import { evaluateMethod } from './rules/evaluate';
import { applySuppressions, findSuppressions } from './rules/suppressions';
import { detectQuote } from './fixes/quick-fix';
import { scanInWorkers, workerScript } from './workers/pool';

export interface WorkspaceOptions {
  /** Folder that contains web-tree-sitter.wasm and tree-sitter-python.wasm. */
  wasmDir?: string;
  /** Settings merged over the folder's pyproject.toml configuration (or the defaults). */
  config?: Partial<ProcessorLensConfig>;
  /** Files larger than this many bytes are skipped; 2 MB by default. */
  maxFileBytes?: number;
  /**
   * Worker threads that read and scan files during `scan()` besides the calling thread; 0 (the
   * default) scans on the calling thread alone. Results are the same either way.
   */
  workers?: number;
  /** Folders of fewer files are scanned on the calling thread whatever `workers` is set to; 200 by default. */
  minFilesForWorkers?: number;
}

/** Default of `minFilesForWorkers`: below it, starting a worker costs more than it can save. */
export const MIN_FILES_FOR_WORKERS = 200;

interface FileRecord {
  path: string;
  module: string;
  /** Text given by an editor; such files are parsed whole and reparsed incrementally. */
  overlay: boolean;
  /** The file's text; decoded again from `bytes` on first use after a scan (see `store`). */
  readonly text: string;
  /** False when the text cannot contain a suppression comment. */
  mayHaveSuppression: boolean;
  /** Whether the text contains an ASCII string, without decoding the text. */
  contains(needle: string): boolean;
  /** Computed on first use: most files never need their line table. */
  readonly lineStarts: number[];
  /** Module-level aliases, computed on first use. */
  moduleAliases(): ReadonlyMap<string, string>;
  scan: FileScan;
  skipped: string | null;
  /** Parse tree, and the spans it covers ('' for the whole file). */
  tree: Tree | null;
  treeKey: string | null;
  /** Methods that must be in the parsed spans, as `classLine:methodName`. */
  neededMethods: Set<string>;
  needsFullParse: boolean;
  quote: '"' | "'" | null;
  /** Copied function subtrees by `def` line, valid until the tree changes. */
  functions: Map<number, SyntaxNode | null>;
  /** Why the needed text was not parsed (too deeply nested, or the parser failed), once tried. */
  parseProblem: { reason: string; internalError: boolean } | null;
  /** True once tree-sitter parsed some of the text; the tree itself may since have been freed. */
  parsed: boolean;
}

/**
 * Maximum number of function copies of files read from disk kept between analyses. On a 5,000-file
 * generated tree, a copied `save_data` of about 12 lines takes about 54 KB of heap, so this
 * bounds them near 100 MB while a 2,000-file tree (about 450 copies) keeps all of them.
 */
const MAX_RETAINED_FUNCTIONS = 2000;

/** Creates a workspace for a folder and loads the parser; call `scan()` before analyzing. */
export async function createWorkspace(root: string, options: WorkspaceOptions = {}): Promise<AnalysisWorkspace> {
  await initParser(options.wasmDir);
  const absolute = resolve(root);
  const config = mergeConfig(loadConfig(absolute), options.config);
  const workers = options.workers ?? 0;
  if (!Number.isInteger(workers) || workers < 0) {
    throw new Error(`Invalid workers option ${String(options.workers)}: use a whole number of worker threads, 0 to scan on the calling thread.`);
  }
  return new Workspace(absolute, config, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, workers, options.minFilesForWorkers ?? MIN_FILES_FOR_WORKERS);
}

class Workspace implements AnalysisWorkspace {
  private readonly files = new Map<string, FileRecord>();
  private readonly filter: FileFilter;
  private index: ClassIndex | null = null;
  /** Dependents computed before the latest change of each file, so edits that remove a link still count. */
  private readonly previousDependents = new Map<string, Set<string>>();
  /** Copied functions of files read from disk, oldest use first (see `retain`). */
  private readonly retained = new Map<string, FileRecord>();
  /** Worker threads that the latest `scan()` used; 0 when it ran on the calling thread alone. */
  workersUsed = 0;

  constructor(
    readonly root: string,
    readonly config: ProcessorLensConfig,
    private readonly maxFileBytes: number,
    private readonly workers: number,
    private readonly minFilesForWorkers: number,
  ) {
    this.filter = new FileFilter(config.include, config.exclude);
  }

  async scan(options: { signal?: CancellationSignal; onProgress?: (progress: ScanProgress) => void } = {}): Promise<void> {
    const paths = discoverFiles(this.root, { include: this.config.include, exclude: this.config.exclude, signal: options.signal });
    const seen = new Set(paths);
    for (const path of [...this.files.keys()]) {
      if (!seen.has(path) && !this.files.get(path)!.overlay) this.files.delete(path);
    }
    this.workersUsed = 0;
    const script = this.workers > 0 && paths.length >= this.minFilesForWorkers ? workerScript() : null;
    if (script) {
      const toRead = paths.filter((path) => !this.files.get(path)?.overlay);
      try {
        const scanned = await scanInWorkers(script, toRead, this.maxFileBytes, this.workers, options);
        // Stored in path order, as the in-process loop does: the files map's order decides the
        // order of the class index and of the results.
        for (const result of scanned) {
          if (result.ok) this.store(result.path, '', false, null, Buffer.from(result.bytes.buffer, result.bytes.byteOffset, result.bytes.byteLength), result.scan, result.mayHaveSuppression);
          else this.store(result.path, '', false, result.reason);
        }
        this.index = null;
        this.workersUsed = this.workers;
        return;
      } catch (error) {
        // Reported on stderr, which is the log of both the CLI and the language server over stdio.
        console.error(`processor-lens: a scan worker failed (${error instanceof Error ? error.message : String(error)}); scanning ${this.root} on the main thread instead.`);
      }
    }
    // Synchronous reads measured about twice as fast as fs/promises here (Node 20, 2,000 files).
    let done = 0;
    for (const path of paths) {
      if (options.signal?.isCancellationRequested) break;
      if (!this.files.get(path)?.overlay) this.load(path);
      done++;
      if (options.onProgress && (done % 200 === 0 || done === paths.length)) {
        options.onProgress({ done, total: paths.length });
        await new Promise((resolveTick) => setImmediate(resolveTick));
      }
    }
    this.index = null;
  }

  private load(path: string): void {
    const result = readSource(path, this.maxFileBytes);
    if (result.ok) this.store(path, result.text, false, null, result.bytes);
    else this.store(path, '', false, result.reason);
  }

  /**
   * Stores a file's text and header scan. Files read from disk keep their bytes, which live
   * outside the JavaScript heap, and drop the decoded text after the scan: most files are
   * never needed again, and thousands of retained strings make garbage collection copy them.
   */
  private store(
    path: string,
    scannedText: string,
    overlay: boolean,
    skipped: string | null,
    bytes?: Buffer,
    headerScan?: FileScan,
    mayHaveSuppression = scannedText.includes('processor-lens:'),
  ): FileRecord {
    const previous = this.files.get(path);
    let text: string | null = bytes ? null : scannedText;
    let lineStarts: number[] | null = null;
    const scan = skipped ? { classes: [], imports: new Map(), noReturnFunctions: new Set<string>(), moduleAliases: new Map<string, string>(), structured: true } : (headerScan ?? scanHeaders(scannedText));
    // A file without classes or suppressions has nothing to analyze. Only name resolution
    // through its aliases, or a NoReturn function it calls, reads it again, so its bytes (about
    // 13 MB of the generated 2,000-file tree) are read from disk again then instead of kept.
    // NOTE: a file changed on disk without a `reload` is then read in its new state.
    const fromDisk = bytes !== undefined && !overlay;
    const retainedBytes = fromDisk && scan.classes.length === 0 && !mayHaveSuppression ? undefined : bytes;
    const maxFileBytes = this.maxFileBytes;
    const readAgain = (): Buffer | undefined => {
      const result = readSource(path, maxFileBytes);
      return result.ok ? result.bytes : undefined;
    };
    const record: FileRecord = {
      path,
      module: moduleName(this.root, path),
      overlay,
      get text(): string {
        if (text === null) {
          const source = retainedBytes ?? (fromDisk ? readAgain() : undefined);
          text = source ? decodeSource(source) : '';
        }
        return text;
      },
      mayHaveSuppression,
      contains(needle: string): boolean {
        if (text !== null) return text.includes(needle);
        const source = retainedBytes ?? (fromDisk ? readAgain() : undefined);
        return source !== undefined && source.includes(needle);
      },
      get lineStarts(): number[] {
        lineStarts ??= computeLineStarts(this.text);
        return lineStarts;
      },
      moduleAliases(): ReadonlyMap<string, string> {
        scan.moduleAliases ??= moduleAliasesOf(this.text);
        return scan.moduleAliases;
      },
      scan,
      skipped,
      tree: null,
      treeKey: null,
      neededMethods: new Set(),
      needsFullParse: false,
      quote: null,
      functions: new Map(),
      parseProblem: null,
      parsed: false,
    };
    if (previous?.tree && overlay && previous.treeKey === '') {
      record.tree = reuseTree(previous.tree, previous.text, scannedText);
      record.treeKey = record.tree ? 'edited' : null;
    }
    previous?.tree?.delete();
    this.files.set(path, record);
    this.index = null;
    return record;
  }

  setText(path: string, text: string): void {
    const absolute = this.absolute(path);
    const previous = this.files.get(absolute);
    const index = this.index;
    const scan = scanHeaders(text);
    // Typing inside a method leaves the class headers alone: the index stays valid for the new text.
    const headersUnchanged =
      previous !== undefined && index !== null && !previous.skipped && sameHeaders(previous.scan, scan) && sameAliases(previous.moduleAliases(), moduleAliasesOf(text));
    if (!headersUnchanged) this.rememberDependents(absolute);
    const record = this.store(absolute, text, true, null, undefined, scan);
    if (headersUnchanged) {
      index.replaceFile(previous, record);
      this.index = index;
    }
  }

  reload(path: string): void {
    const absolute = this.absolute(path);
    this.rememberDependents(absolute);
    const existing = this.files.get(absolute);
    existing?.tree?.delete();
    this.files.delete(absolute);
    this.index = null;
    if (existsSync(absolute) && this.filter.accepts(toPosix(relative(this.root, absolute)))) this.load(absolute);
  }

  remove(path: string): void {
    const absolute = this.absolute(path);
    this.rememberDependents(absolute);
    this.files.get(absolute)?.tree?.delete();
    this.files.delete(absolute);
    this.index = null;
  }

  private absolute(path: string): string {
    return isAbsolute(path) ? path : join(this.root, path);
  }

  private rememberDependents(path: string): void {
    if (!this.files.has(path)) return;
    const set = this.previousDependents.get(path) ?? new Set<string>();
    for (const dependent of this.computeDependents(path)) set.add(dependent);
    this.previousDependents.set(path, set);
  }

  private classIndex(): ClassIndex {
    if (!this.index) {
      const files = [...this.files.values()].filter((record) => !record.skipped);
      this.index = new ClassIndex(files, this.config.rootClasses);
    }
    return this.index;
  }

  dependents(path: string): string[] {
    const absolute = this.absolute(path);
    const result = new Set(this.computeDependents(absolute));
    for (const previous of this.previousDependents.get(absolute) ?? []) result.add(previous);
    result.add(absolute);
    return [...result].filter((file) => this.files.has(file) || file === absolute).sort();
  }

  private computeDependents(path: string): string[] {
    const index = this.classIndex();
    const record = this.files.get(path);
    const result = new Set<string>([path]);
    if (!record) return [...result];

    const own = index.allClasses().filter((ref) => ref.file.path === path);
    for (const subclass of index.subclassesOf(own)) result.add(subclass.file.path);
    // A NoReturn function changes the flow of every method that calls it.
    for (const name of record.scan.noReturnFunctions) {
      for (const other of this.files.values()) if (other.contains(`${name}(`)) result.add(other.path);
    }
    return [...result];
  }

  processorAt(path: string, position: Position): ProcessorInfo | null {
    const record = this.files.get(this.absolute(path));
    if (!record || record.skipped) return null;
    this.structure(record);
    const index = this.classIndex();
    const candidates = index
      .allClasses()
      .filter((ref) => ref.file === record && ref.decl.line <= position.line && position.line <= ref.decl.endLine)
      .sort((a, b) => b.decl.line - a.decl.line);
    for (const ref of candidates) {
      if (index.isProcessor(ref) && !index.isRoot(ref)) return this.processorInfo(ref);
    }
    return null;
  }

  private processorInfo(ref: ClassRef): ProcessorInfo {
    const index = this.classIndex();
    const order = index.mro(ref);
    for (const cls of order) this.structure(cls.file);
    const attributes: ProcessorInfo['attributes'] = {};
    for (const cls of order) {
      for (const [name, attribute] of cls.decl.attributes) {
        if (!(name in attributes)) attributes[name] = { value: attribute.value, definedIn: cls.decl.name, path: cls.file.path, line: attribute.line };
      }
    }
    const effective = index.findMethod(ref, this.config.methodName);
    return {
      className: ref.decl.name,
      path: ref.file.path,
      nameRange: classNameRange(ref),
      range: {
        start: { line: ref.decl.line, character: 0 },
        end: { line: ref.decl.endLine, character: this.lineLength(ref.file.path, ref.decl.endLine) },
      },
      bases: [...ref.decl.bases],
      effectiveMethod: effective ? { className: effective.owner.decl.name, path: effective.owner.file.path, nameRange: this.methodNameRange(effective) } : null,
      attributes,
    };
  }

  private lineLength(path: string, line: number): number {
    const record = this.files.get(path);
    if (!record) return 0;
    const start = record.lineStarts[line] ?? record.text.length;
    const end = record.lineStarts[line + 1] ?? record.text.length;
    return record.text.slice(start, end).replace(/[\r\n]+$/, '').length;
  }

  private methodNameRange(ref: MethodRef): Range {
    const record = this.files.get(ref.owner.file.path)!;
    const start = record.lineStarts[ref.method.defLine];
    const lineEnd = record.lineStarts[ref.method.defLine + 1] ?? record.text.length;
    const text = record.text.slice(start, lineEnd);
    const match = /def[ \t]+([A-Za-z_][A-Za-z0-9_]*)/.exec(text);
    const character = match ? match.index + match[0].length - match[1].length : 0;
    return { start: { line: ref.method.defLine, character }, end: { line: ref.method.defLine, character: character + ref.method.name.length } };
  }

  private structure(file: { path: string }): void {
    const record = this.files.get(file.path);
    if (record && !record.scan.structured) scanStructure(record.text, record.lineStarts, record.scan);
  }

  analyze(paths?: string[]): AnalysisResult {
    const wanted = paths ? new Set(paths.map((path) => this.absolute(path))) : null;
    const index = this.classIndex();
    const { methodName } = this.config;

    // Processors and the classes whose `save_data` they can reach: these need their structure.
    const processors = index.allClasses().filter((ref) => index.isProcessor(ref) && !index.isRoot(ref));
    const hierarchy = new Set<ClassRef>();
    for (const ref of processors) for (const cls of index.mro(ref)) hierarchy.add(cls);
    for (const ref of index.allClasses()) if (index.isRoot(ref)) hierarchy.add(ref);
    for (const cls of hierarchy) this.structure(cls.file);

    const checked = new Map<ClassRef, { ref: MethodRef; usedBy: string[] }>();
    for (const cls of hierarchy) {
      const method = cls.decl.methods.get(methodName);
      if (method) checked.set(cls, { ref: { owner: cls, method }, usedBy: [] });
    }
    for (const ref of processors) {
      const effective = index.findMethod(ref, methodName);
      if (effective) checked.get(effective.owner)?.usedBy.push(ref.decl.name);
    }

    const targets = [...checked.values()].filter((entry) => !wanted || wanted.has(entry.ref.owner.file.path));
    this.planParses(index, targets.map((entry) => entry.ref));

    const analyzer = new MethodAnalyzer(index, this.functionSource(), {
      statKey: this.config.statKey,
      writeMethods: new Set(this.config.writeMethods),
    });

    const methods: CheckedMethod[] = [];
    const findingsByFile = new Map<string, Finding[]>();
    const defLines = new Map<Finding, number>();
    const skipped: SkippedFile[] = [];

    for (const { ref, usedBy } of targets) {
      const record = this.files.get(ref.owner.file.path)!;
      let result;
      try {
        result = analyzer.analyze(ref);
      } catch (error) {
        const where = `${ref.owner.decl.name}.${ref.method.name} (line ${ref.method.defLine + 1})`;
        // One method must not take the whole analysis down, whatever went wrong in it.
        const reason = error instanceof ComplexityError
          ? `${where} was not analyzed because ${error.message}; split it into smaller methods.`
          : `${where} was not analyzed because of an internal error (${error instanceof Error ? error.message : String(error)}); please report it with this file.`;
        skipped.push({ path: record.path, reason, internalError: !(error instanceof ComplexityError) });
        continue;
      }
      if (!result) {
        // A method whose text does not parse (an unfinished line while typing) gets no exits, and
        // is listed so the editor shows why instead of showing nothing.
        const syntaxErrorLine = this.syntaxErrorLine(record, ref);
        if (syntaxErrorLine === null) continue;
        methods.push({
          path: record.path,
          className: ref.owner.decl.name,
          methodName: ref.method.name,
          nameRange: this.methodNameRange(ref),
          exits: [],
          usedBy: usedBy.sort(),
          notAnalyzed: { reason: `syntax error on line ${syntaxErrorLine + 1}`, line: syntaxErrorLine },
        });
        continue;
      }
      const evaluated = evaluateMethod(result, ref.owner.decl.name, this.config, {
        path: record.path,
        text: record.text,
        lineStarts: record.lineStarts,
        statKey: this.config.statKey,
        quote: (record.quote ??= detectQuote(record.text)),
      });
      methods.push({
        path: record.path,
        className: ref.owner.decl.name,
        methodName: ref.method.name,
        nameRange: this.methodNameRange(ref),
        exits: evaluated.exits,
        usedBy: usedBy.sort(),
      });
      if (!record.overlay && index.subclassesOf([ref.owner]).size === 0) analyzer.forgetClass(ref.owner);
      const list = findingsByFile.get(record.path) ?? [];
      for (const finding of evaluated.findings) {
        defLines.set(finding, ref.method.defLine);
        list.push(finding);
      }
      findingsByFile.set(record.path, list);
    }

    for (const record of this.files.values()) {
      if (!record.parseProblem || (wanted && !wanted.has(record.path))) continue;
      const { reason, internalError } = record.parseProblem;
      skipped.push(internalError ? { path: record.path, reason, internalError } : { path: record.path, reason });
    }

    const findings: Finding[] = [];
    const unusedLevel = this.config.rules['unused-suppression'];
    for (const record of this.files.values()) {
      if (wanted && !wanted.has(record.path)) continue;
      if (record.skipped) {
        skipped.push({ path: record.path, reason: record.skipped });
        continue;
      }
      const own = findingsByFile.get(record.path) ?? [];
      const suppressions = record.mayHaveSuppression ? findSuppressions(record.text, record.lineStarts) : [];
      const outcome = applySuppressions(
        record.path,
        own,
        suppressions,
        (finding) => defLines.get(finding) ?? -1,
        (rule: RuleId) => this.config.rules[rule] !== 'off',
        unusedLevel === 'off' ? null : unusedLevel,
      );
      findings.push(...outcome.kept, ...outcome.unused);
    }
    findings.sort(compareFindings);
    methods.sort(byPathThenLine);

    const processorInfos = processors
      .filter((ref) => !wanted || wanted.has(ref.file.path))
      .map((ref) => this.processorInfo(ref))
      .sort(byPathThenLine);

    let filesRead = 0;
    let filesParsed = 0;
    for (const record of this.files.values()) {
      filesRead++;
      if (record.parsed) filesParsed++;
    }
    return { findings, processors: processorInfos, methods, skipped: skipped.sort((a, b) => (a.path < b.path ? -1 : 1)), filesRead, filesParsed };
  }

  /** Marks the methods each file must have parsed: the checked methods and the helpers they call, transitively. */
  private planParses(index: ClassIndex, methods: MethodRef[]): void {
    const seen = new Set<string>();
    const queue: { context: ClassRef; ref: MethodRef }[] = methods.map((ref) => ({ context: ref.owner, ref }));
    while (queue.length > 0) {
      const { context, ref } = queue.pop()!;
      const key = `${context.key}|${ref.owner.key}#${ref.method.name}`;
      if (seen.has(key)) continue;
      seen.add(key);

      const record = this.files.get(ref.owner.file.path);
      if (!record) continue;
      record.neededMethods.add(`${ref.owner.decl.line}:${ref.method.name}`);
      if (ref.owner.decl.nested) record.needsFullParse = true;

      const text = record.text.slice(record.lineStarts[ref.method.startLine], record.lineStarts[ref.method.endLine + 1] ?? record.text.length);
      for (const call of helperCalls(text)) {
        const target = index.resolveCall(context, ref.owner, call);
        if (target) {
          this.structure(target.owner.file);
          queue.push({ context, ref: target });
        }
      }
    }
  }

  private functionSource(): FunctionSource {
    return {
      functionOf: (ref: MethodRef) => {
        const record = this.files.get(ref.owner.file.path);
        if (!record || record.skipped) return null;
        let node = record.functions.get(ref.method.defLine);
        if (node === undefined) {
          const tree = this.treeOf(record, ref);
          if (!tree) return null;
          node = this.copyFunction(record, tree, ref.method.defLine, ref.owner.decl);
          this.retain(record, ref.method.defLine);
          if (!record.overlay) {
            // Copy the file's other needed methods from this tree, then free it: a file read from
            // disk is not reparsed incrementally, and thousands of retained trees fill the
            // WebAssembly memory, which never shrinks.
            for (const needed of record.neededMethods) {
              const separator = needed.indexOf(':');
              const decl = record.scan.classes.find((candidate) => candidate.line === Number(needed.slice(0, separator)));
              const method = decl?.methods.get(needed.slice(separator + 1));
              if (decl && method && !record.functions.has(method.defLine)) {
                this.copyFunction(record, tree, method.defLine, decl);
                this.retain(record, method.defLine);
              }
            }
            tree.delete();
            record.tree = null;
            record.treeKey = null;
          }
        }
        if (!node || node.hasError) return null;
        return { node, path: record.path, imports: record.scan.imports };
      },
    };
  }

  /**
   * Records that a file read from disk keeps the copy of the `def` on `defLine`, and drops the
   * oldest such copies beyond MAX_RETAINED_FUNCTIONS. Editor files keep theirs: they are the ones
   * analyzed again and again. A dropped copy is parsed again when it is next needed.
   */
  private retain(record: FileRecord, defLine: number): void {
    if (record.overlay) return;
    const key = `${defLine}\u0000${record.path}`;
    this.retained.delete(key);
    this.retained.set(key, record);
    if (this.retained.size <= MAX_RETAINED_FUNCTIONS) return;
    for (const [oldest, owner] of this.retained) {
      this.retained.delete(oldest);
      owner.functions.delete(Number(oldest.slice(0, oldest.indexOf('\u0000'))));
      if (this.retained.size <= MAX_RETAINED_FUNCTIONS) break;
    }
  }

  /**
   * Returns the zero-based line of the first syntax error in the copied `def` of `ref`, or null
   * when the copy has no error or is not cached (dropped, or its file was skipped). The line is
   * where the statement around the error starts: for `if (rows and` left open, tree-sitter puts
   * the ERROR node on the next line, but the `if` line is the one to fix.
   */
  private syntaxErrorLine(record: FileRecord, ref: MethodRef): number | null {
    const node = record.functions.get(ref.method.defLine);
    if (!node?.hasError) return null;
    const stack: SyntaxNode[] = [node];
    let zeroWidth: SyntaxNode | null = null;
    while (stack.length > 0) {
      const current = stack.pop()!;
      if (current.type === 'ERROR') return statementAround(current, node).startPosition.row;
      // A named node that takes no text is one tree-sitter inserted as missing.
      if (!zeroWidth && current !== node && current.isNamed && current.startIndex === current.endIndex) zeroWidth = current;
      for (let index = current.children.length - 1; index >= 0; index--) stack.push(current.children[index]);
    }
    return zeroWidth ? zeroWidth.startPosition.row : ref.method.defLine;
  }

  /** Copies the `def` on `defLine` out of `tree` and caches it; a broken copy gets an isolated parse. */
  private copyFunction(record: FileRecord, tree: Tree, defLine: number, decl: ClassRef['decl']): SyntaxNode | null {
    const found = findFunction(tree, record, defLine);
    let node = found ? copySubtree(found, record) : null;
    if (!node || node.hasError) node = this.isolatedFunction(record, decl, defLine) ?? node;
    record.functions.set(defLine, node);
    return node;
  }

  private treeOf(record: FileRecord, ref: MethodRef): Tree | null {
    record.neededMethods.add(`${ref.owner.decl.line}:${ref.method.name}`);
    if (ref.owner.decl.nested) record.needsFullParse = true;
    const spans = record.overlay || record.needsFullParse ? null : this.spansOf(record);
    const key = spans === null ? '' : spans.map((span) => `${span.startIndex}-${span.endIndex}`).join(',');
    if (record.parseProblem && record.treeKey === key) return null;
    if (record.tree && record.treeKey === key) return record.tree;
    const old = key === '' && record.treeKey === 'edited' ? record.tree : null;
    if (!old) record.tree?.delete();
    record.tree = null;
    record.parseProblem = null;
    try {
      record.tree = this.parseChecked(record, spans, old);
    } finally {
      old?.delete();
    }
    record.treeKey = key;
    if (record.tree) record.parsed = true;
    return record.tree;
  }

  /**
   * Parses the record's text (the spans, or all of it), or sets `parseProblem` and returns null.
   * tree-sitter's own recursion cannot take arbitrary nesting, so such text is never handed to
   * it; and a parse that throws anyway gets a fresh parser, so later files are unaffected.
   */
  private parseChecked(record: FileRecord, spans: IncludedSpan[] | null, old: Tree | null): Tree | null {
    for (const span of spans ?? [{ startIndex: 0, endIndex: record.text.length, startRow: 0 }]) {
      const problem = checkNesting(record.text, span.startIndex, span.endIndex, span.startRow);
      if (problem) {
        record.parseProblem = { reason: nestingMessage(problem), internalError: false };
        return null;
      }
    }
    // tree-sitter-python does not end lines at a lone `\r`, which Python does; a `\n` in its
    // place keeps every offset, so positions in the tree still match the file's text.
    const text = record.text.includes('\r') ? record.text.replace(/\r(?!\n)/g, '\n') : record.text;
    try {
      return parseText(text, spans, old);
    } catch {
      // A failed parse can be the late effect of an earlier file; a fresh parser gets a second try.
      resetParser();
    }
    try {
      return parseText(text, spans, null);
    } catch (error) {
      resetParser();
      const detail = error instanceof Error ? error.message : String(error);
      record.parseProblem = { reason: `The file was not analyzed because the parser failed on it (${detail}); please report it with this file.`, internalError: true };
      return null;
    }
  }

  /**
   * Parses only the class header and the method, for a method that the file's tree shows broken
   * or missing: a syntax error in code before it (an unclosed bracket while typing, say) can
   * swallow it in the larger parse. Null for nested classes, whose header is indented.
   */
  private isolatedFunction(record: FileRecord, decl: ClassRef['decl'], defLine: number): SyntaxNode | null {
    const method = [...decl.methods.values()].find((candidate) => candidate.defLine === defLine);
    if (!method || decl.nested || record.parseProblem) return null;
    const { lineStarts, text } = record;
    const lines: [number, number][] = method.startLine <= decl.headerEndLine + 1
      ? [[decl.line, method.endLine]]
      : [[decl.line, decl.headerEndLine], [method.startLine, method.endLine]];
    const spans = lines.map(([start, end]) => {
      const endIndex = lineStarts[end + 1] ?? text.length;
      const endPosition = positionAt(lineStarts, endIndex);
      return { startIndex: lineStarts[start], endIndex, startRow: start, endRow: endPosition.line, endColumn: endPosition.character };
    });
    const problem = record.parseProblem;
    const tree = this.parseChecked(record, spans, null);
    record.parseProblem = problem;
    if (!tree) return null;
    try {
      const found = findFunction(tree, record, defLine);
      return found ? copySubtree(found, record) : null;
    } finally {
      tree.delete();
    }
  }

  /** Line spans of the class headers and methods a file must parse, merged and in order. */
  private spansOf(record: FileRecord): IncludedSpan[] {
    const lines: [number, number][] = [];
    const byLine = new Map(record.scan.classes.map((decl) => [decl.line, decl]));
    for (const needed of record.neededMethods) {
      const separator = needed.indexOf(':');
      const decl = byLine.get(Number(needed.slice(0, separator)));
      const method = decl?.methods.get(needed.slice(separator + 1));
      if (!decl || !method) continue;
      lines.push([decl.line, decl.headerEndLine], [method.startLine, method.endLine]);
    }
    lines.sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const span of lines) {
      const last = merged[merged.length - 1];
      if (last && span[0] <= last[1] + 1) last[1] = Math.max(last[1], span[1]);
      else merged.push([...span]);
    }
    const { lineStarts, text } = record;
    return merged.map(([start, end]) => {
      const endIndex = lineStarts[end + 1] ?? text.length;
      const endPosition = positionAt(lineStarts, endIndex);
      return { startIndex: lineStarts[start], endIndex, startRow: start, endRow: endPosition.line, endColumn: endPosition.character };
    });
  }
}

/** Returns the innermost statement of `fn` that contains `node`, or `node` when none does. */
function statementAround(node: SyntaxNode, fn: SyntaxNode): SyntaxNode {
  for (let current: SyntaxNode | null = node; current && current !== fn; current = current.parent) {
    if (current.parent?.type === 'block' || current.type.endsWith('_statement')) return current;
  }
  return node;
}

function classNameRange(ref: ClassRef): Range {
  return {
    start: { line: ref.decl.line, character: ref.decl.nameColumn },
    end: { line: ref.decl.line, character: ref.decl.nameColumn + ref.decl.name.length },
  };
}

function byPathThenLine(a: { path: string; nameRange: Range }, b: { path: string; nameRange: Range }): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  return a.nameRange.start.line - b.nameRange.start.line;
}

function compareFindings(a: Finding, b: Finding): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

/** Dotted module name of a file relative to the root: `pipeline/base.py` is `pipeline.base`. */
function moduleName(root: string, path: string): string {
  const relativePath = toPosix(relative(root, path)).replace(/\.py$/, '');
  return relativePath.replace(/\/__init__$/, '').split('/').join('.');
}

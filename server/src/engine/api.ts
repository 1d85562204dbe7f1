// The engine's entry points as the language server and the CLI see them.
import type { AnalysisResult, Position, ProcessorInfo, RuleId, RuleLevel, Severity } from './types';

/** Settings from `[tool.processor-lens]` in pyproject.toml, merged over the defaults. */
export interface ProcessorLensConfig {
  /** Classes whose subclasses are processors. */
  rootClasses: string[];
  /** Name of the checked method. */
  methodName: string;
  /** Key of `self.stats` that run() records as the row count. */
  statKey: string;
  /** Method names whose call writes rows, on any object. */
  writeMethods: string[];
  /** Level of each rule; `off` disables it. */
  rules: Record<RuleId, RuleLevel>;
  /** Globs relative to the configuration root; empty means every `*.py` file. */
  include: string[];
  exclude: string[];
  /** Lowest severity that makes `processor-lens check` exit with 1. */
  failOn: Severity;
  /** The whole `[tool.processor-lens]` table, for sections that other parts read (history, processors). */
  raw: Record<string, unknown>;
  /** pyproject.toml the values came from, or null when only defaults apply. */
  source: string | null;
}

export interface CancellationSignal {
  readonly isCancellationRequested: boolean;
}

export interface ScanProgress {
  done: number;
  total: number;
}

/**
 * One analyzed folder. Open documents override the files on disk; every query reflects the
 * latest text given for each file.
 */
export interface AnalysisWorkspace {
  readonly root: string;
  readonly config: ProcessorLensConfig;

  /** Finds and indexes the folder's Python files; cancelling leaves a partial but usable index. */
  scan(options?: { signal?: CancellationSignal; onProgress?: (progress: ScanProgress) => void }): Promise<void>;

  /** Replaces the text of a file (an open document), reparsing incrementally when possible. */
  setText(path: string, text: string): void;
  /** Forgets the in-memory text of a file and reads it from disk again (document closed or changed on disk). */
  reload(path: string): void;
  remove(path: string): void;

  /** Analyzes every file, or only the given ones; findings are limited to those files. */
  analyze(paths?: string[]): AnalysisResult;
  /** Files whose findings may change when `path` changes (subclasses, users of its mixins and helpers). */
  dependents(path: string): string[];
  /** The processor class whose body contains the position, or null. */
  processorAt(path: string, position: Position): ProcessorInfo | null;
}

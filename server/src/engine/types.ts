// Public types of the analysis engine. The language server, the CLI, the history library and
// the tests depend on these names; the engine's internals may change freely behind them.

/** Zero-based line and UTF-16 column, as in LSP. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type RuleId = 'unset-after-write' | 'unset-without-write' | 'unset-on-raise' | 'unused-suppression';

export const RULE_IDS: readonly RuleId[] = [
  'unset-after-write',
  'unset-without-write',
  'unset-on-raise',
  'unused-suppression',
];

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A rule's configured level: a severity, or `off` to disable it. */
export type RuleLevel = Severity | 'off';

/** Replacement of `range` in the file at `path` (absolute) by `newText`. */
export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  /** Code action title, for example `Set self.stats["rows_inserted"] = len(rows)`. */
  title: string;
  /** The inserted statement without indentation or line ending. */
  statement: string;
  /** True for the one fix that `--fix` and fix-all apply. */
  isPreferred: boolean;
  edits: TextEdit[];
}

export interface RelatedLocation {
  path: string;
  range: Range;
  message: string;
}

export interface Finding {
  /** Absolute path of the file that contains the exit. */
  path: string;
  range: Range;
  rule: RuleId;
  severity: Severity;
  message: string;
  /** Class that defines the checked method (a processor, a root or a mixin). */
  className: string;
  methodName: string;
  relatedInformation: RelatedLocation[];
  /** Count fix first, then the `0` fix; empty for raise exits and unused suppressions. */
  fixes: Fix[];
}

/** Whether the stat is set on every path into an exit, on none, or on some. */
export type StatState = 'set' | 'unset' | 'partial';

export interface ExitInfo {
  kind: 'return' | 'raise' | 'end';
  /** Exit statement's range; for `end`, the function name. */
  range: Range;
  /** One-line source text of the exit, for listings. */
  text: string;
  stat: StatState;
  /** True when some path into the exit wrote rows. */
  wroteRows: boolean;
  /** Rule reported on this exit, if any (before suppression). */
  rule?: RuleId;
}

/** A `save_data` definition that the engine checks, where it is defined. */
export interface CheckedMethod {
  path: string;
  className: string;
  methodName: string;
  /** Range of the method's name in its `def` line. */
  nameRange: Range;
  exits: ExitInfo[];
  /** Processor classes whose effective method this is. */
  usedBy: string[];
  /** Set when the method was not analyzed, for example because of a syntax error; `exits` is then empty. */
  notAnalyzed?: {
    /** Sentence fragment such as `syntax error on line 17` (one-based, as editors show it). */
    reason: string;
    /** Zero-based line of the cause, as in Position. */
    line: number;
  };
}

/** A class attribute as written, and the class it was found in (the class itself or a base). */
export interface AttributeValue {
  value: string;
  definedIn: string;
  path: string;
  line: number;
}

export interface ProcessorInfo {
  className: string;
  path: string;
  /** Range of the class name in its `class` line. */
  nameRange: Range;
  /** Range of the whole class statement. */
  range: Range;
  /** Base class names as written. */
  bases: string[];
  /** Where the effective `save_data` is defined: the class itself, a base or a mixin. */
  effectiveMethod: { className: string; path: string; nameRange: Range } | null;
  /** String attributes such as dataset_id, table_name, project_id, processor_type. */
  attributes: Record<string, AttributeValue>;
}

export interface SkippedFile {
  path: string;
  /** Why the file was not analyzed, in a sentence that names the fix. */
  reason: string;
  /** True when the analysis itself failed (a bug), rather than the file being unreadable or too large. */
  internalError?: boolean;
}

export interface AnalysisResult {
  findings: Finding[];
  processors: ProcessorInfo[];
  methods: CheckedMethod[];
  skipped: SkippedFile[];
  /** Count of Python files read, and of those parsed with tree-sitter. */
  filesRead: number;
  filesParsed: number;
}

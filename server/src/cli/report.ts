// The outcome of `processor-lens check`, as every output format receives it.
import type { Finding, RuleId, RuleLevel, SkippedFile } from '../engine/types';

/** Changes that --fix made to one file. */
export interface FixedFile {
  /** Absolute path. */
  path: string;
  /** Quick fixes applied, over every pass. */
  fixesApplied: number;
  /** Findings in the file before the first pass and after the last one. */
  findingsBefore: number;
  findingsAfter: number;
}

export interface CheckReport {
  /** Folder that displayed paths are relative to. */
  cwd: string;
  /** Reported findings, sorted by path and position. */
  findings: Finding[];
  /** Files under the checked PATHs that were not analyzed. */
  skipped: SkippedFile[];
  /** Python files read and parsed, over every workspace the PATHs belong to. */
  filesRead: number;
  filesParsed: number;
  /** Null unless --fix was given. */
  fixed: FixedFile[] | null;
  /** Level of each rule in the configuration, for the SARIF rule descriptors. */
  ruleLevels: Record<RuleId, RuleLevel>;
}

/** Orders findings by path, then position, then rule, so every format lists them alike. */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.path !== b.path) return compareText(a.path, b.path);
  if (a.range.start.line !== b.range.start.line) return a.range.start.line - b.range.start.line;
  if (a.range.start.character !== b.range.start.character) return a.range.start.character - b.range.start.character;
  return compareText(a.rule, b.rule);
}

export function compareText(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

/**
 * True when a file was skipped because the analysis failed on it, which makes the result
 * incomplete: `check` and `audit` then exit with 2.
 */
export function isInternalError(file: SkippedFile): boolean {
  // NOTE: the reason test covers engines that report the failure only in the sentence.
  return file.internalError === true || /because of an internal error/.test(file.reason);
}

export function isFixable(finding: Finding): boolean {
  return finding.fixes.some((fix) => fix.isPreferred);
}

export function distinctPaths(findings: readonly Finding[]): string[] {
  return [...new Set(findings.map((finding) => finding.path))];
}

// Compiler-style text output: `path:line:col: severity rule message`, one group of lines per
// file, related locations indented below their finding, and a summary line.
import type { Finding, Severity } from '../engine/types';
import type { Palette } from './color';
import { displayPath } from './display-path';
import { distinctPaths, isFixable, type CheckReport, type FixedFile } from './report';
import { countSeverities } from './severity';

export interface TextOutput {
  stdout: string;
  /** Skipped-file notes, kept off stdout so that the findings can be piped. */
  stderr: string;
}

export function formatText(report: CheckReport, palette: Palette, options: { quiet: boolean }): TextOutput {
  const lines: string[] = [];

  if (report.fixed && !options.quiet) {
    lines.push(...formatFixed(report.fixed, report.cwd, palette));
    if (report.fixed.length > 0) lines.push('');
  }

  let previousPath: string | undefined;
  for (const finding of report.findings) {
    if (previousPath !== undefined && finding.path !== previousPath) lines.push('');
    previousPath = finding.path;
    lines.push(...formatFinding(finding, report.cwd, palette));
  }

  if (!options.quiet) {
    if (report.findings.length > 0) lines.push('');
    lines.push(formatSummary(report, palette));
  }

  const stderr = options.quiet ? [] : report.skipped.map((file) => `${palette.yellow('skipped')} ${displayPath(file.path, report.cwd)}: ${file.reason}`);
  return { stdout: joinLines(lines), stderr: joinLines(stderr) };
}

function formatFinding(finding: Finding, cwd: string, palette: Palette): string[] {
  const location = `${displayPath(finding.path, cwd)}:${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
  const head = `${palette.bold(location)}: ${colorSeverity(finding.severity, palette)} ${palette.dim(finding.rule)} ${finding.message}`;

  const related = finding.relatedInformation.map((info) => {
    const relatedLocation = `${displayPath(info.path, cwd)}:${info.range.start.line + 1}:${info.range.start.character + 1}`;
    return `    ${relatedLocation}: ${palette.cyan('note')}: ${info.message}`;
  });
  return [head, ...related];
}

function colorSeverity(severity: Severity, palette: Palette): string {
  switch (severity) {
    case 'error':
      return palette.bold(palette.red(severity));
    case 'warning':
      return palette.yellow(severity);
    case 'information':
      return palette.blue(severity);
    case 'hint':
      return palette.dim(severity);
  }
}

function formatFixed(fixed: readonly FixedFile[], cwd: string, palette: Palette): string[] {
  return fixed.map((file) => {
    const remaining = file.findingsAfter === 0 ? 'none remaining' : `${plural(file.findingsAfter, 'problem')} remaining`;
    return `${palette.green('fixed')} ${displayPath(file.path, cwd)}: ${plural(file.fixesApplied, 'fix', 'fixes')} applied, ${remaining}`;
  });
}

/** `N problems (E errors, W warnings, I info) in F files; K fixable with --fix`. */
export function formatSummary(report: CheckReport, palette: Palette): string {
  const findings = report.findings;
  const fixedCount = report.fixed?.reduce((sum, file) => sum + file.fixesApplied, 0) ?? 0;
  const fixedNote = report.fixed ? `; ${plural(fixedCount, 'fix', 'fixes')} applied` : '';

  if (findings.length === 0) {
    return palette.green(`No problems found (${plural(report.filesRead, 'file')} read)${fixedNote}.`);
  }

  const counts = countSeverities(findings);
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning'), `${counts.information} info`];
  if (counts.hint > 0) parts.push(plural(counts.hint, 'hint'));

  const fixable = findings.filter(isFixable).length;
  const files = distinctPaths(findings).length;
  const text = `${plural(findings.length, 'problem')} (${parts.join(', ')}) in ${plural(files, 'file')}; ${fixable} fixable with --fix${fixedNote}`;
  return palette.bold(counts.error > 0 ? palette.red(text) : text);
}

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

function joinLines(lines: readonly string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

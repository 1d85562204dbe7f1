// JSON output: one object with the findings (1-based positions, paths relative to the current
// folder with forward slashes), the skipped files and a summary. The shape is documented in
// the README; fields are only ever added.
import type { Finding, Range, TextEdit } from '../engine/types';
import { displayPath } from './display-path';
import { distinctPaths, isFixable, type CheckReport } from './report';
import { countSeverities } from './severity';
import { CLI_VERSION } from './version';

interface JsonSpan {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function formatJson(report: CheckReport): string {
  const counts = countSeverities(report.findings);
  const output = {
    version: CLI_VERSION,
    findings: report.findings.map((finding) => jsonFinding(finding, report.cwd)),
    skipped: report.skipped.map((file) => ({ path: displayPath(file.path, report.cwd), reason: file.reason })),
    ...(report.fixed
      ? {
          fixed: report.fixed.map((file) => ({
            path: displayPath(file.path, report.cwd),
            fixesApplied: file.fixesApplied,
            findingsBefore: file.findingsBefore,
            findingsAfter: file.findingsAfter,
          })),
        }
      : {}),
    summary: {
      problems: report.findings.length,
      errors: counts.error,
      warnings: counts.warning,
      information: counts.information,
      hints: counts.hint,
      files: distinctPaths(report.findings).length,
      fixable: report.findings.filter(isFixable).length,
      filesRead: report.filesRead,
      filesParsed: report.filesParsed,
    },
  };
  return `${JSON.stringify(output, null, 2)}\n`;
}

function jsonFinding(finding: Finding, cwd: string) {
  return {
    path: displayPath(finding.path, cwd),
    ...span(finding.range),
    rule: finding.rule,
    severity: finding.severity,
    message: finding.message,
    className: finding.className,
    methodName: finding.methodName,
    relatedInformation: finding.relatedInformation.map((info) => ({
      path: displayPath(info.path, cwd),
      ...span(info.range),
      message: info.message,
    })),
    fixes: finding.fixes.map((fix) => ({
      title: fix.title,
      statement: fix.statement,
      isPreferred: fix.isPreferred,
      edits: fix.edits.map(jsonEdit),
    })),
  };
}

/** Converts a zero-based range to 1-based lines and columns; columns count UTF-16 code units. */
function span(range: Range): JsonSpan {
  return {
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

function jsonEdit(edit: TextEdit) {
  return { ...span(edit.range), newText: edit.newText };
}

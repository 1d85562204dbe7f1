// Findings as LSP diagnostics: the rule is the code, its documentation page the code description.
import { type Diagnostic, DiagnosticSeverity, type DiagnosticRelatedInformation } from 'vscode-languageserver/node';
import type { Finding, Range, Severity } from '../engine/types';
import { pathToUri } from './uri';

export const DIAGNOSTIC_SOURCE = 'Processor Lens';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** `rulesDocsUri` is the folder URI of the rule pages, ending with `/`. */
export function toDiagnostic(finding: Finding, rulesDocsUri: string): Diagnostic {
  const relatedInformation: DiagnosticRelatedInformation[] = finding.relatedInformation.map((related) => ({
    location: { uri: pathToUri(related.path), range: related.range },
    message: related.message,
  }));

  return {
    range: finding.range,
    severity: SEVERITIES[finding.severity],
    code: finding.rule,
    codeDescription: { href: `${rulesDocsUri}${finding.rule}.md` },
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    relatedInformation: relatedInformation.length > 0 ? relatedInformation : undefined,
  };
}

export function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

/** True when the two ranges share a position (touching ends count, as an empty selection at an edge should). */
export function rangesTouch(a: Range, b: Range): boolean {
  return !(before(a.end, b.start) || before(b.end, a.start));
}

function before(a: Range['start'], b: Range['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

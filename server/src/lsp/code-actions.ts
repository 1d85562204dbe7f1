// Code actions: the engine's quick fixes, a suppression comment, and fix-all for
// `editor.codeActionsOnSave`. Fix-all applies only fixes, never suppressions.
import {
  type CodeAction,
  CodeActionKind,
  type CodeActionParams,
  type Diagnostic,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../engine/types';
import { rangesTouch, sameRange, toDiagnostic } from './diagnostics';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.processorLens`;
export const SUPPRESSION_PREFIX = '# processor-lens: ignore';

export interface CodeActionInput {
  params: CodeActionParams;
  document: TextDocument;
  findings: Finding[];
  rulesDocsUri: string;
  /** Client accepts `documentChanges`, which pins the edit to the document version. */
  versionedEdits: boolean;
}

export function provideCodeActions(input: CodeActionInput): CodeAction[] {
  const { params, findings } = input;
  const only = params.context.only;
  const actions: CodeAction[] = [];

  if (wants(only, CodeActionKind.QuickFix)) {
    for (const finding of findings) {
      if (!rangesTouch(finding.range, params.range)) continue;
      const diagnostic = matchingDiagnostic(params.context.diagnostics, finding, input.rulesDocsUri);
      actions.push(...quickFixes(input, finding, diagnostic));
      const suppression =
        finding.rule === 'unused-suppression'
          ? removeSuppressionAction(input, finding, diagnostic)
          : suppressionAction(input, finding, diagnostic);
      if (suppression) actions.push(suppression);
    }
  }

  // Fix-all is offered only on request, as `editor.codeActionsOnSave` and "Source Action..." ask for it.
  if (only?.some((kind) => FIX_ALL_KIND === kind || FIX_ALL_KIND.startsWith(`${kind}.`))) {
    const fixAll = fixAllAction(input);
    if (fixAll) actions.push(fixAll);
  }
  return actions;
}

/** Edits of the preferred fix of every finding in the document, overlapping ones left out. */
export function preferredFixEdits(findings: Finding[]): TextEdit[] {
  const seen = new Set<string>();
  const edits: TextEdit[] = [];
  for (const finding of findings) {
    const preferred = finding.fixes.find((fix) => fix.isPreferred);
    for (const edit of preferred?.edits ?? []) {
      const key = JSON.stringify(edit);
      if (seen.has(key)) continue;
      seen.add(key);
      edits.push(edit);
    }
  }

  edits.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  const kept: TextEdit[] = [];
  for (const edit of edits) {
    const last = kept[kept.length - 1];
    const isInsertion = edit.range.start.line === edit.range.end.line && edit.range.start.character === edit.range.end.character;
    if (last && !isInsertion && rangesOverlap(last, edit)) continue;
    kept.push(edit);
  }
  return kept;
}

function quickFixes(input: CodeActionInput, finding: Finding, diagnostic: Diagnostic): CodeAction[] {
  return finding.fixes.map((fix) => ({
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: fix.isPreferred,
    edit: workspaceEdit(input, fix.edits),
  }));
}

/**
 * Appends `# processor-lens: ignore[rule]` to the exit's first line, or adds the rule to a
 * suppression comment already there. On a `def` line (where the end of the function is
 * reported) the comment covers every exit of the method, and the title says so, because the
 * engine has no suppression for the end exit alone.
 */
function suppressionAction(input: CodeActionInput, finding: Finding, diagnostic: Diagnostic): CodeAction | null {
  const line = finding.range.start.line;
  const text = lineText(input.document, line);
  // A comment after a backslash continuation is a syntax error, so such lines get no suppression.
  if (/\\\s*$/.test(text)) return null;

  let edit: TextEdit;
  const existing = /#\s*processor-lens:\s*ignore\[([^\]]*)\]/.exec(text);
  if (existing) {
    const listEnd = existing.index + existing[0].length - 1;
    const separator = existing[1].trim() === '' ? '' : ', ';
    edit = { range: { start: { line, character: listEnd }, end: { line, character: listEnd } }, newText: `${separator}${finding.rule}` };
  } else {
    const end = text.trimEnd().length;
    edit = {
      range: { start: { line, character: end }, end: { line, character: text.length } },
      newText: `  ${SUPPRESSION_PREFIX}[${finding.rule}]`,
    };
  }

  const onDefLine = /^\s*(async\s+)?def\s/.test(text);
  return {
    title: onDefLine ? `Suppress ${finding.rule} for every exit of ${finding.methodName}` : `Suppress ${finding.rule} on this line`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: workspaceEdit(input, [edit]),
  };
}

/**
 * Deletes an unused `# processor-lens: ignore[...]` comment, with the spaces before it. Offered
 * only when the finding covers exactly that comment and its message names every rule of the
 * list, so a comment that still suppresses something is never removed.
 */
function removeSuppressionAction(input: CodeActionInput, finding: Finding, diagnostic: Diagnostic): CodeAction | null {
  const { start, end } = finding.range;
  if (start.line !== end.line) return null;
  const text = lineText(input.document, start.line);
  const comment = /^#\s*processor-lens\s*:\s*ignore(?:\[([^\]]*)\])?/.exec(text.slice(start.character, end.character));
  if (!comment) return null;

  const rules = (comment[1] ?? '').split(',').map((rule) => rule.trim()).filter((rule) => rule !== '');
  if (rules.length === 0 || !rules.every((rule) => finding.message.includes(rule))) return null;

  const from = text.slice(0, start.character).trimEnd().length;
  const edit: TextEdit = { range: { start: { line: start.line, character: from }, end }, newText: '' };
  return {
    title: 'Remove unused suppression comment',
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: true,
    edit: workspaceEdit(input, [edit]),
  };
}

function fixAllAction(input: CodeActionInput): CodeAction | null {
  const edits = preferredFixEdits(input.findings);
  if (edits.length === 0) return null;
  return {
    title: 'Processor Lens: fix all auto-fixable problems',
    kind: FIX_ALL_KIND,
    edit: workspaceEdit(input, edits),
  };
}

function workspaceEdit(input: CodeActionInput, edits: TextEdit[]): WorkspaceEdit {
  const { uri, version } = input.document;
  if (input.versionedEdits) return { documentChanges: [{ textDocument: { uri, version }, edits }] };
  return { changes: { [uri]: edits } };
}

function matchingDiagnostic(diagnostics: Diagnostic[], finding: Finding, rulesDocsUri: string): Diagnostic {
  const sent = diagnostics.find((diagnostic) => diagnostic.code === finding.rule && sameRange(diagnostic.range, finding.range));
  return sent ?? toDiagnostic(finding, rulesDocsUri);
}

/** True when a request limited to `only` kinds includes actions of `kind`. */
function wants(only: string[] | undefined, kind: string): boolean {
  return !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
}

function lineText(document: TextDocument, line: number): string {
  const text = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  return text.replace(/\r?\n$/, '');
}

function rangesOverlap(a: TextEdit, b: TextEdit): boolean {
  const aEnd = a.range.end;
  const bStart = b.range.start;
  return aEnd.line > bStart.line || (aEnd.line === bStart.line && aEnd.character > bStart.character);
}

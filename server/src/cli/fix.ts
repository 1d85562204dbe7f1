// `check --fix`: applies the preferred quick fix of each finding, writes the files back with
// their own line endings and indentation (the engine's edits carry both), and analyzes again.
// A fix whose edits overlap a fix already planned in the same pass waits for the next pass, which
// works on the re-analyzed file.
import { readFileSync, writeFileSync } from 'node:fs';
import { applyTextEdits } from '../engine';
import type { AnalysisWorkspace } from '../engine/api';
import type { Finding, Fix, Position, TextEdit } from '../engine/types';
import { compareText, type FixedFile } from './report';
import { CliError } from './io';
import { analyzeTargets, type WorkspaceTargets } from './workspaces';

/** Passes before --fix gives up on findings whose fixes keep producing new findings. */
const MAX_PASSES = 10;

export function applyFixes(opened: readonly WorkspaceTargets[], isSelected: (finding: Finding) => boolean): FixedFile[] {
  const files = new Map<string, FixedFile>();
  const countByFile = (findings: readonly Finding[]) => {
    const counts = new Map<string, number>();
    for (const finding of findings) counts.set(finding.path, (counts.get(finding.path) ?? 0) + 1);
    return counts;
  };

  let findings = currentFindings(opened, isSelected);
  const before = countByFile(findings.map((entry) => entry.finding));

  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const planned = planFixes(findings);
    if (planned.size === 0) break;

    for (const [path, plan] of planned) {
      rewriteFile(path, (text) => applyTextEdits(text, plan.edits));
      plan.workspace.reload(path);

      const file = files.get(path) ?? { path, fixesApplied: 0, findingsBefore: before.get(path) ?? 0, findingsAfter: 0 };
      file.fixesApplied += plan.fixCount;
      files.set(path, file);
    }
    findings = currentFindings(opened, isSelected);
  }

  const after = countByFile(findings.map((entry) => entry.finding));
  for (const file of files.values()) file.findingsAfter = after.get(file.path) ?? 0;
  return [...files.values()].sort((a, b) => compareText(a.path, b.path));
}

function rewriteFile(path: string, change: (text: string) => string): void {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw fileError('read', path, error);
  }

  const changed = change(text);
  try {
    writeFileSync(path, changed, 'utf8');
  } catch (error) {
    throw fileError('write', path, error);
  }
}

function fileError(operation: 'read' | 'write', path: string, error: unknown): CliError {
  const reason = (error as NodeJS.ErrnoException).code ?? String(error);
  return new CliError(`--fix could not ${operation} ${path} (${reason}). Make the file readable and writable, or run check without --fix.`);
}

interface FilePlan {
  workspace: AnalysisWorkspace;
  edits: TextEdit[];
  fixCount: number;
}

function currentFindings(opened: readonly WorkspaceTargets[], isSelected: (finding: Finding) => boolean) {
  return analyzeTargets(opened).findings.filter((entry) => isSelected(entry.finding));
}

/** Picks, per file, the preferred fixes whose edits do not overlap each other. */
export function planFixes(findings: readonly { finding: Finding; workspace: AnalysisWorkspace }[]): Map<string, FilePlan> {
  const plans = new Map<string, FilePlan>();

  for (const { finding, workspace } of findings) {
    const fix = finding.fixes.find((candidate) => candidate.isPreferred);
    if (fix === undefined || fix.edits.length === 0) continue;

    const plan = plans.get(finding.path) ?? { workspace, edits: [], fixCount: 0 };
    if (overlapsAny(fix, plan.edits)) continue;

    plan.edits.push(...fix.edits);
    plan.fixCount += 1;
    plans.set(finding.path, plan);
  }
  return plans;
}

function overlapsAny(fix: Fix, planned: readonly TextEdit[]): boolean {
  return fix.edits.some((edit) => planned.some((other) => overlaps(edit, other)));
}

/** Two edits overlap when their ranges intersect or both insert at the same position. */
function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (comparePositions(a.range.start, b.range.start) === 0) return true;
  return comparePositions(a.range.start, b.range.end) < 0 && comparePositions(b.range.start, a.range.end) < 0;
}

function comparePositions(a: Position, b: Position): number {
  return a.line !== b.line ? a.line - b.line : a.character - b.character;
}

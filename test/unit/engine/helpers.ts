// Shared helpers of the engine tests: temporary workspaces written from inline files.
import { mkdtempSync, mkdirSync, writeFileSync, cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { createWorkspace, type AnalysisResult, type AnalysisWorkspace, type Finding } from '../../../server/src/engine';

export const SPEC_WORKSPACE = join(__dirname, '..', '..', 'fixtures', 'spec-workspace');

/** Creates a temporary folder with the given files (relative path to content). */
export function tempWorkspace(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), 'pl-engine-'));
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return root;
}

export function copySpecWorkspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'pl-spec-'));
  cpSync(SPEC_WORKSPACE, root, { recursive: true });
  return root;
}

export function removeTemp(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

/** The base class every inline test processor derives from. */
export const BASE = `class ProcessorBase:
    def run(self):
        self.stats = {}
        self.save_data()
`;

/** Analyzes one processor module, written next to a root class, and returns the result. */
export async function analyzeSource(source: string, extra: Record<string, string> = {}): Promise<{ result: AnalysisResult; workspace: AnalysisWorkspace; root: string }> {
  const root = tempWorkspace({ 'base.py': BASE, 'proc.py': `from base import ProcessorBase\n\n\n${source}`, ...extra });
  const workspace = await createWorkspace(root);
  await workspace.scan();
  return { result: workspace.analyze(), workspace, root };
}

/** Findings as `file:line rule` with one-based lines, sorted. */
export function summarize(root: string, findings: Finding[]): string[] {
  return findings.map((finding) => `${relative(root, finding.path)}:${finding.range.start.line + 1} ${finding.rule}`).sort();
}

/** Number of the line (one-based) of the first line in `source` that contains `marker`, counted in the proc.py written by analyzeSource. */
export function lineOf(source: string, marker: string): number {
  const lines = `from base import ProcessorBase\n\n\n${source}`.split('\n');
  const index = lines.findIndex((line) => line.includes(marker));
  if (index < 0) throw new Error(`marker ${marker} not found`);
  return index + 1;
}

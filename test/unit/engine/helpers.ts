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

const ANNOTATION = /#\s*(expect|expect-end):\s*([a-z-]+)/;

/** Diagnostics the `# expect:` and `# expect-end:` comments of the files call for, as `file:line rule`. */
export function annotated(files: Record<string, string>): string[] {
  const expected: string[] = [];
  for (const [path, content] of Object.entries(files)) {
    content.split(/\r\n|\n/).forEach((text, index) => {
      const match = ANNOTATION.exec(text);
      if (match) expected.push(`${path}:${index + 1} ${match[2]}`);
    });
  }
  return expected.sort();
}

/** Writes the files next to a root class module, analyzes them and returns findings and expectations. */
export async function analyzeFiles(files: Record<string, string>, config?: string): Promise<{ actual: string[]; expected: string[]; result: AnalysisResult; root: string; workspace: AnalysisWorkspace }> {
  const all: Record<string, string> = { 'base.py': BASE, ...files };
  if (config !== undefined) all['pyproject.toml'] = config;
  const root = tempWorkspace(all);
  const workspace = await createWorkspace(root);
  await workspace.scan();
  const result = workspace.analyze();
  return { actual: summarize(root, result.findings), expected: annotated(files), result, root, workspace };
}

/** Prepends the import of the root class to a processor module. */
export function processorModule(body: string): string {
  return `from base import ProcessorBase\n\n\n${body}`;
}

// Reads the expected diagnostics that a workspace declares in its own comments:
//   `# expect: RULE [fix: STATEMENT]` on an exit line (a return, a raise, a never-returning call),
//   `# expect-end: RULE [fix: STATEMENT]` on a `def save_data` line (falling off the end; the
//   diagnostic sits on the function's name).
// Both the API suite (in the extension host) and the browser scenario use it, so it imports
// only node modules.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface ExpectedDiagnostic {
  /** Path relative to the workspace root, with forward slashes. */
  file: string;
  /** Zero-based line of the annotated statement. */
  line: number;
  /** Zero-based column where the statement (or, for `expect-end`, the function name) starts. */
  character: number;
  rule: string;
  kind: 'exit' | 'end';
  /** Statement that one of the offered quick fixes inserts, when the annotation names one. */
  fix?: string;
  /** The annotated line, for messages. */
  text: string;
}

const ANNOTATION = /#\s*expect(-end)?:\s*([a-z][a-z-]*)(?:\s+fix:\s*(.+?))?\s*$/;

/** Folders that never hold workspace sources. */
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules', '.venv', 'venv', '__pycache__', '.vscode']);

export function listPythonFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) {
        if (!SKIPPED_FOLDERS.has(name)) walk(path);
      } else if (name.endsWith('.py')) {
        files.push(path);
      }
    }
  };
  walk(root);
  return files;
}

/** Parses the annotations of one file's text; `file` is only copied into the results. */
export function parseAnnotations(file: string, text: string): ExpectedDiagnostic[] {
  const expected: ExpectedDiagnostic[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((lineText, line) => {
    const match = ANNOTATION.exec(lineText);
    if (!match) return;
    const kind = match[1] ? 'end' : 'exit';
    const nameColumn = lineText.indexOf('save_data');
    const character = kind === 'end' && nameColumn >= 0 ? nameColumn : lineText.search(/\S/);
    expected.push({ file, line, character, rule: match[2], kind, fix: match[3], text: lineText.trim() });
  });
  return expected;
}

export function readWorkspaceAnnotations(root: string): ExpectedDiagnostic[] {
  return listPythonFiles(root).flatMap((path) => parseAnnotations(toWorkspacePath(root, path), readFileSync(path, 'utf8')));
}

export function toWorkspacePath(root: string, path: string): string {
  return relative(root, path).split(sep).join('/');
}

/** One line per diagnostic, sorted, so two sets compare and print readably. */
export function diagnosticKey(file: string, line: number, rule: string): string {
  return `${file}:${line + 1} ${rule}`;
}

// Helpers shared by the extension-host tests. Everything here goes through the public `vscode`
// API, so the tests run unchanged in desktop VS Code and in code-server.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';
import { RULE_IDS } from '../../../server/src/engine/types';
import { diagnosticKey, toWorkspacePath, type ExpectedDiagnostic } from '../shared/annotations';

/** The compiled suite sits in out/e2e/suite, three folders below the repository root. */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

interface ExtensionManifest {
  publisher: string;
  name: string;
  contributes?: { commands?: { command: string; title: string }[] };
}

export const MANIFEST = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as ExtensionManifest;
export const EXTENSION_ID = `${MANIFEST.publisher}.${MANIFEST.name}`;

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the test window has no workspace folder; open the sample workspace copy');
  return folder.uri.fsPath;
}

export function workspaceUri(file: string): vscode.Uri {
  return vscode.Uri.file(join(workspaceRoot(), file));
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  if (code === undefined) return '';
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** Diagnostics of this extension's rules, by workspace-relative file. */
export function productDiagnostics(): Map<string, vscode.Diagnostic[]> {
  const root = workspaceRoot();
  const result = new Map<string, vscode.Diagnostic[]>();
  for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
    if (uri.scheme !== 'file') continue;
    const ours = diagnostics.filter((diagnostic) => (RULE_IDS as readonly string[]).includes(codeOf(diagnostic)));
    if (ours.length > 0) result.set(toWorkspacePath(root, uri.fsPath), ours);
  }
  return result;
}

/** Sorted `file:line rule` keys of the product's diagnostics, optionally for some files only. */
export function actualKeys(files?: Set<string>): string[] {
  const keys: string[] = [];
  for (const [file, diagnostics] of productDiagnostics()) {
    if (files && !files.has(file)) continue;
    for (const diagnostic of diagnostics) keys.push(diagnosticKey(file, diagnostic.range.start.line, codeOf(diagnostic)));
  }
  return keys.sort();
}

export function expectedKeys(expected: ExpectedDiagnostic[]): string[] {
  return expected.map((item) => diagnosticKey(item.file, item.line, item.rule)).sort();
}

/** Polls until `condition` returns true; the error names what was awaited and the last state. */
export async function waitFor(
  description: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  lastState: () => string = () => '',
): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await condition()) return Date.now() - started;
    if (Date.now() - started > timeoutMs) {
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${description}\n${lastState()}`);
    }
    await sleep(100);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Lists the differences between two sorted key lists for an assertion message. */
export function describeDifference(expected: string[], actual: string[]): string {
  const missing = expected.filter((key) => !actual.includes(key));
  const unexpected = actual.filter((key) => !expected.includes(key));
  return [`missing (${missing.length}):`, ...missing.map((key) => `  ${key}`), `unexpected (${unexpected.length}):`, ...unexpected.map((key) => `  ${key}`)].join('\n');
}

/** Text inserted by a workspace edit into one file, joined, for matching a fix's statement. */
export function insertedText(edit: vscode.WorkspaceEdit, uri: vscode.Uri): string {
  return edit
    .get(uri)
    .map((textEdit) => textEdit.newText)
    .join('\n');
}

export function containsStatement(text: string, statement: string): boolean {
  return text.split(/\r\n|\r|\n/).some((line) => line.trim() === statement.trim());
}

export async function openFile(file: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(file));
  return vscode.window.showTextDocument(document, { preview: false });
}

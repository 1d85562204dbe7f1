import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { SHOW_RUN_HISTORY_COMMAND, type ShowRunHistoryArgs } from '../../../server/src/protocol';
import { readWorkspaceAnnotations } from '../shared/annotations';
import { openFile, waitFor, workspaceRoot, workspaceUri } from './helpers';

const AUDIT_COMMAND = 'processorLens.auditWorkspace';

/** Name of the class whose body contains a zero-based line: the nearest `class` line above it. */
function enclosingClass(text: string, line: number): string | null {
  const lines = text.split(/\r\n|\r|\n/);
  for (let index = line; index >= 0; index -= 1) {
    const match = /^class\s+(\w+)/.exec(lines[index]);
    if (match) return match[1];
  }
  return null;
}

/** Waits for an untitled Markdown editor that a command opened and returns its text. */
async function openedMarkdown(before: Set<string>, timeoutMs: number): Promise<string> {
  let found: vscode.TextDocument | undefined;
  await waitFor(
    'a new Markdown document',
    () => {
      found = vscode.workspace.textDocuments.find(
        (document) => document.languageId === 'markdown' && document.isUntitled && !before.has(document.uri.toString()),
      );
      return found !== undefined;
    },
    timeoutMs,
  );
  return found!.getText();
}

function openDocuments(): Set<string> {
  return new Set(vscode.workspace.textDocuments.map((document) => document.uri.toString()));
}

describe('commands', () => {
  it('audit lists every class with an annotated exit', async () => {
    const before = openDocuments();
    await vscode.commands.executeCommand(AUDIT_COMMAND);
    const markdown = await openedMarkdown(before, 30_000);

    const root = workspaceRoot();
    const classes = new Set<string>();
    for (const item of readWorkspaceAnnotations(root)) {
      const name = enclosingClass(readFileSync(join(root, item.file), 'utf8'), item.line);
      if (name) classes.add(name);
    }
    assert.ok(classes.size > 0, 'no annotated class found');
    const missing = [...classes].filter((name) => !markdown.includes(name));
    assert.deepEqual(missing, [], `the audit does not mention: ${missing.join(', ')}`);
  });

  it('Show Run History resolves for the processor under the cursor', async () => {
    const target = readWorkspaceAnnotations(workspaceRoot()).find((item) => item.rule === 'unset-after-write');
    assert.ok(target, 'no unset-after-write annotation to place the cursor on');
    const editor = await openFile(target.file);
    const position = new vscode.Position(target.line, target.character);
    editor.selection = new vscode.Selection(position, position);

    // With a position, and with none (the cursor of the active editor).
    const args: ShowRunHistoryArgs = { uri: workspaceUri(target.file).toString(), position: { line: target.line, character: target.character } };
    await vscode.commands.executeCommand(SHOW_RUN_HISTORY_COMMAND, args);
    await vscode.commands.executeCommand(SHOW_RUN_HISTORY_COMMAND);
  });
});

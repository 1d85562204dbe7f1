import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { parseAnnotations, readWorkspaceAnnotations, type ExpectedDiagnostic } from '../shared/annotations';
import {
  actualKeys,
  codeOf,
  containsStatement,
  describeDifference,
  expectedKeys,
  insertedText,
  openFile,
  productDiagnostics,
  waitFor,
  workspaceRoot,
  workspaceUri,
} from './helpers';

/** The annotation the quick-fix test repairs: the first one that names its fix. */
function fixTarget(): ExpectedDiagnostic {
  const target = readWorkspaceAnnotations(workspaceRoot()).find((item) => item.fix);
  assert.ok(target, 'the workspace has no "fix:" annotation to test a quick fix with');
  return target;
}

describe('quick fix', () => {
  it('offers the annotated fix and removes the diagnostic', async () => {
    const target = fixTarget();
    const editor = await openFile(target.file);
    const uri = workspaceUri(target.file);

    const diagnostic = (productDiagnostics().get(target.file) ?? []).find(
      (item) => item.range.start.line === target.line && codeOf(item) === target.rule,
    );
    assert.ok(diagnostic, `no ${target.rule} diagnostic at ${target.file}:${target.line + 1}`);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const titles = actions.map((action) => action.title);
    const fix = actions.find((action) => action.edit && containsStatement(insertedText(action.edit, uri), target.fix ?? ''));
    assert.ok(fix?.edit, `no quick fix inserts "${target.fix}"; offered: ${JSON.stringify(titles)}`);
    assert.ok(
      actions.some((action) => /suppress/i.test(action.title)),
      `no suppression action among ${JSON.stringify(titles)}`,
    );

    assert.equal(await vscode.workspace.applyEdit(fix.edit), true, 'applyEdit rejected the quick fix');
    const document = editor.document;
    assert.ok(containsStatement(document.getText(), target.fix ?? ''), 'the document does not contain the inserted statement');

    // The annotation comments move with the edit, so the expectation is re-read from the new
    // text, without the exit that was just fixed.
    const fixedLine = findMovedLine(document, target);
    const others = readWorkspaceAnnotations(workspaceRoot()).filter((item) => item.file !== target.file);
    const sameFile = parseAnnotations(target.file, document.getText()).filter((item) => item.line !== fixedLine);
    const expected = expectedKeys([...others, ...sameFile]);
    let actual: string[] = [];
    await waitFor(
      'the fixed diagnostic to disappear and no new one to appear',
      () => {
        actual = actualKeys();
        return actual.join('\n') === expected.join('\n');
      },
      20_000,
      () => describeDifference(expected, actual),
    );

    assert.equal(await document.save(), true, 'saving the fixed file failed');
    assert.ok(containsStatement(readFileSync(uri.fsPath, 'utf8'), target.fix ?? ''), 'the file on disk lacks the fix');
  });
});

/** Line of the fixed exit after the edit: the nearest line with the exit's original text. */
function findMovedLine(document: vscode.TextDocument, target: ExpectedDiagnostic): number {
  let best = -1;
  for (let line = 0; line < document.lineCount; line += 1) {
    if (document.lineAt(line).text.trim() !== target.text) continue;
    if (best < 0 || Math.abs(line - target.line) < Math.abs(best - target.line)) best = line;
  }
  assert.ok(best >= 0, `the exit line "${target.text}" is gone after the fix`);
  return best;
}

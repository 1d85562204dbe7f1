import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { parseAnnotations, readWorkspaceAnnotations } from '../shared/annotations';
import { actualKeys, describeDifference, expectedKeys, openFile, waitFor, workspaceRoot, workspaceUri } from './helpers';

/** Rules whose findings carry fixes; raise exits and unused suppressions have none. */
const FIXABLE_RULES = new Set(['unset-after-write', 'unset-without-write']);
const FIX_ALL_KIND = 'source.fixAll.processorLens';

describe('fix-all', () => {
  it('applies a fix to every fixable finding of a file', async () => {
    const annotations = readWorkspaceAnnotations(workspaceRoot());
    const quickFixFile = annotations.find((item) => item.fix)?.file;
    const counts = new Map<string, number>();
    for (const item of annotations) {
      if (FIXABLE_RULES.has(item.rule) && item.file !== quickFixFile) counts.set(item.file, (counts.get(item.file) ?? 0) + 1);
    }
    // The file with the most fixable findings shows best that fix-all applies more than one fix.
    const file = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
    assert.ok(file, 'no file with fixable findings besides the quick-fix file');

    const editor = await openFile(file);
    const uri = workspaceUri(file);
    const whole = new vscode.Range(0, 0, editor.document.lineCount, 0);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      whole,
      FIX_ALL_KIND,
    );
    const fixAll = actions.find((action) => action.kind?.value === FIX_ALL_KIND);
    assert.ok(fixAll?.edit, `no ${FIX_ALL_KIND} action with an edit; offered: ${JSON.stringify(actions.map((a) => [a.kind?.value, a.title]))}`);

    assert.equal(await vscode.workspace.applyEdit(fixAll.edit), true, 'applyEdit rejected the fix-all edit');
    const after = editor.document.getText();
    const remaining = parseAnnotations(file, after).filter((item) => !FIXABLE_RULES.has(item.rule));
    // Only this file is compared: the quick-fix test left its own file with an annotation whose
    // exit is already fixed.
    const expected = expectedKeys(remaining);
    let actual: string[] = [];
    await waitFor(
      `only unfixable findings to remain in ${file}`,
      () => {
        actual = actualKeys(new Set([file]));
        return actual.join('\n') === expected.join('\n');
      },
      20_000,
      () => describeDifference(expected, actual),
    );

    assert.equal(await editor.document.save(), true, 'saving the fixed file failed');
    assert.equal(readFileSync(uri.fsPath, 'utf8'), after, 'the file on disk differs from the fixed document');
  });
});

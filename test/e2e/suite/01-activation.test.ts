import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readWorkspaceAnnotations } from '../shared/annotations';
import { EXTENSION_ID, MANIFEST, openFile, productDiagnostics, waitFor, workspaceRoot } from './helpers';

describe('activation', () => {
  it('activates when a Python file opens', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not installed in this editor`);

    const first = readWorkspaceAnnotations(workspaceRoot())[0];
    assert.ok(first, `no "# expect:" annotation found under ${workspaceRoot()}`);
    const opened = Date.now();
    await openFile(first.file);

    const activationMs = await waitFor('the extension to activate', () => extension.isActive, 30_000);
    const firstDiagnosticMs = await waitFor('a first diagnostic', () => productDiagnostics().size > 0, 60_000);
    console.log(`  metric activation_ms=${activationMs} first_diagnostic_ms=${firstDiagnosticMs + activationMs} (from opening ${first.file})`);
    // Wall-clock time, so the driver can measure from the page load and from code-server's start.
    console.log(`  metric first_diagnostic_at=${Date.now()}`);
    console.log(`  metric host uiKind=${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'} remoteName=${vscode.env.remoteName ?? 'none'} appName=${vscode.env.appName} opened_at=${opened}`);
  });

  it('registers every command it contributes', async () => {
    const contributed = (MANIFEST.contributes?.commands ?? []).map((command) => command.command);
    assert.ok(contributed.length > 0, 'package.json contributes no commands');

    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((command) => !registered.has(command));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });
});

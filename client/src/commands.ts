// Commands of the command palette and the client side of the code lenses.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { AUDIT_METHOD, type AuditParams, type AuditResult, SHOW_EXITS_COMMAND, type ShowExitsArgs } from '../../server/src/protocol';

export const AUDIT_COMMAND = 'processorLens.auditWorkspace';
export const SHOW_OUTPUT_COMMAND = 'processorLens.showOutput';
export const RESTART_COMMAND = 'processorLens.restartServer';

export function registerCommands(context: vscode.ExtensionContext, client: LanguageClient, log: vscode.LogOutputChannel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(AUDIT_COMMAND, () => auditWorkspace(client, log)),
    vscode.commands.registerCommand(SHOW_OUTPUT_COMMAND, () => log.show()),
    vscode.commands.registerCommand(RESTART_COMMAND, () => restartServer(client, log)),
    vscode.commands.registerCommand(SHOW_EXITS_COMMAND, (args: ShowExitsArgs) => showExits(client, args, log)),
  );
}

/** Opens the audit checklist of every workspace folder as an untitled Markdown document. */
async function auditWorkspace(client: LanguageClient, log: vscode.LogOutputChannel): Promise<void> {
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Processor Lens: auditing the workspace' },
      () => client.sendRequest<AuditResult>(AUDIT_METHOD, {} satisfies AuditParams),
    );
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: result.markdown });
    await vscode.window.showTextDocument(document, { preview: false });
  } catch (error) {
    log.error(`${AUDIT_METHOD} failed`, error);
    void vscode.window.showErrorMessage(`Processor Lens could not audit the workspace: ${messageOf(error)}. See "Processor Lens: Show Output".`);
  }
}

async function restartServer(client: LanguageClient, log: vscode.LogOutputChannel): Promise<void> {
  log.info('restarting the language server on request');
  try {
    await client.restart();
  } catch (error) {
    log.error('restarting the language server failed', error);
    void vscode.window.showErrorMessage(`Processor Lens could not restart its language server: ${messageOf(error)}`);
  }
}

/**
 * Lists the exits of a save_data in a quick pick with each exit's kind, line and state, and
 * selects the chosen exit in the editor. A server that sends no items gets the references view.
 */
async function showExits(client: LanguageClient, args: ShowExitsArgs, log: vscode.LogOutputChannel): Promise<void> {
  try {
    const converter = client.protocol2CodeConverter;
    if (args.items) {
      const picked = await vscode.window.showQuickPick(
        args.items.map((item) => ({ ...item, detail: item.detail || undefined })),
        { title: args.title ?? 'Exits', placeHolder: 'Select an exit to go to it', matchOnDescription: true, matchOnDetail: true },
      );
      if (!picked) return;
      const range = converter.asRange(picked.range);
      const editor = await vscode.window.showTextDocument(converter.asUri(picked.uri), { selection: range });
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      return;
    }
    const locations = args.locations.map(
      (location) => new vscode.Location(converter.asUri(location.uri), converter.asRange(location.range)),
    );
    await vscode.commands.executeCommand(
      'editor.action.showReferences',
      converter.asUri(args.uri),
      converter.asPosition(args.position),
      locations,
    );
  } catch (error) {
    log.error(`listing the exits for ${args?.uri} failed`, error);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

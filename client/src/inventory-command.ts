// "Processor Lens: Data-Loss Inventory": requests the first date, has the language server build
// the inventory with VS Code progress and cancellation, and opens the Markdown report.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  INVENTORY_COMMAND,
  INVENTORY_METHOD,
  type InventoryErrorData,
  type InventoryParams,
  type InventoryResult,
} from '../../server/src/protocol';
import { localToday } from '../../server/src/history/dates';
import { describeEndDate, inventoryEndDate, validateSince } from './inventory-since';

export function registerInventoryCommand(context: vscode.ExtensionContext, client: LanguageClient, log: vscode.LogOutputChannel): void {
  context.subscriptions.push(vscode.commands.registerCommand(INVENTORY_COMMAND, (since?: string) => runInventory(client, log, since)));
}

async function pickFolder(): Promise<vscode.WorkspaceFolder | undefined | null> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0] ?? null;
  const picked = await vscode.window.showQuickPick(
    folders.map((folder) => ({ label: folder.name, description: folder.uri.fsPath, folder })),
    { title: 'Processor Lens: Data-Loss Inventory', placeHolder: 'Workspace folder to report on' },
  );
  return picked?.folder;
}

/** `since` skips the input box, for tests and keybindings that pass the date as the argument. */
async function runInventory(client: LanguageClient, log: vscode.LogOutputChannel, since?: string): Promise<void> {
  const folder = await pickFolder();
  if (folder === undefined) return;
  if (folder === null) {
    void vscode.window.showErrorMessage('Processor Lens: open a folder with Python processors to build the data-loss inventory.');
    return;
  }

  const today = localToday();
  const end = inventoryEndDate(folder.uri.fsPath, vscode.workspace.getConfiguration('processorLens', folder.uri).get<string>('history.endDate'));
  const start =
    since ??
    (await vscode.window.showInputBox({
      title: 'Processor Lens: Data-Loss Inventory',
      prompt: `First date of the report: an ISO date, or a number of days ending on the end date, ${describeEndDate(end, today)}`,
      value: '90d',
      validateInput: (value) => validateSince(value, end, today),
    }));
  if (start === undefined) return;
  const params: InventoryParams = { folderUri: client.code2ProtocolConverter.asUri(folder.uri), since: start.trim(), format: 'markdown' };

  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Processor Lens: building the data-loss inventory', cancellable: true },
      (_progress, token) => client.sendRequest<InventoryResult>(INVENTORY_METHOD, params, token),
    );
    log.info(`inventory of ${folder.uri.fsPath} from ${params.since}: ${result.processors} processors, ${result.queries} queries`);
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: result.text });
    await vscode.window.showTextDocument(document, { preview: false });
  } catch (error) {
    const data = (error as { data?: InventoryErrorData }).data;
    const message = error instanceof Error ? error.message : String(error);
    if (data?.code === 'cancelled' || (error as { code?: number }).code === -32800) {
      log.info(`inventory of ${folder.uri.fsPath} cancelled`);
      return;
    }
    log.error(`${INVENTORY_METHOD} for ${folder.uri.fsPath} failed: ${message}${data ? ` (${data.code}) ${data.hint}` : ''}`);
    const action = await vscode.window.showErrorMessage(`Processor Lens inventory failed: ${message}${data?.hint ? ` ${data.hint}` : ''}`, 'Show Output');
    if (action === 'Show Output') log.show();
  }
}

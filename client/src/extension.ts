// Activation only: creates the log, the language client and the parts that use it.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerCommands } from './commands';
import { registerInventoryCommand } from './inventory-command';
import { createLanguageClient } from './language-client';
import { createLog } from './log';
import { registerRunHistoryPanel } from './panel';
import { registerStatusItem } from './status';

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const log = createLog();
  context.subscriptions.push(log);

  client = createLanguageClient(context, log);
  registerCommands(context, client, log);
  registerStatusItem(context, client);
  context.subscriptions.push(registerRunHistoryPanel(context, client, log));
  registerInventoryCommand(context, client, log);

  const activated = performance.now();
  log.info(`activated in ${Math.round(activated - started)} ms; starting the language server`);

  // Activation returns before the server runs, so a slow start never holds up the editor.
  client.start().then(
    () => log.info(`language server ready ${Math.round(performance.now() - started)} ms after activation began`),
    (error: unknown) => {
      log.error('starting the language server failed', error);
      void vscode.window.showErrorMessage('Processor Lens could not start its language server. See "Processor Lens: Show Output".');
    },
  );
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

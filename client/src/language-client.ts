// The language client: starts dist/server/server.js in a Node process and talks to it over IPC.
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import type { InitializationOptions } from '../../server/src/protocol';

export const CLIENT_ID = 'processorLens';

export function createLanguageClient(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc },
  };

  const initializationOptions: InitializationOptions = {
    rulesDocsUri: `${vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules').toString()}/`,
  };

  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'python' }],
    outputChannel: log,
    initializationOptions,
    diagnosticCollectionName: 'processor-lens',
  };

  return new LanguageClient(CLIENT_ID, 'Processor Lens', serverOptions, clientOptions);
}

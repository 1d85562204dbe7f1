// TODO: placeholder until the run-history panel lands; the panel's owner replaces this file.
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export function registerRunHistoryPanel(
  _context: vscode.ExtensionContext,
  _client: LanguageClient,
  _log: vscode.LogOutputChannel,
): vscode.Disposable {
  return { dispose() {} };
}

// Status-bar item: indexing progress while the server scans, then the count of findings, or an
// invalid pyproject.toml. Clicking it opens the Problems view, or that pyproject.toml.
import * as vscode from 'vscode';
import { type LanguageClient, State } from 'vscode-languageclient/node';
import { STATUS_NOTIFICATION, type StatusParams } from '../../server/src/protocol';
import { SHOW_OUTPUT_COMMAND } from './commands';
import { PROBLEMS_VIEW_COMMAND, statusView } from './status-view';

export function registerStatusItem(context: vscode.ExtensionContext, client: LanguageClient): void {
  const item = vscode.window.createStatusBarItem('processorLens.status', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Processor Lens';
  context.subscriptions.push(item);
  showStarting(item);
  item.show();

  context.subscriptions.push(
    client.onNotification(STATUS_NOTIFICATION, (status: StatusParams) => showStatus(item, status)),
    client.onDidChangeState(({ newState }) => {
      if (newState === State.Stopped) showStopped(item);
      else if (newState === State.Starting) showStarting(item);
    }),
  );
}

function showStatus(item: vscode.StatusBarItem, status: StatusParams): void {
  const view = statusView(status);
  item.text = view.text;
  item.tooltip = view.tooltip;
  item.backgroundColor = view.isError ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  item.command = view.openUri
    ? { title: 'Open pyproject.toml', command: 'vscode.open', arguments: [vscode.Uri.parse(view.openUri)] }
    : PROBLEMS_VIEW_COMMAND;
}

function showStarting(item: vscode.StatusBarItem): void {
  item.text = '$(sync~spin) Processor Lens';
  item.tooltip = 'Starting the Processor Lens language server';
  item.command = SHOW_OUTPUT_COMMAND;
  item.backgroundColor = undefined;
}

function showStopped(item: vscode.StatusBarItem): void {
  item.text = '$(error) Processor Lens';
  item.tooltip = 'The Processor Lens language server stopped; click to show its output';
  item.command = SHOW_OUTPUT_COMMAND;
  item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
}

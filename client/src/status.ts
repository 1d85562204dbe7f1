// Status-bar item: indexing progress while the server scans, then the count of findings.
// Clicking it opens the Problems view.
import * as vscode from 'vscode';
import { type LanguageClient, State } from 'vscode-languageclient/node';
import { STATUS_NOTIFICATION, type StatusParams } from '../../server/src/protocol';
import { SHOW_OUTPUT_COMMAND } from './commands';

const PROBLEMS_VIEW_COMMAND = 'workbench.actions.view.problems';

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

export function statusText(status: StatusParams): string {
  if (status.indexing) {
    const percentage = status.total > 0 ? ` ${Math.floor((status.done / status.total) * 100)}%` : '';
    return `$(sync~spin) Processor Lens${percentage}`;
  }
  if (status.findings === 0) return '$(check) Processor Lens';
  return `$(warning) Processor Lens: ${status.findings}`;
}

function showStatus(item: vscode.StatusBarItem, status: StatusParams): void {
  item.text = statusText(status);
  item.backgroundColor = undefined;
  item.command = PROBLEMS_VIEW_COMMAND;

  const lines = [
    status.indexing ? `Indexing: ${status.done} of ${status.total} files` : 'Indexing finished',
    `${status.findings} ${status.findings === 1 ? 'finding' : 'findings'} in the workspace`,
  ];
  if (status.skipped > 0) lines.push(`${status.skipped} files skipped (see "Processor Lens: Show Output")`);
  lines.push('Click to open the Problems view');
  item.tooltip = lines.join('\n');
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

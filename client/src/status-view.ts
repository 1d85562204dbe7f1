// What the status-bar item shows for a server status, apart from the vscode API so it can be
// tested without an editor.
import type { StatusParams } from '../../server/src/protocol';

export const PROBLEMS_VIEW_COMMAND = 'workbench.actions.view.problems';

export interface StatusView {
  text: string;
  tooltip: string;
  /** True for the error background. */
  isError: boolean;
  /** `file:` URI to open on click; the Problems view opens when absent. */
  openUri?: string;
}

export function statusView(status: StatusParams): StatusView {
  const configErrors = status.configErrors ?? [];
  if (configErrors.length > 0) {
    const lines = [
      ...configErrors.map((error) => error.message),
      configErrors.length === 1
        ? 'Its folder is not analyzed until the file is fixed. Click to open pyproject.toml.'
        : 'These folders are not analyzed until the files are fixed. Click to open the Problems view.',
    ];
    return {
      text: '$(error) Processor Lens: config error',
      tooltip: lines.join('\n'),
      isError: true,
      openUri: configErrors.length === 1 ? configErrors[0].uri : undefined,
    };
  }

  const lines = [
    status.indexing ? `Indexing: ${status.done} of ${status.total} files` : 'Indexing finished',
    `${status.findings} ${status.findings === 1 ? 'finding' : 'findings'} in the workspace`,
  ];
  if (status.skipped > 0) lines.push(`${status.skipped} files skipped (see "Processor Lens: Show Output")`);
  lines.push('Click to open the Problems view');
  return { text: statusText(status), tooltip: lines.join('\n'), isError: false };
}

export function statusText(status: StatusParams): string {
  if ((status.configErrors?.length ?? 0) > 0) return '$(error) Processor Lens: config error';
  if (status.indexing) {
    const percentage = status.total > 0 ? ` ${Math.floor((status.done / status.total) * 100)}%` : '';
    return `$(sync~spin) Processor Lens${percentage}`;
  }
  if (status.findings === 0) return '$(check) Processor Lens';
  return `$(warning) Processor Lens: ${status.findings}`;
}

// Wires the run-history panel into the editor: the webview view, the command that reveals it,
// cursor following in Python editors, settings and trust changes, and the evidence code lens.
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { DEFAULT_HISTORY_SETTINGS, type HistorySettings } from '../../../server/src/history/config';
import { localToday } from '../../../server/src/history/dates';
import {
  PROCESSOR_AT_METHOD,
  SHOW_RUN_HISTORY_COMMAND,
  type ProcessorAtParams,
  type ProcessorAtResult,
  type ShowRunHistoryArgs,
} from '../../../server/src/protocol';
import { resolveTarget } from '../../../server/src/history/resolve-target';
import { loadHistorySources } from '../run-history/lazy-sources';
import { SourceRegistry } from '../run-history/source-factory';
import { PanelController, sqlForClipboard, type CursorLocation } from './controller';
import { EvidenceLensProvider } from './evidence-lens';
import type { WebviewToExtension } from './messages';
import { RUN_HISTORY_VIEW_ID, RunHistoryViewProvider } from './provider';
import { ResultCache } from './result-cache';
import { locateTomlKey, type SettingsLocation } from './settings-location';

/** Command of the view's title bar that runs the query again, bypassing the cache. */
export const REFRESH_RUN_HISTORY_COMMAND = 'processorLens.refreshRunHistory';

const PYTHON_FILES: vscode.DocumentSelector = { language: 'python', scheme: 'file' };

function cursorOf(editor: vscode.TextEditor | undefined): CursorLocation | null {
  if (editor === undefined || editor.document.languageId !== 'python' || editor.document.uri.scheme !== 'file') return null;
  const { line, character } = editor.selection.active;
  return { uri: editor.document.uri.toString(), position: { line, character } };
}

/** Reads the folder's `processorLens.history.*` settings, keyed as the history library names them. */
function historySettings(folder: vscode.Uri): Partial<HistorySettings> {
  const configuration = vscode.workspace.getConfiguration('processorLens', folder);
  const settings: Record<string, unknown> = {};
  for (const key of Object.keys(DEFAULT_HISTORY_SETTINGS)) settings[key] = configuration.get(key);
  return settings as Partial<HistorySettings>;
}

async function requestProcessorAt(client: LanguageClient, location: CursorLocation, signal: AbortSignal): Promise<ProcessorAtResult | null> {
  if (client.state !== State.Running) {
    throw new Error('The Processor Lens language server is not running yet; the panel updates when it is ready.');
  }
  const cancellation = new vscode.CancellationTokenSource();
  const onAbort = () => cancellation.cancel();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const params: ProcessorAtParams = location;
    return await client.sendRequest<ProcessorAtResult | null>(PROCESSOR_AT_METHOD, params, cancellation.token);
  } finally {
    signal.removeEventListener('abort', onAbort);
    cancellation.dispose();
  }
}

/** Opens the editor's history settings, or pyproject.toml at the section and key behind an error. */
async function openSettingsLocation(location: SettingsLocation | undefined): Promise<void> {
  if (location === undefined || location.kind === 'editor-settings') {
    await vscode.commands.executeCommand('workbench.action.openSettings', location?.query ?? 'processorLens.history');
    return;
  }
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(location.path));
  const line = locateTomlKey(document.getText(), location.section, location.key) ?? 0;
  const position = new vscode.Position(line, 0);
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position) });
}

export function registerRunHistoryPanel(
  context: vscode.ExtensionContext,
  client: LanguageClient,
  log: vscode.LogOutputChannel,
): vscode.Disposable {
  const cache = new ResultCache(DEFAULT_HISTORY_SETTINGS['history.cacheTtlSeconds'] * 1000);
  const sources = new SourceRegistry();
  let provider: RunHistoryViewProvider;

  const controller = new PanelController(
    {
      processorAt: (location, signal) => requestProcessorAt(client, location, signal),
      resolveTarget: (processor, source, config, table, signal) => resolveTarget(processor, config, source, { table, signal }),
      endDate: async (setting, source, today, signal) => (await loadHistorySources()).resolveEndDate(setting, source, { today, signal }),
      source: async (uri) => {
        const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(uri));
        if (folder === undefined) {
          return {
            ok: false,
            error: {
              code: 'no-workspace-folder',
              message: `${vscode.Uri.parse(uri).fsPath} is outside every workspace folder, so there are no run-history settings for it.`,
              hint: 'Open the folder that contains the file (File: Open Folder) and try again.',
            },
          };
        }
        return sources.get({
          folder: folder.uri.fsPath,
          settings: historySettings(folder.uri),
          trusted: vscode.workspace.isTrusted,
          statKey: vscode.workspace.getConfiguration('processorLens', folder.uri).get<string>('statKey'),
        });
      },
      today: () => localToday(),
      relativePath: (uri) => vscode.workspace.asRelativePath(vscode.Uri.parse(uri), false),
      post: (view) => provider.showView(view),
      log: {
        info: (message) => log.info(`run history: ${message}`),
        warn: (message) => log.warn(`run history: ${message}`),
        error: (message) => log.error(`run history: ${message}`),
      },
    },
    cache,
  );

  const copyToClipboard = (text: string, notice: string): void => {
    vscode.env.clipboard.writeText(text).then(
      () => provider.showNotice(notice),
      (error: unknown) => log.error(`run history: writing ${text.length} characters to the clipboard failed`, error),
    );
  };

  const handleMessage = (message: WebviewToExtension): void => {
    switch (message.type) {
      case 'ready':
        provider.showView(controller.view);
        break;
      case 'setRange':
        void controller.setRange(message.range);
        break;
      case 'refresh':
        void controller.refresh();
        break;
      case 'chooseTarget':
        void controller.chooseTarget(message.id);
        break;
      case 'copySql': {
        const result = controller.result;
        if (result === null) break;
        copyToClipboard(sqlForClipboard(result), 'SQL copied to the clipboard.');
        break;
      }
      case 'copyHint': {
        const view = controller.view;
        if (view.kind !== 'error') break;
        copyToClipboard(view.error.hint, 'Hint copied to the clipboard.');
        break;
      }
      case 'openSettings': {
        const view = controller.view;
        const location = view.kind === 'error' ? view.error.settings : undefined;
        openSettingsLocation(location).catch((error: unknown) => log.error(`run history: opening the settings failed`, error));
        break;
      }
    }
  };

  provider = new RunHistoryViewProvider(context.extensionUri, handleMessage, log);
  const lenses = new EvidenceLensProvider(cache);

  const followCursor = (editor: vscode.TextEditor | undefined): void => {
    const location = cursorOf(editor);
    if (location !== null && provider.visible) controller.cursorMoved(location);
  };

  const showRunHistory = async (args?: ShowRunHistoryArgs): Promise<void> => {
    await vscode.commands.executeCommand(`${RUN_HISTORY_VIEW_ID}.focus`);
    const location = args ?? cursorOf(vscode.window.activeTextEditor);
    if (location === null) {
      log.info('run history: no Python editor is active; the panel shows the last processor.');
      return;
    }
    await controller.showProcessorAt(location);
  };

  const settingsChanged = (): void => {
    void controller.settingsChanged();
  };

  const disposables: vscode.Disposable[] = [
    provider,
    lenses,
    vscode.window.registerWebviewViewProvider(RUN_HISTORY_VIEW_ID, provider),
    vscode.languages.registerCodeLensProvider(PYTHON_FILES, lenses),
    vscode.commands.registerCommand(SHOW_RUN_HISTORY_COMMAND, showRunHistory),
    vscode.commands.registerCommand(REFRESH_RUN_HISTORY_COMMAND, () => controller.refresh()),
    provider.onDidChangeVisibility((visible) => {
      const location = cursorOf(vscode.window.activeTextEditor);
      if (visible && location !== null) void controller.showProcessorAt(location);
    }),
    vscode.window.onDidChangeTextEditorSelection((event) => followCursor(event.textEditor)),
    vscode.window.onDidChangeActiveTextEditor(followCursor),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('processorLens.history') || event.affectsConfiguration('processorLens.statKey')) settingsChanged();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(settingsChanged),
    client.onDidChangeState((event) => {
      if (event.newState === State.Running) followCursor(vscode.window.activeTextEditor);
    }),
  ];

  return new vscode.Disposable(() => {
    controller.dispose();
    for (const disposable of disposables) disposable.dispose();
    void sources.dispose();
  });
}

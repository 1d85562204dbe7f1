// The language server: wires document sync, the folder registry and the LSP features together.
import {
  type ClientCapabilities,
  CodeActionKind,
  CodeLensRefreshRequest,
  type Connection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  type InitializeParams,
  type InitializeResult,
  TextDocumentSyncKind,
  TextDocuments,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { basename, join } from 'node:path';
import { DEFAULT_MAX_FILE_BYTES } from '../engine';
import { readMaxFileBytes } from '../engine/config/load';
import type { Finding, SkippedFile } from '../engine/types';
import {
  AUDIT_METHOD,
  type AuditParams,
  type AuditResult,
  type InitializationOptions,
  PROCESSOR_AT_METHOD,
  type ProcessorAtParams,
  type ProcessorAtResult,
  STATUS_NOTIFICATION,
  type StatusParams,
} from '../protocol';
import { renderWorkspaceAudit } from './audit-request';
import { provideCodeActions, FIX_ALL_KIND } from './code-actions';
import { provideCodeLenses } from './code-lens';
import { toDiagnostic } from './diagnostics';
import type { Folder } from './folder';
import { FolderRegistry } from './folder-registry';
import { provideHover } from './hover';
import { registerInventoryRequest } from './inventory-request';
import { createLogger, describeError } from './logger';
import { processorAt } from './processor-at';
import { pathToUri, uriToPath } from './uri';

/** Minimum time between two status notifications, in ms. */
const STATUS_INTERVAL_MS = 150;
/** Minimum time between two code lens refresh requests, in ms. */
const CODE_LENS_REFRESH_DELAY_MS = 300;

export function startServer(connection: Connection): void {
  const log = createLogger(connection);
  const documents = new TextDocuments(TextDocument);
  let capabilities: ClientCapabilities = {};
  let workspaceFolderUris: string[] = [];
  let rulesDocsUri = pathToUri(join(__dirname, '..', '..', 'docs', 'rules')) + '/';

  /** Open Python documents by absolute path; their URIs as the client spelled them. */
  const openUris = new Map<string, string>();

  const registry = new FolderRegistry({
    log,
    connection,
    supportsConfiguration: () => capabilities.workspace?.configuration === true,
    openDocuments: () =>
      [...openUris].flatMap(([path, uri]) => {
        const document = documents.get(uri);
        return document ? [{ path, text: document.getText() }] : [];
      }),
    publish: (_folder, path, findings) => publish(path, findings),
    onSkipped: (_folder, skipped) => reportSkipped(skipped),
    onStatusChange: () => scheduleStatus(),
    onAnalyzed: (paths) => {
      if (paths.some((path) => openUris.has(path))) scheduleCodeLensRefresh();
    },
  });

  let codeLensTimer: NodeJS.Timeout | null = null;
  /** Asks the client to request code lenses again, for open files whose exits changed without an edit of their own. */
  function scheduleCodeLensRefresh(): void {
    if (!capabilities.workspace?.codeLens?.refreshSupport) return;
    codeLensTimer ??= setTimeout(() => {
      codeLensTimer = null;
      connection.sendRequest(CodeLensRefreshRequest.type).catch((error: unknown) => log.error('workspace/codeLens/refresh failed', error));
    }, CODE_LENS_REFRESH_DELAY_MS);
  }

  function publish(path: string, findings: Finding[]): void {
    const uri = openUris.get(path) ?? pathToUri(path);
    const version = documents.get(uri)?.version;
    const diagnostics = findings.map((finding) => toDiagnostic(finding, rulesDocsUri));
    void connection.sendDiagnostics({ uri, version, diagnostics });
  }

  /** Open documents whose skip was already shown in a message; the log gets every skip. */
  const skipShown = new Set<string>();
  function reportSkipped(skipped: SkippedFile): void {
    log.warn(`skipped ${skipped.path}: ${skipped.reason}`);
    if (openUris.has(skipped.path) && !skipShown.has(skipped.path)) {
      skipShown.add(skipped.path);
      void connection.window.showWarningMessage(`Processor Lens skipped ${basename(skipped.path)}: ${skipped.reason}`);
    }
  }

  let statusTimer: NodeJS.Timeout | null = null;
  let lastStatus = '';
  function scheduleStatus(): void {
    statusTimer ??= setTimeout(() => {
      statusTimer = null;
      const status = currentStatus();
      const serialized = JSON.stringify(status);
      if (serialized === lastStatus) return;
      lastStatus = serialized;
      void connection.sendNotification(STATUS_NOTIFICATION, status);
    }, STATUS_INTERVAL_MS);
  }

  function currentStatus(): StatusParams {
    const status: StatusParams = { indexing: false, done: 0, total: 0, findings: 0, skipped: 0 };
    for (const folder of registry.all()) {
      status.findings += folder.findingCount();
      status.skipped += folder.skippedCount();
      if (folder.indexing) {
        status.indexing = true;
        status.done += folder.indexing.done;
        status.total += folder.indexing.total;
      }
    }
    const configErrors = registry.configErrors();
    if (configErrors.length > 0) status.configErrors = configErrors;
    return status;
  }

  /** Folder and path of a document, when a folder with analysis enabled contains it. */
  function locate(uri: string): { folder: Folder; path: string } | null {
    const path = uriToPath(uri);
    if (!path) return null;
    const folder = registry.folderFor(path);
    return folder?.workspace ? { folder, path } : null;
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    capabilities = params.capabilities;
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    if (typeof options.rulesDocsUri === 'string' && options.rulesDocsUri !== '') {
      rulesDocsUri = options.rulesDocsUri.endsWith('/') ? options.rulesDocsUri : `${options.rulesDocsUri}/`;
    }
    workspaceFolderUris =
      params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);

    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: {
          codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND],
          resolveProvider: false,
        },
        codeLensProvider: { resolveProvider: false },
        hoverProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'processor-lens' },
    };
  });

  connection.onInitialized(() => {
    if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.py' }, { globPattern: '**/pyproject.toml' }],
      });
    } else {
      log.info('the client cannot register file watchers; changes on disk are seen when files are opened or saved');
    }
    if (capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'processorLens' });
    }
    if (capabilities.workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        for (const removed of event.removed) registry.remove(removed.uri);
        for (const added of event.added) void registry.add(added.uri);
      });
    }
    for (const uri of workspaceFolderUris) void registry.add(uri);
  });

  documents.onDidChangeContent(({ document }) => {
    const path = uriToPath(document.uri);
    if (!path || !isPython(document)) return;
    openUris.set(path, document.uri);

    const folder = registry.folderFor(path);
    const text = document.getText();
    if (folder && text.length > maxDocumentLength(folder)) {
      skipOversized(folder, path, text.length);
    } else if (folder) {
      oversized.delete(path);
      folder.setText(path, text);
    } else if (!registry.isInWorkspaceFolder(path)) {
      // The new folder replays the open documents once it exists, this one included.
      void registry.addForFile(path);
    }
  });

  /** The folder's `max-file-bytes`, compared with the document's length in UTF-16 units as an estimate of its size. */
  function maxDocumentLength(folder: Folder): number {
    return readMaxFileBytes(folder.config) ?? DEFAULT_MAX_FILE_BYTES;
  }

  /** Open documents too large to analyze; each gets one message until it shrinks below the limit. */
  const oversized = new Set<string>();
  function skipOversized(folder: Folder, path: string, length: number): void {
    if (oversized.has(path)) return;
    oversized.add(path);
    // The engine falls back to the file on disk, which it skips as well when it is as large.
    folder.reload(path);
    const limit = maxDocumentLength(folder);
    const reason = `the document has ${length} characters, more than the ${limit} the analysis reads; split the file or raise max-file-bytes in [tool.processor-lens]`;
    reportSkipped({ path, reason });
  }

  documents.onDidClose(({ document }) => {
    const path = uriToPath(document.uri);
    if (!path) return;
    openUris.delete(path);
    oversized.delete(path);
    skipShown.delete(path);
    registry.folderFor(path)?.reload(path);
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    const reloads = new Set<Folder>();
    for (const change of changes) {
      const path = uriToPath(change.uri);
      if (!path) continue;
      if (basename(path) === 'pyproject.toml') registry.retryFailed(path);
      const folder = registry.folderFor(path);
      if (!folder) continue;

      if (basename(path) === 'pyproject.toml') {
        reloads.add(folder);
      } else if (path.endsWith('.py') && !openUris.has(path)) {
        if (change.type === FileChangeType.Deleted) folder.remove(path);
        else folder.reload(path);
      }
    }
    for (const folder of reloads) void registry.recreate(folder, 'pyproject.toml changed');
  });

  connection.onDidChangeConfiguration(() => {
    void registry.refreshSettings();
  });

  connection.onCodeAction((params) => {
    const located = locate(params.textDocument.uri);
    const document = documents.get(params.textDocument.uri);
    if (!located || !document) return [];
    return guard(`code actions for ${located.path}`, [], () => {
      const findings = located.folder.resultFor(located.path)?.findings ?? [];
      return provideCodeActions({
        params,
        document,
        findings,
        rulesDocsUri,
        versionedEdits: capabilities.workspace?.workspaceEdit?.documentChanges === true,
      });
    });
  });

  connection.onCodeLens((params) => {
    const located = locate(params.textDocument.uri);
    if (!located) return [];
    return guard(`code lenses for ${located.path}`, [], () => {
      const result = located.folder.resultFor(located.path);
      if (!result) return [];
      return provideCodeLenses(params.textDocument.uri, result.methods, result.processors, located.folder.config.statKey);
    });
  });

  connection.onHover((params) => {
    const located = locate(params.textDocument.uri);
    if (!located) return null;
    return guard(`hover in ${located.path}`, null, () => {
      const result = located.folder.resultFor(located.path);
      return result ? provideHover(result.methods, params.position, located.folder.config.statKey) : null;
    });
  });

  connection.onRequest(PROCESSOR_AT_METHOD, async (params: ProcessorAtParams): Promise<ProcessorAtResult | null> => {
    // The panel may ask as soon as the editor opens, before the file's folder is ready.
    await registry.whenOpened();
    const located = locate(params.uri);
    if (!located) return null;
    // The attributes a processor inherits (dataset_id, table_name) are known once the scan read its bases.
    await located.folder.whenScanned();
    return guard(`finding the processor at ${located.path}:${params.position.line + 1}`, null, () =>
      processorAt(located.folder, located.path, params.position),
    );
  });

  connection.onRequest(AUDIT_METHOD, (params: AuditParams | undefined): AuditResult => {
    const folders = params?.folderUri ? [registry.folderByUri(params.folderUri)].filter((f): f is Folder => !!f) : registry.all();
    return guard('rendering the audit checklist', { markdown: '' }, () => ({ markdown: renderWorkspaceAudit(folders) }));
  });

  registerInventoryRequest(connection, () => registry.workspaces());

  connection.onShutdown(() => registry.disposeAll());

  documents.listen(connection);

  function guard<T>(what: string, fallback: T, action: () => T): T {
    try {
      return action();
    } catch (error) {
      log.error(`${what} failed`, error);
      return fallback;
    }
  }

  // The last line of defence: a bug in one request must not end the server for every file.
  process.on('uncaughtException', (error) => log.error('unexpected error', error));
  process.on('unhandledRejection', (reason) => log.error('unhandled promise rejection', describeError(reason)));
}

function isPython(document: TextDocument): boolean {
  return document.languageId === 'python' || document.uri.endsWith('.py') || document.uri.endsWith('.pyi');
}


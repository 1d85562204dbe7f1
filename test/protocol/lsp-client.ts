// A minimal LSP client for protocol tests: spawns dist/server/server.js over stdio and records
// what the server sends (diagnostics, progress, status, messages, registrations).
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type ClientCapabilities,
  createProtocolConnection,
  type Diagnostic,
  type InitializeResult,
  type ProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { STATUS_NOTIFICATION, type StatusParams } from '../../server/src/protocol';

export const repositoryRoot = join(__dirname, '..', '..');
/** The bundle under test; PROCESSOR_LENS_SERVER points at another build, such as one made with esbuild.mjs --outdir. */
export const serverPath = process.env.PROCESSOR_LENS_SERVER ?? join(repositoryRoot, 'dist', 'server', 'server.js');
export const RULES_DOCS_URI = 'file:///extension/docs/rules/';

export interface PublishedDiagnostics {
  version?: number;
  diagnostics: Diagnostic[];
}

export interface ProgressEvent {
  token: string | number;
  value: { kind: 'begin' | 'report' | 'end'; title?: string; message?: string; percentage?: number; cancellable?: boolean };
}

export interface StartOptions {
  folders: string[];
  /** Settings returned for `workspace/configuration`, per folder path; null sends nothing (defaults). */
  settings?: (folderUri: string | undefined) => unknown;
}

const capabilities: ClientCapabilities = {
  window: { workDoneProgress: true },
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeWatchedFiles: { dynamicRegistration: true },
    didChangeConfiguration: { dynamicRegistration: true },
    codeLens: { refreshSupport: true },
    workspaceEdit: { documentChanges: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } } },
  },
};

export class TestClient {
  readonly diagnostics = new Map<string, PublishedDiagnostics>();
  /** Every publishDiagnostics notification in arrival order, including those replaced later. */
  readonly publications: (PublishedDiagnostics & { uri: string })[] = [];
  readonly progress: ProgressEvent[] = [];
  readonly statuses: StatusParams[] = [];
  readonly messages: string[] = [];
  readonly logs: string[] = [];
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  readonly documents = new Map<string, TextDocument>();
  codeLensRefreshes = 0;
  initializeResult!: InitializeResult;
  private stderr = '';
  private listeners = new Set<() => void>();

  private constructor(
    readonly process: ChildProcessWithoutNullStreams,
    readonly connection: ProtocolConnection,
  ) {}

  static async start(options: StartOptions): Promise<TestClient> {
    if (!existsSync(serverPath)) throw new Error(`${serverPath} is missing; run "npm run build" first`);
    const child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: 'pipe' });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new TestClient(child, connection);
    child.stderr.on('data', (chunk: Buffer) => (client.stderr += chunk.toString()));
    client.listen(options);
    connection.listen();

    client.initializeResult = await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities,
      workspaceFolders: options.folders.map((folder) => ({ uri: uri(folder), name: folder.split('/').pop() })),
      initializationOptions: { rulesDocsUri: RULES_DOCS_URI },
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  private listen(options: StartOptions): void {
    const notify = () => {
      for (const listener of this.listeners) listener();
    };
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishedDiagnostics & { uri: string }) => {
      this.diagnostics.set(params.uri, { version: params.version, diagnostics: params.diagnostics });
      this.publications.push(params);
      notify();
    });
    this.connection.onNotification('$/progress', (params: ProgressEvent) => {
      this.progress.push(params);
      notify();
    });
    this.connection.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => {
      this.statuses.push(params);
      notify();
    });
    this.connection.onNotification('window/showMessage', (params: { message: string }) => {
      this.messages.push(params.message);
      notify();
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
      notify();
    });
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('workspace/codeLens/refresh', () => {
      this.codeLensRefreshes += 1;
      notify();
      return null;
    });
    this.connection.onRequest('window/showMessageRequest', (params: { message: string }) => {
      this.messages.push(params.message);
      notify();
      return null;
    });
    this.connection.onRequest('client/registerCapability', (params: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      this.registrations.push(...params.registrations);
      return null;
    });
    this.connection.onRequest('workspace/configuration', (params: { items: { scopeUri?: string }[] }) =>
      params.items.map((item) => options.settings?.(item.scopeUri) ?? null),
    );
  }

  /** Resolves once `predicate` holds, checking after every message from the server. */
  waitFor<T>(what: string, predicate: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        let value: T | undefined | false;
        try {
          value = predicate();
        } catch (error) {
          finish();
          reject(error);
          return;
        }
        if (value !== undefined && value !== false) {
          finish();
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}\nserver stderr:\n${this.stderr}\nlogs:\n${this.logs.slice(-20).join('\n')}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  /** Waits for the work-done progress of indexing to end `count` times. */
  waitForIndexing(count = 1): Promise<void> {
    return this.waitFor(`${count} indexing progress ends`, () =>
      this.progress.filter((event) => event.value.kind === 'end').length >= count ? true : undefined,
    ).then(() => undefined);
  }

  diagnosticsFor(path: string): Diagnostic[] {
    return this.diagnostics.get(uri(path))?.diagnostics ?? [];
  }

  async open(path: string, text = readFileSync(path, 'utf8')): Promise<TextDocument> {
    const document = TextDocument.create(uri(path), 'python', 1, text);
    this.documents.set(document.uri, document);
    await this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: document.uri, languageId: 'python', version: 1, text },
    });
    return document;
  }

  /** Sends incremental changes and keeps the local copy in step. */
  async change(path: string, changes: TextDocumentContentChangeEvent[]): Promise<TextDocument> {
    const current = this.document(path);
    const next = TextDocument.update(current, changes, current.version + 1);
    this.documents.set(next.uri, next);
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: next.uri, version: next.version },
      contentChanges: changes,
    });
    return next;
  }

  async close(path: string): Promise<void> {
    this.documents.delete(uri(path));
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uri(path) } });
  }

  document(path: string): TextDocument {
    const document = this.documents.get(uri(path));
    if (!document) throw new Error(`${path} is not open in the test client`);
    return document;
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  serverErrors(): string {
    return this.stderr;
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), delay(5000)]);
      await this.connection.sendNotification('exit');
    } catch {
      // The server may already be gone; the kill below makes sure.
    }
    await Promise.race([new Promise((resolve) => this.process.once('exit', resolve)), delay(3000)]);
    if (this.process.exitCode === null) this.process.kill();
    this.connection.dispose();
  }
}

export function uri(path: string): string {
  return pathToFileURL(path).href;
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Language-server latency over stdio: dist/server/server.js driven by a JSON-RPC client, as an
// editor drives it. Measures the start-up path (initialize to the open file's first
// diagnostics, indexing, resident memory after indexing) and the diagnostics latency of
// one-character edits.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type ProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
} from 'vscode-languageserver-protocol/node';

import { Random } from './corpus/random';
import type { CorpusManifest } from './generate-corpus';
import { percentile } from './lib/measure';

/** The language server's own status notification (see server/src/protocol.ts). */
const STATUS_NOTIFICATION = 'processorLens/status';

interface StatusParams {
  indexing: boolean;
  done: number;
  total: number;
  findings: number;
}

interface Published {
  uri: string;
  version?: number;
  count: number;
  atMs: number;
}

function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export function fileUri(path: string): string {
  return pathToFileURL(path).href;
}

/** Resident and peak resident memory of a process in KiB, from /proc (Linux only). */
export function processMemory(pid: number): { rssKb: number; hwmKb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /^VmRSS:\s+(\d+) kB/m.exec(status);
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(status);
    if (!rss || !hwm) return null;
    return { rssKb: Number(rss[1]), hwmKb: Number(hwm[1]) };
  } catch {
    return null;
  }
}

/** One language-server process with a client that records diagnostics and status notifications. */
export class ServerSession {
  readonly published: Published[] = [];
  readonly statuses: { status: StatusParams; atMs: number }[] = [];
  lastMessageAtMs = nowMs();
  private stderr = '';
  private waiters = new Set<() => void>();
  private readonly versions = new Map<string, number>();

  private constructor(
    readonly child: ChildProcessWithoutNullStreams,
    readonly connection: ProtocolConnection,
  ) {}

  static spawn(serverPath: string): ServerSession {
    const child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: 'pipe' });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const session = new ServerSession(child, connection);
    child.stderr.on('data', (chunk: Buffer) => {
      session.stderr = (session.stderr + chunk.toString()).slice(-4000);
    });
    session.listen();
    connection.listen();
    return session;
  }

  private listen(): void {
    const notify = () => {
      this.lastMessageAtMs = nowMs();
      for (const waiter of [...this.waiters]) waiter();
    };
    this.connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; version?: number; diagnostics: unknown[] }) => {
      this.published.push({ uri: params.uri, version: params.version, count: params.diagnostics.length, atMs: nowMs() });
      notify();
    });
    this.connection.onNotification(STATUS_NOTIFICATION, (status: StatusParams) => {
      this.statuses.push({ status, atMs: nowMs() });
      notify();
    });
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.onNotification('window/showMessage', () => undefined);
    this.connection.onNotification('$/progress', () => notify());
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('client/registerCapability', () => null);
    // null for every item: the server applies its default settings.
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
  }

  /** Resolves with the predicate's value once it holds, re-checking after every server message. */
  waitFor<T>(what: string, predicate: () => T | undefined, timeoutMs: number): Promise<T> {
    return new Promise((resolvePromise, reject) => {
      const check = () => {
        const value = predicate();
        if (value !== undefined) {
          finish();
          resolvePromise(value);
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; server stderr: ${this.stderr.slice(-500)}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  /**
   * Resolves once no message has arrived for `quietMs` and the last status does not report
   * indexing, or rejects after `timeoutMs`.
   */
  async waitForQuiet(quietMs: number, timeoutMs: number): Promise<void> {
    const deadline = nowMs() + timeoutMs;
    const indexing = () => this.statuses[this.statuses.length - 1]?.status.indexing === true;
    while (nowMs() - this.lastMessageAtMs < quietMs || indexing()) {
      if (nowMs() > deadline) throw new Error(`the server was still busy after ${timeoutMs} ms`);
      await new Promise((resolveTimer) => setTimeout(resolveTimer, 50));
    }
  }

  async initialize(root: string): Promise<void> {
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: fileUri(root),
      capabilities: {
        window: { workDoneProgress: true },
        workspace: { configuration: true, workspaceFolders: true },
        textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true } },
      },
      workspaceFolders: [{ uri: fileUri(root), name: 'corpus' }],
    });
    await this.connection.sendNotification('initialized', {});
  }

  open(path: string): void {
    this.versions.set(path, 1);
    void this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: fileUri(path), languageId: 'python', version: 1, text: readFileSync(path, 'utf8') },
    });
  }

  /** Replaces one character and returns the document version the change creates. */
  replaceCharacter(path: string, line: number, character: number, text: string): number {
    const version = (this.versions.get(path) ?? 1) + 1;
    this.versions.set(path, version);
    void this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: fileUri(path), version },
      contentChanges: [{ range: { start: { line, character }, end: { line, character: character + 1 } }, text }],
    });
    return version;
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.connection.sendRequest(method, params) as Promise<T>;
  }

  async shutdown(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((resolveTimer) => setTimeout(resolveTimer, 3000))]);
      void this.connection.sendNotification('exit');
    } catch {
      // The process is killed below either way.
    }
    await new Promise((resolveTimer) => setTimeout(resolveTimer, 200));
    this.connection.dispose();
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

export interface StartupFigures {
  /** initialize sent to the first publishDiagnostics of the document opened right after it. */
  firstDiagnosticsMs: number;
  /** Whether that first publish came before the server reported the end of indexing; null when no indexing status was seen. */
  beforeIndexingEnded: boolean | null;
  /** initialize sent to the status notification that ends indexing, or null if none was seen. */
  indexingEndedMs: number | null;
  /** initialize sent to the last message before the server fell quiet (initial analysis done). */
  settledMs: number;
  rssAfterIndexingKb: number;
  peakRssKb: number;
  findingsAfterIndexing: number | null;
}

export interface EditFigures {
  label: string;
  file: string;
  latenciesMs: number[];
  timeouts: number;
  p50: number;
  p95: number;
  max: number;
}

export interface LspOptions {
  serverPath: string;
  corpus: string;
  manifest: CorpusManifest;
  edits: number;
  /** Upper bound of the random pause between an edit's diagnostics and the next edit, in ms. */
  maxPauseMs: number;
  editTimeoutMs: number;
  seed: number;
}

const QUIET_MS = 1500;
/** A series stops after this many timeouts when no edit got its diagnostics at all. */
const MAX_TIMEOUTS = 5;
/** Base-class edits after which the benchmark waits for the dependents to be re-analyzed. */
const DEPENDENT_EDITS = 5;
const STARTUP_TIMEOUT_MS = 120_000;

async function startSession(options: LspOptions): Promise<{ session: ServerSession; figures: StartupFigures }> {
  const session = ServerSession.spawn(options.serverPath);
  const largePath = join(options.corpus, options.manifest.largeProcessor.path);
  const largeUri = fileUri(largePath);

  const started = nowMs();
  await session.initialize(options.corpus);
  session.open(largePath);

  const first = await session.waitFor('the first diagnostics of the open file', () => session.published.find((entry) => entry.uri === largeUri), STARTUP_TIMEOUT_MS);
  await session.waitForQuiet(QUIET_MS, STARTUP_TIMEOUT_MS);

  // Status notifications are throttled, so a short indexing run may never be reported as running.
  const began = session.statuses.findIndex((entry) => entry.status.indexing);
  const ended = began < 0 ? undefined : session.statuses.slice(began).find((entry) => !entry.status.indexing);
  const memory = processMemory(session.child.pid!);
  if (!memory) throw new Error(`could not read /proc/${session.child.pid}/status for the server's memory`);

  const lastStatus = session.statuses[session.statuses.length - 1]?.status;
  return {
    session,
    figures: {
      firstDiagnosticsMs: first.atMs - started,
      beforeIndexingEnded: ended ? first.atMs < ended.atMs : null,
      indexingEndedMs: ended ? ended.atMs - started : null,
      settledMs: session.lastMessageAtMs - started,
      rssAfterIndexingKb: memory.rssKb,
      peakRssKb: memory.hwmKb,
      findingsAfterIndexing: lastStatus ? lastStatus.findings : null,
    },
  };
}

async function editSeries(
  session: ServerSession,
  options: LspOptions,
  label: string,
  relativePath: string,
  edit: CorpusManifest['largeProcessor']['edit'],
  random: Random,
): Promise<EditFigures> {
  const path = join(options.corpus, relativePath);
  const uri = fileUri(path);
  const latencies: number[] = [];
  let timeouts = 0;
  let current = edit.original;

  for (let index = 0; index < options.edits; index++) {
    current = current === edit.original ? edit.replacement : edit.original;
    const sentAt = nowMs();
    const version = session.replaceCharacter(path, edit.line - 1, edit.character, current);
    try {
      const published = await session.waitFor(
        `diagnostics of ${relativePath} version ${version}`,
        () => session.published.find((entry) => entry.uri === uri && entry.version === version),
        options.editTimeoutMs,
      );
      latencies.push(published.atMs - sentAt);
    } catch {
      timeouts += 1;
      // A server that stopped publishing would otherwise cost the timeout on every remaining edit.
      if (timeouts >= MAX_TIMEOUTS && latencies.length === 0) break;
    }
    // A seeded pause: some edits land while the server re-analyzes the dependents of the last one.
    await new Promise((resolveTimer) => setTimeout(resolveTimer, random.int(0, options.maxPauseMs)));
  }

  return {
    label,
    file: relativePath,
    latenciesMs: latencies,
    timeouts,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    max: latencies.length > 0 ? Math.max(...latencies) : Number.NaN,
  };
}

export interface DependentsFigures {
  /** Edits of the base class, each followed by a wait until the server fell quiet. */
  edits: number;
  /** didChange of the base class to the last diagnostics published for another file, per edit. */
  settleMs: number[];
  /** Files other than the base class whose diagnostics were republished, per edit. */
  republished: number[];
}

export interface LspFigures {
  startups: StartupFigures[];
  edits: EditFigures[];
  dependents: DependentsFigures | null;
}

/**
 * Edits the base class and waits until the server falls quiet, to time the re-analysis of the
 * files that depend on it. The server publishes only files whose findings exist or changed, so
 * this times the last such file, not every dependent.
 */
async function dependentsSettle(session: ServerSession, options: LspOptions, edits: number): Promise<DependentsFigures> {
  const { bulkBase } = options.manifest;
  const path = join(options.corpus, bulkBase.path);
  const uri = fileUri(path);
  const settleMs: number[] = [];
  const republished: number[] = [];
  let current = bulkBase.edit.original;
  for (let index = 0; index < edits; index++) {
    current = current === bulkBase.edit.original ? bulkBase.edit.replacement : bulkBase.edit.original;
    const before = session.published.length;
    const sentAt = nowMs();
    session.replaceCharacter(path, bulkBase.edit.line - 1, bulkBase.edit.character, current);
    await session.waitForQuiet(QUIET_MS, 30_000);
    const others = session.published.slice(before).filter((entry) => entry.uri !== uri);
    republished.push(new Set(others.map((entry) => entry.uri)).size);
    if (others.length > 0) settleMs.push(others[others.length - 1].atMs - sentAt);
  }
  return { edits, settleMs, republished };
}

/**
 * Starts the server `startups` times for the start-up figures, and runs the edit series in the
 * last session after it settled.
 */
export async function runLsp(options: LspOptions, startups: number): Promise<LspFigures> {
  const figures: LspFigures = { startups: [], edits: [], dependents: null };
  for (let run = 0; run < startups; run++) {
    const { session, figures: startup } = await startSession(options);
    figures.startups.push(startup);
    if (run < startups - 1) {
      await session.shutdown();
      continue;
    }

    try {
      const random = new Random(options.seed);
      const { largeProcessor, bulkBase } = options.manifest;
      session.open(join(options.corpus, bulkBase.path));
      await session.waitForQuiet(500, 30_000);
      figures.edits.push(await editSeries(session, options, `${largeProcessor.lines}-line processor`, largeProcessor.path, largeProcessor.edit, random));
      await session.waitForQuiet(500, 30_000);
      figures.edits.push(await editSeries(session, options, `base class of ${bulkBase.subclasses} processors`, bulkBase.path, bulkBase.edit, random));
      await session.waitForQuiet(500, 30_000);
      figures.dependents = await dependentsSettle(session, options, DEPENDENT_EDITS);
    } finally {
      await session.shutdown();
    }
  }
  return figures;
}

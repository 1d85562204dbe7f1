// The analyzed folders: one per workspace folder, each with its own settings and pyproject.toml,
// plus a folder for a Python file opened outside every workspace folder. Owns their creation,
// replacement after a configuration change, and the indexing with work-done progress.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Connection } from 'vscode-languageserver/node';
import { ConfigError, createWorkspace, findWorkspaceRoot, loadConfig } from '../engine';
import { discoverFiles } from '../engine/files/discover';
import { readMaxFileBytes } from '../engine/config/load';
import type { AnalysisWorkspace, CancellationSignal, ProcessorLensConfig } from '../engine/api';
import { PYPROJECT_SETTING_KEYS, type ProcessorLensSettings } from '../settings';
import { applySettings, fetchSettings } from './client-settings';
import { configErrorDiagnostic, configErrorMessage } from './config-errors';
import { Folder, type FolderHost } from './folder';
import type { Logger } from './logger';
import { isInside, pathToUri, uriToPath } from './uri';

/**
 * Most Python files indexed for a file outside every workspace folder. A larger project root (a
 * home folder with a .git, say) gives way to the file's own folder. Indexing took about 0.5 ms
 * per file on the 2,000-file benchmark corpus, so the cap bounds the work to a few seconds.
 */
const LOOSE_ROOT_MAX_FILES = 5000;
/** Time the listing of a loose file's project root may take before the root counts as too large, in ms. */
const LOOSE_ROOT_LISTING_MS = 1000;

export interface RegistryHost extends Omit<FolderHost, 'owns'> {
  connection: Connection;
  supportsConfiguration: () => boolean;
  /** Open documents, so a new folder starts from the editor's text rather than the disk. */
  openDocuments(): { path: string; text: string }[];
}

export class FolderRegistry {
  private readonly folders = new Map<string, Folder>();
  private readonly pending = new Map<string, Promise<Folder | null>>();
  /** Roots of the workspace folders, including those still being opened. */
  private readonly declaredRoots = new Map<string, string>();
  /**
   * Folders are scanned one after another, and analyzed one after another, so two folders never
   * compete with the open files for the CPU in the same phase. The two queues are separate
   * because a folder's open files wait for its scan but not for another folder's analysis.
   */
  private readonly queues = { scan: Promise.resolve(), analysis: Promise.resolve() };
  /** URIs of the folders opened for files outside every workspace folder. */
  private readonly looseUris = new Set<string>();
  /** Folders being opened for loose files, by the file's project root, so each root is listed once. */
  private readonly looseOpening = new Map<string, Promise<Folder | null>>();
  /** Invalid configurations by folder root: the pyproject.toml that carries the error diagnostic, and its message. */
  private readonly invalidConfigs = new Map<string, { uri: string; message: string }>();

  constructor(private readonly host: RegistryHost) {}

  private get log(): Logger {
    return this.host.log;
  }

  /** The pyproject.toml files that keep a folder from being analyzed, with the reason. */
  configErrors(): { uri: string; message: string }[] {
    return [...this.invalidConfigs.values()];
  }

  all(): Folder[] {
    return [...this.folders.values()];
  }

  workspaces(): AnalysisWorkspace[] {
    return this.all().flatMap((folder) => (folder.workspace ? [folder.workspace] : []));
  }

  /**
   * Returns the folder that analyzes `path`. Of nested folders, the innermost one with its own
   * pyproject.toml owns the file, as its configuration root (the CLI picks the same root); without
   * one, the outermost folder owns it, because only its index contains the bases defined around the inner one.
   * A folder opened for a loose file owns only files that no workspace folder contains.
   */
  folderFor(path: string): Folder | null {
    const containing = [...this.folders.values()]
      .filter((folder) => isInside(folder.root, path))
      .sort((a, b) => b.root.length - a.root.length);
    const declared = containing.filter((folder) => !this.looseUris.has(folder.uri));
    const candidates = declared.length > 0 ? declared : containing;
    return candidates.find((folder) => folder.isProjectRoot) ?? candidates[candidates.length - 1] ?? null;
  }

  /** True when a workspace folder, open or still opening, contains `path`; such files never get a folder of their own. */
  isInWorkspaceFolder(path: string): boolean {
    return [...this.declaredRoots.values()].some((root) => isInside(root, path));
  }

  /** Resolves once every folder being opened now is open (or failed to open). */
  async whenOpened(): Promise<void> {
    await Promise.allSettled([...this.pending.values(), ...this.looseOpening.values()]);
  }

  folderByUri(uri: string): Folder | null {
    return this.folders.get(uri) ?? null;
  }

  /** Adds a workspace folder and starts indexing it; the promise settles once it accepts documents. */
  add(uri: string): Promise<Folder | null> {
    const root = uriToPath(uri);
    if (!root) {
      this.log.warn(`workspace folder ${uri} is not on the local disk; Processor Lens analyzes only file: folders.`);
      return Promise.resolve(null);
    }
    this.declaredRoots.set(uri, root);
    return this.open(uri, root, { index: true, stalePaths: [] });
  }

  /**
   * Opens and indexes a folder for a file outside every workspace folder: the file's project root
   * (see findWorkspaceRoot), or the file's own folder when that root has too many Python files.
   */
  addForFile(path: string): Promise<Folder | null> {
    let projectRoot = dirname(path);
    try {
      projectRoot = findWorkspaceRoot(path);
    } catch (error) {
      this.log.error(`finding the project root of ${path} failed; using its folder ${projectRoot}`, error);
    }
    const existing = this.folders.get(pathToUri(projectRoot)) ?? this.looseOpening.get(projectRoot);
    if (existing) return Promise.resolve(existing);

    const opening = this.openLoose(path, projectRoot).finally(() => this.looseOpening.delete(projectRoot));
    this.looseOpening.set(projectRoot, opening);
    return opening;
  }

  private async openLoose(path: string, projectRoot: string): Promise<Folder | null> {
    const root = this.boundedLooseRoot(path, projectRoot);
    const uri = pathToUri(root ?? dirname(path));
    const existing = this.folders.get(uri);
    if (existing) return existing;

    this.looseUris.add(uri);
    const folder = await this.open(uri, root ?? dirname(path), { index: root !== null, stalePaths: [] });
    if (!folder) this.looseUris.delete(uri);
    return folder;
  }

  /**
   * Returns the folder to index for a loose file. That is its project root when the root lists at
   * most LOOSE_ROOT_MAX_FILES Python files within LOOSE_ROOT_LISTING_MS, else the file's own
   * folder under the same limits. Null means neither fits, so the file's folder is opened unindexed.
   */
  private boundedLooseRoot(path: string, projectRoot: string): string | null {
    const candidates = projectRoot === dirname(path) ? [projectRoot] : [projectRoot, dirname(path)];
    for (const candidate of candidates) {
      const deadline = Date.now() + LOOSE_ROOT_LISTING_MS;
      const signal: CancellationSignal = {
        get isCancellationRequested() {
          return Date.now() > deadline;
        },
      };
      let count: number;
      try {
        count = discoverFiles(candidate, { include: [], exclude: [], signal }).length;
      } catch (error) {
        this.log.error(`listing the Python files of ${candidate} failed`, error);
        continue;
      }
      const timedOut = Date.now() > deadline;
      if (!timedOut && count <= LOOSE_ROOT_MAX_FILES) return candidate;
      const reason = timedOut
        ? `listing its Python files timed out after ${LOOSE_ROOT_LISTING_MS} ms (${count} listed)`
        : `it has ${count} Python files, more than the ${LOOSE_ROOT_MAX_FILES} indexed for a file outside the workspace folders`;
      this.log.warn(`${candidate} is too large to index for ${path}: ${reason}. Open the project as a workspace folder to index all of it.`);
    }
    // NOTE: this folder is not scanned, so it does not know bases defined in files that were
    // never opened. Opening the project as a workspace folder gives full results.
    this.log.warn(`indexing nothing for ${path}; its findings use only the files open in the editor`);
    return null;
  }

  remove(uri: string): void {
    const root = this.declaredRoots.get(uri);
    this.declaredRoots.delete(uri);
    if (root) this.setConfigError(root, null);
    const folder = this.folders.get(uri);
    if (!folder) return;
    this.folders.delete(uri);
    folder.dispose();
    for (const path of folder.publishedPaths()) this.host.publish(folder, path, []);
    this.host.onStatusChange();
  }

  /** Opens again the workspace folders around `path` whose opening failed, after their pyproject.toml changed. */
  retryFailed(path: string): void {
    for (const [uri, root] of this.declaredRoots) {
      if (!isInside(root, path) || this.folders.has(uri) || this.pending.has(uri)) continue;
      this.log.info(`retrying ${root}: pyproject.toml changed`);
      void this.open(uri, root, { index: true, stalePaths: [] });
    }
  }

  /** Rebuilds a folder's workspace after its settings or pyproject.toml changed. */
  async recreate(folder: Folder, reason: string): Promise<void> {
    if (this.folders.get(folder.uri) !== folder) return;
    this.log.info(`reloading ${folder.root}: ${reason}`);
    folder.dispose();
    this.folders.delete(folder.uri);
    const replacement = await this.open(folder.uri, folder.root, { index: true, stalePaths: folder.publishedPaths() });
    if (!replacement) {
      // The folder cannot be analyzed now (an invalid pyproject.toml): its old findings would mislead.
      for (const path of folder.publishedPaths()) this.host.publish(folder, path, []);
      this.host.onStatusChange();
    }
  }

  /**
   * Re-reads each folder's settings and rebuilds the folders whose analysis settings changed;
   * the other settings (trace, run history) belong to the client.
   */
  async refreshSettings(): Promise<void> {
    for (const folder of this.all()) {
      const settings = await fetchSettings(this.host.connection, this.host.supportsConfiguration(), folder.uri, this.log);
      if (analysisSettings(settings) !== analysisSettings(folder.settings)) {
        await this.recreate(folder, 'the processorLens analysis settings changed');
      }
    }
  }

  disposeAll(): void {
    for (const folder of this.folders.values()) folder.dispose();
    this.folders.clear();
  }

  private open(uri: string, root: string, options: { index: boolean; stalePaths: string[] }): Promise<Folder | null> {
    const inFlight = this.pending.get(uri);
    if (inFlight) return inFlight;

    const opening = this.create(uri, root)
      .then((folder) => {
        if (!folder) return null;
        this.folders.set(uri, folder);
        if (options.index) folder.deferUntilScanned();
        for (const document of this.host.openDocuments()) {
          if (this.folderFor(document.path) === folder) folder.setText(document.path, document.text);
        }
        if (options.index) this.queueIndexing(folder, options.stalePaths);
        this.host.onStatusChange();
        return folder;
      })
      .finally(() => this.pending.delete(uri));
    this.pending.set(uri, opening);
    return opening;
  }

  private async create(uri: string, root: string): Promise<Folder | null> {
    const settings = await fetchSettings(this.host.connection, this.host.supportsConfiguration(), uri, this.log);
    try {
      const config = applySettings(await loadConfig(root), settings, this.log);
      logConfigSource(this.log, root, config, settings);
      const maxFileBytes = readMaxFileBytes(config);
      const workspace = settings.enable ? await createWorkspace(root, { config, maxFileBytes }) : null;
      const host = { ...this.host, owns: (folder: Folder, path: string) => this.folderFor(path) === folder };
      const folder = new Folder(host, uri, root, settings, config, workspace);
      folder.isProjectRoot = existsSync(join(root, 'pyproject.toml'));
      this.setConfigError(root, null);
      return folder;
    } catch (error) {
      if (error instanceof ConfigError) {
        this.reportConfigError(root, error);
        return null;
      }
      this.log.error(`opening ${root} for analysis failed; fix the cause below (usually pyproject.toml) and save the file to retry`, error);
      this.host.connection.window.showErrorMessage(
        `Processor Lens cannot analyze ${basename(root)}: ${error instanceof Error ? error.message : String(error)}`,
      );
      return null;
    }
  }

  /**
   * Logs an invalid configuration as one line (it is the user's to fix, so no stack), shows it in
   * a message, and publishes it as a diagnostic on the pyproject.toml.
   */
  private reportConfigError(root: string, error: ConfigError): void {
    this.log.error(`not analyzing ${root} because its configuration is invalid: ${error.message} Save the fixed file to analyze the folder again.`);
    this.host.connection.window.showErrorMessage(`Processor Lens cannot analyze ${basename(root)}: ${configErrorMessage(error)}`);
    this.setConfigError(root, error);
  }

  /** Publishes `error` on its pyproject.toml, or clears the one published for `root` when null. */
  private setConfigError(root: string, error: ConfigError | null): void {
    const previous = this.invalidConfigs.get(root);
    if (!error) {
      if (!previous) return;
      this.invalidConfigs.delete(root);
      void this.host.connection.sendDiagnostics({ uri: previous.uri, diagnostics: [] });
      this.host.onStatusChange();
      return;
    }

    let text = '';
    try {
      text = readFileSync(error.file, 'utf8');
    } catch {
      // The diagnostic then sits on the first line; the message still names the key.
    }
    const uri = pathToUri(error.file);
    if (previous && previous.uri !== uri) void this.host.connection.sendDiagnostics({ uri: previous.uri, diagnostics: [] });
    const diagnostic = configErrorDiagnostic(error, text);
    this.invalidConfigs.set(root, { uri, message: configErrorMessage(error) });
    void this.host.connection.sendDiagnostics({ uri, diagnostics: [diagnostic] });
    this.host.onStatusChange();
  }

  private queueIndexing(folder: Folder, stalePaths: string[]): void {
    void this.index(folder, stalePaths)
      .catch((error) => this.log.error(`indexing ${folder.root} failed`, error))
      // Whatever stopped the scan, the folder's open documents must be analyzed after all.
      .finally(() => folder.endScanDeferral());
  }

  /** Runs `work` after the work queued before it in the same phase, whether that succeeded or not. */
  private inTurn(phase: keyof FolderRegistry['queues'], work: () => Promise<void>): Promise<void> {
    const run = this.queues[phase].then(work);
    this.queues[phase] = run.catch(() => undefined);
    return run;
  }

  private async index(folder: Folder, stalePaths: string[]): Promise<void> {
    if (folder.isDisposed) return;
    if (!folder.workspace) {
      // Analysis is off for the folder: what its predecessor published is now wrong.
      for (const path of stalePaths) this.host.publish(folder, path, []);
      return;
    }
    const started = Date.now();
    const progress = await this.host.connection.window.createWorkDoneProgress();
    const signal: CancellationSignal = {
      get isCancellationRequested() {
        return progress.token.isCancellationRequested || folder.isDisposed;
      },
    };

    try {
      progress.begin(`Processor Lens: indexing ${basename(folder.root)}`, 0, 'finding Python files', true);
      // Reading the files takes the first half of the bar, analyzing them the second.
      const queued = Date.now();
      let scanStarted = queued;
      await this.inTurn('scan', () => {
        scanStarted = Date.now();
        return folder.scan(signal, ({ done, total }) => {
          const percentage = total > 0 ? Math.floor((done / total) * 50) : 0;
          progress.report(percentage, `reading ${done} of ${total} files`);
        });
      });
      if (signal.isCancellationRequested) {
        this.logCancelled(folder);
        return;
      }

      const read = Date.now();
      let analysisStarted = read;
      await this.inTurn('analysis', () => {
        analysisStarted = Date.now();
        return folder.analyzeAll(signal, ({ done, total }) => {
          const percentage = 50 + (total > 0 ? Math.floor((done / total) * 50) : 50);
          progress.report(percentage, `analyzing ${done} of ${total} files`);
        });
      });
      if (signal.isCancellationRequested) {
        this.logCancelled(folder);
        return;
      }
      const published = new Set(folder.publishedPaths());
      for (const path of stalePaths) if (!published.has(path)) this.host.publish(folder, path, []);
      const finished = Date.now();
      this.log.info(
        `indexed ${folder.root} in ${finished - started} ms (reading ${read - scanStarted} ms, ` +
          `analyzing ${finished - analysisStarted} ms, waiting for other folders ${scanStarted - queued + analysisStarted - read} ms): ` +
          `${folder.findingCount()} findings, ${folder.skippedCount()} files skipped`,
      );
    } finally {
      progress.done();
      this.host.onStatusChange();
    }
  }

  /** Logs a cancellation by the user; a replaced folder cancels its indexing too, which needs no line. */
  private logCancelled(folder: Folder): void {
    if (folder.isDisposed) return;
    this.log.warn(`indexing ${folder.root} was cancelled; open files are still checked. Run "Processor Lens: Restart Server" to index again.`);
  }
}

function analysisSettings(settings: ProcessorLensSettings): string {
  const keys = ['enable', ...PYPROJECT_SETTING_KEYS] as const;
  return JSON.stringify(keys.map((key) => settings[key]));
}

function logConfigSource(log: Logger, root: string, config: ProcessorLensConfig, settings: ProcessorLensSettings): void {
  if (!settings.enable) {
    log.info(`${root}: analysis disabled by processorLens.enable`);
  } else if (config.source) {
    log.info(`${root}: configuration from ${config.source}; the analysis settings of the editor do not apply here`);
  } else {
    log.info(`${root}: no [tool.processor-lens] in pyproject.toml; using the editor settings`);
  }
}

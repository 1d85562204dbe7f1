// One workspace folder: its AnalysisWorkspace, the queue of files to re-analyze, and the latest
// result of each file. Open files are analyzed first. Files that depend on a change follow after
// a pause in typing, in small batches, so a keystroke waits for one batch at most. A folder that
// is about to be scanned analyzes nothing until its class index covers every file, because a
// base class missing from a partial index turns `super().save_data()` into an exit without the
// stat and so into a wrong finding.
import type { AnalysisWorkspace, CancellationSignal, ProcessorLensConfig, ScanProgress } from '../engine/api';
import type { AnalysisResult, CheckedMethod, Finding, ProcessorInfo, SkippedFile } from '../engine/types';
import type { ProcessorLensSettings } from '../settings';
import { discoverFiles } from '../engine/files/discover';
import type { Logger } from './logger';

/** Latest analysis of one file. */
export interface FileResult {
  /** Text revision of the file the result was computed from (see `Folder.revision`). */
  revision: number;
  findings: Finding[];
  methods: CheckedMethod[];
  processors: ProcessorInfo[];
  skipped: SkippedFile | null;
}

export interface FolderHost {
  log: Logger;
  /** Replaces the published diagnostics of a file. */
  publish(folder: Folder, path: string, findings: Finding[]): void;
  onSkipped(folder: Folder, skipped: SkippedFile): void;
  onStatusChange(): void;
  /** New results were stored for these files (code lenses and hovers may have changed). */
  onAnalyzed(paths: string[]): void;
  /** False for a file of a nested workspace folder, which that folder analyzes and publishes. */
  owns(folder: Folder, path: string): boolean;
}

/** Pause after the last change before the dependents of the changed files are re-analyzed, in ms. */
const DEPENDENTS_DELAY_MS = 250;
/** Files analyzed in one synchronous step of background work; between steps the queue yields. */
const BATCH_SIZE = 20;
/**
 * Files per step when the whole folder is analyzed after a scan; open documents changed since
 * the last step are analyzed before the next one. On the 2,000-file benchmark corpus
 * (bench/generate-corpus.ts, shared 2-core machine) every step of 10 after the first stayed
 * under 30 ms, against up to 50 ms for steps of 50, and the whole pass took no longer. The first
 * step of a pass also builds the class index and took 100 to 250 ms whatever its size.
 */
const FOLDER_BATCH_SIZE = 10;

export class Folder {
  /** Findings, lenses and hovers come from here; null while analysis is disabled for the folder. */
  readonly workspace: AnalysisWorkspace | null;
  indexing: ScanProgress | null = null;
  /** True when the folder has its own pyproject.toml, which makes it the owner of its files in nested folders. */
  isProjectRoot = false;

  private readonly results = new Map<string, FileResult>();
  private readonly revisions = new Map<string, number>();
  private readonly urgent = new Set<string>();
  private readonly changed = new Set<string>();
  private readonly background = new Set<string>();
  private backgroundNotBefore = 0;
  private draining = false;
  private wake: (() => void) | null = null;
  private disposed = false;
  /** True from `deferUntilScanned()` until the scan ends: nothing is analyzed or published meanwhile. */
  private awaitingScan = false;
  private readonly scanWaiters: (() => void)[] = [];

  constructor(
    private readonly host: FolderHost,
    /** Workspace folder URI as the client sent it. */
    readonly uri: string,
    readonly root: string,
    readonly settings: ProcessorLensSettings,
    readonly config: ProcessorLensConfig,
    workspace: AnalysisWorkspace | null,
  ) {
    this.workspace = settings.enable ? workspace : null;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Count of text changes seen for `path`; a result computed at an older revision is stale. */
  revision(path: string): number {
    return this.revisions.get(path) ?? 0;
  }

  findingCount(): number {
    let count = 0;
    for (const result of this.results.values()) count += result.findings.length;
    return count;
  }

  skippedCount(): number {
    let count = 0;
    for (const result of this.results.values()) if (result.skipped) count += 1;
    return count;
  }

  /** Paths with findings published, so a replacement folder can clear them. */
  publishedPaths(): string[] {
    return [...this.results].filter(([, result]) => result.findings.length > 0).map(([path]) => path);
  }

  /**
   * Holds back every analysis until `scan()` or `endScanDeferral()`, so no result comes from a
   * class index that lacks the files not read yet. Call it before the first `setText`.
   */
  deferUntilScanned(): void {
    if (this.workspace) this.awaitingScan = true;
  }

  /** Resolves when no scan holds back analysis (at once when none does) or the folder is disposed. */
  whenScanned(): Promise<void> {
    if (!this.awaitingScan || this.disposed) return Promise.resolve();
    return new Promise((resolve) => this.scanWaiters.push(resolve));
  }

  /** Ends the hold of `deferUntilScanned()` and analyzes the documents changed meanwhile. */
  endScanDeferral(): void {
    if (!this.awaitingScan) return;
    this.awaitingScan = false;
    for (const resolve of this.scanWaiters.splice(0)) resolve();
    if (this.urgent.size > 0 || this.background.size > 0 || this.changed.size > 0) this.kick();
  }

  async scan(signal: CancellationSignal, onProgress: (progress: ScanProgress) => void): Promise<void> {
    if (!this.workspace) return;
    this.indexing = { done: 0, total: 0 };
    this.host.onStatusChange();
    try {
      await this.workspace.scan({
        signal,
        onProgress: (progress) => {
          this.indexing = progress;
          onProgress(progress);
        },
      });
    } finally {
      this.indexing = null;
      this.host.onStatusChange();
      // A cancelled scan leaves a partial index; the user chose that, so analysis goes ahead.
      this.endScanDeferral();
    }
  }

  /**
   * Analyzes every file of the folder and publishes the results, one batch at a time, so open
   * files are re-analyzed between batches. Clears the diagnostics of files that are gone.
   */
  async analyzeAll(signal: CancellationSignal, onProgress: (progress: ScanProgress) => void): Promise<void> {
    const workspace = this.workspace;
    if (!workspace || this.disposed) return;

    let paths: string[];
    try {
      // The same listing scan() reads, so every indexed file is analyzed once.
      paths = discoverFiles(this.root, { include: this.config.include, exclude: this.config.exclude, signal });
    } catch (error) {
      this.host.log.error(`listing the Python files of ${this.root} failed`, error);
      return;
    }

    const listed = new Set(paths);
    for (const path of [...this.results.keys()]) {
      if (listed.has(path) || this.revision(path) > 0) continue;
      if (this.results.get(path)?.findings.length) this.host.publish(this, path, []);
      this.results.delete(path);
    }

    try {
      for (let start = 0; start < paths.length; start += FOLDER_BATCH_SIZE) {
        if (signal.isCancellationRequested || this.disposed) return;
        // An edit that arrived during the last step goes first; the queue's own turn may come
        // only after another step of this loop.
        this.analyzeUrgent();
        this.analyzeAndStore(paths.slice(start, start + FOLDER_BATCH_SIZE));
        this.indexing = { done: Math.min(start + FOLDER_BATCH_SIZE, paths.length), total: paths.length };
        onProgress(this.indexing);
        await yieldToEventLoop();
      }
    } finally {
      this.indexing = null;
      this.host.onStatusChange();
    }
  }

  /** Stores the new text of an open document and queues it ahead of every other file. */
  setText(path: string, text: string): void {
    if (!this.workspace) return;
    this.noteChange(path, () => this.workspace?.setText(path, text));
    this.urgent.add(path);
    this.kick();
  }

  /** Reads a file from disk again, after it changed on disk or its document was closed. */
  reload(path: string): void {
    if (!this.workspace) return;
    this.noteChange(path, () => this.workspace?.reload(path));
    this.background.add(path);
    this.kick();
  }

  remove(path: string): void {
    if (!this.workspace) return;
    this.noteChange(path, () => this.workspace?.remove(path));
    if (this.results.delete(path)) this.host.publish(this, path, []);
    this.host.onStatusChange();
    this.kick();
  }

  /** Returns the latest result for `path`, analyzing it now when the stored one is stale or missing. */
  resultFor(path: string): FileResult | null {
    const stored = this.results.get(path);
    if (stored && stored.revision === this.revision(path)) return stored;
    if (this.awaitingScan) return null;
    const result = this.guardedAnalyze([path]);
    if (!result) return stored ?? null;
    this.store([path], result);
    return this.results.get(path) ?? null;
  }

  dispose(): void {
    this.disposed = true;
    this.wake?.();
    for (const resolve of this.scanWaiters.splice(0)) resolve();
  }

  private noteChange(path: string, apply: () => void): void {
    // Dependents are taken before and after the change: a renamed class loses its old subclasses.
    this.addDependents(path);
    try {
      apply();
    } catch (error) {
      this.host.log.error(`updating the text of ${path} failed`, error);
    }
    this.revisions.set(path, this.revision(path) + 1);
    this.changed.add(path);
    this.backgroundNotBefore = Date.now() + DEPENDENTS_DELAY_MS;
  }

  private addDependents(path: string): void {
    if (!this.workspace) return;
    try {
      for (const dependent of this.workspace.dependents(path)) {
        if (dependent !== path) this.background.add(dependent);
      }
    } catch (error) {
      this.host.log.error(`finding the files that depend on ${path} failed`, error);
    }
  }

  private kick(): void {
    if (this.draining) {
      this.wake?.();
      return;
    }
    this.draining = true;
    setImmediate(() => {
      this.drain()
        .catch((error) => this.host.log.error(`re-analysis in ${this.root} failed`, error))
        .finally(() => {
          this.draining = false;
        });
    });
  }

  private async drain(): Promise<void> {
    while (!this.disposed && !this.awaitingScan) {
      if (this.urgent.size > 0) {
        this.analyzeUrgent();
        await yieldToEventLoop();
        continue;
      }

      if (this.changed.size === 0 && this.background.size === 0) return;

      const wait = this.backgroundNotBefore - Date.now();
      if (wait > 0) {
        await this.sleep(wait);
        continue;
      }

      for (const path of this.changed) this.addDependents(path);
      this.changed.clear();
      const batch = [...this.background].slice(0, BATCH_SIZE);
      for (const path of batch) this.background.delete(path);
      if (batch.length > 0) this.analyzeAndStore(batch);
      await yieldToEventLoop();
    }
  }

  /** Analyzes the open documents changed since their last analysis, if any. */
  private analyzeUrgent(): void {
    if (this.urgent.size === 0 || this.awaitingScan) return;
    const paths = [...this.urgent];
    this.urgent.clear();
    for (const path of paths) this.background.delete(path);
    this.analyzeAndStore(paths);
  }

  private analyzeAndStore(paths: string[]): void {
    const result = this.guardedAnalyze(paths);
    if (result) this.store(paths, result);
  }

  private guardedAnalyze(paths: string[] | undefined): AnalysisResult | null {
    if (!this.workspace) return null;
    try {
      return this.workspace.analyze(paths);
    } catch (error) {
      const what = paths ? paths.join(', ') : `every file in ${this.root}`;
      this.host.log.error(`analysis of ${what} failed`, error);
      return null;
    }
  }

  /** Records the result for each analyzed path and publishes its findings. */
  private store(paths: string[], result: AnalysisResult): void {
    const byPath = new Map<string, FileResult>();
    for (const path of paths) {
      if (!this.host.owns(this, path)) continue;
      byPath.set(path, { revision: this.revision(path), findings: [], methods: [], processors: [], skipped: null });
    }
    const entry = (path: string): FileResult | undefined => byPath.get(path);

    for (const finding of result.findings) entry(finding.path)?.findings.push(finding);
    for (const method of result.methods) entry(method.path)?.methods.push(method);
    for (const processor of result.processors) entry(processor.path)?.processors.push(processor);
    for (const skipped of result.skipped) {
      const fileResult = entry(skipped.path);
      if (!fileResult) continue;
      const known = this.results.get(skipped.path)?.skipped;
      fileResult.skipped = skipped;
      if (known?.reason !== skipped.reason) this.host.onSkipped(this, skipped);
    }

    for (const [path, fileResult] of byPath) {
      const previous = this.results.get(path);
      this.results.set(path, fileResult);
      if (fileResult.findings.length > 0 || (previous?.findings.length ?? 0) > 0) {
        this.host.publish(this, path, fileResult.findings);
      }
    }
    this.host.onStatusChange();
    this.host.onAnalyzed([...byPath.keys()]);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

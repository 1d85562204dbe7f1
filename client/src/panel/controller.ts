// The run-history panel's logic without the editor: it follows cursor positions, finds the
// processor and its table, runs one comparison query at a time and turns the outcome into the
// view the webview shows. Everything editor-specific arrives through `PanelControllerDeps`.
import type { ProcessorAtResult } from '../../../server/src/protocol';
import type { HistoryConfig } from '../../../server/src/history/config';
import { classTableCandidates, type ResolvedTarget, type TargetCandidate } from '../../../server/src/history/resolve-target';
import { formatTableRef, inlineParameters } from '../../../server/src/history/sql';
import { HistoryError, type HistoryResult, type HistoryTarget, type RunHistorySource } from '../../../server/src/history/types';
import { InvalidRangeError, rangeDates } from './date-range';
import type { PanelError, PanelHeader, PanelView, RangeChoice, TableChoice } from './messages';
import { cacheKey, type ResultCache } from './result-cache';
import type { SettingsLocation } from './settings-location';

/** Range the panel starts with; the save_data code lens shows only results of this range. */
export const DEFAULT_RANGE = { kind: 'preset', days: 30 } as const satisfies RangeChoice;

function isDefaultRange(range: RangeChoice): boolean {
  return range.kind === 'preset' && range.days === DEFAULT_RANGE.days;
}

/** Delay between the last cursor move and the query, in milliseconds. */
export const CURSOR_DEBOUNCE_MS = 300;

export interface CursorLocation {
  uri: string;
  position: { line: number; character: number };
}

/** The source of a file's workspace folder and its configuration, or why there is none (for example an untrusted workspace). */
export type SourceChoice =
  | { ok: true; source: RunHistorySource; config: HistoryConfig; settings?: SettingsLocation }
  | { ok: false; error: PanelError };

export interface PanelLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface PanelControllerDeps {
  /** Asks the language server for the processor class at a position; null when there is none. */
  processorAt(location: CursorLocation, signal: AbortSignal): Promise<ProcessorAtResult | null>;
  /**
   * Resolves the processor's table and the table's date column. `table` picks one of the
   * candidates by name, else the first is used. Throws a HistoryError when no table is known.
   */
  resolveTarget(processor: ProcessorAtResult, source: RunHistorySource, config: HistoryConfig, table: string | undefined, signal: AbortSignal): Promise<ResolvedTarget>;
  /**
   * Resolves the `history.endDate` setting to the range's last date; `latest-run` queries the
   * source for the newest date in all of run history, as the inventory does.
   */
  endDate(setting: string, source: RunHistorySource, today: string, signal: AbortSignal): Promise<string>;
  source(uri: string): Promise<SourceChoice>;
  /** Today's date (YYYY-MM-DD); later dates count as future in the classification. */
  today(): string;
  /** Path of a file relative to its workspace folder, for the header. */
  relativePath(uri: string): string;
  post(view: PanelView): void;
  log: PanelLog;
}

/** Formats a result's query for the clipboard: runnable, with its query parameters inlined as literals. */
export function sqlForClipboard(result: HistoryResult): string {
  const sql = inlineParameters({ dialect: result.source, sql: result.sql, parameters: result.parameters });
  const header = `-- Processor Lens: run history of ${result.target.processorName} from ${result.request.startDate} to ${result.request.endDate} (${result.source})`;
  return `${header}\n${sql.trim()}\n`;
}

const NO_PROCESSOR_MESSAGE = 'Put the cursor inside a processor class in a Python file to see its run history.';

/** A failure the panel explains itself, with a code that is not one of HistoryError's. */
class PanelFailure extends Error {
  constructor(readonly panelError: PanelError) {
    super(panelError.message);
  }
}

function errorFrom(error: unknown): PanelError {
  if (error instanceof PanelFailure) return error.panelError;
  if (error instanceof HistoryError) return { code: error.code, message: error.message, hint: error.hint };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'query-failed', message, hint: 'See the Processor Lens output channel for the full error.' };
}

function isAbort(error: unknown, signal: AbortSignal): boolean {
  if (signal.aborted) return true;
  return (error instanceof HistoryError && error.code === 'cancelled') || (error instanceof Error && error.name === 'AbortError');
}

/** The targets resolved for one processor with one source: the candidates and each chosen table's target. */
interface Resolution {
  /** Candidates in the order of the first resolution, so the table choice does not reorder. */
  candidates: TargetCandidate[];
  problems: string[];
  /** Resolved targets by table name, as `formatTableRef` writes it. */
  targets: Map<string, HistoryTarget>;
}

interface CurrentProcessor {
  processor: ProcessorAtResult;
  /** Table the user chose among the candidates; null until they choose. */
  selectedTable: string | null;
  resolution: Resolution | null;
}

export class PanelController {
  private current: CurrentProcessor | null = null;
  private range: RangeChoice = { ...DEFAULT_RANGE };
  private inflight: AbortController | null = null;
  private lookup: AbortController | null = null;
  private debounceTimer: ReturnType<typeof setTimeout> | null = null;
  private lastView: PanelView = { kind: 'idle', message: NO_PROCESSOR_MESSAGE };
  private lastResult: HistoryResult | null = null;
  private readonly resolutions = new Map<string, Resolution>();

  constructor(
    private readonly deps: PanelControllerDeps,
    private readonly cache: ResultCache,
  ) {}

  get view(): PanelView {
    return this.lastView;
  }

  /** The result on screen, for Copy SQL; null while loading or after an error. */
  get result(): HistoryResult | null {
    return this.lastView.kind === 'result' ? this.lastResult : null;
  }

  /** Follows a cursor move; only the last move within CURSOR_DEBOUNCE_MS runs. */
  cursorMoved(location: CursorLocation): void {
    if (this.debounceTimer !== null) clearTimeout(this.debounceTimer);
    this.debounceTimer = setTimeout(() => {
      this.debounceTimer = null;
      void this.showProcessorAt(location);
    }, CURSOR_DEBOUNCE_MS);
  }

  /**
   * Shows the processor at `location` at once, cancelling a pending cursor move and an older
   * lookup. The query in flight is cancelled only when the processor changed. A position outside
   * every processor keeps the processor on screen, so moving between classes does not blank the panel.
   */
  async showProcessorAt(location: CursorLocation): Promise<void> {
    this.cancelPendingCursorMove();
    this.lookup?.abort();
    const lookup = new AbortController();
    this.lookup = lookup;

    let processor: ProcessorAtResult | null;
    try {
      processor = await this.deps.processorAt(location, lookup.signal);
    } catch (error) {
      if (isAbort(error, lookup.signal)) return;
      this.deps.log.error(`processorAt failed for ${location.uri}:${location.position.line + 1}: ${errorFrom(error).message}`);
      this.show({ kind: 'error', header: null, range: this.range, error: errorFrom(error) });
      return;
    }
    if (lookup.signal.aborted) return;

    if (processor === null) {
      if (this.current === null) this.show({ kind: 'idle', message: NO_PROCESSOR_MESSAGE });
      return;
    }
    if (this.isCurrent(processor) && this.current !== null) {
      this.current.processor = processor;
      // The view already belongs to this processor, unless it is a failed lookup's error.
      const lookupFailed = this.lastView.kind === 'error' && this.lastView.header === null;
      if (this.lastView.kind !== 'idle' && !lookupFailed) return;
    } else {
      this.current = { processor, selectedTable: null, resolution: null };
    }
    await this.load(this.begin(), false);
  }

  async setRange(range: RangeChoice): Promise<void> {
    this.range = range;
    await this.reload(false);
  }

  /** Runs the query again, bypassing the cache. */
  async refresh(): Promise<void> {
    await this.reload(true);
  }

  async chooseTarget(id: string): Promise<void> {
    const candidates = this.current?.resolution?.candidates ?? [];
    if (this.current === null || !candidates.some((candidate) => formatTableRef(candidate.table) === id)) {
      this.deps.log.warn(`Ignored the table choice "${id}": it is not one of the processor's tables.`);
      return;
    }
    this.current.selectedTable = id;
    await this.reload(false);
  }

  /** Drops cached results and targets after a settings change, then shows the current processor again. */
  async settingsChanged(): Promise<void> {
    this.cache.clear();
    this.resolutions.clear();
    if (this.current !== null) this.current.resolution = null;
    await this.reload(false);
  }

  dispose(): void {
    this.cancelPendingCursorMove();
    this.lookup?.abort();
    this.inflight?.abort();
    this.inflight = null;
  }

  private async reload(bypassCache: boolean): Promise<void> {
    if (this.current === null) return;
    await this.load(this.begin(), bypassCache);
  }

  /** Aborts the query in flight and returns the signal of the operation that replaces it. */
  private begin(): AbortSignal {
    this.inflight?.abort();
    this.inflight = new AbortController();
    return this.inflight.signal;
  }

  private cancelPendingCursorMove(): void {
    if (this.debounceTimer === null) return;
    clearTimeout(this.debounceTimer);
    this.debounceTimer = null;
  }

  /** Returns whether `processor` is the one on screen with the same attributes, so its targets are still valid. */
  private isCurrent(processor: ProcessorAtResult): boolean {
    const current = this.current?.processor;
    return (
      current !== undefined &&
      current.uri === processor.uri &&
      current.className === processor.className &&
      current.processorName === processor.processorName &&
      JSON.stringify(current.attributes) === JSON.stringify(processor.attributes)
    );
  }

  private show(view: PanelView): void {
    this.lastView = view;
    this.deps.post(view);
  }

  private async load(signal: AbortSignal, bypassCache: boolean): Promise<void> {
    const current = this.current;
    if (current === null) return;
    const { processor } = current;

    let choice: SourceChoice;
    try {
      choice = await this.deps.source(processor.uri);
    } catch (error) {
      choice = { ok: false, error: errorFrom(error) };
    }
    if (signal.aborted) return;
    if (!choice.ok) {
      this.deps.log.warn(`No run-history source for ${processor.uri}: ${choice.error.message}`);
      this.show({ kind: 'error', header: this.header(current, null, null), range: this.range, error: choice.error });
      return;
    }
    const { source, config } = choice;
    const sourceName = source.describe();
    this.cache.setTtl(config.cacheTtlSeconds * 1000);

    let target: HistoryTarget;
    try {
      target = await this.selectTarget(current, source, config, signal);
    } catch (error) {
      if (isAbort(error, signal)) return;
      this.deps.log.error(`Resolving the table of ${processor.processorName} failed: ${errorFrom(error).message}`);
      // The header keeps the table that failed, so an error such as "table not found" shows which one.
      const header = this.header(current, null, sourceName, this.pendingTable(current));
      this.show({ kind: 'error', header, range: this.range, error: { settings: choice.settings, ...errorFrom(error) } });
      return;
    }
    if (signal.aborted) return;

    // From here on the target is known, so every error keeps the resolved header.
    const header = this.header(current, target, sourceName);
    let range: { startDate: string; endDate: string };
    const today = this.deps.today();
    try {
      const endDate = await this.deps.endDate(config.endDate, source, today, signal);
      range = this.rangeFor(endDate);
    } catch (error) {
      if (isAbort(error, signal)) return;
      this.deps.log.error(`Resolving the date range of ${processor.processorName} failed: ${errorFrom(error).message}`);
      this.show({ kind: 'error', header, range: this.range, error: { settings: choice.settings, ...errorFrom(error) } });
      return;
    }
    if (signal.aborted) return;
    const { startDate, endDate } = range;
    const key = cacheKey({ source: sourceName, processorName: target.processorName, table: formatTableRef(target.table), dateColumn: target.dateColumn, startDate, endDate });
    const cached = bypassCache ? undefined : this.cache.get(key);
    if (cached !== undefined) {
      this.showResult(header, cached.result, cached.fetchedAt, true);
      return;
    }

    this.show({ kind: 'loading', header, range: this.range });
    try {
      const result = await source.compare({ target, startDate, endDate, today }, signal);
      if (signal.aborted) return;
      const entry = this.cache.set(key, result, processor, isDefaultRange(this.range));
      this.deps.log.info(
        `Compared ${result.dates.length} dates of ${target.processorName} with ${formatTableRef(target.table)} on ${result.source} in ${result.elapsedMs} ms` +
          (result.bytesProcessed === null ? '.' : `, ${result.bytesProcessed} bytes processed.`),
      );
      this.showResult(header, result, entry.fetchedAt, false);
    } catch (error) {
      if (isAbort(error, signal)) return;
      this.deps.log.error(`Run-history query of ${target.processorName} on ${formatTableRef(target.table)} (${sourceName}) failed: ${errorFrom(error).message}`);
      this.show({ kind: 'error', header, range: this.range, error: { settings: choice.settings, ...errorFrom(error) } });
    }
  }

  private showResult(header: PanelHeader, result: HistoryResult, fetchedAt: number, fromCache: boolean): void {
    this.lastResult = result;
    this.show({
      kind: 'result',
      header,
      range: this.range,
      result: {
        startDate: result.request.startDate,
        endDate: result.request.endDate,
        dates: result.dates,
        totals: result.totals,
        bytesProcessed: result.bytesProcessed,
        sourceKind: result.source,
        elapsedMs: result.elapsedMs,
        fetchedAt,
        fromCache,
      },
    });
  }

  /** The range's dates ending at `endDate`; throws a PanelFailure for an invalid custom range. */
  private rangeFor(endDate: string): { startDate: string; endDate: string } {
    try {
      return rangeDates(this.range, endDate);
    } catch (error) {
      if (!(error instanceof InvalidRangeError)) throw error;
      throw new PanelFailure({ code: 'invalid-range', message: error.problem.message, hint: error.problem.hint });
    }
  }

  /**
   * Returns the target of the chosen table (the first candidate until the user chooses), resolving
   * it through the library once per processor, source and table.
   */
  private async selectTarget(current: CurrentProcessor, source: RunHistorySource, config: HistoryConfig, signal: AbortSignal): Promise<HistoryTarget> {
    const { uri, className, attributes } = current.processor;
    const key = [source.describe(), uri, className, JSON.stringify(attributes)].join('\u0000');
    const resolution = this.resolutions.get(key) ?? null;
    current.resolution = resolution;

    const requested = current.selectedTable ?? (resolution === null ? null : formatTableRef(resolution.candidates[0].table));
    const known = requested === null ? undefined : resolution?.targets.get(requested);
    if (known !== undefined) return known;

    this.show({ kind: 'loading', header: this.header(current, null, source.describe()), range: this.range });
    const resolved = await this.deps.resolveTarget(current.processor, source, config, requested ?? undefined, signal);
    const updated: Resolution = resolution ?? { candidates: resolved.candidates, problems: resolved.problems, targets: new Map() };
    updated.targets.set(formatTableRef(resolved.target.table), resolved.target);
    this.resolutions.set(key, updated);
    current.resolution = updated;
    return resolved.target;
  }

  /** Name of the table being resolved: the user's choice, else the first candidate known so far, else the class's first table. */
  private pendingTable(current: CurrentProcessor): string | null {
    if (current.selectedTable !== null) return current.selectedTable;
    const known = current.resolution?.candidates[0] ?? classTableCandidates(current.processor).candidates[0];
    return known === undefined ? null : formatTableRef(known.table);
  }

  /** Builds the header; `pendingTable` names the table when `target` failed to resolve. */
  private header(current: CurrentProcessor, target: HistoryTarget | null, sourceName: string | null, pendingTable: string | null = null): PanelHeader {
    const { processor } = current;
    const candidates = current.resolution?.candidates ?? [];
    const table = target === null ? pendingTable : formatTableRef(target.table);
    const chosen = candidates.find((candidate) => formatTableRef(candidate.table) === table);
    const counted = target?.recordedRowsTable === undefined ? table : formatTableRef(target.recordedRowsTable);
    const choices: TableChoice[] = candidates.map((candidate) => ({
      id: formatTableRef(candidate.table),
      table: formatTableRef(candidate.table),
      tableOrigin: candidate.source,
      originDetail: candidate.origin,
      tableName: candidate.table.table,
      dataset: candidate.table.project === undefined ? candidate.table.dataset : `${candidate.table.project}.${candidate.table.dataset}`,
      countsRecordedRows: counted !== null && formatTableRef(candidate.table) === counted,
    }));
    const notes = [...(current.resolution?.problems ?? [])];
    if (target?.recordedRowsTable !== undefined) {
      notes.push(
        `Run history's records_processed counts the rows of ${formatTableRef(target.recordedRowsTable)}, so the rows of ${table} are listed per date without comparison (status "not compared").`,
      );
    }
    return {
      processorName: processor.processorName,
      className: processor.className,
      file: this.deps.relativePath(processor.uri),
      table,
      tableOrigin: target?.tableSource ?? null,
      tableOriginDetail: chosen?.origin ?? null,
      dateColumn: target?.dateColumn ?? null,
      dateColumnOrigin: target?.dateColumnSource ?? null,
      source: sourceName ?? '',
      candidates: choices,
      selectedCandidate: table,
      notes,
    };
  }
}

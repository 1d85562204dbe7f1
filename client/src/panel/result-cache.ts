// Query results kept for a while per processor, target and date range, so moving the cursor
// back to a processor or switching ranges back and forth does not run the query again.
import type { HistoryResult } from '../../../server/src/history/types';
import type { ProcessorAtResult } from '../../../server/src/protocol';

export interface CacheKeyParts {
  /** The source's description; a changed source or setting gives a different key. */
  source: string;
  processorName: string;
  table: string;
  dateColumn: string;
  startDate: string;
  endDate: string;
}

/** Cache key of one query; the parts are joined with a character no identifier or date contains. */
export function cacheKey(parts: CacheKeyParts): string {
  return [parts.source, parts.processorName, parts.table, parts.dateColumn, parts.startDate, parts.endDate].join('\u0000');
}

export interface CachedResult {
  result: HistoryResult;
  /** Epoch milliseconds when the query finished. */
  fetchedAt: number;
  /** The processor as the language server described it, for placing the save_data code lens. */
  processor: ProcessorAtResult | null;
  /** True for a result of the panel's default range, the only one the save_data code lens shows. */
  evidence: boolean;
}

export class ResultCache {
  private readonly entries = new Map<string, CachedResult>();
  private readonly listeners = new Set<() => void>();

  /**
   * @param ttlMs how long an entry stays valid, in milliseconds; 0 or less disables caching.
   * @param now clock in epoch milliseconds, replaceable in tests.
   */
  constructor(
    private ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  setTtl(ttlMs: number): void {
    this.ttlMs = ttlMs;
  }

  /** Returns the entry for `key` unless it is missing or older than the TTL; expired entries are dropped. */
  get(key: string): CachedResult | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (!this.isFresh(entry)) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Stores a result; `evidence` false keeps it out of the code lens (a range the user picked). */
  set(key: string, result: HistoryResult, processor: ProcessorAtResult | null = null, evidence = true): CachedResult {
    const entry = { result, fetchedAt: this.now(), processor, evidence };
    if (this.ttlMs > 0) {
      this.entries.set(key, entry);
      this.notify();
    }
    return entry;
  }

  delete(key: string): void {
    if (this.entries.delete(key)) this.notify();
  }

  clear(): void {
    if (this.entries.size === 0) return;
    this.entries.clear();
    this.notify();
  }

  /**
   * Returns the newest fresh entry of each processor, for the save_data code lens. Results of
   * another range than the default are left out, so the lens does not follow the range last
   * picked, and so are results of a table that run history's count does not belong to.
   */
  latestByProcessor(): Map<string, CachedResult> {
    const latest = new Map<string, CachedResult>();
    for (const entry of this.entries.values()) {
      if (!this.isFresh(entry)) continue;
      if (!entry.evidence || entry.result.target.recordedRowsTable !== undefined) continue;
      const name = entry.result.target.processorName;
      const current = latest.get(name);
      if (current === undefined || entry.fetchedAt >= current.fetchedAt) latest.set(name, entry);
    }
    return latest;
  }

  /** Registers a listener called whenever entries are added or removed. */
  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private isFresh(entry: CachedResult): boolean {
    return this.now() - entry.fetchedAt < this.ttlMs;
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

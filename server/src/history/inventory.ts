// The data-loss inventory: for every processor the analyzer found, the status of each date in a
// range, with tracking-bug dates linked to the static findings of its save_data. The work is
// batched: one query for the output tables of processors whose class names no table, one for
// the run history of all processors, and one UNION ALL count query per 100 tables (each member
// filtered to the range's partitions), plus one tables.get per distinct table for its
// partitioning column.
import type { AnalysisResult, Finding, ProcessorInfo } from '../engine/types';
import { isIsoDate, type HistoryConfig } from './config';
import { addDays, localToday, parseSince } from './dates';
import { openHistorySource, resolveEndDate } from './open-source';
import { buildComparisons, countStatuses, type RunSummary } from './results';
import { chooseDateColumn, noTableError, orderCandidates, processorNameOf, recordedRowsCandidate, type TargetCandidate } from './resolve-target';
import { formatTableRef, type CountedTable, type DateRange } from './sql';
import { throwIfAborted, type SqlHistorySource } from './sql-source';
import { DATE_STATUSES, HistoryError, type DateColumnType, type DateComparison, type DateStatus, type HistoryTarget, type TableRef } from './types';

export const INVENTORY_REPORT_VERSION = 1;
/** Tables per UNION ALL count query; keeps the SQL text far below BigQuery's 1 MB query limit. */
const TABLES_PER_COUNT_QUERY = 100;
/** Concurrent tables.get calls while resolving partitioning columns. */
const METADATA_CONCURRENCY = 4;
/** How far before the range the output-table lookup searches run history. */
const OUTPUT_LOOKBACK_DAYS = 365;

export interface StaticFinding {
  rule: Finding['rule'];
  path: string;
  /** 1-based. */
  line: number;
  message: string;
}

export interface ProcessorInventory {
  processorName: string;
  className: string;
  path: string;
  /** 1-based line of the class statement. */
  line: number;
  /** Null when no table is known or the source does not have it; `unavailable` gives the reason. */
  target: HistoryTarget | null;
  /** Other tables the processor may write, as `dataset.table`. */
  otherTables: string[];
  unavailable: string | null;
  totals: Record<DateStatus, number>;
  /** Dates of each status, in date order. */
  dates: Record<DateStatus, string[]>;
  /** Tracking-bug dates by how the latest successful run recorded its count. */
  trackingBugKeys: { missing: number; zero: number; set: number };
  /** Findings on the processor's effective save_data (unused suppressions left out). */
  findings: StaticFinding[];
  /** True when the effective save_data has no finding. */
  staticClean: boolean;
  /** The sentence that links the tracking-bug dates to the static check; null without tracking-bug dates. */
  evidence: string | null;
  /** Per-date details; left out of JSON reports unless asked for. */
  comparisons?: DateComparison[];
}

export interface InventoryReport {
  version: typeof INVENTORY_REPORT_VERSION;
  generatedAt: string;
  range: { since: string; until: string; today: string };
  source: { kind: 'bigquery' | 'duckdb'; description: string };
  /** Queries the source ran for the report, the end-date lookup included. */
  queries: number;
  /** Table metadata reads (BigQuery tables.get, a DuckDB catalog lookup), one per distinct table and one for the schedule. */
  tableLookups: number;
  /** Sum over the queries; null when the source does not report bytes (DuckDB). */
  bytesProcessed: number | null;
  elapsedMs: number;
  totals: Record<DateStatus, number>;
  processors: ProcessorInventory[];
  comparison?: InventoryComparison;
}

export interface InventoryComparison {
  previousGeneratedAt: string;
  previousRange: InventoryReport['range'];
  /** True when the reports cover different dates, so their counts are not comparable. */
  rangesDiffer: boolean;
  processors: {
    processorName: string;
    /** Counts of the statuses that changed. */
    changes: Partial<Record<DateStatus, { before: number; after: number }>>;
    /** The processor appears in only one of the reports. */
    presence: 'both' | 'added' | 'removed';
  }[];
}

export interface InventoryProgress {
  message: string;
  done: number;
  total: number;
}

export interface InventoryOptions {
  since: string;
  until: string;
  today: string;
  onProgress?: (progress: InventoryProgress) => void;
  signal?: AbortSignal;
  /** Keep the per-date comparisons on each processor (the editor and CSV use them). */
  includeComparisons?: boolean;
  now?: () => Date;
}

interface Planned {
  info: ProcessorInfo;
  processorName: string;
  findings: StaticFinding[];
  candidates: TargetCandidate[];
  target: HistoryTarget | null;
  unavailable: string | null;
}

function emptyTotals(): Record<DateStatus, number> {
  return Object.fromEntries(DATE_STATUSES.map((status) => [status, 0])) as Record<DateStatus, number>;
}

function emptyDates(): Record<DateStatus, string[]> {
  return Object.fromEntries(DATE_STATUSES.map((status) => [status, [] as string[]])) as Record<DateStatus, string[]>;
}

/** Findings reported on the save_data that the processor runs. */
function findingsOf(info: ProcessorInfo, analysis: AnalysisResult): StaticFinding[] {
  const method = info.effectiveMethod;
  if (!method) return [];
  return analysis.findings
    .filter((finding) => finding.rule !== 'unused-suppression' && finding.className === method.className && finding.path === method.path)
    .map((finding) => ({ rule: finding.rule, path: finding.path, line: finding.range.start.line + 1, message: finding.message }))
    .sort((a, b) => a.line - b.line);
}

function tableKey(table: TableRef): string {
  return formatTableRef(table).toLowerCase();
}

function report(options: InventoryOptions, message: string, done: number, total: number): void {
  options.onProgress?.({ message, done, total });
}

/** Runs `work` over `items` with at most `limit` at a time. */
async function forEachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await work(item);
    }
  });
  await Promise.all(workers);
}

export async function buildInventory(analysis: AnalysisResult, source: SqlHistorySource, options: InventoryOptions): Promise<InventoryReport> {
  const started = performance.now();
  const range: DateRange = { startDate: options.since, endDate: options.until };
  if (options.until < options.since) {
    throw new HistoryError('query-failed', `The range ends (${options.until}) before it starts (${options.since}).`, 'Give an end date on or after the start date.');
  }
  const config = source.config;

  // Tables from the class attributes and the configuration; run history fills in the rest, and
  // for a processor with several tables it names the one its records_processed counts.
  const processors = [...analysis.processors].sort((a, b) => processorNameOf(a).localeCompare(processorNameOf(b)));
  const needOutput = processors.filter((info) => orderCandidates(info, config, null).candidates.length !== 1).map(processorNameOf);
  report(options, 'Looking up output tables in run history', 0, 1);
  const outputs = await source.latestOutputTables(needOutput, { startDate: addDays(options.since, -OUTPUT_LOOKBACK_DAYS), endDate: options.until }, options.signal);

  const planned: Planned[] = processors.map((info) => {
    const processorName = processorNameOf(info);
    const latestOutput = outputs.get(processorName) ?? null;
    const ordered = orderCandidates(info, config, latestOutput);
    const unavailable = ordered.candidates.length === 0 ? noTableError(info, ordered.problems).message : null;
    // The inventory compares only the table run history's count belongs to, so it goes first.
    const counted = ordered.candidates.length === 0 ? null : recordedRowsCandidate(ordered.candidates, latestOutput);
    const candidates = counted === null ? ordered.candidates : [counted, ...ordered.candidates.filter((candidate) => candidate !== counted)];
    return { info, processorName, findings: findingsOf(info, analysis), candidates, target: null, unavailable };
  });

  // Partitioning columns, one tables.get per distinct table; a missing table only marks its processors.
  const tables = new Map<string, { table: TableRef; column: string | null; missing: string | null }>();
  for (const item of planned) {
    const table = item.candidates[0]?.table;
    if (table && !tables.has(tableKey(table))) tables.set(tableKey(table), { table, column: null, missing: null });
  }
  let resolved = 0;
  await forEachLimited([...tables.values()], METADATA_CONCURRENCY, async (entry) => {
    throwIfAborted(options.signal);
    try {
      entry.column = await source.partitionColumn(entry.table, options.signal);
    } catch (error) {
      if (!(error instanceof HistoryError) || error.code !== 'table-not-found') throw error;
      entry.missing = error.message;
    }
    resolved += 1;
    report(options, 'Reading table metadata', resolved, tables.size);
  });

  for (const item of planned) {
    const chosen = item.candidates[0];
    if (!chosen) continue;
    const entry = tables.get(tableKey(chosen.table))!;
    if (entry.missing) {
      item.unavailable = entry.missing;
      continue;
    }
    const { dateColumn, source: dateColumnSource } = chooseDateColumn(item.info, config, entry.column, source.partitionColumnInferred);
    const useSchedule = (config.processors[item.processorName] ?? config.processors[item.info.className])?.useSchedule ?? true;
    item.target = { processorName: item.processorName, table: chosen.table, tableSource: chosen.source, dateColumn, dateColumnSource, useSchedule };
  }

  // The type of each distinct date column; a missing column or a wrong type only marks its
  // processors. The lookups share the limit of the metadata reads, so that at most that many
  // queries (and abort listeners on the signal) are pending at once.
  const columnTypes = new Map<string, { table: TableRef; column: string; type: DateColumnType | null; problem: string | null }>();
  for (const item of planned) {
    if (!item.target) continue;
    const key = `${tableKey(item.target.table)}\u0000${item.target.dateColumn}`;
    if (!columnTypes.has(key)) columnTypes.set(key, { table: item.target.table, column: item.target.dateColumn, type: null, problem: null });
  }
  await forEachLimited([...columnTypes.values()], METADATA_CONCURRENCY, async (entry) => {
    throwIfAborted(options.signal);
    try {
      entry.type = await source.dateColumnType(entry.table, entry.column, options.signal);
    } catch (error) {
      if (!(error instanceof HistoryError && (error.code === 'query-failed' || error.code === 'table-not-found'))) throw error;
      entry.problem = error.message;
    }
  });
  for (const item of planned) {
    if (!item.target) continue;
    const entry = columnTypes.get(`${tableKey(item.target.table)}\u0000${item.target.dateColumn}`)!;
    if (entry.problem !== null) {
      item.unavailable = entry.problem;
      item.target = null;
    } else if (entry.type !== null && entry.type !== 'DATE') {
      item.target.dateColumnType = entry.type;
    }
  }

  // One run-history query for every processor with a table.
  const withTarget = planned.filter((item) => item.target !== null);
  report(options, 'Reading run history', 0, 1);
  const runs = await source.runSummaries([...new Set(withTarget.map((item) => item.processorName))], range, options.signal);

  // COUNT(*) per date of every target table and of the schedule, in batched UNION ALL queries.
  const counted: CountedTable[] = [];
  const countIndex = new Map<string, number>();
  const addCounted = (table: TableRef, dateColumn: string, dateType?: DateColumnType) => {
    const key = `${tableKey(table)}\u0000${dateColumn}`;
    if (!countIndex.has(key)) {
      countIndex.set(key, counted.length);
      counted.push({ table, dateColumn, ...(dateType ? { dateType } : {}) });
    }
    return countIndex.get(key)!;
  };
  let scheduleIndex: number | null = null;
  let scheduleLookups = 0;
  if (withTarget.some((item) => item.target!.useSchedule !== false)) {
    const schedule = await source.scheduleTable(options.signal);
    if (schedule) {
      scheduleIndex = addCounted(schedule.table, schedule.dateColumn, schedule.dateType);
      scheduleLookups = 1;
    }
  }
  const targetIndex = new Map(withTarget.map((item) => [item, addCounted(item.target!.table, item.target!.dateColumn, item.target!.dateColumnType)]));

  const counts: Map<string, number>[] = [];
  for (let offset = 0; offset < counted.length; offset += TABLES_PER_COUNT_QUERY) {
    report(options, 'Counting rows', offset, counted.length);
    counts.push(...(await source.countRows(counted.slice(offset, offset + TABLES_PER_COUNT_QUERY), range, options.signal)));
  }
  report(options, 'Counting rows', counted.length, counted.length);

  const inventories = planned.map((item) => {
    if (!item.target) return inventoryOf(item, [], options);
    const comparisons = buildComparisons({
      startDate: options.since,
      endDate: options.until,
      today: options.today,
      tolerance: config.tolerance,
      runs: runs.get(item.processorName) ?? new Map<string, RunSummary>(),
      actualRows: counts[targetIndex.get(item)!] ?? new Map(),
      scheduledGames: scheduleIndex !== null && item.target.useSchedule !== false ? (counts[scheduleIndex] ?? new Map()) : null,
    });
    return inventoryOf(item, comparisons, options);
  });

  const totals = emptyTotals();
  for (const inventory of inventories) for (const status of DATE_STATUSES) totals[status] += inventory.totals[status];
  return {
    version: INVENTORY_REPORT_VERSION,
    generatedAt: (options.now?.() ?? new Date()).toISOString(),
    range: { since: options.since, until: options.until, today: options.today },
    source: { kind: source.kind, description: source.describe() },
    queries: source.stats.queries,
    tableLookups: tables.size + scheduleLookups,
    bytesProcessed: source.stats.bytesProcessed,
    elapsedMs: Math.round(performance.now() - started),
    totals,
    processors: sortProcessors(inventories),
  };
}

function inventoryOf(item: Planned, comparisons: DateComparison[], options: InventoryOptions): ProcessorInventory {
  const dates = emptyDates();
  for (const comparison of comparisons) dates[comparison.status].push(comparison.date);
  const trackingBugKeys = { missing: 0, zero: 0, set: 0 };
  for (const comparison of comparisons) {
    if (comparison.status === 'tracking-bug') trackingBugKeys[comparison.rowsInsertedKey ?? 'missing'] += 1;
  }
  const totals = item.target ? countStatuses(comparisons) : emptyTotals();
  const inventory: ProcessorInventory = {
    processorName: item.processorName,
    className: item.info.className,
    path: item.info.path,
    line: item.info.nameRange.start.line + 1,
    target: item.target,
    otherTables: item.candidates.slice(1).map((candidate) => formatTableRef(candidate.table)),
    unavailable: item.unavailable,
    totals,
    dates,
    trackingBugKeys,
    findings: item.findings,
    staticClean: item.findings.length === 0,
    evidence: evidenceSentence(item.findings, totals['tracking-bug']),
  };
  if (options.includeComparisons) inventory.comparisons = comparisons;
  return inventory;
}

function joinLines(lines: number[]): string {
  const unique = [...new Set(lines)];
  if (unique.length === 1) return `line ${unique[0]}`;
  return `lines ${unique.slice(0, -1).join(', ')} and ${unique[unique.length - 1]}`;
}

/** Links the tracking-bug dates to the static check, in one sentence. */
export function evidenceSentence(findings: StaticFinding[], trackingBugDates: number): string | null {
  if (trackingBugDates === 0) return null;
  const dates = `${trackingBugDates} date${trackingBugDates === 1 ? '' : 's'}`;
  const returns = findings.filter((finding) => finding.rule === 'unset-after-write' || finding.rule === 'unset-without-write');
  if (returns.length > 0) {
    return `save_data can return at ${joinLines(returns.map((finding) => finding.line))} without setting the stat; run history shows 0 on ${dates} where the table has rows.`;
  }
  if (findings.length > 0) {
    return `save_data can raise at ${joinLines(findings.map((finding) => finding.line))} without setting the stat; run history shows 0 on ${dates} where the table has rows.`;
  }
  return `The static check finds no exit without the stat, yet run history shows 0 on ${dates} where the table has rows: the fix may not be deployed, or the check missed a path.`;
}

/** Order of the report: clean static check with tracking-bug dates, then data loss and tracking bugs, other problems, clean, and processors without data. */
function rank(inventory: ProcessorInventory): number {
  if (inventory.target === null) return 5;
  const { totals } = inventory;
  if (inventory.staticClean && totals['tracking-bug'] > 0) return 0;
  if (totals['data-loss'] > 0 || totals['tracking-bug'] > 0) return 1;
  if (totals.mismatch > 0 || totals.untracked > 0 || totals.failed > 0) return 2;
  return 3;
}

function sortProcessors(inventories: ProcessorInventory[]): ProcessorInventory[] {
  return [...inventories].sort((a, b) => {
    const byRank = rank(a) - rank(b);
    if (byRank !== 0) return byRank;
    const byProblems = b.totals['data-loss'] + b.totals['tracking-bug'] - (a.totals['data-loss'] + a.totals['tracking-bug']);
    if (byProblems !== 0) return byProblems;
    return a.processorName.localeCompare(b.processorName);
  });
}

/** Status counts that changed per processor since an earlier report (read from its JSON). */
export function compareReports(current: InventoryReport, previous: InventoryReport): InventoryComparison {
  if (previous.version !== INVENTORY_REPORT_VERSION || !Array.isArray(previous.processors)) {
    throw new HistoryError('query-failed', 'The earlier report is not an inventory JSON report of this version.', 'Pass a file written by `processor-lens inventory --format json`.');
  }
  const before = new Map(previous.processors.map((inventory) => [inventory.processorName, inventory]));
  const after = new Map(current.processors.map((inventory) => [inventory.processorName, inventory]));
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();

  const processors: InventoryComparison['processors'] = [];
  for (const name of names) {
    const old = before.get(name);
    const now = after.get(name);
    const changes: Partial<Record<DateStatus, { before: number; after: number }>> = {};
    for (const status of DATE_STATUSES) {
      const was = old?.totals[status] ?? 0;
      const is = now?.totals[status] ?? 0;
      if (was !== is) changes[status] = { before: was, after: is };
    }
    let presence: 'both' | 'added' | 'removed' = 'both';
    if (!old) presence = 'added';
    else if (!now) presence = 'removed';
    if (Object.keys(changes).length > 0 || presence !== 'both') processors.push({ processorName: name, changes, presence });
  }
  const rangesDiffer = previous.range.since !== current.range.since || previous.range.until !== current.range.until;
  return { previousGeneratedAt: previous.generatedAt, previousRange: previous.range, rangesDiffer, processors };
}

export { parseSince } from './dates';

export interface InventoryRun {
  /** An ISO date or `Nd` (N days ending on the end date). */
  since: string;
  /** An ISO date, `today` or `latest-run`; without it the configured end date (`history.endDate`) applies. */
  until?: string;
  /** Where the end date came from, for the message of a range that ends before it starts, for example "--until". */
  untilOrigin?: string;
  today?: string;
  onProgress?: (progress: InventoryProgress) => void;
  signal?: AbortSignal;
  includeComparisons?: boolean;
  now?: () => Date;
}

/** Opens the configured source, resolves the range, builds the inventory and closes the source. */
export async function runInventoryWithConfig(analysis: AnalysisResult, config: HistoryConfig, run: InventoryRun): Promise<InventoryReport> {
  const source = await openHistorySource(config);
  try {
    const today = run.today ?? localToday();
    const endSetting = run.until ?? config.endDate;
    const until = await resolveEndDate(endSetting, source, { today, signal: run.signal });
    const since = parseSince(run.since, until);
    if (since === null) {
      throw new HistoryError('query-failed', `Invalid start date "${run.since}".`, 'Give an ISO date such as 2026-09-05, or a number of days such as 90d.');
    }
    if (until < since) {
      const origin = run.untilOrigin ?? (run.until !== undefined ? 'the end date' : 'history.endDate');
      const computed = endSetting === until ? '' : ` (${endSetting})`;
      throw new HistoryError(
        'query-failed',
        `The start date ${since} is after the end date ${until}${computed}, which comes from ${origin}.`,
        'Give an earlier start date, or a later end date.',
      );
    }
    return await buildInventory(analysis, source, { ...run, since, until, today });
  } finally {
    await source.close();
  }
}

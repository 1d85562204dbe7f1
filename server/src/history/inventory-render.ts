// Renders an inventory report as Markdown (for reading), JSON (for --compare-to and tools) or
// CSV (one line per processor and date, for spreadsheets).
import { relative, sep } from 'node:path';
import { toCsv, type CsvValue } from './csv';
import type { InventoryReport, ProcessorInventory } from './inventory';
import { formatTableRef } from './sql';
import { DATE_STATUSES, type DateStatus } from './types';
import { addDays } from './dates';

export type InventoryFormat = 'markdown' | 'json' | 'csv';
export const INVENTORY_FORMATS: readonly InventoryFormat[] = ['markdown', 'json', 'csv'];

export interface RenderOptions {
  /** Folder that file paths are shown relative to. */
  cwd: string;
}

const STATUS_TITLES: Record<DateStatus, string> = {
  'data-loss': 'Data loss',
  'tracking-bug': 'Tracking bug',
  mismatch: 'Mismatch',
  untracked: 'Untracked',
  failed: 'Failed',
  empty: 'Empty',
  'legitimately-empty': 'Legitimately empty',
  ok: 'OK',
  'not-compared': 'Not compared',
};

/** Column order of the summary table: problems first. */
const SUMMARY_STATUSES: DateStatus[] = ['data-loss', 'tracking-bug', 'mismatch', 'untracked', 'failed', 'empty', 'legitimately-empty', 'ok'];

export function renderInventory(report: InventoryReport, format: InventoryFormat, options: RenderOptions): string {
  if (format === 'json') return `${JSON.stringify(withRelativePaths(report, options.cwd), null, 2)}\n`;
  if (format === 'csv') return renderCsv(report);
  return renderMarkdown(report, options);
}

/** The report with file paths relative to `cwd` and forward slashes, as `check --format json` writes them. */
function withRelativePaths(report: InventoryReport, cwd: string): InventoryReport {
  const display = (path: string) => (relative(cwd, path) || path).split(sep).join('/');
  return {
    ...report,
    processors: report.processors.map((inventory) => ({
      ...inventory,
      path: display(inventory.path),
      findings: inventory.findings.map((finding) => ({ ...finding, path: display(finding.path) })),
    })),
  };
}

/** Escapes text for a Markdown table cell or list item. */
function md(text: string): string {
  // An underscore inside a word never starts emphasis in CommonMark, so only a leading one is escaped.
  return text
    .replace(/\\/g, '\\\\')
    .replace(/([|*`<>[\]])/g, '\\$1')
    .replace(/(^|\s)_/g, '$1\\_')
    .replace(/\r?\n/g, ' ');
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

/** Consecutive dates collapse into `first..last`. */
export function compressDates(dates: readonly string[]): string {
  const parts: string[] = [];
  let start: string | null = null;
  let previous: string | null = null;
  const flush = () => {
    if (start === null || previous === null) return;
    parts.push(start === previous ? start : `${start}..${previous}`);
  };
  for (const date of dates) {
    if (previous !== null && addDays(previous, 1) === date) {
      previous = date;
      continue;
    }
    flush();
    start = date;
    previous = date;
  }
  flush();
  return parts.join(', ');
}

function plural(count: number, word: string, pluralWord = `${word}s`): string {
  return `${count} ${count === 1 ? word : pluralWord}`;
}

function where(inventory: ProcessorInventory, cwd: string): string {
  return `${relative(cwd, inventory.path) || inventory.path}:${inventory.line}`;
}

function heading(inventory: ProcessorInventory, cwd: string): string {
  const name = inventory.processorName === inventory.className ? `**${md(inventory.processorName)}**` : `**${md(inventory.processorName)}** (${md(inventory.className)})`;
  const table = inventory.target ? ` ${code(formatTableRef(inventory.target.table))}` : '';
  return `${name}${table}, ${md(where(inventory, cwd))}`;
}

function bytesText(report: InventoryReport): string {
  const queries = `${plural(report.queries, 'query', 'queries')} and ${plural(report.tableLookups, 'table metadata lookup')}`;
  if (report.bytesProcessed === null) return `${queries}; ${report.source.kind === 'duckdb' ? 'DuckDB does not report bytes processed' : 'bytes processed not reported'}`;
  return `${queries}; ${report.bytesProcessed.toLocaleString('en-US')} bytes processed`;
}

function renderMarkdown(report: InventoryReport, options: RenderOptions): string {
  const lines: string[] = [];
  const withData = report.processors.filter((inventory) => inventory.target !== null);
  const push = (...added: string[]) => lines.push(...added);

  push('# Data-loss inventory', '');
  push(`- Range: ${report.range.since} to ${report.range.until} (today: ${report.range.today})`);
  push(`- Source: ${md(report.source.description)}`);
  push(`- Cost: ${bytesText(report)}`);
  push(`- Processors: ${withData.length} checked, ${report.processors.length - withData.length} without data`);
  push(`- Generated: ${report.generatedAt}`, '');

  push('## Summary', '', 'Dates per status for each processor.', '');
  push(`| Processor | Table | Date column | ${SUMMARY_STATUSES.map((status) => STATUS_TITLES[status]).join(' | ')} |`);
  push(`|---|---|---|${SUMMARY_STATUSES.map(() => '---:').join('|')}|`);
  for (const inventory of withData) {
    const target = inventory.target!;
    const counts = SUMMARY_STATUSES.map((status) => String(inventory.totals[status]));
    push(`| ${md(inventory.processorName)} | ${code(formatTableRef(target.table))} | ${code(target.dateColumn)} (${target.dateColumnSource}) | ${counts.join(' | ')} |`);
  }
  push(`| **All** | | | ${SUMMARY_STATUSES.map((status) => `**${report.totals[status]}**`).join(' | ')} |`, '');

  const cleanButBuggy = withData.filter((inventory) => inventory.staticClean && inventory.totals['tracking-bug'] > 0);
  if (cleanButBuggy.length > 0) {
    push('## Static check clean, run history still shows the tracking bug', '');
    push('The fix has not been deployed, or the check missed a path.', '');
    for (const inventory of cleanButBuggy) {
      push(`- ${heading(inventory, options.cwd)}: ${plural(inventory.totals['tracking-bug'], 'date')}: ${compressDates(inventory.dates['tracking-bug'])}`);
    }
    push('');
  }

  section(lines, 'Real data loss (needs reprocessing)', 'No rows in the table on a past date where a run recorded rows or the schedule has games.', withData, 'data-loss', options);

  const tracking = withData.filter((inventory) => inventory.totals['tracking-bug'] > 0);
  if (tracking.length > 0) {
    push('## Tracking bug (rows present, run history says 0)', '');
    for (const inventory of tracking) {
      const keys = inventory.trackingBugKeys;
      const kinds = [keys.missing > 0 ? `${keys.missing} without rows_inserted in the summary` : '', keys.zero > 0 ? `${keys.zero} with an explicit 0` : '']
        .filter(Boolean)
        .join(', ');
      push(`- ${heading(inventory, options.cwd)}: ${md(inventory.evidence ?? '')}`);
      push(`  Dates (${kinds}): ${compressDates(inventory.dates['tracking-bug'])}`);
      for (const finding of inventory.findings) push(`  - ${md(`${relative(options.cwd, finding.path) || finding.path}:${finding.line}`)} ${code(finding.rule)}: ${md(finding.message)}`);
    }
    push('');
  }

  section(lines, 'Mismatches', 'Recorded and actual rows both non-zero, outside the tolerance.', withData, 'mismatch', options);
  section(lines, 'Untracked', 'Rows in the table, but no successful run recorded.', withData, 'untracked', options);
  section(lines, 'Failed runs', 'Only failed runs on the date.', withData, 'failed', options);
  groupedSection(lines, 'Legitimately empty', 'No rows and none expected: a future date, or no games on the schedule.', withData, 'legitimately-empty');
  groupedSection(lines, 'Empty', 'No rows and none recorded, with no schedule to tell whether rows were expected.', withData, 'empty');

  const withoutData = report.processors.filter((inventory) => inventory.target === null);
  if (withoutData.length > 0) {
    push('## Not checked', '');
    for (const inventory of withoutData) push(`- ${heading(inventory, options.cwd)}: ${md(inventory.unavailable ?? '')}`);
    push('');
  }

  if (report.comparison) renderComparison(lines, report);
  return `${lines.join('\n').trimEnd()}\n`;
}

function section(lines: string[], title: string, description: string, inventories: ProcessorInventory[], status: DateStatus, options: RenderOptions): void {
  const affected = inventories.filter((inventory) => inventory.totals[status] > 0);
  if (affected.length === 0) return;
  lines.push(`## ${title}`, '', description, '');
  for (const inventory of affected) {
    lines.push(`- ${heading(inventory, options.cwd)}: ${plural(inventory.totals[status], 'date')}: ${compressDates(inventory.dates[status])}`);
  }
  lines.push('');
}

/** Like `section`, but processors with the same dates share one line (off days repeat across processors). */
function groupedSection(lines: string[], title: string, description: string, inventories: ProcessorInventory[], status: DateStatus): void {
  const groups = new Map<string, string[]>();
  for (const inventory of inventories) {
    if (inventory.totals[status] === 0) continue;
    const key = inventory.dates[status].join(',');
    groups.set(key, [...(groups.get(key) ?? []), inventory.processorName]);
  }
  if (groups.size === 0) return;
  lines.push(`## ${title}`, '', description, '');
  for (const [key, names] of groups) {
    const dates = key.split(',');
    lines.push(`- ${names.map((name) => `**${md(name)}**`).join(', ')}: ${plural(dates.length, 'date')}: ${compressDates(dates)}`);
  }
  lines.push('');
}

function renderComparison(lines: string[], report: InventoryReport): void {
  const comparison = report.comparison!;
  const previous = comparison.previousRange;
  lines.push('## Changes since the earlier report', '');
  lines.push(`Earlier report: ${previous.since} to ${previous.until}, generated ${comparison.previousGeneratedAt}.`, '');
  if (comparison.rangesDiffer) {
    lines.push(
      `**The ranges differ** (this report: ${report.range.since} to ${report.range.until}), so the counts are not comparable: a change may only reflect the dates added or dropped.`,
      '',
    );
  }
  if (comparison.processors.length === 0) {
    lines.push('No processor changed.', '');
    return;
  }
  lines.push('| Processor | Status | Before | After | Change |', '|---|---|---:|---:|---:|');
  for (const processor of comparison.processors) {
    if (processor.presence !== 'both') lines.push(`| ${md(processor.processorName)} | ${processor.presence === 'added' ? 'new in this report' : 'missing from this report'} | | | |`);
    for (const status of DATE_STATUSES) {
      const change = processor.changes[status];
      if (!change) continue;
      const delta = change.after - change.before;
      lines.push(`| ${md(processor.processorName)} | ${STATUS_TITLES[status]} | ${change.before} | ${change.after} | ${delta > 0 ? '+' : ''}${delta} |`);
    }
  }
  lines.push('');
}

const CSV_HEADER = [
  'processor_name', 'class_name', 'table', 'date_column', 'date', 'status', 'runs', 'successes', 'failures',
  'last_status', 'recorded_rows', 'actual_rows', 'scheduled_games', 'rows_inserted_key', 'static_findings',
];

/** Renders one line per processor and date; a processor without data gets one line with status `not-checked`. */
function renderCsv(report: InventoryReport): string {
  const rows: CsvValue[][] = [];
  for (const inventory of report.processors) {
    const findings = inventory.findings.map((finding) => `${finding.rule}@${finding.line}`).join(' ');
    if (!inventory.target) {
      rows.push([inventory.processorName, inventory.className, '', '', '', 'not-checked', '', '', '', '', '', '', '', '', findings]);
      continue;
    }
    const table = formatTableRef(inventory.target.table);
    for (const date of inventory.comparisons ?? []) {
      rows.push([
        inventory.processorName, inventory.className, table, inventory.target.dateColumn, date.date, date.status, date.runs, date.successes,
        date.failures, date.lastStatus, date.recordedRows, date.actualRows, date.scheduledGames, date.rowsInsertedKey, findings,
      ]);
    }
  }
  return toCsv(CSV_HEADER, rows);
}

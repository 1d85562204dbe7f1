// `processor-lens inventory`: every processor under the PATHs with the status of each date of a
// range, from run history and the real row counts, linked to the static findings.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isIsoDate, loadHistoryConfig, type HistoryConfig } from '../history/config';
import { compareReports, runInventoryWithConfig, type InventoryProgress, type InventoryReport } from '../history/inventory';
import { INVENTORY_FORMATS, renderInventory, type InventoryFormat } from '../history/inventory-render';
import { HistoryError, DATE_STATUSES } from '../history/types';
import { EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, UsageError } from './io';
import { analyzeTargets, openWorkspaces, resolveTargets } from './workspaces';

export const INVENTORY_HELP = `Usage: processor-lens inventory --since DATE [options] [PATH...]

Reports, for every processor under PATH (default: the current folder), the status
of each date from DATE to the end date: real data loss, the tracking bug (rows in
the table, run history says 0), mismatches, untracked rows, failed runs, and
legitimately empty dates. Tracking-bug dates are linked to the static findings of
the processor's save_data(). Settings come from [tool.processor-lens.history] in
pyproject.toml; the options below override them.

Options:
  --since DATE         First date: an ISO date (2026-09-05) or a number of days
                       ending on the end date (90d); required
  --until DATE         Last date (default: end-date in pyproject.toml: today,
                       latest-run or a date)
  --source SOURCE      bigquery or duckdb (default: source in pyproject.toml;
                       auto uses BigQuery when a project is set)
  --project ID         Google Cloud project that runs the BigQuery queries
  --location LOC       BigQuery location of the datasets, for example US
  --maximum-bytes-billed N
                       Upper limit on the bytes one BigQuery query may bill
  --api-endpoint URL   BigQuery API endpoint of an emulator (default: Google's)
  --duckdb PATH        DuckDB file or folder of CSV/Parquet exports
  --format FORMAT      markdown, json or csv (default: markdown)
  --compare-to FILE    Add the changes since an earlier JSON report
  --output FILE        Write the report to FILE instead of stdout
  -h, --help           Show this help

Exit codes:
  0  no data loss and no tracking-bug date in the range
  1  at least one data-loss or tracking-bug date
  2  invalid command line, missing PATH, query error or internal error
`;

export interface InventoryIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** True when the progress line may be drawn on `stderr`; ignored when `stderr` is the process's own, whose isTTY decides. */
  isTTY: boolean;
  /** Folder that relative paths are resolved against (default: the process's). */
  cwd?: string;
}

const OPTIONS = {
  since: { type: 'string' },
  until: { type: 'string' },
  source: { type: 'string' },
  project: { type: 'string' },
  location: { type: 'string' },
  'maximum-bytes-billed': { type: 'string' },
  'api-endpoint': { type: 'string' },
  duckdb: { type: 'string' },
  format: { type: 'string' },
  'compare-to': { type: 'string' },
  output: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

interface InventoryOptions {
  paths: string[];
  since: string;
  until: string | undefined;
  source: 'bigquery' | 'duckdb' | undefined;
  project: string | undefined;
  location: string | undefined;
  maximumBytesBilled: number | undefined;
  apiEndpoint: string | undefined;
  duckdb: string | undefined;
  format: InventoryFormat;
  compareTo: string | undefined;
  output: string | undefined;
}

function parseInventoryArgs(argv: string[]): InventoryOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) {
      throw new UsageError(`${(error as Error).message} Run "processor-lens inventory --help" for the options.`);
    }
    throw error;
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';

  if (values.since === undefined) throw new UsageError('missing --since. Give the first date, for example --since 2026-09-05 or --since 90d.');
  if (!isIsoDate(values.since) && !/^\d{1,4}d$/.test(values.since)) {
    throw new UsageError(`invalid --since "${values.since}". Give an ISO date such as 2026-09-05 or a number of days such as 90d.`);
  }
  if (values.until !== undefined && !isIsoDate(values.until)) throw new UsageError(`invalid --until "${values.until}". Give an ISO date such as 2026-12-03.`);
  if (values.source !== undefined && values.source !== 'bigquery' && values.source !== 'duckdb') {
    throw new UsageError(`invalid --source "${values.source}". Use bigquery or duckdb.`);
  }
  const format = values.format ?? 'markdown';
  if (!(INVENTORY_FORMATS as readonly string[]).includes(format)) throw new UsageError(`invalid --format "${format}". Use one of: ${INVENTORY_FORMATS.join(', ')}.`);
  let maximumBytesBilled: number | undefined;
  if (values['maximum-bytes-billed'] !== undefined) {
    maximumBytesBilled = Number(values['maximum-bytes-billed']);
    if (!Number.isSafeInteger(maximumBytesBilled) || maximumBytesBilled < 0) {
      throw new UsageError(`invalid --maximum-bytes-billed "${values['maximum-bytes-billed']}". Give a whole number of bytes; 0 means no limit.`);
    }
  }

  return {
    paths: positionals.length > 0 ? positionals : ['.'],
    since: values.since,
    until: values.until,
    source: values.source as 'bigquery' | 'duckdb' | undefined,
    project: values.project,
    location: values.location,
    maximumBytesBilled,
    apiEndpoint: values['api-endpoint'],
    duckdb: values.duckdb,
    format: format as InventoryFormat,
    compareTo: values['compare-to'],
    output: values.output,
  };
}

/** Command-line values override the folder's configuration. */
function applyOverrides(config: HistoryConfig, options: InventoryOptions, cwd: string): HistoryConfig {
  const bigquery = { ...config.bigquery };
  if (options.project !== undefined) bigquery.project = options.project;
  if (options.location !== undefined) bigquery.location = options.location;
  if (options.maximumBytesBilled !== undefined) bigquery.maximumBytesBilled = options.maximumBytesBilled;
  if (options.apiEndpoint !== undefined) bigquery.apiEndpoint = options.apiEndpoint;
  let source = config.source;
  if (options.source !== undefined) source = options.source;
  else if (options.project !== undefined) source = 'bigquery';
  else if (options.duckdb !== undefined) source = 'duckdb';
  return { ...config, bigquery, source, duckdbPath: options.duckdb !== undefined ? resolve(cwd, options.duckdb) : config.duckdbPath };
}

function readPreviousReport(path: string): InventoryReport {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read --compare-to file ${path}. Pass a report written with --format json.`);
  }
  try {
    return JSON.parse(text) as InventoryReport;
  } catch {
    throw new UsageError(`--compare-to file ${path} is not JSON. Pass a report written with --format json.`);
  }
}

/** Merges the reports of several workspace roots into one. */
function mergeReports(reports: InventoryReport[]): InventoryReport {
  if (reports.length === 1) return reports[0];
  const merged: InventoryReport = { ...reports[0], processors: [], queries: 0, tableLookups: 0, bytesProcessed: null, elapsedMs: 0 };
  merged.totals = Object.fromEntries(DATE_STATUSES.map((status) => [status, 0])) as InventoryReport['totals'];
  for (const report of reports) {
    merged.processors.push(...report.processors);
    merged.queries += report.queries;
    merged.tableLookups += report.tableLookups;
    merged.elapsedMs += report.elapsedMs;
    if (report.bytesProcessed !== null) merged.bytesProcessed = (merged.bytesProcessed ?? 0) + report.bytesProcessed;
    for (const status of DATE_STATUSES) merged.totals[status] += report.totals[status];
  }
  return merged;
}

export async function runInventory(argv: string[], io: InventoryIo): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  let options: InventoryOptions | 'help';
  try {
    options = parseInventoryArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`processor-lens: ${error.message}\n`);
    return EXIT_ERROR;
  }
  if (options === 'help') {
    io.stdout.write(INVENTORY_HELP);
    return EXIT_OK;
  }

  // The progress line goes to stderr, so it is drawn when stderr is a terminal even if stdout
  // is redirected to a file. For other streams (tests), `isTTY` decides.
  const drawProgress = io.stderr === process.stderr ? Boolean(process.stderr.isTTY) : io.isTTY;
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  const progress = (update: InventoryProgress) => {
    if (!drawProgress) return;
    const count = update.total > 1 ? ` ${update.done}/${update.total}` : '';
    io.stderr.write(`\r\x1b[2Kinventory: ${update.message}${count}`);
  };

  try {
    const opened = await openWorkspaces(resolveTargets(options.paths, cwd));
    const reports: InventoryReport[] = [];
    for (const workspaceTargets of opened) {
      const workspace = workspaceTargets.workspace;
      const analysis = analyzeTargets([workspaceTargets], { wholeWorkspace: true });
      const config = applyOverrides(
        loadHistoryConfig({ root: workspace.root, pyprojectRaw: workspace.config.raw, statKey: workspace.config.statKey }),
        options,
        cwd,
      );
      const result = { ...analysis, findings: analysis.findings.map((item) => item.finding) };
      reports.push(
        await runInventoryWithConfig(result, config, {
          since: options.since,
          until: options.until,
          onProgress: progress,
          signal: controller.signal,
          includeComparisons: options.format !== 'markdown',
        }),
      );
    }
    if (drawProgress) io.stderr.write('\r\x1b[2K');

    const report = mergeReports(reports);
    if (options.compareTo !== undefined) report.comparison = compareReports(report, readPreviousReport(resolve(cwd, options.compareTo)));
    const text = renderInventory(report, options.format, { cwd });
    if (options.output !== undefined) {
      writeFileSync(resolve(cwd, options.output), text);
      io.stderr.write(`inventory: wrote ${options.output} (${report.processors.length} processors, ${report.queries} queries)\n`);
    } else {
      io.stdout.write(text);
    }
    return report.totals['data-loss'] > 0 || report.totals['tracking-bug'] > 0 ? EXIT_FINDINGS : EXIT_OK;
  } catch (error) {
    if (drawProgress) io.stderr.write('\r\x1b[2K');
    if (error instanceof HistoryError) {
      io.stderr.write(`processor-lens: ${error.message}\n${error.hint}\n`);
      return EXIT_ERROR;
    }
    if (error instanceof UsageError || (error instanceof Error && error.name === 'ConfigError')) {
      io.stderr.write(`processor-lens: ${error.message}\n`);
      return EXIT_ERROR;
    }
    throw error;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
}

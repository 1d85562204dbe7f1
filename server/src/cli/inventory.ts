// `processor-lens inventory`: every processor under the PATHs with the status of each date of a
// range, from run history and the real row counts, linked to the static findings.
import { accessSync, constants, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { isIsoDate, loadHistoryConfig, type HistoryConfig } from '../history/config';
import { compareReports, runInventoryWithConfig, type InventoryProgress, type InventoryReport } from '../history/inventory';
import { INVENTORY_FORMATS, renderInventory, type InventoryFormat } from '../history/inventory-render';
import { HistoryError, DATE_STATUSES } from '../history/types';
import { parseMaxFileBytes, parseStrict } from './args';
import { cliHint } from './history-hints';
import { CliError, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, UsageError } from './io';
import { validatePreviousReport } from './previous-report';
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
                       of at least 1 ending on the end date (90d); required
  --until DATE         Last date: an ISO date, today or latest-run (the newest
                       date in run history) (default: end-date in
                       [tool.processor-lens.history], else today)
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
  --max-file-bytes N   Skip Python files larger than N bytes (default:
                       max-file-bytes in [tool.processor-lens], else 2 MB)
  --debug              Print the stack trace of an internal error
  -h, --help           Show this help

Exit codes:
  0  no data loss and no tracking-bug date in the range
  1  at least one data-loss or tracking-bug date
  2  invalid command line or configuration, a missing or unreadable PATH,
     a query error, or an internal error
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
  'max-file-bytes': { type: 'string' },
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
  maxFileBytes: number | undefined;
}

function parseInventoryArgs(argv: string[]): InventoryOptions | 'help' {
  const { values, positionals } = parseStrict('inventory', argv, OPTIONS);
  if (values.help) return 'help';

  if (values.since === undefined) throw new UsageError('missing --since. Give the first date, for example --since 2026-09-05 or --since 90d.');
  const days = /^(\d{1,4})d$/.exec(values.since);
  if (days && Number(days[1]) < 1) {
    throw new UsageError(`invalid --since "${values.since}". Give at least 1 day, for example --since 1d for the end date alone, or --since 90d.`);
  }
  if (!days && !isIsoDate(values.since)) {
    throw new UsageError(`invalid --since "${values.since}". Give an ISO date such as 2026-09-05, or a number of days such as 90d.`);
  }
  if (values.until !== undefined && values.until !== 'today' && values.until !== 'latest-run' && !isIsoDate(values.until)) {
    throw new UsageError(`invalid --until "${values.until}". Give an ISO date such as 2026-12-03, today or latest-run.`);
  }
  if (values.source !== undefined && values.source !== 'bigquery' && values.source !== 'duckdb') {
    throw new UsageError(`invalid --source "${values.source}". Use bigquery or duckdb.`);
  }
  const format = values.format ?? 'markdown';
  if (!(INVENTORY_FORMATS as readonly string[]).includes(format)) throw new UsageError(`invalid --format "${format}". Use one of: ${INVENTORY_FORMATS.join(', ')}.`);
  let maximumBytesBilled: number | undefined;
  if (values['maximum-bytes-billed'] !== undefined) {
    maximumBytesBilled = Number(values['maximum-bytes-billed']);
    if (!/^\d+$/.test(values['maximum-bytes-billed']) || !Number.isSafeInteger(maximumBytesBilled)) {
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
    maxFileBytes: parseMaxFileBytes(values['max-file-bytes']),
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

/** Reads and checks the --compare-to report before any query runs. */
function readPreviousReport(option: string, path: string): InventoryReport {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new UsageError(`cannot read --compare-to file ${option} (${code}). Pass a report written with --format json.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`--compare-to file ${option} is not JSON. Pass a report written with --format json.`);
  }
  const problem = validatePreviousReport(value);
  if (problem !== null) throw new UsageError(`--compare-to file ${option} is not an inventory report: ${problem}. Pass a report written with --format json.`);
  return value as InventoryReport;
}

/** Checks that --output can be written before any query runs. */
function checkOutputPath(option: string, path: string): void {
  let isDirectory = false;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    // A missing file is created; its folder is checked below.
  }
  if (isDirectory) throw new UsageError(`--output ${option} is a folder. Give a file name, for example ${join(option, 'inventory.md')}.`);

  const folder = dirname(path);
  let folderIsDirectory = false;
  try {
    folderIsDirectory = statSync(folder).isDirectory();
  } catch {
    // Reported below.
  }
  if (!folderIsDirectory) throw new UsageError(`--output ${option}: the folder ${folder} does not exist. Create it first, or write the report elsewhere.`);
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new UsageError(`--output ${option}: the folder ${folder} is not writable. Write the report to a folder you can write to.`);
  }
}

/** Where the end date of the range comes from, for the message of a range that ends before it starts. */
function endDateOrigin(options: InventoryOptions, config: HistoryConfig, raw: Record<string, unknown>, source: string | null): string {
  if (options.until !== undefined) return `--until ${options.until}`;
  const history = raw.history;
  if (history !== null && typeof history === 'object' && 'end-date' in history) return `end-date = "${config.endDate}" in [tool.processor-lens.history] of ${source ?? 'pyproject.toml'}`;
  return `the default end date (${config.endDate}); pass --until or set end-date in [tool.processor-lens.history]`;
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
    const outputPath = options.output !== undefined ? resolve(cwd, options.output) : undefined;
    if (options.output !== undefined) checkOutputPath(options.output, outputPath!);
    const previous = options.compareTo !== undefined ? readPreviousReport(options.compareTo, resolve(cwd, options.compareTo)) : null;

    const opened = await openWorkspaces(resolveTargets(options.paths, cwd), { maxFileBytes: options.maxFileBytes });
    const reports: InventoryReport[] = [];
    for (const workspaceTargets of opened) {
      const workspace = workspaceTargets.workspace;
      const analysis = analyzeTargets([workspaceTargets], { wholeWorkspace: true });
      const config = applyOverrides(
        loadHistoryConfig({ root: workspace.root, pyprojectRaw: workspace.config.raw, statKey: workspace.config.statKey, pyprojectPath: workspace.config.source }),
        options,
        cwd,
      );
      const result = { ...analysis, findings: analysis.findings.map((item) => item.finding) };
      reports.push(
        await runInventoryWithConfig(result, config, {
          since: options.since,
          until: options.until,
          untilOrigin: endDateOrigin(options, config, workspace.config.raw, workspace.config.source),
          onProgress: progress,
          signal: controller.signal,
          includeComparisons: options.format !== 'markdown',
        }),
      );
    }
    if (drawProgress) io.stderr.write('\r\x1b[2K');

    const report = mergeReports(reports);
    if (previous !== null) {
      report.comparison = compareReports(report, previous);
      if (report.comparison.rangesDiffer) {
        const before = report.comparison.previousRange;
        io.stderr.write(
          `inventory: note: ${options.compareTo} covers ${before.since} to ${before.until}, this report ${report.range.since} to ${report.range.until}; the counts are not comparable, because dates were added or dropped.\n`,
        );
      }
    }
    const text = renderInventory(report, options.format, { cwd });
    if (outputPath !== undefined) {
      try {
        writeFileSync(outputPath, text);
      } catch (error) {
        throw new CliError(`cannot write --output ${options.output} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Check the folder and its permissions.`);
      }
      io.stderr.write(`inventory: wrote ${options.output} (${report.processors.length} processors, ${report.queries} queries)\n`);
    } else {
      io.stdout.write(text);
    }
    return report.totals['data-loss'] > 0 || report.totals['tracking-bug'] > 0 ? EXIT_FINDINGS : EXIT_OK;
  } catch (error) {
    if (drawProgress) io.stderr.write('\r\x1b[2K');
    if (error instanceof HistoryError) {
      io.stderr.write(`processor-lens: ${cliHint(error.message)}\n${cliHint(error.hint)}\n`);
      return EXIT_ERROR;
    }
    if (error instanceof CliError || (error instanceof Error && error.name === 'ConfigError')) {
      io.stderr.write(`processor-lens: ${error.message}\n`);
      return EXIT_ERROR;
    }
    throw error;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
}

// `processorLens/inventory`: builds the data-loss inventory of the workspace folders in the
// server, reporting LSP work-done progress; cancelling the request or the progress aborts the
// queries (BigQuery jobs are cancelled with jobs.cancel).
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver/node';
import type { AnalysisWorkspace } from '../engine/api';
import { loadHistoryConfig } from '../history/config';
import { runInventoryWithConfig, type InventoryReport } from '../history/inventory';
import { INVENTORY_FORMATS, renderInventory } from '../history/inventory-render';
import { DATE_STATUSES, HistoryError } from '../history/types';
import { INVENTORY_METHOD, type InventoryErrorData, type InventoryParams, type InventoryResult } from '../protocol';
import { SETTINGS_SECTION } from '../settings-defaults';
import { readSettings } from './client-settings';
import { createLogger, type Logger } from './logger';

/** JSON-RPC code of a request that failed for a reason the message explains (LSP RequestFailed). */
const REQUEST_FAILED = -32803;
/** JSON-RPC code of a cancelled request (LSP RequestCancelled). */
const REQUEST_CANCELLED = -32800;

export function registerInventoryRequest(connection: Connection, workspaces: () => AnalysisWorkspace[]): void {
  const log = createLogger(connection);
  connection.onRequest(INVENTORY_METHOD, (params: InventoryParams, token: CancellationToken) => handleInventory(connection, workspaces(), params, token, log));
}

function selectWorkspaces(all: AnalysisWorkspace[], folderUri: string | undefined): AnalysisWorkspace[] {
  if (folderUri === undefined) return all;
  const root = fileURLToPath(folderUri);
  return all.filter((workspace) => workspace.root === root);
}

async function handleInventory(
  connection: Connection,
  all: AnalysisWorkspace[],
  params: InventoryParams,
  token: CancellationToken,
  log: Logger,
): Promise<InventoryResult> {
  const format = params.format ?? 'markdown';
  if (!INVENTORY_FORMATS.includes(format)) throw failure('query-failed', `Unknown inventory format "${format}".`, `Use one of: ${INVENTORY_FORMATS.join(', ')}.`);
  if (typeof params.since !== 'string' || params.since === '') throw failure('query-failed', 'The inventory needs a start date.', 'Give an ISO date such as 2026-09-05, or a number of days such as 90d.');
  const selected = selectWorkspaces(all, params.folderUri);
  if (selected.length === 0) {
    throw failure('query-failed', `No analyzed workspace folder matches ${params.folderUri ?? 'the request'}.`, 'Open a folder with Python processors and wait for the indexing to finish.');
  }

  const controller = new AbortController();
  const onCancel = token.onCancellationRequested(() => controller.abort());
  if (token.isCancellationRequested) controller.abort();
  const progress = await connection.window.createWorkDoneProgress();
  const onProgressCancel = progress.token.onCancellationRequested(() => controller.abort());
  progress.begin('Processor Lens: data-loss inventory', 0, 'starting', true);

  const started = Date.now();
  try {
    const reports: { report: InventoryReport; root: string }[] = [];
    for (const [index, workspace] of selected.entries()) {
      const scopeUri = pathToFileURL(workspace.root).href;
      const raw: unknown = await connection.workspace.getConfiguration({ scopeUri, section: SETTINGS_SECTION }).catch((error: unknown) => {
        log.error(`reading the ${SETTINGS_SECTION} settings for ${workspace.root} failed; using the defaults`, error);
        return undefined;
      });
      const settings = readSettings(raw, log, workspace.root);
      const config = loadHistoryConfig({ root: workspace.root, settings, pyprojectRaw: workspace.config.raw, statKey: workspace.config.statKey });
      const folderShare = 100 / selected.length;

      const report = await runInventoryWithConfig(workspace.analyze(), config, {
        since: params.since,
        until: params.until,
        signal: controller.signal,
        includeComparisons: format === 'csv',
        onProgress: (update) => {
          const within = update.total > 0 ? update.done / update.total : 0;
          const count = update.total > 1 ? ` (${update.done}/${update.total})` : '';
          progress.report(Math.min(99, Math.floor(index * folderShare + within * folderShare)), `${update.message}${count}`);
        },
      });
      reports.push({ report, root: workspace.root });
    }

    const result = toResult(reports, format);
    log.info(`inventory of ${selected.map((workspace) => workspace.root).join(', ')} from ${params.since}: ${result.processors} processors, ${result.queries} queries in ${Date.now() - started} ms`);
    return result;
  } catch (error) {
    if (error instanceof HistoryError) {
      if (error.code === 'cancelled') throw new ResponseError<InventoryErrorData>(REQUEST_CANCELLED, error.message, { code: error.code, hint: error.hint });
      log.warn(`inventory failed (${error.code}): ${error.message} ${error.hint}`);
      throw failure(error.code, error.message, error.hint);
    }
    log.error('inventory failed', error);
    throw failure('internal', error instanceof Error ? error.message : String(error), 'See the Processor Lens output for the stack trace.');
  } finally {
    onCancel.dispose();
    onProgressCancel.dispose();
    progress.done();
  }
}

function toResult(reports: { report: InventoryReport; root: string }[], format: InventoryResult['format']): InventoryResult {
  const totals: Record<string, number> = Object.fromEntries(DATE_STATUSES.map((status) => [status, 0]));
  let queries = 0;
  let bytes: number | null = null;
  let processors = 0;
  const texts: string[] = [];
  for (const { report, root } of reports) {
    texts.push(renderInventory(report, format, { cwd: root }));
    queries += report.queries;
    processors += report.processors.length;
    if (report.bytesProcessed !== null) bytes = (bytes ?? 0) + report.bytesProcessed;
    for (const status of DATE_STATUSES) totals[status] += report.totals[status];
  }
  // NOTE: with several folders, JSON and CSV reports are concatenated, one document per folder.
  return { text: texts.join(format === 'markdown' ? '\n---\n\n' : ''), format, processors, queries, bytesProcessed: bytes, totals };
}

function failure(code: string, message: string, hint: string): ResponseError<InventoryErrorData> {
  return new ResponseError<InventoryErrorData>(REQUEST_FAILED, message, { code, hint });
}

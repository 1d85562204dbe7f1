// Custom LSP messages shared by the language server and the extension client.
import type { AttributeValue, Finding, Range } from './engine/types';

/** `processorLens/processorAt`: the processor class whose body contains a position. */
export const PROCESSOR_AT_METHOD = 'processorLens/processorAt';

export interface ProcessorAtParams {
  uri: string;
  /** Zero-based, as in LSP. */
  position: { line: number; character: number };
}

export interface ProcessorAtResult {
  className: string;
  /** Name run history records: the class's `processor_type` attribute when it has one, else the class name. */
  processorName: string;
  uri: string;
  nameRange: Range;
  effectiveMethod: { className: string; uri: string; nameRange: Range } | null;
  /** dataset_id, table_name, project_id and processor_type as written in the class or its bases. */
  attributes: Record<string, AttributeValue>;
  findings: Finding[];
}

/** Command that opens the run-history panel; its argument is a `ShowRunHistoryArgs` or nothing (cursor). */
export const SHOW_RUN_HISTORY_COMMAND = 'processorLens.showRunHistory';

export interface ShowRunHistoryArgs {
  uri: string;
  position: { line: number; character: number };
}

/** Options the extension passes in `initialize`; every field is optional so other clients can omit them. */
export interface InitializationOptions {
  /** `file:` URI of the folder that contains the rule pages (`<rule>.md`), ending with `/`. */
  rulesDocsUri?: string;
}

/** Client command behind the exits code lens: lists the exits of a `save_data` in a quick pick. */
export const SHOW_EXITS_COMMAND = 'processorLens.showExits';

/** Arguments of `SHOW_EXITS_COMMAND`, in LSP types. */
export interface ShowExitsArgs {
  uri: string;
  position: { line: number; character: number };
  /** Exit locations, for a client that shows them as a references list. */
  locations: { uri: string; range: Range }[];
  /** One quick-pick entry per exit, the end of the function last; absent from servers older than the quick pick. */
  items?: ShowExitsItem[];
  /** Quick-pick title, for example `BoxScoresProcessor.save_data: 0 of 2 exits set rows_inserted`. */
  title?: string;
}

/** A quick-pick entry of `SHOW_EXITS_COMMAND`; choosing it selects `range` in `uri`. */
export interface ShowExitsItem {
  /** Kind and line, for example `return on line 16`. */
  label: string;
  /** Stat and rows state, for example `rows_inserted not set, rows written`. */
  description: string;
  /** Source text of the exit and the rule reported on it, if any. */
  detail: string;
  uri: string;
  range: Range;
}

/** `processorLens/status`: sent by the server whenever indexing progress or the finding count changes. */
export const STATUS_NOTIFICATION = 'processorLens/status';

export interface StatusParams {
  /** True while a workspace folder is being scanned or its files analyzed for the first time. */
  indexing: boolean;
  /** Files indexed so far and in total, over every folder being indexed; 0 and 0 when idle. */
  done: number;
  total: number;
  /** Findings currently published, over every folder. */
  findings: number;
  /** Files that were skipped (unreadable, too large, not UTF-8), over every folder. */
  skipped: number;
  /**
   * Invalid pyproject.toml files, each keeping its folder from being analyzed: the file's URI and
   * the error, which names the key and the fix. Absent when there are none.
   */
  configErrors?: { uri: string; message: string }[];
}

/** `processorLens/audit`: the processor audit checklist of the workspace as Markdown. */
export const AUDIT_METHOD = 'processorLens/audit';

export interface AuditParams {
  /** Limits the audit to the workspace folder with this URI; every folder when absent. */
  folderUri?: string;
}

export interface AuditResult {
  markdown: string;
}

/**
 * `processorLens/inventory`: the data-loss inventory of the workspace folders, built in the
 * server with work-done progress; cancelling the request cancels its queries.
 */
export const INVENTORY_METHOD = 'processorLens/inventory';

/** Command that requests the start date and opens the inventory as Markdown. */
export const INVENTORY_COMMAND = 'processorLens.inventory';

export interface InventoryParams {
  /** Limits the inventory to the workspace folder with this URI; every folder when absent. */
  folderUri?: string;
  /** First date: an ISO date, or `Nd` for N days ending on the end date. */
  since: string;
  /** Last date (ISO); the folder's `history.endDate` setting when absent. */
  until?: string;
  /** Default: markdown. */
  format?: 'markdown' | 'json' | 'csv';
}

export interface InventoryResult {
  /** The rendered report of every folder, one after the other. */
  text: string;
  format: 'markdown' | 'json' | 'csv';
  processors: number;
  queries: number;
  /** Null when the source does not report bytes (DuckDB). */
  bytesProcessed: number | null;
  /** Dates per status over every processor. */
  totals: Record<string, number>;
}

/** `data` of the ResponseError of a failed inventory request. */
export interface InventoryErrorData {
  /** A HistoryError code, or `internal`. */
  code: string;
  hint: string;
}

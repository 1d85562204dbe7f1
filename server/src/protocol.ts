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

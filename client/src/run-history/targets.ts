// Which tables a processor writes and which date column each is counted by, with where each
// came from, so the panel can offer a choice and say how it decided.
// TODO: replace with the history library's target resolver once it exists, so the panel and the
// inventory resolve targets the same way.
import type { HistoryConfig } from '../../../server/src/history/config';
import { formatTableRef, parseTableRef } from '../../../server/src/history/sql';
import { HistoryError, type HistoryTarget, type RunHistorySource, type TableRef, type TargetSource } from '../../../server/src/history/types';
import type { ProcessorAtResult } from '../../../server/src/protocol';

interface TableCandidate {
  table: TableRef;
  source: TargetSource;
}

/** The table the class attributes name: `table_name`, qualified by `dataset_id` and `project_id` when it is not already. */
export function tableFromAttributes(processor: ProcessorAtResult): TableRef | null {
  const tableName = processor.attributes.table_name?.value;
  if (!tableName) return null;
  return parseTableRef(tableName, {
    dataset: processor.attributes.dataset_id?.value || undefined,
    project: processor.attributes.project_id?.value || undefined,
  });
}

/**
 * Lists the processor's tables, best first: the class attributes, else the latest run's output
 * table in run history, else the configured tables. Configured tables are always offered as
 * well, because configuration is how a processor that writes several tables names them.
 * Each table's date column is its partitioning column, else the configured one, else the default.
 */
export async function resolveProcessorTargets(
  processor: ProcessorAtResult,
  source: RunHistorySource,
  config: HistoryConfig,
  signal: AbortSignal,
): Promise<HistoryTarget[]> {
  const configured = config.processors[processor.processorName] ?? config.processors[processor.className];
  const candidates: TableCandidate[] = [];
  const add = (table: TableRef, origin: TargetSource) => {
    if (!candidates.some((candidate) => formatTableRef(candidate.table) === formatTableRef(table))) candidates.push({ table, source: origin });
  };

  const fromClass = tableFromAttributes(processor);
  if (fromClass !== null) add(fromClass, 'language-server');
  if (candidates.length === 0) {
    const fromRunHistory = await source.latestOutputTable(processor.processorName, signal);
    if (fromRunHistory !== null) add(fromRunHistory, 'run-history');
  }
  for (const table of configured?.tables ?? []) add(table, configured!.source);

  const targets: HistoryTarget[] = [];
  for (const candidate of candidates) {
    const { column, origin } = await dateColumnOf(candidate.table, source, config, configured, signal);
    targets.push({
      processorName: processor.processorName,
      table: candidate.table,
      tableSource: candidate.source,
      dateColumn: column,
      dateColumnSource: origin,
    });
  }
  return targets;
}

async function dateColumnOf(
  table: TableRef,
  source: RunHistorySource,
  config: HistoryConfig,
  configured: HistoryConfig['processors'][string] | undefined,
  signal: AbortSignal,
): Promise<{ column: string; origin: TargetSource }> {
  try {
    const partition = await source.partitionColumn(table, signal);
    if (partition !== null) return { column: partition, origin: 'table-metadata' };
  } catch (error) {
    // A missing table or a metadata error surfaces again, with its hint, when the query runs.
    if (error instanceof HistoryError && error.code === 'cancelled') throw error;
  }
  if (configured?.dateColumn) return { column: configured.dateColumn, origin: configured.source };
  return { column: config.defaultDateColumn, origin: 'default' };
}

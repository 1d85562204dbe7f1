// Resolution of a processor's table and date column. Tables come from the class attributes
// (table_name, dataset_id, project_id as written in the class or its bases), else from the
// latest run's output_dataset/output_table in run history, else from the settings or
// [tool.processor-lens.processors.NAME] in pyproject.toml. The date column comes from the
// table's partitioning metadata, else from that configuration, else from a column the source
// inferred (DuckDB's only DATE column), else from the default setting.
import type { AttributeValue } from '../engine/types';
import type { HistoryConfig } from './config';
import { formatTableRef, parseTableRef } from './sql';
import { HistoryError, type HistoryTarget, type RunHistorySource, type TableRef, type TargetSource } from './types';

/** Processor fields that resolution reads; the engine's ProcessorInfo and the processorAt result both fit. */
export interface ProcessorRef {
  className: string;
  processorName?: string;
  attributes: Record<string, AttributeValue>;
}

export interface TargetCandidate {
  table: TableRef;
  source: TargetSource;
  /** Place where the name was written: an attribute with its class, a setting, or a run-history column. */
  origin: string;
}

export interface ResolvedTarget {
  target: HistoryTarget;
  /** Every table the processor may write, the chosen one first; the panel offers them as a choice. */
  candidates: TargetCandidate[];
  /** Attribute values that could not be read as table names, each naming the value. */
  problems: string[];
}

/** Name run history records for a processor: its `processor_type` attribute, else its class name. */
export function processorNameOf(processor: ProcessorRef): string {
  return processor.processorName ?? processor.attributes.processor_type?.value ?? processor.className;
}

function isTableAttribute(name: string): boolean {
  return name === 'table_name' || name.endsWith('_table_name');
}

/** Tables named by the class attributes; a bare table name takes dataset_id, and project_id applies when written. */
export function classTableCandidates(processor: ProcessorRef): { candidates: TargetCandidate[]; problems: string[] } {
  const candidates: TargetCandidate[] = [];
  const problems: string[] = [];
  const dataset = processor.attributes.dataset_id?.value || undefined;
  const project = processor.attributes.project_id?.value || undefined;

  // table_name first, then the other table attributes by name.
  const names = Object.keys(processor.attributes).filter(isTableAttribute).sort();
  const primary = names.indexOf('table_name');
  if (primary > 0) {
    names.splice(primary, 1);
    names.unshift('table_name');
  }
  for (const name of names) {
    const attribute = processor.attributes[name];
    if (!attribute.value.trim()) continue;
    try {
      const table = parseTableRef(attribute.value, { dataset, project });
      candidates.push({ table, source: 'language-server', origin: `${attribute.definedIn}.${name}` });
    } catch (error) {
      const reason = error instanceof HistoryError ? error.message : String(error);
      problems.push(`${attribute.definedIn}.${name} = ${JSON.stringify(attribute.value)} (${attribute.path}:${attribute.line + 1}): ${reason}`);
    }
  }
  return { candidates, problems };
}

function configEntry(processor: ProcessorRef, config: HistoryConfig) {
  return config.processors[processorNameOf(processor)] ?? config.processors[processor.className] ?? null;
}

export function configTableCandidates(processor: ProcessorRef, config: HistoryConfig): TargetCandidate[] {
  const entry = configEntry(processor, config);
  if (!entry) return [];
  const origin = entry.source === 'pyproject' ? `[tool.processor-lens.processors.${processorNameOf(processor)}]` : 'processorLens.history.processors';
  return entry.tables.map((table) => ({ table, source: entry.source, origin }));
}

/**
 * Chooses the date column: the table's partitioning column read from metadata, else the
 * processor's configured one, else a column the source inferred (`inferred` true, as DuckDB's
 * only DATE column), else the default.
 */
export function chooseDateColumn(
  processor: ProcessorRef,
  config: HistoryConfig,
  partitionColumn: string | null,
  inferred = false,
): { dateColumn: string; source: TargetSource } {
  if (partitionColumn && !inferred) return { dateColumn: partitionColumn, source: 'table-metadata' };
  const entry = configEntry(processor, config);
  if (entry?.dateColumn) return { dateColumn: entry.dateColumn, source: entry.source };
  if (partitionColumn) return { dateColumn: partitionColumn, source: 'inferred' };
  return { dateColumn: config.defaultDateColumn, source: 'default' };
}

export function dedupeCandidates(candidates: TargetCandidate[]): TargetCandidate[] {
  const seen = new Set<string>();
  return candidates.filter((candidate) => {
    const key = formatTableRef({ dataset: candidate.table.dataset, table: candidate.table.table }).toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Table candidates in resolution order; `latestOutput` is consulted only when the class names
 * no table.
 */
export function orderCandidates(processor: ProcessorRef, config: HistoryConfig, latestOutput: TableRef | null): { candidates: TargetCandidate[]; problems: string[] } {
  const fromClass = classTableCandidates(processor);
  const fromRunHistory: TargetCandidate[] =
    fromClass.candidates.length === 0 && latestOutput ? [{ table: latestOutput, source: 'run-history', origin: 'output_dataset/output_table of the latest run' }] : [];
  return { candidates: dedupeCandidates([...fromClass.candidates, ...fromRunHistory, ...configTableCandidates(processor, config)]), problems: fromClass.problems };
}

export function noTableError(processor: ProcessorRef, problems: string[]): HistoryError {
  const name = processorNameOf(processor);
  const detail = problems.length > 0 ? ` ${problems.join(' ')}` : '';
  return new HistoryError(
    'table-not-found',
    `No table is known for processor ${name}: the class sets no table_name, and run history has no output_table for it.${detail}`,
    `Set table_name in the class, or add [tool.processor-lens.processors.${name}] with table = "dataset.table" to pyproject.toml.`,
  );
}

function sameTable(left: TableRef, right: TableRef): boolean {
  return left.dataset.toLowerCase() === right.dataset.toLowerCase() && left.table.toLowerCase() === right.table.toLowerCase();
}

/**
 * Returns the candidate whose rows run history's records_processed counts. A run records one
 * count, so with several tables it belongs to the table of the latest run's output_table, else to
 * the first candidate (`table_name`).
 */
export function recordedRowsCandidate(candidates: TargetCandidate[], latestOutput: TableRef | null): TargetCandidate {
  const match = latestOutput === null ? undefined : candidates.find((candidate) => sameTable(candidate.table, latestOutput));
  return match ?? candidates[0];
}

/**
 * Resolves the table and date column of a processor through `source`. `table` picks one of
 * several candidates by its `dataset.table` name; without it the first candidate is used.
 */
export async function resolveTarget(
  processor: ProcessorRef,
  config: HistoryConfig,
  source: RunHistorySource,
  options: { table?: string; signal?: AbortSignal } = {},
): Promise<ResolvedTarget> {
  const fromClass = classTableCandidates(processor);
  let latestOutput = fromClass.candidates.length === 0 ? await source.latestOutputTable(processorNameOf(processor), options.signal) : null;
  const { candidates, problems } = orderCandidates(processor, config, latestOutput);
  if (candidates.length === 0) throw noTableError(processor, problems);
  if (candidates.length > 1 && fromClass.candidates.length > 0) latestOutput = await source.latestOutputTable(processorNameOf(processor), options.signal);
  const counted = recordedRowsCandidate(candidates, latestOutput);

  let chosen = candidates[0];
  if (options.table) {
    const wanted = options.table.toLowerCase();
    const match = candidates.find((candidate) => formatTableRef(candidate.table).toLowerCase() === wanted || `${candidate.table.dataset}.${candidate.table.table}`.toLowerCase() === wanted);
    if (!match) {
      throw new HistoryError(
        'table-not-found',
        `Table ${options.table} is not one of the tables of ${processorNameOf(processor)}: ${candidates.map((candidate) => formatTableRef(candidate.table)).join(', ')}.`,
        'Choose one of the listed tables.',
      );
    }
    chosen = match;
  }

  const partition = await source.partitionColumn(chosen.table, options.signal);
  const { dateColumn, source: dateColumnSource } = chooseDateColumn(processor, config, partition, source.partitionColumnInferred === true);
  const dateColumnType = source.dateColumnType ? await source.dateColumnType(chosen.table, dateColumn, options.signal) : undefined;
  return {
    target: {
      processorName: processorNameOf(processor),
      table: chosen.table,
      tableSource: chosen.source,
      dateColumn,
      dateColumnSource,
      useSchedule: configEntry(processor, config)?.useSchedule ?? true,
      ...(dateColumnType ? { dateColumnType } : {}),
      ...(chosen === counted ? {} : { recordedRowsTable: counted.table }),
    },
    candidates: [chosen, ...candidates.filter((candidate) => candidate !== chosen)],
    problems,
  };
}

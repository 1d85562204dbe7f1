// History settings of one workspace folder: the editor's `processorLens.history.*` settings,
// overridden by `[tool.processor-lens.history]` and `[tool.processor-lens.processors.NAME]` in
// the folder's pyproject.toml, the same precedence as the analysis settings.
import { isAbsolute, join, resolve } from 'node:path';
import type { ProcessorLensSettings } from '../settings';
import { DEFAULT_RUN_HISTORY_COLUMNS, parseTableRef, validateColumn, type RunHistoryColumns } from './sql';
import { HistoryError, type TableRef } from './types';

export type HistorySourceKind = 'auto' | 'bigquery' | 'duckdb';

export interface ProcessorTargetConfig {
  tables: TableRef[];
  dateColumn: string | null;
  /** False when the processor's dates do not follow the schedule table. */
  useSchedule: boolean;
  source: 'settings' | 'pyproject';
}

export interface HistoryConfig {
  source: HistorySourceKind;
  bigquery: {
    project: string;
    location: string;
    /** 0 means no limit. */
    maximumBytesBilled: number;
    /** Empty means Google's endpoint. */
    apiEndpoint: string;
  };
  queryTimeoutMs: number;
  runHistoryTable: TableRef;
  columns: RunHistoryColumns;
  /** Absolute path of the DuckDB file or export folder. */
  duckdbPath: string;
  tolerance: number;
  cacheTtlSeconds: number;
  /** `today`, `latest-run` or an ISO date. */
  endDate: string;
  /** Key of `self.stats` whose presence in the run's `summary` JSON is checked. */
  statKey: string;
  defaultDateColumn: string;
  schedule: { table: TableRef; dateColumn: string } | null;
  /** Targets by processor name. */
  processors: Record<string, ProcessorTargetConfig>;
}

export type HistorySettings = Pick<
  ProcessorLensSettings,
  | 'history.source'
  | 'history.bigquery.project'
  | 'history.bigquery.location'
  | 'history.bigquery.maximumBytesBilled'
  | 'history.bigquery.apiEndpoint'
  | 'history.queryTimeoutMs'
  | 'history.runHistoryTable'
  | 'history.runHistoryColumns'
  | 'history.duckdb.path'
  | 'history.tolerance'
  | 'history.cacheTtlSeconds'
  | 'history.endDate'
  | 'history.dateColumn'
  | 'history.schedule.table'
  | 'history.schedule.dateColumn'
  | 'history.processors'
>;

/** Defaults of the history settings; they match the `@default` tags in settings.ts. */
export const DEFAULT_HISTORY_SETTINGS: HistorySettings = {
  'history.source': 'auto',
  'history.bigquery.project': '',
  'history.bigquery.location': '',
  'history.bigquery.maximumBytesBilled': 1_000_000_000,
  'history.bigquery.apiEndpoint': '',
  'history.queryTimeoutMs': 60_000,
  'history.runHistoryTable': 'nba_reference.processor_run_history',
  'history.runHistoryColumns': {},
  'history.duckdb.path': '.processor-lens/history',
  'history.tolerance': 0.05,
  'history.cacheTtlSeconds': 300,
  'history.endDate': 'today',
  'history.dateColumn': 'game_date',
  'history.schedule.table': '',
  'history.schedule.dateColumn': 'game_date',
  'history.processors': {},
};

// pyproject.toml key of each setting under [tool.processor-lens.history].
export const PYPROJECT_HISTORY_KEYS: Readonly<Record<string, keyof HistorySettings>> = {
  source: 'history.source',
  'bigquery-project': 'history.bigquery.project',
  'bigquery-location': 'history.bigquery.location',
  'maximum-bytes-billed': 'history.bigquery.maximumBytesBilled',
  'bigquery-api-endpoint': 'history.bigquery.apiEndpoint',
  'query-timeout-ms': 'history.queryTimeoutMs',
  'run-history-table': 'history.runHistoryTable',
  'run-history-columns': 'history.runHistoryColumns',
  'duckdb-path': 'history.duckdb.path',
  tolerance: 'history.tolerance',
  'cache-ttl-seconds': 'history.cacheTtlSeconds',
  'end-date': 'history.endDate',
  'date-column': 'history.dateColumn',
  'schedule-table': 'history.schedule.table',
  'schedule-date-column': 'history.schedule.dateColumn',
};

const COLUMN_KEYS: Record<string, keyof RunHistoryColumns> = Object.fromEntries(
  (Object.entries(DEFAULT_RUN_HISTORY_COLUMNS) as [keyof RunHistoryColumns, string][]).map(([key, name]) => [name, key]),
);

function configError(message: string, hint: string): HistoryError {
  return new HistoryError('invalid-identifier', message, hint);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads `[tool.processor-lens.history]` into setting names, rejecting unknown keys and wrong types. */
function pyprojectHistorySettings(raw: Record<string, unknown>): Partial<HistorySettings> {
  const table = raw.history;
  if (table === undefined) return {};
  if (!isRecord(table)) throw configError('[tool.processor-lens.history] in pyproject.toml is not a table.', 'Write it as a TOML table of history settings.');

  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(table)) {
    const setting = PYPROJECT_HISTORY_KEYS[key];
    if (!setting) {
      throw configError(
        `Unknown key "${key}" in [tool.processor-lens.history] of pyproject.toml.`,
        `Use one of: ${Object.keys(PYPROJECT_HISTORY_KEYS).join(', ')}.`,
      );
    }
    const expected = typeof DEFAULT_HISTORY_SETTINGS[setting];
    if (value instanceof Date) {
      // smol-toml returns an unquoted TOML date as a Date subclass whose toISOString() keeps
      // only the parts written, so a local date (end-date = 2026-01-01) reads as "2026-01-01".
      const text = value.toISOString();
      if (setting === 'history.endDate' && isIsoDate(text)) {
        result[setting] = text;
        continue;
      }
      throw configError(`"${key}" in [tool.processor-lens.history] of pyproject.toml is a TOML date-time (${text}).`, `Write it as a string, for example ${key} = "${text.slice(0, 10)}".`);
    }
    if (typeof value !== expected) {
      throw configError(`"${key}" in [tool.processor-lens.history] of pyproject.toml is a ${typeof value}, expected a ${expected}.`, `Correct the value of ${key}.`);
    }
    result[setting] = value;
  }
  return result as Partial<HistorySettings>;
}

function readColumns(overrides: Record<string, string>): RunHistoryColumns {
  const columns: RunHistoryColumns = { ...DEFAULT_RUN_HISTORY_COLUMNS };
  for (const [standard, actual] of Object.entries(overrides)) {
    const key = COLUMN_KEYS[standard];
    if (!key) {
      throw configError(
        `Unknown run-history column "${standard}".`,
        `Map one of the standard column names: ${Object.keys(COLUMN_KEYS).join(', ')}.`,
      );
    }
    if (typeof actual !== 'string') throw configError(`The run-history column for "${standard}" is not a string.`, 'Give the column name as a string.');
    columns[key] = validateColumn(actual, `run-history column name (${standard})`);
  }
  return columns;
}

function readProcessorTarget(name: string, value: unknown, source: 'settings' | 'pyproject'): ProcessorTargetConfig {
  const where = source === 'pyproject' ? `[tool.processor-lens.processors.${name}] in pyproject.toml` : `processorLens.history.processors["${name}"]`;
  if (!isRecord(value)) throw configError(`${where} is not a table.`, 'Give it a table and a date column.');

  const tableValues: unknown[] = [];
  if (value.table !== undefined) tableValues.push(value.table);
  if (value.tables !== undefined) {
    if (!Array.isArray(value.tables)) throw configError(`"tables" of ${where} is not a list.`, 'Give a list of dataset.table names.');
    tableValues.push(...value.tables);
  }
  const tables = tableValues.map((table) => {
    if (typeof table !== 'string') throw configError(`A table of ${where} is not a string.`, 'Write it as "dataset.table".');
    return parseTableRef(table);
  });

  const dateColumnValue = value['date-column'] ?? value.dateColumn;
  if (dateColumnValue !== undefined && typeof dateColumnValue !== 'string') {
    throw configError(`The date column of ${where} is not a string.`, 'Write the column name as a string.');
  }
  const dateColumn = dateColumnValue === undefined ? null : validateColumn(dateColumnValue, 'date column name');

  const known = new Set(['table', 'tables', 'date-column', 'dateColumn', 'schedule']);
  const unknown = Object.keys(value).filter((key) => !known.has(key));
  if (unknown.length > 0) throw configError(`Unknown key "${unknown[0]}" in ${where}.`, 'Use table, tables, date-column or schedule.');
  if (value.schedule !== undefined && typeof value.schedule !== 'boolean') {
    throw configError(`"schedule" of ${where} is not true or false.`, 'Write schedule = false for a processor whose dates do not follow the schedule table.');
  }
  return { tables, dateColumn, useSchedule: value.schedule !== false, source };
}

/**
 * Builds the history configuration of a folder. `settings` are the editor's values (missing
 * ones take the defaults); `pyprojectRaw` is the folder's `[tool.processor-lens]` table, whose
 * values win. Throws HistoryError naming the value for invalid names and unknown keys.
 */
export function loadHistoryConfig(options: {
  root: string;
  settings?: Partial<HistorySettings>;
  pyprojectRaw?: Record<string, unknown> | null;
  /** The pyproject.toml that `pyprojectRaw` came from, named in error messages. */
  pyprojectPath?: string | null;
  statKey?: string;
}): HistoryConfig {
  const raw = options.pyprojectRaw ?? {};
  const pyprojectHistory = pyprojectHistorySettings(raw);
  const merged: HistorySettings = { ...DEFAULT_HISTORY_SETTINGS, ...definedOnly(options.settings ?? {}), ...pyprojectHistory };

  const source = merged['history.source'];
  if (!['auto', 'bigquery', 'duckdb'].includes(source)) {
    const origin = pyprojectHistory['history.source'] !== undefined
      ? `source in [tool.processor-lens.history] of ${options.pyprojectPath ?? join(options.root, 'pyproject.toml')}`
      : 'the processorLens.history.source setting';
    throw configError(`Unknown history source "${source}", set by ${origin}.`, 'Use auto, bigquery or duckdb.');
  }
  const tolerance = merged['history.tolerance'];
  if (!(tolerance >= 0 && tolerance < 1)) throw configError(`Tolerance ${tolerance} is out of range.`, 'Use a fraction from 0 to below 1, for example 0.05.');
  const endDate = merged['history.endDate'];
  if (!['today', 'latest-run'].includes(endDate) && !isIsoDate(endDate)) {
    throw configError(`End date "${endDate}" is not today, latest-run or an ISO date.`, 'Use today, latest-run or a date such as 2026-12-03.');
  }

  const processors: Record<string, ProcessorTargetConfig> = {};
  for (const [name, value] of Object.entries(merged['history.processors'])) processors[name] = readProcessorTarget(name, value, 'settings');
  const pyprojectProcessors = raw.processors;
  if (pyprojectProcessors !== undefined) {
    if (!isRecord(pyprojectProcessors)) throw configError('[tool.processor-lens.processors] in pyproject.toml is not a table.', 'Write one [tool.processor-lens.processors.NAME] table per processor.');
    for (const [name, value] of Object.entries(pyprojectProcessors)) processors[name] = readProcessorTarget(name, value, 'pyproject');
  }

  const scheduleTable = merged['history.schedule.table'].trim();
  const duckdbPath = merged['history.duckdb.path'];
  return {
    source,
    bigquery: {
      project: merged['history.bigquery.project'].trim(),
      location: merged['history.bigquery.location'].trim(),
      maximumBytesBilled: merged['history.bigquery.maximumBytesBilled'],
      apiEndpoint: merged['history.bigquery.apiEndpoint'].trim(),
    },
    queryTimeoutMs: merged['history.queryTimeoutMs'],
    runHistoryTable: parseTableRef(merged['history.runHistoryTable']),
    columns: readColumns(merged['history.runHistoryColumns']),
    duckdbPath: isAbsolute(duckdbPath) ? duckdbPath : resolve(options.root, duckdbPath),
    tolerance,
    cacheTtlSeconds: merged['history.cacheTtlSeconds'],
    endDate,
    statKey: options.statKey ?? 'rows_inserted',
    defaultDateColumn: validateColumn(merged['history.dateColumn'], 'date column name'),
    schedule: scheduleTable
      ? { table: parseTableRef(scheduleTable), dateColumn: validateColumn(merged['history.schedule.dateColumn'], 'schedule date column name') }
      : null,
    processors,
  };
}

/** The source a configuration selects: `auto` picks BigQuery when a project is set. */
export function effectiveSourceKind(config: HistoryConfig): 'bigquery' | 'duckdb' {
  if (config.source === 'auto') return config.bigquery.project ? 'bigquery' : 'duckdb';
  return config.source;
}

export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined && value !== null)) as Partial<T>;
}

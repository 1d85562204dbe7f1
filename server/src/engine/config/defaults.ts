import type { RuleId, RuleLevel, Severity } from '../types';
import type { ProcessorLensConfig } from '../api';

/** Methods that load rows into BigQuery, as named by google-cloud-bigquery's Client. */
export const DEFAULT_WRITE_METHODS: readonly string[] = [
  'load_table_from_json',
  'load_table_from_file',
  'load_table_from_dataframe',
  'load_table_from_uri',
  'insert_rows',
  'insert_rows_json',
  'insert_rows_from_dataframe',
  'copy_table',
];

export const DEFAULT_RULE_LEVELS: Readonly<Record<RuleId, RuleLevel>> = {
  'unset-after-write': 'error',
  'unset-without-write': 'warning',
  'unset-on-raise': 'information',
  'unused-suppression': 'warning',
};

export const DEFAULT_CONFIG: Readonly<ProcessorLensConfig> = Object.freeze({
  rootClasses: ['ProcessorBase', 'AnalyticsProcessorBase', 'PrecomputeProcessorBase'],
  methodName: 'save_data',
  statKey: 'rows_inserted',
  writeMethods: [...DEFAULT_WRITE_METHODS],
  rules: { ...DEFAULT_RULE_LEVELS },
  include: [],
  exclude: [],
  failOn: 'error' as Severity,
  raw: {},
  source: null,
});

/** Returns a fresh copy of the defaults that callers may mutate. */
export function defaultConfig(): ProcessorLensConfig {
  return {
    ...DEFAULT_CONFIG,
    rootClasses: [...DEFAULT_CONFIG.rootClasses],
    writeMethods: [...DEFAULT_CONFIG.writeMethods],
    rules: { ...DEFAULT_CONFIG.rules },
    include: [],
    exclude: [],
    raw: {},
  };
}

/** Merges a partial configuration over a full one; `rules` is merged rule by rule. */
export function mergeConfig(base: ProcessorLensConfig, override: Partial<ProcessorLensConfig> | undefined): ProcessorLensConfig {
  if (!override) return base;
  const merged: ProcessorLensConfig = { ...base };
  for (const [key, value] of Object.entries(override) as [keyof ProcessorLensConfig, unknown][]) {
    if (value === undefined) continue;
    if (key === 'rules') {
      merged.rules = { ...base.rules, ...(value as Partial<Record<RuleId, RuleLevel>>) };
    } else {
      (merged as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return merged;
}

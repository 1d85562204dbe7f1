// Opens the source a configuration selects, and resolves the configured end date.
import { BigQueryHistorySource } from './bigquery-source';
import { effectiveSourceKind, isIsoDate, type HistoryConfig } from './config';
import { localToday } from './dates';
import { DuckdbHistorySource } from './duckdb-source';
import type { SqlHistorySource } from './sql-source';

/** BigQuery when the configuration selects it (or `auto` with a project), else DuckDB over the configured path. */
export async function openHistorySource(config: HistoryConfig, kind = effectiveSourceKind(config)): Promise<SqlHistorySource> {
  return kind === 'bigquery' ? new BigQueryHistorySource(config) : DuckdbHistorySource.open(config);
}

/**
 * Resolves the last date of a range for the `history.endDate` setting: `today`, an ISO date, or
 * `latest-run`, the newest data_date of any processor in run history (today when run history is
 * empty). The panel and the inventory both call this, so "the last 30 days" is the same window in
 * both. The newest date of all processors is used, not the processor's own, so that a processor
 * whose runs stopped shows the missing dates instead of a window that ends at its last run.
 */
export async function resolveEndDate(
  setting: string,
  source: Pick<SqlHistorySource, 'latestRunDate'>,
  options: { today?: string; signal?: AbortSignal } = {},
): Promise<string> {
  const today = options.today ?? localToday();
  if (setting === 'today') return today;
  if (isIsoDate(setting)) return setting;
  const latest = await source.latestRunDate(null, options.signal, today);
  return latest ?? today;
}

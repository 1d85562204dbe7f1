// The extension's settings: the one definition from which package.json's
// `contributes.configuration` and docs/settings.md are generated (scripts/gen-settings.ts).
// Each property's JSDoc becomes its description; `@default` gives the default value.
// A folder whose pyproject.toml has [tool.processor-lens] takes the analysis settings from there.

/**
 * Settings that pyproject.toml's [tool.processor-lens] replaces: in a folder whose pyproject.toml
 * has that table, the editor's values of these settings are ignored.
 */
export const PYPROJECT_SETTING_KEYS = ['rootClasses', 'methodName', 'statKey', 'rules', 'exclude'] as const;

export type RuleLevelSetting = 'error' | 'warning' | 'information' | 'hint' | 'off';

export interface ProcessorLensSettings {
  /**
   * Turns the analysis of Python files on or off.
   * @default true
   */
  enable: boolean;

  /**
   * Classes whose subclasses are processors. Ignored in a folder whose pyproject.toml has [tool.processor-lens].
   * @default ["ProcessorBase", "AnalyticsProcessorBase", "PrecomputeProcessorBase"]
   */
  rootClasses: string[];

  /**
   * Name of the method whose exits are checked.
   * @default "save_data"
   */
  methodName: string;

  /**
   * Key of `self.stats` that the base class records as the run's row count.
   * @default "rows_inserted"
   */
  statKey: string;

  /**
   * Level of each rule, by rule name: error, warning, information, hint or off.
   * @default {}
   */
  rules: Record<string, RuleLevelSetting>;

  /**
   * Glob patterns, relative to the workspace folder, of files to leave out of the analysis.
   * @default []
   */
  exclude: string[];

  /**
   * Traces the communication between VS Code and the language server in the output channel.
   * @default "off"
   */
  'trace.server': 'off' | 'messages' | 'verbose';

  /**
   * Where run history and table row counts come from: `auto` uses BigQuery when `history.bigquery.project` is set, else the embedded DuckDB source.
   * @default "auto"
   */
  'history.source': 'auto' | 'bigquery' | 'duckdb';

  /**
   * Google Cloud project that runs the BigQuery queries (Application Default Credentials are used).
   * @default ""
   */
  'history.bigquery.project': string;

  /**
   * BigQuery location of the datasets, for example `US` or `EU`; empty lets BigQuery choose.
   * @default ""
   */
  'history.bigquery.location': string;

  /**
   * Upper limit on the bytes one query may bill; the query fails instead of exceeding it. 0 means no limit.
   * @default 1000000000
   */
  'history.bigquery.maximumBytesBilled': number;

  /**
   * Time limit of one query, in milliseconds.
   * @default 60000
   */
  'history.queryTimeoutMs': number;

  /**
   * The run-history table, as `dataset.table` or `project.dataset.table`.
   * @default "nba_reference.processor_run_history"
   */
  'history.runHistoryTable': string;

  /**
   * DuckDB database file or folder of Parquet/CSV exports for the embedded source, relative to the workspace folder.
   * @default ".processor-lens/history"
   */
  'history.duckdb.path': string;

  /**
   * Relative difference between recorded and actual rows that still counts as agreement (MERGE and de-duplication make them differ).
   * @default 0.05
   */
  'history.tolerance': number;

  /**
   * How long a query result stays cached for the same processor and date range, in seconds.
   * @default 300
   */
  'history.cacheTtlSeconds': number;

  /**
   * Last date of the panel's range: `today`, `latest-run` (the newest date in run history) or an ISO date.
   * @default "today"
   */
  'history.endDate': string;

  /**
   * Date column of a processor's table when neither the table's partitioning nor `history.processors` names one.
   * @default "game_date"
   */
  'history.dateColumn': string;

  /**
   * Table with one row per scheduled game (`dataset.table`); dates without games count as legitimately empty and past dates with games but no rows as data loss. Empty turns the schedule off.
   * @default ""
   */
  'history.schedule.table': string;

  /**
   * Date column of the schedule table.
   * @default "game_date"
   */
  'history.schedule.dateColumn': string;

  /**
   * Column names of the run-history table that differ from the standard ones, by standard name, for example `{"processor_name": "name"}`. Standard names: processor_name, run_id, status, records_processed, records_created, data_date, started_at, processed_at, output_dataset, output_table, summary.
   * @default {}
   */
  'history.runHistoryColumns': Record<string, string>;

  /**
   * Table and date column per processor name, for processors whose class and run history do not name their table, for example `{"BoxScoresProcessor": {"table": "nba_raw.player_box_scores", "dateColumn": "game_date"}}`. `"schedule": false` leaves the schedule table out for a processor whose dates do not follow it.
   * @default {}
   */
  'history.processors': Record<string, { table?: string; dateColumn?: string; schedule?: boolean }>;

  /**
   * BigQuery API endpoint for emulators and tests, for example `http://127.0.0.1:9050`; empty uses Google's endpoint.
   * @default ""
   */
  'history.bigquery.apiEndpoint': string;
}

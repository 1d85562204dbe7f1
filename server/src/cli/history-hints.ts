// The history sources name the editor's settings in their hints, because the language server
// shows the same errors. On the command line those settings do not exist, so each is replaced
// by the option and the pyproject.toml key that set the same value.
import { PYPROJECT_HISTORY_KEYS } from '../history/config';

/** Command-line options that override a history setting. */
const OPTIONS_BY_SETTING: Record<string, string> = {
  'history.bigquery.project': '--project',
  'history.bigquery.location': '--location',
  'history.bigquery.maximumBytesBilled': '--maximum-bytes-billed',
  'history.bigquery.apiEndpoint': '--api-endpoint',
  'history.duckdb.path': '--duckdb',
  'history.source': '--source',
};

function describeSetting(setting: string): string {
  if (setting === 'history.processors') return '[tool.processor-lens.processors.NAME]';
  const key = Object.entries(PYPROJECT_HISTORY_KEYS).find(([, name]) => name === setting)?.[0];
  const pyproject = key ? `${key} in [tool.processor-lens.history]` : `[tool.processor-lens.history]`;
  const option = OPTIONS_BY_SETTING[setting];
  return option ? `${option} (or ${pyproject})` : pyproject;
}

/** Rewrites a history message or hint for the command line. */
export function cliHint(text: string): string {
  return (
    text
      // "processorLens.history.X (or key in [tool.processor-lens.history])" names the key twice once rewritten.
      .replace(/processorLens\.(history\.[A-Za-z.]+[A-Za-z])( \(or [^)]*\[tool\.processor-lens\.history\]\))?/g, (_match, setting: string) => describeSetting(setting))
      .replace(/in \[tool\.processor-lens\.processors\.NAME\] or date-column in \[tool\.processor-lens\.processors\.NAME\]/g, 'in date-column of [tool.processor-lens.processors.NAME]')
      .replace(/; "Copy SQL" gives the query to try in the BigQuery console\./g, ', and the history settings in pyproject.toml.')
  );
}

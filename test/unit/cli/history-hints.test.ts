// History hints rewritten for the command line, where the editor's settings do not exist.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cliHint } from '../../../server/src/cli/history-hints';

test('setting with its pyproject key', () => {
  assert.equal(
    cliHint('Set processorLens.history.duckdb.path (or duckdb-path in [tool.processor-lens.history]) to a DuckDB file or a folder of CSV/Parquet exports.'),
    'Set --duckdb (or duckdb-path in [tool.processor-lens.history]) to a DuckDB file or a folder of CSV/Parquet exports.',
  );
});

test('setting without an option', () => {
  assert.equal(
    cliHint('Narrow the date range or raise processorLens.history.queryTimeoutMs.'),
    'Narrow the date range or raise query-timeout-ms in [tool.processor-lens.history].',
  );
  assert.equal(
    cliHint('Narrow the date range, or raise processorLens.history.bigquery.maximumBytesBilled.'),
    'Narrow the date range, or raise --maximum-bytes-billed (or maximum-bytes-billed in [tool.processor-lens.history]).',
  );
});

test('processor targets', () => {
  assert.equal(
    cliHint('Set the date column in processorLens.history.processors or date-column in [tool.processor-lens.processors.NAME].'),
    'Set the date column in date-column of [tool.processor-lens.processors.NAME].',
  );
});

test('Copy SQL button', () => {
  const hint = cliHint('Check the message above; "Copy SQL" gives the query to try in the BigQuery console.');
  assert.equal(hint, 'Check the message above, and the history settings in pyproject.toml.');
});

test('text without settings unchanged', () => {
  assert.equal(cliHint('Give an earlier start date, or a later end date.'), 'Give an earlier start date, or a later end date.');
});

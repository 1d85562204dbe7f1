import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { readHistoryConfig, SourceRegistry, UNTRUSTED_BIGQUERY_ERROR } from '../../../client/src/run-history/source-factory';
import type { HistoryConfig } from '../../../server/src/history/config';
import type { RunHistorySource } from '../../../server/src/history/types';
import { writeSeedExports } from '../../support/history-seed';

/** Creates a workspace folder whose default `.processor-lens/history` contains the seed exports. */
function workspace(pyproject?: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'pl-panel-workspace-'));
  const history = join(folder, '.processor-lens', 'history');
  mkdirSync(history, { recursive: true });
  writeSeedExports(history);
  if (pyproject !== undefined) writeFileSync(join(folder, 'pyproject.toml'), pyproject);
  return folder;
}

/** Records what the registry opens and closes, around the real opener. */
function recordingRegistry(): { registry: SourceRegistry; opened: HistoryConfig[]; closed: string[] } {
  const opened: HistoryConfig[] = [];
  const closed: string[] = [];
  const registry = new SourceRegistry(async (config) => {
    opened.push(config);
    const { openHistorySource } = await import('../../../server/src/history/open-source');
    const source = await openHistorySource(config);
    const close = source.close.bind(source);
    return Object.assign(source, {
      close: async () => {
        closed.push(source.describe());
        await close();
      },
    }) as RunHistorySource;
  });
  return { registry, opened, closed };
}

describe('readHistoryConfig', () => {
  test('DuckDB path is relative to the folder', () => {
    const folder = workspace();
    const config = readHistoryConfig({ folder, settings: {}, trusted: true });
    assert.equal(config.duckdbPath, join(folder, '.processor-lens', 'history'));
    assert.equal(config.statKey, 'rows_inserted');
  });

  test('pyproject.toml overrides the editor settings', () => {
    const folder = workspace('[tool.processor-lens]\nstat-key = "rows_loaded"\n\n[tool.processor-lens.history]\nend-date = "2026-11-12"\n');
    const config = readHistoryConfig({ folder, settings: { 'history.endDate': 'today' }, trusted: true, statKey: 'ignored' });
    assert.equal(config.endDate, '2026-11-12');
    assert.equal(config.statKey, 'rows_loaded');
  });

  test('editor stat key applies without pyproject.toml', () => {
    const config = readHistoryConfig({ folder: workspace(), settings: {}, trusted: true, statKey: 'rows_loaded' });
    assert.equal(config.statKey, 'rows_loaded');
  });
});

describe('SourceRegistry', () => {
  test('opens the DuckDB source by default', async () => {
    const registry = new SourceRegistry();
    const folder = workspace();
    const opened = await registry.get({ folder, settings: {}, trusted: false });
    assert.equal(opened.ok, true);
    if (opened.ok) {
      assert.equal(opened.source.kind, 'duckdb');
      assert.equal(opened.source.describe(), `DuckDB: ${join(folder, '.processor-lens', 'history')} (folder of exports)`);
    }
    await registry.dispose();
  });

  test('unchanged settings reuse the source', async () => {
    const { registry, opened, closed } = recordingRegistry();
    const folder = workspace();
    const first = await registry.get({ folder, settings: {}, trusted: true });
    const second = await registry.get({ folder, settings: {}, trusted: true });
    assert.equal(opened.length, 1);
    assert.ok(first.ok);
    assert.ok(second.ok);
    assert.equal(first.source, second.source);
    assert.deepEqual(closed, []);
    await registry.dispose();
    assert.equal(closed.length, 1);
  });

  test('changed settings reopen and close the old source', async () => {
    const { registry, opened, closed } = recordingRegistry();
    const folder = workspace();
    await registry.get({ folder, settings: {}, trusted: true });
    const changed = await registry.get({ folder, settings: { 'history.tolerance': 0.1 }, trusted: true });
    assert.equal(changed.ok, true);
    assert.equal(opened.length, 2);
    assert.equal(opened[1].tolerance, 0.1);
    await new Promise((done) => setImmediate(done));
    assert.equal(closed.length, 1);
    await registry.dispose();
  });

  test('BigQuery needs a trusted workspace', async () => {
    const { registry, opened } = recordingRegistry();
    const result = await registry.get({ folder: workspace(), settings: { 'history.bigquery.project': 'my-project' }, trusted: false });
    assert.deepEqual(result, { ok: false, error: { ...UNTRUSTED_BIGQUERY_ERROR, settings: { kind: 'editor-settings', query: 'processorLens.history' } } });
    assert.equal(opened.length, 0);
  });

  test('missing DuckDB path names the path', async () => {
    const registry = new SourceRegistry();
    const folder = workspace();
    const result = await registry.get({ folder, settings: { 'history.duckdb.path': 'no/such/folder' }, trusted: true });
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.ok(result.error.message.includes(join(folder, 'no/such/folder')), result.error.message);
      assert.match(result.error.hint, /processorLens\.history\.duckdb\.path/);
    }
  });

  test('invalid pyproject.toml is an error, not a crash', async () => {
    const registry = new SourceRegistry();
    const result = await registry.get({ folder: workspace('[tool.processor-lens\n'), settings: {}, trusted: true });
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.equal(result.error.code, 'invalid-configuration');
      assert.match(result.error.message, /not valid TOML/);
    }
  });

  test('invalid run-history table names the value', async () => {
    const registry = new SourceRegistry();
    const result = await registry.get({ folder: workspace(), settings: { 'history.runHistoryTable': 'a.b.c.d' }, trusted: true });
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.error.message, /"a\.b\.c\.d"/);
  });

  test('config error names file and key', async () => {
    const registry = new SourceRegistry();
    const folder = workspace('[tool.processor-lens]\nfail-on = "sometimes"\n');
    const result = await registry.get({ folder, settings: {}, trusted: true });
    assert.equal(result.ok, false);
    if (result.ok) return;
    const file = join(folder, 'pyproject.toml');
    assert.equal(result.error.hint, `Correct fail-on in [tool.processor-lens] of ${file}.`);
    assert.doesNotMatch(result.error.hint, /processorLens\.history/);
    assert.deepEqual(result.error.settings, { kind: 'pyproject', path: file, section: 'tool.processor-lens', key: 'fail-on' });
  });

  test('pyproject history table is the settings', async () => {
    const registry = new SourceRegistry();
    const folder = workspace('[tool.processor-lens.history]\nend-date = "latest-run"\n');
    const result = await registry.get({ folder, settings: {}, trusted: true });
    assert.equal(result.ok, true);
    if (!result.ok) return;
    assert.deepEqual(result.settings, { kind: 'pyproject', path: join(folder, 'pyproject.toml'), section: 'tool.processor-lens.history' });
    await registry.dispose();
  });

  test('editor settings without pyproject history', async () => {
    const registry = new SourceRegistry();
    const result = await registry.get({ folder: workspace('[tool.processor-lens]\nfail-on = "error"\n'), settings: {}, trusted: true });
    assert.equal(result.ok, true);
    if (result.ok) assert.deepEqual(result.settings, { kind: 'editor-settings', query: 'processorLens.history' });
    await registry.dispose();
  });
});

// Settings have one definition (server/src/settings.ts); package.json, docs/settings.md and the
// server's defaults are generated from it and must not drift. Also covers how the server reads
// the settings the client sends and when pyproject.toml wins over them.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { findDrift, generateSettings } from '../../scripts/gen-settings';
import type { ProcessorLensConfig } from '../../server/src/engine/api';
import { applySettings, readSettings } from '../../server/src/lsp/client-settings';
import type { Logger } from '../../server/src/lsp/logger';
import { DEFAULT_SETTINGS } from '../../server/src/settings-defaults';

const root = join(__dirname, '..', '..');
const generatedFiles = ['package.json', 'server/src/settings.ts', 'server/src/settings-defaults.ts', 'docs/settings.md'];

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, info() {}, warn: (message) => warnings.push(message), error: (message) => warnings.push(message) };
}

describe('generated settings files', () => {
  const generated = generateSettings(root);

  test('match settings.ts', () => {
    assert.deepEqual(findDrift(root, generated), [], 'run `npm run gen:settings` and commit the result');
  });

  test('drift is detected in every file', () => {
    const copy = mkdtempSync(join(tmpdir(), 'pl-settings-'));
    after(() => rmSync(copy, { recursive: true, force: true }));
    for (const file of generatedFiles) {
      mkdirSync(dirname(join(copy, file)), { recursive: true });
      copyFileSync(join(root, file), join(copy, file));
    }
    const settingsPath = join(copy, 'server/src/settings.ts');
    const source = readFileSync(settingsPath, 'utf8');
    assert.ok(source.includes('@default "save_data"'), 'the sample edit no longer applies to settings.ts');
    writeFileSync(settingsPath, source.replace('@default "save_data"', '@default "write_rows"'));

    assert.deepEqual(findDrift(copy), [
      'package.json (contributes.configuration)',
      'docs/settings.md',
      'server/src/settings-defaults.ts',
    ]);
  });

  test('package.json properties carry type, default, description', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const properties = manifest.contributes.configuration.properties as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(properties), Object.keys(DEFAULT_SETTINGS).map((key) => `processorLens.${key}`));
    for (const [name, property] of Object.entries(properties)) {
      assert.ok(typeof property.type === 'string', `${name} has no type`);
      assert.equal(typeof property.markdownDescription, 'string', `${name} has no description`);
      assert.notEqual(property.markdownDescription, '', `${name} has an empty description`);
      assert.deepEqual(property.default, DEFAULT_SETTINGS[name.slice('processorLens.'.length) as keyof typeof DEFAULT_SETTINGS]);
    }
  });

  test('schemas follow the TypeScript types', () => {
    const properties = generated.configuration.properties as Record<string, Record<string, unknown>>;
    assert.deepEqual(properties['processorLens.trace.server'].enum, ['off', 'messages', 'verbose']);
    assert.equal(properties['processorLens.trace.server'].scope, 'window');
    assert.deepEqual(properties['processorLens.rootClasses'].items, { type: 'string' });
    assert.deepEqual(properties['processorLens.rules'].additionalProperties, {
      type: 'string',
      enum: ['error', 'warning', 'information', 'hint', 'off'],
    });
    assert.equal(properties['processorLens.history.tolerance'].type, 'number');
    assert.equal(properties['processorLens.enable'].type, 'boolean');
  });

  test('history settings are restricted when untrusted', () => {
    assert.ok(generated.restrictedConfigurations.length > 0);
    for (const name of generated.restrictedConfigurations) assert.match(name, /^processorLens\.history\./);
    assert.ok(generated.restrictedConfigurations.includes('processorLens.history.bigquery.apiEndpoint'));
  });

  test('docs say pyproject.toml wins', () => {
    const docs = readFileSync(join(root, 'docs/settings.md'), 'utf8');
    assert.match(docs, /## pyproject\.toml wins/);
    assert.match(docs, /`\[tool\.processor-lens\]` table, the analysis takes its configuration from that table/);
    for (const key of Object.keys(DEFAULT_SETTINGS)) assert.ok(docs.includes(`### \`processorLens.${key}\``), `docs miss ${key}`);
  });
});

describe('settings sent by the client', () => {
  test('nested sections are read', () => {
    const settings = readSettings(
      { enable: false, trace: { server: 'verbose' }, history: { bigquery: { project: 'demo' } } },
      recordingLogger(),
      'folder',
    );
    assert.equal(settings.enable, false);
    assert.equal(settings['trace.server'], 'verbose');
    assert.equal(settings['history.bigquery.project'], 'demo');
    assert.equal(settings.methodName, 'save_data');
  });

  test('wrong types fall back to defaults', () => {
    const log = recordingLogger();
    const settings = readSettings({ rootClasses: 'ProcessorBase', statKey: 3, exclude: [1, 2] }, log, 'folder');
    assert.deepEqual(settings.rootClasses, DEFAULT_SETTINGS.rootClasses);
    assert.equal(settings.statKey, DEFAULT_SETTINGS.statKey);
    assert.deepEqual(settings.exclude, []);
    assert.equal(log.warnings.length, 3);
    assert.match(log.warnings[0], /processorLens\.rootClasses in folder is "ProcessorBase"/);
  });
});

describe('pyproject.toml and settings', () => {
  const defaults: ProcessorLensConfig = {
    rootClasses: ['ProcessorBase'],
    methodName: 'save_data',
    statKey: 'rows_inserted',
    writeMethods: ['insert_rows'],
    rules: { 'unset-after-write': 'error', 'unset-without-write': 'warning', 'unset-on-raise': 'information', 'unused-suppression': 'warning' },
    include: [],
    exclude: [],
    failOn: 'error',
    raw: {},
    source: null,
  };
  const settings = {
    ...DEFAULT_SETTINGS,
    rootClasses: ['BaseJob'],
    statKey: 'rows_loaded',
    rules: { 'unset-without-write': 'off' as const, 'no-such-rule': 'error' as const },
    exclude: ['legacy/**'],
  };

  test('settings apply without a table', () => {
    const log = recordingLogger();
    const config = applySettings(defaults, settings, log);
    assert.deepEqual(config.rootClasses, ['BaseJob']);
    assert.equal(config.statKey, 'rows_loaded');
    assert.equal(config.rules['unset-without-write'], 'off');
    assert.equal(config.rules['unset-after-write'], 'error');
    assert.deepEqual(config.exclude, ['legacy/**']);
    assert.equal(log.warnings.length, 1);
    assert.match(log.warnings[0], /unknown rule "no-such-rule"/);
  });

  test('pyproject.toml table wins', () => {
    const fromPyproject = { ...defaults, source: '/repo/pyproject.toml' };
    assert.equal(applySettings(fromPyproject, settings, recordingLogger()), fromPyproject);
  });
});

// Loading the built extension bundle, as VS Code does at activation, must not run the run-history
// sources: @google-cloud/bigquery and its auth stack are bundled but must stay unevaluated, and the
// external DuckDB binding must stay unrequired, until the panel's first query loads them.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';

const repositoryRoot = join(__dirname, '..', '..');
/** The bundle under test; PROCESSOR_LENS_CLIENT points at another build, such as one made with esbuild.mjs --outdir. */
const bundlePath = process.env.PROCESSOR_LENS_CLIENT ?? join(repositoryRoot, 'dist', 'client', 'extension.js');

/** esbuild's wrapper of each bundled CommonJS module, as esbuild 0.28.2 writes it for format cjs. */
const COMMONJS_HELPER = 'var __commonJS = (cb, mod) => function __require() {';

/** Stub of the `vscode` module: every property read from the bundle exists, classes included. */
function vscodeStub(source: string): Record<string, unknown> {
  const anything = (): unknown =>
    new Proxy(function stub() {}, {
      get: (_target, property) => (property === 'prototype' ? {} : anything()),
      apply: () => anything(),
      construct: () => ({}),
    });
  const stub: Record<string, unknown> = {};
  for (const match of source.matchAll(/\.([A-Za-z_]\w*)/g)) {
    const name = match[1];
    if (name === '__esModule' || name === 'default' || name in stub) continue;
    stub[name] = /^[A-Z]/.test(name) ? class {} : anything();
  }
  return stub;
}

/** Requires the bundle with every bundled CommonJS module's evaluation recorded; returns their paths. */
function loadRecordingModules(): string[] {
  const source = readFileSync(bundlePath, 'utf8');
  assert.ok(source.includes(COMMONJS_HELPER), `${bundlePath} has no esbuild CommonJS helper; the test needs updating for this esbuild`);
  const evaluated: string[] = [];
  const recorder = `var __evaluated = globalThis.__evaluatedModules;
var __commonJS = (cb, mod) => {
  const name = Object.getOwnPropertyNames(cb)[0];
  return function __require() {
    if (!mod) __evaluated.push(name);
    return mod || (0, cb[name])((mod = { exports: {} }).exports, mod), mod.exports;
  };
};
var __unusedHelper = (cb, mod) => function __require() {`;
  (globalThis as Record<string, unknown>).__evaluatedModules = evaluated;

  const stub = vscodeStub(source);
  const moduleApi = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown; _nodeModulePaths: (dir: string) => string[] };
  const originalLoad = moduleApi._load;
  moduleApi._load = function load(this: unknown, request: string, ...rest: unknown[]) {
    return request === 'vscode' ? stub : originalLoad.call(this, request, ...rest);
  };
  try {
    const bundle = new Module(bundlePath) as Module & { _compile(content: string, filename: string): void };
    bundle.filename = bundlePath;
    bundle.paths = moduleApi._nodeModulePaths(dirname(bundlePath));
    bundle._compile(source.replace(COMMONJS_HELPER, recorder), bundlePath);
  } finally {
    moduleApi._load = originalLoad;
  }
  return evaluated;
}

test('extension bundle defers history sources', { skip: !existsSync(bundlePath) && `${bundlePath} is missing; run "npm run build"` }, () => {
  const evaluated = loadRecordingModules();

  assert.ok(
    evaluated.some((name) => name.includes('vscode-languageclient')),
    `the recorder saw none of the modules activation needs: ${evaluated.slice(0, 5).join(', ')}`,
  );
  assert.deepEqual(evaluated.filter((name) => name.includes('@google-cloud/')), []);
  assert.deepEqual(evaluated.filter((name) => name.includes('google-auth-library')), []);
  const required = Object.keys(require.cache).filter((path) => path.includes('@duckdb'));
  assert.deepEqual(required, []);
});

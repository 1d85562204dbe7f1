// Checks every Python file under a folder with Ruff's WebAssembly build, rule RET503 only, in one
// process. The WebAssembly API takes one file's text per call and has no file discovery, cache
// or threads, so this script walks the tree, reads each file and calls check() on it.
//
//   node bench/peers/ruff-wasm-check.mjs ROOT
// Prints one JSON line: files, lines, diagnostics, and the time spent in check() in milliseconds.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { PositionEncoding, Workspace } = require('@astral-sh/ruff-wasm-nodejs');

function* pythonFiles(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* pythonFiles(path);
    else if (entry.isFile() && entry.name.endsWith('.py')) yield path;
  }
}

const root = process.argv[2];
if (!root) {
  console.error('usage: node bench/peers/ruff-wasm-check.mjs ROOT');
  process.exit(2);
}

const workspace = new Workspace({ lint: { select: ['RET503'] } }, PositionEncoding.Utf16);
let files = 0;
let lines = 0;
let diagnostics = 0;
let failed = 0;
let checkMs = 0;
for (const path of pythonFiles(root)) {
  const text = readFileSync(path, 'utf8');
  files += 1;
  lines += text.split('\n').length - 1;
  const started = performance.now();
  try {
    diagnostics += workspace.check(text).filter((diagnostic) => diagnostic.code === 'RET503').length;
  } catch (error) {
    // A file Ruff cannot parse still counts as read; its error is not a RET503 finding.
    failed += 1;
  }
  checkMs += performance.now() - started;
}
console.log(JSON.stringify({ version: Workspace.version(), files, lines, diagnostics, failed, checkMs: Math.round(checkMs) }));

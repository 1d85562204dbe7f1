// Feeds thousands of randomly damaged copies of the spec workspace's files to the analyzer:
// lines deleted, duplicated and swapped, text truncated, random bytes inserted, deep nesting
// added. The analyzer must neither throw nor take long on any of them. The seed is fixed, so
// a failure reproduces; the failing input is printed.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createWorkspace, type AnalysisWorkspace } from '../../../server/src/engine';
import { copySpecWorkspace, removeTemp } from './helpers';

const ITERATIONS = 2000;
const DISK_EVERY = 10;
const MAX_MS_PER_FILE = 1500;

/** Mulberry32: a small seeded generator, so every run damages the files the same way. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pythonFiles(root: string, dir = root): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...pythonFiles(root, full));
    else if (name.endsWith('.py')) out.push(full);
  }
  return out.sort();
}

type Mutation = (text: string, random: () => number) => string;

const pick = (random: () => number, n: number) => Math.floor(random() * n);

const MUTATIONS: [string, Mutation][] = [
  ['delete line', (text, random) => {
    const lines = text.split('\n');
    lines.splice(pick(random, lines.length), 1);
    return lines.join('\n');
  }],
  ['duplicate line', (text, random) => {
    const lines = text.split('\n');
    const index = pick(random, lines.length);
    lines.splice(index, 0, lines[index]);
    return lines.join('\n');
  }],
  ['swap lines', (text, random) => {
    const lines = text.split('\n');
    const a = pick(random, lines.length);
    const b = pick(random, lines.length);
    [lines[a], lines[b]] = [lines[b], lines[a]];
    return lines.join('\n');
  }],
  ['truncate', (text, random) => text.slice(0, pick(random, text.length + 1))],
  ['random characters', (text, random) => {
    const at = pick(random, text.length + 1);
    const alphabet = '()[]{}:\'"#\\\t\r\n \u00e9\u{1f600}=.,@;ifdefclassreturnraisetry';
    let noise = '';
    for (let i = pick(random, 20) + 1; i > 0; i--) noise += alphabet[pick(random, alphabet.length)];
    return text.slice(0, at) + noise + text.slice(at);
  }],
  ['random code units', (text, random) => {
    const at = pick(random, text.length + 1);
    let noise = '';
    for (let i = pick(random, 8) + 1; i > 0; i--) noise += String.fromCharCode(pick(random, 0xffff));
    return text.slice(0, at) + noise + text.slice(at);
  }],
  ['dedent line', (text, random) => {
    const lines = text.split('\n');
    const index = pick(random, lines.length);
    lines[index] = lines[index].trimStart();
    return lines.join('\n');
  }],
  ['deep nesting', (text, random) => {
    const lines = text.split('\n');
    const index = pick(random, lines.length);
    const indent = /^\s*/.exec(lines[index])![0];
    const depth = 50 + pick(random, 400);
    const nested: string[] = [];
    for (let i = 0; i < depth; i++) nested.push(`${indent}${'    '.repeat(i)}if x${i}:`);
    nested.push(`${indent}${'    '.repeat(depth)}return`);
    lines.splice(index, 0, ...nested);
    return lines.join('\n');
  }],
  ['deep expression', (text, random) => {
    const lines = text.split('\n');
    const index = pick(random, lines.length);
    const depth = 100 + pick(random, 5000);
    lines.splice(index, 0, `${/^\s*/.exec(lines[index])![0]}x = ${'['.repeat(depth)}${']'.repeat(pick(random, 2) ? depth : 0)}`);
    return lines.join('\n');
  }],
  ['crlf', (text) => text.replace(/\n/g, '\r\n')],
  ['lone cr', (text) => text.replace(/\n/g, '\r')],
];

describe('mutation', () => {
  let root: string;
  let workspace: AnalysisWorkspace;
  let files: string[];
  let originals: Map<string, string>;

  before(async () => {
    root = copySpecWorkspace();
    workspace = await createWorkspace(root);
    await workspace.scan();
    files = pythonFiles(root);
    originals = new Map(files.map((file) => [file, readFileSync(file, 'utf8')]));
  });
  after(() => removeTemp(root));

  it(`${ITERATIONS} damaged files analyze without error`, () => {
    const random = generator(20261204);
    let slowest = 0;
    for (let iteration = 0; iteration < ITERATIONS; iteration++) {
      const file = files[pick(random, files.length)];
      let text = originals.get(file)!;
      const applied: string[] = [];
      for (let count = 1 + pick(random, 3); count > 0; count--) {
        const [name, mutate] = MUTATIONS[pick(random, MUTATIONS.length)];
        applied.push(name);
        text = mutate(text, random);
      }

      const started = performance.now();
      try {
        if (iteration % DISK_EVERY === 0) {
          writeFileSync(file, text);
          workspace.reload(file);
        } else {
          workspace.setText(file, text);
        }
        const result = workspace.analyze([file]);
        for (const finding of result.findings) {
          assert.ok(finding.range.start.line >= 0 && finding.message.length > 0);
        }
        for (const skip of result.skipped) assert.doesNotMatch(skip.reason, /internal error/);
      } catch (error) {
        assert.fail(`iteration ${iteration}, ${relative(root, file)} after ${applied.join(', ')} threw ${(error as Error).stack}\n--- input ---\n${text.slice(0, 2000)}`);
      }
      const elapsed = performance.now() - started;
      slowest = Math.max(slowest, elapsed);
      assert.ok(elapsed < MAX_MS_PER_FILE, `iteration ${iteration} (${applied.join(', ')}) took ${elapsed.toFixed(0)} ms`);

      if (iteration % DISK_EVERY === 0) writeFileSync(file, originals.get(file)!);
      workspace.reload(file);
    }
    assert.ok(slowest > 0);
  });

  it('the workspace is intact afterwards', () => {
    const result = workspace.analyze();
    assert.equal(result.findings.length, 25);
    assert.deepEqual(result.skipped, []);
  });
});

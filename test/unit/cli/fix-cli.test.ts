// End-to-end tests of `processor-lens check --fix`, always on temporary copies: the sample
// workspace itself must never change.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { copyToTemp, ensureBuilt, readExpectations, removeTempCopies, runCli, SAMPLE_WORKSPACE, snapshot } from './cli-harness';

interface JsonFinding {
  path: string;
  line: number;
  rule: string;
}

function findings(cwd: string, args: string[] = ['.']): JsonFinding[] {
  return (JSON.parse(runCli(['check', '--format', 'json', ...args], { cwd }).stdout) as { findings: JsonFinding[] }).findings;
}

before(() => ensureBuilt());
after(() => removeTempCopies());

describe('check --fix on a copy of the sample workspace', () => {
  let workspace: string;
  let filesBefore: Map<string, string>;
  let filesAfter: Map<string, string>;
  let fixRun: ReturnType<typeof runCli>;
  let sampleBefore: Map<string, string>;

  before(() => {
    sampleBefore = snapshot(SAMPLE_WORKSPACE);
    workspace = copyToTemp(SAMPLE_WORKSPACE);
    filesBefore = snapshot(workspace);
    fixRun = runCli(['check', '--fix', '--format', 'json', '.'], { cwd: workspace });
    filesAfter = snapshot(workspace);
  });

  test('exits 0 with only information left', () => {
    assert.equal(fixRun.status, 0, fixRun.stderr);
  });

  test('leaves no unset-after-write finding', () => {
    const remaining = findings(workspace).filter((f) => f.rule === 'unset-after-write');
    assert.deepEqual(remaining, []);
  });

  test('reports what changed per file', () => {
    const output = JSON.parse(fixRun.stdout) as { fixed: { path: string; fixesApplied: number; findingsAfter: number }[] };
    const changed = [...filesAfter].filter(([path, text]) => filesBefore.get(path) !== text).map(([path]) => path.split('\\').join('/')).sort();

    assert.deepEqual(output.fixed.map((file) => file.path).sort(), changed);
    assert.ok(output.fixed.every((file) => file.fixesApplied > 0));
  });

  test('only files with fixable findings change', () => {
    const annotated = new Set(readExpectations(SAMPLE_WORKSPACE).filter((e) => e.rule !== 'unset-on-raise').map((e) => e.path));
    for (const [path, text] of filesAfter) {
      if (filesBefore.get(path) !== text) assert.ok(annotated.has(path.split('\\').join('/')), `${path} changed without a fixable finding`);
    }
  });

  test('keeps CRLF line endings and tabs', () => {
    const original = filesBefore.get(join('processors', 'tabs_crlf.py'))!;
    const fixed = filesAfter.get(join('processors', 'tabs_crlf.py'))!;
    const insertedLines = fixed.split('\r\n').filter((line) => !original.split('\r\n').includes(line));

    assert.notEqual(fixed, original);
    assert.equal(fixed.replace(/\r\n/g, '').includes('\n'), false, 'no bare LF');
    assert.deepEqual(insertedLines, ['\t\tself.stats["rows_inserted"] = len(rows)']);
  });

  test('keeps space indentation', () => {
    const original = filesBefore.get(join('processors', 'box_scores.py'))!.split('\n');
    const fixed = filesAfter.get(join('processors', 'box_scores.py'))!.split('\n');
    const inserted = fixed.filter((line) => !original.includes(line));

    assert.deepEqual(inserted.sort(), ['            self.stats["rows_inserted"] = 0', '        self.stats["rows_inserted"] = len(rows)'].sort());
  });

  test('text mode reports fixed files', () => {
    const copy = copyToTemp(SAMPLE_WORKSPACE);
    const run = runCli(['check', '--fix', 'processors/box_scores.py'], { cwd: copy });

    assert.equal(run.status, 0, run.stdout);
    assert.match(run.stdout, /^fixed processors\/box_scores\.py: 2 fixes applied, none remaining$/m);
    assert.match(run.stdout, /No problems found .*; 2 fixes applied\.$/m);
  });

  test('sample workspace is untouched', () => {
    assert.deepEqual(snapshot(SAMPLE_WORKSPACE), sampleBefore);
  });
});

test('--fix applies only selected rules', () => {
  const workspace = copyToTemp(SAMPLE_WORKSPACE);
  const run = runCli(['check', '--fix', '--select', 'unset-without-write', 'processors/box_scores.py'], { cwd: workspace });
  const remaining = findings(workspace, ['processors/box_scores.py']).map((f) => `${f.line} ${f.rule}`);

  assert.equal(run.status, 0, run.stdout);
  assert.deepEqual(remaining, ['12 unset-after-write'], 'the unselected error keeps its finding');
});

describe('check --fix line endings', () => {
  test('CRLF file with spaces', () => {
    const workspace = copyToTemp(SAMPLE_WORKSPACE);
    const path = join(workspace, 'processors', 'box_scores.py');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/\n/g, '\r\n'));
    const run = runCli(['check', '--fix', 'processors/box_scores.py'], { cwd: workspace });
    const text = readFileSync(path, 'utf8');

    assert.equal(run.status, 0, run.stdout);
    assert.equal(text.replace(/\r\n/g, '').includes('\n'), false, 'no bare LF');
    assert.match(text, /\r\n {8}self\.stats\["rows_inserted"\] = len\(rows\)\r\n/);
    assert.deepEqual(findings(workspace, ['processors/box_scores.py']), []);
  });

  test('single-quote file gets single quotes', () => {
    const workspace = copyToTemp(SAMPLE_WORKSPACE);
    const path = join(workspace, 'processors', 'box_scores.py');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/"/g, "'"));
    runCli(['check', '--fix', 'processors/box_scores.py'], { cwd: workspace });

    assert.match(readFileSync(path, 'utf8'), /self\.stats\['rows_inserted'\] = len\(rows\)/);
  });
});

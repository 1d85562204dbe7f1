// End-to-end tests of `processor-lens audit` on the sample workspace.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { copyToTemp, ensureBuilt, removeTempCopies, runCli, SAMPLE_WORKSPACE } from './cli-harness';

let markdown = '';
let status: number | null = null;

before(() => {
  ensureBuilt();
  const run = runCli(['audit', 'sample-workspace']);
  markdown = run.stdout;
  status = run.status;
});

after(() => removeTempCopies());

function section(className: string): string {
  const start = markdown.indexOf(`### \`${className}\``);
  assert.ok(start >= 0, `${className} is listed`);
  const end = markdown.indexOf('\n##', start + 1);
  return markdown.slice(start, end === -1 ? undefined : end);
}

test('audit exits 0 with a title', () => {
  assert.equal(status, 0);
  assert.match(markdown, /^# Processor audit\n/);
});

test('audit groups by folder', () => {
  for (const folder of ['sample-workspace/processors/', 'sample-workspace/precompute/', 'sample-workspace/analytics/', 'sample-workspace/processors/odds/']) {
    assert.match(markdown, new RegExp(`^## ${folder.replace(/\//g, '\\/')}$`, 'm'), folder);
  }
});

test('audit names inherited save_data', () => {
  assert.match(section('OddsGameLinesProcessor'), /Effective `save_data`: defined in `StagingMergeMixin` \(sample-workspace\/processors\/odds_mixin\.py:12\)/);
  assert.match(section('BoxScoresProcessor'), /Effective `save_data`: defined in the class itself \(sample-workspace\/processors\/box_scores\.py:12\)/);
});

test('audit lists exits with their state', () => {
  const boxScores = section('BoxScoresProcessor');
  assert.match(boxScores, /^- \[ \] line 16, return: `return`; stat not set; no rows written \(unset-without-write\)$/m);
  assert.match(boxScores, /^- \[ \] line 12, end of `save_data`; stat not set; rows written \(unset-after-write\)$/m);

  const fixed = section('BoxScoresFixedProcessor');
  assert.doesNotMatch(fixed, /- \[ \]/, 'every exit of the fixed processor is ticked');
  assert.match(fixed, /- \[x\] line \d+, raise: `raise`; stat set; rows written/);
});

test('audit ticks a suppressed exit', () => {
  assert.match(section('PlayerRegistryProcessor'), /^- \[x\] line 21, return: `return`; stat not set; no rows written \(unset-without-write, suppressed\)$/m);
});

test('audit leaves out non-processors', () => {
  assert.doesNotMatch(markdown, /CsvExporter/);
  assert.doesNotMatch(markdown, /UnusedExportMixin/);
});

test('audit totals add up', () => {
  const rows = [...markdown.matchAll(/^\| (\S+\/) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$/gm)];
  const all = /^\| \*\*all\*\* \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$/m.exec(markdown);
  assert.ok(rows.length >= 4);
  assert.ok(all);

  for (const column of [1, 2, 3, 4]) {
    const sum = rows.reduce((total, row) => total + Number(row[column + 1]), 0);
    assert.equal(sum, Number(all[column]), `column ${column}`);
  }
  const listed = (markdown.match(/^### /gm) ?? []).length;
  assert.equal(Number(all[1]), listed);
});

test('audit of one file finds the base method', () => {
  const workspace = copyToTemp(SAMPLE_WORKSPACE);
  writeFileSync(join(workspace, 'processors', 'plain.py'), 'from pipeline.processor_base import ProcessorBase\n\n\nclass PlainProcessor(ProcessorBase):\n    table_name = "plain"\n');
  const run = runCli(['audit', 'processors/plain.py'], { cwd: workspace });

  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^1 processor in 1 folder; 2 exits of their `save_data`: 2 ticked, 0 open\.$/m);
  assert.match(run.stdout, /^### `PlainProcessor` \(processors\/plain\.py:4\)$/m);
  assert.match(run.stdout, /^Effective `save_data`: defined in `ProcessorBase` \(pipeline\/processor_base\.py:40\)$/m);
  assert.match(run.stdout, /^- \[x\] line 44, return: `return`; stat set; no rows written$/m);
});

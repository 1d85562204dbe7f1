import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planFixes } from '../../../server/src/cli/fix';
import type { AnalysisWorkspace } from '../../../server/src/engine/api';
import type { Finding } from '../../../server/src/engine/types';
import { afterWriteFinding, range, withoutWriteFinding } from './report-fixture';

// planFixes only stores the workspace with the plan, so any object stands in for it here.
const workspace = {} as AnalysisWorkspace;

function insertion(finding: Finding, line: number, text: string): Finding {
  return {
    ...finding,
    fixes: [{ title: text, statement: text, isPreferred: true, edits: [{ range: range(line, 0, line, 0), newText: `${text}\n` }] }],
  };
}

test('fix plan takes disjoint fixes', () => {
  const plans = planFixes([
    { finding: insertion(afterWriteFinding(), 20, 'a'), workspace },
    { finding: insertion(withoutWriteFinding(), 15, 'b'), workspace },
  ]);
  const plan = plans.get('/repo/processors/box_scores.py');

  assert.equal(plan?.fixCount, 2);
  assert.deepEqual(plan?.edits.map((edit) => edit.newText), ['a\n', 'b\n']);
});

test('fix plan defers a second insertion at one position', () => {
  const plans = planFixes([
    { finding: insertion(afterWriteFinding(), 20, 'a'), workspace },
    { finding: insertion(withoutWriteFinding(), 20, 'b'), workspace },
  ]);
  assert.equal(plans.get('/repo/processors/box_scores.py')?.fixCount, 1);
});

test('fix plan defers overlapping ranges', () => {
  const replacing = (finding: Finding, start: number, end: number): Finding => ({
    ...finding,
    fixes: [{ title: 'x', statement: 'x', isPreferred: true, edits: [{ range: range(start, 4, end, 4), newText: 'x' }] }],
  });
  const plans = planFixes([
    { finding: replacing(afterWriteFinding(), 10, 12), workspace },
    { finding: replacing(withoutWriteFinding(), 11, 13), workspace },
  ]);
  assert.equal(plans.get('/repo/processors/box_scores.py')?.fixCount, 1);
});

test('fix plan uses only preferred fixes', () => {
  const finding = afterWriteFinding();
  finding.fixes = finding.fixes.map((fix) => ({ ...fix, isPreferred: false }));
  assert.equal(planFixes([{ finding, workspace }]).size, 0);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatAudit } from '../../../server/src/cli/format-audit';
import { auditFindings, auditMethods, auditProcessors, CWD } from './report-fixture';

function audit(findings = auditFindings()): string {
  return formatAudit({ cwd: CWD, processors: auditProcessors(), methods: auditMethods(), methodName: 'save_data', findings });
}

test('audit groups processors by folder', () => {
  const markdown = audit();
  const pipeline = markdown.indexOf('## pipeline/');
  const processors = markdown.indexOf('## processors/');

  assert.ok(pipeline > 0, 'pipeline/ section present');
  assert.ok(processors > pipeline, 'folders in order');
  assert.ok(markdown.indexOf('### `BoxScoresProcessor` (processors/box_scores.py:9)') > processors);
  assert.ok(markdown.indexOf('### `OddsProcessor` (processors/odds.py:4)') > processors);
});

test('audit names the effective save_data', () => {
  const markdown = audit();
  assert.match(markdown, /Effective `save_data`: defined in the class itself \(processors\/box_scores\.py:12\)/);
  assert.match(markdown, /Effective `save_data`: defined in `StagingMergeMixin` \(lib\/mixins\.py:6\)/);
  assert.match(markdown, /No `save_data` is defined in the class or its bases/);
});

test('audit lists each exit as a checklist item', () => {
  const lines = audit().split('\n');

  assert.ok(lines.includes('- [ ] line 16, return: `return`; stat not set; no rows written (unset-without-write)'));
  assert.ok(lines.includes('- [ ] line 12, end of `save_data`; stat not set; rows written (unset-after-write)'));
  assert.ok(lines.includes("- [x] line 9, return: `return 'x'`; stat set; no rows written"), 'backticks replaced');
  assert.ok(lines.includes('- [ ] line 13, raise: `raise`; stat set on some paths only; rows written (unset-on-raise)'));
  assert.ok(lines.includes('- [x] line 6, end of `save_data`; stat set; rows written'));
});

test('audit totals per folder', () => {
  const markdown = audit();

  assert.match(markdown, /^3 processors in 2 folders; 5 exits of their `save_data`: 2 ticked, 3 open\.$/m);
  assert.match(markdown, /^\| pipeline\/ \| 1 \| 0 \| 0 \| 0 \|$/m);
  assert.match(markdown, /^\| processors\/ \| 2 \| 5 \| 2 \| 3 \|$/m);
  assert.match(markdown, /^\| \*\*all\*\* \| 3 \| 5 \| 2 \| 3 \|$/m);
});

test('audit without processors', () => {
  const markdown = formatAudit({ cwd: CWD, processors: [], methods: [], methodName: 'save_data', findings: [] });
  assert.match(markdown, /No processor classes found\./);
});

test('audit ticks suppressed exits', () => {
  const findings = auditFindings().filter((finding) => finding.rule !== 'unset-on-raise');
  const markdown = audit(findings);

  assert.ok(markdown.split('\n').includes('- [x] line 13, raise: `raise`; stat set on some paths only; rows written (unset-on-raise, suppressed)'));
  assert.match(markdown, /^\| \*\*all\*\* \| 3 \| 5 \| 3 \| 2 \|$/m);
});

test('audit has no double blank lines', () => {
  assert.doesNotMatch(audit(), /\n\n\n/);
});

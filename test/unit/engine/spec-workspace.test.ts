// The spec workspace is the reference: every `# expect:` and `# expect-end:` annotation is a
// diagnostic the analyzer must report, nothing else may be reported, and each `fix:` statement
// must be offered and must clear its diagnostic without causing a new one.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { applyTextEdits, createWorkspace, type AnalysisWorkspace, type Finding } from '../../../server/src/engine';
import { copySpecWorkspace, removeTemp, summarize } from './helpers';

interface Expectation {
  file: string;
  /** One-based line of the annotation. */
  line: number;
  rule: string;
  fix: string | null;
}

const ANNOTATION = /#\s*(expect|expect-end):\s*([a-z-]+)(?:\s+fix:\s*(.*?))?\s*$/;

function listPython(root: string, dir = root): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listPython(root, full));
    else if (name.endsWith('.py')) out.push(full);
  }
  return out.sort();
}

function readExpectations(root: string): Expectation[] {
  const expectations: Expectation[] = [];
  for (const path of listPython(root)) {
    const lines = readFileSync(path, 'utf8').split(/\r\n|\n/);
    lines.forEach((text, index) => {
      const match = ANNOTATION.exec(text);
      if (match) expectations.push({ file: relative(root, path), line: index + 1, rule: match[2], fix: match[3] ?? null });
    });
  }
  return expectations;
}

describe('spec workspace', () => {
  let root: string;
  let workspace: AnalysisWorkspace;
  let expectations: Expectation[];

  before(async () => {
    root = copySpecWorkspace();
    expectations = readExpectations(root);
    workspace = await createWorkspace(root);
    await workspace.scan();
  });
  after(() => removeTemp(root));

  it('has annotations to check', () => {
    assert.ok(expectations.length >= 25, `only ${expectations.length} annotations found`);
    assert.ok(expectations.some((e) => e.fix !== null));
  });

  it('reports exactly the annotated diagnostics', () => {
    const result = workspace.analyze();
    const expected = expectations.map((e) => `${e.file}:${e.line} ${e.rule}`).sort();
    assert.deepEqual(summarize(root, result.findings), expected);
    assert.deepEqual(result.skipped, []);
  });

  it('offers each annotated fix, which clears its diagnostic', async (t) => {
    for (const expectation of expectations.filter((e) => e.fix !== null)) {
      await t.test(`${expectation.file}:${expectation.line} ${expectation.fix}`, () => {
        const path = join(root, expectation.file);
        const original = readFileSync(path, 'utf8');
        const before = workspace.analyze().findings;
        const finding = before.find((f) => f.path === path && f.range.start.line + 1 === expectation.line && f.rule === expectation.rule);
        assert.ok(finding, 'the diagnostic is reported');

        const fix = finding.fixes.find((candidate) => candidate.statement === expectation.fix);
        assert.ok(fix, `fix offered; got ${finding.fixes.map((f) => f.statement).join(' | ')}`);

        const fixed = applyTextEdits(original, fix.edits);
        const inserted = fix.edits[0];
        const insertedLines = (inserted.newText.match(/\r\n|\n/g) ?? []).length;
        const fixedLines = fixed.split(/\r\n|\n/);
        const isStatement = (line: string) => line.trim() === expectation.fix;
        const statementLines = fixedLines.filter(isStatement);
        assert.equal(statementLines.length, original.split(/\r\n|\n/).filter(isStatement).length + 1, 'the statement sits on its own line');
        const statementLine = statementLines[statementLines.length - 1];
        if (original.includes('\r\n')) {
          assert.equal(fixed.replace(/\r\n/g, '').includes('\n'), false, 'line endings stay CRLF');
          assert.match(statementLine!, /^\t+\S/, 'indented with tabs');
        }

        workspace.setText(path, fixed);
        try {
          const afterFix = workspace.analyze().findings;
          const shift = (f: Finding) => (f.path === path && f.range.start.line >= inserted.range.start.line ? insertedLines : 0);
          const expectedAfter = before.filter((f) => f !== finding).map((f) => `${f.path}:${f.range.start.line + shift(f)} ${f.rule}`).sort();
          const actualAfter = afterFix.map((f) => `${f.path}:${f.range.start.line} ${f.rule}`).sort();
          assert.deepEqual(actualAfter, expectedAfter);
        } finally {
          workspace.setText(path, original);
        }
      });
    }
  });
});

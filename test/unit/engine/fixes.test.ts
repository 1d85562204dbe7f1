// Quick-fix edits: placement, indentation, line endings, quote style and the inferred count.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyTextEdits, type Finding } from '../../../server/src/engine';
import { analyzeFiles, removeTemp } from './helpers';

async function fixesFor(source: string): Promise<{ findings: Finding[]; apply: (finding: Finding, index?: number) => string }> {
  const { result, root } = await analyzeFiles({ 'proc.py': source });
  removeTemp(root);
  return {
    findings: result.findings,
    apply: (finding, index = 0) => applyTextEdits(source, finding.fixes[index].edits),
  };
}

describe('quick fixes', () => {
  it('insert before a return with spaces', async () => {
    const source = 'from base import ProcessorBase\n\n\nclass P(ProcessorBase):\n    def save_data(self):\n        if not self.rows:\n            return\n        self.stats["rows_inserted"] = 0\n';
    const { findings, apply } = await fixesFor(source);
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].fixes.map((fix) => fix.statement), ['self.stats["rows_inserted"] = 0']);
    assert.equal(findings[0].fixes[0].isPreferred, true);
    assert.equal(apply(findings[0]).split('\n')[6], '            self.stats["rows_inserted"] = 0');
    assert.equal(apply(findings[0]).split('\n')[7], '            return');
  });

  it('tabs and CRLF are kept', async () => {
    const source = 'from base import ProcessorBase\r\n\r\n\r\nclass P(ProcessorBase):\r\n\tdef save_data(self):\r\n\t\trows = self.rows\r\n\t\tself.client.insert_rows_json("t", rows)\r\n';
    const { findings, apply } = await fixesFor(source);
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].fixes.map((fix) => fix.statement), ['self.stats["rows_inserted"] = len(rows)', 'self.stats["rows_inserted"] = 0']);
    const fixed = apply(findings[0]);
    assert.equal(fixed, `${source}\t\tself.stats["rows_inserted"] = len(rows)\r\n`);
  });

  it('end of a file without a final newline', async () => {
    const source = 'from base import ProcessorBase\n\n\nclass P(ProcessorBase):\n    def save_data(self):\n        self.client.insert_rows_json("t", self.rows)';
    const { findings, apply } = await fixesFor(source);
    assert.equal(apply(findings[0]), `${source}\n        self.stats["rows_inserted"] = len(self.rows)`);
  });

  it('single-quote files get single quotes', async () => {
    const source = "from base import ProcessorBase\n\n\nclass P(ProcessorBase):\n    def save_data(self):\n        if self.mode == 'skip':\n            return\n        self.log('loading')\n        self.stats['rows_inserted'] = 0\n";
    const { findings } = await fixesFor(source);
    assert.equal(findings[0].fixes[0].statement, "self.stats['rows_inserted'] = 0");
  });

  it('return on the same line as its condition', async () => {
    const source = 'from base import ProcessorBase\n\n\nclass P(ProcessorBase):\n    def save_data(self):\n        if not self.rows: return\n        self.stats["rows_inserted"] = 0\n';
    const { findings, apply } = await fixesFor(source);
    assert.equal(apply(findings[0]).split('\n')[5], '        if not self.rows: self.stats["rows_inserted"] = 0; return');
  });

  it('count inferred from the returned value', async () => {
    const source = `from base import ProcessorBase


class P(ProcessorBase):
    def save_data(self):
        job = self.client.query("MERGE t USING s ON true WHEN NOT MATCHED THEN INSERT ROW")
        if self.a:
            return {"rows_loaded": job.num_dml_affected_rows, "errors": []}
        if self.b:
            return len(self.rows)
        if self.c:
            return job.num_dml_affected_rows
        if self.d:
            return {"rows_processed": 0}
        return
`;
    const { findings } = await fixesFor(source);
    assert.deepEqual(
      findings.map((finding) => finding.fixes.map((fix) => fix.statement.replace('self.stats["rows_inserted"] = ', ''))),
      [['job.num_dml_affected_rows', '0'], ['len(self.rows)', '0'], ['job.num_dml_affected_rows', '0'], ['0'], ['0']],
    );
  });

  it('count from the rows of the write call', async () => {
    const source = `from base import ProcessorBase


class P(ProcessorBase):
    def save_data(self):
        batch = self.rows
        self.client.insert_rows_json(table="t", json_rows=batch)
        return
`;
    const { findings } = await fixesFor(source);
    assert.deepEqual(findings[0].fixes.map((fix) => fix.title), ['Set self.stats["rows_inserted"] = len(batch)', 'Set self.stats["rows_inserted"] = 0 (for a path that failed)']);
    assert.deepEqual(findings[0].fixes.map((fix) => fix.isPreferred), [true, false]);
  });

  it('no inferable count leaves only the 0 fix', async () => {
    const source = 'from base import ProcessorBase\n\n\nclass P(ProcessorBase):\n    def save_data(self):\n        self.client.copy_table("a", "b")\n        self.client.insert_rows_json("t", [row for row in self.rows])\n';
    const { findings } = await fixesFor(source);
    assert.deepEqual(findings[0].fixes.map((fix) => [fix.statement, fix.isPreferred]), [['self.stats["rows_inserted"] = 0', true]]);
  });

  it('raise exits get no fix', async () => {
    const source = 'from base import ProcessorBase\n\n\nclass P(ProcessorBase):\n    def save_data(self):\n        self.client.insert_rows_json("t", self.rows)\n        raise RuntimeError("x")\n';
    const { findings } = await fixesFor(source);
    assert.equal(findings[0].rule, 'unset-on-raise');
    assert.deepEqual(findings[0].fixes, []);
  });

  it('applyTextEdits rejects overlapping edits', () => {
    const edit = (start: number, end: number) => ({ range: { start: { line: 0, character: start }, end: { line: 0, character: end } }, newText: 'x' });
    assert.equal(applyTextEdits('abcdef', [edit(0, 1), edit(3, 4)]), 'xbcxef');
    assert.throws(() => applyTextEdits('abcdef', [edit(0, 3), edit(2, 4)]), /Overlapping/);
  });
});

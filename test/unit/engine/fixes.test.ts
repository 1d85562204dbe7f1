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

  it('CR-only line endings', async () => {
    const source = 'from base import ProcessorBase\r\r\rclass P(ProcessorBase):\r    def save_data(self):\r        rows = self.rows\r        self.client.insert_rows_json("t", rows)\r        return\r';
    const { findings, apply } = await fixesFor(source);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].rule, 'unset-after-write');
    assert.deepEqual(findings[0].range.start, { line: 7, character: 8 });
    const fixed = apply(findings[0]);
    assert.equal(fixed, source.replace('        return', '        self.stats["rows_inserted"] = len(rows)\r        return'));
    assert.deepEqual((await fixesFor(fixed)).findings, []);
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

  it('no inferable count: 0 not preferred', async () => {
    const source = 'from base import ProcessorBase\n\n\nclass P(ProcessorBase):\n    def save_data(self):\n        self.client.copy_table("a", "b")\n        self.client.insert_rows_json("t", [row for row in self.rows])\n';
    const { findings } = await fixesFor(source);
    assert.deepEqual(findings[0].fixes.map((fix) => [fix.statement, fix.isPreferred]), [['self.stats["rows_inserted"] = 0', false]]);
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

describe('quick fixes on paths that set the stat elsewhere', () => {
  const head = 'from base import ProcessorBase\n\n\nclass P(ProcessorBase):\n';
  const statements = (finding: Finding) => finding.fixes.map((fix) => [fix.statement, fix.isPreferred]);

  it('helper return without the stat gets the fix', async () => {
    const source = `${head}    def save_data(self):
        rows = self.rows
        if not rows:
            self.stats["rows_inserted"] = 0
            return
        self._load(rows)

    def _load(self, rows):
        job = self.client.load_table_from_json(rows, "t")
        job.result()
        if job.errors:
            return
        self.stats["rows_inserted"] = len(rows)
`;
    const { findings, apply } = await fixesFor(source);
    assert.equal(findings.length, 1);
    assert.deepEqual(statements(findings[0]), [['self.stats["rows_inserted"] = len(rows)', false], ['self.stats["rows_inserted"] = 0', true]]);
    const fixed = apply(findings[0], 1).split('\n');
    // The line goes before the helper's early return, not after `self._load(rows)`.
    assert.equal(fixed[15], '            self.stats["rows_inserted"] = 0');
    assert.equal(fixed[16], '            return');
    assert.equal(fixed.filter((line) => line.includes('rows_inserted')).length, 3);
    const after = await fixesFor(fixed.join('\n'));
    assert.deepEqual(after.findings, []);
  });

  it('match with a guard: no fix at the exit', async () => {
    const source = `${head}    def save_data(self):
        rows = self.rows
        self.client.insert_rows_json("t", rows)
        match rows:
            case [] if self.strict:
                self.stats["rows_inserted"] = 0
            case [_, *_]:
                self.stats["rows_inserted"] = len(rows)
`;
    const { findings } = await fixesFor(source);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].rule, 'unset-after-write');
    assert.deepEqual(findings[0].fixes, []);
  });

  it('if without else: no fix at the exit', async () => {
    const source = `${head}    def save_data(self):
        rows = self.rows
        self.client.insert_rows_json("t", rows)
        if rows:
            self.stats["rows_inserted"] = len(rows)
`;
    const { findings } = await fixesFor(source);
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].fixes, []);
  });
});

describe('quick fix values', () => {
  const head = 'from base import ProcessorBase\n\n\nclass P(ProcessorBase):\n';
  const statements = (finding: Finding) => finding.fixes.map((fix) => [fix.statement, fix.isPreferred]);

  it('retry loop gave up: 0 preferred', async () => {
    const source = `${head}    def save_data(self):
        rows = self.rows
        attempt = 0
        while attempt < 3:
            attempt += 1
            job = self.client.load_table_from_json(rows, "t")
            if not job.errors:
                self.stats["rows_inserted"] = len(rows)
                break
        else:
            return
`;
    const { findings } = await fixesFor(source);
    assert.equal(findings.length, 1);
    assert.deepEqual(statements(findings[0]), [['self.stats["rows_inserted"] = len(rows)', false], ['self.stats["rows_inserted"] = 0', true]]);
  });

  it('loop with a running total: total', async () => {
    const source = `${head}    def save_data(self):
        total = 0
        for frame in self.frames:
            job = self.client.load_table_from_dataframe(frame, "t")
            if job.errors:
                break
            total += len(frame)
        else:
            self.stats.update(rows_inserted=total)
            return
        self.log(total)
`;
    const { findings } = await fixesFor(source);
    assert.equal(findings.length, 1);
    assert.deepEqual(statements(findings[0]), [['self.stats["rows_inserted"] = total', true], ['self.stats["rows_inserted"] = 0', false]]);
  });

  it('loop without a total: no count', async () => {
    const source = `${head}    def save_data(self):
        for batch in self.batches:
            if self.client.insert_rows_json("t", batch):
                break
        else:
            self.stats["rows_inserted"] = 1
            return
        return
`;
    const { findings } = await fixesFor(source);
    assert.equal(findings.length, 1);
    assert.deepEqual(statements(findings[0]), [['self.stats["rows_inserted"] = 0', false]]);
  });

  it('batches sliced from rows: len(rows)', async () => {
    const source = `${head}    def save_data(self):
        self.client.query("DELETE FROM t WHERE d = 1").result()
        rows = list(self.rows)
        for start in range(0, len(rows), 1000):
            batch = rows[start:start + 1000]
            self.client.insert_rows_json("t", batch)
`;
    const { findings } = await fixesFor(source);
    assert.equal(findings.length, 1);
    assert.deepEqual(statements(findings[0]), [['self.stats["rows_inserted"] = len(rows)', true], ['self.stats["rows_inserted"] = 0', false]]);
  });

  it('merge after a staging load: len(rows)', async () => {
    const source = `${head}    def save_data(self):
        rows = self.rows
        self.client.load_table_from_json(rows, "staging").result()
        sql = "MERGE t USING staging s ON t.id = s.id WHEN NOT MATCHED THEN INSERT ROW"
        self.client.query(sql).result()
`;
    const { findings } = await fixesFor(source);
    assert.equal(findings.length, 1);
    assert.deepEqual(statements(findings[0]), [['self.stats["rows_inserted"] = len(rows)', true], ['self.stats["rows_inserted"] = 0', false]]);
  });
});

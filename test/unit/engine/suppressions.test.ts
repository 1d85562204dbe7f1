// `# processor-lens: ignore[...]` comments on exit and def lines, and unused suppressions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFiles, processorModule, removeTemp } from './helpers';

async function check(body: string, config?: string): Promise<void> {
  const { actual, expected, root } = await analyzeFiles({ 'proc.py': processorModule(body) }, config);
  try {
    assert.deepEqual(actual, expected);
  } finally {
    removeTemp(root);
  }
}

describe('suppressions', () => {
  it('on the exit line, with a reason', () =>
    check(`
class P(ProcessorBase):
    def save_data(self):
        if not self.rows:
            return  # processor-lens: ignore[unset-without-write] nothing to count
        self.client.insert_rows_json("t", self.rows)
        if self.partial:
            return  # expect: unset-after-write
        self.stats["rows_inserted"] = len(self.rows)
`));

  it('on the def line covers every exit', () =>
    check(`
class P(ProcessorBase):
    def save_data(self):  # processor-lens: ignore[unset-without-write, unset-after-write]
        if not self.rows:
            return
        self.client.insert_rows_json("t", self.rows)
`));

  it('bare ignore covers every rule', () =>
    check(`
class P(ProcessorBase):
    def save_data(self):
        self.client.insert_rows_json("t", self.rows)
        raise RuntimeError("x")  # processor-lens: ignore
`));

  it('unused suppressions are reported', () =>
    check(`
class P(ProcessorBase):
    def save_data(self):
        if not self.rows:
            return  # processor-lens: ignore[unset-after-write]  # expect: unused-suppression
        self.stats["rows_inserted"] = 0  # processor-lens: ignore  # expect: unused-suppression

    def helper(self):  # processor-lens: ignore[unset-on-raise]  # expect: unused-suppression
        pass
`.replace('            return  # processor-lens: ignore[unset-after-write]  # expect: unused-suppression', '            self.stats["rows_inserted"] = 0\n            return  # processor-lens: ignore[unset-after-write]  # expect: unused-suppression')));

  it('text in string literals is not a suppression', () =>
    check(`
class P(ProcessorBase):
    def save_data(self):
        x = "# processor-lens: ignore"
        y = '''
        # processor-lens: ignore[unset-after-write]
        '''
        z = "quote # here"  # note  # processor-lens: ignore  # expect: unused-suppression
        self.stats["rows_inserted"] = 0
        return
`));

  it('a rule name that does not exist is reported', async () => {
    const { result, root } = await analyzeFiles({
      'proc.py': processorModule(`
class P(ProcessorBase):
    def save_data(self):
        self.stats["rows_inserted"] = 0
        return  # processor-lens: ignore[unset-after-writ]
`),
    });
    try {
      assert.equal(result.findings.length, 1);
      assert.equal(result.findings[0].rule, 'unused-suppression');
      assert.equal(result.findings[0].severity, 'warning');
      assert.match(result.findings[0].message, /"unset-after-writ" is not a rule/);
    } finally {
      removeTemp(root);
    }
  });

  it('a suppression of a rule turned off is not reported', () =>
    check(
      `
class P(ProcessorBase):
    def save_data(self):
        self.stats["rows_inserted"] = 0
        return  # processor-lens: ignore[unset-on-raise]
`,
      '[tool.processor-lens]\nrules = { "unset-on-raise" = "off" }\n',
    ));

  it('unused-suppression can be turned off', () =>
    check(
      `
class P(ProcessorBase):
    def save_data(self):
        self.stats["rows_inserted"] = 0
        return  # processor-lens: ignore[unset-after-write]
`,
      '[tool.processor-lens]\nrules = { "unused-suppression" = "off" }\n',
    ));
});

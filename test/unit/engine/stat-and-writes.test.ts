// Ways of setting the stat, of writing rows, and of reaching methods through the class
// hierarchy. Each case lists its diagnostics with `# expect:` comments.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFiles, processorModule, removeTemp } from './helpers';

async function check(files: Record<string, string>, config?: string): Promise<void> {
  const { actual, expected, root } = await analyzeFiles(files, config);
  try {
    assert.deepEqual(actual, expected);
  } finally {
    removeTemp(root);
  }
}

const processor = (body: string) => ({ 'proc.py': processorModule(body) });

describe('setting the stat', () => {
  it('every accepted form counts', () =>
    check(processor(`
class Subscript(ProcessorBase):
    def save_data(self):
        self.client.insert_rows_json("t", self.rows)
        self.stats['rows_inserted'] = len(self.rows)


class Augmented(ProcessorBase):
    def save_data(self):
        self.client.insert_rows_json("t", self.rows)
        self.stats["rows_inserted"] += len(self.rows)


class UpdateKeyword(ProcessorBase):
    def save_data(self):
        self.client.insert_rows_json("t", self.rows)
        self.stats.update(rows_inserted=1)


class UpdateDict(ProcessorBase):
    def save_data(self):
        self.client.insert_rows_json("t", self.rows)
        self.stats.update({"rows_inserted": 1, "other": 2})


class MergeOperator(ProcessorBase):
    def save_data(self):
        self.client.insert_rows_json("t", self.rows)
        self.stats |= {"rows_inserted": 1}


class Rebind(ProcessorBase):
    def save_data(self):
        self.client.insert_rows_json("t", self.rows)
        self.stats = {"rows_inserted": 1, "rows_failed": 0}


class RebindDictCall(ProcessorBase):
    def save_data(self):
        self.client.insert_rows_json("t", self.rows)
        self.stats = dict(rows_inserted=1)


class Alias(ProcessorBase):
    def save_data(self):
        stats = self.stats
        self.client.insert_rows_json("t", self.rows)
        stats["rows_inserted"] = 1


class Setdefault(ProcessorBase):
    def save_data(self):
        self.client.insert_rows_json("t", self.rows)
        self.stats.setdefault("rows_inserted", 0)


class TupleTarget(ProcessorBase):
    def save_data(self):
        self.client.insert_rows_json("t", self.rows)
        self.stats["rows_inserted"], total = 1, 2
`)));

  it('rebinding without the key unsets it', () =>
    check(processor(`
class P(ProcessorBase):
    def save_data(self):  # expect-end: unset-after-write
        self.stats["rows_inserted"] = 0
        self.client.insert_rows_json("t", self.rows)
        self.stats = {"rows_failed": 0}


class Q(ProcessorBase):
    def save_data(self):  # expect-end: unset-after-write
        self.client.insert_rows_json("t", self.rows)
        self.stats["rows_inserted"] = 1
        del self.stats["rows_inserted"]


class R(ProcessorBase):
    def save_data(self):  # expect-end: unset-after-write
        self.client.insert_rows_json("t", self.rows)
        self.stats["rows_inserted"] = 1
        self.stats.pop("rows_inserted")


class S(ProcessorBase):
    def save_data(self):
        self.client.insert_rows_json("t", self.rows)
        self.stats["rows_inserted"] = 1
        self.stats = {**self.stats, "rows_failed": 0}
`)));

  it('a local alias ends at reassignment', () =>
    check(processor(`
class P(ProcessorBase):
    def save_data(self):  # expect-end: unset-after-write
        rows = self.rows
        stats = self.stats
        stats = {}
        self.client.insert_rows_json("t", rows)
        stats["rows_inserted"] = len(rows)


class Q(ProcessorBase):
    def save_data(self):
        rows = self.rows
        stats = {}
        stats = self.stats
        self.client.insert_rows_json("t", rows)
        stats["rows_inserted"] = len(rows)


class R(ProcessorBase):
    def save_data(self):
        rows = self.rows
        stats = self.stats
        stats |= {"rows_failed": 0}
        self.client.insert_rows_json("t", rows)
        stats["rows_inserted"] = len(rows)
`)));

  it('a different key does not count', () =>
    check(processor(`
class P(ProcessorBase):
    def save_data(self):  # expect-end: unset-after-write
        self.client.insert_rows_json("t", self.rows)
        self.stats["rows_processed"] = 1
        self.stats.update(rows_loaded=2)
        self.other["rows_inserted"] = 3
`)));

  it('near-miss key is named in the message', async () => {
    const { result, root } = await analyzeFiles(processor(`
class P(ProcessorBase):
    def save_data(self):
        self.client.insert_rows_json("t", self.rows)
        self.stats["rows_insreted"] = 1
`));
    try {
      assert.equal(result.findings.length, 1);
      assert.match(result.findings[0].message, /"rows_insreted" \(line 8\) is set instead; did you mean "rows_inserted"\?/);
    } finally {
      removeTemp(root);
    }
  });
});

describe('writing rows', () => {
  it('each BigQuery write method counts', () =>
    check(processor(
      ['load_table_from_json', 'load_table_from_file', 'load_table_from_dataframe', 'load_table_from_uri', 'insert_rows', 'insert_rows_json', 'insert_rows_from_dataframe', 'copy_table']
        .map((method, i) => `
class P${i}(ProcessorBase):
    def save_data(self):  # expect-end: unset-after-write
        self.client.${method}(self.rows, "t")
`)
        .join('\n'),
    )));

  it('query SQL is read from literals and assignments', () =>
    check(processor(`
class Select(ProcessorBase):
    def save_data(self):  # expect-end: unset-without-write
        self.client.query("SELECT * FROM t WHERE last_update > 0")


class Insert(ProcessorBase):
    def save_data(self):  # expect-end: unset-after-write
        self.client.query("insert into t select * from s")


class FString(ProcessorBase):
    def save_data(self):  # expect-end: unset-after-write
        sql = f"""
            MERGE {self.table} t USING s ON t.id = s.id
        """
        self.client.query(sql).result()


class Concatenated(ProcessorBase):
    def save_data(self):  # expect-end: unset-after-write
        self.client.query("DELETE FROM " + self.table + " WHERE true")


class Implicit(ProcessorBase):
    def save_data(self):  # expect-end: unset-after-write
        sql = ("CREATE OR REPLACE "
               "TABLE t AS SELECT 1")
        self.client.query(sql)


class View(ProcessorBase):
    def save_data(self):  # expect-end: unset-without-write
        self.client.query("CREATE VIEW v AS SELECT 1")


class Truncate(ProcessorBase):
    def save_data(self):  # expect-end: unset-after-write
        self.client.query(query="TRUNCATE TABLE t")


class Unknown(ProcessorBase):
    def save_data(self):  # expect-end: unset-after-write
        self.client.query(self.build_sql())


class Parameter(ProcessorBase):
    def save_data(self, sql=None):  # expect-end: unset-after-write
        self.client.query(sql)
`)));

  it('calls inside f-string interpolations are not read', () =>
    check(processor(`
class P(ProcessorBase):
    def save_data(self):  # expect-end: unset-without-write
        self.log(f"{self.client.insert_rows_json('t', self.rows)}")
`)));

  it('exit and quit never return even when shadowed', () =>
    check(processor(`
def exit():
    return None


class P(ProcessorBase):
    def save_data(self):
        self.client.insert_rows_json("t", self.rows)
        exit()  # expect: unset-on-raise
`)));

  it('write methods are configurable', () =>
    check(
      processor(`
class P(ProcessorBase):
    def save_data(self):  # expect-end: unset-after-write
        self.sink.push_rows(self.rows)


class Q(ProcessorBase):
    def save_data(self):  # expect-end: unset-without-write
        self.client.insert_rows_json("t", self.rows)
`),
      '[tool.processor-lens]\nwrite-methods = ["push_rows"]\n',
    ));
});

describe('class hierarchy', () => {
  it('bases resolve through aliases, modules and chains', () =>
    check({
      'mid.py': `import base as b\n\n\nclass Middle(b.ProcessorBase):\n    pass\n`,
      'alias.py': `from base import ProcessorBase as PB\nfrom mid import Middle\nimport mid\n\n\nclass A(PB):\n    def save_data(self):  # expect-end: unset-without-write\n        pass\n\n\nclass B(Middle):\n    def save_data(self):  # expect-end: unset-without-write\n        pass\n\n\nclass C(mid.Middle):\n    def save_data(self):  # expect-end: unset-without-write\n        pass\n`,
    }));

  it('bases resolve through re-exported and module aliases', () =>
    check({
      'pkg/__init__.py': '',
      'pkg/alias.py': `from base import ProcessorBase as PB\n\nBase2 = Base1 = PB\nLater = Base2\n`,
      'pkg/alias2.py': `from pkg.alias import PB as PB2\nfrom .alias import Later\n\n\nclass ReAliased(PB2):\n    def save_data(self):  # expect-end: unset-without-write\n        pass\n\n\nclass Chained(Later):\n    def save_data(self):  # expect-end: unset-without-write\n        pass\n`,
      'pkg/loop.py': `from pkg.loop2 import X as Y\n\n\nclass NotAProcessor(Y):\n    def save_data(self):\n        pass\n`,
      'pkg/loop2.py': `from pkg.loop import Y as X\n`,
    }));

  it('classes outside the hierarchy are not checked', () =>
    check({
      'other.py': `class Exporter:\n    def save_data(self):\n        return\n\n\nclass UnusedMixin:\n    def save_data(self):\n        return\n`,
      'proc.py': processorModule(`
class Outer:
    class Inner(ProcessorBase):
        def save_data(self):  # expect-end: unset-without-write
            pass

    class NotAProcessor:
        def save_data(self):
            return
`),
    }));

  it('a used mixin is checked once', () =>
    check({
      'mixin.py': `class LoadMixin:\n    def save_data(self):  # expect-end: unset-after-write\n        self.client.insert_rows_json("t", self.rows)\n`,
      'proc.py': processorModule(`from mixin import LoadMixin


class A(LoadMixin, ProcessorBase):
    pass


class B(LoadMixin, ProcessorBase):
    table = "b"
`),
    }));

  it('inheritance cycles end without hanging', () =>
    check({
      'cycle.py': `class A(B):\n    def save_data(self):\n        return\n\n\nclass B(A):\n    def save_data(self):\n        return\n\n\nclass C(C):\n    pass\n`,
    }));

  it('only the last definition counts', () =>
    check(processor(`
class P(ProcessorBase):
    def save_data(self):
        return

    @staticmethod
    def other():
        pass

    @some.decorator("x")
    async def save_data(self):  # expect-end: unset-after-write
        await self.client.insert_rows_json("t", self.rows)
`)));
});

describe('helper methods', () => {
  it('summaries carry writes and stats', () =>
    check(processor(`
class P(ProcessorBase):
    def save_data(self):
        self._load()
        self._count()

    def _load(self):
        self.client.insert_rows_json("t", self.rows)

    def _count(self):
        self.stats["rows_inserted"] = len(self.rows)


class Q(ProcessorBase):
    def save_data(self):  # expect-end: unset-after-write
        self._load()

    def _load(self):
        self.client.insert_rows_json("t", self.rows)
        if self.errors:
            return
        self.stats["rows_inserted"] = 1
`)));

  it('message follows the path into the helper', async () => {
    const { result, root } = await analyzeFiles(processor(`
class P(ProcessorBase):
    def save_data(self):
        if self.rows:
            self._load()

    def _load(self):
        self.client.insert_rows_json("t", self.rows)
        if self.errors:
            return
        self.stats["rows_inserted"] = 1
`));
    try {
      assert.equal(result.findings.length, 1);
      assert.match(result.findings[0].message, /after _load \(line 8\), which writes rows,/);
      assert.match(result.findings[0].message, /Path: `if self.rows:` is true, then in _load, `if self.errors:` is true\.$/);
      assert.deepEqual(result.findings[0].relatedInformation.map((location) => location.range.start.line + 1), [8, 11, 13]);
    } finally {
      removeTemp(root);
    }
  });

  it('recursive helpers terminate', () =>
    check(processor(`
class P(ProcessorBase):
    def save_data(self):  # expect-end: unset-after-write
        self._retry(3)

    def _retry(self, attempts):
        self.client.insert_rows_json("t", self.rows)
        if attempts > 0:
            self._retry(attempts - 1)
            self._other()

    def _other(self):
        self._retry(0)
`)));

  it('super and explicit base calls use the base summary', () =>
    check({
      'loader.py': processorModule(`
class Loader(ProcessorBase):
    def save_data(self):
        self.client.insert_rows_json("t", self.rows)
        self.stats["rows_inserted"] = len(self.rows)
`),
      'proc.py': `from loader import Loader\n\n\nclass A(Loader):\n    def save_data(self):\n        super().save_data()\n\n\nclass B(Loader):\n    def save_data(self):\n        Loader.save_data(self)\n\n\nclass C(Loader):\n    def save_data(self):\n        super(C, self).save_data()\n        self.stats = {}  # expect: unset-after-write\n`.replace('  # expect: unset-after-write\n', '\n        return  # expect: unset-after-write\n'),
    }));

  it('helper resolution follows the method-resolution order', () =>
    check({
      'proc.py': processorModule(`
class CountMixin:
    def _count(self):
        self.stats["rows_inserted"] = 1


class Base2(ProcessorBase):
    def _count(self):
        pass


class P(CountMixin, Base2):
    def save_data(self):
        self.client.insert_rows_json("t", self.rows)
        self._count()


class Q(Base2, CountMixin):
    def save_data(self):  # expect-end: unset-after-write
        self.client.insert_rows_json("t", self.rows)
        self._count()
`),
    }));
});

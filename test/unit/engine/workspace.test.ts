// The workspace API: file discovery, bad input, edits, dependents and processor lookup.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createWorkspace, DEFAULT_MAX_FILE_BYTES } from '../../../server/src/engine';
import { BASE, processorModule, removeTemp, summarize, tempWorkspace } from './helpers';

const LOADER = processorModule(`
class Loader(ProcessorBase):
    dataset_id = "raw"

    def save_data(self):  # expect-end: unset-after-write
        self.client.insert_rows_json("t", self.rows)
`);

describe('file discovery', () => {
  it('honours .gitignore, nested .gitignore, exclude and include', async () => {
    const root = tempWorkspace({
      'base.py': BASE,
      '.gitignore': 'build/\n*_generated.py\n',
      'build/p.py': LOADER,
      'a_generated.py': LOADER,
      'pkg/.gitignore': 'local.py\n',
      'pkg/local.py': LOADER,
      'pkg/kept.py': LOADER,
      'legacy/old.py': LOADER,
      'scripts/tool.py': LOADER,
      'pyproject.toml': '[tool.processor-lens]\nexclude = ["legacy/**"]\n',
      '.git/info/exclude': 'scratch/\n',
      'scratch/p.py': LOADER,
    });
    try {
      const workspace = await createWorkspace(root);
      await workspace.scan();
      const result = workspace.analyze();
      assert.deepEqual(summarize(root, result.findings), ['pkg/kept.py:8 unset-after-write', 'scripts/tool.py:8 unset-after-write']);
      assert.equal(result.filesRead, 3);

      const narrowed = await createWorkspace(root, { config: { include: ['pkg/**/*.py', 'base.py'] } });
      await narrowed.scan();
      assert.deepEqual(summarize(root, narrowed.analyze().findings), ['pkg/kept.py:8 unset-after-write']);
    } finally {
      removeTemp(root);
    }
  });

  it('skips bad input with a reason', async () => {
    const root = tempWorkspace({
      'base.py': BASE,
      'binary.py': new Uint8Array([0x63, 0x6c, 0x00, 0x01]),
      'latin1.py': new Uint8Array([0x23, 0x20, 0xe9, 0x0a]),
      'large.py': `# ${'x'.repeat(600)}\n`,
      'good.py': LOADER,
    });
    mkdirSync(join(root, 'folder.py'));
    try {
      const workspace = await createWorkspace(root, { maxFileBytes: 500 });
      await workspace.scan();
      workspace.reload(join(root, 'folder.py'));
      const result = workspace.analyze();
      const reasons = Object.fromEntries(result.skipped.map((skip) => [skip.path.slice(root.length + 1), skip.reason]));
      assert.match(reasons['binary.py'], /NUL bytes/);
      assert.match(reasons['latin1.py'], /not valid UTF-8; save it as UTF-8/);
      assert.match(reasons['large.py'], /above the 500 bytes limit/);
      assert.match(reasons['folder.py'], /cannot be read \(EISDIR\)/);
      assert.deepEqual(summarize(root, result.findings), ['good.py:8 unset-after-write']);
      assert.equal(DEFAULT_MAX_FILE_BYTES, 2 * 1024 * 1024);
    } finally {
      removeTemp(root);
    }
  });

  for (const depth of [100, 150, 1000]) {
    it(`nesting ${depth} deep skips one file`, async () => {
      // One space per level, as a generator might write it: the text stays small at any depth.
      let body = '';
      for (let level = 0; level < depth; level++) body += `${' '.repeat(8 + level)}if self.a${level}:\n`;
      body += `${' '.repeat(8 + depth)}self.client.insert_rows_json("t", [])\n`;
      const root = tempWorkspace({
        'base.py': BASE,
        // Sorted before good.py, so the deep file is handed to the parser first.
        'a_deep.py': processorModule(`\nclass P(ProcessorBase):\n    def save_data(self):\n${body}`),
        'good.py': LOADER,
        'z_good.py': LOADER.replace('Loader', 'LaterLoader'),
      });
      try {
        const workspace = await createWorkspace(root);
        await workspace.scan();
        const result = workspace.analyze();
        assert.equal(result.skipped.length, 1);
        assert.equal(result.skipped[0].path, join(root, 'a_deep.py'));
        assert.equal(result.skipped[0].internalError, undefined);
        assert.match(result.skipped[0].reason, /line 106 reaches 101 indentation levels, above the limit of 100 that Python itself enforces; flatten that code/);
        assert.deepEqual(summarize(root, result.findings), ['good.py:8 unset-after-write', 'z_good.py:8 unset-after-write']);
      } finally {
        removeTemp(root);
      }
    });
  }

  it('nesting limits: blocks and brackets', async () => {
    let body = '';
    for (let level = 0; level < 95; level++) body += `${' '.repeat(8 + level)}if self.a${level}:\n`;
    body += `${' '.repeat(8 + 95)}self.client.insert_rows_json("t", ${'['.repeat(150)}${']'.repeat(150)})\n`;
    const root = tempWorkspace({
      'base.py': BASE,
      'deep.py': processorModule(`\nclass P(ProcessorBase):\n    def save_data(self):\n${body}`),
      'expr.py': processorModule(`\nclass Q(ProcessorBase):\n    def save_data(self):\n        x = ${'('.repeat(3000)}1${')'.repeat(3000)}\n        return\n`),
      'good.py': LOADER,
    });
    try {
      const workspace = await createWorkspace(root);
      await workspace.scan();
      const result = workspace.analyze();
      assert.equal(result.skipped.length, 1);
      assert.equal(result.skipped[0].path, join(root, 'expr.py'));
      assert.match(result.skipped[0].reason, /line 7 reaches 201 nested brackets, above the limit of 200/);
      assert.deepEqual(summarize(root, result.findings), ['deep.py:6 unset-after-write', 'good.py:8 unset-after-write']);
    } finally {
      removeTemp(root);
    }
  });
});

describe('edits and dependents', () => {
  it('setText and reload replace the analyzed text', async () => {
    const root = tempWorkspace({ 'base.py': BASE, 'proc.py': LOADER });
    try {
      const workspace = await createWorkspace(root);
      await workspace.scan();
      const path = join(root, 'proc.py');
      assert.equal(workspace.analyze([path]).findings.length, 1);

      workspace.setText(path, `${LOADER}        self.stats["rows_inserted"] = 1\n`);
      assert.equal(workspace.analyze([path]).findings.length, 0);
      workspace.setText(path, `${LOADER}        self.stats["rows_insrted"] = 1\n`);
      assert.match(workspace.analyze([path]).findings[0].message, /did you mean/);

      workspace.reload(path);
      assert.equal(workspace.analyze([path]).findings.length, 1);

      writeFileSync(path, BASE);
      workspace.reload(path);
      assert.equal(workspace.analyze([path]).findings.length, 0);
      workspace.remove(path);
      assert.equal(workspace.analyze().filesRead, 1);
    } finally {
      removeTemp(root);
    }
  });

  it('findings are limited to the requested files', async () => {
    const root = tempWorkspace({ 'base.py': BASE, 'a.py': LOADER, 'b.py': LOADER });
    try {
      const workspace = await createWorkspace(root);
      await workspace.scan();
      assert.deepEqual(summarize(root, workspace.analyze([join(root, 'a.py')]).findings), ['a.py:8 unset-after-write']);
      assert.deepEqual(summarize(root, workspace.analyze().findings), ['a.py:8 unset-after-write', 'b.py:8 unset-after-write']);
    } finally {
      removeTemp(root);
    }
  });

  it('a base class edit changes its subclasses', async () => {
    const root = tempWorkspace({
      'base.py': BASE,
      'loader.py': `from base import ProcessorBase\n\n\nclass Loader(ProcessorBase):\n    def _count(self):\n        self.stats["rows_inserted"] = 1\n`,
      'proc.py': `from loader import Loader\n\n\nclass P(Loader):\n    def save_data(self):\n        self.client.insert_rows_json("t", self.rows)\n        self._count()\n`,
      'unrelated.py': `class Other:\n    pass\n`,
    });
    try {
      const workspace = await createWorkspace(root);
      await workspace.scan();
      const loader = join(root, 'loader.py');
      const proc = join(root, 'proc.py');
      assert.deepEqual(workspace.dependents(loader), [loader, proc]);
      assert.deepEqual(workspace.dependents(join(root, 'base.py')), [join(root, 'base.py'), loader, proc]);
      assert.equal(workspace.analyze([proc]).findings.length, 0);

      workspace.setText(loader, `from base import ProcessorBase\n\n\nclass Loader(ProcessorBase):\n    def _count(self):\n        pass\n`);
      assert.ok(workspace.dependents(loader).includes(proc));
      assert.deepEqual(summarize(root, workspace.analyze([proc]).findings), ['proc.py:5 unset-after-write']);

      workspace.setText(loader, `class Renamed:\n    pass\n`);
      assert.ok(workspace.dependents(loader).includes(proc), 'a removed base still lists its former subclasses');
      assert.deepEqual(workspace.analyze([proc]).findings, []);
    } finally {
      removeTemp(root);
    }
  });

  it('a NoReturn function edit changes its callers', async () => {
    const root = tempWorkspace({
      'base.py': BASE,
      'util.py': `from typing import NoReturn\n\n\ndef fail() -> NoReturn:\n    raise SystemExit(1)\n`,
      'proc.py': processorModule(`from util import fail\n\n\nclass P(ProcessorBase):\n    def save_data(self):\n        self.client.insert_rows_json("t", self.rows)\n        fail()\n`),
    });
    try {
      const workspace = await createWorkspace(root);
      await workspace.scan();
      const util = join(root, 'util.py');
      const proc = join(root, 'proc.py');
      assert.ok(workspace.dependents(util).includes(proc));
      assert.deepEqual(workspace.analyze([proc]).findings.map((f) => f.rule), ['unset-on-raise']);
      workspace.setText(util, `def fail():\n    raise SystemExit(1)\n`);
      assert.deepEqual(workspace.analyze([proc]).findings.map((f) => f.rule), ['unset-after-write']);
    } finally {
      removeTemp(root);
    }
  });
});

describe('processors', () => {
  it('processorAt returns attributes through the bases', async () => {
    const root = tempWorkspace({
      'base.py': `class ProcessorBase:\n    dataset_id = "nba_raw"\n    project_id = 'proj'\n\n    def save_data(self):\n        self.stats["rows_inserted"] = 0\n`,
      'proc.py': `from base import ProcessorBase\n\n\nclass P(ProcessorBase):\n    """Docs."""\n\n    table_name = "games"\n    processor_type: str = "games_v2"\n\n    def run(self):\n        pass\n\n\nclass NotOne:\n    pass\n`,
    });
    try {
      const workspace = await createWorkspace(root);
      await workspace.scan();
      const path = join(root, 'proc.py');
      const info = workspace.processorAt(path, { line: 10, character: 8 });
      assert.ok(info);
      assert.equal(info.className, 'P');
      assert.deepEqual(info.nameRange, { start: { line: 3, character: 6 }, end: { line: 3, character: 7 } });
      assert.equal(info.range.start.line, 3);
      assert.equal(info.range.end.line, 10);
      assert.deepEqual(info.bases, ['ProcessorBase']);
      assert.equal(info.attributes.table_name.value, 'games');
      assert.equal(info.attributes.processor_type.value, 'games_v2');
      assert.deepEqual(info.attributes.dataset_id, { value: 'nba_raw', definedIn: 'ProcessorBase', path: join(root, 'base.py'), line: 1 });
      assert.equal(info.attributes.project_id.value, 'proj');
      assert.deepEqual(info.effectiveMethod, { className: 'ProcessorBase', path: join(root, 'base.py'), nameRange: { start: { line: 4, character: 8 }, end: { line: 4, character: 17 } } });
      assert.equal(workspace.processorAt(path, { line: 14, character: 4 }), null);
      assert.equal(workspace.processorAt(path, { line: 0, character: 0 }), null);

      const result = workspace.analyze();
      assert.deepEqual(result.processors.map((p) => p.className), ['P']);
      assert.deepEqual(result.methods.map((m) => [m.className, m.usedBy]), [['ProcessorBase', ['P']]]);
    } finally {
      removeTemp(root);
    }
  });

  it('syntax errors elsewhere leave the method analyzed', async () => {
    const root = tempWorkspace({
      'base.py': BASE,
      'proc.py': processorModule(`
class P(ProcessorBase):
    def save_data(self):
        self.client.insert_rows_json("t", self.rows)

    def transform(self):
        self.rows = [
            {"a": row["a"]
            for row in self.raw
`),
    });
    try {
      const workspace = await createWorkspace(root);
      await workspace.scan();
      const path = join(root, 'proc.py');
      assert.deepEqual(summarize(root, workspace.analyze().findings), ['proc.py:6 unset-after-write']);
      workspace.setText(path, readFileSync(path, 'utf8'));
      assert.deepEqual(summarize(root, workspace.analyze().findings), ['proc.py:6 unset-after-write'], 'also when the whole file is parsed');
      const text = `from base import ProcessorBase\n\n\nclass P(ProcessorBase):\n    def save_data(self):\n        if self.rows\n            return\n        self.client.insert_rows_json("t", self.rows)\n`;
      workspace.setText(path, text);
      assert.deepEqual(workspace.analyze([path]).findings, [], 'a broken method gets no invented diagnostics');
    } finally {
      removeTemp(root);
    }
  });

  it('unclosed bracket spares later classes', async () => {
    const later = `\n\nclass After(ProcessorBase):\n    def save_data(self):\n        self.client.insert_rows_json("t", [])\n`;
    const root = tempWorkspace({
      'base.py': BASE,
      'call.py': processorModule(`class Mid(ProcessorBase):\n    def save_data(self):\n        rows = self.rows\n        self.client.insert_rows_json("t", rows)\n        self.stats["rows_inserted"] = len(rows\n${later}`),
      'key.py': processorModule(`class Mid(ProcessorBase):\n    def save_data(self):\n        self.client.insert_rows_json("t", self.rows)\n        self.stats["rows_inserted"\n        return\n${later}`),
    });
    try {
      const workspace = await createWorkspace(root);
      await workspace.scan();
      const expected = ['call.py:12 unset-after-write', 'key.py:12 unset-after-write'];
      assert.deepEqual(summarize(root, workspace.analyze().findings), expected);
      for (const file of ['call.py', 'key.py']) workspace.setText(join(root, file), readFileSync(join(root, file), 'utf8'));
      assert.deepEqual(summarize(root, workspace.analyze().findings), expected, 'also when the whole file is parsed');
    } finally {
      removeTemp(root);
    }
  });
});

// Configuration from [tool.processor-lens]: defaults, values, errors, and the workspace root.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, DEFAULT_CONFIG, findWorkspaceRoot, loadConfig } from '../../../server/src/engine';
import { readMaxFileBytes } from '../../../server/src/engine/config/load';
import { analyzeFiles, processorModule, removeTemp, tempWorkspace } from './helpers';

function withPyproject(content: string): string {
  return tempWorkspace({ 'pyproject.toml': content });
}

describe('loadConfig', () => {
  it('defaults without pyproject.toml', () => {
    const root = tempWorkspace({});
    try {
      const config = loadConfig(root);
      assert.deepEqual(config.rootClasses, ['ProcessorBase', 'AnalyticsProcessorBase', 'PrecomputeProcessorBase']);
      assert.equal(config.methodName, 'save_data');
      assert.equal(config.statKey, 'rows_inserted');
      assert.equal(config.rules['unset-after-write'], 'error');
      assert.equal(config.rules['unset-without-write'], 'warning');
      assert.equal(config.rules['unset-on-raise'], 'information');
      assert.equal(config.rules['unused-suppression'], 'warning');
      assert.equal(config.failOn, 'error');
      assert.equal(config.source, null);
      assert.deepEqual(config, { ...DEFAULT_CONFIG, rules: { ...DEFAULT_CONFIG.rules } });
    } finally {
      removeTemp(root);
    }
  });

  it('reads every key and keeps unknown ones in raw', () => {
    const root = withPyproject(`
[project]
name = "x"

[tool.processor-lens]
root-classes = ["Job"]
method-name = "persist"
stat-key = "rows_written"
write-methods = ["push"]
extend-write-methods = ["send"]
rules = { "unset-without-write" = "off", "unset-on-raise" = "warning" }
include = ["jobs/**/*.py"]
exclude = ["jobs/legacy/**"]
fail-on = "warning"

[tool.processor-lens.history]
table = "a.b"
`);
    try {
      const config = loadConfig(root);
      assert.deepEqual(config.rootClasses, ['Job']);
      assert.equal(config.methodName, 'persist');
      assert.equal(config.statKey, 'rows_written');
      assert.deepEqual(config.writeMethods, ['push', 'send']);
      assert.equal(config.rules['unset-without-write'], 'off');
      assert.equal(config.rules['unset-on-raise'], 'warning');
      assert.equal(config.rules['unset-after-write'], 'error');
      assert.deepEqual(config.include, ['jobs/**/*.py']);
      assert.deepEqual(config.exclude, ['jobs/legacy/**']);
      assert.equal(config.failOn, 'warning');
      assert.deepEqual({ ...(config.raw.history as object) }, { table: 'a.b' });
      assert.equal(config.source, join(root, 'pyproject.toml'));
    } finally {
      removeTemp(root);
    }
  });

  const invalid: [string, RegExp][] = [
    ['root-classes = []', /root-classes: invalid value \[\]; use a non-empty array of Python identifiers/],
    ['root-classes = "ProcessorBase"', /root-classes: invalid value "ProcessorBase"/],
    ['method-name = "save-data"', /method-name: invalid value "save-data"; use a Python identifier/],
    ['stat-key = ""', /stat-key: invalid value ""; use a non-empty string/],
    ['write-methods = [1]', /write-methods: invalid value \[1\]/],
    ['rules = { "unset-after-write" = "fatal" }', /rules\.unset-after-write: invalid value "fatal"; use one of "error", "warning", "information", "hint", "off"/],
    ['rules = { "unset-afterwrite" = "off" }', /rules\.unset-afterwrite: unknown rule "unset-afterwrite"; use one of unset-after-write/],
    ['rules = "off"', /rules: expected a table of rule = level/],
    ['exclude = "tests"', /exclude: invalid value "tests"; use an array of non-empty strings/],
    ['fail-on = "never"', /fail-on: invalid value "never"/],
  ];
  for (const [line, message] of invalid) {
    it(`rejects ${line}`, () => {
      const root = withPyproject(`[tool.processor-lens]\n${line}\n`);
      try {
        assert.throws(() => loadConfig(root), (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          assert.match(error.message, message);
          assert.ok(error.message.startsWith(join(root, 'pyproject.toml')));
          return true;
        });
      } finally {
        removeTemp(root);
      }
    });
  }

  it('rejects an unknown key with a suggestion', () => {
    const root = withPyproject('[tool.processor-lens]\nfail_on = "warning"\n');
    try {
      assert.throws(() => loadConfig(root), (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.message, `${join(root, 'pyproject.toml')}: [tool.processor-lens] fail_on: unknown key; did you mean fail-on?`);
        return true;
      });
    } finally {
      removeTemp(root);
    }
  });

  it('lists the keys for an unknown key without a close match', () => {
    const root = withPyproject('[tool.processor-lens]\ncolour = true\n');
    try {
      assert.throws(() => loadConfig(root), /colour: unknown key; use one of root-classes, .*, max-file-bytes, history, processors\./);
    } finally {
      removeTemp(root);
    }
  });

  it('keeps the tables other parts read', () => {
    const root = withPyproject('[tool.processor-lens]\nmax-file-bytes = 5000000\n[tool.processor-lens.history]\nsource = "duckdb"\n[tool.processor-lens.processors.P]\ntable = "a.b"\n');
    try {
      const config = loadConfig(root);
      assert.equal(readMaxFileBytes(config), 5_000_000);
      assert.deepEqual(Object.keys(config.raw).sort(), ['history', 'max-file-bytes', 'processors']);
    } finally {
      removeTemp(root);
    }
  });

  it('rejects an invalid max-file-bytes', () => {
    const root = withPyproject('[tool.processor-lens]\nmax-file-bytes = "2MB"\n');
    try {
      assert.throws(() => loadConfig(root), /max-file-bytes: invalid value "2MB"; use a positive whole number of bytes/);
    } finally {
      removeTemp(root);
    }
  });

  it('TOML errors give line and column', () => {
    const root = withPyproject('[tool.processor-lens]\nfail-on = "warning\nx = 1\n');
    try {
      assert.throws(() => loadConfig(root), /pyproject\.toml is not valid TOML \(line 2, column \d+: /);
    } finally {
      removeTemp(root);
    }
  });

  it('TOML error carries its position', () => {
    const root = withPyproject('[tool.processor-lens]\nfail-on = "warning\nx = 1\n');
    try {
      assert.throws(
        () => loadConfig(root),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          assert.equal(error.key, '');
          assert.equal(error.position?.line, 2);
          assert.doesNotMatch(error.message, /\(file\)|remove the file/);
          return true;
        },
      );
    } finally {
      removeTemp(root);
    }
  });

  it('rejects a non-table section', () => {
    const root = withPyproject('[tool]\nprocessor-lens = 1\n');
    try {
      assert.throws(() => loadConfig(root), (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /pyproject\.toml: \[tool\.processor-lens\] must be a table, not 1; write it as a \[tool\.processor-lens\] section\.$/);
        return true;
      });
    } finally {
      removeTemp(root);
    }
  });

  it('rejects invalid TOML', () => {
    const root = withPyproject('[tool.processor-lens\nx = 1\n');
    try {
      assert.throws(() => loadConfig(root), /pyproject.toml is not valid TOML/);
    } finally {
      removeTemp(root);
    }
  });

  it('custom root, method and key drive the analysis', async () => {
    const { actual, expected, root } = await analyzeFiles(
      {
        'job.py': `class Job:\n    pass\n\n\nclass Load(Job):\n    def persist(self):  # expect-end: unset-after-write\n        self.client.insert_rows_json("t", self.rows)\n        self.stats["rows_inserted"] = 1\n\n    def save_data(self):\n        return\n`,
        'proc.py': processorModule(`\nclass P(ProcessorBase):\n    def save_data(self):\n        return\n`),
      },
      '[tool.processor-lens]\nroot-classes = ["Job"]\nmethod-name = "persist"\nstat-key = "rows_written"\n',
    );
    try {
      assert.deepEqual(actual, expected);
    } finally {
      removeTemp(root);
    }
  });

  it('a rule set to off falls back to the next rule', async () => {
    const { result, root } = await analyzeFiles(
      { 'proc.py': processorModule(`\nclass P(ProcessorBase):\n    def save_data(self):\n        if self.rows:\n            self.client.insert_rows_json("t", self.rows)\n        return\n`) },
      '[tool.processor-lens]\nrules = { "unset-after-write" = "off" }\n',
    );
    try {
      assert.deepEqual(result.findings.map((f) => [f.rule, f.severity]), [['unset-without-write', 'warning']]);
      assert.equal(result.methods[0].exits[0].stat, 'unset');
      assert.equal(result.methods[0].exits[0].wroteRows, true);
    } finally {
      removeTemp(root);
    }
  });

  it('the most severe configured rule wins', async () => {
    const { result, root } = await analyzeFiles(
      { 'proc.py': processorModule(`\nclass P(ProcessorBase):\n    def save_data(self):\n        if self.rows:\n            self.client.insert_rows_json("t", self.rows)\n        return\n`) },
      '[tool.processor-lens]\nrules = { "unset-after-write" = "hint", "unset-without-write" = "error" }\n',
    );
    try {
      assert.deepEqual(result.findings.map((f) => [f.rule, f.severity]), [['unset-without-write', 'error']]);
    } finally {
      removeTemp(root);
    }
  });
});

describe('findWorkspaceRoot', () => {
  it('prefers the nearest pyproject.toml', () => {
    const root = tempWorkspace({ 'pyproject.toml': '', 'pkg/sub/mod.py': '', 'pkg/sub/pyproject.toml': '' });
    try {
      assert.equal(findWorkspaceRoot(join(root, 'pkg', 'sub', 'mod.py')), join(root, 'pkg', 'sub'));
      assert.equal(findWorkspaceRoot(join(root, 'pkg')), root);
    } finally {
      removeTemp(root);
    }
  });

  it('falls back to the git top level, then the folder', () => {
    const root = tempWorkspace({ 'a/b/mod.py': '' });
    try {
      assert.equal(findWorkspaceRoot(join(root, 'a', 'b', 'mod.py')), join(root, 'a', 'b'));
      mkdirSync(join(root, '.git'));
      assert.equal(findWorkspaceRoot(join(root, 'a', 'b', 'mod.py')), root);
    } finally {
      removeTemp(root);
    }
  });
});

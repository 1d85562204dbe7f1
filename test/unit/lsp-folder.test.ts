// The per-folder re-analysis queue: the open file first, its dependents after a pause in typing,
// stale background work postponed by new keystrokes, and engine errors logged, not thrown.
// The workspace here is a recording stand-in, because the queue's order is the unit under test.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AnalysisWorkspace } from '../../server/src/engine/api';
import type { AnalysisResult, Finding } from '../../server/src/engine/types';
import { Folder, type FolderHost } from '../../server/src/lsp/folder';
import { DEFAULT_SETTINGS } from '../../server/src/settings-defaults';

interface Recorder {
  workspace: AnalysisWorkspace;
  calls: string[][];
  failOn?: string;
}

function recordingWorkspace(dependents: Record<string, string[]>): Recorder {
  const recorder: Recorder = { calls: [], workspace: undefined as unknown as AnalysisWorkspace };
  recorder.workspace = {
    root: '/ws',
    config: {} as AnalysisWorkspace['config'],
    scan: async () => {},
    setText() {},
    reload() {},
    remove() {},
    analyze(paths?: string[]): AnalysisResult {
      const analyzed = paths ?? ['*'];
      recorder.calls.push(analyzed);
      if (recorder.failOn && analyzed.includes(recorder.failOn)) throw new Error('engine bug');
      const findings = analyzed.map((path) => ({ path, rule: 'unset-after-write' }) as Finding);
      return { findings, processors: [], methods: [], skipped: [], filesRead: analyzed.length, filesParsed: analyzed.length };
    },
    dependents: (path: string) => dependents[path] ?? [],
    processorAt: () => null,
  };
  return recorder;
}

function host(published: string[], errors: string[]): FolderHost {
  return {
    log: { info() {}, warn() {}, error: (message) => errors.push(message) },
    publish: (_folder, path) => published.push(path),
    onSkipped() {},
    onStatusChange() {},
    onAnalyzed() {},
    owns: (_folder, path) => !path.startsWith('/ws/nested/'),
  };
}

function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (condition()) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error('condition not met in time'));
      else setTimeout(poll, 5);
    };
    poll();
  });
}

function folderWith(recorder: Recorder, published: string[] = [], errors: string[] = []): Folder {
  return new Folder(host(published, errors), 'file:///ws', '/ws', DEFAULT_SETTINGS, recorder.workspace.config, recorder.workspace);
}

describe('folder re-analysis queue', () => {
  test('open file before its dependents', async () => {
    const recorder = recordingWorkspace({ '/ws/base.py': ['/ws/a.py', '/ws/b.py'] });
    const folder = folderWith(recorder);
    folder.setText('/ws/base.py', 'class Base: ...');

    await until(() => recorder.calls.length >= 2);
    assert.deepEqual(recorder.calls[0], ['/ws/base.py']);
    assert.deepEqual([...recorder.calls[1]].sort(), ['/ws/a.py', '/ws/b.py']);
    folder.dispose();
  });

  test('dependents wait for a pause', async () => {
    const recorder = recordingWorkspace({ '/ws/base.py': ['/ws/a.py'] });
    const folder = folderWith(recorder);

    for (let keystroke = 0; keystroke < 5; keystroke += 1) {
      folder.setText('/ws/base.py', `class Base: ...${keystroke}`);
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    assert.ok(recorder.calls.every((call) => call.length === 1 && call[0] === '/ws/base.py'), JSON.stringify(recorder.calls));
    assert.ok(recorder.calls.length >= 2, 'the open file was not re-analyzed per keystroke');

    await until(() => recorder.calls.some((call) => call.includes('/ws/a.py')));
    assert.equal(recorder.calls.filter((call) => call.includes('/ws/a.py')).length, 1);
    folder.dispose();
  });

  test('large dependent sets go in batches', async () => {
    const many = Array.from({ length: 45 }, (_, index) => `/ws/p${index}.py`);
    const recorder = recordingWorkspace({ '/ws/base.py': many });
    const folder = folderWith(recorder);
    folder.setText('/ws/base.py', 'class Base: ...');

    await until(() => recorder.calls.flat().filter((path) => path.startsWith('/ws/p')).length === 45);
    const batches = recorder.calls.slice(1).map((call) => call.length);
    assert.deepEqual(batches, [20, 20, 5]);
    folder.dispose();
  });

  test('engine error is logged', async () => {
    const recorder = recordingWorkspace({});
    recorder.failOn = '/ws/bad.py';
    const errors: string[] = [];
    const published: string[] = [];
    const folder = folderWith(recorder, published, errors);
    folder.setText('/ws/bad.py', 'x');
    folder.setText('/ws/good.py', 'y');

    await until(() => errors.length > 0);
    assert.match(errors[0], /analysis of .*\/ws\/bad\.py.* failed/);
    folder.setText('/ws/good.py', 'z');
    await until(() => published.includes('/ws/good.py'));
    folder.dispose();
  });

  test('nested folder files are left out', async () => {
    const recorder = recordingWorkspace({ '/ws/base.py': ['/ws/nested/child.py', '/ws/a.py'] });
    const published: string[] = [];
    const folder = folderWith(recorder, published);
    folder.setText('/ws/base.py', 'class Base: ...');

    await until(() => published.includes('/ws/a.py'));
    assert.ok(!published.includes('/ws/nested/child.py'));
    assert.equal(folder.findingCount(), 2);
    folder.dispose();
  });

  test('nothing analyzed before the scan', async () => {
    const recorder = recordingWorkspace({});
    const published: string[] = [];
    const folder = folderWith(recorder, published);
    folder.deferUntilScanned();
    folder.setText('/ws/open.py', 'class Child(Base): ...');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(recorder.calls, []);
    assert.equal(folder.resultFor('/ws/open.py'), null);

    let scanned = false;
    void folder.whenScanned().then(() => (scanned = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(scanned, false);

    await folder.scan({ isCancellationRequested: false }, () => {});
    assert.equal(scanned, true);
    await until(() => published.includes('/ws/open.py'));
    assert.deepEqual(recorder.calls[0], ['/ws/open.py']);
    folder.dispose();
  });

  test('stale results are recomputed on request', () => {
    const recorder = recordingWorkspace({});
    const folder = folderWith(recorder);
    const first = folder.resultFor('/ws/x.py');
    assert.equal(first?.findings.length, 1);
    assert.equal(folder.resultFor('/ws/x.py'), first, 'a fresh result was recomputed');
    folder.setText('/ws/x.py', 'changed');
    assert.notEqual(folder.resultFor('/ws/x.py'), first);
    folder.dispose();
  });
});

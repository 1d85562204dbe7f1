// Scanning on worker threads must not change any result: the whole analysis result with two
// workers equals the one scanned on the calling thread, on the spec workspace and on a generated
// tree. The workers run from the TypeScript source here (tsx), from the bundle in the CLI.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createWorkspace, type AnalysisResult } from '../../../server/src/engine';
import { generateCorpus, DEFAULT_OPTIONS } from '../../../bench/generate-corpus';
import { removeTemp, SPEC_WORKSPACE } from './helpers';

async function analyzeWith(root: string, workers: number): Promise<{ result: AnalysisResult; workersUsed: number }> {
  // minFilesForWorkers 1: the spec workspace is far below the default threshold.
  const workspace = await createWorkspace(root, { workers, minFilesForWorkers: 1 });
  await workspace.scan();
  const workersUsed = (workspace as unknown as { workersUsed: number }).workersUsed;
  return { result: workspace.analyze(), workersUsed };
}

describe('scan on worker threads', () => {
  let corpus = '';

  before(() => {
    corpus = join(mkdtempSync(join(tmpdir(), 'pl-workers-')), 'corpus');
    generateCorpus({ ...DEFAULT_OPTIONS, files: 260, lines: 60_000, seed: 7, outDir: corpus });
  });

  after(() => {
    if (corpus) removeTemp(join(corpus, '..'));
  });

  for (const [name, root] of [
    ['spec workspace', () => SPEC_WORKSPACE],
    ['generated tree', () => corpus],
  ] as const) {
    it(`equal results on the ${name}`, async () => {
      const single = await analyzeWith(root(), 0);
      const parallel = await analyzeWith(root(), 2);

      assert.equal(single.workersUsed, 0);
      assert.equal(parallel.workersUsed, 2, 'the scan fell back to the calling thread');
      assert.ok(single.result.findings.length > 0, 'the tree produces no findings to compare');
      assert.deepEqual(parallel.result.findings, single.result.findings);
      assert.deepEqual(parallel.result.methods, single.result.methods);
      assert.deepEqual(parallel.result.processors, single.result.processors);
      assert.deepEqual(parallel.result.skipped, single.result.skipped);
      assert.equal(parallel.result.filesRead, single.result.filesRead);
      assert.equal(parallel.result.filesParsed, single.result.filesParsed);
    });
  }

  it('rejects a negative worker count', async () => {
    await assert.rejects(createWorkspace(SPEC_WORKSPACE, { workers: -1 }), /Invalid workers option -1/);
  });
});

// Helpers of the benchmark runner: statistics, the subset estimate, subset selection, and the
// rusage wrapper around a real child process. No test here asserts a duration.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { median, percentile, runTimed, spread } from '../../bench/lib/measure';
import { everyKth, extrapolate } from '../../bench/peers';

describe('bench statistics', () => {
  test('median of odd and even counts', () => {
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.ok(Number.isNaN(median([])));
  });

  test('percentile uses nearest rank', () => {
    const values = Array.from({ length: 200 }, (_unused, index) => index + 1);
    assert.equal(percentile(values, 50), 100);
    assert.equal(percentile(values, 95), 190);
    assert.equal(percentile(values, 100), 200);
    assert.equal(percentile([7], 95), 7);
  });

  test('spread reports median, bounds and count', () => {
    assert.deepEqual(spread([3, 9, 1]), { median: 3, min: 1, max: 9, n: 3 });
  });
});

describe('bench subset estimate', () => {
  test('line through two subsets', () => {
    const estimate = extrapolate({ lines: 1000, value: 1200 }, { lines: 2000, value: 2200 }, 10_000);
    assert.equal(estimate.value, 10_200);
    assert.match(estimate.method, /200 ms fixed \+ 1000\.0 ms per 1,000 lines/);
  });

  test('negative intercept falls back to scaling', () => {
    const estimate = extrapolate({ lines: 1000, value: 100 }, { lines: 2000, value: 1000 }, 10_000);
    assert.equal(estimate.value, 5000);
    assert.match(estimate.method, /scaled by line count/);
  });

  test('smaller subset is inside the larger', () => {
    const files = Array.from({ length: 400 }, (_unused, index) => ({ path: `f${String(index).padStart(3, '0')}.py`, lines: 10 }));
    const small = everyKth(files, 0.025);
    const large = everyKth(files, 0.05);
    assert.equal(small.length, 10);
    assert.equal(large.length, 20);
    for (const file of small) assert.ok(large.includes(file), file.path);
  });
});

describe('bench rusage wrapper', () => {
  test('reports figures and output of a child', async () => {
    const sample = await runTimed({ command: process.execPath, args: ['-e', 'let x = 0; for (let i = 0; i < 1e7; i++) x += i; console.log("done")'] });
    assert.equal(sample.exitCode, 0);
    assert.equal(sample.stdout.trim(), 'done');
    for (const value of [sample.wallMs, sample.userMs, sample.sysMs, sample.cpuMs]) assert.ok(Number.isFinite(value) && value >= 0);
    assert.ok(sample.maxRssKb > 0);
  });

  test('unexpected exit code is rejected', async () => {
    await assert.rejects(runTimed({ command: process.execPath, args: ['-e', 'process.exit(3)'] }), /exited with 3/);
  });

  test('accepted exit code resolves', async () => {
    const sample = await runTimed({ command: process.execPath, args: ['-e', 'process.exit(1)'], okExitCodes: [0, 1] });
    assert.equal(sample.exitCode, 1);
  });

  test('missing command is reported', async () => {
    await assert.rejects(runTimed({ command: '/nonexistent/tool', args: [] }), /exited with 127/);
  });
});

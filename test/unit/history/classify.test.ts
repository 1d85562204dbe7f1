import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifyDate, withinTolerance, type DateEvidence } from '../../../server/src/history/classify';
import type { DateStatus } from '../../../server/src/history/types';
import { DATE_STATUSES } from '../../../server/src/history/types';

const TODAY = '2026-12-03';
const PAST = '2026-12-01';
const FUTURE = '2026-12-05';

function evidence(overrides: Partial<DateEvidence>): DateEvidence {
  return { date: PAST, runs: 0, successes: 0, failures: 0, recordedRows: null, actualRows: 0, scheduledGames: null, ...overrides };
}

const success = (recordedRows: number | null, actualRows: number, extra: Partial<DateEvidence> = {}) =>
  evidence({ runs: 1, successes: 1, recordedRows, actualRows, ...extra });

const CASES: [name: string, input: DateEvidence, expected: DateStatus][] = [
  ['recorded equals actual', success(100, 100), 'ok'],
  ['within 5 percent', success(100, 96), 'ok'],
  ['exactly at tolerance', success(100, 95), 'ok'],
  ['just outside tolerance', success(100, 94), 'mismatch'],
  ['actual above recorded', success(100, 200), 'mismatch'],
  ['recorded 0, rows present', success(0, 40), 'tracking-bug'],
  ['recorded null, rows present', success(null, 40), 'tracking-bug'],
  ['tracking bug on today', success(0, 40, { date: TODAY }), 'tracking-bug'],
  ['tracking bug despite failures', success(0, 40, { runs: 3, failures: 2 }), 'tracking-bug'],
  ['recorded rows, table empty', success(12, 0), 'data-loss'],
  ['recorded rows, table empty, no games', success(12, 0, { scheduledGames: 0 }), 'data-loss'],
  ['recorded rows, future date', success(12, 0, { date: FUTURE }), 'legitimately-empty'],
  ['no run, scheduled games, past', evidence({ scheduledGames: 3 }), 'data-loss'],
  ['run recorded 0, scheduled games', success(0, 0, { scheduledGames: 2 }), 'data-loss'],
  ['no run, no games', evidence({ scheduledGames: 0 }), 'legitimately-empty'],
  ['run recorded 0, no games', success(0, 0, { scheduledGames: 0 }), 'legitimately-empty'],
  ['future, scheduled games', evidence({ date: FUTURE, scheduledGames: 4 }), 'legitimately-empty'],
  ['future, no schedule', evidence({ date: FUTURE }), 'legitimately-empty'],
  ['no run, no schedule', evidence({}), 'empty'],
  ['run recorded 0, no schedule', success(0, 0), 'empty'],
  ['today is not future', evidence({ date: TODAY }), 'empty'],
  ['rows, no run', evidence({ actualRows: 7 }), 'untracked'],
  ['rows, only skipped run', evidence({ runs: 1, actualRows: 7 }), 'untracked'],
  ['rows, future, no run', evidence({ date: FUTURE, actualRows: 7 }), 'untracked'],
  ['skipped run, no rows, no schedule', evidence({ runs: 1 }), 'empty'],
  ['skipped run, no rows, games', evidence({ runs: 1, scheduledGames: 1 }), 'data-loss'],
  ['only failed runs, no rows', evidence({ runs: 2, failures: 2 }), 'failed'],
  ['only failed runs, rows present', evidence({ runs: 1, failures: 1, actualRows: 9 }), 'failed'],
  ['failed in the future', evidence({ date: FUTURE, runs: 1, failures: 1 }), 'failed'],
];

describe('classifyDate', () => {
  for (const [name, input, expected] of CASES) {
    test(name, () => {
      assert.equal(classifyDate(input, { today: TODAY, tolerance: 0.05 }), expected);
    });
  }

  test('cases cover every status', () => {
    const covered = new Set(CASES.map(([, , expected]) => expected));
    // `not-compared` is assigned by buildComparisons before classification, never by classifyDate.
    assert.deepEqual([...covered].sort(), DATE_STATUSES.filter((status) => status !== 'not-compared').sort());
  });

  test('zero tolerance needs equal counts', () => {
    assert.equal(classifyDate(success(100, 99), { today: TODAY, tolerance: 0 }), 'mismatch');
    assert.equal(classifyDate(success(100, 100), { today: TODAY, tolerance: 0 }), 'ok');
  });

  test('withinTolerance is symmetric', () => {
    assert.equal(withinTolerance(95, 100, 0.05), true);
    assert.equal(withinTolerance(100, 95, 0.05), true);
    assert.equal(withinTolerance(94, 100, 0.05), false);
  });
});

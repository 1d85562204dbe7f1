import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { customRangeProblem, daysInRange, MAX_RANGE_DAYS, rangeDates } from '../../../client/src/panel/date-range';

describe('rangeDates', () => {
  test('presets end at the end date', () => {
    assert.deepEqual(rangeDates({ kind: 'preset', days: 7 }, '2026-12-04'), { startDate: '2026-11-28', endDate: '2026-12-04' });
    assert.deepEqual(rangeDates({ kind: 'preset', days: 30 }, '2026-03-01'), { startDate: '2026-01-31', endDate: '2026-03-01' });
    assert.deepEqual(rangeDates({ kind: 'preset', days: 90 }, '2026-01-15'), { startDate: '2025-10-18', endDate: '2026-01-15' });
  });

  test('preset spans exactly its days', () => {
    for (const days of [7, 30, 90] as const) assert.equal(daysInRange(rangeDates({ kind: 'preset', days }, '2026-12-04')), days);
  });

  test('custom range is taken as is', () => {
    assert.deepEqual(rangeDates({ kind: 'custom', start: '2026-11-01', end: '2026-11-01' }, '2026-12-04'), {
      startDate: '2026-11-01',
      endDate: '2026-11-01',
    });
  });

  test('reversed custom range names both dates', () => {
    assert.throws(() => rangeDates({ kind: 'custom', start: '2026-11-10', end: '2026-11-01' }, '2026-12-04'), /start 2026-11-10 is after the end 2026-11-01/);
  });

  test('overlong custom range is rejected', () => {
    assert.throws(
      () => rangeDates({ kind: 'custom', start: '2024-01-01', end: '2026-01-01' }, '2026-12-04'),
      new RegExp(`spans 732 days, more than the ${MAX_RANGE_DAYS}`),
    );
  });
});

describe('customRangeProblem', () => {
  test('each problem has its own hint', () => {
    const reversed = customRangeProblem('2026-11-10', '2026-11-01');
    assert.equal(reversed?.kind, 'reversed');
    assert.match(reversed?.hint ?? '', /start date on or before the end date/);

    const long = customRangeProblem('2019-01-01', '2026-12-03');
    assert.equal(long?.kind, 'too-long');
    assert.match(long?.hint ?? '', /at most 366 days, for example 2025-12-03 to 2026-12-03/);
    assert.doesNotMatch(long?.hint ?? '', /after|before the end/);
  });

  test('limit is inclusive', () => {
    assert.equal(customRangeProblem('2026-01-01', '2027-01-01'), null);
    assert.equal(customRangeProblem('2026-01-01', '2027-01-02')?.kind, 'too-long');
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evidenceTitle, evidenceTooltip } from '../../../client/src/panel/evidence';
import { DATE_STATUSES, type DateStatus, type HistoryResult } from '../../../server/src/history/types';

function resultWith(counts: Partial<Record<DateStatus, number>>, startDate = '2026-11-05', endDate = '2026-12-04'): HistoryResult {
  const totals = Object.fromEntries(DATE_STATUSES.map((status) => [status, counts[status] ?? 0])) as Record<DateStatus, number>;
  const target = { processorName: 'BoxScoresProcessor', table: { dataset: 'nba_raw', table: 't' }, tableSource: 'language-server' as const, dateColumn: 'game_date', dateColumnSource: 'default' as const };
  return { target, request: { target, startDate, endDate, today: endDate }, dates: [], totals, sql: '', parameters: {}, bytesProcessed: null, source: 'duckdb', elapsedMs: 0 };
}

describe('evidenceTitle', () => {
  test('leads with the tracking bug', () => {
    assert.equal(evidenceTitle(resultWith({ 'tracking-bug': 4, ok: 26 }), '2026-12-04'), 'run history: 0 rows on 4 of the last 30 days with rows in the table');
  });

  test('adds other problems after the tracking bug', () => {
    assert.equal(
      evidenceTitle(resultWith({ 'tracking-bug': 1, 'data-loss': 2, mismatch: 1, failed: 1, ok: 25 }), '2026-12-04'),
      'run history: 0 rows on 1 of the last 30 days with rows in the table; data loss on 2 days, 1 mismatch, 1 failed day',
    );
  });

  test('problems without the tracking bug', () => {
    assert.equal(evidenceTitle(resultWith({ untracked: 3, ok: 27 }), '2026-12-04'), 'run history: 3 untracked days in the last 30 days');
  });

  test('agreement is stated', () => {
    assert.equal(evidenceTitle(resultWith({ ok: 28, 'legitimately-empty': 2 }), '2026-12-04'), 'run history: matches the table on 28 of the last 30 days');
  });

  test('nothing recorded at all', () => {
    assert.equal(evidenceTitle(resultWith({ empty: 30 }), '2026-12-04'), 'run history: no runs with rows in the last 30 days');
  });

  test('range not ending today names its dates', () => {
    assert.equal(
      evidenceTitle(resultWith({ 'tracking-bug': 2, ok: 10 }, '2026-11-01', '2026-11-12'), '2026-12-04'),
      'run history: 0 rows on 2 of 12 days to 2026-11-12 with rows in the table',
    );
  });
});

describe('evidenceTooltip', () => {
  test('names the covered range', () => {
    assert.equal(
      evidenceTooltip(resultWith({ ok: 30 })),
      'Open the run history of BoxScoresProcessor. The summary covers 2026-11-05 to 2026-12-04 in nba_raw.t, the panel\'s default range.',
    );
  });
});

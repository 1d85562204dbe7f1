import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isIsoDate, parseWebviewMessage } from '../../../client/src/panel/messages';

describe('parseWebviewMessage', () => {
  test('accepts every message shape', () => {
    const valid = [
      { type: 'ready' },
      { type: 'refresh' },
      { type: 'copySql' },
      { type: 'copyHint' },
      { type: 'openSettings' },
      { type: 'setRange', range: { kind: 'preset', days: 7 } },
      { type: 'setRange', range: { kind: 'preset', days: 90 } },
      { type: 'setRange', range: { kind: 'custom', start: '2026-01-01', end: '2026-01-31' } },
      { type: 'chooseTarget', id: 'nba_raw.player_box_scores' },
    ];
    for (const message of valid) assert.deepEqual(parseWebviewMessage(message), message);
  });

  test('drops unknown properties', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'refresh', extra: '<script>' }), { type: 'refresh' });
    assert.deepEqual(parseWebviewMessage({ type: 'setRange', range: { kind: 'preset', days: 30, start: 'x' } }), {
      type: 'setRange',
      range: { kind: 'preset', days: 30 },
    });
  });

  test('rejects malformed messages', () => {
    const invalid: unknown[] = [
      null,
      undefined,
      'refresh',
      42,
      {},
      { type: 'runSql', sql: 'DROP TABLE x' },
      { type: 'setRange' },
      { type: 'setRange', range: { kind: 'preset', days: 14 } },
      { type: 'setRange', range: { kind: 'preset', days: '30' } },
      { type: 'setRange', range: { kind: 'custom', start: '2026-02-30', end: '2026-03-01' } },
      { type: 'setRange', range: { kind: 'custom', start: '2026-01-01' } },
      { type: 'setRange', range: { kind: 'custom', start: '01/01/2026', end: '2026-01-02' } },
      { type: 'chooseTarget' },
      { type: 'chooseTarget', id: '' },
      { type: 'chooseTarget', id: 7 },
    ];
    for (const message of invalid) assert.equal(parseWebviewMessage(message), null, JSON.stringify(message));
  });
});

describe('isIsoDate', () => {
  test('real calendar dates only', () => {
    assert.equal(isIsoDate('2024-02-29'), true);
    assert.equal(isIsoDate('2026-12-31'), true);
    assert.equal(isIsoDate('2026-02-29'), false);
    assert.equal(isIsoDate('2026-13-01'), false);
    assert.equal(isIsoDate('2026-1-01'), false);
    assert.equal(isIsoDate('2026-01-01T00:00:00Z'), false);
    assert.equal(isIsoDate(20260101), false);
  });
});

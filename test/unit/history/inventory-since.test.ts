import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { describeEndDate, inventoryEndDate, validateSince, type InventoryEndDate } from '../../../client/src/inventory-since';

const TODAY = '2026-12-04';
const EDITOR_TODAY: InventoryEndDate = { setting: 'today', origin: 'the processorLens.history.endDate setting' };

function folder(pyproject?: string): string {
  const root = mkdtempSync(join(tmpdir(), 'pl-inventory-since-'));
  if (pyproject !== undefined) writeFileSync(join(root, 'pyproject.toml'), pyproject);
  return root;
}

describe('validateSince', () => {
  test('valid starts pass', () => {
    for (const value of ['90d', '1d', ' 2026-09-05 ', TODAY]) assert.equal(validateSince(value, EDITOR_TODAY, TODAY), undefined, value);
  });

  test('zero days is rejected', () => {
    assert.match(validateSince('0d', EDITOR_TODAY, TODAY) ?? '', /0d covers no days\. Give at least 1d/);
  });

  test('malformed and impossible dates', () => {
    assert.match(validateSince('yesterday', EDITOR_TODAY, TODAY) ?? '', /"yesterday" is not a start date/);
    assert.match(validateSince('2026-02-30', EDITOR_TODAY, TODAY) ?? '', /2026-02-30 is not a calendar date/);
  });

  test('future start names the end date source', () => {
    assert.equal(validateSince('2026-12-05', EDITOR_TODAY, TODAY), 'The start date 2026-12-05 is after the end date 2026-12-04, which comes from the processorLens.history.endDate setting. Give an earlier start date.');
    const fixed: InventoryEndDate = { setting: '2026-11-30', origin: 'end-date in [tool.processor-lens.history] of /w/pyproject.toml' };
    assert.match(validateSince('2026-12-01', fixed, TODAY) ?? '', /after the end date 2026-11-30, which comes from end-date in \[tool\.processor-lens\.history\] of \/w\/pyproject\.toml/);
    assert.equal(validateSince('2026-11-30', fixed, TODAY), undefined);
  });

  test('latest-run checks against today', () => {
    const latest: InventoryEndDate = { setting: 'latest-run', origin: 'the processorLens.history.endDate setting' };
    assert.match(validateSince('2027-01-01', latest, TODAY) ?? '', /after today \(2026-12-04\)\. The end date is the newest date in run history \(latest-run/);
    assert.equal(validateSince('30d', latest, TODAY), undefined);
  });
});

describe('inventoryEndDate', () => {
  test('pyproject end-date wins', () => {
    const root = folder('[tool.processor-lens.history]\nend-date = "latest-run"\n');
    assert.deepEqual(inventoryEndDate(root, 'today'), { setting: 'latest-run', origin: `end-date in [tool.processor-lens.history] of ${join(root, 'pyproject.toml')}` });
  });

  test('unquoted TOML date', () => {
    assert.equal(inventoryEndDate(folder('[tool.processor-lens.history]\nend-date = 2026-11-30\n'), 'today').setting, '2026-11-30');
  });

  test('editor setting otherwise', () => {
    assert.deepEqual(inventoryEndDate(folder('[tool.processor-lens]\nfail-on = "error"\n'), '2026-10-01'), { setting: '2026-10-01', origin: 'the processorLens.history.endDate setting' });
    assert.equal(inventoryEndDate(folder(), undefined).setting, 'today');
  });

  test('prompt names the end date', () => {
    assert.equal(describeEndDate(EDITOR_TODAY, TODAY), 'today (2026-12-04), from the processorLens.history.endDate setting');
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type * as Sarif from 'sarif';
import { formatSarif } from '../../../server/src/cli/format-sarif';
import { RULE_IDS } from '../../../server/src/engine/types';
import { afterWriteFinding, sampleReport } from './report-fixture';
import { createSarifValidator } from './sarif-schema';

const validate = createSarifValidator();
const noSource = { sourceLine: () => undefined };

function run(log: Sarif.Log): Sarif.Run {
  return log.runs[0];
}

describe('SARIF format', () => {
  test('validates against the SARIF 2.1.0 schema', () => {
    const log = JSON.parse(formatSarif(sampleReport(), noSource));
    assert.deepEqual(validate(log), []);
  });

  test('empty report validates', () => {
    const log = JSON.parse(formatSarif(sampleReport({ findings: [], skipped: [] }), noSource));
    assert.deepEqual(validate(log), []);
    assert.deepEqual(run(log).results, []);
  });

  test('schema check rejects a broken log', () => {
    const log = JSON.parse(formatSarif(sampleReport(), noSource));
    log.runs[0].results[0].level = 'fatal';
    assert.notDeepEqual(validate(log), []);
  });

  test('driver lists every rule with its default level', () => {
    const rules = run(JSON.parse(formatSarif(sampleReport(), noSource))).tool.driver.rules ?? [];

    assert.deepEqual(rules.map((rule) => rule.id), [...RULE_IDS]);
    assert.equal(rules[0].defaultConfiguration?.level, 'error');
    assert.equal(rules[1].defaultConfiguration?.level, 'warning');
    assert.equal(rules[2].defaultConfiguration?.level, 'note');
    for (const rule of rules) assert.ok(rule.shortDescription?.text, `${rule.id} has a short description`);
  });

  test('rule turned off is disabled', () => {
    const report = sampleReport();
    report.ruleLevels['unset-on-raise'] = 'off';
    const rules = run(JSON.parse(formatSarif(report, noSource))).tool.driver.rules ?? [];
    assert.equal(rules[2].defaultConfiguration?.enabled, false);
  });

  test('results point into SRCROOT with regions', () => {
    const log: Sarif.Log = JSON.parse(formatSarif(sampleReport(), noSource));
    const [first, , third] = run(log).results ?? [];

    assert.equal(run(log).originalUriBaseIds?.SRCROOT?.uri, 'file:///repo/');
    assert.equal(first.ruleId, 'unset-after-write');
    assert.equal(first.ruleIndex, RULE_IDS.indexOf('unset-after-write'));
    assert.equal(first.level, 'error');
    assert.deepEqual(first.locations?.[0].physicalLocation?.artifactLocation, { uri: 'processors/box_scores.py', uriBaseId: 'SRCROOT' });
    assert.deepEqual(first.locations?.[0].physicalLocation?.region, { startLine: 12, startColumn: 9, endLine: 12, endColumn: 18 });
    assert.equal(first.locations?.[0].logicalLocations?.[0].fullyQualifiedName, 'BoxScoresProcessor.save_data');
    assert.equal(third.level, 'note');
    assert.equal(third.locations?.[0].physicalLocation?.artifactLocation?.uri, 'processors/sub%20dir/terminators.py');
  });

  test('related locations and fixes', () => {
    const [first] = run(JSON.parse(formatSarif(sampleReport(), noSource))).results ?? [];

    assert.deepEqual(first.relatedLocations?.[0].message, { text: 'rows are written here' });
    assert.equal(first.fixes?.length, 2);
    const replacement = first.fixes?.[0].artifactChanges[0].replacements[0];
    assert.deepEqual(replacement?.deletedRegion, { startLine: 21, startColumn: 1, endLine: 21, endColumn: 1 });
    assert.equal(replacement?.insertedContent?.text, '        self.stats["rows_inserted"] = len(rows)\n');
  });

  test('skipped files become notifications', () => {
    const invocation = run(JSON.parse(formatSarif(sampleReport(), noSource))).invocations?.[0];
    assert.equal(invocation?.toolExecutionNotifications?.length, 1);
    assert.match(invocation?.toolExecutionNotifications?.[0].message.text ?? '', /not valid UTF-8/);
  });

  test('internal error fails the run', () => {
    const skipped = [
      { path: '/repo/processors/binary.py', reason: 'the file is not valid UTF-8; save it as UTF-8 to analyze it.' },
      { path: '/repo/processors/odd.py', reason: 'P.save_data (line 3) was not analyzed because of an internal error (boom).', internalError: true },
    ];
    const log: Sarif.Log = JSON.parse(formatSarif(sampleReport({ skipped }), noSource));
    const invocation = run(log).invocations?.[0];
    assert.equal(invocation?.executionSuccessful, false);
    assert.deepEqual(invocation?.toolExecutionNotifications?.map((notification) => notification.level), ['warning', 'error']);
    assert.deepEqual(validate(log), []);
  });

  test('plain skips keep the run successful', () => {
    assert.equal(run(JSON.parse(formatSarif(sampleReport(), noSource))).invocations?.[0].executionSuccessful, true);
  });

  test('file outside the current folder gets an absolute URI', () => {
    const finding = { ...afterWriteFinding(), path: '/elsewhere/base.py', relatedInformation: [] };
    const log: Sarif.Log = JSON.parse(formatSarif(sampleReport({ findings: [finding] }), noSource));
    assert.deepEqual(run(log).results?.[0].locations?.[0].physicalLocation?.artifactLocation, { uri: 'file:///elsewhere/base.py' });
    assert.deepEqual(validate(log), []);
  });
});

describe('SARIF fingerprints', () => {
  const fingerprintOf = (line: number, sourceLine: string) => {
    const finding = afterWriteFinding();
    finding.range = { start: { line, character: 8 }, end: { line, character: 17 } };
    const log: Sarif.Log = JSON.parse(formatSarif(sampleReport({ findings: [finding] }), { sourceLine: () => sourceLine }));
    return run(log).results?.[0].partialFingerprints?.['processorLensExit/v1'];
  };

  test('stable when the exit moves down', () => {
    assert.equal(fingerprintOf(11, '        return'), fingerprintOf(40, '    return  '));
  });

  test('differ for a different exit', () => {
    assert.notEqual(fingerprintOf(11, '        return'), fingerprintOf(11, '        return {"rows": 0}'));
  });

  test('repeated identical exits differ', () => {
    const second = { ...afterWriteFinding(), range: { start: { line: 30, character: 8 }, end: { line: 30, character: 14 } } };
    const log: Sarif.Log = JSON.parse(formatSarif(sampleReport({ findings: [afterWriteFinding(), second] }), { sourceLine: () => 'return' }));
    const [a, b] = (run(log).results ?? []).map((result) => result.partialFingerprints?.['processorLensExit/v1']);
    assert.notEqual(a, b);
  });
});

import * as assert from 'node:assert/strict';
import { readWorkspaceAnnotations } from '../shared/annotations';
import { actualKeys, describeDifference, expectedKeys, waitFor, workspaceRoot } from './helpers';

describe('diagnostics', () => {
  it('match the workspace annotations', async () => {
    const expected = expectedKeys(readWorkspaceAnnotations(workspaceRoot()));
    assert.ok(expected.length > 0, 'the workspace declares no expected diagnostics');

    // Only one file is open at this point: the rest are reported as workspace diagnostics, the
    // way the Problems panel lists every processor.
    let actual: string[] = [];
    await waitFor(
      'the diagnostics to equal the annotations',
      () => {
        actual = actualKeys();
        return actual.join('\n') === expected.join('\n');
      },
      45_000,
      () => describeDifference(expected, actual),
    );
    assert.deepEqual(actual, expected);
    console.log(`  metric expected_diagnostics=${expected.length} files=${new Set(expected.map((key) => key.split(':')[0])).size}`);
  });
});

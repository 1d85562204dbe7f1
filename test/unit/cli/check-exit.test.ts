// Exit code of `check` when the engine skipped a file because its analysis failed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkExitCode } from '../../../server/src/cli/check';
import { isInternalError } from '../../../server/src/cli/report';

const unreadable = { path: '/w/a.py', reason: 'The file cannot be read (EACCES); check that it exists and that its permissions allow reading.' };
const flagged = { path: '/w/b.py', reason: 'P.save_data (line 3) failed.', internalError: true };
const described = { path: '/w/c.py', reason: 'P.save_data (line 3) was not analyzed because of an internal error (boom); please report it with this file.' };

test('internal error exits with 2', () => {
  assert.equal(checkExitCode(0, [flagged]), 2);
  assert.equal(checkExitCode(3, [unreadable, described]), 2);
});

test('plain skips keep the finding exit code', () => {
  assert.equal(checkExitCode(0, [unreadable]), 0);
  assert.equal(checkExitCode(1, [unreadable]), 1);
});

test('internal error by flag or reason', () => {
  assert.equal(isInternalError(flagged), true);
  assert.equal(isInternalError(described), true);
  assert.equal(isInternalError(unreadable), false);
});

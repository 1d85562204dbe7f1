// Messages of the command dispatcher: one line for an internal error, the stack with --debug.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { describeInternalError, isDebugEnv, runCli } from '../../../server/src/cli/run';

test('internal error is one line', () => {
  const message = describeInternalError(new TypeError("Cannot read properties of null (reading 'x')"), false);
  assert.equal(message, "internal error: Cannot read properties of null (reading 'x'). Run again with --debug for the stack trace, and report it.");
  assert.doesNotMatch(message, /\n/);
});

test('--debug prints the stack', () => {
  const error = new Error('boom');
  assert.equal(describeInternalError(error, true), `internal error: ${error.stack}`);
});

test('debug from the environment', () => {
  assert.equal(isDebugEnv({ PROCESSOR_LENS_DEBUG: '1' }), true);
  assert.equal(isDebugEnv({ PROCESSOR_LENS_DEBUG: '0' }), false);
  assert.equal(isDebugEnv({}), false);
});

test('--debug is not a command', async () => {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (chunk) => (out += chunk));
  const code = await runCli(['--debug', '--version'], { stdout, stderr: new PassThrough(), isTTY: false, cwd: process.cwd(), env: {} });
  assert.equal(code, 0);
  assert.match(out, /^\d+\.\d+\.\d+/);
});

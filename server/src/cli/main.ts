// Process entry of the `processor-lens` command (bundled to dist/cli/cli.js).
import { describeInternalError, isDebugEnv, runCli } from './run';

// A reader that closes the pipe early (`processor-lens check | head`) needs no more output, so
// EPIPE ends the process quietly with the exit code computed so far.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
}

runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  isTTY: process.stdout.isTTY === true,
  cwd: process.cwd(),
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const debug = process.argv.includes('--debug') || isDebugEnv(process.env);
    process.stderr.write(`processor-lens: ${describeInternalError(error, debug)}\n`);
    process.exitCode = 2;
  },
);

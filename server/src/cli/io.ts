// Output streams and process facts that every subcommand receives. They are passed in so that
// tests can run a command in-process with their own streams.

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** True when stdout is a terminal, which turns colours on unless NO_COLOR or FORCE_COLOR overrides it. */
  isTTY: boolean;
}

export interface CliContext extends CliIo {
  /** Folder that relative PATH arguments and the reported paths are relative to. */
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Exit codes of every subcommand. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

/** An error whose message names the value and the fix: printed without a stack trace, with exit code 2. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** A mistake in the command line. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

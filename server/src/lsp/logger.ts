// Server-side logging over the LSP connection; the client shows it in its output channel.
import type { Connection } from 'vscode-languageserver/node';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  /** Logs an error that was caught and not rethrown, with what was being done and on which file. */
  error(message: string, error?: unknown): void;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

export function createLogger(connection: Connection): Logger {
  return {
    info: (message) => connection.console.info(message),
    warn: (message) => connection.console.warn(message),
    error: (message, error) =>
      connection.console.error(error === undefined ? message : `${message}: ${describeError(error)}`),
  };
}

/** Runs `action` and logs instead of throwing; returns `fallback` when it failed. */
export function guarded<T>(log: Logger, what: string, action: () => T, fallback: T): T {
  try {
    return action();
  } catch (error) {
    log.error(what, error);
    return fallback;
  }
}

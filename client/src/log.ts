// The extension's one log: a LogOutputChannel whose level the user sets with "Developer: Set Log
// Level..."; the language client turns server tracing on when that level is Trace.
import { format } from 'node:util';
import * as vscode from 'vscode';

const LOG_METHODS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine']);

/** Creates the channel; with `CI=true` every line is also written to stdout, where CI logs collect it. */
export function createLog(): vscode.LogOutputChannel {
  const channel = vscode.window.createOutputChannel('Processor Lens', { log: true });
  return process.env.CI === 'true' ? mirrorToStdout(channel) : channel;
}

function mirrorToStdout(channel: vscode.LogOutputChannel): vscode.LogOutputChannel {
  return new Proxy(channel, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (typeof property !== 'string' || !LOG_METHODS.has(property)) return value.bind(target);

      return (message: unknown, ...args: unknown[]) => {
        process.stdout.write(`[processor-lens ${property}] ${format(message, ...args)}\n`);
        return (value as (...params: unknown[]) => unknown).call(target, message, ...args);
      };
    },
  });
}

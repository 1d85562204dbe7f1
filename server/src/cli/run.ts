// Dispatches a command line to its subcommand and maps every failure to exit code 2 with a
// message on stderr. Usage and configuration errors print their message; an internal error
// prints one line, and its stack trace only with --debug (or PROCESSOR_LENS_DEBUG=1).
import { CLI_VERSION } from './version';
import { MAIN_HELP } from './help';
import { CliError, EXIT_ERROR, EXIT_OK, UsageError, type CliContext } from './io';

export async function runCli(argv: string[], context: CliContext): Promise<number> {
  const debug = argv.includes('--debug') || isDebugEnv(context.env);
  const [command, ...rest] = argv.filter((arg) => arg !== '--debug');
  try {
    switch (command) {
      case 'check':
        return await (await import('./check')).runCheck(rest, context);
      case 'audit':
        return await (await import('./audit')).runAudit(rest, context);
      case 'inventory':
        return await (await import('./inventory')).runInventory(rest, context);
      case undefined:
        context.stderr.write(MAIN_HELP);
        return EXIT_ERROR;
      case '-h':
      case '--help':
      case 'help':
        context.stdout.write(MAIN_HELP);
        return EXIT_OK;
      case '-v':
      case '--version':
        context.stdout.write(`${CLI_VERSION}\n`);
        return EXIT_OK;
      default:
        throw new UsageError(`unknown command "${command}". Use check, audit or inventory; run "processor-lens --help" for details.`);
    }
  } catch (error) {
    return reportError(error, context, debug);
  }
}

export function isDebugEnv(env: NodeJS.ProcessEnv): boolean {
  const value = env.PROCESSOR_LENS_DEBUG;
  return value !== undefined && value !== '' && value !== '0';
}

/** The line printed for an unexpected error: its message, plus the stack trace when debugging. */
export function describeInternalError(error: unknown, debug: boolean): string {
  if (debug) return `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return `internal error: ${message}. Run again with --debug for the stack trace, and report it.`;
}

function reportError(error: unknown, context: CliContext, debug: boolean): number {
  if (error instanceof CliError) {
    context.stderr.write(`processor-lens: ${error.message}\n`);
  } else if (error instanceof Error && error.name === 'ConfigError') {
    // The engine's configuration errors already name the file, the key, the value and the fix.
    context.stderr.write(`processor-lens: ${error.message}\n`);
  } else {
    context.stderr.write(`processor-lens: ${describeInternalError(error, debug)}\n`);
  }
  return EXIT_ERROR;
}

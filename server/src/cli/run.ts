// Dispatches a command line to its subcommand and maps every failure to exit code 2 with a
// message on stderr: usage and configuration errors without a stack trace, internal errors with one.
import { CLI_VERSION } from './version';
import { MAIN_HELP } from './help';
import { CliError, EXIT_ERROR, EXIT_OK, UsageError, type CliContext } from './io';

export async function runCli(argv: string[], context: CliContext): Promise<number> {
  const [command, ...rest] = argv;
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
    return reportError(error, context);
  }
}

function reportError(error: unknown, context: CliContext): number {
  if (error instanceof CliError) {
    context.stderr.write(`processor-lens: ${error.message}\n`);
  } else if (error instanceof Error && error.name === 'ConfigError') {
    // The engine's configuration errors already name the file, the key, the value and the fix.
    context.stderr.write(`processor-lens: ${error.message}\n`);
  } else {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    context.stderr.write(`processor-lens: internal error: ${detail}\n`);
  }
  return EXIT_ERROR;
}

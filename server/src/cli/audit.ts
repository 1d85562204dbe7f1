// `processor-lens audit`: the Markdown checklist of every processor under the PATHs.
import { DEFAULT_CONFIG } from '../engine';
import { parseAuditArgs } from './args';
import { formatAudit } from './format-audit';
import { AUDIT_HELP } from './help';
import { EXIT_OK, type CliContext } from './io';
import { analyzeTargets, openWorkspaces, resolveTargets } from './workspaces';

export async function runAudit(argv: string[], context: CliContext): Promise<number> {
  const options = parseAuditArgs(argv);
  if (options.help) {
    context.stdout.write(AUDIT_HELP);
    return EXIT_OK;
  }

  const opened = await openWorkspaces(resolveTargets(options.paths, context.cwd));
  const analysis = analyzeTargets(opened, { wholeWorkspace: true });

  context.stdout.write(
    formatAudit({
      cwd: context.cwd,
      processors: analysis.processors,
      methods: analysis.methods,
      methodName: opened[0]?.workspace.config.methodName ?? DEFAULT_CONFIG.methodName,
      findings: analysis.workspaceFindings,
    }),
  );
  for (const file of analysis.skipped) context.stderr.write(`skipped ${file.path}: ${file.reason}\n`);
  return EXIT_OK;
}

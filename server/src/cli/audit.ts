// `processor-lens audit`: the Markdown checklist of every processor under the PATHs.
import { DEFAULT_CONFIG } from '../engine';
import { parseAuditArgs } from './args';
import { formatAudit } from './format-audit';
import { AUDIT_HELP } from './help';
import { EXIT_ERROR, EXIT_OK, type CliContext } from './io';
import { isInternalError } from './report';
import { analyzeTargets, findUnreadableFolders, noteNoPythonFiles, noteUnanalyzedTargets, openWorkspaces, resolveTargets } from './workspaces';

export async function runAudit(argv: string[], context: CliContext): Promise<number> {
  const options = parseAuditArgs(argv);
  if (options.help) {
    context.stdout.write(AUDIT_HELP);
    return EXIT_OK;
  }

  const opened = await openWorkspaces(resolveTargets(options.paths, context.cwd), { maxFileBytes: options.maxFileBytes, workers: options.workers });
  noteUnanalyzedTargets(opened, context);
  const analysis = analyzeTargets(opened, { wholeWorkspace: true });
  noteNoPythonFiles(opened, analysis.filesRead, context);

  context.stdout.write(
    formatAudit({
      cwd: context.cwd,
      processors: analysis.processors,
      methods: analysis.methods,
      methodName: opened[0]?.workspace.config.methodName ?? DEFAULT_CONFIG.methodName,
      findings: analysis.workspaceFindings,
    }),
  );
  for (const file of [...findUnreadableFolders(opened), ...analysis.skipped]) context.stderr.write(`skipped ${file.path}: ${file.reason}\n`);
  const failed = analysis.skipped.filter(isInternalError);
  if (failed.length > 0) {
    context.stderr.write(`processor-lens: the analysis failed on ${failed.length} file${failed.length === 1 ? '' : 's'}, so the checklist is incomplete; report the skipped files above.\n`);
    return EXIT_ERROR;
  }
  return EXIT_OK;
}

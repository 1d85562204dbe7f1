// `processor-lens check`: analyzes the PATHs, optionally applies fixes, prints the findings in
// the chosen format and turns them into the exit code.
import { readFileSync } from 'node:fs';
import { DEFAULT_CONFIG } from '../engine';
import type { CheckedMethod, Finding, SkippedFile } from '../engine/types';
import { parseCheckArgs, type CheckOptions } from './args';
import { createPalette, shouldUseColor } from './color';
import { displayPath, isInside } from './display-path';
import { applyFixes } from './fix';
import { formatJson } from './format-json';
import { formatSarif } from './format-sarif';
import { formatText } from './format-text';
import { CHECK_HELP } from './help';
import { EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, type CliContext } from './io';
import { compareFindings, isInternalError, type CheckReport } from './report';
import { isAtLeast } from './severity';
import {
  analyzeTargets,
  findUnreadableFolders,
  noteNoPythonFiles,
  noteUnanalyzedTargets,
  openWorkspaces,
  resolveTargets,
  type WorkspaceTargets,
} from './workspaces';

export async function runCheck(argv: string[], context: CliContext): Promise<number> {
  const options = parseCheckArgs(argv);
  if (options.help) {
    context.stdout.write(CHECK_HELP);
    return EXIT_OK;
  }

  const opened = await openWorkspaces(resolveTargets(options.paths, context.cwd), { maxFileBytes: options.maxFileBytes, workers: options.workers });
  noteUnanalyzedTargets(opened, context);
  const isSelected = (finding: Finding) => isRuleSelected(finding, options);
  const fixed = options.fix ? applyFixes(opened, isSelected) : null;

  const analysis = analyzeTargets(opened);
  noteNoPythonFiles(opened, analysis.filesRead, context);
  const selected = analysis.findings.filter((entry) => isSelected(entry.finding));
  const failing = selected.filter((entry) => isAtLeast(entry.finding.severity, options.failOn ?? entry.workspace.config.failOn));
  const reported = (options.quiet ? failing : selected).map((entry) => entry.finding).sort(compareFindings);

  const report: CheckReport = {
    cwd: context.cwd,
    findings: reported,
    skipped: [...findUnreadableFolders(opened), ...analysis.skipped, ...unanalyzedMethods(analysis.methods, opened)],
    filesRead: analysis.filesRead,
    filesParsed: analysis.filesParsed,
    fixed,
    ruleLevels: opened[0]?.workspace.config.rules ?? DEFAULT_CONFIG.rules,
  };
  writeReport(report, options, context);

  const failed = analysis.skipped.filter(isInternalError);
  if (failed.length > 0) {
    const files = failed.map((file) => displayPath(file.path, context.cwd)).join(', ');
    context.stderr.write(`processor-lens: the analysis failed on ${files}, so the result is incomplete; report the file with the skipped message.\n`);
  }
  return checkExitCode(failing.length, analysis.skipped);
}

/** 2 when the analysis failed on a file (findings may be missing), else 1 for failing findings, else 0. */
export function checkExitCode(failingFindings: number, skipped: readonly SkippedFile[]): number {
  if (skipped.some(isInternalError)) return EXIT_ERROR;
  return failingFindings > 0 ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * A checked method inside the targets that the engine could not analyze (a syntax error mid-edit),
 * as a skipped entry: without it, a broken save_data would look clean in every output format.
 */
function unanalyzedMethods(methods: readonly CheckedMethod[], opened: readonly WorkspaceTargets[]): SkippedFile[] {
  const inTargets = (path: string) => opened.some(({ targets }) => targets.some((target) => isInside(path, target.path)));
  return methods
    .filter((method) => method.notAnalyzed && inTargets(method.path))
    .map((method) => ({
      path: method.path,
      reason: `${method.className}.${method.methodName} was not analyzed because of a ${method.notAnalyzed!.reason}; fix it to have the method checked.`,
    }));
}

function isRuleSelected(finding: Finding, options: CheckOptions): boolean {
  if (options.select.length > 0 && !options.select.includes(finding.rule)) return false;
  return !options.ignore.includes(finding.rule);
}

function writeReport(report: CheckReport, options: CheckOptions, context: CliContext): void {
  switch (options.format) {
    case 'json':
      context.stdout.write(formatJson(report));
      return;
    case 'sarif':
      context.stdout.write(formatSarif(report, { sourceLine: createLineReader() }));
      return;
    case 'text': {
      const palette = createPalette(shouldUseColor(options.noColor, context.isTTY, context.env));
      const output = formatText(report, palette, { quiet: options.quiet });
      context.stdout.write(output.stdout);
      if (output.stderr) context.stderr.write(output.stderr);
      return;
    }
  }
}

/** Reads source lines for the SARIF fingerprints, each file once. */
function createLineReader(): (path: string, line: number) => string | undefined {
  const cache = new Map<string, string[] | null>();
  return (path, line) => {
    if (!cache.has(path)) {
      try {
        cache.set(path, readFileSync(path, 'utf8').split(/\r\n|\r|\n/));
      } catch {
        cache.set(path, null);
      }
    }
    return cache.get(path)?.[line];
  };
}


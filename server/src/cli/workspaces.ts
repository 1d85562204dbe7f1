// Turns the PATH arguments into analyzed workspaces. Each PATH is analyzed inside its workspace
// root, the nearest folder with a pyproject.toml (else with .git). Base classes and mixins
// outside PATH therefore still resolve, but only what lies inside some PATH is reported.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { createWorkspace, findWorkspaceRoot } from '../engine';
import type { AnalysisWorkspace } from '../engine/api';
import type { AnalysisResult, CheckedMethod, Finding, ProcessorInfo, SkippedFile } from '../engine/types';
import { isInside } from './display-path';
import { UsageError } from './io';

export interface Target {
  /** Absolute path of a file or folder given on the command line. */
  path: string;
  isFile: boolean;
}

export interface WorkspaceTargets {
  workspace: AnalysisWorkspace;
  targets: Target[];
}

/** The analysis of every workspace, limited to the targets. */
export interface TargetAnalysis {
  /** Findings inside the targets, each with the workspace it came from. */
  findings: { finding: Finding; workspace: AnalysisWorkspace }[];
  skipped: SkippedFile[];
  processors: ProcessorInfo[];
  /** Every checked method of the workspaces, inside the targets or not. */
  methods: CheckedMethod[];
  /** Every finding of the analyzed files, inside the targets or not. */
  workspaceFindings: Finding[];
  filesRead: number;
  filesParsed: number;
}

export function resolveTargets(paths: readonly string[], cwd: string): Target[] {
  const targets: Target[] = [];
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    let isFile: boolean;
    try {
      isFile = statSync(absolute).isFile();
    } catch {
      throw new UsageError(`path not found: ${path}. Pass an existing Python file or folder.`);
    }
    // The engine analyzes only `*.py` files, so any other file would silently report nothing.
    if (isFile && !absolute.endsWith('.py')) {
      throw new UsageError(`not a Python file: ${path}. Pass a .py file or a folder.`);
    }
    if (!targets.some((target) => target.path === absolute)) targets.push({ path: absolute, isFile });
  }
  return targets;
}

/** Opens and scans one workspace per distinct root of the targets. */
export async function openWorkspaces(targets: readonly Target[]): Promise<WorkspaceTargets[]> {
  const byRoot = new Map<string, Target[]>();
  for (const target of targets) {
    const root = findWorkspaceRoot(target.path);
    byRoot.set(root, [...(byRoot.get(root) ?? []), target]);
  }

  const opened: WorkspaceTargets[] = [];
  for (const [root, rootTargets] of byRoot) {
    const workspace = await createWorkspace(root);
    await workspace.scan();
    opened.push({ workspace, targets: rootTargets });
  }
  return opened;
}

/**
 * Analyzes the workspaces. With `wholeWorkspace` every file is analyzed, which the audit needs
 * for the methods that processors inside the targets inherit from files outside them.
 */
export function analyzeTargets(opened: readonly WorkspaceTargets[], options: { wholeWorkspace?: boolean } = {}): TargetAnalysis {
  const analysis: TargetAnalysis = {
    findings: [],
    skipped: [],
    processors: [],
    methods: [],
    workspaceFindings: [],
    filesRead: 0,
    filesParsed: 0,
  };
  const seenFindings = new Set<string>();
  const seenSkipped = new Set<string>();

  for (const { workspace, targets } of opened) {
    const result = options.wholeWorkspace ? workspace.analyze() : analyzeWorkspace(workspace, targets);
    const inTargets = (path: string) => targets.some((target) => isInside(path, target.path));

    for (const finding of result.findings) {
      const key = findingKey(finding);
      if (!inTargets(finding.path) || seenFindings.has(key)) continue;
      seenFindings.add(key);
      analysis.findings.push({ finding, workspace });
    }
    for (const file of result.skipped) {
      if (!inTargets(file.path) || seenSkipped.has(file.path)) continue;
      seenSkipped.add(file.path);
      analysis.skipped.push(file);
    }
    analysis.processors.push(...result.processors.filter((processor) => inTargets(processor.path)));
    analysis.methods.push(...result.methods);
    analysis.workspaceFindings.push(...result.findings);
    analysis.filesRead += result.filesRead;
    analysis.filesParsed += result.filesParsed;
  }
  return analysis;
}

/**
 * Analyzes only the target files when every target is a file, which spares a large workspace
 * the analysis of files outside the targets. A folder target needs the whole workspace.
 */
function analyzeWorkspace(workspace: AnalysisWorkspace, targets: readonly Target[]): AnalysisResult {
  if (targets.every((target) => target.isFile)) return workspace.analyze(targets.map((target) => target.path));
  // NOTE: a folder target deep inside a large workspace still analyzes every file of the
  // workspace before the findings outside the folder are dropped.
  return workspace.analyze();
}

function findingKey(finding: Finding): string {
  const { start } = finding.range;
  return `${finding.path}\u0000${start.line}:${start.character}\u0000${finding.rule}`;
}

// Turns the PATH arguments into analyzed workspaces. Each PATH is analyzed inside its workspace
// root, the nearest folder with a pyproject.toml (else with .git). Base classes and mixins
// outside PATH therefore still resolve, but only what lies inside some PATH is reported.
import { accessSync, constants, existsSync, readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import ignore from 'ignore';
import picomatch from 'picomatch';
import { createWorkspace, findWorkspaceRoot, loadConfig } from '../engine';
import { readMaxFileBytes } from '../engine/config/load';
import { FileFilter } from '../engine/files/discover';
import type { AnalysisWorkspace } from '../engine/api';
import type { AnalysisResult, CheckedMethod, Finding, ProcessorInfo, SkippedFile } from '../engine/types';
import { displayPath, isInside } from './display-path';
import { UsageError, type CliContext } from './io';

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
    // A PATH the user named must be read, or the report would pass over it in silence.
    try {
      accessSync(absolute, isFile ? constants.R_OK : constants.R_OK | constants.X_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
      throw new UsageError(`cannot read ${isFile ? 'file' : 'folder'} ${path} (${code}). Check its permissions, or leave it out.`);
    }
    if (!targets.some((target) => target.path === absolute)) targets.push({ path: absolute, isFile });
  }
  return targets;
}

/**
 * Worker threads for the folder scan when --workers is not given. None: on the generated
 * 2,000-file tree on a shared 2-core machine, one or two workers made the check slower (each
 * worker starts its own Node environment and compiles the scan code again), so they stay opt-in.
 */
const DEFAULT_WORKERS = 0;

/**
 * Opens and scans one workspace per distinct root of the targets. `maxFileBytes` overrides each
 * root's `max-file-bytes` setting.
 */
export async function openWorkspaces(targets: readonly Target[], options: { maxFileBytes?: number; workers?: number } = {}): Promise<WorkspaceTargets[]> {
  const byRoot = new Map<string, Target[]>();
  for (const target of targets) {
    const root = findWorkspaceRoot(target.path);
    byRoot.set(root, [...(byRoot.get(root) ?? []), target]);
  }

  const opened: WorkspaceTargets[] = [];
  for (const [root, rootTargets] of byRoot) {
    const maxFileBytes = options.maxFileBytes ?? readMaxFileBytes(loadConfig(root));
    const workspace = await createWorkspace(root, { ...(maxFileBytes !== undefined ? { maxFileBytes } : {}), workers: options.workers ?? DEFAULT_WORKERS });
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

/** Folders that file discovery never enters, as the engine's discovery skips them. */
const NEVER_ANALYZED = new Set(['.git', '.hg', '.svn', 'node_modules', '__pycache__', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.tox', '.nox']);

/**
 * Writes a note on stderr for each PATH that the workspace's settings leave out of the
 * analysis, naming the setting, and for each workspace where no Python file is analyzed.
 */
export function noteUnanalyzedTargets(opened: readonly WorkspaceTargets[], context: Pick<CliContext, 'stderr' | 'cwd'>): void {
  for (const { workspace, targets } of opened) {
    for (const target of targets) {
      const reason = exclusionReason(workspace, target);
      if (reason !== null) context.stderr.write(`processor-lens: note: ${displayPath(target.path, context.cwd)} is not analyzed, because ${reason}.\n`);
    }
  }
}

/** Writes a note when the analysis read no Python file, which would otherwise look like a clean result. */
export function noteNoPythonFiles(opened: readonly WorkspaceTargets[], filesRead: number, context: Pick<CliContext, 'stderr' | 'cwd'>): void {
  if (filesRead > 0) return;
  for (const { workspace } of opened) {
    const config = workspace.config;
    const where = config.source ? ` (include = ${JSON.stringify(config.include)}, exclude = ${JSON.stringify(config.exclude)} in ${displayPath(config.source, context.cwd)})` : '';
    context.stderr.write(`processor-lens: note: no Python file matched in ${displayPath(workspace.root, context.cwd) || '.'}${where}; check the PATHs and the include and exclude settings.\n`);
  }
}

/**
 * Lists the folders under the folder targets that cannot be read, which file discovery passes
 * over without a word. Folders that the settings leave out anyway are not listed.
 */
export function findUnreadableFolders(opened: readonly WorkspaceTargets[]): SkippedFile[] {
  const skipped: SkippedFile[] = [];
  const seen = new Set<string>();
  for (const { workspace, targets } of opened) {
    const stack = targets.filter((target) => !target.isFile).map((target) => target.path);
    while (stack.length > 0) {
      const folder = stack.pop()!;
      if (seen.has(folder)) continue;
      seen.add(folder);
      let entries: Dirent[];
      try {
        entries = readdirSync(folder, { withFileTypes: true });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
        if (exclusionReason(workspace, { path: folder, isFile: false }) === null) {
          skipped.push({ path: folder, reason: `The folder cannot be read (${code}); check its permissions, or exclude it with the \`exclude\` setting.` });
        }
        continue;
      }
      for (const entry of entries) {
        if (entry.isDirectory() && !NEVER_ANALYZED.has(entry.name)) stack.push(join(folder, entry.name));
      }
    }
  }
  return skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function exclusionReason(workspace: AnalysisWorkspace, target: Target): string | null {
  const relativePath = relative(workspace.root, target.path).split(sep).join('/');
  if (relativePath === '' || relativePath.startsWith('..')) return null;
  const parts = relativePath.split('/');
  const config = workspace.config;
  const settings = config.source ? `[tool.processor-lens] of ${config.source}` : '[tool.processor-lens]';

  const skippedFolder = parts.slice(0, target.isFile ? -1 : undefined).find((part) => NEVER_ANALYZED.has(part));
  if (skippedFolder !== undefined) return `it is inside ${skippedFolder}, a folder that is never analyzed`;
  if (target.isFile && config.include.length > 0 && !picomatch(config.include, { dot: true })(relativePath)) {
    return `include = ${JSON.stringify(config.include)} in ${settings} does not match it`;
  }
  if (new FileFilter([], config.exclude).isExcluded(relativePath)) return `exclude = ${JSON.stringify(config.exclude)} in ${settings} matches it`;
  const ignoredBy = gitignoreOf(workspace.root, parts, target.isFile);
  if (ignoredBy !== null) return `${ignoredBy} ignores it`;
  return null;
}

/** The ignore file that ignores the path (split into parts below the root), or null. */
function gitignoreOf(root: string, parts: string[], isFile: boolean): string | null {
  const scopes: { file: string; base: number }[] = [];
  const infoExclude = join(root, '.git', 'info', 'exclude');
  if (existsSync(infoExclude)) scopes.push({ file: infoExclude, base: 0 });

  for (let depth = 0; depth < parts.length; depth++) {
    const gitignore = join(root, ...parts.slice(0, depth), '.gitignore');
    if (existsSync(gitignore)) scopes.push({ file: gitignore, base: depth });
    // Each folder on the way and the target itself, as the discovery tests them.
    const isLast = depth === parts.length - 1;
    for (const scope of scopes) {
      const inner = parts.slice(scope.base, depth + 1).join('/');
      const candidate = isLast && isFile ? inner : `${inner}/`;
      if (inner !== '' && loadIgnore(scope.file).ignores(candidate)) return scope.file;
    }
  }
  return null;
}

function loadIgnore(file: string): ReturnType<typeof ignore> {
  try {
    return ignore().add(readFileSync(file, 'utf8'));
  } catch {
    return ignore();
  }
}

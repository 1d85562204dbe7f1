// Finds the Python files of a workspace: every `*.py` file, or those matching `include`,
// minus `exclude` and anything a `.gitignore` (at the root or in a subfolder) or the root
// repository's `.git/info/exclude` ignores.
import { existsSync, readdirSync, readFileSync, type Dirent } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';

/** Folders that are never searched for Python files, whatever the ignore files contain. */
const ALWAYS_SKIPPED = new Set(['.git', '.hg', '.svn', 'node_modules', '__pycache__', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.tox', '.nox']);

export interface DiscoverOptions {
  include: readonly string[];
  exclude: readonly string[];
  signal?: { readonly isCancellationRequested: boolean };
}

interface IgnoreScope {
  /** Folder of the .gitignore, relative to the root with forward slashes ('' for the root). */
  base: string;
  rules: Ignore;
}

export class FileFilter {
  private readonly included: ((path: string) => boolean) | null;
  private readonly excluded: ((path: string) => boolean) | null;

  constructor(include: readonly string[], exclude: readonly string[]) {
    this.included = include.length > 0 ? picomatch(include as string[], { dot: true }) : null;
    this.excluded = exclude.length > 0 ? picomatch(exclude as string[], { dot: true }) : null;
  }

  /** True when the file (relative, forward slashes) is analyzed by the include/exclude globs. */
  accepts(relativePath: string): boolean {
    if (!relativePath.endsWith('.py') && !relativePath.endsWith('.pyi')) return false;
    if (relativePath.endsWith('.pyi')) return false;
    if (this.included && !this.included(relativePath)) return false;
    return !this.isExcluded(relativePath);
  }

  /** True when the path or one of its folders matches an exclude glob. */
  isExcluded(relativePath: string): boolean {
    if (!this.excluded) return false;
    if (this.excluded(relativePath)) return true;
    const parts = relativePath.split('/');
    for (let i = 1; i < parts.length; i++) {
      const folder = parts.slice(0, i).join('/');
      if (this.excluded(folder) || this.excluded(`${folder}/`)) return true;
    }
    return false;
  }
}

/** Lists the workspace's Python files as absolute paths, sorted. */
export function discoverFiles(root: string, options: DiscoverOptions): string[] {
  const filter = new FileFilter(options.include, options.exclude);
  const files: string[] = [];
  const rootScopes = existsSync(join(root, '.git', 'info', 'exclude')) ? [loadIgnore(join(root, '.git', 'info', 'exclude'), '')] : [];
  const stack: { dir: string; scopes: IgnoreScope[] }[] = [{ dir: root, scopes: rootScopes }];

  while (stack.length > 0) {
    if (options.signal?.isCancellationRequested) break;
    const { dir, scopes: parentScopes } = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    const relativeDir = toPosix(relative(root, dir));
    const scopes = entries.some((entry) => entry.name === '.gitignore' && entry.isFile())
      ? [...parentScopes, loadIgnore(join(dir, '.gitignore'), relativeDir)]
      : parentScopes;

    for (const entry of entries) {
      const relativePath = relativeDir ? `${relativeDir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (ALWAYS_SKIPPED.has(entry.name)) continue;
        if (isIgnored(scopes, `${relativePath}/`) || filter.isExcluded(relativePath)) continue;
        stack.push({ dir: join(dir, entry.name), scopes });
      } else if (entry.isFile() && entry.name.endsWith('.py')) {
        if (isIgnored(scopes, relativePath)) continue;
        if (filter.accepts(relativePath)) files.push(join(dir, entry.name));
      }
    }
  }
  return files.sort();
}

function loadIgnore(file: string, base: string): IgnoreScope {
  const rules = ignore();
  try {
    rules.add(readFileSync(file, 'utf8'));
  } catch {
    // An unreadable .gitignore ignores nothing.
  }
  return { base, rules };
}

function isIgnored(scopes: IgnoreScope[], relativePath: string): boolean {
  for (const scope of scopes) {
    const inner = scope.base ? relativePath.slice(scope.base.length + 1) : relativePath;
    if (inner && scope.rules.ignores(inner)) return true;
  }
  return false;
}

export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

// Paths as the CLI prints them: relative to the current directory, with forward slashes on
// every platform, so output is stable across machines and usable in SARIF and CI logs.
import { isAbsolute, relative, sep } from 'node:path';

export function displayPath(absolutePath: string, cwd: string): string {
  const relativePath = relative(cwd, absolutePath);
  if (relativePath === '') return '.';
  // A path on another Windows drive has no relative form.
  if (isAbsolute(relativePath)) return absolutePath.split(sep).join('/');
  return relativePath.split(sep).join('/');
}

/** True when `path` is `folder` itself or lies inside it. */
export function isInside(path: string, folder: string): boolean {
  const relativePath = relative(folder, path);
  if (relativePath === '') return true;
  if (relativePath === '..' || relativePath.startsWith(`..${sep}`)) return false;
  return !isAbsolute(relativePath);
}

// Conversions between LSP document URIs and the absolute paths the engine uses.
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Absolute path of a `file:` URI, or null for other schemes (untitled documents, virtual file systems). */
export function uriToPath(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}

/** True when `path` is `folder` or lies inside it. */
export function isInside(folder: string, path: string): boolean {
  if (path === folder) return true;
  const prefix = folder.endsWith('/') ? folder : `${folder}/`;
  return path.startsWith(prefix);
}

// The per-file part of a folder scan in a form that a worker thread can run and send back:
// reading, the header scan and the module aliases, all pure functions of the file's bytes.
import { readSource } from '../files/read';
import { moduleAliasesOf, scanHeaders, type FileScan } from '../index/scan';

export type ScannedFile =
  | { path: string; ok: false; reason: string }
  | { path: string; ok: true; bytes: Uint8Array; scan: FileScan; mayHaveSuppression: boolean };

/** Reads and scans one file as `Workspace.scan` does on its own thread. */
export function scanFile(path: string, maxBytes: number): ScannedFile {
  const result = readSource(path, maxBytes);
  if (!result.ok) return { path, ok: false, reason: result.reason };
  const { text, bytes } = result;
  const scan = scanHeaders(text);
  // Computed here because the thread that gets the scan would have to decode the text for it.
  scan.moduleAliases = moduleAliasesOf(text);
  return { path, ok: true, bytes, scan, mayHaveSuppression: text.includes('processor-lens:') };
}

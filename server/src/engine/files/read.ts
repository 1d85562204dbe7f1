// Reads a source file and rejects input the analyzer should not parse: files it cannot read,
// binary files, text that is not UTF-8, and files above the size limit.
import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';

/** Default upper limit on the size of an analyzed file, in bytes. */
export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

/** A readable file's text, and its bytes when they decode to the text one to one (see `decodeSource`). */
export type ReadResult = { ok: true; text: string; bytes: Buffer } | { ok: false; reason: string };

export function readSource(path: string, maxBytes: number): ReadResult {
  let buffer: Buffer;
  try {
    buffer = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return { ok: false, reason: `The file cannot be read (${code}); check that it exists and that its permissions allow reading.` };
  }
  return checkSource(buffer, maxBytes);
}

/** Decodes checked UTF-8 bytes, dropping a byte-order mark as editors do. */
export function decodeSource(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function checkSource(buffer: Uint8Array, maxBytes: number): ReadResult {
  if (buffer.length > maxBytes) {
    return {
      ok: false,
      reason: `The file is ${formatBytes(buffer.length)}, above the ${formatBytes(maxBytes)} limit; exclude it with the \`exclude\` setting, or raise the limit if it is real source code.`,
    };
  }
  if (buffer.indexOf(0) >= 0) {
    return { ok: false, reason: 'The file contains NUL bytes, so it is treated as binary; exclude it with the `exclude` setting if it is not Python source.' };
  }
  if (!isUtf8(buffer)) {
    return { ok: false, reason: 'The file is not valid UTF-8; save it as UTF-8, or exclude it with the `exclude` setting.' };
  }
  const bytes = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  return { ok: true, text: decodeSource(bytes), bytes };
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

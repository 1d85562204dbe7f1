// Line and position helpers over a file's text. Positions are zero-based lines and UTF-16
// columns, as in LSP and as web-tree-sitter reports them for JavaScript strings.
import type { Position, Range } from '../types';

/** Offsets at which each line starts; `\r\n`, `\n` and a lone `\r` end lines. */
export function computeLineStarts(text: string): number[] {
  const starts = [0];
  if (!text.includes('\r')) {
    for (let next = text.indexOf('\n'); next >= 0; next = text.indexOf('\n', next + 1)) starts.push(next + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

export function offsetAt(lineStarts: readonly number[], position: Position): number {
  const line = Math.min(Math.max(position.line, 0), lineStarts.length - 1);
  return lineStarts[line] + position.character;
}

export function positionAt(lineStarts: readonly number[], offset: number): Position {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low, character: offset - lineStarts[low] };
}

/** Text of a line without its line ending. */
export function lineText(text: string, lineStarts: readonly number[], line: number): string {
  const start = lineStarts[line] ?? text.length;
  const next = lineStarts[line + 1] ?? text.length;
  let end = next;
  while (end > start && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)) end--;
  return text.slice(start, end);
}

/** Returns the file's line ending: CRLF when its first line ending is `\r\n`, else LF. */
export function detectEol(text: string): string {
  const lf = text.indexOf('\n');
  if (lf > 0 && text.charCodeAt(lf - 1) === 13) return '\r\n';
  if (lf < 0 && text.includes('\r')) return '\r';
  return '\n';
}

export function range(startLine: number, startCharacter: number, endLine: number, endCharacter: number): Range {
  return { start: { line: startLine, character: startCharacter }, end: { line: endLine, character: endCharacter } };
}

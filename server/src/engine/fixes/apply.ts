import type { TextEdit } from '../types';
import { computeLineStarts, offsetAt } from '../parse/text';

/**
 * Applies text edits to a text. Edits must not overlap; they are applied from the end of the
 * text backwards so that earlier offsets stay valid. Edits at the same position keep their order.
 */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const lineStarts = computeLineStarts(text);
  const resolved = edits
    .map((edit, order) => ({
      start: offsetAt(lineStarts, edit.range.start),
      end: offsetAt(lineStarts, edit.range.end),
      newText: edit.newText,
      order,
    }))
    .sort((a, b) => b.start - a.start || b.order - a.order);

  let result = text;
  let limit = Number.POSITIVE_INFINITY;
  for (const edit of resolved) {
    if (edit.end > limit) throw new Error(`Overlapping text edits at offset ${edit.start}; apply them one at a time.`);
    result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
    limit = edit.start;
  }
  return result;
}

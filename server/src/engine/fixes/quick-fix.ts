// Quick-fix edits: insert `self.stats[KEY] = VALUE` on its own line so that it runs on the
// reported path just before the exit. The line follows the file's indentation, line endings
// and quote style.
import type { SyntaxNode } from '../parse/parser';
import type { Fix, TextEdit } from '../types';
import type { Witness } from '../dataflow/state';
import { detectEol, lineText } from '../parse/text';

export interface FixContext {
  path: string;
  text: string;
  lineStarts: readonly number[];
  statKey: string;
  /** Quote character for the inserted key: the one the file already uses. */
  quote: '"' | "'";
}

/** Dict keys whose value is the row count a `save_data` reports in its return value. */
const COUNT_KEYS = new Set(['rows_processed', 'rows_inserted', 'rows_loaded', 'rows_written']);

/**
 * Returns the fixes for a return or end exit. A write path gets the count first (preferred)
 * and then `0`, and a path that wrote nothing gets only `0`. So does a write path whose count
 * cannot be inferred.
 */
export function computeFixes(context: FixContext, kind: 'return' | 'end', exit: SyntaxNode, fn: SyntaxNode, witness: Witness, wroteRows: boolean): Fix[] {
  const values: string[] = [];
  if (wroteRows) {
    const count = (kind === 'return' ? returnedCount(exit, context.statKey) : null) ?? rowsCount(witness, fn);
    if (count !== null && count !== '0') values.push(count);
  }
  values.push('0');

  const key = `self.stats[${context.quote}${context.statKey}${context.quote}]`;
  return values.map((value, index) => {
    const statement = `${key} = ${value}`;
    return {
      title: `Set ${key} = ${value}${index > 0 ? ' (for a path that failed)' : ''}`,
      statement,
      isPreferred: index === 0,
      edits: [kind === 'return' ? insertBefore(context, exit, statement) : insertAtEnd(context, fn, statement)],
    };
  });
}

/** The count an exit returns: a count entry of a returned dict, `len(...)`, or `num_dml_affected_rows`. */
function returnedCount(exit: SyntaxNode, statKey: string): string | null {
  let value = exit.namedChildren[0] ?? null;
  while (value?.type === 'parenthesized_expression' && value.namedChildren.length === 1) value = value.namedChildren[0];
  if (!value) return null;
  if (value.type === 'dictionary') {
    for (const pair of value.namedChildren) {
      if (pair.type !== 'pair') continue;
      const key = pair.childForFieldName('key');
      const keyText = key?.type === 'string' ? key.namedChildren.filter((c) => c.type === 'string_content').map((c) => c.text).join('') : null;
      const entry = pair.childForFieldName('value');
      if (keyText && entry && (COUNT_KEYS.has(keyText) || keyText === statKey) && isSingleLine(entry)) return entry.text;
    }
    return null;
  }
  if (value.type === 'call' && value.childForFieldName('function')?.text === 'len' && isSingleLine(value)) return value.text;
  if (value.type === 'attribute' && value.childForFieldName('attribute')?.text === 'num_dml_affected_rows' && isSingleLine(value)) return value.text;
  return null;
}

/** `len(rows)` for the rows passed to the last write, when that write is in this function. */
function rowsCount(witness: Witness, fn: SyntaxNode): string | null {
  const write = witness.write;
  if (!write || write.inner || !write.rows) return null;
  const node = write.site.node;
  if (node.startIndex < fn.startIndex || node.endIndex > fn.endIndex) return null;
  return `len(${write.rows})`;
}

function isSingleLine(node: SyntaxNode): boolean {
  return node.startPosition.row === node.endPosition.row;
}

/** Inserts the statement on its own line before the exit, or before it on the same line (`if x: return`). */
function insertBefore(context: FixContext, exit: SyntaxNode, statement: string): TextEdit {
  const line = exit.startPosition.row;
  const column = exit.startPosition.column;
  const text = lineText(context.text, context.lineStarts, line);
  const before = text.slice(0, column);
  const position = { line, character: 0 };
  if (/^[ \t]*$/.test(before)) {
    return { range: { start: position, end: position }, newText: `${before}${statement}${detectEol(context.text)}` };
  }
  const at = { line, character: column };
  return { range: { start: at, end: at }, newText: `${statement}; ` };
}

/** Appends the statement as the last statement of the function body. */
function insertAtEnd(context: FixContext, fn: SyntaxNode, statement: string): TextEdit {
  const body = fn.childForFieldName('body');
  const statements = body ? body.namedChildren.filter((child) => child.type !== 'comment') : [];
  const last = statements[statements.length - 1];
  const eol = detectEol(context.text);
  if (!body || !last) {
    const end = { line: fn.endPosition.row, character: fn.endPosition.column };
    return { range: { start: end, end }, newText: `; ${statement}` };
  }

  const first = statements[0];
  if (first.startPosition.row === fn.startPosition.row || first.startPosition.row === body.startPosition.row && lineText(context.text, context.lineStarts, first.startPosition.row).slice(0, first.startPosition.column).trim() !== '') {
    // A body on the `def` line: `def save_data(self): ...`.
    const end = { line: last.endPosition.row, character: last.endPosition.column };
    return { range: { start: end, end }, newText: `; ${statement}` };
  }

  const indent = lineText(context.text, context.lineStarts, first.startPosition.row).slice(0, first.startPosition.column);
  const endRow = last.endPosition.row;
  if (endRow + 1 < context.lineStarts.length) {
    const position = { line: endRow + 1, character: 0 };
    return { range: { start: position, end: position }, newText: `${indent}${statement}${eol}` };
  }
  const lineEnd = { line: endRow, character: lineText(context.text, context.lineStarts, endRow).length };
  return { range: { start: lineEnd, end: lineEnd }, newText: `${eol}${indent}${statement}` };
}

/** Characters at the start of a file whose string literals decide its quote style. */
const QUOTE_SAMPLE_CHARS = 16_384;

/** Returns the quote the file uses for `self.stats[...]` keys, else for most of its string literals. */
export function detectQuote(text: string): '"' | "'" {
  const subscript = /\bstats\[(["'])/.exec(text);
  if (subscript) return subscript[1] as '"' | "'";
  // The first part of a file shows its style; counting quotes in all of a large file costs more.
  const withoutTriple = text.slice(0, QUOTE_SAMPLE_CHARS).replace(/"""[\s\S]*?"""|'''[\s\S]*?'''/g, '');
  let double = 0;
  let single = 0;
  for (const match of withoutTriple.matchAll(/(?<![A-Za-z0-9_"'])[rRbBuUfF]{0,2}(["'])/g)) {
    if (match[1] === '"') double++;
    else single++;
  }
  return single > double ? "'" : '"';
}

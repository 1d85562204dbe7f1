// Quick-fix edits: insert `self.stats[KEY] = VALUE` on its own line so that it runs on the
// reported path just before the exit. The line follows the file's indentation, line endings
// and quote style.
import type { SyntaxNode } from '../parse/parser';
import type { Fix, TextEdit } from '../types';
import type { Witness, WriteWitness } from '../dataflow/state';
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

/** A write call of the analyzed function, and the plain name of the rows it was given. */
export interface WriteCall {
  call: SyntaxNode;
  rows: string | null;
}

/** Facts about the reported exit beyond its reported path. */
export interface ExitFacts {
  /** True when other paths reach the exit with the stat set, so a line at the exit would overwrite it. */
  partial: boolean;
  /** Write calls in the analyzed function, in any order. */
  writes: readonly WriteCall[];
}

/**
 * Computes the fixes for a return or end exit. A write path gets the count first and then `0`,
 * and a path that wrote nothing gets only `0`; `chooseValues` decides which one `--fix` applies.
 * When other paths reach the exit with the stat set, the line goes where the reported path left
 * a helper without the stat. Without such a place in this file no fix is offered, because a
 * line at the exit would overwrite the counts those paths set.
 */
export function computeFixes(context: FixContext, kind: 'return' | 'end', exit: SyntaxNode, fn: SyntaxNode, witness: Witness, wroteRows: boolean, facts: ExitFacts): Fix[] {
  if (facts.partial) return helperFixes(context, witness, wroteRows);
  const choice = chooseValues(kind, exit, fn, witness.write, witness.label, wroteRows, context.statKey, facts.writes);
  return buildFixes(context, choice, (statement) => (kind === 'return' ? insertBefore(context, exit, statement) : insertAtEnd(context, fn, statement)));
}

interface ValueChoice {
  values: string[];
  /** Index into `values` of the preferred fix, or -1 when no fix is safe to apply unattended. */
  preferred: number;
}

function buildFixes(context: FixContext, choice: ValueChoice, edit: (statement: string) => TextEdit): Fix[] {
  const key = `self.stats[${context.quote}${context.statKey}${context.quote}]`;
  return choice.values.map((value, index) => {
    const statement = `${key} = ${value}`;
    return {
      title: `Set ${key} = ${value}${value === '0' && choice.values.length > 1 ? ' (for a path that failed)' : ''}`,
      statement,
      isPreferred: index === choice.preferred,
      edits: [edit(statement)],
    };
  });
}

/**
 * Picks the values to offer and the preferred one. The count comes first: what the exit returns
 * when that is a row count, else the running total of a write in a loop, else `len(rows)` of the
 * write. `0` is preferred on a path where the write failed (see `isFailurePath`), unless the
 * count is a returned value or a running total, which already account for the failure. Without
 * a count on a write path nothing is preferred, because recording 0 after a write hides the bug.
 */
function chooseValues(
  kind: 'return' | 'end',
  exit: SyntaxNode | null,
  fn: SyntaxNode,
  write: WriteWitness | null,
  label: string | null,
  wroteRows: boolean,
  statKey: string,
  writes: readonly WriteCall[],
): ValueChoice {
  if (!wroteRows) return { values: ['0'], preferred: 0 };
  const failed = isFailurePath(label);
  const returned = kind === 'return' && exit ? returnedCount(exit, statKey) : null;
  if (returned !== null && returned !== '0') return { values: [returned, '0'], preferred: 0 };

  const counted = rowsCount(write, fn, writes);
  if (counted === null) return { values: ['0'], preferred: failed ? 0 : -1 };
  if (failed && !counted.total) return { values: [counted.value, '0'], preferred: 1 };
  return { values: [counted.value, '0'], preferred: 0 };
}

/**
 * Computes the fixes for an exit that other paths reach with the stat set. The line goes before
 * the helper exit through which the reported path returned without the stat, when that exit is
 * in the same file and no path reaches it with the stat set.
 */
function helperFixes(context: FixContext, witness: Witness, wroteRows: boolean): Fix[] {
  const helper = witness.helperExit;
  if (!helper || helper.partial || helper.site.path !== context.path) return [];
  const site = helper.site.node;
  const helperFn = enclosingFunction(site);
  if (!helperFn) return [];

  const kind = site.type === 'return_statement' ? 'return' : 'end';
  const inner = witness.write?.inner ?? null;
  const innerWrite = inner && inner.site.path === context.path && contains(helperFn, inner.site.node) ? inner : null;
  const choice = chooseValues(kind, kind === 'return' ? site : null, helperFn, innerWrite, witness.label, wroteRows, context.statKey, []);
  return buildFixes(context, choice, (statement) => (kind === 'return' ? insertBefore(context, site, statement) : insertAtEnd(context, helperFn, statement)));
}

function enclosingFunction(node: SyntaxNode): SyntaxNode | null {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'function_definition') return current;
  }
  return null;
}

function contains(outer: SyntaxNode, inner: SyntaxNode): boolean {
  return inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}

/**
 * Tells whether the path's last branch is the failure of a write: a `while` loop that ended
 * without `break` (a retry loop that gave up), or a condition on `errors` that holds.
 * NOTE: this reads the branch text. A `for` loop's `else` counts as a normal end.
 */
function isFailurePath(label: string | null): boolean {
  if (!label) return false;
  if (/`while [^`]*` ends without `break`$/.test(label)) return true;
  if (/`(?:el)?if (?!not )[^`]*\berrors\b[^`]*:` is true$/.test(label)) return true;
  return /`(?:el)?if not [^`]*\berrors\b[^`]*:` is false$/.test(label);
}

/** Returns the count an exit returns: a count entry of a returned dict, `len(...)`, or `num_dml_affected_rows`. */
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

/**
 * Counts the rows of the path's last write when that write is in this function: `len(rows)`;
 * for a write inside a loop that writes one batch per iteration, `len(all)` when the batch is a
 * slice `all[...]` of rows bound outside the loop, else the variable that sums `len(batch)` over
 * the iterations (`total` is true then). A write without a plain rows argument (a `MERGE` query,
 * say) takes the rows of the nearest write before it, such as a staging-table load, or else of a
 * later batched write of slices, whose `len(all)` is 0 on a path that skipped the loop.
 */
function rowsCount(write: WriteWitness | null, fn: SyntaxNode, writes: readonly WriteCall[]): { value: string; total: boolean } | null {
  if (!write || write.inner) return null;
  const node = write.site.node;
  if (!contains(fn, node)) return null;
  if (write.rows) return countOf(node, write.rows, fn)?.count ?? null;

  let nearest: WriteCall | null = null;
  for (const candidate of writes) {
    if (!candidate.rows || candidate.call.endIndex > node.startIndex || !contains(fn, candidate.call)) continue;
    if (!nearest || candidate.call.startIndex > nearest.call.startIndex) nearest = candidate;
  }
  if (nearest?.rows) return countOf(nearest.call, nearest.rows, fn)?.count ?? null;
  for (const candidate of writes) {
    if (!candidate.rows || candidate.call.startIndex < node.endIndex || !contains(fn, candidate.call)) continue;
    const later = countOf(candidate.call, candidate.rows, fn);
    if (later?.wholeSlices) return later.count;
  }
  return null;
}

function countOf(call: SyntaxNode, rows: string, fn: SyntaxNode): { count: { value: string; total: boolean }; wholeSlices: boolean } | null {
  const loopBody = rebindingLoopBody(call, fn, rows);
  if (!loopBody) return { count: { value: `len(${rows})`, total: false }, wholeSlices: false };
  const sliced = new RegExp(`^[ \\t]*${escapeName(rows)}[ \\t]*=[ \\t]*([A-Za-z_][A-Za-z0-9_]*)\\[[^\\]\\n]*:[^\\]\\n]*\\][ \\t]*\\r?$`, 'm').exec(loopBody.text);
  if (sliced && !rebindsIn(loopBody, sliced[1])) return { count: { value: `len(${sliced[1]})`, total: false }, wholeSlices: true };
  const total = runningTotal(fn, rows);
  return total ? { count: { value: total, total: true }, wholeSlices: false } : null;
}

/** Escapes the dots of a name or attribute chain for a regular expression. */
function escapeName(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, (c) => `\\${c}`);
}

function rebindsIn(body: SyntaxNode, name: string): boolean {
  return new RegExp(`^[ \\t]*${escapeName(name)}[ \\t]*(?::[^=\\n]*)?=(?!=)`, 'm').test(body.text);
}

/**
 * Returns the body of the innermost loop around the write that binds its rows anew on each
 * iteration (`for batch in ...`, or an assignment in the body), where `len(rows)` counts the last
 * batch only; null when there is none. A retry loop that writes the same rows each time has none.
 */
function rebindingLoopBody(node: SyntaxNode, fn: SyntaxNode, rows: string): SyntaxNode | null {
  const root = rows.split('.')[0].replace(/[^A-Za-z0-9_]/g, '');
  for (let current: SyntaxNode | null = node; current && current !== fn; current = current.parent) {
    const loop = current.parent;
    if (!loop || (loop.type !== 'for_statement' && loop.type !== 'while_statement') || current.field !== 'body') continue;
    const target = loop.type === 'for_statement' ? loop.childForFieldName('left') : null;
    if (target && target.text.split(/[^A-Za-z0-9_]+/).includes(root)) return current;
    if (rebindsIn(current, root)) return current;
  }
  return null;
}

/** Returns the target of `NAME += len(rows)` in the function, nested functions aside, or null. */
function runningTotal(fn: SyntaxNode, rows: string): string | null {
  const stack = [...fn.namedChildren];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'function_definition' || node.type === 'class_definition' || node.type === 'lambda') continue;
    if (node.type === 'augmented_assignment' && node.childForFieldName('operator')?.text === '+=') {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left?.type === 'identifier' && right?.text.replace(/\s+/g, '') === `len(${rows})`) return left.text;
    }
    stack.push(...node.namedChildren);
  }
  return null;
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

// Nesting depth of source text, measured before the text reaches tree-sitter. Measured with
// web-tree-sitter 0.27.2 and tree-sitter-python 0.25.0: a method nested about 600 blocks deep
// parses without an error but corrupts the WebAssembly memory, so every later parse in the
// process fails. CPython rejects much less: more than 100 indentation levels ("too many levels
// of indentation") or 200 nested brackets ("too many nested parentheses"). Text beyond those
// limits cannot run, so the analyzer does not parse it.

/** Most indentation levels CPython's tokenizer accepts. */
export const MAX_INDENT_LEVELS = 100;
/** Most nested brackets CPython's parser accepts. */
export const MAX_BRACKET_DEPTH = 200;

export interface NestingProblem {
  /** Kind of nesting that exceeds its limit. */
  kind: 'indentation levels' | 'nested brackets';
  depth: number;
  limit: number;
  /** Zero-based line where the limit is first exceeded. */
  line: number;
}

/**
 * Finds the first place in `text[start, end)` where the nesting exceeds CPython's limits, or
 * returns null. `start` must be the start of a line. Strings and comments do not count, and an
 * indented first line counts as one level. One pass over the text, without recursion.
 */
export function checkNesting(text: string, start: number, end: number, firstLine: number): NestingProblem | null {
  const indents: number[] = [];
  let brackets = 0;
  let line = firstLine;
  let i = start;
  let atLineStart = true;
  let continued = false;

  while (i < end) {
    if (atLineStart) {
      atLineStart = false;
      if (brackets === 0 && !continued) {
        let column = 0;
        for (; i < end; i++) {
          const c = text.charCodeAt(i);
          if (c === 32) column++;
          else if (c === 9) column = (Math.floor(column / 8) + 1) * 8;
          else if (c === 12) column = 0;
          else break;
        }
        const first = i < end ? text.charCodeAt(i) : 10;
        if (first !== 10 && first !== 13 && first !== 35) {
          while (indents.length > 0 && indents[indents.length - 1] >= column) indents.pop();
          if (column > 0) indents.push(column);
          if (indents.length > MAX_INDENT_LEVELS) return { kind: 'indentation levels', depth: indents.length, limit: MAX_INDENT_LEVELS, line };
        }
      }
      continued = false;
      continue;
    }

    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      line++;
      atLineStart = true;
    } else if (c === 35) {
      while (i < end && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    } else if (c === 92) {
      const d = text.charCodeAt(i + 1);
      if (d === 10 || d === 13) continued = true;
      i++;
    } else if (c === 40 || c === 91 || c === 123) {
      brackets++;
      if (brackets > MAX_BRACKET_DEPTH) return { kind: 'nested brackets', depth: brackets, limit: MAX_BRACKET_DEPTH, line };
      i++;
    } else if (c === 41 || c === 93 || c === 125) {
      if (brackets > 0) brackets--;
      i++;
    } else if (c === 34 || c === 39) {
      const triple = text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c;
      let k = i + (triple ? 3 : 1);
      for (; k < end; k++) {
        const d = text.charCodeAt(k);
        if (d === 92) {
          k++;
          if (text.charCodeAt(k) === 10 || (text.charCodeAt(k) === 13 && text.charCodeAt(k + 1) !== 10)) line++;
          continue;
        }
        if (d === c && (!triple || (text.charCodeAt(k + 1) === c && text.charCodeAt(k + 2) === c))) {
          k += triple ? 3 : 1;
          break;
        }
        if (d === 10 || (d === 13 && text.charCodeAt(k + 1) !== 10)) {
          if (!triple) break;
          line++;
        }
      }
      i = k;
    } else {
      i++;
    }
  }
  return null;
}

/** Builds the skip reason for a file whose nesting exceeds a limit. */
export function nestingMessage(problem: NestingProblem): string {
  return (
    `The file was not analyzed: line ${problem.line + 1} reaches ${problem.depth} ${problem.kind}, above the limit of ${problem.limit} ` +
    `that Python itself enforces; flatten that code (early returns, helper functions) or exclude the file with the \`exclude\` setting.`
  );
}

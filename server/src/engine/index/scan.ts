// Text scan of a Python file: class headers, bases, imports, methods and NoReturn functions,
// found with regular expressions and a small tokenizer instead of a full parse. Parsing every
// file with tree-sitter costs far more than reading it; this scan decides which few need it.

/** A `class` statement found by the scan. Lines are zero-based. */
export interface ClassDecl {
  name: string;
  /** Offset of the `class` keyword in the file's text, and of the end of the header. */
  offset: number;
  headerEndOffset: number;
  /** Line of the `class` keyword (-1 until `scanStructure` ran), and its indentation in columns. */
  line: number;
  indent: number;
  /** UTF-16 column of the name on `line`. */
  nameColumn: number;
  /** Base expressions as written, keyword arguments (`metaclass=`) left out. */
  bases: string[];
  /** Last line of the header (a base list may span lines); -1 until `scanStructure` ran. */
  headerEndLine: number;
  /** Last line of the class body (inclusive); equal to headerEndLine for a one-line class. */
  endLine: number;
  /** Methods defined directly in the body; the last definition of a name wins. */
  methods: Map<string, MethodDecl>;
  /** String attributes assigned directly in the body, such as `table_name = "games"`. */
  attributes: Map<string, { value: string; line: number }>;
  /** True when the class sits inside another class or a function. */
  nested: boolean;
}

export interface MethodDecl {
  name: string;
  /** First line of the definition, decorators included. */
  startLine: number;
  /** Line of the `def` keyword. */
  defLine: number;
  /** Last line of the body (inclusive). */
  endLine: number;
}

/** A name bound by an import: `from module import name as local` or `import module as local`. */
export interface ImportBinding {
  module: string;
  /** Imported name, or null for `import module`. */
  name: string | null;
}

export interface FileScan {
  classes: ClassDecl[];
  imports: Map<string, ImportBinding>;
  /** Module-level functions annotated `-> NoReturn` or `-> Never`. */
  noReturnFunctions: Set<string>;
  /**
   * Module-level `Name = other.Name` bindings (chains `A = B = C` included), by bound name; null
   * until first needed (see `moduleAliasesOf`), since few names ever resolve through them.
   */
  moduleAliases: Map<string, string> | null;
  /** True once classes carry body extents, methods and attributes (see `scanStructure`). */
  structured: boolean;
}

// Sticky expressions, applied at offsets that indexOf found. Their repetitions are bounded, so a
// file with an unclosed parenthesis cannot make each match scan the rest of the file.
const CLASS_HEADER = /class[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*(?:\(([^)]{0,4000})\))?[ \t]*:/y;
const FROM_IMPORT = /[ \t]*from[ \t]+(\.*[A-Za-z0-9_.]*)[ \t]+import[ \t]+(\([^)]{0,4000}\)|[^\n\r#;]*)/y;
const PLAIN_IMPORT = /import[ \t]+([^\n\r#;]+)/y;
const MODULE_DEF = /^(?:async[ \t]+)?def[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*\(/gm;
/** A module-level `A = B = pkg.C` line: the bound names and the expression they all take. */
const MODULE_ALIAS = /^([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*((?:[A-Za-z_][A-Za-z0-9_]*[ \t]*=[ \t]*)*)([A-Za-z_][A-Za-z0-9_.]*)[ \t]*(?:#.*)?\r?$/;

/**
 * Returns an internalized copy of a string cut from a file's text. V8 can keep a substring as a
 * slice of the whole text, so names kept in a scan kept the text of every scanned file alive:
 * about 20 MB of heap on the generated 2,000-file tree. Internalizing also shares the copies of
 * names that many files repeat (module paths, base classes).
 */
function detach(value: string): string {
  return Object.keys({ [value]: 0 })[0];
}

function isIdentifierStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95;
}
const NO_RETURN_ANNOTATION = /^[ \t]*->[ \t]*["']?(?:[A-Za-z_][A-Za-z0-9_]*\.)?(?:NoReturn|Never)["']?[ \t]*:/;

/**
 * Offset of the start of the line containing `at` when only spaces and tabs precede `at` on
 * it; -1 otherwise (the keyword is not at the start of a statement line).
 */
function statementStart(text: string, at: number): number {
  let i = at - 1;
  while (i >= 0) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i + 1;
    if (c !== 32 && c !== 9) return -1;
    i--;
  }
  return 0;
}

/**
 * Scans class headers, imports and NoReturn functions; cheap enough to run on every file of a
 * large tree. Line numbers are left for `scanStructure`, since most files never need them.
 */
export function scanHeaders(text: string): FileScan {
  const classes: ClassDecl[] = [];

  for (let at = text.indexOf('class', 0); at >= 0; at = text.indexOf('class', at + 5)) {
    const next = text.charCodeAt(at + 5);
    if (next !== 32 && next !== 9) continue;
    const lineStart = statementStart(text, at);
    if (lineStart < 0) continue;
    CLASS_HEADER.lastIndex = at;
    const match = CLASS_HEADER.exec(text);
    if (!match) continue;
    const indentText = text.slice(lineStart, at);
    classes.push({
      name: detach(match[1]),
      offset: at,
      headerEndOffset: at + match[0].length,
      line: -1,
      indent: indentWidth(indentText),
      nameColumn: at - lineStart + match[0].indexOf(match[1], 5),
      bases: splitBases(match[2] ?? '').map(detach),
      headerEndLine: -1,
      endLine: -1,
      methods: new Map(),
      attributes: new Map(),
      nested: indentText.length > 0,
    });
  }

  const imports = new Map<string, ImportBinding>();
  for (let at = text.indexOf('import', 0); at >= 0; at = text.indexOf('import', at + 6)) {
    const after = text.charCodeAt(at + 6);
    if (after !== 32 && after !== 9) continue;
    if (statementStart(text, at) >= 0) {
      PLAIN_IMPORT.lastIndex = at;
      const match = PLAIN_IMPORT.exec(text);
      if (match) addPlainImport(imports, match[1]);
      continue;
    }
    const lineStart = lineStartOf(text, at);
    FROM_IMPORT.lastIndex = lineStart;
    const match = FROM_IMPORT.exec(text);
    if (match) addFromImport(imports, match[1], match[2]);
  }

  const noReturnFunctions = new Set<string>();
  if (text.includes('NoReturn') || text.includes('Never')) {
    for (const match of text.matchAll(MODULE_DEF)) {
      const close = matchingParenthesis(text, match.index + match[0].length);
      if (close >= 0 && NO_RETURN_ANNOTATION.test(text.slice(close + 1, close + 200))) noReturnFunctions.add(detach(match[1]));
    }
  }

  return { classes, imports, noReturnFunctions, moduleAliases: null, structured: false };
}

/** Finds the module-level `A = B = pkg.C` lines of a file: each bound name and the expression it takes. */
export function moduleAliasesOf(text: string): Map<string, string> {
  // A loop over line starts: a multiline regular expression over the whole text tries every
  // offset, which measured as half the cost of the header scan on a 31 MB tree.
  const moduleAliases = new Map<string, string>();
  const separator = text.includes('\n') ? '\n' : '\r';
  for (let start = 0; start < text.length; ) {
    const next = text.indexOf(separator, start);
    const end = next < 0 ? text.length : next;
    if (isIdentifierStart(text.charCodeAt(start))) {
      const equals = text.indexOf('=', start);
      if (equals >= 0 && equals < end) {
        const match = MODULE_ALIAS.exec(text.slice(start, end));
        if (match) {
          const targets = [match[1], ...match[2].split('=').map((part) => part.trim()).filter((part) => part !== '')];
          for (const target of targets) if (target !== match[3]) moduleAliases.set(detach(target), detach(match[3]));
        }
      }
    }
    if (next < 0) break;
    start = next + 1;
  }

  return moduleAliases;
}

function addFromImport(imports: Map<string, ImportBinding>, module: string, list: string): void {
  const names = list.replace(/#[^\n]*/g, ' ').replace(/[()\\]/g, ' ');
  for (const part of names.split(',')) {
    const words = part.trim().split(/\s+/);
    if (!words[0] || words[0] === '*') continue;
    const local = words.length === 3 && words[1] === 'as' ? words[2] : words[0];
    imports.set(detach(local), { module: detach(module), name: detach(words[0]) });
  }
}

function addPlainImport(imports: Map<string, ImportBinding>, list: string): void {
  for (const part of list.split(',')) {
    const words = part.trim().split(/\s+/);
    if (!words[0]) continue;
    if (words.length === 3 && words[1] === 'as') imports.set(detach(words[2]), { module: detach(words[0]), name: null });
    else imports.set(detach(words[0].split('.')[0]), { module: detach(words[0].split('.')[0]), name: null });
  }
}

function lineStartOf(text: string, at: number): number {
  let i = at - 1;
  while (i >= 0) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i + 1;
    i--;
  }
  return 0;
}

/** True when two scans of a file declare the same classes, bases, imports and NoReturn functions. */
export function sameHeaders(a: FileScan, b: FileScan): boolean {
  if (a.classes.length !== b.classes.length || a.imports.size !== b.imports.size || a.noReturnFunctions.size !== b.noReturnFunctions.size) return false;
  for (let i = 0; i < a.classes.length; i++) {
    const left = a.classes[i];
    const right = b.classes[i];
    if (left.name !== right.name || left.indent !== right.indent || left.nested !== right.nested || left.bases.join(',') !== right.bases.join(',')) return false;
  }
  for (const [name, binding] of a.imports) {
    const other = b.imports.get(name);
    if (!other || other.module !== binding.module || other.name !== binding.name) return false;
  }
  for (const name of a.noReturnFunctions) if (!b.noReturnFunctions.has(name)) return false;
  return true;
}

/** True when two alias maps from `moduleAliasesOf` bind the same names to the same expressions. */
export function sameAliases(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [name, value] of a) if (b.get(name) !== value) return false;
  return true;
}

/**
 * Adds body extents, methods and attributes to the classes of a header scan. Runs a small
 * tokenizer over the file to find logical lines, so that strings and bracketed continuations
 * that start a line at a low indentation do not end a class early.
 */
export function scanStructure(text: string, lineStarts: readonly number[], scan: FileScan): void {
  if (scan.structured) return;
  scan.structured = true;
  if (scan.classes.length === 0) return;
  for (const decl of scan.classes) {
    decl.line = lineOf(lineStarts, decl.offset);
    decl.headerEndLine = lineOf(lineStarts, decl.headerEndOffset);
    decl.endLine = decl.headerEndLine;
  }

  const logical = logicalLines(text, lineStarts);
  const isLogical = new Uint8Array(lineStarts.length);
  for (let i = 0; i < logical.lines.length; i++) isLogical[logical.lines[i]] = 1;

  // Class headers inside strings are not classes.
  scan.classes = scan.classes.filter((decl) => isLogical[decl.line] === 1);

  for (const decl of scan.classes) {
    let index = logical.indexOf(decl.line);
    index++;
    while (index < logical.lines.length && logical.lines[index] <= decl.headerEndLine) index++;
    const bodyStart = index;
    let bodyIndent = -1;
    let end = decl.headerEndLine;
    for (; index < logical.lines.length; index++) {
      const indent = logical.indents[index];
      if (indent <= decl.indent) break;
      if (bodyIndent < 0) bodyIndent = indent;
      end = logical.lines[index];
    }
    decl.endLine = lastLineOfLogical(logical, index - 1, end, lineStarts.length, decl.headerEndLine);
    if (bodyIndent < 0) continue;
    collectMembers(text, lineStarts, logical, decl, bodyStart, index, bodyIndent);
  }
}

const DEF_LINE = /^[ \t]*(?:async[ \t]+)?def[ \t]+([A-Za-z_][A-Za-z0-9_]*)/;
const STRING_ATTRIBUTE = /^[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*(?::[^=]*)?=[ \t]*[rRuU]?(["'])((?:(?!\2)[^\\]|\\.)*)\2[ \t]*(?:#.*)?$/;

function collectMembers(
  text: string,
  lineStarts: readonly number[],
  logical: LogicalLines,
  decl: ClassDecl,
  from: number,
  to: number,
  bodyIndent: number,
): void {
  let decoratorStart = -1;
  for (let index = from; index < to; index++) {
    if (logical.indents[index] !== bodyIndent) continue;
    const line = logical.lines[index];
    const content = lineContent(text, lineStarts, line);
    if (content.trimStart().startsWith('@')) {
      if (decoratorStart < 0) decoratorStart = line;
      continue;
    }
    const def = DEF_LINE.exec(content);
    if (def) {
      let next = index + 1;
      while (next < to && logical.indents[next] > bodyIndent) next++;
      const endLine = lastLineOfLogical(logical, next - 1, line, lineStarts.length, line);
      const name = detach(def[1]);
      decl.methods.delete(name);
      decl.methods.set(name, { name, startLine: decoratorStart >= 0 ? decoratorStart : line, defLine: line, endLine });
    } else {
      const attribute = STRING_ATTRIBUTE.exec(content);
      if (attribute) decl.attributes.set(detach(attribute[1]), { value: detach(unescapeSimple(attribute[3])), line });
    }
    decoratorStart = -1;
  }
}

/** Returns the last physical line of logical line `index`, which may continue over several lines. */
function lastLineOfLogical(logical: LogicalLines, index: number, fallback: number, lineCount: number, floor: number): number {
  if (index < 0) return fallback;
  const next = logical.lines[index + 1];
  let last = next === undefined ? lineCount - 1 : next - 1;
  // Blank and comment lines between a body and the next statement belong to neither; trim them.
  while (last > logical.lines[index] && logical.blank[last] === 1) last--;
  return Math.max(last, floor);
}

function unescapeSimple(value: string): string {
  return value.replace(/\\(["'\\])/g, '$1');
}

function lineContent(text: string, lineStarts: readonly number[], line: number): string {
  const start = lineStarts[line];
  const end = lineStarts[line + 1] ?? text.length;
  return text.slice(start, end).replace(/[\r\n]+$/, '');
}

/** Lines that start a logical line (not blank, not a comment, not inside a string or brackets). */
export interface LogicalLines {
  lines: number[];
  indents: number[];
  /** 1 for each physical line that is blank or only a comment, outside strings and brackets. */
  blank: Uint8Array;
  indexOf(line: number): number;
}

/**
 * Finds the logical lines of a file in one pass over its characters: a small state machine
 * that skips string literals (triple-quoted ones included), comments, bracketed continuations
 * and backslash continuations.
 */
export function logicalLines(text: string, lineStarts: readonly number[]): LogicalLines {
  const lines: number[] = [];
  const indents: number[] = [];
  const blank = new Uint8Array(lineStarts.length);
  const length = text.length;
  const hasCarriageReturn = text.includes('\r');
  let depth = 0;
  let line = 0;
  let i = 0;
  let atLineStart = true;
  let continued = false;

  while (i < length) {
    if (atLineStart) {
      atLineStart = false;
      // While a line is being edited, an unclosed bracket would otherwise swallow the rest of the
      // file. A `class` or `def` at column 0 cannot continue a bracketed expression, so it ends it.
      if ((depth > 0 || continued) && startsDefinition(text, i)) {
        depth = 0;
        continued = false;
      }
      if (depth === 0 && !continued) {
        let column = 0;
        for (; i < length; i++) {
          const c = text.charCodeAt(i);
          if (c === 32) column++;
          else if (c === 9) column = (Math.floor(column / 8) + 1) * 8;
          else if (c === 12) column = 0;
          else break;
        }
        const first = i < length ? text.charCodeAt(i) : 10;
        if (first === 10 || first === 13 || first === 35) {
          blank[line] = 1;
        } else {
          lines.push(line);
          indents.push(column);
        }
      }
      continued = false;
      continue;
    }

    // Jumps over the characters that the branches below would only step past.
    PLAIN_CODE.lastIndex = i;
    PLAIN_CODE.test(text);
    i = PLAIN_CODE.lastIndex;
    if (i >= length) break;

    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      line++;
      atLineStart = true;
    } else if (c === 35) {
      while (i < length) {
        const d = text.charCodeAt(i);
        if (d === 10 || d === 13) break;
        i++;
      }
    } else if (c === 92) {
      const d = text.charCodeAt(i + 1);
      if (d === 10 || d === 13) continued = true;
      i++;
    } else if (c === 40 || c === 91 || c === 123) {
      depth++;
      i++;
    } else if (c === 41 || c === 93 || c === 125) {
      if (depth > 0) depth--;
      i++;
    } else if (c === 34 || c === 39) {
      const triple = text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c;
      const end = skipString(text, i, c, triple);
      if (hasCarriageReturn) {
        for (let k = i; k < end; k++) {
          const d = text.charCodeAt(k);
          if (d === 10 || (d === 13 && text.charCodeAt(k + 1) !== 10)) line++;
        }
      } else {
        for (let k = text.indexOf('\n', i); k >= 0 && k < end; k = text.indexOf('\n', k + 1)) line++;
      }
      i = end;
    } else {
      i++;
    }
  }

  let cursor = 0;
  return {
    lines,
    indents,
    blank,
    indexOf(target: number): number {
      if (lines[cursor] !== target) {
        let low = 0;
        let high = lines.length - 1;
        while (low <= high) {
          const mid = (low + high) >> 1;
          if (lines[mid] < target) low = mid + 1;
          else high = mid - 1;
        }
        cursor = low;
      }
      return cursor;
    },
  };
}

/** Returns the offsets of the `#` of every comment in the text, in order; string literals are skipped. */
export function commentOffsets(text: string): number[] {
  const offsets: number[] = [];
  const length = text.length;
  for (let i = 0; i < length; ) {
    const c = text.charCodeAt(i);
    if (c === 35) {
      offsets.push(i);
      while (i < length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    } else if (c === 34 || c === 39) {
      const triple = text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c;
      i = skipString(text, i, c, triple);
    } else if (c === 92) {
      i += 2;
    } else {
      i++;
    }
  }
  return offsets;
}

const DEFINITION_START = /(?:class|def|async[ \t]+def)[ \t]+[A-Za-z_]/y;

/** A run of characters that `logicalLines` steps over: no line end, comment, backslash, bracket or quote. */
const PLAIN_CODE = /[^\n\r#\\()[\]{}"']*/y;

/** Runs of string content up to a backslash, the closing quote or (one-line strings only) a line end. */
const STRING_CONTENT = {
  single: { 34: /[^"\\\n\r]*/y, 39: /[^'\\\n\r]*/y } as Record<number, RegExp>,
  triple: { 34: /[^"\\]*/y, 39: /[^'\\]*/y } as Record<number, RegExp>,
};

/** True when a `class` or `def` statement starts at offset `at`. */
function startsDefinition(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c !== 99 && c !== 100 && c !== 97) return false;
  DEFINITION_START.lastIndex = at;
  return DEFINITION_START.test(text);
}

/**
 * Returns the offset just past the string literal that starts with the quote at `at`.
 * NOTE: a Python 3.12 f-string that reuses its own quote inside a replacement field
 * (`f"{row["id"]}"`) ends early here; tree-sitter still parses the method correctly.
 */
function skipString(text: string, at: number, code: number, triple: boolean): number {
  let i = at + (triple ? 3 : 1);
  const content = (triple ? STRING_CONTENT.triple : STRING_CONTENT.single)[code];
  while (i < text.length) {
    content.lastIndex = i;
    content.test(text);
    i = content.lastIndex;
    if (i >= text.length) break;
    const c = text.charCodeAt(i);
    if (c === 92) {
      i += 2;
      continue;
    }
    if (c === code) {
      if (!triple) return i + 1;
      if (text.charCodeAt(i + 1) === code && text.charCodeAt(i + 2) === code) return i + 3;
    } else if (!triple && (c === 10 || c === 13)) {
      // An unterminated one-line string ends at the line end, as the tokenizer would report it.
      return i;
    }
    i++;
  }
  return text.length;
}

export function lineOf(lineStarts: readonly number[], offset: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

function indentWidth(indent: string): number {
  let column = 0;
  for (const c of indent) column = c === '\t' ? (Math.floor(column / 8) + 1) * 8 : column + 1;
  return column;
}

/** Offset of the `)` that closes a parameter list starting at `from`, or -1 (string contents are not skipped). */
function matchingParenthesis(text: string, from: number): number {
  let depth = 1;
  const limit = Math.min(text.length, from + 10000);
  for (let i = from; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Splits a base list at top-level commas, dropping keyword arguments and comments. */
export function splitBases(list: string): string[] {
  const bases: string[] = [];
  let depth = 0;
  let current = '';
  const cleaned = list.replace(/#[^\n\r]*/g, '');
  for (const c of cleaned) {
    if (c === '[' || c === '(' || c === '{') depth++;
    if (c === ']' || c === ')' || c === '}') depth--;
    if (c === ',' && depth === 0) {
      bases.push(current);
      current = '';
    } else current += c;
  }
  bases.push(current);
  return bases
    .map((base) => base.replace(/\s+/g, ''))
    .filter((base) => base !== '' && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(base) && !base.startsWith('*'));
}

// web-tree-sitter setup. The runtime and the Python grammar are loaded once per process from
// installed files: next to the running bundle (esbuild copies both .wasm files there), or from
// node_modules when the sources run directly under tsx. Nothing is fetched over the network.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';

export type { Tree } from 'web-tree-sitter';
export { SyntaxNode, copySubtree, type SourceText } from './syntax';

const RUNTIME_WASM = 'web-tree-sitter.wasm';
const GRAMMAR_WASM = 'tree-sitter-python.wasm';

let ready: Promise<Language> | null = null;
let language: Language | null = null;
let sharedParser: Parser | null = null;

/** Locates the two .wasm files; throws with the folders tried when they are missing. */
export function locateWasm(wasmDir?: string): { runtime: string; grammar: string } {
  const tried: string[] = [];
  const candidates: string[] = [];
  if (wasmDir) candidates.push(wasmDir);
  if (typeof __dirname === 'string') candidates.push(__dirname);
  for (const dir of candidates) {
    const runtime = join(dir, RUNTIME_WASM);
    const grammar = join(dir, GRAMMAR_WASM);
    if (existsSync(runtime) && existsSync(grammar)) return { runtime, grammar };
    tried.push(dir);
  }

  try {
    const resolver = createRequire(typeof __filename === 'string' ? __filename : join(process.cwd(), 'index.js'));
    const runtime = resolver.resolve(`web-tree-sitter/${RUNTIME_WASM}`);
    const grammar = resolver.resolve(`tree-sitter-python/${GRAMMAR_WASM}`);
    return { runtime, grammar };
  } catch {
    tried.push('node_modules (web-tree-sitter, tree-sitter-python)');
  }
  throw new Error(
    `Cannot find ${RUNTIME_WASM} and ${GRAMMAR_WASM} (looked in ${tried.join(', ')}); ` +
      'reinstall the extension or run `npm install` so both files are present.',
  );
}

/** Initialises web-tree-sitter and the Python grammar; later calls reuse the first result. */
export function initParser(wasmDir?: string): Promise<Language> {
  if (!ready) {
    const files = locateWasm(wasmDir);
    ready = (async () => {
      await Parser.init({ locateFile: (name: string) => (name.endsWith('.wasm') ? files.runtime : name) });
      language = await Language.load(files.grammar);
      return language;
    })();
    ready.catch(() => {
      ready = null;
    });
  }
  return ready;
}

/** The process-wide parser; `initParser` must have completed. */
export function parser(): Parser {
  if (!language) throw new Error('The Python parser is not initialised; await initParser() first.');
  if (!sharedParser) {
    sharedParser = new Parser();
    sharedParser.setLanguage(language);
  }
  return sharedParser;
}

/**
 * Drops the process-wide parser after a parse threw, so that the next parse starts from a
 * fresh parser instead of one whose state the failure may have left broken.
 */
export function resetParser(): void {
  const old = sharedParser;
  sharedParser = null;
  try {
    old?.delete();
  } catch {
    // The failed parser may not even free cleanly; it is unreachable either way.
  }
}

/** Span of text to parse, in UTF-16 offsets and rows of the whole document (as web-tree-sitter counts). */
export interface IncludedSpan {
  startIndex: number;
  endIndex: number;
  startRow: number;
  endRow: number;
  endColumn: number;
}

/**
 * Parses `text`, or only the given spans of it when `spans` is non-empty. Positions in the tree
 * are those of the whole document either way. With `oldTree` (already edited to match `text`)
 * the parse is incremental.
 */
export function parseText(text: string, spans: IncludedSpan[] | null, oldTree?: Tree | null): Tree | null {
  const active = parser();
  if (spans && spans.length > 0) {
    // web-tree-sitter 0.27 copies each chunk the callback returns into wasm memory one UTF-16
    // unit at a time. Chunks end at the span's end, so the text between spans is not copied.
    let cursor = 0;
    const read = (index: number): string => {
      while (cursor > 0 && spans[cursor].startIndex > index) cursor--;
      while (cursor < spans.length - 1 && spans[cursor].endIndex <= index) cursor++;
      const span = spans[cursor];
      let end = index + 1;
      if (index < span.startIndex) end = span.startIndex;
      else if (index < span.endIndex) end = span.endIndex;
      return text.slice(index, Math.min(end, index + 4096, text.length));
    };
    return active.parse(read, null, {
      includedRanges: spans.map((span) => ({
        startIndex: span.startIndex,
        endIndex: span.endIndex,
        startPosition: { row: span.startRow, column: 0 },
        endPosition: { row: span.endRow, column: span.endColumn },
      })),
    });
  }
  return active.parse((index: number) => text.slice(index, index + 4096), oldTree ?? null);
}

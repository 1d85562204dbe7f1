// Assembles one Python module: docstring, sorted imports, a logger when used, and top-level
// blocks separated by two blank lines, as PEP 8 lays them out.
import type { Block, StdImport } from './python-blocks';

export class PythonModule {
  private readonly stdImports = new Set<string>();
  private readonly thirdPartyImports = new Set<string>();
  private readonly localImports = new Set<string>();
  private readonly preambles: string[][] = [];
  private readonly blocks: string[][] = [];
  private usesLogger = false;

  constructor(private readonly docstring: string) {}

  /** `import x` or `from x import y`, in its section: standard library, third party, then local. */
  importLine(line: string, section: 'std' | 'third-party' | 'local' = 'std'): void {
    if (line === 'import logging') this.usesLogger = true;
    const sections = { std: this.stdImports, 'third-party': this.thirdPartyImports, local: this.localImports };
    sections[section].add(line);
  }

  importStd(modules: readonly StdImport[]): void {
    for (const name of modules) this.importLine(`import ${name}`);
  }

  /** Module-level statements placed after the imports and the logger, before the blocks. */
  addPreamble(lines: string[]): void {
    if (lines.length > 0) this.preambles.push(lines);
  }

  addBlock(block: Block): void {
    this.importStd(block.imports);
    this.blocks.push(block.lines);
  }

  addLines(lines: string[]): void {
    this.blocks.push(lines);
  }

  /** Line count of `render()`, without building the text. */
  lineCount(): number {
    return this.renderLines().length;
  }

  render(): string {
    return this.renderLines().join('\n') + '\n';
  }

  private renderLines(): string[] {
    const lines = [`"""${this.docstring}"""`];
    const sections = [this.stdImports, this.thirdPartyImports, this.localImports]
      .map((section) => [...section].sort(compareImports))
      .filter((section) => section.length > 0);
    sections.forEach((section, index) => {
      if (index > 0) lines.push('');
      lines.push(...section);
    });
    if (this.usesLogger) lines.push('', 'logger = logging.getLogger(__name__)');
    for (const preamble of this.preambles) lines.push('', '', ...preamble);
    for (const block of this.blocks) lines.push('', '', ...block);
    return lines;
  }
}

/** `import x` before `from x import y`, then alphabetical, as isort's default profile orders them. */
function compareImports(a: string, b: string): number {
  const aFrom = a.startsWith('from ');
  const bFrom = b.startsWith('from ');
  if (aFrom !== bFrom) return aFrom ? 1 : -1;
  // Code-unit order, not locale collation, so the output does not depend on the ICU version.
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

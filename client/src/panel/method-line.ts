// Finds the line of a method definition in a document whose text may have changed since the
// language server reported the method's position.

/**
 * Returns the line (zero-based) of `def NAME(` or `async def NAME(` nearest to `expectedLine`,
 * or null when the document has none. The expected line wins when it still contains the definition.
 */
export function locateMethodLine(lines: readonly string[], expectedLine: number, methodName: string): number | null {
  const definition = new RegExp(`^\\s*(?:async\\s+)?def\\s+${methodName.replace(/[^A-Za-z0-9_]/g, '')}\\s*\\(`);
  let best: number | null = null;
  for (let line = 0; line < lines.length; line += 1) {
    if (!definition.test(lines[line])) continue;
    if (best === null || Math.abs(line - expectedLine) < Math.abs(best - expectedLine)) best = line;
  }
  return best;
}

// An invalid pyproject.toml as a diagnostic on that file, placed on the offending key or on the
// position of the TOML syntax error, so the Problems view shows why a folder has no findings.
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver/node';
import type { ConfigError } from '../engine';
import { DIAGNOSTIC_SOURCE } from './diagnostics';

/** Diagnostic code of an invalid configuration, next to the rule ids of findings. */
export const CONFIG_ERROR_CODE = 'invalid-config';

/** Returns the error's message without the file path in front, which the diagnostic's location already shows. */
export function configErrorMessage(error: ConfigError): string {
  const prefix = `${error.file}: `;
  return error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
}

/** `text` is the content of `error.file`; an empty string puts the diagnostic on the first line. */
export function configErrorDiagnostic(error: ConfigError, text: string): Diagnostic {
  const lines = text.split(/\r?\n/);
  const line = error.position ? error.position.line - 1 : keyLine(lines, error.key);
  const lineText = lines[line] ?? '';
  const indent = lineText.length - lineText.trimStart().length;
  const start = error.position ? Math.min(error.position.column - 1, lineText.length) : indent;
  const end = Math.max(lineText.trimEnd().length, start);
  return {
    range: { start: { line, character: start }, end: { line, character: end } },
    severity: DiagnosticSeverity.Error,
    code: CONFIG_ERROR_CODE,
    source: DIAGNOSTIC_SOURCE,
    message: configErrorMessage(error),
  };
}

const HEADER = /^\s*\[+\s*([^\]]*?)\s*\]/;

/**
 * Zero-based line of `key` (dotted, as ConfigError names it: `rules.no-such-rule`) inside the
 * `[tool.processor-lens]` section or its subtables; the section header when the key is not
 * found, and line 0 when there is no such section.
 */
function keyLine(lines: string[], key: string): number {
  let header = -1;
  let inSection = false;
  const segments = key.split('.').filter((segment) => segment !== '');
  // The last segment is the most precise place: the unknown rule rather than the rules table.
  const wanted = [...segments].reverse();
  const found = new Map<string, number>();

  lines.forEach((text, index) => {
    const headerMatch = HEADER.exec(text);
    if (headerMatch) {
      const name = headerMatch[1].replace(/["'\s]/g, '');
      inSection = name === 'tool.processor-lens' || name.startsWith('tool.processor-lens.');
      if (inSection && header < 0) header = index;
      return;
    }
    if (!inSection) return;
    for (const segment of wanted) {
      if (!found.has(segment) && containsKey(text, segment)) found.set(segment, index);
    }
  });

  for (const segment of wanted) {
    const line = found.get(segment);
    if (line !== undefined) return line;
  }
  return Math.max(header, 0);
}

/** True when `text` has `key` as a bare or quoted TOML key followed by `=`. */
function containsKey(text: string, key: string): boolean {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[\\s{,.])(${escaped}|"${escaped}"|'${escaped}')\\s*=`).test(text);
}

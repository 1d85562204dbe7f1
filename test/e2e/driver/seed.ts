// Seeds a value containing HTML into a copy of the workspace: a processor whose
// `processor_type` (the name run history records, shown in the panel's header) is markup that
// would run script if the panel inserted it as HTML.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const HTML_PROBE = '<img src=x onerror=alert(1)>';

export interface SeededHtml {
  file: string;
  /** Zero-based line of the inserted attribute, inside the class body. */
  line: number;
  className: string;
}

const CLASS_LINE = /^class\s+(\w+)\s*\(.*\)\s*:\s*(#.*)?$/;

/** Adds `processor_type = HTML_PROBE` to the first processor class of the first eligible file. */
export function seedHtmlProcessor(workspace: string, candidates: string[]): SeededHtml | null {
  for (const file of candidates) {
    const path = join(workspace, file);
    const text = readFileSync(path, 'utf8');
    if (/processor_type\s*=/.test(text)) continue;

    const newline = text.includes('\r\n') ? '\r\n' : '\n';
    const lines = text.split(/\r?\n/);
    const classIndex = lines.findIndex((line) => CLASS_LINE.test(line));
    if (classIndex < 0) continue;
    const body = lines.slice(classIndex + 1).find((line) => line.trim() !== '');
    const indent = body ? (/^\s*/.exec(body)?.[0] ?? '    ') : '    ';

    lines.splice(classIndex + 1, 0, `${indent}processor_type = "${HTML_PROBE}"`);
    writeFileSync(path, lines.join(newline));
    return { file, line: classIndex + 1, className: CLASS_LINE.exec(lines[classIndex])![1] };
  }
  return null;
}

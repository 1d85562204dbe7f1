// Settings locations behind run-history errors: the editor's processorLens.history settings, or
// a section of the folder's pyproject.toml, whose values win over the editor's. Imports no
// `vscode`, so unit tests drive it directly.
import type { ProcessorLensConfig } from '../../../server/src/engine/api';
import { ConfigError } from '../../../server/src/engine/config/load';

export type SettingsLocation =
  | { kind: 'editor-settings'; query: string }
  /** `section` is a TOML table header such as `tool.processor-lens.history`; `key` is within it. */
  | { kind: 'pyproject'; path: string; section: string; key?: string };

const EDITOR_HISTORY_SETTINGS: SettingsLocation = { kind: 'editor-settings', query: 'processorLens.history' };

function isTable(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Returns where a folder's history settings are edited: [tool.processor-lens.history] of its
 * pyproject.toml when that table exists (its values override the editor's), else the editor's
 * processorLens.history settings.
 */
export function historySettingsLocation(pyproject: Pick<ProcessorLensConfig, 'source' | 'raw'> | null): SettingsLocation {
  if (pyproject?.source && isTable(pyproject.raw?.history)) {
    return { kind: 'pyproject', path: pyproject.source, section: 'tool.processor-lens.history' };
  }
  return EDITOR_HISTORY_SETTINGS;
}

/** Returns the place a configuration error names: the file and key of a ConfigError, else `fallback`. */
export function errorSettingsLocation(error: unknown, fallback: SettingsLocation): SettingsLocation {
  if (error instanceof ConfigError) {
    return { kind: 'pyproject', path: error.file, section: 'tool.processor-lens', ...(error.key ? { key: error.key.split('.')[0] } : {}) };
  }
  return fallback;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Finds the zero-based line of `key` within the TOML table `section` of `text`, else of the
 * section's header, else null. A dotted key such as `key.sub = …` and a quoted key also match.
 */
export function locateTomlKey(text: string, section: string, key?: string): number | null {
  const lines = text.split(/\r?\n/);
  const header = new RegExp(`^\\s*\\[\\s*${section.split('.').map(escapeRegExp).join('\\s*\\.\\s*')}\\s*\\]\\s*(#.*)?$`);
  const start = lines.findIndex((line) => header.test(line));
  if (start < 0) return null;
  if (key === undefined) return start;

  const keyPattern = new RegExp(`^\\s*(${escapeRegExp(key)}|"${escapeRegExp(key)}"|'${escapeRegExp(key)}')\\s*[.=]`);
  for (let line = start + 1; line < lines.length; line += 1) {
    if (/^\s*\[/.test(lines[line])) break;
    if (keyPattern.test(lines[line])) return line;
  }
  return start;
}

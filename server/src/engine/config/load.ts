// Reads `[tool.processor-lens]` from pyproject.toml and validates every value, so that a typo in
// the configuration is reported with the key, the value and the fix instead of being ignored.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { RULE_IDS, type RuleId, type RuleLevel, type Severity } from '../types';
import type { ProcessorLensConfig } from '../api';
import { defaultConfig } from './defaults';

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];
const LEVELS: readonly RuleLevel[] = [...SEVERITIES, 'off'];
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * An invalid pyproject.toml or an invalid value in `[tool.processor-lens]`; the message names the
 * key, the value and the fix. `key` is empty when the whole file or table is invalid; a TOML
 * syntax error also has a `position`.
 */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly key: string,
    message: string,
    /** One-based line and column of a TOML syntax error. */
    readonly position?: { line: number; column: number },
  ) {
    super(key ? `${file}: [tool.processor-lens] ${key}: ${message}` : `${file}: ${message}`);
    this.name = 'ConfigError';
  }
}

/**
 * Loads the configuration of a workspace root: `[tool.processor-lens]` of `root/pyproject.toml`
 * merged over the defaults. Throws ConfigError for invalid TOML or invalid values.
 */
export function loadConfig(root: string): ProcessorLensConfig {
  const file = join(resolve(root), 'pyproject.toml');
  const config = defaultConfig();
  if (!existsSync(file)) return config;

  let document: Record<string, unknown>;
  try {
    document = parseToml(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(file, '', `pyproject.toml is not valid TOML (${describeTomlError(error)}); fix the syntax and save the file.`, tomlErrorPosition(error));
  }

  const tool = document.tool;
  const table = tool && typeof tool === 'object' ? (tool as Record<string, unknown>)['processor-lens'] : undefined;
  if (table === undefined) return config;
  if (!isTable(table)) {
    throw new ConfigError(file, '', `[tool.processor-lens] must be a table, not ${describe(table)}; write it as a [tool.processor-lens] section.`);
  }

  config.source = file;
  config.raw = table;
  applyTable(config, table, file);
  return config;
}

/**
 * Keys of `[tool.processor-lens]`: the analysis settings read here, and the tables other parts
 * read from `raw` (history and processors by the run-history comparison).
 */
export const KNOWN_KEYS: readonly string[] = [
  'root-classes',
  'method-name',
  'stat-key',
  'write-methods',
  'extend-write-methods',
  'rules',
  'include',
  'exclude',
  'fail-on',
  'max-file-bytes',
  'history',
  'processors',
];

/** The `max-file-bytes` setting of a loaded configuration (validated by loadConfig), or undefined when unset. */
export function readMaxFileBytes(config: ProcessorLensConfig): number | undefined {
  const value = config.raw['max-file-bytes'];
  return typeof value === 'number' ? value : undefined;
}

/** smol-toml's TomlError carries the 1-based line and column; its message repeats the source line. */
function describeTomlError(error: unknown): string {
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  const { line, column } = error as { line?: unknown; column?: unknown };
  return typeof line === 'number' && typeof column === 'number' ? `line ${line}, column ${column}: ${reason}` : reason;
}

function tomlErrorPosition(error: unknown): { line: number; column: number } | undefined {
  const { line, column } = error as { line?: unknown; column?: unknown };
  return typeof line === 'number' && typeof column === 'number' ? { line, column } : undefined;
}

function applyTable(config: ProcessorLensConfig, table: Record<string, unknown>, file: string): void {
  for (const [key, value] of Object.entries(table)) {
    switch (key) {
      case 'root-classes':
        config.rootClasses = identifierList(file, key, value, false);
        break;
      case 'method-name':
        config.methodName = identifier(file, key, value);
        break;
      case 'stat-key':
        config.statKey = nonEmptyString(file, key, value);
        break;
      case 'write-methods':
        config.writeMethods = identifierList(file, key, value, true);
        break;
      case 'extend-write-methods':
        config.writeMethods = [...new Set([...config.writeMethods, ...identifierList(file, key, value, true)])];
        break;
      case 'rules':
        config.rules = { ...config.rules, ...ruleLevels(file, value) };
        break;
      case 'include':
        config.include = stringList(file, key, value);
        break;
      case 'exclude':
        config.exclude = stringList(file, key, value);
        break;
      case 'fail-on':
        config.failOn = oneOf(file, key, value, SEVERITIES);
        break;
      case 'max-file-bytes':
        positiveInteger(file, key, value);
        break;
      case 'history':
      case 'processors':
        // Read from `raw` by the run-history comparison, which validates them.
        break;
      default:
        throw new ConfigError(file, key, unknownKeyMessage(key));
    }
  }
}

function positiveInteger(file: string, key: string, value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  throw new ConfigError(file, key, `invalid value ${describe(value)}; use a positive whole number of bytes, for example 5000000.`);
}

function unknownKeyMessage(key: string): string {
  const suggestion = suggestKey(key);
  if (suggestion !== null) return `unknown key; did you mean ${suggestion}?`;
  return `unknown key; use one of ${KNOWN_KEYS.join(', ')}.`;
}

/** The known key within two edits of `key` (after mapping _ to -), or null. */
function suggestKey(key: string): string | null {
  const normalized = key.toLowerCase().replace(/_/g, '-');
  let best: { name: string; distance: number } | null = null;
  for (const name of KNOWN_KEYS) {
    const distance = editDistance(normalized, name);
    if (distance <= 2 && (best === null || distance < best.distance)) best = { name, distance };
  }
  return best?.name ?? null;
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

function ruleLevels(file: string, value: unknown): Partial<Record<RuleId, RuleLevel>> {
  if (!isTable(value)) {
    throw new ConfigError(file, 'rules', `expected a table of rule = level, got ${describe(value)}; write for example rules = { "unset-without-write" = "off" }.`);
  }
  const levels: Partial<Record<RuleId, RuleLevel>> = {};
  for (const [rule, level] of Object.entries(value)) {
    if (!(RULE_IDS as readonly string[]).includes(rule)) {
      throw new ConfigError(file, `rules.${rule}`, `unknown rule "${rule}"; use one of ${RULE_IDS.join(', ')}.`);
    }
    levels[rule as RuleId] = oneOf(file, `rules.${rule}`, level, LEVELS);
  }
  return levels;
}

function oneOf<T extends string>(file: string, key: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(file, key, `invalid value ${describe(value)}; use one of ${allowed.map((a) => `"${a}"`).join(', ')}.`);
}

function nonEmptyString(file: string, key: string, value: unknown): string {
  if (typeof value === 'string' && value.trim() !== '') return value;
  throw new ConfigError(file, key, `invalid value ${describe(value)}; use a non-empty string.`);
}

function identifier(file: string, key: string, value: unknown): string {
  if (typeof value === 'string' && IDENTIFIER.test(value)) return value;
  throw new ConfigError(file, key, `invalid value ${describe(value)}; use a Python identifier such as "save_data".`);
}

function stringList(file: string, key: string, value: unknown): string[] {
  if (Array.isArray(value) && value.every((item) => typeof item === 'string' && item.trim() !== '')) return value as string[];
  throw new ConfigError(file, key, `invalid value ${describe(value)}; use an array of non-empty strings, for example ["processors/**/*.py"].`);
}

function identifierList(file: string, key: string, value: unknown, allowEmpty: boolean): string[] {
  const ok = Array.isArray(value) && value.every((item) => typeof item === 'string' && IDENTIFIER.test(item));
  if (ok && (allowEmpty || (value as string[]).length > 0)) return value as string[];
  const example = key === 'root-classes' ? '["ProcessorBase"]' : '["load_table_from_json"]';
  throw new ConfigError(file, key, `invalid value ${describe(value)}; use ${allowEmpty ? 'an' : 'a non-empty'} array of Python identifiers, for example ${example}.`);
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  if (isTable(value)) return 'a table';
  return String(value);
}

/**
 * Returns the folder whose configuration governs `path`: the nearest ancestor with a
 * pyproject.toml, else the top level of the enclosing git work tree, else the folder itself.
 */
export function findWorkspaceRoot(path: string): string {
  let start = resolve(path);
  try {
    if (!statSync(start).isDirectory()) start = dirname(start);
  } catch {
    start = dirname(start);
  }

  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pyproject.toml'))) return dir;
    if (dirname(dir) === dir) break;
  }
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) break;
  }
  return start;
}

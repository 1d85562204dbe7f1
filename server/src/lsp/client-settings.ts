// Reads the `processorLens` settings of one workspace folder from the client and merges the
// analysis settings into the folder's configuration, unless its pyproject.toml has
// [tool.processor-lens], which then wins.
import type { Connection } from 'vscode-languageserver/node';
import type { ProcessorLensConfig } from '../engine/api';
import { RULE_IDS, type RuleId, type RuleLevel } from '../engine/types';
import type { ProcessorLensSettings } from '../settings';
import { DEFAULT_SETTINGS, SETTINGS_SECTION } from '../settings-defaults';
import type { Logger } from './logger';

/**
 * Fetches the settings for `scopeUri` with `workspace/configuration`; falls back to the defaults
 * when the client does not support configuration requests or sends nothing.
 */
export async function fetchSettings(
  connection: Connection,
  supportsConfiguration: boolean,
  scopeUri: string | undefined,
  log: Logger,
): Promise<ProcessorLensSettings> {
  if (!supportsConfiguration) return { ...DEFAULT_SETTINGS };
  try {
    const raw: unknown = await connection.workspace.getConfiguration({ scopeUri, section: SETTINGS_SECTION });
    return readSettings(raw, log, scopeUri ?? 'the workspace');
  } catch (error) {
    log.error(`reading the ${SETTINGS_SECTION} settings for ${scopeUri ?? 'the workspace'} failed; using the defaults`, error);
    return { ...DEFAULT_SETTINGS };
  }
}

/**
 * Validates a settings object as VS Code sends it (dotted names arrive as nested objects).
 * A value of the wrong type is logged and replaced by its default.
 */
export function readSettings(raw: unknown, log: Logger, scope: string): ProcessorLensSettings {
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  if (raw === null || typeof raw !== 'object') return settings as unknown as ProcessorLensSettings;

  for (const [key, fallback] of Object.entries(DEFAULT_SETTINGS)) {
    const value = lookup(raw as Record<string, unknown>, key);
    if (value === undefined || value === null) continue;
    if (kindOf(value) !== kindOf(fallback)) {
      log.warn(
        `${SETTINGS_SECTION}.${key} in ${scope} is ${JSON.stringify(value)}, a ${kindOf(value)}; ` +
          `expected a ${kindOf(fallback)}, so the default ${JSON.stringify(fallback)} applies. Fix the value in the settings.`,
      );
      continue;
    }
    settings[key] = value;
  }
  return settings as unknown as ProcessorLensSettings;
}

/** Applies the analysis settings to a folder's configuration, unless its pyproject.toml configures the folder. */
export function applySettings(config: ProcessorLensConfig, settings: ProcessorLensSettings, log: Logger): ProcessorLensConfig {
  if (config.source !== null) return config;

  return {
    ...config,
    rootClasses: nonEmptyStrings(settings.rootClasses, config.rootClasses),
    methodName: settings.methodName.trim() || config.methodName,
    statKey: settings.statKey.trim() || config.statKey,
    rules: { ...config.rules, ...ruleLevels(settings.rules, log) },
    exclude: [...config.exclude, ...settings.exclude.filter((glob) => glob.trim() !== '')],
  };
}

function ruleLevels(rules: Record<string, string>, log: Logger): Partial<Record<RuleId, RuleLevel>> {
  const levels: Partial<Record<RuleId, RuleLevel>> = {};
  const valid: readonly string[] = ['error', 'warning', 'information', 'hint', 'off'];
  for (const [rule, level] of Object.entries(rules)) {
    if (!(RULE_IDS as readonly string[]).includes(rule)) {
      log.warn(`${SETTINGS_SECTION}.rules names an unknown rule "${rule}"; known rules: ${RULE_IDS.join(', ')}.`);
      continue;
    }
    if (!valid.includes(level)) {
      log.warn(`${SETTINGS_SECTION}.rules["${rule}"] is "${level}"; use one of ${valid.join(', ')}.`);
      continue;
    }
    levels[rule as RuleId] = level as RuleLevel;
  }
  return levels;
}

function nonEmptyStrings(values: string[], fallback: string[]): string[] {
  const kept = values.map((value) => value.trim()).filter((value) => value !== '');
  return kept.length > 0 ? kept : fallback;
}

function lookup(raw: Record<string, unknown>, key: string): unknown {
  if (key in raw) return raw[key];
  let node: unknown = raw;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** Settings arrays hold strings, so an array with anything else is a type error too. */
function kindOf(value: unknown): string {
  if (Array.isArray(value)) return value.every((item) => typeof item === 'string') ? 'array' : 'array of non-strings';
  if (value === null) return 'null';
  return typeof value;
}

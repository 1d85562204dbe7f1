// Command-line parsing of `check` and `audit` with node:util parseArgs. Every rejected value
// becomes a UsageError that names the value and the accepted ones.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { RULE_IDS, type RuleId, type Severity } from '../engine/types';
import { UsageError } from './io';
import { isSeverity, SEVERITIES } from './severity';

export type OutputFormat = 'text' | 'json' | 'sarif';

const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];

export interface CheckOptions {
  paths: string[];
  format: OutputFormat;
  fix: boolean;
  /** Rules to report; empty means every rule. */
  select: RuleId[];
  ignore: RuleId[];
  /** From --fail-on; undefined means each workspace's `fail-on` setting. */
  failOn: Severity | undefined;
  quiet: boolean;
  noColor: boolean;
  help: boolean;
}

export interface AuditOptions {
  paths: string[];
  help: boolean;
}

const CHECK_OPTIONS = {
  format: { type: 'string' },
  fix: { type: 'boolean' },
  select: { type: 'string', multiple: true },
  ignore: { type: 'string', multiple: true },
  'fail-on': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

const AUDIT_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

export function parseCheckArgs(argv: string[]): CheckOptions {
  const { values, positionals } = parseStrict('check', argv, CHECK_OPTIONS);

  return {
    paths: positionals.length > 0 ? positionals : ['.'],
    format: parseFormat(values.format),
    fix: values.fix ?? false,
    select: parseRuleList('--select', values.select),
    ignore: parseRuleList('--ignore', values.ignore),
    failOn: parseFailOn(values['fail-on']),
    quiet: values.quiet ?? false,
    noColor: values['no-color'] ?? false,
    help: values.help ?? false,
  };
}

export function parseAuditArgs(argv: string[]): AuditOptions {
  const { values, positionals } = parseStrict('audit', argv, AUDIT_OPTIONS);
  return { paths: positionals.length > 0 ? positionals : ['.'], help: values.help ?? false };
}

function parseStrict<T extends NonNullable<ParseArgsConfig['options']>>(command: string, argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs reports unknown options and missing values with ERR_PARSE_ARGS_* codes.
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) {
      throw new UsageError(`${(error as Error).message} Run "processor-lens ${command} --help" for the options.`);
    }
    throw error;
  }
}

function parseFormat(value: string | undefined): OutputFormat {
  if (value === undefined) return 'text';
  if ((OUTPUT_FORMATS as readonly string[]).includes(value)) return value as OutputFormat;
  throw new UsageError(`invalid --format "${value}". Use one of: ${OUTPUT_FORMATS.join(', ')}.`);
}

function parseFailOn(value: string | undefined): Severity | undefined {
  if (value === undefined) return undefined;
  if (isSeverity(value)) return value;
  throw new UsageError(`invalid --fail-on "${value}". Use one of: ${SEVERITIES.join(', ')}.`);
}

/** Reads comma-separated rule names from each occurrence of a repeatable option. */
function parseRuleList(option: string, values: string[] | undefined): RuleId[] {
  const rules: RuleId[] = [];
  for (const value of values ?? []) {
    for (const name of value.split(',').map((part) => part.trim())) {
      if (name === '') continue;
      if (!(RULE_IDS as readonly string[]).includes(name)) {
        throw new UsageError(`unknown rule "${name}" in ${option}. Use one of: ${RULE_IDS.join(', ')}.`);
      }
      if (!rules.includes(name as RuleId)) rules.push(name as RuleId);
    }
  }
  return rules;
}

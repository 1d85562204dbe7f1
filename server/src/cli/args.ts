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
  /** From --max-file-bytes; undefined means each workspace's `max-file-bytes` setting. */
  maxFileBytes: number | undefined;
  /** From --workers: worker threads for the folder scan; undefined means none. */
  workers: number | undefined;
  help: boolean;
}

export interface AuditOptions {
  paths: string[];
  maxFileBytes: number | undefined;
  workers: number | undefined;
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
  'max-file-bytes': { type: 'string' },
  workers: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

const AUDIT_OPTIONS = {
  'max-file-bytes': { type: 'string' },
  workers: { type: 'string' },
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
    maxFileBytes: parseMaxFileBytes(values['max-file-bytes']),
    workers: parseWorkers(values.workers),
    help: values.help ?? false,
  };
}

export function parseAuditArgs(argv: string[]): AuditOptions {
  const { values, positionals } = parseStrict('audit', argv, AUDIT_OPTIONS);
  return {
    paths: positionals.length > 0 ? positionals : ['.'],
    maxFileBytes: parseMaxFileBytes(values['max-file-bytes']),
    workers: parseWorkers(values.workers),
    help: values.help ?? false,
  };
}

/** Reads --max-file-bytes: a positive whole number of bytes. */
export function parseMaxFileBytes(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const bytes = Number(value);
  if (/^\d+$/.test(value) && Number.isSafeInteger(bytes) && bytes > 0) return bytes;
  throw new UsageError(`invalid --max-file-bytes "${value}". Give a positive whole number of bytes, for example 5000000.`);
}

/** Reads --workers: a whole number of worker threads from 0 (scan on the main thread) to 64. */
export function parseWorkers(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const count = Number(value);
  if (/^\d+$/.test(value) && count <= 64) return count;
  throw new UsageError(`invalid --workers "${value}". Give a whole number of worker threads from 0 to 64, for example 2; 0 scans on the main thread.`);
}

/**
 * Parses a command line strictly. A value that starts with a dash (`--since -5d`) is taken as
 * the option's value unless it is itself a known option, so the value check can name it.
 */
export function parseStrict<T extends NonNullable<ParseArgsConfig['options']>>(command: string, argv: string[], options: T) {
  try {
    return parseArgs({ args: attachDashValues(argv, options), options, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs reports unknown options and missing values with ERR_PARSE_ARGS_* codes.
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) throw new UsageError(describeParseError(command, code, (error as Error).message));
    throw error;
  }
}

function attachDashValues(argv: string[], options: NonNullable<ParseArgsConfig['options']>): string[] {
  const isKnownOption = (arg: string) => {
    if (arg.startsWith('--')) return arg.slice(2).split('=')[0] in options;
    return arg.length === 2 && Object.values(options).some((option) => option.short === arg[1]);
  };
  const result: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      result.push(...argv.slice(i));
      break;
    }
    const next = argv[i + 1];
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : null;
    if (name !== null && options[name]?.type === 'string' && next !== undefined && next.startsWith('-') && next !== '--' && !isKnownOption(next)) {
      result.push(`${arg}=${next}`);
      i++;
      continue;
    }
    result.push(arg);
  }
  return result;
}

/** Rewrites Node's parseArgs messages, which quote the option oddly, as one plain sentence. */
function describeParseError(command: string, code: string, message: string): string {
  const help = `run processor-lens ${command} --help`;
  // Node quotes the option first, as '--name', '-x, --name' or '--name <value>'.
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? '';
  const option = quoted.replace(/ <value>$/, '').replace(/^-\w, /, '');
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option}; ${help}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/does not take an argument/.test(message)) return `option ${option} takes no value; ${help}`;
    return `option ${option} needs a value; ${help}`;
  }
  return `${message.split('\n')[0]}; ${help}`;
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

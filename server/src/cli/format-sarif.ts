// SARIF 2.1.0 output in the shape GitHub code scanning ingests: one run whose driver lists
// every rule, results with 1-based regions relative to the SRCROOT base (the current folder),
// related locations, fixes and a partial fingerprint that survives line shifts.
import { createHash } from 'node:crypto';
import { relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { RULE_IDS, type Finding, type Range, type RuleId, type RuleLevel, type Severity } from '../engine/types';
import { displayPath, isInside } from './display-path';
import { isInternalError, type CheckReport } from './report';
import { RULE_DESCRIPTIONS, ruleDocsMarkdown, ruleDocsUri } from './rule-docs';
import { CLI_VERSION } from './version';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = 'SRCROOT';
const FINGERPRINT_KEY = 'processorLensExit/v1';

export interface SarifOptions {
  /** Returns the text of a zero-based line of a file, for the fingerprints; undefined when unknown. */
  sourceLine(path: string, line: number): string | undefined;
}

export function formatSarif(report: CheckReport, options: SarifOptions): string {
  const log: Sarif.Log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [buildRun(report, options)],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function buildRun(report: CheckReport, options: SarifOptions): Sarif.Run {
  const artifactLocation = (path: string) => toArtifactLocation(path, report.cwd);
  const fingerprints = new FingerprintCounter();

  return {
    tool: {
      driver: {
        name: 'Processor Lens',
        version: CLI_VERSION,
        semanticVersion: CLI_VERSION,
        rules: RULE_IDS.map((rule) => ruleDescriptor(rule, report.ruleLevels[rule])),
      },
    },
    originalUriBaseIds: {
      [SRCROOT]: { uri: pathToFileURL(report.cwd.endsWith(sep) ? report.cwd : report.cwd + sep).href },
    },
    columnKind: 'utf16CodeUnits',
    invocations: [
      {
        // A method the analysis failed on may hide findings, so the run did not succeed.
        executionSuccessful: !report.skipped.some(isInternalError),
        toolExecutionNotifications: report.skipped.map((file) => ({
          level: isInternalError(file) ? 'error' : 'warning',
          message: { text: `Skipped: ${file.reason}` },
          locations: [{ physicalLocation: { artifactLocation: artifactLocation(file.path) } }],
        })),
      },
    ],
    results: report.findings.map((finding) => {
      const sourceLine = options.sourceLine(finding.path, finding.range.start.line);
      const fingerprint = fingerprints.next(finding, displayPath(finding.path, report.cwd), sourceLine);
      return buildResult(finding, artifactLocation, fingerprint);
    }),
  };
}

function ruleDescriptor(rule: RuleId, level: RuleLevel): Sarif.ReportingDescriptor {
  const description = RULE_DESCRIPTIONS[rule];
  const helpUri = ruleDocsUri(rule);
  const markdown = ruleDocsMarkdown(rule);

  return {
    id: rule,
    name: description.name,
    shortDescription: { text: description.shortDescription },
    fullDescription: { text: description.fullDescription },
    ...(helpUri ? { helpUri } : {}),
    help: { text: description.fullDescription, ...(markdown ? { markdown } : {}) },
    defaultConfiguration: level === 'off' ? { enabled: false, level: 'none' } : { level: sarifLevel(level) },
    properties: { tags: ['correctness', 'data-pipeline'], precision: 'high', 'problem.severity': problemSeverity(level) },
  };
}

function buildResult(
  finding: Finding,
  artifactLocation: (path: string) => Sarif.ArtifactLocation,
  fingerprint: string,
): Sarif.Result {
  const location = artifactLocation(finding.path);

  return {
    ruleId: finding.rule,
    ruleIndex: RULE_IDS.indexOf(finding.rule),
    level: sarifLevel(finding.severity),
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: { artifactLocation: location, region: region(finding.range) },
        logicalLocations: [
          { name: finding.methodName, fullyQualifiedName: `${finding.className}.${finding.methodName}`, kind: 'function' },
        ],
      },
    ],
    relatedLocations: finding.relatedInformation.map((info, index) => ({
      id: index,
      physicalLocation: { artifactLocation: artifactLocation(info.path), region: region(info.range) },
      message: { text: info.message },
    })),
    fixes: finding.fixes.map((fix) => ({
      description: { text: fix.title },
      artifactChanges: [
        {
          artifactLocation: location,
          replacements: fix.edits.map((edit) => ({
            deletedRegion: region(edit.range),
            insertedContent: { text: edit.newText },
          })),
        },
      ],
    })),
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint },
    properties: { className: finding.className, methodName: finding.methodName },
  };
}

/** Converts a range to a 1-based SARIF region; an insertion point keeps startColumn === endColumn. */
function region(range: Range): Sarif.Region {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

/** Location relative to SRCROOT when the file is under the current folder, else an absolute file URI. */
function toArtifactLocation(path: string, cwd: string): Sarif.ArtifactLocation {
  if (!isInside(path, cwd)) return { uri: pathToFileURL(path).href };
  const relativePath = relative(cwd, path);
  return { uri: relativePath.split(sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function sarifLevel(severity: Severity): Sarif.ReportingConfiguration.level {
  switch (severity) {
    case 'error':
      return 'error';
    case 'warning':
      return 'warning';
    case 'information':
    case 'hint':
      return 'note';
  }
}

/** GitHub's `problem.severity` rule property: error, warning or recommendation. */
function problemSeverity(level: RuleLevel): string {
  if (level === 'error') return 'error';
  if (level === 'warning') return 'warning';
  return 'recommendation';
}

/**
 * Fingerprints built from the rule, the file's path relative to SRCROOT, the method and the exit's source line with its
 * whitespace collapsed, so a finding keeps its identity when lines above it move. Identical
 * exits in one method get an occurrence number.
 */
class FingerprintCounter {
  private readonly seen = new Map<string, number>();

  next(finding: Finding, relativePath: string, sourceLine: string | undefined): string {
    const exitText = (sourceLine ?? `line ${finding.range.start.line}`).replace(/\s+/g, ' ').trim();
    const key = [finding.rule, relativePath, finding.className, finding.methodName, exitText].join('\u0000');
    const occurrence = this.seen.get(key) ?? 0;
    this.seen.set(key, occurrence + 1);
    return createHash('sha256').update(`${key}\u0000${occurrence}`).digest('hex').slice(0, 32);
  }
}

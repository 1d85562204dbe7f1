// Hand-built analysis results for the formatter tests, shaped like the engine's output for a
// small workspace at /repo with two processor files and a base class.
import type { CheckedMethod, Finding, ProcessorInfo, Range } from '../../../server/src/engine/types';
import type { CheckReport } from '../../../server/src/cli/report';

export const CWD = '/repo';

export function range(line: number, character: number, endLine: number, endCharacter: number): Range {
  return { start: { line, character }, end: { line: endLine, character: endCharacter } };
}

export function afterWriteFinding(): Finding {
  return {
    path: '/repo/processors/box_scores.py',
    range: range(11, 8, 11, 17),
    rule: 'unset-after-write',
    severity: 'error',
    message: 'save_data can end after load_table_from_json wrote rows without setting self.stats["rows_inserted"]',
    className: 'BoxScoresProcessor',
    methodName: 'save_data',
    relatedInformation: [{ path: '/repo/processors/box_scores.py', range: range(18, 19, 18, 61), message: 'rows are written here' }],
    fixes: [
      {
        title: 'Set self.stats["rows_inserted"] = len(rows)',
        statement: 'self.stats["rows_inserted"] = len(rows)',
        isPreferred: true,
        edits: [{ range: range(20, 0, 20, 0), newText: '        self.stats["rows_inserted"] = len(rows)\n' }],
      },
      {
        title: 'Set self.stats["rows_inserted"] = 0',
        statement: 'self.stats["rows_inserted"] = 0',
        isPreferred: false,
        edits: [{ range: range(20, 0, 20, 0), newText: '        self.stats["rows_inserted"] = 0\n' }],
      },
    ],
  };
}

export function withoutWriteFinding(): Finding {
  return {
    path: '/repo/processors/box_scores.py',
    range: range(15, 12, 15, 18),
    rule: 'unset-without-write',
    severity: 'warning',
    message: 'return when "not rows" leaves self.stats["rows_inserted"] unset; nothing was written',
    className: 'BoxScoresProcessor',
    methodName: 'save_data',
    relatedInformation: [],
    fixes: [
      {
        title: 'Set self.stats["rows_inserted"] = 0',
        statement: 'self.stats["rows_inserted"] = 0',
        isPreferred: true,
        edits: [{ range: range(15, 0, 15, 0), newText: '            self.stats["rows_inserted"] = 0\n' }],
      },
    ],
  };
}

export function onRaiseFinding(): Finding {
  return {
    path: '/repo/processors/sub dir/terminators.py',
    range: range(26, 12, 26, 67),
    rule: 'unset-on-raise',
    severity: 'information',
    message: 'abort() never returns, after load_table_from_json wrote rows without setting self.stats["rows_inserted"]',
    className: 'ReferenceDataProcessor',
    methodName: 'save_data',
    relatedInformation: [],
    fixes: [],
  };
}

export function sampleReport(overrides: Partial<CheckReport> = {}): CheckReport {
  return {
    cwd: CWD,
    findings: [afterWriteFinding(), withoutWriteFinding(), onRaiseFinding()],
    skipped: [{ path: '/repo/processors/binary.py', reason: 'the file is not valid UTF-8; save it as UTF-8 to analyze it.' }],
    filesRead: 7,
    filesParsed: 4,
    fixed: null,
    ruleLevels: {
      'unset-after-write': 'error',
      'unset-without-write': 'warning',
      'unset-on-raise': 'information',
      'unused-suppression': 'warning',
    },
    ...overrides,
  };
}

export function auditProcessors(): ProcessorInfo[] {
  return [
    {
      className: 'BoxScoresProcessor',
      path: '/repo/processors/box_scores.py',
      nameRange: range(8, 6, 8, 24),
      range: range(8, 0, 21, 0),
      bases: ['ProcessorBase'],
      effectiveMethod: { className: 'BoxScoresProcessor', path: '/repo/processors/box_scores.py', nameRange: range(11, 8, 11, 17) },
      attributes: {},
    },
    {
      className: 'OddsProcessor',
      path: '/repo/processors/odds.py',
      nameRange: range(3, 6, 3, 19),
      range: range(3, 0, 4, 0),
      bases: ['StagingMergeMixin', 'ProcessorBase'],
      effectiveMethod: { className: 'StagingMergeMixin', path: '/repo/lib/mixins.py', nameRange: range(5, 8, 5, 17) },
      attributes: {},
    },
    {
      className: 'EmptyProcessor',
      path: '/repo/pipeline/empty.py',
      nameRange: range(1, 6, 1, 20),
      range: range(1, 0, 2, 0),
      bases: ['Unknown'],
      effectiveMethod: null,
      attributes: {},
    },
  ];
}

export function auditMethods(): CheckedMethod[] {
  return [
    {
      path: '/repo/processors/box_scores.py',
      className: 'BoxScoresProcessor',
      methodName: 'save_data',
      nameRange: range(11, 8, 11, 17),
      usedBy: ['BoxScoresProcessor'],
      exits: [
        { kind: 'return', range: range(15, 12, 15, 18), text: 'return', stat: 'unset', wroteRows: false, rule: 'unset-without-write' },
        { kind: 'end', range: range(11, 8, 11, 17), text: 'def save_data(self):', stat: 'unset', wroteRows: true, rule: 'unset-after-write' },
      ],
    },
    {
      path: '/repo/lib/mixins.py',
      className: 'StagingMergeMixin',
      methodName: 'save_data',
      nameRange: range(5, 8, 5, 17),
      usedBy: ['OddsProcessor'],
      exits: [
        { kind: 'return', range: range(8, 12, 8, 18), text: 'return `x`', stat: 'set', wroteRows: false },
        { kind: 'raise', range: range(12, 12, 12, 17), text: 'raise', stat: 'partial', wroteRows: true, rule: 'unset-on-raise' },
        { kind: 'end', range: range(5, 8, 5, 17), text: 'def save_data(self):', stat: 'set', wroteRows: true },
      ],
    },
  ];
}

/** Findings that the engine reports for the exits of auditMethods() that have a rule. */
export function auditFindings(): Finding[] {
  const findings: Finding[] = [];
  for (const method of auditMethods()) {
    for (const exit of method.exits) {
      if (exit.rule === undefined) continue;
      findings.push({
        path: method.path,
        range: exit.range,
        rule: exit.rule,
        severity: 'warning',
        message: 'm',
        className: method.className,
        methodName: method.methodName,
        relatedInformation: [],
        fixes: [],
      });
    }
  }
  return findings;
}

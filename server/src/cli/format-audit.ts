// The audit checklist in Markdown: every processor class grouped by folder, where its
// effective save_data is defined, and one checklist item per exit of that method. An item is
// ticked when the exit needs no change: no rule applies to it (the stat is set, or no path into
// a raise wrote rows), or a `# processor-lens: ignore[...]` comment suppresses the rule.
import { posix } from 'node:path';
import type { CheckedMethod, ExitInfo, Finding, Position, ProcessorInfo, StatState } from '../engine/types';
import { displayPath } from './display-path';
import { compareText } from './report';

export interface AuditInput {
  cwd: string;
  /** Processors to list: those under the audited PATHs. */
  processors: ProcessorInfo[];
  /** Every checked method of the workspaces, so effective methods outside PATH are found too. */
  methods: CheckedMethod[];
  /** Name of the checked method, from the configuration. */
  methodName: string;
  /** Every reported finding of the workspaces; an exit whose rule is not among them is suppressed. */
  findings: Finding[];
}

interface Tally {
  processors: number;
  exits: number;
  done: number;
  open: number;
}

export function formatAudit(input: AuditInput): string {
  const methodsByKey = new Map(input.methods.map((method) => [methodKey(method.path, method.className), method]));
  const folders = groupByFolder(input.processors, input.cwd);
  const reported = new Set(input.findings.map((finding) => exitKey(finding.path, finding.range.start, finding.rule)));
  const isOpen = (exit: ExitInfo, method: CheckedMethod) =>
    exit.rule !== undefined && reported.has(exitKey(method.path, exit.range.start, exit.rule));

  const sections: string[] = [];
  const totals: [string, Tally][] = [];
  const overall: Tally = { processors: 0, exits: 0, done: 0, open: 0 };

  for (const [folder, processors] of folders) {
    const tally: Tally = { processors: 0, exits: 0, done: 0, open: 0 };
    const lines = [`## ${folder}`, ''];

    for (const processor of processors) {
      const method = processor.effectiveMethod
        ? methodsByKey.get(methodKey(processor.effectiveMethod.path, processor.effectiveMethod.className))
        : undefined;
      lines.push(...formatProcessor(processor, method, input, isOpen));
      addExits(tally, method, isOpen);
    }

    sections.push(lines.join('\n'));
    totals.push([folder, tally]);
    addTally(overall, tally);
  }

  return [
    '# Processor audit',
    '',
    overviewSentence(overall, folders.size, input.methodName),
    '',
    ...sections,
    ...formatTotals(totals, overall),
  ].join('\n');
}

function formatProcessor(
  processor: ProcessorInfo,
  method: CheckedMethod | undefined,
  input: AuditInput,
  isOpen: (exit: ExitInfo, method: CheckedMethod) => boolean,
): string[] {
  const where = `${displayPath(processor.path, input.cwd)}:${processor.nameRange.start.line + 1}`;
  const lines = [`### \`${processor.className}\` (${where})`, ''];
  const effective = processor.effectiveMethod;

  if (effective === null) {
    lines.push(`No \`${input.methodName}\` is defined in the class or its bases, so nothing sets the stat.`, '');
    return lines;
  }

  const definedAt = `${displayPath(effective.path, input.cwd)}:${effective.nameRange.start.line + 1}`;
  const owner = effective.className === processor.className ? 'the class itself' : `\`${effective.className}\``;
  lines.push(`Effective \`${input.methodName}\`: defined in ${owner} (${definedAt})`, '');

  if (method === undefined) {
    lines.push('- [ ] its exits were not analyzed (the file was skipped or is outside the workspace)', '');
    return lines;
  }
  if (method.notAnalyzed) {
    lines.push(`- [ ] its exits were not analyzed (${method.notAnalyzed.reason})`, '');
    return lines;
  }

  for (const exit of method.exits) lines.push(formatExit(exit, input.methodName, isOpen(exit, method)));
  if (method.exits.length === 0) lines.push('- [x] no exits found');
  lines.push('');
  return lines;
}

const STAT_WORDS: Record<StatState, string> = {
  set: 'stat set',
  unset: 'stat not set',
  partial: 'stat set on some paths only',
};

function formatExit(exit: ExitInfo, methodName: string, open: boolean): string {
  const box = open ? '[ ]' : '[x]';
  const what = exit.kind === 'end' ? `end of \`${methodName}\`` : `${exit.kind}: \`${inlineCode(exit.text)}\``;
  const stat = STAT_WORDS[exit.stat];
  const rows = exit.wroteRows ? 'rows written' : 'no rows written';
  let rule = '';
  if (exit.rule !== undefined) rule = open ? ` (${exit.rule})` : ` (${exit.rule}, suppressed)`;
  return `- ${box} line ${exit.range.start.line + 1}, ${what}; ${stat}; ${rows}${rule}`;
}

/** Backticks inside inline code would end it early. */
function inlineCode(text: string): string {
  return text.replace(/`/g, "'").trim();
}

function formatTotals(totals: readonly [string, Tally][], overall: Tally): string[] {
  const row = (name: string, tally: Tally) => `| ${name} | ${tally.processors} | ${tally.exits} | ${tally.done} | ${tally.open} |`;
  return [
    '## Totals',
    '',
    'Exits of a method that several processors share are counted once per processor.',
    '',
    '| folder | processors | exits | ticked | open |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...totals.map(([folder, tally]) => row(folder, tally)),
    row('**all**', overall),
    '',
  ];
}

function overviewSentence(overall: Tally, folderCount: number, methodName: string): string {
  if (overall.processors === 0) return 'No processor classes found.';
  const folders = folderCount === 1 ? '1 folder' : `${folderCount} folders`;
  const processors = overall.processors === 1 ? '1 processor' : `${overall.processors} processors`;
  return `${processors} in ${folders}; ${overall.exits} exits of their \`${methodName}\`: ${overall.done} ticked, ${overall.open} open.`;
}

function groupByFolder(processors: readonly ProcessorInfo[], cwd: string): Map<string, ProcessorInfo[]> {
  const sorted = [...processors].sort(
    (a, b) => compareText(displayPath(a.path, cwd), displayPath(b.path, cwd)) || a.nameRange.start.line - b.nameRange.start.line,
  );

  const folders = new Map<string, ProcessorInfo[]>();
  for (const processor of sorted) {
    const folder = `${posix.dirname(displayPath(processor.path, cwd))}/`;
    const list = folders.get(folder) ?? [];
    list.push(processor);
    folders.set(folder, list);
  }
  return new Map([...folders].sort(([a], [b]) => compareText(a, b)));
}

function addExits(tally: Tally, method: CheckedMethod | undefined, isOpen: (exit: ExitInfo, method: CheckedMethod) => boolean): void {
  tally.processors += 1;
  if (method === undefined) return;

  tally.exits += method.exits.length;
  for (const exit of method.exits) {
    if (isOpen(exit, method)) tally.open += 1;
    else tally.done += 1;
  }
}

function addTally(target: Tally, source: Tally): void {
  target.processors += source.processors;
  target.exits += source.exits;
  target.done += source.done;
  target.open += source.open;
}

function exitKey(path: string, start: Position, rule: string): string {
  return `${path}\u0000${start.line}:${start.character}\u0000${rule}`;
}

function methodKey(path: string, className: string): string {
  return `${path}\u0000${className}`;
}

// Turns the dataflow result of a checked method into exit records and findings: one finding
// per exit, of the most severe enabled rule that applies to the states reaching it.
import type { ProcessorLensConfig } from '../api';
import type { SyntaxNode } from '../parse/parser';
import type { ExitInfo, Finding, Range, RelatedLocation, RuleId, Severity, StatState } from '../types';
import type { MethodResult } from '../dataflow/methods';
import { nameOf } from '../dataflow/methods';
import { isSet, wrote, type StateVector, type Witness, type WriteWitness } from '../dataflow/state';
import { computeFixes, type FixContext, type WriteCall } from '../fixes/quick-fix';
import { SEVERITY_RANK } from './rule';

export interface EvaluatedMethod {
  exits: ExitInfo[];
  findings: Finding[];
}

export function evaluateMethod(result: MethodResult, className: string, config: ProcessorLensConfig, fixContext: FixContext): EvaluatedMethod {
  const exits: ExitInfo[] = [];
  const findings: Finding[] = [];
  const methodName = result.ref.method.name;
  const writes: WriteCall[] = [];
  for (const node of result.graph.nodes) {
    for (const event of node.events) if (event.kind === 'write') writes.push({ call: event.call, rows: event.rows });
  }

  for (const exitId of result.graph.exits) {
    const exit = result.graph.nodes[exitId].exit!;
    const state = result.states[exitId];
    const bits = [0, 1, 2, 3].filter((bit) => state[bit] !== null);
    if (bits.length === 0) continue;

    const statement = exit.kind === 'end' ? nameOf(exit.syntax) : exit.syntax;
    const range = exitRange(statement);
    const anySet = bits.some(isSet);
    const anyUnset = bits.some((bit) => !isSet(bit));
    const info: ExitInfo = {
      kind: exit.kind,
      range,
      text: exit.kind === 'end' ? `end of ${methodName}` : firstLine(statement.text),
      stat: statState(anySet, anyUnset),
      wroteRows: bits.some(wrote),
    };

    const choice = chooseRule(exit.kind, state, config);
    if (choice) {
      info.rule = choice.rule;
      const witness = state[choice.bit]!;
      findings.push({
        path: result.path,
        range,
        rule: choice.rule,
        severity: choice.severity,
        message: message(choice.rule, exit.kind, methodName, witness, result, config.statKey),
        className,
        methodName,
        relatedInformation: related(witness, methodName, config.statKey),
        fixes: exit.kind === 'raise' ? [] : computeFixes(fixContext, exit.kind, exit.syntax, result.graph.function, witness, choice.rule === 'unset-after-write', { partial: anySet, writes }),
      });
    }
    exits.push(info);
  }
  return { exits, findings };
}

/** Candidate rules for the states at an exit; the most severe enabled one wins, ties in table order. */
function chooseRule(kind: 'return' | 'raise' | 'end', state: StateVector, config: ProcessorLensConfig): { rule: RuleId; bit: number; severity: Severity } | null {
  const candidates: { rule: RuleId; bit: number }[] = [];
  if (kind === 'raise') {
    if (state[2]) candidates.push({ rule: 'unset-on-raise', bit: 2 });
  } else {
    if (state[2]) candidates.push({ rule: 'unset-after-write', bit: 2 });
    if (state[0]) candidates.push({ rule: 'unset-without-write', bit: 0 });
  }
  let best: { rule: RuleId; bit: number; severity: Severity } | null = null;
  for (const candidate of candidates) {
    const level = config.rules[candidate.rule];
    if (!level || level === 'off') continue;
    if (!best || SEVERITY_RANK[level] < SEVERITY_RANK[best.severity]) best = { ...candidate, severity: level };
  }
  return best;
}

const EXIT_PHRASES: Record<'return' | 'raise' | 'end', string> = {
  end: 'can reach its end',
  return: 'returns here',
  raise: 'leaves here with an exception',
};

function statState(anySet: boolean, anyUnset: boolean): StatState {
  if (anySet && anyUnset) return 'partial';
  return anySet ? 'set' : 'unset';
}

function message(rule: RuleId, kind: 'return' | 'raise' | 'end', method: string, witness: Witness, result: MethodResult, statKey: string): string {
  const stat = `self.stats["${statKey}"]`;
  const where = `${method} ${EXIT_PHRASES[kind]}`;
  let text: string;
  if (rule === 'unset-without-write') {
    text = `${where} without setting ${stat}; no rows were written on this path, so run history records 0 only implicitly.`;
  } else if (rule === 'unset-after-write') {
    text = `${where} after ${describeWrite(witness.write)} without setting ${stat}, so run history records 0 rows for this run.`;
  } else {
    text = `${where} after ${describeWrite(witness.write)} without setting ${stat}, so a run that already wrote rows is recorded with 0 if the failure is recorded.`;
  }
  const nearMiss = result.nearMisses[0];
  if (nearMiss) {
    text += ` The key "${nearMiss.key}" (line ${nearMiss.node.startPosition.row + 1}) is set instead; did you mean "${statKey}"?`;
  }
  if (witness.label) text += ` Path: ${witness.label}.`;
  return text;
}

function describeWrite(write: WriteWitness | null): string {
  if (!write) return 'writing rows';
  const line = write.site.node.startPosition.row + 1;
  return write.inner ? `${write.name} (line ${line}), which writes rows,` : `${write.name} (line ${line})`;
}

function related(witness: Witness, method: string, statKey: string): RelatedLocation[] {
  const locations: RelatedLocation[] = [];
  for (let write = witness.write; write; write = write.inner) {
    locations.push({
      path: write.site.path,
      range: nodeRange(write.site.node),
      message: write.inner ? `${write.name} is called here and writes rows` : `rows are written here by ${write.name}`,
    });
  }
  if (witness.helperExit) {
    locations.push({
      path: witness.helperExit.site.path,
      range: exitRange(witness.helperExit.site.node),
      message: `${witness.helperExit.method} returns here without setting self.stats["${statKey}"] (called from ${method})`,
    });
  }
  return locations;
}

export function nodeRange(node: SyntaxNode): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

/** Range of an exit: from the statement's start to the end of its first line. */
export function exitRange(node: SyntaxNode): Range {
  const start = node.startPosition;
  if (node.endPosition.row === start.row) return nodeRange(node);
  const first = node.text.split(/\r\n|\n|\r/, 1)[0];
  return { start: { line: start.row, character: start.column }, end: { line: start.row, character: start.column + first.length } };
}

function firstLine(text: string): string {
  const line = text.split(/\r\n|\n|\r/, 1)[0].trim();
  return line.length > 100 ? `${line.slice(0, 97)}...` : line;
}

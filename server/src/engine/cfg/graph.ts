// Control-flow graph of one function: nodes are statements (or conditions) with the effects
// they have on the (rows written, stat set) state, edges carry the branch that leads on.
import type { SyntaxNode } from '../parse/parser';
import type { MethodCall } from '../index/class-index';

export type ExitKind = 'return' | 'raise' | 'end';

/** An effect of evaluating part of a statement, in evaluation order. */
export type FlowEvent =
  | { kind: 'write'; call: SyntaxNode; method: string; rows: string | null }
  | { kind: 'set'; node: SyntaxNode }
  | { kind: 'unset'; node: SyntaxNode }
  | { kind: 'call'; call: SyntaxNode; target: MethodCall; statementCall: boolean }
  /** A stat key that differs from the configured one by a typo; no effect on the state. */
  | { kind: 'near-miss'; node: SyntaxNode; key: string };

export interface FlowEdge {
  to: number;
  /** Branch taken, for messages: for example "`if job.errors:` is true". */
  label: string | null;
}

export interface FlowNode {
  id: number;
  syntax: SyntaxNode | null;
  events: FlowEvent[];
  next: FlowEdge[];
  /** Receives the state before `events` when the statement raises into an except clause or a suppress block. */
  onRaise: number | null;
  /** Where a call to a method that never returns continues: the raise route of this statement. */
  raiseRoute: number | null;
  exit: { kind: ExitKind; syntax: SyntaxNode } | null;
}

export interface FlowGraph {
  nodes: FlowNode[];
  entry: number;
  /** Exit nodes in source order of their statements. */
  exits: number[];
  function: SyntaxNode;
}

/** Thrown when a function is too large or too deeply nested to analyze within fixed bounds. */
export class ComplexityError extends Error {}

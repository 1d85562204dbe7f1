// Forward dataflow over a function's control-flow graph. The lattice is the set of four
// (rows written, stat set) states, so each node's input can grow at most four times and the
// worklist always terminates, loops included.
import type { FlowEvent, FlowGraph } from '../cfg/graph';
import { emptyVector, isEmpty, mergeInto, type StateVector, type Witness } from './state';

/** Effect of a call of a method of the class, from that method's summary. */
export interface CallEffect {
  out: StateVector;
  /** True when the method cannot return normally (it raises on every path). */
  neverReturns: boolean;
}

export interface TransferContext {
  path: string;
  applyCall(event: Extract<FlowEvent, { kind: 'call' }>, input: StateVector): CallEffect;
}

/** Solves the graph from `entry` and returns the input state of every node. */
export function solve(graph: FlowGraph, entry: StateVector, context: TransferContext): StateVector[] {
  const states: StateVector[] = graph.nodes.map(() => emptyVector());
  mergeInto(states[graph.entry], entry, null);
  const queued = new Uint8Array(graph.nodes.length);
  const worklist: number[] = [graph.entry];
  queued[graph.entry] = 1;

  const push = (target: number | null, vector: StateVector, label: string | null): void => {
    if (target === null || isEmpty(vector)) return;
    if (mergeInto(states[target], vector, label) && !queued[target]) {
      queued[target] = 1;
      worklist.push(target);
    }
  };

  while (worklist.length > 0) {
    const id = worklist.pop()!;
    queued[id] = 0;
    const node = graph.nodes[id];
    let state: StateVector = [...states[id]] as StateVector;
    push(node.onRaise, state, null);

    for (const event of node.events) {
      if (event.kind === 'call') {
        const effect = context.applyCall(event, state);
        if (effect.neverReturns && event.statementCall) push(node.raiseRoute, state, null);
        state = effect.out;
      } else {
        state = applyEvent(event, state, context.path);
      }
    }
    for (const edge of node.next) push(edge.to, state, edge.label);
  }
  return states;
}

function applyEvent(event: FlowEvent, input: StateVector, path: string): StateVector {
  if (event.kind === 'near-miss') return input;
  const out = emptyVector();
  for (let bit = 0; bit < 4; bit++) {
    const witness = input[bit];
    if (!witness) continue;
    let target = bit;
    let next: Witness = witness;
    if (event.kind === 'write') {
      target = bit | 2;
      next = { ...witness, write: { site: { path, node: event.call }, name: event.method, rows: event.rows, inner: null } };
    } else if (event.kind === 'set') {
      target = bit | 1;
      next = { ...witness, helperExit: null };
    } else if (event.kind === 'unset') {
      target = bit & 2;
    }
    if (!out[target]) out[target] = next;
  }
  return out;
}

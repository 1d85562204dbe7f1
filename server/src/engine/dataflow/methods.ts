// Runs the dataflow over checked methods and over the helper methods they call. A helper's
// effect is its summary: the states in which it can return normally, per input state.
// Summaries are memoised per analysis; a recursive call still being summarised counts as a
// call without effect, so recursion terminates.
import { buildGraph } from '../cfg/build';
import { ComplexityError, type FlowEvent, type FlowGraph } from '../cfg/graph';
import type { ClassIndex, ClassRef, MethodRef } from '../index/class-index';
import type { SyntaxNode } from '../parse/parser';
import type { ImportBinding } from '../index/scan';
import { FunctionReader } from './effects';
import { solve, type CallEffect } from './solve';
import { emptyVector, isSet, type StateBit, type StateVector, type Witness } from './state';

/** Supplies the parsed `def` of a method; null when its file cannot be parsed or the def is broken. */
export interface FunctionSource {
  functionOf(ref: MethodRef): { node: SyntaxNode; path: string; imports: ReadonlyMap<string, ImportBinding> } | null;
}

export interface AnalysisOptions {
  statKey: string;
  writeMethods: ReadonlySet<string>;
}

export interface MethodResult {
  ref: MethodRef;
  path: string;
  graph: FlowGraph;
  /** Input state of every graph node. */
  states: StateVector[];
  nearMisses: { node: SyntaxNode; key: string }[];
}

interface Summary {
  out: StateVector;
  neverReturns: boolean;
}

export class MethodAnalyzer {
  private readonly graphs = new Map<string, { graph: FlowGraph; path: string; reader: FunctionReader } | Error | null>();
  private readonly summaries = new Map<string, Summary>();
  private readonly inProgress = new Set<string>();

  constructor(
    private readonly index: ClassIndex,
    private readonly source: FunctionSource,
    private readonly options: AnalysisOptions,
  ) {}

  /**
   * Analyzes a method as checked in `context` (the class that defines it), from a state with
   * no rows written and the stat unset. Throws ComplexityError for input beyond fixed bounds;
   * returns null when the method cannot be parsed.
   */
  analyze(ref: MethodRef): MethodResult | null {
    const built = this.graphOf(ref);
    if (built instanceof Error) throw built;
    if (!built) return null;
    const entry = emptyVector();
    entry[0] = { write: null, label: null, helperExit: null };
    const states = solve(built.graph, entry, {
      path: built.path,
      applyCall: (event, input) => this.applyCall(ref.owner, ref.owner, event, input),
    });
    const nearMisses: MethodResult['nearMisses'] = [];
    for (const node of built.graph.nodes) {
      for (const event of node.events) if (event.kind === 'near-miss') nearMisses.push({ node: event.node, key: event.key });
    }
    return { ref, path: built.path, graph: built.graph, states, nearMisses };
  }

  /**
   * Drops the graphs built for methods of `owner`, to bound memory on large trees. Only safe once
   * no later analysis in this run uses `owner` as its context (a class without subclasses whose
   * own method was checked); a later request rebuilds them.
   */
  forgetClass(owner: ClassRef): void {
    for (const method of owner.decl.methods.values()) this.graphs.delete(`${owner.key}#${method.name}`);
  }

  private graphOf(ref: MethodRef): { graph: FlowGraph; path: string; reader: FunctionReader } | Error | null {
    const key = `${ref.owner.key}#${ref.method.name}`;
    if (this.graphs.has(key)) return this.graphs.get(key)!;
    let result: { graph: FlowGraph; path: string; reader: FunctionReader } | Error | null = null;
    const fn = this.source.functionOf(ref);
    if (fn) {
      const reader = new FunctionReader(fn.node, {
        statKey: this.options.statKey,
        writeMethods: this.options.writeMethods,
        imports: fn.imports,
        noReturnFunctions: this.index.noReturnFunctions,
      });
      try {
        result = { graph: buildGraph(fn.node, reader), path: fn.path, reader };
      } catch (error) {
        if (!(error instanceof ComplexityError) && !(error instanceof RangeError)) throw error;
        result = error instanceof ComplexityError ? error : new ComplexityError('it nests too deeply to analyze');
      }
    }
    this.graphs.set(key, result);
    return result;
  }

  private applyCall(context: ClassRef, caller: ClassRef, event: Extract<FlowEvent, { kind: 'call' }>, input: StateVector): CallEffect {
    const target = this.index.resolveCall(context, caller, event.target);
    if (!target) return { out: input, neverReturns: false };
    const out = emptyVector();
    let returns = false;

    for (let bit = 0; bit < 4; bit++) {
      const witness = input[bit];
      if (!witness) continue;
      const summary = this.summary(context, target, bit as StateBit);
      if (!summary) {
        if (!out[bit]) out[bit] = witness;
        returns = true;
        continue;
      }
      if (!summary.neverReturns) returns = true;
      for (let outBit = 0; outBit < 4; outBit++) {
        const inner = summary.out[outBit];
        if (!inner || out[outBit]) continue;
        const helperWrote = inner.write !== null;
        // The helper's own branch explains a write path that leaves it without the stat.
        const explainsHelper = helperWrote && !isSet(outBit) && inner.label !== null;
        out[outBit] = {
          write: helperWrote
            ? { site: { path: caller.file.path, node: event.call }, name: target.method.name, rows: null, inner: inner.write }
            : witness.write,
          label: explainsHelper ? joinLabels(witness.label, `in ${target.method.name}, ${inner.label}`) : witness.label,
          helperExit: isSet(outBit) ? null : (inner.helperExit ?? witness.helperExit),
        };
      }
    }
    return { out, neverReturns: !returns };
  }

  /** Normal-return states of `ref` called in `context` from the single state `bit`; null while it is being summarised. */
  private summary(context: ClassRef, ref: MethodRef, bit: StateBit): Summary | null {
    const key = `${context.key}|${ref.owner.key}#${ref.method.name}|${bit}`;
    const cached = this.summaries.get(key);
    if (cached) return cached;
    if (this.inProgress.has(key)) return null;

    const built = this.graphOf(ref);
    if (!built || built instanceof Error) return null;
    this.inProgress.add(key);
    try {
      const entry = emptyVector();
      entry[bit] = { write: null, label: null, helperExit: null };
      const states = solve(built.graph, entry, {
        path: built.path,
        applyCall: (event, input) => this.applyCall(context, ref.owner, event, input),
      });

      const out = emptyVector();
      let neverReturns = true;
      for (const exitId of built.graph.exits) {
        const exit = built.graph.nodes[exitId].exit!;
        if (exit.kind === 'raise') continue;
        const state = states[exitId];
        const site = { path: built.path, node: exit.kind === 'end' ? nameOf(exit.syntax) : exit.syntax };
        const partial = state[1] !== null || state[3] !== null;
        for (let outBit = 0; outBit < 4; outBit++) {
          const witness = state[outBit];
          if (!witness) continue;
          neverReturns = false;
          if (out[outBit]) continue;
          const returnedWithoutStat = witness.write !== null && !isSet(outBit);
          const next: Witness = {
            write: witness.write,
            label: witness.label,
            helperExit: returnedWithoutStat ? (witness.helperExit ?? { site, method: ref.method.name, partial }) : witness.helperExit,
          };
          out[outBit] = next;
        }
      }
      const summary = { out, neverReturns };
      this.summaries.set(key, summary);
      return summary;
    } finally {
      this.inProgress.delete(key);
    }
  }
}

/** Longest path description kept in a message, in characters. */
const MAX_LABEL = 240;

function joinLabels(outer: string | null, inner: string): string {
  const joined = outer ? `${outer}, then ${inner}` : inner;
  return joined.length > MAX_LABEL ? `${joined.slice(0, MAX_LABEL - 3)}...` : joined;
}

export function nameOf(fn: SyntaxNode): SyntaxNode {
  return fn.childForFieldName('name') ?? fn;
}

// Builds the control-flow graph of one function from its syntax tree. A `finally` body is
// copied once per kind of exit that passes through it, so each copy continues to the right
// place; a `return` inside `finally` therefore replaces the pending exit. Nested `def`,
// `lambda` and `class` bodies are not part of the flow.
import type { SyntaxNode } from '../parse/parser';
import { ComplexityError, type ExitKind, type FlowEvent, type FlowGraph, type FlowNode } from './graph';

/** What the builder needs to know about expressions; supplied by the dataflow layer. */
export interface ExpressionReader {
  /** Effects of evaluating the node, nested function bodies excluded. */
  events(node: SyntaxNode | null, statementCall?: boolean): FlowEvent[];
  /** True for calls that never return by themselves: sys.exit, os._exit, NoReturn functions. */
  isNoReturnCall(call: SyntaxNode): boolean;
  /** True for a `with` item that may swallow exceptions (contextlib.suppress). */
  isSuppress(item: SyntaxNode): boolean;
}

/** Upper bounds that keep pathological input from exhausting time or the stack. */
export const MAX_NODES = 20000;
export const MAX_NESTING = 100;

type Frame =
  | { kind: 'loop'; breakTo: number; continueTo: number }
  | { kind: 'handler'; target: number }
  | { kind: 'finally'; body: SyntaxNode; implicit?: number | null };

type JumpKind = 'return' | 'raise' | 'break' | 'continue';

export function buildGraph(fn: SyntaxNode, reader: ExpressionReader): FlowGraph {
  return new GraphBuilder(fn, reader).build();
}

class GraphBuilder {
  private readonly nodes: FlowNode[] = [];
  private frames: Frame[] = [];
  private readonly exitNodes = new Map<string, number>();
  private depth = 0;

  constructor(
    private readonly fn: SyntaxNode,
    private readonly reader: ExpressionReader,
  ) {}

  build(): FlowGraph {
    const entry = this.add(null, []);
    const body = this.fn.childForFieldName('body');
    const end = body ? this.block(body, entry) : entry;
    if (end !== null) this.link(end, this.exitNode('end', this.fn), null);
    const exits = [...this.exitNodes.values()].sort((a, b) => {
      const left = this.nodes[a].exit!.syntax;
      const right = this.nodes[b].exit!.syntax;
      // The end exit sorts last; the others follow source order.
      if (left === this.fn) return 1;
      if (right === this.fn) return -1;
      return left.startIndex - right.startIndex;
    });
    return { nodes: this.nodes, entry, exits, function: this.fn };
  }

  private add(syntax: SyntaxNode | null, events: FlowEvent[], onRaise: number | null = null): number {
    if (this.nodes.length >= MAX_NODES) {
      throw new ComplexityError(`its control-flow graph exceeds ${MAX_NODES} nodes`);
    }
    const id = this.nodes.length;
    this.nodes.push({ id, syntax, events, next: [], onRaise, raiseRoute: null, exit: null });
    return id;
  }

  private link(from: number | null, to: number | null, label: string | null): void {
    if (from === null || to === null) return;
    const edges = this.nodes[from].next;
    if (!edges.some((edge) => edge.to === to && edge.label === label)) edges.push({ to, label });
  }

  private exitNode(kind: ExitKind, syntax: SyntaxNode): number {
    const key = `${kind}:${syntax.id}`;
    let id = this.exitNodes.get(key);
    if (id === undefined) {
      id = this.add(syntax, []);
      this.nodes[id].exit = { kind, syntax };
      this.exitNodes.set(key, id);
    }
    return id;
  }

  /** A statement node whose implicit exceptions go to the innermost handler, if any. */
  private statement(syntax: SyntaxNode, events: FlowEvent[], from: number): number {
    const id = this.add(syntax, events, this.implicitRoute(this.frames.length - 1));
    this.link(from, id, null);
    return id;
  }

  private block(block: SyntaxNode, from: number | null): number | null {
    let current = from;
    for (const child of block.namedChildren) {
      if (current === null) break;
      current = this.statementNode(child, current);
    }
    return current;
  }

  private statementNode(node: SyntaxNode, from: number): number | null {
    this.depth++;
    if (this.depth > MAX_NESTING) throw new ComplexityError(`its statements nest deeper than ${MAX_NESTING} levels`);
    try {
      return this.dispatch(node, from);
    } finally {
      this.depth--;
    }
  }

  private dispatch(node: SyntaxNode, from: number): number | null {
    switch (node.type) {
      case 'if_statement':
        return this.ifStatement(node, from);
      case 'while_statement':
        return this.whileStatement(node, from);
      case 'for_statement':
        return this.forStatement(node, from);
      case 'try_statement':
        return this.tryStatement(node, from);
      case 'with_statement':
        return this.withStatement(node, from);
      case 'match_statement':
        return this.matchStatement(node, from);
      case 'return_statement': {
        const id = this.statement(node, this.reader.events(node.namedChildren[0] ?? null), from);
        this.link(id, this.route('return', node, this.frames.length - 1), null);
        return null;
      }
      case 'raise_statement': {
        const id = this.statement(node, this.reader.events(node), from);
        this.link(id, this.route('raise', node, this.frames.length - 1), null);
        return null;
      }
      case 'assert_statement': {
        const test = node.namedChildren[0];
        const id = this.statement(node, this.reader.events(node), from);
        if (test && constantTruth(test) === false) {
          this.link(id, this.route('raise', node, this.frames.length - 1), null);
          return null;
        }
        return id;
      }
      case 'break_statement':
      case 'continue_statement': {
        const kind = node.type === 'break_statement' ? 'break' : 'continue';
        this.link(from, this.route(kind, node, this.frames.length - 1), null);
        return null;
      }
      case 'function_definition':
      case 'class_definition':
      case 'decorated_definition':
      case 'comment':
      case 'pass_statement':
      case 'import_statement':
      case 'import_from_statement':
      case 'future_import_statement':
      case 'global_statement':
      case 'nonlocal_statement':
      case 'ERROR':
        return from;
      case 'delete_statement':
        return this.statement(node, this.reader.events(node), from);
      case 'expression_statement':
        return this.expressionStatement(node, from);
      default:
        return this.statement(node, this.reader.events(node), from);
    }
  }

  private expressionStatement(node: SyntaxNode, from: number): number | null {
    let expression = node.namedChildren.length === 1 ? node.namedChildren[0] : null;
    if (expression?.type === 'await') expression = expression.namedChildren[0] ?? null;
    const isCall = expression?.type === 'call';
    const events = isCall ? this.reader.events(node, true) : this.reader.events(node);
    const id = this.statement(node, events, from);
    if (isCall && this.reader.isNoReturnCall(expression!)) {
      this.link(id, this.route('raise', node, this.frames.length - 1), null);
      return null;
    }
    if (events.some((event) => event.kind === 'call' && event.statementCall)) {
      this.nodes[id].raiseRoute = this.route('raise', node, this.frames.length - 1);
    }
    return id;
  }

  private ifStatement(node: SyntaxNode, from: number): number | null {
    const after: number[] = [];
    let current: number | null = from;
    let clause: SyntaxNode | null = node;
    const alternatives = node.childrenForFieldName('alternative').filter((child): child is SyntaxNode => child !== null);
    let index = 0;

    while (clause && current !== null) {
      if (clause.type === 'else_clause') {
        const body = clause.childForFieldName('body');
        const end = body ? this.block(body, current) : current;
        if (end !== null) after.push(end);
        current = null;
        break;
      }
      const condition = clause.childForFieldName('condition');
      const consequence = clause.childForFieldName('consequence');
      const keyword = clause.type === 'elif_clause' ? 'elif' : 'if';
      const test = this.statement(condition ?? clause, this.reader.events(condition), current);
      const truth = condition ? constantTruth(condition) : null;
      const text = `\`${keyword} ${summarize(condition)}:\``;

      if (truth !== false && consequence) {
        const branch = this.add(null, []);
        this.link(test, branch, `${text} is true`);
        const end = this.block(consequence, branch);
        if (end !== null) after.push(end);
      }
      if (truth === true) {
        current = null;
        break;
      }
      const otherwise = this.add(null, []);
      this.link(test, otherwise, `${text} is false`);
      current = otherwise;
      clause = alternatives[index++] ?? null;
    }
    if (current !== null) after.push(current);
    return this.join(after);
  }

  private join(ends: number[]): number | null {
    if (ends.length === 0) return null;
    if (ends.length === 1) return ends[0];
    const id = this.add(null, []);
    for (const end of ends) this.link(end, id, null);
    return id;
  }

  private whileStatement(node: SyntaxNode, from: number): number | null {
    const condition = node.childForFieldName('condition');
    const body = node.childForFieldName('body');
    const alternative = node.childForFieldName('alternative');
    const truth = condition ? constantTruth(condition) : null;
    const text = `\`while ${summarize(condition)}:\``;

    const head = this.statement(condition ?? node, this.reader.events(condition), from);
    const after = this.add(null, []);
    if (truth !== false && body) {
      const branch = this.add(null, []);
      this.link(head, branch, `${text} runs its body`);
      this.frames.push({ kind: 'loop', breakTo: after, continueTo: head });
      const end = this.block(body, branch);
      this.frames.pop();
      this.link(end, head, null);
    }
    if (truth !== true) {
      const exhausted = this.add(null, []);
      this.link(head, exhausted, `${text} ends without \`break\``);
      const body = alternative?.childForFieldName('body');
      const end = body ? this.block(body, exhausted) : exhausted;
      this.link(end, after, null);
    }
    return after;
  }

  private forStatement(node: SyntaxNode, from: number): number | null {
    const iterable = node.childForFieldName('right');
    const body = node.childForFieldName('body');
    const alternative = node.childForFieldName('alternative');
    const text = `\`for ${summarize(node.childForFieldName('left'))} in ${summarize(iterable)}:\``;

    const evaluate = this.statement(iterable ?? node, this.reader.events(iterable), from);
    const head = this.add(null, []);
    this.link(evaluate, head, null);
    const after = this.add(null, []);
    if (body) {
      const branch = this.add(null, []);
      this.link(head, branch, `${text} runs its body`);
      this.frames.push({ kind: 'loop', breakTo: after, continueTo: head });
      const end = this.block(body, branch);
      this.frames.pop();
      this.link(end, head, null);
    }
    const exhausted = this.add(null, []);
    this.link(head, exhausted, `${text} ends without \`break\``);
    const elseBody = alternative?.childForFieldName('body');
    const end = elseBody ? this.block(elseBody, exhausted) : exhausted;
    this.link(end, after, null);
    return after;
  }

  private tryStatement(node: SyntaxNode, from: number): number | null {
    const body = node.childForFieldName('body');
    const handlers = node.namedChildren.filter((child) => child.type === 'except_clause' || child.type === 'except_group_clause');
    const elseClause = node.namedChildren.find((child) => child.type === 'else_clause');
    const finallyClause = node.namedChildren.find((child) => child.type === 'finally_clause');
    const finallyBody = finallyClause?.namedChildren.find((child) => child.type === 'block') ?? null;

    const outerDepth = this.frames.length;
    if (finallyBody) this.frames.push({ kind: 'finally', body: finallyBody });

    const ends: number[] = [];
    let dispatch: number | null = null;
    if (handlers.length > 0) {
      dispatch = this.add(null, []);
      this.frames.push({ kind: 'handler', target: dispatch });
    }
    const start = this.add(null, []);
    this.link(from, start, null);
    let end = body ? this.block(body, start) : start;
    if (dispatch !== null) this.frames.pop();

    const elseBody = elseClause?.childForFieldName('body');
    if (elseBody && end !== null) end = this.block(elseBody, end);
    if (end !== null) ends.push(end);

    if (dispatch !== null) {
      for (const handler of handlers) {
        const entry = this.add(null, []);
        this.link(dispatch, entry, `the \`${clauseHeader(handler)}\` clause runs`);
        const handlerBody = handler.namedChildren.find((child) => child.type === 'block');
        const handlerEnd = handlerBody ? this.block(handlerBody, entry) : entry;
        if (handlerEnd !== null) ends.push(handlerEnd);
      }
    }

    this.frames.length = outerDepth;
    const joined = this.join(ends);
    if (!finallyBody || joined === null) return joined;
    return this.block(finallyBody, joined);
  }

  private withStatement(node: SyntaxNode, from: number): number | null {
    const clause = node.namedChildren.find((child) => child.type === 'with_clause');
    const items = clause ? clause.namedChildren.filter((child) => child.type === 'with_item') : [];
    const body = node.childForFieldName('body');

    let current: number = from;
    for (const item of items) current = this.statement(item, this.reader.events(item), current);
    const suppress = items.some((item) => this.reader.isSuppress(item));
    if (!suppress) return body ? this.block(body, current) : current;

    const after = this.add(null, []);
    this.frames.push({ kind: 'handler', target: after });
    const end = body ? this.block(body, current) : current;
    this.frames.pop();
    this.link(end, after, null);
    return after;
  }

  private matchStatement(node: SyntaxNode, from: number): number | null {
    const subject = node.childForFieldName('subject');
    const body = node.childForFieldName('body');
    const cases = body ? body.namedChildren.filter((child) => child.type === 'case_clause') : [];
    const head = this.statement(subject ?? node, this.reader.events(subject), from);
    const ends: number[] = [];
    let irrefutable = false;

    for (const clause of cases) {
      const entry = this.add(null, []);
      const guard = clause.childForFieldName('guard');
      this.link(head, entry, `\`${clauseHeader(clause)}\` matches`);
      const consequence = clause.childForFieldName('consequence');
      const entryAfterGuard = guard ? this.statement(guard, this.reader.events(guard), entry) : entry;
      const end = consequence ? this.block(consequence, entryAfterGuard) : entryAfterGuard;
      if (end !== null) ends.push(end);
      if (!guard && isIrrefutable(clause)) {
        irrefutable = true;
        break;
      }
    }
    if (!irrefutable) {
      const none = this.add(null, []);
      this.link(head, none, 'no `case` matches');
      ends.push(none);
    }
    return this.join(ends);
  }

  /**
   * The node that receives a jump of the given kind made inside frames[0..top], after the
   * `finally` bodies it crosses; a copy of each crossed `finally` body is built on the way.
   */
  private route(kind: JumpKind, statement: SyntaxNode, top: number): number | null {
    if (kind === 'raise' && this.hasHandler(top)) return this.implicitRoute(top);
    for (let index = top; index >= 0; index--) {
      const frame = this.frames[index];
      if (frame.kind === 'loop' && (kind === 'break' || kind === 'continue')) {
        return kind === 'break' ? frame.breakTo : frame.continueTo;
      }
      if (frame.kind === 'handler' && kind === 'raise') return frame.target;
      if (frame.kind === 'finally') {
        return this.throughFinally(frame.body, index, () => this.route(kind, statement, index - 1));
      }
    }
    if (kind === 'return' || kind === 'raise') return this.exitNode(kind, statement);
    return null;
  }

  /** Route of an exception raised by any statement: to the innermost handler, else nowhere. */
  private implicitRoute(top: number): number | null {
    if (!this.hasHandler(top)) return null;
    for (let index = top; index >= 0; index--) {
      const frame = this.frames[index];
      if (frame.kind === 'handler') return frame.target;
      if (frame.kind === 'finally') {
        if (frame.implicit === undefined) {
          frame.implicit = this.throughFinally(frame.body, index, () => this.implicitRoute(index - 1));
        }
        return frame.implicit;
      }
    }
    return null;
  }

  private hasHandler(top: number): boolean {
    for (let index = top; index >= 0; index--) if (this.frames[index].kind === 'handler') return true;
    return false;
  }

  /** Builds a copy of a `finally` body in the frames outside it; its end continues to `next()`. */
  private throughFinally(body: SyntaxNode, frameIndex: number, next: () => number | null): number {
    const saved = this.frames;
    this.frames = saved.slice(0, frameIndex);
    try {
      const entry = this.add(null, []);
      const end = this.block(body, entry);
      if (end !== null) this.link(end, next(), null);
      return entry;
    } finally {
      this.frames = saved;
    }
  }
}

/** True or false for the constant conditions `True`, `False`, `1` and `0`; null otherwise. */
export function constantTruth(node: SyntaxNode): boolean | null {
  let current = node;
  while (current.type === 'parenthesized_expression' && current.namedChildren.length === 1) current = current.namedChildren[0];
  if (current.type === 'true') return true;
  if (current.type === 'false' || current.type === 'none') return false;
  if (current.type === 'integer') {
    const value = current.text.replace(/_/g, '');
    if (/^0+$/.test(value) || /^0[xXoObB]0+$/.test(value)) return false;
    if (/^[0-9]+$/.test(value)) return true;
  }
  return null;
}

function isIrrefutable(clause: SyntaxNode): boolean {
  const patterns = clause.namedChildren.filter((child) => child.type === 'case_pattern');
  if (patterns.length !== 1) return false;
  const pattern = patterns[0];
  if (pattern.namedChildren.length === 0) return pattern.text.trim() === '_';
  if (pattern.namedChildren.length !== 1) return false;
  const inner = pattern.namedChildren[0];
  return inner.type === 'dotted_name' && inner.namedChildren.length === 1;
}

/** The header of an `except` or `case` clause up to its colon, on one line. */
function clauseHeader(clause: SyntaxNode): string {
  const text = clause.text;
  const block = clause.namedChildren.find((child) => child.type === 'block');
  const head = block ? text.slice(0, block.startIndex - clause.startIndex) : text;
  return shorten(head.replace(/\s+/g, ' ').trim().replace(/:$/, '') + ':');
}

export function summarize(node: SyntaxNode | null): string {
  if (!node) return '';
  return shorten(node.text.replace(/\s+/g, ' ').trim());
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

// Reads the effects of Python expressions on the analysis state: which calls write rows,
// which assignments set or unset `self.stats[KEY]`, and which calls go to methods of the class.
import type { SyntaxNode } from '../parse/parser';
import type { ImportBinding } from '../index/scan';
import type { MethodCall } from '../index/class-index';
import type { ExpressionReader } from '../cfg/build';
import type { FlowEvent } from '../cfg/graph';

export interface ReaderOptions {
  statKey: string;
  writeMethods: ReadonlySet<string>;
  imports: ReadonlyMap<string, ImportBinding>;
  noReturnFunctions: ReadonlySet<string>;
}

/** Argument that carries the rows, by write method: position and keyword. */
const ROWS_ARGUMENT: Record<string, [number, string]> = {
  load_table_from_json: [0, 'json_rows'],
  load_table_from_dataframe: [0, 'dataframe'],
  insert_rows: [1, 'rows'],
  insert_rows_json: [1, 'json_rows'],
  insert_rows_from_dataframe: [1, 'dataframe'],
};

/** SQL words that make a `.query()` call a write; CREATE counts only when TABLE follows. */
const WRITE_SQL = /\b(?:INSERT|MERGE|UPDATE|DELETE|TRUNCATE)\b|\bCREATE\b(?:\s+[A-Z_]+)*?\s+TABLE\b/i;

const SKIPPED = new Set(['lambda', 'function_definition', 'class_definition', 'decorated_definition']);

export class FunctionReader implements ExpressionReader {
  /**
   * Assignments of local names that are ever bound to `self.stats`, in source order: the offset
   * where each assignment ends and whether it binds `self.stats`. A name is an alias where the
   * nearest assignment before it binds `self.stats`, so reassigning the name ends the alias.
   * NOTE: source order is used in place of flow order, so a reassignment later in a loop
   * body is not seen on the next iteration.
   */
  private readonly aliases = new Map<string, { end: number; alias: boolean }[]>();
  /** Values assigned to each local name, for reading SQL text. */
  private readonly assignments = new Map<string, SyntaxNode[]>();

  constructor(
    fn: SyntaxNode,
    private readonly options: ReaderOptions,
  ) {
    this.collectAssignments(fn);
  }

  private collectAssignments(fn: SyntaxNode): void {
    const body = fn.childForFieldName('body');
    if (!body) return;
    const stack: SyntaxNode[] = [body];
    const bindings: { name: string; end: number; alias: boolean }[] = [];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (SKIPPED.has(node.type)) continue;
      if (node.type === 'assignment' || node.type === 'augmented_assignment' || node.type === 'named_expression') {
        const target = node.childForFieldName(node.type === 'named_expression' ? 'name' : 'left');
        const value = node.childForFieldName(node.type === 'named_expression' ? 'value' : 'right');
        if (target?.type === 'identifier' && value) {
          const list = this.assignments.get(target.text) ?? [];
          list.push(value);
          this.assignments.set(target.text, list);
          // `stats |= {...}` updates the dict in place, so the name stays an alias.
          if (node.type !== 'augmented_assignment') bindings.push({ name: target.text, end: node.endIndex, alias: node.type === 'assignment' && isSelfStats(value) });
        } else if (node.type === 'assignment') {
          for (const name of target ? flattenTargets([target]) : []) {
            if (name.type === 'identifier') bindings.push({ name: name.text, end: node.endIndex, alias: false });
          }
        }
      }
      for (let i = node.namedChildCount - 1; i >= 0; i--) stack.push(node.namedChild(i)!);
    }
    const aliased = new Set(bindings.filter((binding) => binding.alias).map((binding) => binding.name));
    bindings.sort((a, b) => a.end - b.end);
    for (const binding of bindings) {
      if (!aliased.has(binding.name)) continue;
      const list = this.aliases.get(binding.name) ?? [];
      list.push({ end: binding.end, alias: binding.alias });
      this.aliases.set(binding.name, list);
    }
  }

  events(node: SyntaxNode | null, statementCall = false): FlowEvent[] {
    if (!node) return [];
    const events: FlowEvent[] = [];
    let outermost: SyntaxNode | null = null;
    if (statementCall) {
      outermost = node.type === 'expression_statement' ? node.namedChildren[0] ?? null : node;
      if (outermost?.type === 'await') outermost = outermost.namedChildren[0] ?? null;
    }

    // Post-order walk: operands are evaluated before the call or assignment that uses them.
    const stack: [SyntaxNode, boolean][] = [[node, false]];
    while (stack.length > 0) {
      const [current, visited] = stack.pop()!;
      if (visited) {
        this.classify(current, events, outermost);
        continue;
      }
      if (SKIPPED.has(current.type)) continue;
      stack.push([current, true]);
      for (let i = current.namedChildCount - 1; i >= 0; i--) stack.push([current.namedChild(i)!, false]);
    }
    return events;
  }

  private classify(node: SyntaxNode, events: FlowEvent[], outermost: SyntaxNode | null): void {
    switch (node.type) {
      case 'call':
        this.classifyCall(node, events, outermost !== null && node.id === outermost.id);
        break;
      case 'assignment':
        this.classifyAssignment(node, events);
        break;
      case 'augmented_assignment':
        this.classifyAugmented(node, events);
        break;
      case 'delete_statement':
        for (const target of flattenTargets(node.namedChildren)) {
          if (this.isStats(target)) events.push({ kind: 'unset', node });
          else this.subscriptKey(target, node, events, 'unset');
        }
        break;
      default:
        break;
    }
  }

  private classifyCall(call: SyntaxNode, events: FlowEvent[], statementCall: boolean): void {
    const callee = call.childForFieldName('function');
    const args = call.childForFieldName('arguments');
    if (!callee || callee.type !== 'attribute') return;
    const object = callee.childForFieldName('object');
    const name = callee.childForFieldName('attribute')?.text ?? '';
    if (!object) return;

    if (this.isStats(object)) {
      this.classifyStatsMethod(call, name, args, events);
      return;
    }
    if (this.options.writeMethods.has(name)) {
      events.push({ kind: 'write', call, method: name, rows: rowsArgument(name, args) });
      return;
    }
    if (name === 'query' && this.queryWrites(args)) {
      events.push({ kind: 'write', call, method: name, rows: null });
      return;
    }

    const target = methodCall(object, name, args);
    if (target) events.push({ kind: 'call', call, target, statementCall });
  }

  private classifyStatsMethod(call: SyntaxNode, name: string, args: SyntaxNode | null, events: FlowEvent[]): void {
    const positional = args ? args.namedChildren.filter((arg) => arg.type !== 'keyword_argument' && arg.type !== 'comment') : [];
    if (name === 'update' || name === '__ior__') {
      const keyword = args?.namedChildren.find((arg) => arg.type === 'keyword_argument' && arg.childForFieldName('name')?.text === this.options.statKey);
      if (keyword || positional.some((arg) => this.mappingHasKey(arg, call, events))) events.push({ kind: 'set', node: call });
      else this.noteNearMissKeywords(args, events);
    } else if (name === 'setdefault' || name === '__setitem__') {
      if (positional[0] && this.keyMatches(positional[0], call, events)) events.push({ kind: 'set', node: call });
    } else if (name === 'pop' || name === '__delitem__') {
      if (positional[0] && this.keyMatches(positional[0], call, events)) events.push({ kind: 'unset', node: call });
    } else if (name === 'clear') {
      events.push({ kind: 'unset', node: call });
    }
  }

  private noteNearMissKeywords(args: SyntaxNode | null, events: FlowEvent[]): void {
    for (const arg of args?.namedChildren ?? []) {
      const name = arg.type === 'keyword_argument' ? arg.childForFieldName('name') : null;
      if (name && isNearMiss(name.text, this.options.statKey)) events.push({ kind: 'near-miss', node: arg, key: name.text });
    }
  }

  private classifyAssignment(node: SyntaxNode, events: FlowEvent[]): void {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left) return;
    for (const target of flattenTargets([left])) {
      if (isSelfStats(target)) {
        // Rebinding self.stats keeps the key only when the new mapping has it.
        if (right && this.mappingHasKey(right, node, events)) events.push({ kind: 'set', node });
        else if (!(right && this.mappingSpreadsStats(right))) events.push({ kind: 'unset', node });
      } else {
        this.subscriptKey(target, node, events, 'set');
      }
    }
  }

  private classifyAugmented(node: SyntaxNode, events: FlowEvent[]): void {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const operator = node.childForFieldName('operator')?.text;
    if (!left) return;
    if (this.isStats(left)) {
      if (operator === '|=' && right && this.mappingHasKey(right, node, events)) events.push({ kind: 'set', node });
      return;
    }
    this.subscriptKey(left, node, events, 'set');
  }

  /** Records a set or unset when `target` is `self.stats[KEY]`, or a near miss for a close key. */
  private subscriptKey(target: SyntaxNode, statement: SyntaxNode, events: FlowEvent[], kind: 'set' | 'unset'): void {
    if (target.type !== 'subscript') return;
    const value = target.childForFieldName('value');
    const key = target.childForFieldName('subscript');
    if (!value || !key || !this.isStats(value)) return;
    if (this.keyMatches(key, statement, events)) events.push({ kind, node: statement });
  }

  private keyMatches(key: SyntaxNode, statement: SyntaxNode, events: FlowEvent[]): boolean {
    const text = constantString(key);
    if (text === null) return false;
    if (text === this.options.statKey) return true;
    if (isNearMiss(text, this.options.statKey)) events.push({ kind: 'near-miss', node: statement, key: text });
    return false;
  }

  /** True for a dict display or `dict(...)` call that contains the stat key. */
  private mappingHasKey(node: SyntaxNode, statement: SyntaxNode, events: FlowEvent[]): boolean {
    const value = unwrapParentheses(node);
    if (value.type === 'dictionary') {
      let found = false;
      for (const pair of value.namedChildren) {
        if (pair.type !== 'pair') continue;
        const key = pair.childForFieldName('key');
        if (key && this.keyMatches(key, statement, events)) found = true;
      }
      return found;
    }
    if (value.type === 'call' && value.childForFieldName('function')?.text === 'dict') {
      const args = value.childForFieldName('arguments');
      const found = args?.namedChildren.some((arg) => arg.type === 'keyword_argument' && arg.childForFieldName('name')?.text === this.options.statKey);
      if (!found) this.noteNearMissKeywords(args ?? null, events);
      return Boolean(found);
    }
    return false;
  }

  private mappingSpreadsStats(node: SyntaxNode): boolean {
    const value = unwrapParentheses(node);
    if (value.type === 'dictionary') {
      return value.namedChildren.some((child) => child.type === 'dictionary_splat' && child.namedChildren[0] !== undefined && this.isStats(child.namedChildren[0]));
    }
    if (value.type === 'binary_operator') {
      const left = value.childForFieldName('left');
      return Boolean(left && this.isStats(left));
    }
    return this.isStats(value);
  }

  private isStats(node: SyntaxNode): boolean {
    if (isSelfStats(node)) return true;
    if (node.type !== 'identifier') return false;
    const list = this.aliases.get(node.text);
    if (!list) return false;
    let alias = false;
    for (const binding of list) {
      if (binding.end > node.startIndex) break;
      alias = binding.alias;
    }
    return alias;
  }

  /** True unless the SQL is visible and free of write statements. */
  private queryWrites(args: SyntaxNode | null): boolean {
    const first = args?.namedChildren.find((arg) => arg.type !== 'comment') ?? null;
    if (!first) return true;
    const sql = first.type === 'keyword_argument' ? first.childForFieldName('value') : first;
    if (!sql) return true;
    const texts = this.sqlTexts(sql, 0);
    if (texts === null) return true;
    return texts.some((text) => WRITE_SQL.test(text));
  }

  /** Constant text of each way the SQL can be built, or null when some part cannot be seen. */
  private sqlTexts(node: SyntaxNode, depth: number): string[] | null {
    if (depth > 8) return null;
    const value = unwrapParentheses(node);
    const literal = literalText(value);
    if (literal !== null) return [literal];
    if (value.type === 'binary_operator' && value.childForFieldName('operator')?.text === '+') {
      const left = value.childForFieldName('left');
      const right = value.childForFieldName('right');
      const a = left ? this.sqlTexts(left, depth + 1) : null;
      const b = right ? this.sqlTexts(right, depth + 1) : null;
      if (a === null || b === null) return null;
      return a.flatMap((x) => b.map((y) => x + y)).slice(0, 32);
    }
    if (value.type === 'identifier') {
      const values = this.assignments.get(value.text);
      if (!values || values.length === 0) return null;
      const texts: string[] = [];
      for (const assigned of values) {
        const part = this.sqlTexts(assigned, depth + 1);
        if (part === null) return null;
        texts.push(...part);
      }
      return texts;
    }
    return null;
  }

  isNoReturnCall(call: SyntaxNode): boolean {
    const callee = call.childForFieldName('function');
    if (!callee) return false;
    const { imports, noReturnFunctions } = this.options;
    if (callee.type === 'identifier') {
      const name = callee.text;
      const binding = imports.get(name);
      if (binding?.name) {
        if (binding.module === 'sys' && binding.name === 'exit') return true;
        if (binding.module === 'os' && binding.name === '_exit') return true;
        return noReturnFunctions.has(binding.name);
      }
      return name === 'exit' || name === 'quit' || noReturnFunctions.has(name);
    }
    if (callee.type === 'attribute') {
      const object = callee.childForFieldName('object');
      const name = callee.childForFieldName('attribute')?.text ?? '';
      if (object?.type !== 'identifier') return false;
      const module = moduleOf(object.text, imports);
      if (module === 'sys' && name === 'exit') return true;
      if (module === 'os' && name === '_exit') return true;
      return imports.has(object.text) && noReturnFunctions.has(name);
    }
    return false;
  }

  isSuppress(item: SyntaxNode): boolean {
    let value = item.childForFieldName('value') ?? item.namedChildren[0];
    if (value?.type === 'as_pattern') value = value.namedChildren[0];
    if (!value || value.type !== 'call') return false;
    const callee = value.childForFieldName('function');
    if (!callee) return false;
    const { imports } = this.options;
    if (callee.type === 'identifier') {
      const binding = imports.get(callee.text);
      return binding?.module === 'contextlib' && binding.name === 'suppress';
    }
    if (callee.type === 'attribute') {
      const object = callee.childForFieldName('object');
      return object?.type === 'identifier' && moduleOf(object.text, imports) === 'contextlib' && callee.childForFieldName('attribute')?.text === 'suppress';
    }
    return false;
  }
}

function moduleOf(name: string, imports: ReadonlyMap<string, ImportBinding>): string {
  const binding = imports.get(name);
  if (!binding) return name;
  return binding.name ? `${binding.module}.${binding.name}` : binding.module;
}

function isSelfStats(node: SyntaxNode): boolean {
  if (node.type !== 'attribute') return false;
  const object = node.childForFieldName('object');
  return object?.type === 'identifier' && object.text === 'self' && node.childForFieldName('attribute')?.text === 'stats';
}

/** `self.m(...)`, `super().m(...)`, `super(C, self).m(...)` or `Base.m(self, ...)`. */
function methodCall(object: SyntaxNode, name: string, args: SyntaxNode | null): MethodCall | null {
  if (object.type === 'identifier' && object.text === 'self') return { via: 'self', name };
  if (object.type === 'call' && object.childForFieldName('function')?.text === 'super') return { via: 'super', name };
  const first = args?.namedChildren[0];
  if (first?.type === 'identifier' && first.text === 'self' && (object.type === 'identifier' || object.type === 'attribute')) {
    return { via: 'class', className: object.text.replace(/\s+/g, ''), name };
  }
  return null;
}

function rowsArgument(method: string, args: SyntaxNode | null): string | null {
  const spec = ROWS_ARGUMENT[method];
  if (!spec || !args) return null;
  const [position, keyword] = spec;
  const keywordArg = args.namedChildren.find((arg) => arg.type === 'keyword_argument' && arg.childForFieldName('name')?.text === keyword);
  const arg = keywordArg ? keywordArg.childForFieldName('value') : args.namedChildren.filter((a) => a.type !== 'keyword_argument' && a.type !== 'comment')[position];
  if (!arg || !isPlainReference(arg)) return null;
  return arg.text;
}

/** A name or an attribute chain such as `rows` or `self.transformed_data`. */
function isPlainReference(node: SyntaxNode): boolean {
  if (node.type === 'identifier') return true;
  if (node.type !== 'attribute') return false;
  const object = node.childForFieldName('object');
  return object !== null && isPlainReference(object);
}

function flattenTargets(nodes: SyntaxNode[]): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const stack = [...nodes].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'pattern_list' || node.type === 'tuple_pattern' || node.type === 'list_pattern' || node.type === 'expression_list' || node.type === 'tuple' || node.type === 'parenthesized_expression') {
      for (let i = node.namedChildCount - 1; i >= 0; i--) stack.push(node.namedChild(i)!);
    } else out.push(node);
  }
  return out;
}

function unwrapParentheses(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.type === 'parenthesized_expression' && current.namedChildren.length === 1) current = current.namedChildren[0];
  return current;
}

/** Text of a string without interpolations (or null when it has some). */
export function constantString(node: SyntaxNode): string | null {
  if (node.type !== 'string') return null;
  if (node.namedChildren.some((child) => child.type === 'interpolation')) return null;
  return node.namedChildren.filter((child) => child.type === 'string_content').map((child) => child.text).join('');
}

/** Constant text of a literal, f-string or implicit concatenation; interpolations are left out. */
function literalText(node: SyntaxNode): string | null {
  if (node.type === 'string') {
    return node.namedChildren.filter((child) => child.type === 'string_content' || child.type === 'escape_sequence').map((child) => child.text).join(' ');
  }
  if (node.type === 'concatenated_string') {
    const parts = node.namedChildren.filter((child) => child.type === 'string').map((child) => literalText(child) ?? '');
    return parts.join(' ');
  }
  return null;
}

/** True when `key` is a likely misspelling of `expected`: Levenshtein distance 1 or 2. */
export function isNearMiss(key: string, expected: string): boolean {
  if (key === expected || Math.abs(key.length - expected.length) > 2 || key.length < 4) return false;
  return editDistance(key, expected, 2) <= 2;
}

function editDistance(a: string, b: string, limit: number): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return best;
    previous = current;
  }
  return previous[b.length];
}

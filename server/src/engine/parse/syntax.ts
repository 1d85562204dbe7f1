// Plain JavaScript copies of tree-sitter subtrees. Every property read on a web-tree-sitter
// node crosses into WebAssembly, and the analysis reads each node many times. So one cursor
// walk per analyzed function copies what the analysis needs (type, field, span) into objects.
import type { Language, Node as TreeSitterNode } from 'web-tree-sitter';
import { positionAt } from './text';

/** A point as web-tree-sitter reports it: zero-based row and UTF-16 column. */
export interface Point {
  row: number;
  column: number;
}

/** The text and line table a syntax tree's offsets refer to. */
export interface SourceText {
  readonly text: string;
  readonly lineStarts: readonly number[];
}

const NO_CHILDREN: SyntaxNode[] = [];

export class SyntaxNode {
  /** Children that are named nodes or carry a field name (such as an operator token); leaves share one empty array. */
  children: SyntaxNode[] = NO_CHILDREN;
  namedChildren: SyntaxNode[] = NO_CHILDREN;
  parent: SyntaxNode | null = null;
  hasError = false;

  constructor(
    readonly id: number,
    readonly type: string,
    readonly isNamed: boolean,
    readonly field: string | null,
    readonly startIndex: number,
    readonly endIndex: number,
    private readonly source: SourceText,
  ) {}

  get text(): string {
    return this.source.text.slice(this.startIndex, this.endIndex);
  }

  get startPosition(): Point {
    const position = positionAt(this.source.lineStarts, this.startIndex);
    return { row: position.line, column: position.character };
  }

  get endPosition(): Point {
    const position = positionAt(this.source.lineStarts, this.endIndex);
    return { row: position.line, column: position.character };
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  namedChild(index: number): SyntaxNode | null {
    return this.namedChildren[index] ?? null;
  }

  childForFieldName(name: string): SyntaxNode | null {
    for (const child of this.children) if (child.field === name) return child;
    return null;
  }

  childrenForFieldName(name: string): SyntaxNode[] {
    return this.children.filter((child) => child.field === name);
  }
}

const OPERATOR_PARENTS = new Set(['augmented_assignment', 'binary_operator', 'boolean_operator', 'comparison_operator', 'unary_operator', 'not_operator']);

/**
 * Nodes whose inside the analysis never reads: their text comes from the source.
 * NOTE: `interpolation` is among them, so a write call inside an f-string is not seen.
 */
const LEAF_TYPES = new Set(['identifier', 'integer', 'float', 'true', 'false', 'none', 'interpolation', 'escape_sequence', 'string_start', 'string_end', 'string_content', 'type', 'keyword_identifier']);

const namedTypes = new WeakMap<Language, boolean[]>();
const typeNames = new WeakMap<Language, string[]>();

const fieldNames = new WeakMap<Language, (string | null)[]>();

function fieldName(language: Language, fieldId: number): string | null {
  let table = fieldNames.get(language);
  if (!table) {
    table = [];
    fieldNames.set(language, table);
  }
  let name = table[fieldId];
  if (name === undefined) {
    const raw = language.fields[fieldId];
    name = raw ? Object.keys({ [raw]: 0 })[0] : null;
    table[fieldId] = name;
  }
  return name;
}

/**
 * Returns the node type's name as an internalized string. web-tree-sitter decodes the names
 * from WebAssembly memory, and the analysis compares them with literals all the time; V8
 * compares internalized strings by reference.
 */
function typeName(language: Language, typeId: number): string {
  let table = typeNames.get(language);
  if (!table) {
    table = [];
    typeNames.set(language, table);
  }
  let name = table[typeId];
  if (name === undefined) {
    name = Object.keys({ [language.types[typeId] || 'ERROR']: 0 })[0];
    table[typeId] = name;
  }
  return name;
}

function isNamedType(language: Language, typeId: number): boolean {
  let table = namedTypes.get(language);
  if (!table) {
    table = [];
    namedTypes.set(language, table);
  }
  let named = table[typeId];
  if (named === undefined) {
    named = language.nodeTypeIsNamed(typeId);
    table[typeId] = named;
  }
  return named;
}

/**
 * Copies the subtree rooted at `node`. Anonymous tokens are kept only when they carry a field
 * (an operator); comments are dropped. The walk is iterative, so nesting depth cannot overflow
 * the stack.
 */
export function copySubtree(node: TreeSitterNode, source: SourceText): SyntaxNode {
  const language = node.tree.language;
  const cursor = node.walk();
  let nextId = 0;
  const root = new SyntaxNode(nextId++, typeName(language, node.typeId), true, null, node.startIndex, node.endIndex, source);
  root.hasError = node.hasError;

  const stack: SyntaxNode[] = [root];
  try {
    if (!cursor.gotoFirstChild()) return root;
    for (;;) {
      const typeId = cursor.nodeTypeId;
      const named = isNamedType(language, typeId);
      const parent = stack[stack.length - 1];
      // Anonymous tokens matter only as operators; reading their field costs a call into WebAssembly.
      const fieldId = named || OPERATOR_PARENTS.has(parent.type) ? cursor.currentFieldId : 0;
      const field = fieldId ? fieldName(language, fieldId) : null;
      let copy: SyntaxNode | null = null;
      const type = typeName(language, typeId);
      if ((named && type !== 'comment') || field) {
        copy = new SyntaxNode(nextId++, type, named, field, cursor.startIndex, cursor.endIndex, source);
        copy.parent = parent;
        if (parent.children === NO_CHILDREN) parent.children = [];
        parent.children.push(copy);
        if (named) {
          if (parent.namedChildren === NO_CHILDREN) parent.namedChildren = [];
          parent.namedChildren.push(copy);
        }
      }

      if (copy && named && !LEAF_TYPES.has(type) && cursor.gotoFirstChild()) {
        stack.push(copy);
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (stack.length === 1 || !cursor.gotoParent()) return root;
        stack.pop();
      }
    }
  } finally {
    cursor.delete();
  }
}

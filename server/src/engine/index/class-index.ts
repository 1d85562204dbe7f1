// Workspace class index: resolves base names across files (import aliases, `module.Name`
// bases), computes method-resolution orders, and finds the processors and the methods to check.
import type { ClassDecl, FileScan, ImportBinding, MethodDecl } from './scan';

/** The part of a file record the index reads. */
export interface IndexedFile {
  path: string;
  /** Dotted module name derived from the path relative to the workspace root. */
  module: string;
  scan: FileScan;
  /** Module-level aliases of the file, computed on first use (see `moduleAliasesOf`). */
  moduleAliases(): ReadonlyMap<string, string>;
}

export interface ClassRef {
  /** Updated in place when a file changes without changing its class headers. */
  file: IndexedFile;
  decl: ClassDecl;
  /** Unique within the workspace: path, offset and name. */
  key: string;
}

export interface MethodRef {
  owner: ClassRef;
  method: MethodDecl;
}

/** A method call as written: `self.m()`, `super().m()` or `Base.m(self)`. */
export type MethodCall =
  | { via: 'self'; name: string }
  | { via: 'super'; name: string }
  | { via: 'class'; className: string; name: string };

/** Maximum number of alias links (imports of imports, `A = B` lines) followed for one name, so cycles end. */
const MAX_ALIAS_HOPS = 16;

export class ClassIndex {
  private readonly byName = new Map<string, ClassRef[]>();
  private readonly byModule = new Map<string, IndexedFile>();
  private suffixes: Map<string, IndexedFile> | null = null;
  private readonly classes: ClassRef[] = [];
  private readonly baseCache = new Map<string, (ClassRef | string)[]>();
  private readonly mroCache = new Map<string, ClassRef[]>();
  private readonly processorCache = new Map<string, boolean>();
  private readonly roots: Set<string>;
  private subclassCache: Map<ClassRef, ClassRef[]> | null = null;
  readonly noReturnFunctions = new Set<string>();

  constructor(files: Iterable<IndexedFile>, rootClasses: readonly string[]) {
    this.roots = new Set(rootClasses);
    for (const file of files) {
      this.byModule.set(file.module, file);
      for (const decl of file.scan.classes) {
        const ref: ClassRef = { file, decl, key: `${file.path}:${decl.offset}:${decl.name}` };
        this.classes.push(ref);
        const list = this.byName.get(decl.name);
        if (list) list.push(ref);
        else this.byName.set(decl.name, [ref]);
      }
      for (const name of file.scan.noReturnFunctions) this.noReturnFunctions.add(name);
    }
    for (const list of this.byName.values()) list.sort(bySource);
  }

  allClasses(): readonly ClassRef[] {
    return this.classes;
  }

  /**
   * Points the classes of `previous` at `next`, a new version of the same file whose header
   * scan is equal (same classes, bases and imports), so the index stays valid without a rebuild.
   */
  replaceFile(previous: IndexedFile, next: IndexedFile): void {
    if (this.byModule.get(previous.module) === previous) this.byModule.set(next.module, next);
    this.suffixes = null;
    const refs = this.classes.filter((ref) => ref.file === previous);
    refs.forEach((ref, index) => {
      ref.file = next;
      ref.decl = next.scan.classes[index];
    });
  }

  isRoot(ref: ClassRef): boolean {
    return this.roots.has(ref.decl.name);
  }

  /**
   * Resolves a base expression written in `file` to a class of the workspace, or to the
   * imported name when the class is not in the workspace (a root from an installed package).
   */
  resolveName(file: IndexedFile, expression: string, hops = 0): ClassRef | string {
    const bare = expression.replace(/\[.*$/s, '');
    const parts = bare.split('.');
    const name = parts[parts.length - 1];
    let module: string | null = null;

    if (parts.length === 1) {
      const binding = file.scan.imports.get(name);
      if (binding?.name) {
        const found = this.lookup(binding.name, binding.module, file);
        if (found) return found;
        // The imported name may itself be an alias in its module: `from m import PB as PB2`.
        const source = hops < MAX_ALIAS_HOPS ? this.moduleFile(binding.module, file) : null;
        return source && source !== file ? this.resolveName(source, binding.name, hops + 1) : binding.name;
      }
      const local = file.scan.classes.filter((decl) => decl.name === name);
      if (local.length > 0) {
        const decl = local[local.length - 1];
        return this.lookup(name, null, file, decl) ?? name;
      }
      const aliased = file.moduleAliases().get(name);
      if (aliased !== undefined && hops < MAX_ALIAS_HOPS) return this.resolveName(file, aliased, hops + 1);
    } else {
      const binding: ImportBinding | undefined = file.scan.imports.get(parts[0]);
      let head = parts[0];
      if (binding) head = binding.name ? `${binding.module}.${binding.name}` : binding.module;
      module = [head, ...parts.slice(1, -1)].join('.');
    }
    return this.lookup(name, module, file) ?? name;
  }

  /** The workspace file of a module imported from `from`, or null (relative imports resolve against `from`). */
  private moduleFile(module: string, from: IndexedFile): IndexedFile | null {
    let wanted = module;
    const dots = /^\.*/.exec(module)![0].length;
    if (dots > 0) {
      const packageParts = from.module.split('.').slice(0, -dots);
      wanted = [...packageParts, module.slice(dots)].filter((part) => part !== '').join('.');
    }
    return this.byModule.get(wanted) ?? this.bySuffix().get(wanted) ?? null;
  }

  /** Files by every dotted suffix of their module name (`b.c` and `c` for `a.b.c`), first file wins. */
  private bySuffix(): Map<string, IndexedFile> {
    if (!this.suffixes) {
      this.suffixes = new Map();
      for (const [module, file] of this.byModule) {
        const parts = module.split('.');
        for (let i = 1; i < parts.length; i++) {
          const suffix = parts.slice(i).join('.');
          if (!this.suffixes.has(suffix)) this.suffixes.set(suffix, file);
        }
      }
    }
    return this.suffixes;
  }

  private lookup(name: string, module: string | null, from: IndexedFile, exact?: ClassDecl): ClassRef | null {
    const candidates = this.byName.get(name);
    if (!candidates || candidates.length === 0) return null;
    if (exact) return candidates.find((ref) => ref.decl === exact) ?? null;
    if (module) {
      const wanted = module.replace(/^\.+/, '');
      const match = candidates.find((ref) => ref.file.module === wanted || ref.file.module.endsWith(`.${wanted}`));
      if (match) return match;
    }
    const sameFile = candidates.filter((ref) => ref.file === from);
    if (sameFile.length > 0) return sameFile[sameFile.length - 1];
    return candidates.find((ref) => !ref.decl.nested) ?? candidates[0];
  }

  /** Resolved bases of a class, each a class of the workspace or an unresolved name. */
  bases(ref: ClassRef): (ClassRef | string)[] {
    let bases = this.baseCache.get(ref.key);
    if (!bases) {
      bases = ref.decl.bases.map((base) => {
        const resolved = this.resolveName(ref.file, base);
        return resolved === ref ? ref.decl.name : resolved;
      });
      this.baseCache.set(ref.key, bases);
    }
    return bases;
  }

  /** Returns the classes that derive from any of `classes`, directly or through other classes. */
  subclassesOf(classes: Iterable<ClassRef>): Set<ClassRef> {
    if (!this.subclassCache) {
      this.subclassCache = new Map();
      for (const ref of this.classes) {
        for (const base of this.bases(ref)) {
          if (typeof base === 'string') continue;
          const list = this.subclassCache.get(base);
          if (list) list.push(ref);
          else this.subclassCache.set(base, [ref]);
        }
      }
    }
    const found = new Set<ClassRef>();
    const queue = [...classes];
    while (queue.length > 0) {
      const next = queue.pop()!;
      for (const subclass of this.subclassCache.get(next) ?? []) {
        if (found.has(subclass)) continue;
        found.add(subclass);
        queue.push(subclass);
      }
    }
    return found;
  }

  /** True when the class derives, through any chain of workspace classes, from a root class. */
  isProcessor(ref: ClassRef): boolean {
    return this.derivesFromRoot(ref, new Set());
  }

  private derivesFromRoot(ref: ClassRef, visiting: Set<string>): boolean {
    const cached = this.processorCache.get(ref.key);
    if (cached !== undefined) return cached;
    if (visiting.has(ref.key)) return false;
    visiting.add(ref.key);

    let result = false;
    for (const base of this.bases(ref)) {
      if (typeof base === 'string') {
        result = this.roots.has(base);
      } else {
        result = this.roots.has(base.decl.name) || this.derivesFromRoot(base, visiting);
      }
      if (result) break;
    }
    visiting.delete(ref.key);
    this.processorCache.set(ref.key, result);
    return result;
  }

  /**
   * Returns the C3 method-resolution order of the workspace classes in the hierarchy, the class
   * first. An inheritance cycle is cut where it closes. When C3 rejects the hierarchy, a
   * left-to-right depth-first walk gives the order instead, so a broken hierarchy still has one.
   */
  mro(ref: ClassRef): ClassRef[] {
    return this.computeMro(ref, new Set());
  }

  private computeMro(ref: ClassRef, visiting: Set<string>): ClassRef[] {
    const cached = this.mroCache.get(ref.key);
    if (cached) return cached;
    if (visiting.has(ref.key)) return [ref];
    visiting.add(ref.key);

    const bases = this.bases(ref).filter((base): base is ClassRef => typeof base !== 'string' && !visiting.has(base.key));
    const sequences = bases.map((base) => [...this.computeMro(base, visiting)]);
    sequences.push([...bases]);
    const merged = c3Merge(sequences);
    const order = merged ?? depthFirst(ref, (cls) => this.bases(cls).filter((b): b is ClassRef => typeof b !== 'string'));
    const result = merged ? [ref, ...merged.filter((cls) => cls !== ref)] : order;

    visiting.delete(ref.key);
    this.mroCache.set(ref.key, result);
    return result;
  }

  /** Finds the first class in `ref`'s MRO (after `after`, when given) that defines `name`. */
  findMethod(ref: ClassRef, name: string, after?: ClassRef): MethodRef | null {
    const order = this.mro(ref);
    let index = 0;
    if (after) {
      const position = order.indexOf(after);
      index = position < 0 ? order.length : position + 1;
    }
    for (; index < order.length; index++) {
      const method = order[index].decl.methods.get(name);
      if (method) return { owner: order[index], method };
    }
    return null;
  }

  /**
   * Resolves a method call made inside `caller` (a method of `owner`) while checking a method
   * of `context`: `self.m()` looks in context's MRO, `super().m()` in the part of it after
   * owner, `Base.m(self)` in Base's MRO.
   */
  resolveCall(context: ClassRef, owner: ClassRef, call: MethodCall): MethodRef | null {
    if (call.via === 'self') return this.findMethod(context, call.name);
    if (call.via === 'super') {
      const inContext = this.mro(context).includes(owner);
      return inContext ? this.findMethod(context, call.name, owner) : this.findMethod(owner, call.name, owner);
    }
    const target = this.resolveName(owner.file, call.className);
    if (typeof target === 'string') return null;
    return this.findMethod(target, call.name);
  }
}

function bySource(a: ClassRef, b: ClassRef): number {
  if (a.file.path !== b.file.path) return a.file.path < b.file.path ? -1 : 1;
  return a.decl.offset - b.decl.offset;
}

function c3Merge(sequences: ClassRef[][]): ClassRef[] | null {
  const result: ClassRef[] = [];
  const lists = sequences.map((list) => [...list]).filter((list) => list.length > 0);
  while (lists.length > 0) {
    let candidate: ClassRef | null = null;
    for (const list of lists) {
      const head = list[0];
      if (!lists.some((other) => other.indexOf(head) > 0)) {
        candidate = head;
        break;
      }
    }
    if (!candidate) return null;
    result.push(candidate);
    for (let i = lists.length - 1; i >= 0; i--) {
      if (lists[i][0] === candidate) lists[i].shift();
      if (lists[i].length === 0) lists.splice(i, 1);
    }
  }
  return result;
}

function depthFirst(start: ClassRef, basesOf: (ref: ClassRef) => ClassRef[]): ClassRef[] {
  const seen = new Set<ClassRef>();
  const order: ClassRef[] = [];
  const stack = [start];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    order.push(next);
    const bases = basesOf(next);
    for (let i = bases.length - 1; i >= 0; i--) stack.push(bases[i]);
  }
  return order;
}

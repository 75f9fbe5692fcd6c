// Type and symbol questions, asked in batches. Every checker call is a synchronous round trip to
// the compiler process (~0.1 ms), so rules first collect the nodes they care about (phase 1,
// syntax only), then one batched call per kind answers all of them (phase 2). Facts derived
// from a type or symbol (aliases, parents, `then` members) are cached by id for the life of
// the snapshot: `SnapshotCache` is dropped whenever the snapshot changes.
import { ObjectFlags, SignatureKind, SymbolFlags, TypeFlags } from "typescript/unstable/sync";
import type { Checker, Program, Project, Symbol as TsSymbol, Type } from "typescript/unstable/sync";
import { SyntaxKind, type ImportDeclaration, type Node, type SourceFile } from "typescript/unstable/ast";
import type { RequestPipeline } from "./pipeline";
import { cachingChecker } from "./cached-checker";

/** A node's index in its file's tree: the same number a declaration handle carries. */
export function nodeIndex(node: Node): number {
  return (node as unknown as { index: number }).index;
}

export interface DeclarationInfo {
  fileName: string;
  /** From a package in node_modules (including @types), or a default library file. */
  isExternal: boolean;
  isDeclarationFile: boolean;
}

/** A late question's answer, asked once per node; a failed question counts as no answer. */
function askLate<T>(answers: Map<Node, T | undefined>, node: Node, ask: () => T | undefined): T | undefined {
  if (!answers.has(node)) {
    let answer: T | undefined;
    try {
      answer = ask();
    } catch {
      answer = undefined;
    }
    answers.set(node, answer);
  }
  return answers.get(node);
}

export type Diagnostic = ReturnType<Program["getSyntacticDiagnostics"]>[number];

/** A project's config-file and syntax errors. */
export interface ProjectDiagnostics {
  config: readonly Diagnostic[];
  syntaxOf(fileName: string): readonly Diagnostic[];
}

interface NamedImport {
  /** The ImportSpecifier: the declaration of the alias symbol its local name binds. */
  specifier: Node;
  moduleSpecifier: Node;
  /** The export's name (`a` in `import { a as b }`). */
  name: string;
}

interface SymbolBatch {
  nodes: Node[];
  /** The file's named imports by local name (default imports left out). */
  imports: ReadonlyMap<string, NamedImport>;
  /** Where each module specifier asked sits in `nodes`. */
  specifierAt: ReadonlyMap<Node, number>;
}

/** A file's top-level `import { a as b } from "m"` bindings by local name, read from syntax. */
function namedImportsOf(sourceFile: SourceFile): Map<string, NamedImport> {
  const imports = new Map<string, NamedImport>();
  for (const statement of sourceFile.statements) {
    if (statement.kind !== SyntaxKind.ImportDeclaration) continue;
    const declaration = statement as ImportDeclaration;
    const bindings = declaration.importClause?.namedBindings;
    if (bindings?.kind !== SyntaxKind.NamedImports) continue;
    for (const specifier of bindings.elements) {
      const name = (specifier.propertyName ?? specifier.name) as unknown as { text?: string };
      if (typeof name.text !== "string" || name.text === "default") continue;
      imports.set(specifier.name.text, { specifier, moduleSpecifier: declaration.moduleSpecifier, name: name.text });
    }
  }
  return imports;
}

/** Per-project, per-snapshot caches of derived facts. */
export class SnapshotCache {
  readonly aliasTargets = new Map<number, TsSymbol>();
  /** What `import { name } from "m"` resolves to, by m's module symbol and the name (see FileQueries.exportKey). */
  readonly exportTargets = new Map<string, TsSymbol>();
  readonly parentNames = new Map<number, string | null>();
  readonly thenable = new Map<number, ThenableInfo>();
  readonly promiseArray = new Map<number, boolean>();
  readonly builtinPromise = new Map<number, boolean>();
  /** isBuiltinPromise of references, by their target's id. */
  readonly builtinPromiseByTarget = new Map<number, boolean>();
  /** `${target id}\0${name}` of references whose member of that name is a method that is not optional. */
  readonly methodOfTarget = new Set<string>();
  readonly promiseLike = new Map<number, PromiseLikeInfo>();
  readonly callable = new Map<number, boolean>();
  readonly defaultLibraryPaths = new Map<string, boolean>();
  readonly promiseLikeArray = new Map<number, PromiseLikeInfo | null>();
  readonly declaredReturn = new Map<number, Type | "opaque" | null>();
  readonly awaitedDeclared = new Map<number, Type | "opaque" | null>();
  readonly fixedType = new Map<number, boolean>();
  readonly apparent = new Map<number, Type>();
  private diagnostics: (ProjectDiagnostics & CarriedDiagnostics) | undefined;
  private cachedChecker: Checker | undefined;
  /** Whether a path is library code does not change between snapshots: shared across them. */
  private roots: Set<string> | undefined;

  constructor(
    readonly project: Project,
    readonly externalPaths: Map<string, boolean> = new Map(),
    /** The last snapshot's project diagnostics, and the files changed since (nothing else did). */
    private readonly earlier?: { diagnostics: CarriedDiagnostics; changed: ReadonlySet<string> },
  ) {}

  /** The project's checker, its repeated questions answered once per snapshot (cached-checker.ts). */
  get checker(): Checker {
    this.cachedChecker ??= cachingChecker(this.project.checker);
    return this.cachedChecker;
  }

  /**
   * Whether the file is one of the project's own (its tsconfig's files): those were loaded
   * before anything a package import found, so they are neither external nor default library.
   */
  isRootFile(fileName: string): boolean {
    this.roots ??= new Set(this.project.rootFiles ?? []);
    return this.roots.has(fileName);
  }

  /**
   * Config-file and syntax errors of the whole project: one round trip each per snapshot, not per
   * file. After an edit (`earlier`: the last snapshot's, and the files changed since, nothing else
   * did) only the changed files' syntax errors are asked: a keystroke does not re-read the project.
   */
  projectDiagnostics(): ProjectDiagnostics {
    if (!this.diagnostics) {
      const carried = this.earlier && this.carriedDiagnostics(this.earlier);
      const bySyntaxFile = carried?.bySyntaxFile ?? groupByFile(this.project.program.getSyntacticDiagnostics());
      const config = carried?.config ?? this.project.program.getConfigFileParsingDiagnostics();
      this.diagnostics = { config, syntaxOf: fileName => bySyntaxFile.get(fileName) ?? [], bySyntaxFile };
    }
    return this.diagnostics;
  }

  /** What the next snapshot's cache may start from (see `projectDiagnostics`). */
  get carried(): CarriedDiagnostics | undefined {
    return this.diagnostics && { config: this.diagnostics.config, bySyntaxFile: this.diagnostics.bySyntaxFile };
  }

  private carriedDiagnostics(earlier: { diagnostics: CarriedDiagnostics; changed: ReadonlySet<string> }): CarriedDiagnostics | undefined {
    const bySyntaxFile = new Map(earlier.diagnostics.bySyntaxFile);
    for (const fileName of earlier.changed) {
      bySyntaxFile.delete(fileName);
      // A file outside this project (edited in another one) has no errors here.
      if (!this.isRootFile(fileName) && !this.project.program.getSourceFileMetadataByPath(fileName as never)) continue;
      try {
        for (const [file, list] of groupByFile(this.project.program.getSyntacticDiagnostics(fileName))) bySyntaxFile.set(file, list);
      } catch {
        return undefined;
      }
    }
    return { config: earlier.diagnostics.config, bySyntaxFile };
  }
}

interface CarriedDiagnostics {
  config: readonly Diagnostic[];
  bySyntaxFile: ReadonlyMap<string, readonly Diagnostic[]>;
}

function groupByFile(diagnostics: readonly Diagnostic[]): Map<string, Diagnostic[]> {
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const key = d.fileName ?? "";
    let list = byFile.get(key);
    if (!list) byFile.set(key, (list = []));
    list.push(d);
  }
  return byFile;
}

export interface ThenableInfo {
  /** Some member of the (apparent, union-split) type has a callable `then`. */
  thenable: boolean;
  /** Every member of the union is thenable (a `Promise<T> | undefined` is thenable, not always). */
  always: boolean;
}

/** What floating-promise needs to know about a value's type (see `promiseLikeInfo`). */
export interface PromiseLikeInfo {
  /** Some member of the union is the built-in Promise (or a subclass / intersection with it). */
  builtin: boolean;
  /** Some member is a non-Promise thenable whose `then` takes a rejection callback (2+ parameters). */
  rejectableThenable: boolean;
  /** Every member of the union other than null/undefined/void is promise-like. */
  always: boolean;
  /** Some member is null, undefined or void (a `.catch` must be appended with `?.`). */
  nullable: boolean;
  /** Every promise-like member has a callable `catch`. */
  catchable: boolean;
  /** Some member is void: `?.` does not remove it for the type checker, so an appended `?.catch` does not type-check. */
  voidPart?: boolean;
}

/**
 * Under test (the rule tester and the corpus test turn it on; LOOPSCOPE_STRICT_PHASES=1 anywhere else), reading in phase 2 a type or
 * symbol that phase 1 did not request throws instead of answering undefined: otherwise a rule
 * whose `decide` drifts from its `visit` loses findings without a sound.
 */
export const phaseChecks = { strict: process.env.LOOPSCOPE_STRICT_PHASES === "1" };

function unrequested(what: "type" | "symbol", node: Node): Error {
  return new Error(
    `${what} of a ${SyntaxKind[node.kind] ?? node.kind} node at ${node.pos} read in phase 2 but not requested in phase 1 (call need${what === "type" ? "Type" : "Symbol"} in visit, or late${what === "type" ? "Type" : "Symbol"}Of for a rare question)`,
  );
}

/** The generic type a reference (`Repository<User>`, `Promise<T>`, a tuple) instantiates, or undefined for any other type. */
export function referenceTarget(type: Type): number | undefined {
  const shape = type as unknown as { objectFlags?: number; target?: number };
  return type.flags & TypeFlags.Object && (shape.objectFlags ?? 0) & ObjectFlags.Reference ? shape.target : undefined;
}

/** The batched view of one file's types and symbols. */
export class FileQueries {
  private readonly typeNodes: Node[] = [];
  private readonly symbolNodes: Node[] = [];
  private readonly typeSet = new Set<Node>();
  private readonly symbolSet = new Set<Node>();
  private types = new Map<Node, Type | undefined>();
  private symbols = new Map<Node, TsSymbol | undefined>();
  private resolved = false;
  private batch: SymbolBatch | undefined;
  /** Import aliases of this file by symbol id: the key of the export each names (see `exportKey`). */
  private readonly aliasKeys = new Map<number, string>();
  /** Round trips made for this file, for benchmarks and tests. */
  batches = 0;

  constructor(
    readonly sourceFile: SourceFile,
    private readonly cache: SnapshotCache,
  ) {}

  get checker(): Checker {
    return this.cache.checker;
  }
  get program(): Program {
    return this.cache.project.program;
  }

  /** Phase 1: ask for the type of this node in the coming batch. */
  needType(node: Node): void {
    if (this.resolved) throw new Error("needType after the batch ran");
    if (!this.typeSet.has(node)) {
      this.typeSet.add(node);
      this.typeNodes.push(node);
    }
  }

  /** Phase 1: ask for the symbol of this node in the coming batch. */
  needSymbol(node: Node): void {
    if (this.resolved) throw new Error("needSymbol after the batch ran");
    if (!this.symbolSet.has(node)) {
      this.symbolSet.add(node);
      this.symbolNodes.push(node);
    }
  }

  /**
   * Runs the batches. With a pipeline, the import aliases among the symbols are then asked all at
   * once (there is no batch call for them): one wait instead of one round trip each. An alias of
   * a named import whose module's export was resolved before (in any file) is not asked again.
   */
  resolve(pipeline?: RequestPipeline): void {
    if (this.resolved) return;
    this.resolved = true;
    if (this.typeNodes.length) {
      const result = this.checker.getTypeAtLocation(this.typeNodes);
      this.batches++;
      this.typeNodes.forEach((n, i) => this.types.set(n, result[i]));
    }
    if (this.symbolNodes.length) {
      const batch = this.symbolBatch();
      const result = this.checker.getSymbolAtLocation(batch.nodes);
      this.batches++;
      this.symbolNodes.forEach((n, i) => this.symbols.set(n, result[i]));
      const asked = new Map<number, TsSymbol>();
      for (let i = 0; i < this.symbolNodes.length; i++) {
        const symbol = result[i];
        if (!symbol || !(symbol.flags & SymbolFlags.Alias) || this.cache.aliasTargets.has(symbol.id)) continue;
        const key = this.exportKey(symbol, this.symbolNodes[i]!, batch, result);
        const known = key === undefined ? undefined : this.cache.exportTargets.get(key);
        if (known) this.cache.aliasTargets.set(symbol.id, known);
        else asked.set(symbol.id, symbol);
      }
      if (pipeline?.enabled) pipeline.prefetchAll([...asked.values()].map(symbol => () => this.checker.getAliasedSymbol(symbol)));
    }
  }

  /**
   * The symbol batch: the nodes asked for, then the module specifiers of the named imports they
   * may be aliases of (see `exportKey`). Computed once: `prefetch` must send the very request
   * `resolve` makes.
   */
  private symbolBatch(): SymbolBatch {
    if (this.batch) return this.batch;
    const imports = namedImportsOf(this.sourceFile);
    const nodes = [...this.symbolNodes];
    const specifierAt = new Map<Node, number>();
    for (const node of this.symbolNodes) {
      const imported = node.kind === SyntaxKind.Identifier ? imports.get((node as unknown as { text: string }).text) : undefined;
      if (imported && !specifierAt.has(imported.moduleSpecifier)) {
        specifierAt.set(imported.moduleSpecifier, nodes.length);
        nodes.push(imported.moduleSpecifier);
      }
    }
    this.batch = { nodes, imports, specifierAt };
    return this.batch;
  }

  /**
   * `import { name } from "m"` resolves to m's export `name` whichever file imports it: the
   * module's symbol (asked in the same batch) and the export's name key the target across files.
   * Test files import the same few helpers thousands of times. Default imports are not keyed:
   * what they resolve to depends on the importing file's module kind.
   */
  private exportKey(alias: TsSymbol, node: Node, batch: SymbolBatch, result: readonly (TsSymbol | undefined)[]): string | undefined {
    if (node.kind !== SyntaxKind.Identifier) return undefined;
    const imported = batch.imports.get((node as unknown as { text: string }).text);
    const declaration = alias.declarations[0];
    if (!imported || !declaration || declaration.path !== this.sourceFile.path || declaration.index !== nodeIndex(imported.specifier)) return undefined;
    const at = batch.specifierAt.get(imported.moduleSpecifier);
    const moduleSymbol = at === undefined ? undefined : result[at];
    if (!moduleSymbol) return undefined;
    const key = `${moduleSymbol.id}\u0000${imported.name}`;
    this.aliasKeys.set(alias.id, key);
    return key;
  }

  /** Sends this file's batches ahead (bulk linting); `resolve` then reads their answers. */
  prefetch(pipeline: RequestPipeline): void {
    if (this.resolved) return;
    const calls: (() => unknown)[] = [];
    if (this.typeNodes.length) calls.push(() => this.checker.getTypeAtLocation(this.typeNodes));
    if (this.symbolNodes.length) calls.push(() => this.checker.getSymbolAtLocation(this.symbolBatch().nodes));
    pipeline.prefetchAll(calls);
  }

  /**
   * Phase 2: the symbol of a node nobody asked for in phase 1 (one round trip, cached). For
   * questions that only a rare decision needs: batching them would ask for every candidate.
   */
  lateSymbolOf(node: Node): TsSymbol | undefined {
    askLate(this.symbols, node, () => this.checker.getSymbolAtLocation(node));
    return this.symbolOf(node);
  }

  /** Phase 2: the type of a node nobody asked for in phase 1 (one round trip, cached); see lateSymbolOf. */
  lateTypeOf(node: Node): Type | undefined {
    return askLate(this.types, node, () => this.checker.getTypeAtLocation(node));
  }

  /**
   * Phase 2: asks, in one round trip, the types of nodes nobody asked for in phase 1 that the
   * decisions are about to read with `lateTypeOf`. A failed batch leaves them to be asked one by one.
   */
  lateTypesOf(nodes: readonly Node[]): void {
    const asked = [...new Set(nodes)].filter(node => !this.types.has(node));
    if (!asked.length) return;
    let result: readonly (Type | undefined)[];
    try {
      result = this.checker.getTypeAtLocation(asked as Node[]);
    } catch {
      return;
    }
    asked.forEach((node, i) => this.types.set(node, result[i]));
  }

  /** Phase 2: the type of a node given to needType. */
  typeOf(node: Node): Type | undefined {
    if (phaseChecks.strict && !this.types.has(node)) throw unrequested("type", node);
    return this.types.get(node);
  }

  /** Phase 2: the symbol of a node given to needSymbol, with import aliases followed. */
  symbolOf(node: Node): TsSymbol | undefined {
    const symbol = this.localSymbolOf(node);
    return symbol ? this.resolveAlias(symbol) : undefined;
  }

  /** Phase 2: the symbol as written (an import alias stays an alias). */
  localSymbolOf(node: Node): TsSymbol | undefined {
    if (phaseChecks.strict && !this.symbols.has(node)) throw unrequested("symbol", node);
    return this.symbols.get(node);
  }

  resolveAlias(symbol: TsSymbol): TsSymbol {
    if (!(symbol.flags & SymbolFlags.Alias)) return symbol;
    let target = this.cache.aliasTargets.get(symbol.id);
    if (!target) {
      try {
        target = this.checker.getAliasedSymbol(symbol);
        const key = this.aliasKeys.get(symbol.id);
        if (key !== undefined) this.cache.exportTargets.set(key, target);
      } catch {
        target = symbol;
      }
      this.cache.aliasTargets.set(symbol.id, target);
    }
    return target;
  }

  /** The name of the symbol's parent (module names without quotes and `node:`), or undefined. */
  parentName(symbol: TsSymbol): string | undefined {
    let name = this.cache.parentNames.get(symbol.id);
    if (name === undefined) {
      const parent = symbol.getParent();
      name = parent ? parent.name.replace(/^"(.*)"$/, "$1").replace(/^node:/, "") : null;
      this.cache.parentNames.set(symbol.id, name);
    }
    return name ?? undefined;
  }

  /** Where the symbol's value (or first) declaration lives. */
  declarationOf(symbol: TsSymbol): DeclarationInfo | undefined {
    const decl = symbol.valueDeclaration ?? symbol.declarations[0];
    if (!decl) return undefined;
    const fileName = decl.path as string;
    return { fileName, isExternal: this.isExternalPath(fileName), isDeclarationFile: /\.d\.[cm]?ts$/.test(fileName) };
  }

  /**
   * Where the symbol is declared, as file + node index, without loading that file's syntax tree
   * (loading it again after every edit is what made per-keystroke checks slow).
   */
  declarationHandle(symbol: TsSymbol): { fileName: string; index: number; kind: SyntaxKind } | undefined {
    const decl = symbol.valueDeclaration ?? symbol.declarations[0];
    return decl ? { fileName: decl.path as string, index: decl.index, kind: decl.kind } : undefined;
  }

  /** The declaration node itself (loads its file's syntax tree if needed). */
  declarationNode(symbol: TsSymbol): Node | undefined {
    const decl = symbol.valueDeclaration ?? symbol.declarations[0];
    try {
      return decl?.resolve(this.cache.project);
    } catch {
      return undefined;
    }
  }

  isExternalPath(fileName: string): boolean {
    let external = this.cache.externalPaths.get(fileName);
    if (external === undefined) {
      // Packages and the default library live under node_modules, the project's own files
      // outside it: no need to ask. (A workspace package linked into node_modules is found at its
      // real path, outside it: that one only the compiler can tell.)
      if (fileName.includes("/node_modules/")) external = true;
      else if (this.cache.isRootFile(fileName)) external = false;
      else {
        const meta = this.program.getSourceFileMetadataByPath(fileName as never);
        external = !!meta && (meta.isFromExternalLibrary || meta.isDefaultLibrary);
      }
      this.cache.externalPaths.set(fileName, external);
    }
    return external;
  }

  /**
   * The checker's apparent type (what property lookups see), without a round trip where it is
   * the type itself: unions and object types other than mapped ones. Cached per type id.
   */
  apparentType(type: Type): Type {
    const objectFlags = (type as unknown as { objectFlags?: number }).objectFlags ?? 0;
    if (type.flags & TypeFlags.Union || (type.flags & TypeFlags.Object && !(objectFlags & (ObjectFlags.Mapped | ObjectFlags.ReverseMapped)))) return type;
    let apparent = this.cache.apparent.get(type.id);
    if (!apparent) {
      apparent = this.checker.getApparentType(type) ?? type;
      this.cache.apparent.set(type.id, apparent);
    }
    return apparent;
  }

  /** Whether an object type may be an array or tuple: both are references to a generic target. */
  private mayBeArrayOrTuple(type: Type): boolean {
    const objectFlags = (type as unknown as { objectFlags?: number }).objectFlags;
    return objectFlags === undefined || !!(objectFlags & ObjectFlags.Reference);
  }

  /** Whether a value of this type is (or may be) a thenable: a `then` member with call signatures. */
  thenableInfo(type: Type): ThenableInfo {
    let info = this.cache.thenable.get(type.id);
    if (info) return info;
    info = { thenable: false, always: false };
    if (type.flags & (TypeFlags.Any | TypeFlags.Unknown)) {
      this.cache.thenable.set(type.id, info);
      return info;
    }
    const apparent = this.apparentType(type);
    const parts = apparent.isUnionType() ? apparent.getTypes() : [apparent];
    let count = 0;
    for (const part0 of parts) {
      const part = this.apparentType(part0);
      const thenSymbol = this.checker.getPropertyOfType(part, "then");
      if (!thenSymbol) continue;
      const thenType = this.checker.getTypeOfSymbol(thenSymbol);
      if (thenType && this.checker.getSignaturesOfType(thenType, SignatureKind.Call).length > 0) count++;
    }
    info = { thenable: count > 0, always: count > 0 && count === parts.length };
    this.cache.thenable.set(type.id, info);
    return info;
  }

  /** Whether the type is an array or tuple with a thenable element type. */
  isPromiseArray(type: Type): boolean {
    let result = this.cache.promiseArray.get(type.id);
    if (result !== undefined) return result;
    result = false;
    const parts = type.isUnionType() ? type.getTypes() : [type];
    for (const part0 of parts) {
      if (!(part0.flags & TypeFlags.Object)) continue;
      const part = this.apparentType(part0);
      if (this.mayBeArrayOrTuple(part) && (this.checker.isArrayType(part) || this.checker.isTupleType(part))) {
        const args = this.checker.getTypeArguments(part as never);
        if (args.some(a => this.thenableInfo(a).thenable)) {
          result = true;
          break;
        }
      }
    }
    this.cache.promiseArray.set(type.id, result);
    return result;
  }

  /** Whether the type says the value may be null or undefined (`any`/`unknown` say nothing). */
  declaredNullable(type: Type): boolean {
    if (type.flags & (TypeFlags.Null | TypeFlags.Undefined | TypeFlags.Void)) return true;
    return type.isUnionType() && type.getTypes().some(t => !!(t.flags & (TypeFlags.Null | TypeFlags.Undefined | TypeFlags.Void)));
  }

  /** Whether the expression's type is `any`/`unknown` or missing (the analysis can't see it). */
  isOpaque(type: Type | undefined): boolean {
    return !type || !!(type.flags & (TypeFlags.Any | TypeFlags.Unknown));
  }

  /**
   * Promise-likeness as typescript-eslint's no-floating-promises sees it: the built-in Promise
   * (found by symbol in the default library, through base classes and intersections), and other
   * thenables whose `then` accepts a rejection callback. Cached per type id.
   */
  promiseLikeInfo(type: Type): PromiseLikeInfo {
    let info = this.cache.promiseLike.get(type.id);
    if (info) return info;
    info = { builtin: false, rejectableThenable: false, always: false, nullable: false, catchable: false };
    if (!(type.flags & (TypeFlags.Any | TypeFlags.Unknown | TypeFlags.Never | TypeFlags.Primitive))) {
      const apparent = this.apparentType(type);
      const parts = apparent.isUnionType() ? apparent.getTypes() : [apparent];
      let promiseLikeParts = 0;
      let catchableParts = 0;
      let nullishParts = 0;
      for (const part of parts) {
        if (part.flags & (TypeFlags.Null | TypeFlags.Undefined | TypeFlags.Void)) {
          nullishParts++;
          if (part.flags & TypeFlags.Void) info.voidPart = true;
          continue;
        }
        if (part.flags & (TypeFlags.Primitive | TypeFlags.Any | TypeFlags.Unknown | TypeFlags.Never)) continue;
        let isPromiseLike = false;
        if (this.isBuiltinPromise(part)) {
          info.builtin = true;
          isPromiseLike = true;
        } else if (this.thenAcceptsRejection(part)) {
          info.rejectableThenable = true;
          isPromiseLike = true;
        }
        if (!isPromiseLike) continue;
        promiseLikeParts++;
        if (this.hasCallableMember(part, "catch")) catchableParts++;
      }
      info.always = promiseLikeParts > 0 && promiseLikeParts + nullishParts === parts.length;
      info.nullable = nullishParts > 0;
      info.catchable = promiseLikeParts > 0 && catchableParts === promiseLikeParts;
    }
    this.cache.promiseLike.set(type.id, info);
    return info;
  }

  /** Whether the type's own symbol (or a base class, or an intersection member) is the default library's Promise. */
  isBuiltinPromise(type: Type, depth = 0): boolean {
    // A reference's symbol and base types are its target's: `Repository<A>` and `Repository<B>` answer alike.
    const target = referenceTarget(type);
    let result = this.cache.builtinPromise.get(type.id) ?? (target === undefined ? undefined : this.cache.builtinPromiseByTarget.get(target));
    if (result !== undefined) return result;
    result = false;
    if (depth < 6) {
      if (type.isIntersectionType()) {
        result = type.getTypes().some(t => this.isBuiltinPromise(t, depth + 1));
      } else if (type.flags & TypeFlags.Object) {
        const symbol = type.getSymbol();
        if (symbol && symbol.name === "Promise" && symbol.declarations.some(d => this.isDefaultLibraryPath(d.path as string))) result = true;
        else if (symbol && symbol.flags & (SymbolFlags.Class | SymbolFlags.Interface)) {
          const target = type.isTypeReference() ? type.getTarget() : type;
          if (target.isClassOrInterface()) {
            for (const base of this.checker.getBaseTypes(target) ?? []) {
              if (this.isBuiltinPromise(base, depth + 1)) {
                result = true;
                break;
              }
            }
          }
        }
      }
    }
    this.cache.builtinPromise.set(type.id, result);
    if (target !== undefined && depth < 6) this.cache.builtinPromiseByTarget.set(target, result);
    return result;
  }

  /** A `then` member with a call signature of two or more parameters (onfulfilled, onrejected). */
  private thenAcceptsRejection(type: Type): boolean {
    const thenSymbol = this.checker.getPropertyOfType(type, "then");
    if (!thenSymbol) return false;
    const thenType = this.checker.getTypeOfSymbol(thenSymbol);
    return !!thenType && this.checker.getSignaturesOfType(thenType, SignatureKind.Call).some(s => s.parameters.length >= 2);
  }

  private hasCallableMember(type: Type, name: string): boolean {
    const target = referenceTarget(type);
    const key = target === undefined ? undefined : `${target}\u0000${name}`;
    if (key !== undefined && this.cache.methodOfTarget.has(key)) return true;
    const symbol = this.checker.getPropertyOfType(type, name);
    if (!symbol) return false;
    // A method that is not optional has call signatures whatever the type arguments (`catch` of
    // every `Promise<T>`): the target answers for all its references.
    if (key !== undefined && symbol.flags & SymbolFlags.Method && !(symbol.flags & (SymbolFlags.Optional | SymbolFlags.Property))) {
      this.cache.methodOfTarget.add(key);
      return true;
    }
    const memberType = this.checker.getTypeOfSymbol(symbol);
    return !!memberType && this.isCallable(memberType);
  }

  /** Whether values of the type can always be called (every member of a union has a call signature). Cached per type id. */
  isCallable(type: Type): boolean {
    let result = this.cache.callable.get(type.id);
    if (result !== undefined) return result;
    const apparent = this.apparentType(type);
    const parts = apparent.isUnionType() ? apparent.getTypes() : [apparent];
    result = parts.every(p => this.checker.getSignaturesOfType(p, SignatureKind.Call).length > 0 || this.isGlobalFunctionType(p));
    this.cache.callable.set(type.id, result);
    return result;
  }

  /**
   * The default library's `Function` (`@param {Function} cb` in JSDoc): it declares no call
   * signature, yet every value of it is a function and TypeScript lets the code call it.
   */
  private isGlobalFunctionType(type: Type): boolean {
    const symbol = type.getSymbol();
    return !!symbol && symbol.name === "Function" && symbol.declarations.some(d => this.isDefaultLibraryPath(d.path as string));
  }

  private isDefaultLibraryPath(fileName: string): boolean {
    let result = this.cache.defaultLibraryPaths.get(fileName);
    if (result === undefined) {
      result = !!this.program.getSourceFileMetadataByPath(fileName as never)?.isDefaultLibrary;
      this.cache.defaultLibraryPaths.set(fileName, result);
    }
    return result;
  }

  /** For an array or tuple type (or a union with one) with promise-like elements: those elements' info. Cached per type id. */
  promiseLikeArrayInfo(type: Type): PromiseLikeInfo | undefined {
    let result = this.cache.promiseLikeArray.get(type.id);
    if (result !== undefined) return result ?? undefined;
    result = null;
    const parts = type.isUnionType() ? type.getTypes() : [type];
    for (const part0 of parts) {
      if (!(part0.flags & TypeFlags.Object)) continue;
      const part = this.apparentType(part0);
      if (!this.mayBeArrayOrTuple(part) || (!this.checker.isArrayType(part) && !this.checker.isTupleType(part))) continue;
      for (const element of this.checker.getTypeArguments(part as never)) {
        const info = this.promiseLikeInfo(element);
        if (info.builtin || info.rejectableThenable) {
          result = info;
          break;
        }
      }
      if (result) break;
    }
    this.cache.promiseLikeArray.set(type.id, result);
    return result ?? undefined;
  }

  /**
   * What the type of a call of a function of this type says about promises, read from the
   * declared return types instead of checking the call: "opaque" when the callee is
   * `any`/unknown (so is the call), a return type when every call signature's declared return
   * type is fixed (`fixedForPromises`) and they agree, otherwise undefined (check the call).
   * Checking a call with an unfinished argument makes the checker work out why it does not fit
   * (against a large generic RPC schema: 100+ ms); reading the callee's signatures takes a few.
   */
  declaredReturnType(callee: Type): Type | "opaque" | undefined {
    let result = this.cache.declaredReturn.get(callee.id);
    if (result !== undefined) return result ?? undefined;
    result = null;
    if (this.isOpaque(callee)) result = "opaque";
    else if (!(callee.flags & (TypeFlags.Union | TypeFlags.Intersection | TypeFlags.TypeParameter))) {
      const signatures = this.checker.getSignaturesOfType(callee, SignatureKind.Call);
      let chosen: Type | undefined;
      for (const signature of signatures) {
        const returned = this.checker.getReturnTypeOfSignature(signature);
        if (!returned || !this.fixedForPromises(returned)) {
          chosen = undefined;
          break;
        }
        if (chosen && !this.samePromiseVerdict(chosen, returned)) {
          chosen = undefined;
          break;
        }
        chosen ??= returned;
      }
      result = chosen ?? null;
    }
    this.cache.declaredReturn.set(callee.id, result);
    return result ?? undefined;
  }

  /**
   * The type `await callee(...)` has, read from the callee's declared return type when that
   * decides `promiseLikeArrayInfo` on its own: `Promise<Result<T>>` where `Result<T>` is an
   * object type gives `Result<T>`, whatever T is. Checking the await itself makes the compiler
   * infer the call's type arguments, which on generic-heavy code (a generic client action)
   * costs tens of milliseconds. Undefined: only checking the await can tell.
   */
  awaitedDeclaredType(callee: Type): Type | "opaque" | undefined {
    let result = this.cache.awaitedDeclared.get(callee.id);
    if (result !== undefined) return result ?? undefined;
    const declared = this.declaredReturnType(callee);
    result = declared === undefined ? null : declared === "opaque" ? "opaque" : (this.awaitedOf(declared, 0) ?? null);
    this.cache.awaitedDeclared.set(callee.id, result);
    return result ?? undefined;
  }

  /** `Awaited<type>` for a type that is fixed for promises, when its own flags and members tell. */
  private awaitedOf(type: Type, depth: number): Type | "opaque" | undefined {
    if (depth > 4 || type.flags & (TypeFlags.Union | TypeFlags.Intersection)) return undefined;
    if (this.isOpaque(type)) return "opaque";
    if (!(type.flags & TypeFlags.Object)) return type;
    if (this.isBuiltinPromise(type)) {
      // `Promise<X>` itself, not a subclass or something built on it.
      if (!type.isTypeReference() || type.getSymbol()?.name !== "Promise") return undefined;
      const args = this.checker.getTypeArguments(type as never);
      if (args.length !== 1 || !this.fixedForPromises(args[0]!)) return undefined;
      return this.awaitedOf(args[0]!, depth + 1);
    }
    // Any other thenable is unwrapped through its own `then`: leave that to the checker.
    return this.thenableInfo(type).thenable ? undefined : type;
  }

  /**
   * Whether instantiating the type's type parameters cannot change what `promiseLikeInfo` and
   * `promiseLikeArrayInfo` say about it: no type parameters, conditional, indexed or mapped
   * types where it matters. `Promise<T>` is fixed (a promise whatever T is); `T[]` is not.
   */
  fixedForPromises(type: Type, depth = 0): boolean {
    let result = this.cache.fixedType.get(type.id);
    if (result !== undefined) return result;
    result = false;
    const unfixed =
      TypeFlags.TypeParameter | TypeFlags.Conditional | TypeFlags.IndexedAccess | TypeFlags.Substitution | TypeFlags.Index | TypeFlags.Intersection;
    if (depth > 4 || type.flags & unfixed) result = false;
    else if (type.isUnionType()) result = type.getTypes().every(t => this.fixedForPromises(t, depth + 1));
    else if (type.flags & TypeFlags.Object) {
      const objectFlags = (type as unknown as { objectFlags?: number }).objectFlags ?? 0;
      if (this.isBuiltinPromise(type)) result = true;
      else if (objectFlags & (ObjectFlags.Mapped | ObjectFlags.ReverseMapped)) result = false;
      else if (type.isTypeReference()) result = this.checker.getTypeArguments(type as never).every(t => this.fixedForPromises(t, depth + 1));
      else result = true;
    } else result = true;
    this.cache.fixedType.set(type.id, result);
    return result;
  }

  private samePromiseVerdict(a: Type, b: Type): boolean {
    const same = (x: PromiseLikeInfo | undefined, y: PromiseLikeInfo | undefined) =>
      x === y ||
      (!!x &&
        !!y &&
        x.builtin === y.builtin &&
        x.rejectableThenable === y.rejectableThenable &&
        x.always === y.always &&
        x.nullable === y.nullable &&
        x.catchable === y.catchable &&
        x.voidPart === y.voidPart);
    return same(this.promiseLikeInfo(a), this.promiseLikeInfo(b)) && same(this.promiseLikeArrayInfo(a), this.promiseLikeArrayInfo(b));
  }
}

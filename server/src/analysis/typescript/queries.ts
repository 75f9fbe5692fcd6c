// Type and symbol questions, asked in batches. Every checker call is a synchronous round trip to
// the compiler process (~0.1 ms), so rules first collect the nodes they care about (phase 1,
// syntax only), then one batched call per kind answers all of them (phase 2). Facts derived
// from a type or symbol (aliases, parents, `then` members) are cached by id for the life of
// the snapshot: `SnapshotCache` is dropped whenever the snapshot changes.
import { SymbolFlags } from "typescript/unstable/sync";
import type { Checker, Program, Project, Symbol as TsSymbol, Type } from "typescript/unstable/sync";
import { SyntaxKind, type ImportDeclaration, type Node, type SourceFile } from "typescript/unstable/ast";
import { isAskedAhead, type RequestPipeline } from "./pipeline";
import { cachingChecker } from "./cached-checker";
import { propertyUsesToAskFirst } from "./js-property-order";
import { referenceTarget, TypeQuestions, type PromiseLikeInfo, type ThenableInfo } from "./type-questions";

export { referenceTarget, type PromiseLikeInfo, type ThenableInfo };

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
    } catch (error) {
      if (isAskedAhead(error)) throw error;
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
  /** The members of unions and intersections by type id (see TypeQuestions.membersOf). */
  readonly members = new Map<number, readonly Type[]>();
  /** Files whose JavaScript class properties were asked before anything else about them (js-property-order.ts). */
  readonly propertiesAsked = new Set<string>();
  private diagnostics: (ProjectDiagnostics & CarriedDiagnostics) | undefined;
  private cachedChecker: Checker | undefined;
  /** The project's root files as a set (3,000 paths on a large project): carried over an edit of texts, which changes none. */
  private roots: ReadonlySet<string> | undefined;

  constructor(
    readonly project: Project,
    readonly externalPaths: Map<string, boolean> = new Map(),
    /** The last snapshot's project diagnostics, and the files changed since (nothing else did). */
    private readonly earlier?: { diagnostics: CarriedDiagnostics; changed: ReadonlySet<string> },
    /**
     * Parent names by declaration, kept across snapshots for files an edit did not change (see
     * `parentName`; the owner drops a changed file's entries). Undefined: this snapshot's only.
     */
    readonly declarationParents?: DeclarationParents,
  ) {
    this.roots = earlier?.diagnostics.roots;
  }

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
    return this.diagnostics && { config: this.diagnostics.config, bySyntaxFile: this.diagnostics.bySyntaxFile, ...(this.roots ? { roots: this.roots } : {}) };
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

/**
 * Parent names by declaration (`declarationKey`), across snapshots. `forget` drops those of the
 * files an edit changed; a snapshot that changed more than texts starts a new one.
 */
export class DeclarationParents {
  private readonly byFile = new Map<string, Map<string, string | null>>();
  private readonly filesOf = new Map<string, readonly string[]>();

  get(key: { files: readonly string[]; id: string }): string | null | undefined {
    return this.byFile.get(key.files[0]!)?.get(key.id);
  }

  set(key: { files: readonly string[]; id: string }, name: string | null): void {
    this.filesOf.set(key.id, key.files);
    // Filed under each declaring file, so an edit of any of them drops it.
    for (const file of key.files) {
      let names = this.byFile.get(file);
      if (!names) this.byFile.set(file, (names = new Map()));
      names.set(key.id, name);
    }
  }

  forget(files: Iterable<string>): void {
    for (const file of files) {
      const names = this.byFile.get(file);
      if (!names) continue;
      this.byFile.delete(file);
      // A merged symbol's entry is filed under each of its files.
      for (const id of names.keys()) {
        for (const other of this.filesOf.get(id) ?? []) if (other !== file) this.byFile.get(other)?.delete(id);
        this.filesOf.delete(id);
      }
    }
  }
}

/** Where a symbol is declared, every declaration (merged symbols), with its name; undefined without declarations. */
function declarationKey(symbol: TsSymbol): { files: string[]; id: string } | undefined {
  const decls = symbol.declarations;
  if (!decls?.length) return undefined;
  const files = [...new Set(decls.map(d => d.path as string))];
  const value = symbol.valueDeclaration;
  const id = `${symbol.name}\0${value ? `${value.path}#${value.index}` : ""}\0${decls.map(d => `${d.path}#${d.index}#${d.kind}`).join(",")}`;
  return { files, id };
}

interface CarriedDiagnostics {
  config: readonly Diagnostic[];
  bySyntaxFile: ReadonlyMap<string, readonly Diagnostic[]>;
  /** The project's root files (`isRootFile`), when asked: an edit that changed only texts changes none of them. */
  roots?: ReadonlySet<string>;
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

/** The batched view of one file's types and symbols; the questions about a type itself are `TypeQuestions`'. */
export class FileQueries extends TypeQuestions {
  private typeNodes: Node[] = [];
  private symbolNodes: Node[] = [];
  private readonly typeSet = new Set<Node>();
  private readonly symbolSet = new Set<Node>();
  private types = new Map<Node, Type | undefined>();
  private symbols = new Map<Node, TsSymbol | undefined>();
  private resolved = false;
  private batch: SymbolBatch | undefined;
  private properties: Node[] | undefined;
  private propertiesDone = false;
  /** Import aliases of this file by symbol id: the key of the export each names (see `exportKey`). */
  private readonly aliasKeys = new Map<number, string>();
  /** Round trips made for this file, for benchmarks and tests. */
  batches = 0;

  constructor(
    readonly sourceFile: SourceFile,
    cache: SnapshotCache,
  ) {
    super(cache);
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
   *
   * Symbols first: the checker keeps the first answer it works out for a JavaScript property whose
   * type it infers from the assignments in a class's methods, and an answer worked out from inside
   * one of those assignments (the type of `tls.connect({ socket: this.conn })` while `this.conn =
   * tlsConn` is being inferred) is `any`. The symbols asked (`pipe` of `this.conn.pipe`) reach such
   * properties from outside, as the code reads them; the types asked (a call's options) more often
   * from inside. In the other order, a finding of one rule depended on whether another rule ran.
   * Before both, one use of each of a JavaScript file's class properties is asked
   * (js-property-order.ts): questions of other analyses of the file, and the file's own types,
   * reached them from inside too.
   */
  resolve(pipeline?: RequestPipeline): void {
    if (this.resolved) return;
    this.resolved = true;
    this.ahead = pipeline;
    if (this.symbolNodes.length || this.typeNodes.length) this.askPropertiesFirst();
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
    if (this.typeNodes.length) {
      const result = this.checker.getTypeAtLocation(this.typeNodes);
      this.batches++;
      this.typeNodes.forEach((n, i) => this.types.set(n, result[i]));
    }
  }

  /**
   * A second round of questions after the batch ran: a rule run again on the whole file after
   * deciding (rule-phases.ts `runWhole`) visits every node again and asks for what it needs. The
   * answers already in hand stay; the next `resolve` asks only for nodes not asked before.
   */
  reopen(): void {
    if (!this.resolved) return;
    this.resolved = false;
    this.symbolNodes = [];
    this.typeNodes = [];
    this.batch = undefined;
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

  /**
   * Uses of the file's JavaScript class properties, asked once per snapshot before any other
   * question about the file (js-property-order.ts): the same request in `prefetch` and `resolve`.
   */
  private propertyUses(): Node[] {
    if (!this.properties) {
      const path = this.sourceFile.fileName;
      this.properties = this.cache.propertiesAsked.has(path) ? [] : propertyUsesToAskFirst(this.sourceFile);
      this.cache.propertiesAsked.add(path);
    }
    return this.properties;
  }

  private askPropertiesFirst(): void {
    const uses = this.propertyUses();
    if (this.propertiesDone || !uses.length) return;
    this.propertiesDone = true;
    this.checker.getSymbolAtLocation(uses);
    this.batches++;
  }

  /** Sends this file's batches ahead (bulk linting); `resolve` then reads their answers. */
  prefetch(pipeline: RequestPipeline): void {
    if (this.resolved) return;
    const calls: (() => unknown)[] = [];
    // In the order `resolve` asks them: the compiler works them out in the order it gets them.
    const uses = (this.symbolNodes.length || this.typeNodes.length) && !this.propertiesDone ? this.propertyUses() : [];
    if (uses.length) calls.push(() => this.checker.getSymbolAtLocation(uses));
    if (this.symbolNodes.length) calls.push(() => this.checker.getSymbolAtLocation(this.symbolBatch().nodes));
    if (this.typeNodes.length) calls.push(() => this.checker.getTypeAtLocation(this.typeNodes));
    pipeline.prefetchAll(calls);
  }

  /**
   * Phase 2: the symbol of a node nobody asked for in phase 1 (one round trip, cached). For
   * questions that only a rare decision needs: batching them would ask for every candidate.
   */
  lateSymbolOf(node: Node): TsSymbol | undefined {
    this.askPropertiesFirst();
    askLate(this.symbols, node, () => this.checker.getSymbolAtLocation(node));
    return this.symbolOf(node);
  }

  /** Phase 2: the type of a node nobody asked for in phase 1 (one round trip, cached); see lateSymbolOf. */
  lateTypeOf(node: Node): Type | undefined {
    this.askPropertiesFirst();
    return askLate(this.types, node, () => this.checker.getTypeAtLocation(node));
  }

  /**
   * Phase 2: asks, in one round trip, the types of nodes nobody asked for in phase 1 that the
   * decisions are about to read with `lateTypeOf`. A failed batch leaves them to be asked one by one.
   */
  lateTypesOf(nodes: readonly Node[]): void {
    this.askPropertiesFirst();
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
      } catch (error) {
        if (isAskedAhead(error)) throw error;
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
      // A symbol's parent follows from where it is declared: for declarations in files no edit
      // changed since, the name asked in an earlier snapshot stands (one round trip each saved
      // on every keystroke: the call-graph collectors ask it of every call of the edited file).
      const carried = this.cache.declarationParents;
      const key = carried && declarationKey(symbol);
      name = key ? carried.get(key) : undefined;
      if (name === undefined) {
        const parent = symbol.getParent();
        name = parent ? parent.name.replace(/^"(.*)"$/, "$1").replace(/^node:/, "") : null;
        if (key) carried!.set(key, name);
      }
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
    } catch (error) {
      if (isAskedAhead(error)) throw error;
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
}

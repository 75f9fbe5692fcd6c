// "May the promise of a call to this function reject?", per function of the project's own code,
// across files and through methods. A function cannot reject when everything it does outside a
// catch-all `try` is ordinary (see rejection-sources.ts) and every project function whose promise
// it passes on (awaits outside such a try, or returns) cannot reject either. The facts live in a
// CallGraph shared by every rule that asks (summary id `may-reject`), invalidated with the files
// they point into; the verdicts are memoised per question-asker (one file's decisions).
import { SyntaxKind, nodeIndex, type CallExpression, type Node, type PropertyAccessExpression, type SourceFile } from "./typescript";
import { isAsyncFunction, isFunctionLike, type FunctionLike } from "./async-context";
import { functionKey, type CallGraph, type FileFacts, type FunctionFacts, type FunctionKey, type Site } from "./call-graph";
import { declaringNode, implementationBeside, methodImplementationBeside } from "./blocking-calls";
import { functionName } from "./function-names";
import { rangeOf } from "./positions";
import { rejectionSources, type PassedOn } from "./rejection-sources";
import { hasNoRejectTag } from "./no-reject-tag";
import { resolvesToEmitter } from "./emitter-promises";
import { projectHandlesRejectionOf } from "./handled-elsewhere";
import { nameText, skipParens } from "./promise-syntax";
import { isHandledError, thrownIdentities } from "./error-filters";
import type { FileAnalysis, RuleContext } from "../rules/rule";

/** The summary id under which rules share these facts (`context.callGraph(..., mayRejectSummary)`). */
export const mayRejectSummary = "may-reject";

const functionKinds: readonly SyntaxKind[] = [
  SyntaxKind.FunctionDeclaration,
  SyntaxKind.FunctionExpression,
  SyntaxKind.ArrowFunction,
  SyntaxKind.MethodDeclaration,
  SyntaxKind.GetAccessor,
];

/** Kinds of declarations that can hold a function with a body (what a call's symbol points at). */
const declaringKinds = new Set<SyntaxKind>([
  SyntaxKind.FunctionDeclaration,
  SyntaxKind.MethodDeclaration,
  SyntaxKind.GetAccessor,
  SyntaxKind.VariableDeclaration,
  SyntaxKind.PropertyAssignment,
  SyntaxKind.PropertyDeclaration,
  SyntaxKind.FunctionExpression,
  SyntaxKind.ArrowFunction,
  SyntaxKind.BinaryExpression,
]);

/**
 * The node a call's symbol points at for this function: as `declaringNode`, plus CommonJS
 * assignments (`module.exports = fn`, `exports.load = fn`), whose declaration is the assignment.
 */
export function keyNodeOf(fn: FunctionLike): Node {
  let outer: Node = fn;
  while (outer.parent && outer.parent.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
  const parent = outer.parent as (Node & { right?: Node; operatorToken?: Node }) | undefined;
  if (parent && parent.kind === SyntaxKind.BinaryExpression && parent.right === outer && parent.operatorToken?.kind === SyntaxKind.EqualsToken) return parent;
  return declaringNode(fn);
}

interface Pending {
  fn: FunctionLike;
  facts: FunctionFacts;
  passedOn: PassedOn[];
  nullable: Node[];
  nested: FunctionLike[];
}

/**
 * Library promises that do not reject unless the caller asks for it (an abort signal): Node's
 * promise timers (`timers/promises`), whose only rejection is an abort.
 */
const nonRejectingLibraryCalls = new Set(["setTimeout", "setImmediate"]);

/**
 * The label of effects whose only evidence is the promise type of an external library's API (a
 * package's, Node's, the default library's: see `countLibrary`); an API the project declares in
 * its own sources (an interface it is handed, an ambient `declare`) is labelled apart.
 */
const libraryEvidenceLabel = ", a library call that can reject";
const declaredApiEvidenceLabel = ", a call of a declared API that can reject";
/** A library API whose rejection the project handles at another call in the same file (handled-elsewhere.ts): evidence by default. */
const handledLibraryEvidenceLabel = ", a library call whose rejection this file handles elsewhere";

/** An effect shown only by an external library's promise API (its type says promise; nothing says how it fails). */
export function isLibraryEvidence(effect: { label: string }): boolean {
  return effect.label.endsWith(libraryEvidenceLabel);
}

/**
 * The kind of evidence a "can" effect is (for the findings' `basis`: precision is measured per
 * kind, bench/precision/): what the summary found at the end of the chain.
 */
export type EffectKind =
  | "throw"
  | "promise-reject"
  | "executor-reject"
  | "executor-reported-error"
  | "callback-throws"
  | "library"
  | "library-handled"
  | "declared-api"
  | "ambient-api"
  | "stub"
  | "other";

export function effectKindOf(effect: { label: string }): EffectKind {
  const label = effect.label;
  if (label.endsWith(handledLibraryEvidenceLabel)) return "library-handled";
  if (label.endsWith(libraryEvidenceLabel)) return "library";
  if (label.endsWith(declaredApiEvidenceLabel)) return "declared-api";
  if (label === declaredWithoutBodyLabel) return "ambient-api";
  if (label === stubLabel) return "stub";
  if (label.endsWith("Promise.reject(...)") || label.endsWith(", a rejected promise")) return "promise-reject";
  if (label.endsWith("a new Promise whose executor rejects")) return "executor-reject";
  if (label.endsWith("a new Promise whose executor rejects with an error an API reports to it")) return "executor-reported-error";
  if (label.endsWith("a promise whose callback throws")) return "callback-throws";
  if (label.startsWith("throws")) return "throw";
  return "other";
}

const stubLabel = "is a stub its overrides implement (taken as I/O that can reject)";
const declaredWithoutBodyLabel = "is declared without a body (a library API)";
const teardownStubLabel = "is a teardown stub its overrides implement (they settle once the resource is released)";

/**
 * A library's teardown: releasing a connection, pool, server or client. Its promise settles once
 * the resource is gone, and drivers resolve it whether or not the goodbye reached the other side
 * (there is nothing left to fail), so the promise's type is no evidence of a rejection. Measured
 * on the tuning set: 1 of 5 dropped library teardowns was judged able to reject.
 */
const teardownNames = new Set(["close", "destroy", "end", "disconnect", "quit", "terminate", "dispose"]);

export function isLibraryTeardown(calleeName: string): boolean {
  return teardownNames.has(calleeName);
}

/**
 * A promise-returning function whose code is not the project's (a package, Node's or the default
 * library's types; an ambient `declare function` is summarised as one): I/O and library promises reject on failure, so a call of
 * one is evidence that the promise can reject.
 */
export function isLibraryPromiseApi(
  fa: Pick<FileAnalysis, "queries">,
  symbol: Parameters<FileAnalysis["queries"]["declarationOf"]>[0],
  calleeName: string,
): boolean {
  // A declaration file of the project itself (types written for its own JavaScript) is not a
  // library: what it declares is implemented by the project, whose code decides.
  const decl = fa.queries.declarationOf(symbol);
  if (!decl || isLibraryTeardown(calleeName)) return false;
  if (decl.isExternal && resolvesToEmitter(fa.queries.declarationNode(fa.queries.resolveAlias(symbol)))) return false;
  if (!decl.isExternal) return !decl.isDeclarationFile && isInterfaceMember(fa, symbol);
  // The built-in Promise's own methods (also through an alias, `this.Promise.resolve()`): only
  // `reject` shows a rejection; chains and combinators are decided by what they are given.
  const owner = fa.queries.parentName(symbol);
  if (owner === "PromiseConstructor" || owner === "Promise") return owner === "PromiseConstructor" && calleeName === "reject";
  // By the export's own name: `import { setTimeout as sleep }` is still Node's promise timer.
  return !nonRejectingLibraryCalls.has(symbol.name) && !nonRejectingLibraryCalls.has(calleeName);
}

/**
 * A returned library call makes a promise (`return path.join(...)` does not): its type says so,
 * or, untyped (a package without types), an async function returns it (its promise adopts
 * whatever it is). An awaited package API is taken as a promise without asking; an awaited API
 * the project declares is asked too (few: interfaces it is handed). Asked late: only such calls,
 * of functions without other evidence, get here.
 */
function makesPromise(fa: Pick<FileAnalysis, "queries">, call: Node, inAsync: boolean): boolean {
  const type = fa.queries.lateTypeOf(call);
  if (!type || fa.queries.isOpaque(type)) return inAsync;
  const info = fa.queries.promiseLikeInfo(type);
  return info.builtin || info.rejectableThenable;
}

/**
 * A call through a name imported from a package that has no types (`import retry from "async-retry"`,
 * `require("pkg").run()` bound to a name): a library call the checker cannot see.
 */
function importedFromPackage(fa: Pick<FileAnalysis, "bindings">, call: CallExpression): boolean {
  let root = skipParens(call.expression);
  while (root.kind === SyntaxKind.PropertyAccessExpression) root = skipParens((root as PropertyAccessExpression).expression);
  if (root.kind !== SyntaxKind.Identifier) return false;
  const binding = fa.bindings.forLocalName(nameText(root));
  return !!binding && !binding.module.startsWith(".") && !binding.module.startsWith("/");
}

/**
 * A method that only throws (`throw new Error("Not implemented")`), or is empty and documented
 * or declared to return a promise, or `abstract`: a stub whose overrides do the work. Calls
 * on `this` reach those, which the analysis does not follow; a promise-returning stub is an
 * interface to I/O like a library API.
 */
function isOverridableStub(fn: FunctionLike, sf: SourceFile): boolean {
  if (fn.kind !== SyntaxKind.MethodDeclaration) return false;
  const modifiers = (fn as unknown as { modifiers?: readonly Node[] }).modifiers;
  if (modifiers?.some(m => m.kind === SyntaxKind.AbstractKeyword)) return true;
  if (!fn.body || isAsyncFunction(fn)) return false;
  const statements = (fn.body as unknown as { statements: readonly Node[] }).statements;
  if (statements.length) return statements.every(st => st.kind === SyntaxKind.ThrowStatement);
  const returnType = (fn as unknown as { type?: Node }).type;
  const said = returnType ? returnType.getText(sf) : sf.text.slice(fn.pos, fn.getStart(sf));
  return /\bPromise\b/.test(returnType ? said : (said.match(/@returns?\s*\{[^}]*\}/)?.[0] ?? ""));
}

/**
 * An async method whose body only throws (`async send() { throw new Error("not implemented") }`):
 * a placeholder that subclasses override or that each instance replaces by assignment
 * (`connection.send = async (m) => ...`). Its throw is not what runs, so it shows nothing: the
 * verdict is "unknown". (A non-async one is a stub, taken as I/O: see isOverridableStub.)
 * Measured on the tuning set: 3 false findings of one class, none true.
 */
function isAsyncPlaceholder(fn: FunctionLike): boolean {
  if (fn.kind !== SyntaxKind.MethodDeclaration || !fn.body || !isAsyncFunction(fn)) return false;
  const statements = (fn.body as unknown as { statements: readonly Node[] }).statements;
  return statements.length > 0 && statements.every(st => st.kind === SyntaxKind.ThrowStatement);
}

const placeholderLabel = "is a placeholder that only throws (its overrides or replacements run instead)";

/**
 * A method or function-valued property of an interface or type in the project's source (not a
 * declaration file): the contract of a client the project is handed (a database, a queue, a
 * plugin), implemented by other code the analysis does not see, like a package's API.
 */
function isInterfaceMember(fa: Pick<FileAnalysis, "queries">, symbol: Parameters<FileAnalysis["queries"]["declarationHandle"]>[0]): boolean {
  const kind = fa.queries.declarationHandle(symbol)?.kind;
  return kind === SyntaxKind.MethodSignature || kind === SyntaxKind.PropertySignature;
}

/** The node is inside a `try` of the function (its catch or finally may throw something else in its place). */
function insideTry(node: Node, fn: FunctionLike): boolean {
  for (let n = node.parent; n && n !== fn; n = n.parent) if (n.kind === SyntaxKind.TryStatement) return true;
  return false;
}

/** `declare function f()`, a method of a `declare class`, or inside `declare module`/`namespace`. */
function isAmbientFunction(node: Node): boolean {
  if (node.kind !== SyntaxKind.FunctionDeclaration && node.kind !== SyntaxKind.MethodDeclaration) return false;
  for (let n: Node | undefined = node; n && n.kind !== SyntaxKind.SourceFile; n = n.parent) {
    const modifiers = (n as unknown as { modifiers?: readonly Node[] }).modifiers;
    if (modifiers?.some(m => m.kind === SyntaxKind.DeclareKeyword)) return true;
  }
  return false;
}

/**
 * One file's facts: for each function, `effects` are the reasons its promise may reject by itself
 * (labelled), `calls` the project functions whose promise it passes on.
 */
export class RejectionCollector {
  readonly visitKinds = functionKinds;
  private readonly pending: Pending[] = [];

  constructor(private readonly fa: FileAnalysis) {}

  /** A function whose body says nothing (a stub, a declaration): its one effect is that it may reject, for the reason `label`. */
  private addOpaque(fn: FunctionLike, at: Node, label: string, weak = false): void {
    const facts: FunctionFacts = {
      key: functionKey(this.fa.fileName, nodeIndex(keyNodeOf(fn))),
      name: functionName(fn),
      isAsyncContext: false,
      effects: [{ fileName: this.fa.fileName, range: rangeOf(this.fa.sourceFile, at), label, ...(weak ? { weak } : {}) }],
      calls: [],
    };
    this.pending.push({ fn, facts, passedOn: [], nullable: [], nested: [] });
  }

  visit(node: Node): void {
    if (!isFunctionLike(node)) return;
    const fn = node as FunctionLike;
    // A method under a JSDoc type (`/** @type {Promise<any>['catch']} */ catch(f) { ... }`) can come
    // back from the API with the type as its `body`: no facts (unknown) rather than a crash.
    if (fn.body && fn.kind !== SyntaxKind.ArrowFunction && fn.body.kind !== SyntaxKind.Block) return;
    if (isOverridableStub(fn, this.fa.sourceFile)) {
      // A teardown stub (`abstract close(): Promise<void>`) is no evidence, for the reason a
      // library's teardown is not (isLibraryTeardown): its implementations release a resource
      // and settle once it is gone. "Cannot tell", not "can reject".
      if (isLibraryTeardown(functionName(fn))) this.addOpaque(fn, fn, teardownStubLabel, true);
      else this.addOpaque(fn, fn, stubLabel);
      return;
    }
    if (isAsyncPlaceholder(fn)) {
      this.addOpaque(fn, fn, placeholderLabel, true);
      return;
    }
    if (!node.body) {
      // `declare function save(): Promise<void>`: implemented outside the project's code, like a package's API.
      if (isAmbientFunction(node) && !isLibraryTeardown(functionName(fn))) {
        this.addOpaque(fn, node, declaredWithoutBodyLabel);
      }
      return;
    }
    const key = functionKey(this.fa.fileName, nodeIndex(keyNodeOf(fn)));
    const facts: FunctionFacts = { key, name: functionName(fn), isAsyncContext: false, effects: [], calls: [] };
    if (hasNoRejectTag(this.fa.sourceFile, fn)) {
      this.pending.push({ fn, facts, passedOn: [], nullable: [], nested: [] });
      return;
    }
    const { reasons, passedOn, nullable, nested } = rejectionSources(this.fa.sourceFile, fn);
    // Reasons without evidence are `weak`: "cannot tell", not "can reject".
    for (const r of reasons) {
      // What a caller's catch can recognise the rejection by: a throw the function's own promise rejects with as is.
      const errors = r.evidence && r.node.kind === SyntaxKind.ThrowStatement && !insideTry(r.node, fn) ? thrownIdentities(r.node) : undefined;
      facts.effects.push({
        fileName: this.fa.fileName,
        range: rangeOf(this.fa.sourceFile, r.node),
        label: r.label,
        ...(r.evidence ? {} : { weak: true }),
        ...(r.parameter !== undefined ? { parameter: r.parameter } : {}),
        ...(errors ? { errors } : {}),
      });
    }
    // The calls and types are only worth asking about when no reason already shows a rejection.
    if (reasons.some(r => r.evidence)) {
      this.pending.push({ fn, facts, passedOn: [], nullable: [], nested: [] });
      return;
    }
    for (const p of passedOn) if (p.nameNode) this.fa.queries.needSymbol(p.nameNode);
    if (!reasons.length) for (const n of nullable) this.fa.queries.needType(n);
    this.pending.push({ fn, facts, passedOn, nullable: reasons.length ? [] : nullable, nested });
  }

  /**
   * The types of the awaited calls of APIs the project declares (an interface it is handed), which
   * `finish` reads to tell one declared to return a promise from one declared `void`: one round trip.
   */
  private askDeclaredApiTypes(): void {
    const { queries } = this.fa;
    const calls: Node[] = [];
    for (const { passedOn } of this.pending)
      for (const p of passedOn) {
        const symbol = p.how === "awaits" && p.nameNode ? queries.symbolOf(p.nameNode) : undefined;
        if (symbol && queries.declarationOf(symbol)?.isExternal === false && isLibraryPromiseApi(this.fa, symbol, nameText(p.nameNode!))) calls.push(p.call);
      }
    if (calls.length) queries.lateTypesOf(calls);
  }

  /** After the batch: resolves the passed-on calls to project functions. */
  finish(): { facts: FileFacts } {
    const { fileName, sourceFile } = this.fa;
    const functions = new Map<FunctionKey, FunctionFacts>();
    const dependsOn = new Set<string>();
    this.askDeclaredApiTypes();
    for (const { fn, facts, passedOn, nullable, nested } of this.pending) {
      const { queries } = this.fa;
      const maybeMissing = nullable.find(n => {
        const t = queries.typeOf(n);
        return !!t && queries.declaredNullable(t);
      });
      if (maybeMissing)
        facts.effects.push({ fileName, range: rangeOf(sourceFile, maybeMissing), label: "reads a property of a value that may be undefined", weak: true });
      for (const p of passedOn) {
        const symbol = p.nameNode && queries.symbolOf(p.nameNode);
        const target = symbol && projectFunctionKey(this.fa, symbol);
        const site = { fileName, range: rangeOf(sourceFile, p.call), label: calleeLabel(sourceFile, p.call) };
        if (!target) {
          const declaration = symbol && queries.declarationOf(symbol);
          // An awaited package API is taken as a promise without asking its type (a package's own
          // types say promise where it makes one); an API the project declares itself is asked:
          // one declared to return no promise (`onEvent?: (req: Request) => void`, awaited in case
          // an implementation is async) is no promise API, and its call is as unknown as any other.
          const library = declaration
            ? isLibraryPromiseApi(this.fa, symbol, nameText(p.nameNode!)) &&
              ((p.how === "awaits" && declaration.isExternal) || makesPromise(this.fa, p.call, isAsyncFunction(fn)))
            : isAsyncFunction(fn) && importedFromPackage(this.fa, p.call);
          // `Promise.reject` through an alias (`this.Promise.reject()`) rejects by itself: not a library's say-so.
          const rejects = library && !!symbol && queries.parentName(symbol) === "PromiseConstructor";
          // An API the project declares itself (an interface it is handed) is its own kind: see isExternalLibraryEvidence.
          const declared = library && !!symbol && queries.declarationOf(symbol)?.isExternal === false;
          // The project handling the same API's rejection elsewhere is a second piece of evidence beside the promise type.
          const handled = library && !rejects && !declared && !!symbol && projectHandlesRejectionOf(this.fa, symbol, p.nameNode!);
          const evidence = rejects
            ? ", a rejected promise"
            : declared
              ? declaredApiEvidenceLabel
              : handled
                ? handledLibraryEvidenceLabel
                : library
                  ? libraryEvidenceLabel
                  : "";
          facts.effects.push({
            ...site,
            label: `${p.how} ${site.label}${evidence}`,
            ...(library ? {} : { weak: true }),
          });
          continue;
        }
        facts.calls.push({ ...site, target, ...(p.unlessError ? { unlessError: p.unlessError } : {}) });
        dependsOn.add(target.slice(0, target.lastIndexOf(":")));
      }
      for (const f of nested) {
        facts.calls.push({ fileName, range: rangeOf(sourceFile, f), label: "a callback", target: functionKey(fileName, nodeIndex(keyNodeOf(f))) });
      }
      functions.set(facts.key, facts);
    }
    return { facts: { fileName, functions, dependsOn } };
  }
}

/**
 * The key of the project function a symbol declares (not a package's). A declaration file of the
 * project that a compiler wrote beside its output (`x.d.ts` next to `x.js`: a package shipped
 * compiled, whose own imports resolve to the declarations) stands for the function of that name
 * in `x.js`, a top-level function or a method of a top-level class.
 */
export function projectFunctionKey(
  fa: Pick<FileAnalysis, "queries" | "project">,
  symbol: Parameters<FileAnalysis["queries"]["declarationHandle"]>[0],
): FunctionKey | undefined {
  const handle = fa.queries.declarationHandle(symbol);
  if (!handle || fa.queries.isExternalPath(handle.fileName)) return undefined;
  if (/\.d\.[cm]?ts$/.test(handle.fileName)) return compiledImplementationKey(fa, symbol, handle);
  if (!declaringKinds.has(handle.kind)) return undefined;
  return functionKey(handle.fileName, handle.index);
}

function compiledImplementationKey(
  fa: Pick<FileAnalysis, "queries" | "project">,
  symbol: Parameters<FileAnalysis["queries"]["declarationHandle"]>[0],
  handle: { fileName: string; kind: SyntaxKind },
): FunctionKey | undefined {
  // Only a compiler's output: a declaration file written by hand beside hand-written JavaScript is
  // a separate contract, and on the tuning set following those reached option-dependent rethrows
  // the summary cannot decide (50 false findings, 1 true).
  const js = fa.project?.analysisOf(handle.fileName.replace(/\.d\.([cm]?)ts$/, ".$1js"))?.sourceFile;
  if (!js || !isCompilerOutput(js.text)) return undefined;
  if (handle.kind === SyntaxKind.FunctionDeclaration || handle.kind === SyntaxKind.VariableDeclaration)
    return implementationBeside(fa, handle.fileName, symbol.name);
  if (handle.kind !== SyntaxKind.MethodDeclaration) return undefined;
  const owner = fa.queries.declarationNode(symbol)?.parent;
  const className = owner?.kind === SyntaxKind.ClassDeclaration ? (owner as unknown as { name?: { text?: string } }).name?.text : undefined;
  return className ? methodImplementationBeside(fa, handle.fileName, className, symbol.name) : undefined;
}

function calleeLabel(sourceFile: FileAnalysis["sourceFile"], call: CallExpression): string {
  const text = call.expression.getText(sourceFile).replace(/\s+/g, "");
  return `${text.length <= 40 ? text : "…"}()`;
}

/**
 * JavaScript emitted by a compiler from TypeScript (or Babel): the CommonJS interop marker
 * (`Object.defineProperty(exports, "__esModule", ...)`) near the top, or a source map comment.
 */
function isCompilerOutput(text: string): boolean {
  return (
    /Object\.defineProperty\(exports, ["']__esModule["']|exports\.__esModule = true/.test(text.slice(0, 4000)) ||
    /\n\/\/# sourceMappingURL=\S+\s*$/.test(text.slice(-300))
  );
}

/**
 * "cannot": neither the function nor what it passes on can reject; "can": something it does or
 * passes on is shown to reject (a throw, `Promise.reject`, a library promise); "unknown": the
 * analysis cannot tell (calls that may throw, values of unknown origin).
 */
export type RejectionVerdict = "cannot" | "can" | "unknown";

/** Answers "can the promise of a call to this function reject?" for one file's decisions. */
export class RejectionSummaries {
  private readonly memo = new Map<FunctionKey, boolean>();
  private readonly verdicts = new Map<FunctionKey, RejectionVerdict>();

  /**
   * `countLibrary: false`: a library's promise API is no evidence by itself (it is "unknown"), so
   * a verdict of "can" rests on the project's own code (a throw, a rejecting executor,
   * `Promise.reject`, a stub). `cannotReject` is the same either way.
   */
  constructor(
    private readonly graph: CallGraph,
    private readonly countLibrary = true,
  ) {}

  /** A reason that shows a rejection under this summary's evidence. */
  private shows(effect: { label: string; weak?: boolean }): boolean {
    return !effect.weak && (this.countLibrary || !isLibraryEvidence(effect));
  }

  /** True only when the function is known and neither it nor what it passes on can reject. */
  cannotReject(key: FunctionKey): boolean {
    return !this.mayReject(key, new Set(), 0);
  }

  /**
   * The parameter whose function decides whether this function's promise rejects: its only
   * rejection is a promise executor that passes on what that function's promise rejects with
   * (callback-rejections.ts). Undefined when the function shows a rejection of its own.
   */
  callbackParameter(key: FunctionKey): number | undefined {
    const facts = this.graph.factsOfFunction(key);
    if (!facts || facts.effects.some(e => this.shows(e))) return undefined;
    return facts.effects.find(e => e.parameter !== undefined)?.parameter;
  }

  /** Whether the function's promise is shown to reject, shown not to, or neither. */
  verdict(key: FunctionKey): RejectionVerdict {
    return this.verdictOf(key, new Set(), 0);
  }

  /**
   * For a function whose verdict is "can" (or "unknown"): the calls from it to the effect that
   * shows the rejection (or that the analysis could not decide), the effect last (for the
   * finding's related locations).
   */
  evidenceChain(key: FunctionKey, wanted: RejectionVerdict = "can", ruledOut?: (site: Site) => boolean): Site[] {
    const chain: Site[] = [];
    const seen = new Set<FunctionKey>();
    // The errors the call that led here handles (its caller's catch): the function's throws of those are no evidence.
    let handled: readonly string[] | undefined;
    for (let k: FunctionKey | undefined = key; k && !seen.has(k) && chain.length < 25; ) {
      seen.add(k);
      const facts: FunctionFacts | undefined = this.graph.factsOfFunction(k);
      if (!facts) break;
      // The called function's own sites that this call cannot reach (see verdictWithout) are not its evidence.
      const reached = (site: Site) => k !== key || !ruledOut?.(site);
      const own = facts.effects.find(
        e => reached(e) && (wanted === "can" ? this.shows(e) && !isHandledError(e.errors, handled) : !this.shows(e) || isHandledError(e.errors, handled)),
      );
      if (own) {
        chain.push(own);
        break;
      }
      // Not back into the chain (recursion): another call shows the verdict.
      const next: FunctionFacts["calls"][number] | undefined = facts.calls.find(c => reached(c) && !seen.has(c.target) && this.callVerdict(c) === wanted);
      if (!next) break;
      chain.push(next);
      k = next.target;
      handled = next.unlessError;
    }
    return chain;
  }

  /**
   * The verdict for one call that cannot reach some of the function's own sites (`ruledOut`: code
   * its literal arguments rule out, argument-paths.ts): "can" only when a site it reaches shows a
   * rejection. Never "cannot" once a site is ruled out: the collector stops at a function's first
   * shown reason, so its other calls may be missing from its facts.
   */
  verdictWithout(key: FunctionKey, ruledOut: (site: Site) => boolean): RejectionVerdict {
    const facts = this.graph.factsOfFunction(key);
    if (!facts) return "unknown";
    if (!facts.effects.some(ruledOut) && !facts.calls.some(ruledOut)) return this.verdict(key);
    if (facts.effects.some(e => !ruledOut(e) && this.shows(e))) return "can";
    if (facts.effects.some(e => this.shows(e))) return "unknown";
    const onPath = new Set([key]);
    return facts.calls.some(c => !ruledOut(c) && this.callVerdictOf(c, onPath, 1) === "can") ? "can" : "unknown";
  }

  /** The verdict of one call: the target's, less the errors the call's catch handles (error-filters.ts). */
  callVerdict(call: FunctionFacts["calls"][number]): RejectionVerdict {
    return this.callVerdictOf(call, new Set(), 0);
  }

  /**
   * A call awaited in a try block whose catch throws only for errors other than `unlessError`: the
   * target's own throws of those are handled. "can" when the target shows another rejection of
   * its own; "unknown" when every one it shows is handled (the collector stops at a function's
   * first shown reason, so the calls it passes on are not in its facts: never "cannot"); else the
   * target's calls decide, as for any call (what they reject with is not read).
   */
  private callVerdictOf(call: FunctionFacts["calls"][number], onPath: Set<FunctionKey>, depth: number): RejectionVerdict {
    if (!call.unlessError) return this.verdictOf(call.target, onPath, depth);
    const facts = this.graph.factsOfFunction(call.target);
    if (!facts) return "unknown";
    const shown = facts.effects.filter(e => this.shows(e));
    if (shown.some(e => !isHandledError(e.errors, call.unlessError))) return "can";
    if (shown.length) return "unknown";
    return this.verdictOf(call.target, onPath, depth);
  }

  /**
   * The verdict of a function whose own calls are each read with the called function's sites that
   * call cannot reach (`ruledOutAt`: code its literal arguments rule out, argument-paths.ts), as
   * `verdictWithout` reads one call, with the chain to the evidence when "can". A callback handed
   * to a callee that drops its promise is such a function: its verdict is about its body's calls
   * as written, not every call of the functions it calls. Never "can" where `verdict` is not.
   */
  verdictThroughCalls(
    key: FunctionKey,
    ruledOutAt: (call: FunctionFacts["calls"][number]) => ((site: Site) => boolean) | undefined,
  ): { verdict: RejectionVerdict; chain: Site[] } {
    const verdict = this.verdict(key);
    const facts = this.graph.factsOfFunction(key);
    if (verdict !== "can" || !facts || facts.effects.some(e => this.shows(e))) return { verdict, chain: verdict === "can" ? this.evidenceChain(key) : [] };
    let through: RejectionVerdict = facts.effects.length ? "unknown" : "cannot";
    for (const c of facts.calls) {
      if (c.target === key) continue; // recursion: the other calls decide
      const ruledOut = ruledOutAt(c);
      // A call whose catch handles some errors: "can" only when both readings say so.
      const handled = c.unlessError ? this.callVerdict(c) : "can";
      const v = handled !== "can" ? handled : ruledOut ? this.verdictWithout(c.target, ruledOut) : this.verdict(c.target);
      if (v === "can") return { verdict: "can", chain: [c, ...this.evidenceChainFrom(c, ruledOut)] };
      if (v === "unknown") through = "unknown";
    }
    return { verdict: through, chain: [] };
  }

  /** The chain below a call (`evidenceChain` of its target), without the target's throws of the errors the call's catch handles. */
  private evidenceChainFrom(call: FunctionFacts["calls"][number], ruledOut?: (site: Site) => boolean): Site[] {
    if (!call.unlessError) return this.evidenceChain(call.target, "can", ruledOut);
    const facts = this.graph.factsOfFunction(call.target);
    const own = facts?.effects.find(e => this.shows(e) && !isHandledError(e.errors, call.unlessError) && !ruledOut?.(e));
    return own ? [own] : this.evidenceChain(call.target, "can", ruledOut);
  }

  private verdictOf(key: FunctionKey, onPath: Set<FunctionKey>, depth: number): RejectionVerdict {
    const memo = this.verdicts.get(key);
    if (memo !== undefined) return memo;
    if (onPath.has(key)) return "cannot"; // recursion: the rest of the cycle decides
    if (depth > 25) return "unknown";
    const facts = this.graph.factsOfFunction(key);
    let verdict: RejectionVerdict;
    if (!facts) verdict = "unknown";
    else if (facts.effects.some(e => this.shows(e))) verdict = "can";
    else {
      verdict = facts.effects.length ? "unknown" : "cannot";
      onPath.add(key);
      for (const c of facts.calls) {
        const v = this.callVerdictOf(c, onPath, depth + 1);
        if (v === "can") {
          verdict = "can";
          break;
        }
        if (v === "unknown") verdict = "unknown";
      }
      onPath.delete(key);
    }
    // A verdict found while a cycle was open may be incomplete; only memoise "can" or at the cycle's root.
    if (verdict === "can" || onPath.size === 0) this.verdicts.set(key, verdict);
    return verdict;
  }

  /** Why it may reject: the first reason found, following passed-on calls (for messages and tests). */
  private mayReject(key: FunctionKey, onPath: Set<FunctionKey>, depth: number): boolean {
    const memo = this.memo.get(key);
    if (memo !== undefined) return memo;
    if (onPath.has(key)) return false; // recursion: the rest of the cycle decides
    if (depth > 25) return true;
    const facts = this.graph.factsOfFunction(key);
    let may = !facts || facts.effects.length > 0;
    if (!may) {
      onPath.add(key);
      may = facts!.calls.some(c => this.mayReject(c.target, onPath, depth + 1));
      onPath.delete(key);
    }
    // A "cannot" found while a cycle was open may be incomplete; only memoise at the cycle's root.
    if (may || onPath.size === 0) this.memo.set(key, may);
    return may;
  }
}

/** The summaries for a rule's file: the shared graph, computing other files' facts when asked. */
export function rejectionSummaries(context: Pick<RuleContext<unknown>, "callGraph">, countLibrary = true): RejectionSummaries {
  return new RejectionSummaries(
    context.callGraph(fa => new RejectionCollector(fa), mayRejectSummary),
    countLibrary,
  );
}

// "Does any caller wait for this function?", across files. A call of a project function either
// drops its result (an expression statement, `void f()`, `f().catch(...)` as a statement) or
// waits for it (awaits it, returns it, chains `.then`, stores it, passes it on). The facts are the
// call sites of each file, tied to the function they call by the checker's symbols, and live in
// one CallGraph per function NAME shared by every rule that asks (summary id `promise-use:<name>`),
// dropped with the files they point into. Callers are looked for only in the files whose text
// mentions the function's name, and only the calls and values with that name are asked about: a
// symbol costs the checker the type of the call's receiver, and asking it for every call of those
// files (one graph for all names) cost more than the rest of missing-timeout on typed code. A use
// of the function as a value (an argument, an element, a property's value, a return, an
// assignment, `.bind`) is recorded too, by symbol, and makes its callers unknown, unless the rule
// that asks knows no code can read it (`unreadValue`).
import { SyntaxKind, nodeAtIndex, nodeIndex, type CallExpression, type Node } from "./typescript";
import { isFunctionLike, type FunctionLike } from "./async-context";
import { functionKey, type CallGraph, type FileFacts, type FunctionFacts, type FunctionKey } from "./call-graph";
import { functionName } from "./function-names";
import { keyNodeOf, projectFunctionKey } from "./may-reject";
import { rangeOf } from "./positions";
import { callArguments, calleeOf, calleeParts, contains, enclosingFunction, parentSkippingOuter, isPropertyName, skipOuterExpressions, textOf } from "./syntax";
import type { Site } from "./call-graph";
import type { Range } from "./findings";
import { executorSettlesOnTimer, inTimedExecutor, isBoundedRace, isPromiseRace, raceArms } from "./race-timers";
import { identifiersNamedIn } from "./identifiers-by-text";
import type { FileAnalysis, RuleContext } from "../rules/rule";
import { isBrowserFile } from "./file-kinds";
import { namesAsString } from "./uncalled-members";
import { inDeadBranch, negatedTests, resultUse } from "./result-use";

/** The summary id under which rules share the facts about calls named `name`. */
export const promiseUseSummary = (name: string) => `promise-use:${name}`;

/** More files than this mention the name: too common to read them all; callers unknown. */
const maxFiles = 40;

/** The facts' one pseudo-function per file that holds the file's calls of project functions. */
const callsKey = (fileName: string) => functionKey(fileName, -1);

/**
 * A call of a project function, with what bounds the wait for it when something does: `kind`
 * "bounded" (raced with a timer where it stands), or, for a call that waits, the function it is
 * handed to (`passedTo`, as argument `parameter`) and the function that awaits or returns it
 * (`within`), whose own callers then decide.
 */
interface UseSite extends Site {
  target: FunctionKey;
  passedTo?: FunctionKey;
  within?: { key: FunctionKey; name: string };
}

/** A call or value of the name that the checker ties to no project function (`use`: what a tied one's `kind` would be). */
interface UntiedSite extends UseSite {
  use: string;
}
const untiedKind = "untied";

/** The effect kind of a function that races its parameter `parameter` with a timer (`label`: its key). */
const racesParameter = "races-parameter";
/** The effect kind that marks the package's entry file: whatever it declares, the package's users call. */
const entryFile = "entry";
/** The effect kind that marks browser code (`isBrowserFile`: a UI framework's import, browser-only globals). */
const browserFile = "browser";

/** The value a race arm waits for: `p`, `p.then(f)`, `p.catch(f).finally(g)` all wait for `p`. */
function armRoot(arm: Node): Node {
  let node = skipOuterExpressions(arm);
  for (;;) {
    if (node.kind !== SyntaxKind.CallExpression) return node;
    const callee = skipOuterExpressions((node as CallExpression).expression);
    if (callee.kind !== SyntaxKind.PropertyAccessExpression || !/^(then|catch|finally)$/.test(textOf((callee as unknown as { name: Node }).name) ?? ""))
      return node;
    node = skipOuterExpressions((callee as unknown as { expression: Node }).expression);
  }
}

/** Call-graph facts: every call of a project function in a file, and whether it waits for the result. */
class PromiseUseCollector {
  readonly visitKinds: readonly SyntaxKind[] = valueKinds;
  private readonly calls: CallExpression[] = [];
  /** Names that may be a project function used as a value (handed on, stored, bound). */
  private readonly values: Node[] = [];
  /** `{ f }` outside `module.exports = {...}`: the shorthand's symbol is the property's, so by name. */
  private readonly shorthands: Node[] = [];
  /** `Promise.race([...])` calls with a timer arm: their other arms are waited for at most the timer's delay. */
  private readonly boundedRaces: CallExpression[] = [];
  /** `new Promise(...)` expressions: a function that returns one settled by a timer may be a timeout helper (`timedHelperParameters`). */
  private readonly promises: Node[] = [];

  /**
   * @param name the only function name whose calls and values this collector records (races and
   *   the entry-file mark are recorded whatever the name: they are about the file).
   */
  constructor(
    private readonly fa: FileAnalysis,
    private readonly name: string,
  ) {}

  visit(node: Node): void {
    for (const value of valuesOf(node)) this.value(value);
    if (node.kind === SyntaxKind.ShorthandPropertyAssignment && !inModuleExports(node)) {
      const shorthand = textOf((node as unknown as { name: Node }).name) ?? "";
      if (shorthand === this.name) this.shorthands.push(node);
    }
    if (node.kind === SyntaxKind.NewExpression && textOf(skipOuterExpressions((node as unknown as { expression: Node }).expression)) === "Promise")
      this.promises.push(node);
    if (node.kind !== SyntaxKind.CallExpression) return;
    const call = node as CallExpression;
    if (isPromiseRace(call) && isBoundedRace(call, this.fa.bindings)) this.boundedRaces.push(call);
    const parts = calleeParts(calleeOf(call));
    if (!parts) return;
    // `f.bind(this)`, `f.call(x)`: the function itself is handed on.
    if (parts.receiverExpression && /^(bind|call|apply)$/.test(parts.nameNode.text)) this.value(parts.receiverExpression);
    if (parts.nameNode.text !== this.name || !this.mayBeProject(parts.nameNode, parts.receiver, !!parts.receiverExpression)) return;
    this.calls.push(call);
    this.fa.queries.needSymbol(parts.nameNode);
    for (const operand of negatedTests(call)) this.fa.queries.needType(operand);
    // Handed to another project function (`withTimeout(f(), ms)`): that function's symbol says which.
    const { parent, child } = parentSkippingOuter(call);
    if (parent?.kind === SyntaxKind.CallExpression && (parent as CallExpression).expression !== child) {
      const outer = calleeParts(calleeOf(parent as CallExpression));
      if (outer && this.mayBeProject(outer.nameNode, outer.receiver, !!outer.receiverExpression)) this.fa.queries.needSymbol(outer.nameNode);
    }
  }

  /** A function imported from a package is not the project's. */
  private mayBeProject(nameNode: Node, receiver: Node | undefined, hasReceiver: boolean): boolean {
    const local = receiver ?? (hasReceiver ? undefined : nameNode);
    const binding = local ? this.fa.bindings.forLocalName(textOf(local)!) : undefined;
    return !binding || binding.module.startsWith(".");
  }

  private value(expression: Node): void {
    const e = skipOuterExpressions(expression);
    const parts = e.kind === SyntaxKind.Identifier || e.kind === SyntaxKind.PropertyAccessExpression ? calleeParts(e) : undefined;
    if (!parts || parts.nameNode.text !== this.name || !this.mayBeProject(parts.nameNode, parts.receiver, !!parts.receiverExpression)) return;
    this.values.push(parts.nameNode);
    this.fa.queries.needSymbol(parts.nameNode);
  }

  finish(): { facts: FileFacts } {
    const { fileName, sourceFile, queries } = this.fa;
    const own: FunctionFacts = { key: callsKey(fileName), name: "(calls)", isAsyncContext: false, effects: [], calls: [] };
    const dependsOn = new Set<string>();
    const add = (nameNode: Node, at: Node, kind: string): UseSite | undefined => {
      const symbol = queries.symbolOf(nameNode);
      const target = symbol ? projectFunctionKey(this.fa, symbol) : undefined;
      if (!target) return undefined;
      const site: UseSite = { fileName, range: rangeOf(sourceFile, at), label: textOf(nameNode) ?? "", target, kind };
      own.calls.push(site);
      dependsOn.add(target.slice(0, target.lastIndexOf(":")));
      return site;
    };
    // A call or value named so that the checker ties to no project function (an untyped receiver,
    // `processor.verifyPayment(...)` on a parameter of compiled JavaScript): `PromiseUse.sitesByName`'s.
    const untied = (at: Node, use: string): UseSite => {
      const site: UntiedSite = { fileName, range: rangeOf(sourceFile, at), label: this.name, target: "", kind: untiedKind, use };
      own.effects.push(site);
      return site;
    };
    const keyOf = (fn: FunctionLike) => functionKey(fileName, nodeIndex(keyNodeOf(fn)));
    // Raced with a timer: a call in an arm is bounded; a parameter in an arm makes this function a timeout helper.
    const racedCalls = new Set<Node>();
    for (const race of this.boundedRaces) {
      const fn = enclosingFunction(race);
      for (const arm of raceArms(race)) {
        const root = armRoot(arm);
        if (root.kind === SyntaxKind.CallExpression) racedCalls.add(root);
        const index =
          fn && root.kind === SyntaxKind.Identifier
            ? (fn as unknown as { parameters: readonly { name: Node }[] }).parameters.findIndex(p => textOf(p.name) === textOf(root))
            : -1;
        if (fn && index >= 0) own.effects.push({ fileName, range: rangeOf(sourceFile, race), label: keyOf(fn), kind: racesParameter, parameter: index });
      }
    }
    // The same race written by hand: the function returns a `new Promise` whose executor settles on a timer and only chains the parameter.
    for (const promise of this.promises) {
      const timed = timedHelperParameters(promise, this.fa.bindings);
      if (!timed) continue;
      for (const index of timed.parameters)
        own.effects.push({ fileName, range: rangeOf(sourceFile, promise), label: keyOf(timed.helper), kind: racesParameter, parameter: index });
    }
    if (this.fa.isPackageEntry) own.effects.push({ fileName, range: rangeOf(sourceFile, sourceFile), label: fileName, kind: entryFile });
    if (isBrowserFile(this.fa)) own.effects.push({ fileName, range: rangeOf(sourceFile, sourceFile), label: fileName, kind: browserFile });
    const targetOf = (call: CallExpression) => {
      const parts = calleeParts(calleeOf(call));
      // Not asked in `visit` when it cannot be the project's (imported from a package).
      const symbol = parts && this.mayBeProject(parts.nameNode, parts.receiver, !!parts.receiverExpression) ? queries.symbolOf(parts.nameNode) : undefined;
      return symbol ? projectFunctionKey(this.fa, symbol) : undefined;
    };
    for (const call of this.calls) {
      // A call that never runs (below `if (!p)` for a promise `p`) waits for nothing. One waited for
      // in a `new Promise` executor whose timer rejects that promise is raced by hand.
      let use: string = racedCalls.has(call) ? "bounded" : inDeadBranch(this.fa, call) ? "drops" : resultUse(call);
      if (use === "waits" && inTimedExecutor(call, this.fa.bindings)) use = "bounded";
      const site = add(calleeParts(calleeOf(call))!.nameNode, call, use) ?? untied(call, use);
      if (use !== "waits") continue;
      const { parent, child } = parentSkippingOuter(call);
      if (parent?.kind === SyntaxKind.CallExpression && (parent as CallExpression).expression !== child) {
        const passedTo = targetOf(parent as CallExpression);
        if (passedTo) Object.assign(site, { passedTo, parameter: (parent as CallExpression).arguments.indexOf(child as never) });
      }
      const waiter = awaitingFunction(call);
      if (waiter) site.within = { key: keyOf(waiter), name: functionName(waiter) };
    }
    for (const name of this.values) add(name, name, "escapes") ?? untied(name, "escapes");
    for (const node of this.shorthands) own.effects.push({ fileName, range: rangeOf(sourceFile, node), label: this.name, kind: "shorthand" });
    return { facts: { fileName, functions: new Map([[own.key, own]]), dependsOn } };
  }
}

/**
 * A timeout helper written without `Promise.race` (`withTimeout(promise, ms)` returning `new
 * Promise((resolve, reject) => { const t = setTimeout(() => reject(new Error("timed out")), ms);
 * promise.then(...) })`): the function returns the `new Promise` (`return new Promise(...)`, or an
 * arrow's body), its executor settles it on a timer it starts whatever happens
 * (`executorSettlesOnTimer`), and each parameter in `parameters` is used, in the whole function,
 * only there, as a promise the executor chains or awaits (`p.then(...)`, `p.catch(...)`,
 * `p.finally(...)`, `await p`): the helper hands it to nobody else, and whoever awaits the helper's
 * promise waits at most the timer's delay, however long the parameter takes.
 */
function timedHelperParameters(promise: Node, bindings: FileAnalysis["bindings"]): { helper: FunctionLike; parameters: number[] } | undefined {
  const { parent, child } = parentSkippingOuter(promise);
  const helper = enclosingFunction(promise);
  if (!helper?.body || !parent) return undefined;
  const returned = parent.kind === SyntaxKind.ReturnStatement ? enclosingFunction(parent) === helper : parent === helper && helper.body === child;
  if (!returned) return undefined;
  const executor = callArguments(promise as CallExpression)[0];
  const fn = executor && skipOuterExpressions(executor);
  if (!fn || !isFunctionLike(fn) || !executorSettlesOnTimer(fn as FunctionLike, bindings)) return undefined;
  const sourceFile = promise.getSourceFile();
  const parameters: number[] = [];
  (helper as unknown as { parameters: readonly Node[] }).parameters.forEach((parameter, index) => {
    const declared = (parameter as unknown as { name: Node }).name;
    const name = declared.kind === SyntaxKind.Identifier ? textOf(declared) : undefined;
    if (!name) return;
    const uses = identifiersNamedIn(sourceFile, name).filter(id => id !== declared && contains(helper, id) && !isPropertyName(id));
    if (uses.length && uses.every(id => contains(fn, id) && isChainedOrAwaited(id))) parameters.push(index);
  });
  return parameters.length ? { helper, parameters } : undefined;
}

/** `p.then(...)`, `p.catch(...)`, `p.finally(...)` or `await p`: the promise is waited for there, not handed on. */
function isChainedOrAwaited(id: Node): boolean {
  const { parent, child } = parentSkippingOuter(id);
  if (parent?.kind === SyntaxKind.AwaitExpression) return true;
  if (parent?.kind !== SyntaxKind.PropertyAccessExpression || (parent as unknown as { expression: Node }).expression !== child) return false;
  const call = parent.parent;
  return (
    /^(then|catch|finally)$/.test(textOf((parent as unknown as { name: Node }).name) ?? "") &&
    call?.kind === SyntaxKind.CallExpression &&
    (call as CallExpression).expression === parent
  );
}

/** Where a function may be used as a value: an argument, an element, a property's value, an initializer, an assignment, a return. */
const valueKinds: readonly SyntaxKind[] = [
  SyntaxKind.CallExpression,
  SyntaxKind.NewExpression,
  SyntaxKind.ArrayLiteralExpression,
  SyntaxKind.PropertyAssignment,
  SyntaxKind.ShorthandPropertyAssignment,
  SyntaxKind.VariableDeclaration,
  SyntaxKind.BinaryExpression,
  SyntaxKind.ReturnStatement,
  SyntaxKind.ArrowFunction,
  SyntaxKind.ExportAssignment,
  SyntaxKind.ConditionalExpression,
];

function valuesOf(node: Node): readonly Node[] {
  const n = node as unknown as Record<string, Node | readonly Node[] | undefined>;
  switch (node.kind) {
    case SyntaxKind.CallExpression:
    case SyntaxKind.NewExpression:
      return (n.arguments as readonly Node[] | undefined) ?? [];
    case SyntaxKind.ArrayLiteralExpression:
      return n.elements as readonly Node[];
    case SyntaxKind.PropertyAssignment:
    case SyntaxKind.VariableDeclaration:
      return n.initializer ? [n.initializer as Node] : [];
    case SyntaxKind.BinaryExpression: {
      const op = (n.operatorToken as Node).kind;
      // `x = f`, `a || f`, `a ?? f` (not `exports.f = f`: importers' calls are read).
      if (op === SyntaxKind.EqualsToken) return /^(module\.)?exports(\.[\w$]+)?$/.test((n.left as Node).getText()) ? [] : [n.right as Node];
      return op === SyntaxKind.BarBarToken || op === SyntaxKind.QuestionQuestionToken || op === SyntaxKind.AmpersandAmpersandToken ? [n.right as Node] : [];
    }
    case SyntaxKind.ReturnStatement:
      return n.expression ? [n.expression as Node] : [];
    case SyntaxKind.ArrowFunction:
      return (n.body as Node).kind === SyntaxKind.Block ? [] : [n.body as Node];
    case SyntaxKind.ExportAssignment:
      return [n.expression as Node];
    case SyntaxKind.ConditionalExpression:
      return [n.whenTrue as Node, n.whenFalse as Node];
    default:
      return [];
  }
}

function inModuleExports(shorthand: Node): boolean {
  const assignment = shorthand.parent?.parent;
  return assignment?.kind === SyntaxKind.BinaryExpression && /^(module\.)?exports$/.test((assignment as unknown as { left: Node }).left.getText());
}

/**
 * The function whose own promise waits for this call: the call is awaited (`await f()`, at any
 * statement of an async function) or returned (`return f()`, `=> f()`) there. A call stored or
 * handed on is waited for elsewhere: none.
 */
export function awaitingFunction(call: Node): FunctionLike | undefined {
  const fn = enclosingFunction(call);
  if (!fn) return undefined;
  const { parent, child } = parentSkippingOuter(chainEnd(call));
  // `await f()` anywhere in the function: it goes on only once the call settles.
  if (parent?.kind === SyntaxKind.AwaitExpression) return fn;
  if (parent?.kind === SyntaxKind.ReturnStatement) return fn;
  return parent === fn && (fn as unknown as { body: Node }).body === child ? fn : undefined;
}

/** `f().then(g).catch(h)`: the chain's last call, whose promise waits for `f()`'s. */
function chainEnd(call: Node): Node {
  let node = call;
  for (;;) {
    const { parent, child } = parentSkippingOuter(node);
    if (parent?.kind !== SyntaxKind.PropertyAccessExpression || (parent as unknown as { expression: Node }).expression !== child) return node;
    const outer = parent.parent;
    if (!/^(then|catch|finally)$/.test(textOf((parent as unknown as { name: Node }).name) ?? "")) return node;
    if (outer?.kind !== SyntaxKind.CallExpression || (outer as CallExpression).expression !== parent) return node;
    node = outer;
  }
}

/** The calls of one function across the project: how many drop its result, whether any waits, or unknown. */
export type Callers = { known: false } | { known: true; drops: number; waits: number };

export class PromiseUse {
  private readonly graphs = new Map<string, CallGraph>();
  private readonly memo = new Map<FunctionKey, Callers>();

  /**
   * @param unreadValue whether a use of a function as a value (at `range` of `fileName`: a shorthand
   *   `{ f }` or a property's value `{ key: f }`) can be read by no code: such a use hands the
   *   function to nobody, and its calls stay its only callers (a property of a module-level object
   *   that no code reads: the rule that asks decides). Without it, every value use makes the
   *   callers unknown.
   */
  constructor(
    private readonly context: Pick<RuleContext<unknown>, "callGraph" | "project" | "fileName" | "sourceFile">,
    private readonly unreadValue?: (fileName: string, range: Range) => boolean,
  ) {}

  private unread(site: Site): boolean {
    return !!this.unreadValue?.(site.fileName, site.range);
  }

  /** The facts about calls named `name` (see the file comment). */
  private graphOf(name: string): CallGraph {
    let graph = this.graphs.get(name);
    if (!graph) {
      graph = this.context.callGraph(fa => new PromiseUseCollector(fa, name), promiseUseSummary(name));
      this.graphs.set(name, graph);
    }
    return graph;
  }

  /**
   * The project's calls of `fn`. Unknown (someone else may wait for it) when it has no name, no
   * call in the project (a library's user or a framework calls it), too common a name, or when it
   * is used as a value anywhere (handed on, stored, bound, put in an object other than
   * `module.exports`): whoever receives it may await it; and when it lives in the package's entry
   * file, whose exports the package's users call.
   */
  callersOf(fn: FunctionLike): Callers {
    const key = functionKey(fn.getSourceFile().fileName, nodeIndex(keyNodeOf(fn)));
    const memo = this.memo.get(key);
    if (memo) return memo;
    const answer = this.find(fn, key);
    this.memo.set(key, answer);
    return answer;
  }

  /** Where the project calls `fn` (file and range of each call), when its callers are known (see `callersOf`); undefined otherwise. */
  callSitesOf(fn: FunctionLike): readonly Site[] | undefined {
    const key = functionKey(fn.getSourceFile().fileName, nodeIndex(keyNodeOf(fn)));
    const name = functionName(fn);
    return this.inEntryFile(key, name) ? undefined : this.sitesOf(key, name);
  }

  private find(fn: FunctionLike, key: FunctionKey): Callers {
    const name = functionName(fn);
    if (this.inEntryFile(key, name)) return { known: false };
    const sites = this.sitesOf(key, name);
    if (!sites) return { known: false };
    const drops = sites.filter(s => s.kind === "drops").length;
    return { known: true, drops, waits: sites.length - drops };
  }

  /** Every call of the function `key` named `name` in the project; undefined when its callers are unknown (see `callersOf`). */
  private sitesOf(key: FunctionKey, name: string): UseSite[] | undefined {
    const named = this.factsNaming(name);
    if (!named) return undefined;
    const sites: UseSite[] = [];
    for (const facts of named) {
      if (facts.effects.some(e => e.kind === "shorthand" && e.label === name && !this.unread(e))) return undefined;
      for (const call of facts.calls) {
        if (call.target !== key) continue;
        if (call.kind === "escapes") {
          if (this.unread(call)) continue;
          return undefined;
        }
        sites.push(call);
      }
    }
    return sites.length ? sites : undefined;
  }

  /** The call facts of each project file whose text mentions `name`; undefined for no name or when more than `maxFiles` files mention it. */
  private factsNaming(name: string): FunctionFacts[] | undefined {
    const project = this.context.project;
    if (!project || name === "(anonymous)" || name === "constructor") return undefined;
    const files = project.filesMentioning(name);
    if (files.length > maxFiles) return undefined;
    const graph = this.graphOf(name);
    return files.flatMap(file => graph.factsOfFile(file)?.functions.get(callsKey(file)) ?? []);
  }

  /**
   * For a method the checker ties no call or value to (every call of it is on a receiver without a
   * type, as `processor.verifyPayment(...)` on a parameter of compiled JavaScript, or through an
   * interface): every call in the project with its name, whatever the checker ties it to (another
   * class's method of the name may dispatch to this one), and only when none of the project's uses
   * of the name is a value (handed on, stored, bound, a shorthand) or a string (`obj[name]()`).
   * Undefined otherwise, or when the name is in more than `maxFiles` files or has no call at all.
   */
  private sitesByName(key: FunctionKey, name: string): UseSite[] | undefined {
    const named = this.factsNaming(name);
    if (!named) return undefined;
    for (const file of this.context.project!.filesMentioning(name)) {
      const analysis = this.context.project!.analysisOf(file);
      if (!analysis || namesAsString(analysis.sourceFile, name)) return undefined;
    }
    const sites: UseSite[] = [];
    for (const facts of named) {
      for (const call of facts.calls) {
        if (call.target === key || call.kind === "escapes") return undefined;
        sites.push(call);
      }
      for (const effect of facts.effects) {
        if (effect.kind === "shorthand" && effect.label === name) return undefined;
        if (effect.kind !== untiedKind) continue;
        const { use } = effect as UntiedSite;
        if (use === "escapes") return undefined;
        sites.push({ ...(effect as UntiedSite), kind: use });
      }
    }
    return sites.length ? sites : undefined;
  }

  /** The function `key` is a method of a class. */
  private isMethod(key: FunctionKey): boolean {
    const at = key.lastIndexOf(":");
    const sourceFile = this.context.project?.analysisOf(key.slice(0, at))?.sourceFile;
    const node = sourceFile && nodeAtIndex(sourceFile, Number(key.slice(at + 1)));
    return (
      node?.kind === SyntaxKind.MethodDeclaration && (node.parent?.kind === SyntaxKind.ClassDeclaration || node.parent?.kind === SyntaxKind.ClassExpression)
    );
  }

  /**
   * Whether `fn` runs only in a browser: its callers are known (see `callersOf`) and every one of
   * them is in browser code (a file that imports a UI framework or touches browser-only globals).
   * A helper module without such imports of its own, called only from UI components, is bundled
   * for the page, not run by Node.
   */
  calledOnlyFromBrowser(fn: FunctionLike): boolean {
    const key = functionKey(fn.getSourceFile().fileName, nodeIndex(keyNodeOf(fn)));
    const name = functionName(fn);
    if (this.inEntryFile(key, name)) return false;
    const sites = this.sitesOf(key, name);
    return !!sites && sites.every(site => this.ownEffects(site.fileName, name).some(e => e.kind === browserFile));
  }

  /**
   * Whether every wait for `fn`'s promise is bounded by a timer, however long `fn` itself takes:
   * each known caller races the call with a timer (`Promise.race([fn(), timer])`), hands it to a
   * project function that does (a timeout helper, known by its body, not its name), drops it, or
   * awaits or returns it in a function whose own waits are all bounded the same way (followed up
   * to `maxHops` callers). Callers must be known (see `callersOf`: none on the way may live in the
   * package's entry file).
   */
  waitBounded(fn: FunctionLike): boolean {
    return this.boundedKey(functionKey(fn.getSourceFile().fileName, nodeIndex(keyNodeOf(fn))), functionName(fn), 0);
  }

  /** Answers so far; `undefined` while a function's callers are being read (a cycle: not bounded). */
  private readonly bounded = new Map<FunctionKey, boolean | undefined>();

  private boundedKey(key: FunctionKey, name: string, hops: number): boolean {
    if (this.bounded.has(key)) return this.bounded.get(key) ?? false;
    if (hops > maxHops) return false;
    this.bounded.set(key, undefined);
    const answer = this.boundedByCallers(key, name, hops);
    this.bounded.set(key, answer);
    return answer;
  }

  /** The function `key` (named `name`) lives in the package's entry file (its facts say so). */
  private inEntryFile(key: FunctionKey, name: string): boolean {
    return this.ownEffects(key.slice(0, key.lastIndexOf(":")), name).some(e => e.kind === entryFile);
  }

  private boundedByCallers(key: FunctionKey, name: string, hops: number): boolean {
    if (this.inEntryFile(key, name)) return false;
    const sites = this.sitesOf(key, name) ?? (this.isMethod(key) ? this.sitesByName(key, name) : undefined);
    if (!sites) return false;
    let bounded = 0;
    for (const site of sites) {
      if (site.kind === "drops") continue;
      if (site.kind === "bounded" || (site.passedTo && this.racesParameter(site.passedTo, site.parameter, name))) bounded++;
      else if (site.within && this.boundedKey(site.within.key, site.within.name, hops + 1)) bounded++;
      else return false;
    }
    return bounded > 0;
  }

  /** The function `key` races its parameter `index` with a timer: a timeout helper. (`name`: the graph to read it from.) */
  private racesParameter(key: FunctionKey, index: number | undefined, name: string): boolean {
    return this.ownEffects(key.slice(0, key.lastIndexOf(":")), name).some(e => e.kind === racesParameter && e.label === key && e.parameter === index);
  }

  /** The file's own effects (races, the entry-file mark): the same in every name's graph; read from `name`'s, which has the file's facts already or soon. */
  private ownEffects(file: string, name: string): readonly Site[] {
    return this.graphOf(name).factsOfFile(file)?.functions.get(callsKey(file))?.effects ?? [];
  }
}

/** How many callers up `waitBounded` follows a promise before it gives up. */
const maxHops = 6;

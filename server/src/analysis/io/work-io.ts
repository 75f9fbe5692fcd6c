// The I/O that one item's work starts: the first capacity-limited resource its calls reach,
// following the project's functions through the call-graph facts, with untyped calls resolved to
// the project's only function of that name where there is one.
import { SyntaxKind, nodeIndex, type CallExpression, type Node, type SourceFile } from "../typescript";
import { forEachFunction, isFunctionLike, type FunctionLike } from "../async-context";
import { functionKey, type CallGraph, type FunctionKey } from "../call-graph";
import { declaringNode } from "../blocking-calls";
import { calleeParts, skipOuterExpressions, textOf, type CalleeParts } from "../syntax";
import type { FileAnalysis } from "../../rules/rule";
import { isWeakKind, type IoEffect, type IoKind } from "./io-kinds";
import { IoClassifier, labelOf, partsOf, type IoClass } from "./io-classifier";
import { CarriedAnswers } from "../carried-callees";
import { editMentions, type Shift } from "../engine/unit-carry";
import { callsBackFromExecutor, computesByName, forEachNode, isAwaited } from "./unknown-call-hints";

/**
 * The I/O that some work (a callback, an expression) starts, following the project's functions:
 * a known resource before an unknown async call. Phase 1 `prepare`, phase 2 `of`.
 */
export class WorkIo {
  private readonly classifier: IoClassifier;
  private readonly graphOf: () => CallGraph;
  /**
   * In the editor, with a carry key: each call's classification in the functions an edit did not
   * touch, from the last lint (what the call reaches follows from its own syntax, the module
   * bindings and the declarations, as for the I/O collector's carried calls), so that a fan-out
   * judged again there asks the checker nothing about its work's calls. What the project
   * functions reached do (their summaries) is still followed anew.
   */
  private readonly carried: CarriedAnswers<IoClass | "unresolved"> | undefined;

  /**
   * @param graph the I/O call graph, or a function that asks for it: a rule that reads summaries
   * only for some findings asks for them only then (check-then-act-across-await stays
   * function-scoped for the files where no work reaches the project's functions).
   * @param carryKey carry classifications in the editor under this key (the caller calls `record` after deciding).
   */
  constructor(
    private readonly fa: FileAnalysis,
    graph: CallGraph | (() => CallGraph),
    carryKey?: string,
  ) {
    this.classifier = new IoClassifier(fa, true);
    this.graphOf = typeof graph === "function" ? graph : () => graph;
    this.carried = carryKey ? new CarriedAnswers<IoClass | "unresolved">(fa, carryKey, moveClass, plan => !editMentions(plan)) : undefined;
  }

  /** The call's classification: carried, or asked of the classifier (and kept for the next lint). */
  private classify(call: Node): IoClass | "unresolved" {
    const c = this.carried?.carried(call) ?? this.classifier.classify(call);
    this.carried?.answer(call, c);
    return c;
  }

  /** After the decisions: this lint's classifications by function, for the next lint in the editor. */
  record(): void {
    this.carried?.record();
  }

  private get graph(): CallGraph {
    return this.graphOf();
  }

  /**
   * Untyped JavaScript: `fileList.removeFile(p)` on a value the checker knows nothing of (an
   * injected dependency, a parameter without a type). When exactly one function or method of the
   * project has that name, the call is taken to be it, and its summary says what it reaches
   * (possibly nothing). Asked only for the calls of a fan-out's work, not per node.
   */
  private uniqueProjectFunction(call: Node): { key: FunctionKey; fn: FunctionLike } | undefined {
    const project = this.fa.project;
    const name = call.kind === SyntaxKind.CallExpression ? partsOf(call)?.nameNode.text : undefined;
    if (!project || !name || name.length < 4) return undefined;
    // What the project's function reaches is a summary, even when its body alone decides.
    void this.graph;
    const files = project.filesMentioningAtMost(name, maxNameFiles);
    if (!files) return undefined;
    let found: { key: FunctionKey; fn: FunctionLike } | undefined;
    for (const fileName of files) {
      const home = fileName === this.fa.fileName;
      const fa = home ? this.fa : project.analysisOf(fileName);
      if (!fa) continue;
      for (const fn of functionsNamed(fa.sourceFile, name)) {
        if (found) return undefined;
        found = { key: functionKey(fa.fileName, nodeIndex(declaringNode(fn))), fn };
      }
    }
    return found;
  }

  prepare(work: Node): void {
    for (const call of callsIn(work)) if (this.carried?.carried(call) === undefined) this.classifier.prepare(call);
  }

  /**
   * The first I/O the work reaches (a named resource preferred), or undefined when it reaches
   * none. A call nothing is known about counts when its result is the work's result (awaited,
   * returned, the work itself): untyped code gets the benefit of the doubt only there.
   */
  of(work: Node): IoEffect | undefined {
    let unknown: IoEffect | undefined;
    const w = skipOuterExpressions(work);
    for (const call of callsIn(work)) {
      const c = this.classify(call);
      let found: IoEffect | undefined;
      const unique = c === "unresolved" ? this.uniqueProjectFunction(call) : undefined;
      const chain = unique ? this.graph.reachOf(unique.key) : undefined;
      const reached = chain?.[chain.length - 1]!.kind as IoKind | undefined;
      // Only a known resource decides: a possible one (an unknown call, a hook runner) says no more
      // than the unresolved call itself.
      if (chain && reached && reached !== "async") found = { kind: reached, label: labelOf(call, this.partsOf(call)), chain };
      // The project's only function of that name reaches nothing and waits on nothing: it is done
      // before the next item starts. (Reaching nothing in untyped code is not enough: the summaries
      // miss what they cannot resolve.)
      else if (unique && finishesSynchronously(unique.fn)) continue;
      else if (c === "unresolved" || (c.kind === "none" && callsBackFromExecutor(call))) {
        if ((call === w || isAwaited(call) || callsBackFromExecutor(call)) && !computesByName(call))
          found = { kind: "async", label: labelOf(call, this.partsOf(call)) };
      } else if (c.kind === "parameter") {
        // `resolve()`, `l(e)`: a parameter of a function inside the work is plumbing or the item itself.
        if (outerParameter(call, w)) found = { kind: "async", label: c.label, viaParameter: true };
      } else if (c.kind === "effect") found = c.effect;
      else if (c.kind === "target") {
        const chain = this.graph.reachOf(c.key);
        if (chain) {
          const last = chain[chain.length - 1]!;
          found = { kind: (last.kind as IoKind | undefined) ?? "async", label: c.label, chain };
        }
      }
      // `fetchFromURL(readResource, ...)`: the callee calls the function it is given, and what is
      // given is a function the caller of this code passed in.
      if (!found && c !== "unresolved" && c.kind === "target" && call.kind === SyntaxKind.CallExpression) {
        const called =
          this.graph
            .factsOfFile(c.key.slice(0, c.key.lastIndexOf(":")))
            ?.functions.get(c.key)
            ?.effects.filter(e => e.parameter !== undefined) ?? [];
        const args = (call as CallExpression).arguments;
        const passed = called
          .map(e => args[e.parameter!])
          .find(arg => !!arg && skipOuterExpressions(arg).kind === SyntaxKind.Identifier && outerParameter(skipOuterExpressions(arg), w));
        if (passed) found = { kind: "async", label: `${textOf(skipOuterExpressions(passed))}()`, viaParameter: true };
      }
      // `el.getId()` on the item itself: an accessor of what the item holds, not a request for it.
      if (found?.kind === "async" && !found.chain && itemAccessor(call, w)) found = undefined;
      if (!found) continue;
      if (!isWeakKind(found.kind)) return found;
      unknown ??= found;
    }
    return unknown;
  }

  /**
   * Every kind of I/O the work can reach, following the project's functions to the end
   * (`CallGraph.kindsReached`), where `of` stops at the first: for "does this work touch only the
   * file system?". A call nothing is known about adds "async" where `of` would count it (its
   * result is the work's, awaited or called back from an executor). Empty: no I/O found.
   */
  kindsOf(work: Node): ReadonlySet<string> {
    const kinds = new Set<string>();
    const w = skipOuterExpressions(work);
    const add = (more: Iterable<string>) => {
      for (const k of more) kinds.add(k);
    };
    for (const call of callsIn(work)) {
      const c = this.classify(call);
      if (c === "unresolved" || (c.kind === "none" && callsBackFromExecutor(call))) {
        const unique = c === "unresolved" ? this.uniqueProjectFunction(call) : undefined;
        if (unique) add(this.graph.kindsReached(unique.key));
        else if ((call === w || isAwaited(call) || callsBackFromExecutor(call)) && !computesByName(call)) kinds.add("async");
      } else if (c.kind === "effect") kinds.add(c.effect.kind);
      else if (c.kind === "target") add(this.graph.kindsReached(c.key));
      // A function the caller passed in: anything.
      else if (c.kind === "parameter") kinds.add("async");
    }
    return kinds;
  }

  private partsOf(node: Node): CalleeParts | undefined {
    const n = skipOuterExpressions(node);
    return calleeParts(n.kind === SyntaxKind.CallExpression || n.kind === SyntaxKind.NewExpression ? (n as CallExpression).expression : n);
  }
}

/** A carried classification in the new tree's terms: a project function's key moved, or undefined (its unit is asked again). */
function moveClass(c: IoClass | "unresolved", shift: Shift): IoClass | "unresolved" | undefined {
  if (c === "unresolved" || c.kind !== "target") return c;
  const key = shift.key(c.key);
  return key === undefined ? undefined : { ...c, key };
}

/**
 * A function that neither awaits nor yields, and returns no call's result and no promise: it runs
 * to its end when called (`async removeFile(p) { this.files.delete(p); return this.files }`).
 */
function finishesSynchronously(fn: FunctionLike): boolean {
  const body = fn.body;
  if (!body || body.kind !== SyntaxKind.Block) return false;
  let waits = false;
  forEachNode(body, n => {
    if (waits || n === body) return;
    if (n.kind === SyntaxKind.AwaitExpression || n.kind === SyntaxKind.YieldExpression || n.kind === SyntaxKind.NewExpression) waits = true;
    else if (n.kind === SyntaxKind.ReturnStatement) {
      const e = (n as unknown as { expression?: Node }).expression;
      if (e && skipOuterExpressions(e).kind === SyntaxKind.CallExpression) waits = true;
    }
  });
  return !waits;
}

/** More project files than this mention a name: too common to take an untyped call of it for the one declaration. */
const maxNameFiles = 40;

const functionIndexes = new WeakMap<Node, Map<string, FunctionLike[]>>();
/** The functions a file declares with a body, by name (methods, function declarations, functions held by a variable or property); indexed once per file. */
function functionsNamed(sourceFile: Node, name: string): FunctionLike[] {
  let index = functionIndexes.get(sourceFile);
  if (!index) {
    index = new Map();
    forEachFunction(sourceFile as SourceFile, n => {
      if (!(n as unknown as { body?: Node }).body) return;
      const decl = declaringNode(n as FunctionLike);
      const fnName = textOf((decl as unknown as { name?: Node }).name);
      if (!fnName) return;
      let list = index!.get(fnName);
      if (!list) index!.set(fnName, (list = []));
      list.push(n as FunctionLike);
    });
    functionIndexes.set(sourceFile, index);
  }
  return index.get(name) ?? [];
}

/**
 * The calls some work makes, nested callbacks included (they run per item too); a function
 * reference counts as its call. Catch clauses are left out: error handling runs when an item
 * fails, it is not the work started per item.
 */
function callsIn(work: Node): Node[] {
  const w = skipOuterExpressions(work);
  if (w.kind === SyntaxKind.Identifier || w.kind === SyntaxKind.PropertyAccessExpression) return [w];
  const out: Node[] = [];
  if (w.kind === SyntaxKind.CallExpression || w.kind === SyntaxKind.NewExpression) out.push(w);
  const stack: Node[] = [w];
  while (stack.length) {
    const n = stack.pop()!;
    n.forEachChild(c => {
      if (c.kind === SyntaxKind.CatchClause) return;
      if (c.kind === SyntaxKind.CallExpression || c.kind === SyntaxKind.NewExpression) out.push(c);
      stack.push(c);
    });
  }
  return out.sort((a, b) => a.pos - b.pos);
}

/** A zero-argument `getX()` called on a parameter of the work itself (the item): reads what the item holds. */
function itemAccessor(call: Node, work: Node): boolean {
  if (call.kind !== SyntaxKind.CallExpression || (call as CallExpression).arguments.length) return false;
  const parts = partsOf(call);
  if (!parts?.receiver || !/^get[A-Z]\w*$/.test(parts.nameNode.text) || !isFunctionLike(work)) return false;
  return (work as unknown as { parameters: readonly { name: Node }[] }).parameters.some(p => textOf(p.name) === parts.receiver!.text);
}

/** Whether the callee or reference names a parameter of a function around the work, not one inside it. */
function outerParameter(node: Node, work: Node): boolean {
  const n = skipOuterExpressions(node);
  const name =
    n.kind === SyntaxKind.Identifier
      ? textOf(n)
      : n.kind === SyntaxKind.CallExpression
        ? textOf(skipOuterExpressions((n as CallExpression).expression))
        : undefined;
  if (!name) return false;
  let inside = true;
  for (let p = n.parent; p; p = p.parent) {
    if (isFunctionLike(p) && (p as unknown as { parameters: readonly { name: Node }[] }).parameters.some(param => textOf(param.name) === name)) return !inside;
    if (p === work) inside = false;
  }
  return false;
}

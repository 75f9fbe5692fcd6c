// Phase 1 of unbounded-concurrency: the places where work may fan out (Promise.all over a map,
// promises pushed in a loop, processes and workers started per item, calls started per item without
// waiting, an async forEach, p-map), kept with the questions their decision will ask (types, what the
// work reaches, where the collection comes from). fan-out-reports.ts decides on them.
import { SyntaxKind, type CallExpression, type Node, type NewExpression } from "../../analysis/typescript";
import type { ApiResolver } from "../../analysis/api-calls";
import { isAsyncFunction, isFunctionLike, type FunctionLike } from "../../analysis/async-context";
import { isBoundedCollection, iterationScopeOf, fetchedWithLimit, countingLoopBound, type IterationScope } from "./fan-out";
import { prepareOptions } from "../../analysis/options-object";
import { calleeParts, enclosingFunction, referenceName, skipOuterExpressions, textOf, type CalleeParts } from "../../analysis/syntax";
import type { WorkIo } from "../../analysis/io/work-io";
import { mapFanOut, mappedInto, pushedWork, startedCall, iterationMethodNames, type FanOut, type WrapperCall } from "./fan-out-shapes";
import { noTypes, scopeIsBounded, settledBySyntax } from "./width-evidence";
import { madeByCall, type MadeBy } from "./limiter-variables";
import type { SiteFreeUnits } from "./site-free-units";
import type { CarriedVerdicts } from "../../analysis/carried-callees";
import type { RuleContext } from "../rule";
import type { MessageId, UnboundedConcurrencyOptions } from "./index";

const promiseCombinators = new Set(["all", "allSettled", "any", "race"]);
export const processStarters: Record<string, Set<string>> = {
  child_process: new Set(["spawn", "fork", "exec", "execFile"]),
  cluster: new Set(["fork"]),
};

export interface Push {
  call: CallExpression;
  arrayName: string;
  pushed: Node;
  scope: IterationScope;
  fn: Node;
}
export interface Started {
  node: CallExpression | NewExpression;
  parts?: CalleeParts;
  scope: IterationScope;
  worker: boolean;
}
export interface Floating {
  statement: Node;
  call: CallExpression;
  scope: IterationScope;
}
export interface AsyncForEach {
  call: CallExpression;
  callback: FunctionLike;
  collection: Node;
}
export interface PMapCall {
  call: CallExpression;
  parts: CalleeParts;
}
/** An array handed to a Promise combinator by name (`await Promise.all(pending)`), in the function `fn`. */
export interface CombinedArray {
  name: string;
  call: CallExpression;
  fn: Node;
}

/** Every place of one file, by shape. */
export interface FanOutSites {
  fanOuts: FanOut[];
  pushes: Push[];
  combinedArrays: CombinedArray[];
  started: Started[];
  floating: Floating[];
  asyncForEach: AsyncForEach[];
  pMaps: PMapCall[];
  /** `promiseAll(xs.map(cb))`: known to fan out only in phase 2, when the wrapper is found to hand its argument to Promise.all. */
  wrappers: WrapperCall[];
  /** The variables made by calls, in document order: which hold limiters is decided from them (limiter-variables.ts). */
  made: MadeBy[];
}

export function noSites(): FanOutSites {
  return { fanOuts: [], pushes: [], combinedArrays: [], started: [], floating: [], asyncForEach: [], pMaps: [], wrappers: [], made: [] };
}

/**
 * What a node's own type says (an array of promises, a thenable, a collection bounded by its
 * type), carried in the editor for the functions an edit did not touch; what the work reaches,
 * where the collection comes from and everything else is judged again.
 */
export type TypeVerdicts = CarriedVerdicts<"promiseArray" | "thenable" | "boundedByType">;

/** What the visitor asks through: the rule's resolver and I/O summary, the collections' phase 1; and the functions it need not visit. */
export interface SiteQuestions {
  resolver: ApiResolver;
  io: WorkIo;
  prepareSource(node: Node | undefined): void;
  verdicts: TypeVerdicts;
  siteFree: SiteFreeUnits;
}

/** How many places were noted so far. */
const placesNoted = (s: FanOutSites) =>
  s.fanOuts.length +
  s.pushes.length +
  s.combinedArrays.length +
  s.started.length +
  s.floating.length +
  s.asyncForEach.length +
  s.pMaps.length +
  s.wrappers.length;

/** The rule's `visit`: notes each place in `sites` and asks phase 1's questions. */
export function siteVisitor(context: RuleContext<UnboundedConcurrencyOptions, MessageId>, ask: SiteQuestions, sites: FanOutSites): (node: Node) => void {
  const { resolver, io, prepareSource, verdicts, siteFree } = ask;
  // A pushed value or a started call whose carried verdict says it is no thenable: the decision
  // skips it first, so nothing is asked about it.
  const carriedNotThenable = (node: Node) => verdicts.carriedNo(node, "thenable");
  const { fanOuts, pushes, combinedArrays, started, floating, asyncForEach, pMaps, wrappers } = sites;
  // Phase 1's stand-in for `isTuple`: requests every type the bound checks of phase 2 can ask
  // about (they ask the same nodes, and explore every branch when told "not a tuple").
  /** The loop bodies and callbacks whose questions `prepareScope` asked. */
  const preparedScopes = new Set<Node>();
  const requestTuple = (node: Node) => {
    context.queries.needType(node);
    return false;
  };

  return node => {
    const unit = siteFree.unitOf(node);
    if (siteFree.skips(unit)) return;
    // The lists of the functions skipped before this node come first (document order).
    for (const m of siteFree.madeBefore(node.pos)) sites.made.push(m);
    const before = placesNoted(sites);
    const made = visit(node);
    if (made) sites.made.push(made);
    siteFree.note(unit, made, placesNoted(sites) !== before);
  };

  /** Notes the node's place, if it is one; returns the variable it makes by a call (a limiter, maybe). */
  function visit(node: Node): MadeBy | undefined {
    if (node.kind === SyntaxKind.VariableDeclaration || node.kind === SyntaxKind.PropertyDeclaration || node.kind === SyntaxKind.BinaryExpression)
      return madeByCall(node);
    if (node.kind === SyntaxKind.NewExpression) {
      const expr = skipOuterExpressions((node as NewExpression).expression);
      const name = referenceName(expr);
      if (name !== "Worker") return;
      const scope = iterationScopeOf(node);
      if (!scope || settledBySyntax(scope)) return;
      const parts = resolver.prepare(expr);
      started.push({ node: node as NewExpression, ...(parts ? { parts } : {}), scope, worker: true });
      prepareScope(scope);
      return;
    }
    if (node.kind === SyntaxKind.ExpressionStatement) {
      const scope = iterationScopeOf(node);
      if (!scope) return;
      const call = startedCall((node as unknown as { expression: Node }).expression);
      if (!call || settledBySyntax(scope) || carriedNotThenable(call)) return;
      floating.push({ statement: node, call, scope });
      context.queries.needType(call);
      io.prepare(call);
      prepareScope(scope);
      return;
    }
    if (node.kind === SyntaxKind.ArrowFunction && skipOuterExpressions((node as unknown as { body: Node }).body).kind === SyntaxKind.CallExpression) {
      // `xs.forEach(x => send(x))`: an expression-bodied callback is a statement per item too.
      const scope = iterationScopeOf((node as unknown as { body: Node }).body);
      const call = skipOuterExpressions((node as unknown as { body: Node }).body) as CallExpression;
      if (
        scope &&
        scope.kind === "callback" &&
        scope.body === node &&
        calleeParts((scope.node as CallExpression).expression)?.nameNode.text === "forEach" &&
        !settledBySyntax(scope) &&
        !carriedNotThenable(call)
      ) {
        floating.push({ statement: call, call, scope });
        context.queries.needType(call);
        io.prepare(call);
        prepareScope(scope);
      }
    }
    if (node.kind !== SyntaxKind.CallExpression) return;
    const call = node as CallExpression;
    const parts = calleeParts(call.expression);
    if (!parts) return;
    const name = parts.nameNode.text;
    if (promiseCombinators.has(name) && parts.receiver?.text === "Promise") {
      const arg = call.arguments[0];
      if (!arg) return;
      const a = skipOuterExpressions(arg);
      const fn = enclosingFunction(call) ?? context.sourceFile;
      // `const pending = ids.map(...); await Promise.all(pending)` is not followed: on real code
      // 8 of 10 such arrays were configuration-sized.
      const maps =
        a.kind === SyntaxKind.ArrayLiteralExpression
          ? (a as unknown as { elements: readonly Node[] }).elements
              .filter(e => e.kind === SyntaxKind.SpreadElement)
              .map(e => skipOuterExpressions((e as unknown as { expression: Node }).expression))
          : [a];
      for (const m of maps) {
        // `const pending = rows.map(...); await Promise.all(pending)`: the map where the array was made.
        const made = m.kind === SyntaxKind.Identifier ? mappedInto(m) : m;
        if (m.kind === SyntaxKind.Identifier) combinedArrays.push({ name: textOf(m)!, call, fn });
        if (made) noteFanOut(made, call);
      }
      return;
    }
    if (name === "push" && parts.receiver && call.arguments.length > 0) {
      const scope = iterationScopeOf(call);
      if (!scope || settledBySyntax(scope)) return;
      const pushed = skipOuterExpressions(call.arguments[0]!);
      if (carriedNotThenable(pushed)) return;
      pushes.push({ call, arrayName: parts.receiver.text, pushed, scope, fn: enclosingFunction(call) ?? context.sourceFile });
      context.queries.needType(pushed);
      io.prepare(pushedWork(pushed));
      prepareScope(scope);
      return;
    }
    // `promiseAll(xs.map(cb))`: a project function that hands its argument to Promise.all.
    if (!iterationMethodNames.has(name)) {
      call.arguments.forEach((arg, argIndex) => {
        const a = skipOuterExpressions(arg);
        const made = a.kind === SyntaxKind.Identifier ? mappedInto(a) : a;
        const fanOut = made ? mapFanOut(made, call) : undefined;
        if (!made || !fanOut) return;
        wrappers.push({ call, argIndex, map: made });
        if (fanOut.callback) io.prepare(fanOut.callback);
        prepareSource(fanOut.collection);
        isBoundedCollection(fanOut.collection, requestTuple);
        context.queries.needType(fanOut.collection);
        context.queries.needSymbol(parts.nameNode);
      });
    }
    if (name === "forEach" && parts.receiverExpression) {
      const cb = call.arguments[0] ? skipOuterExpressions(call.arguments[0]) : undefined;
      if (cb && isFunctionLike(cb) && isAsyncFunction(cb)) {
        asyncForEach.push({ call, callback: cb as FunctionLike, collection: parts.receiverExpression });
        context.queries.needType(parts.receiverExpression);
        isBoundedCollection(parts.receiverExpression, requestTuple);
        prepareSource(parts.receiverExpression);
        io.prepare(cb);
      }
      return;
    }
    if (processStarters.child_process!.has(name) || name === "fork") {
      const scope = iterationScopeOf(call);
      if (!scope || settledBySyntax(scope)) return;
      const prepared = resolver.prepare(call.expression);
      if (prepared) {
        started.push({ node: call, parts: prepared, scope, worker: false });
        prepareScope(scope);
      }
      return;
    }
    if (context.bindings.forLocalName(parts.receiver?.text ?? name)?.module === "p-map") {
      const prepared = resolver.prepare(call.expression);
      if (prepared) {
        pMaps.push({ call, parts: prepared });
        prepareOptions(context, call.arguments[2]);
        if (call.arguments[1]) io.prepare(call.arguments[1]);
        prepareSource(call.arguments[0]);
        if (call.arguments[0]) isBoundedCollection(call.arguments[0], requestTuple);
      }
    }
    return undefined;
  }

  function noteFanOut(m: Node, call: CallExpression): void {
    const fanOut = mapFanOut(m, call);
    if (!fanOut || isBoundedCollection(fanOut.collection, noTypes) || fetchedWithLimit(fanOut.collection)) return;
    fanOuts.push(fanOut);
    context.queries.needType(fanOut.mapCall);
    context.queries.needType(fanOut.collection);
    isBoundedCollection(fanOut.collection, requestTuple);
    prepareSource(fanOut.collection);
    if (fanOut.callback) io.prepare(fanOut.callback);
  }

  function prepareScope(scope: IterationScope): void {
    // Its questions are the same for every statement in it: asked once.
    if (preparedScopes.has(scope.body)) return;
    preparedScopes.add(scope.body);
    scopeIsBounded(scope, requestTuple);
    if (scope.collection) {
      context.queries.needType(skipOuterExpressions(scope.collection));
      prepareSource(scope.collection);
    }
    const bound = countingLoopBound(scope.node);
    if (bound && bound !== "bounded") {
      context.queries.needType(skipOuterExpressions(bound.collection));
      prepareSource(bound.collection);
    }
  }
}

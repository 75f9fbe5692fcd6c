// Phase 2 of unbounded-concurrency: each place fan-out-sites.ts noted is reported when its work
// starts at once per item, nothing bounds it (a bounded collection, a chunk loop, a limiter, an
// await per item), each item reaches a capacity-limited resource, and its collection is input-sized
// by evidence the options trust. One loop per message, in the order of the messages.
import type { CallExpression, Node } from "../../analysis/typescript";
import type { ApiResolver } from "../../analysis/api-calls";
import { isAsyncFunction, isFunctionLike, type FunctionLike } from "../../analysis/async-context";
import { awaitsPerIteration, fetchedWithLimit, isBoundedCollection, isLifecycleOrHookWork, usesLimiter, type IterationScope } from "./fan-out";
import { optionsState } from "../../analysis/options-object";
import { calleeParts, contains, skipOuterExpressions } from "../../analysis/syntax";
import { rangeOf, shortLocation } from "../../analysis/positions";
import { limitFixes } from "./limit-fixes";
import type { WorkIo } from "../../analysis/io/work-io";
import type { IoEffect } from "../../analysis/io/io-kinds";
import { limiterPackages } from "../../analysis/io/known-packages";
import { mapFanOut, pushedWork, forwardsToPromiseAll } from "./fan-out-shapes";
import { boundedByItsType, enclosingChunkLoop, isParameter, scopeIsBounded } from "./width-evidence";
import { callbackBody, isInMemoryTreeWalk, startsAnyWork } from "./work-shapes";
import { reactsToEventKind } from "./event-dispatch";
import { arrayLike, callLabel, describe, describeScope, evidenceRelated, ioData } from "./message-text";
import { reachesLimitedResource } from "../../analysis/io/limited-resource";
import { evidenceShort, sourceBasis } from "./source-evidence";
import type { CollectionQuestions } from "./collection-questions";
import { processStarters, type FanOutSites, type TypeVerdicts } from "./fan-out-sites";
import type { Report, RuleContext } from "../rule";
import type { MessageId, UnboundedConcurrencyOptions } from "./index";

const workerNames: ReadonlySet<string> = new Set(["Worker"]);
const processNames: ReadonlySet<string> = new Set(["spawn", "fork", "exec", "execFile"]);
/** Names that route work through a limiter: `limit(...)`, `this.queue.add(...)`, `uploadPool.run(...)`. */
const limiterPattern = /^(limit|limiter|.*Limiter|.*Limit|.*Queue|queue.*|.*Pool|pool|.*Semaphore|sema.*|.*Mutex|mutex|throttle.*|.*Throttle)$/;

/** What the decisions ask through: the rule's resolver and I/O summary, its limiter names, the collections' phase 2, and its `report`. */
export interface ReportQuestions {
  resolver: ApiResolver;
  io: WorkIo;
  limiterNames: ReadonlySet<string>;
  collections: CollectionQuestions;
  verdicts: TypeVerdicts;
  report(report: Report<MessageId>): void;
}

/** The rule's `decide`. */
export function reportFanOuts(context: RuleContext<UnboundedConcurrencyOptions, MessageId>, sites: FanOutSites, ask: ReportQuestions): void {
  const { resolver, io, limiterNames, report } = ask;
  const { sourceOf, scopeSource } = ask.collections;
  const { fanOuts, pushes, combinedArrays, started, floating, asyncForEach, pMaps, wrappers } = sites;
  /** The capacity-limited resource one item's work reaches, if any. */
  const resourceOf = (work: Node): IoEffect | undefined => {
    const e = io.of(work);
    return e && reachesLimitedResource(e) ? e : undefined;
  };
  const isTuple = (node: Node) => {
    const type = context.queries.typeOf(node);
    return !!type && context.queries.checker.isTupleType(type);
  };
  const reportedMaps: Node[] = [];
  // What a node's own type says (an array of promises, a thenable, a collection bounded by its
  // type), carried in the editor for the functions an edit did not touch; what the work reaches,
  // where the collection comes from and everything else is judged again.
  const { verdicts } = ask;
  const boundedByType = (collection: Node) => verdicts.of(collection, "boundedByType", () => boundedByItsType(context, collection));
  // A pushed value's or a started call's: phase 1 drops the sites whose carried answer is no.
  const thenable = (node: Node) =>
    verdicts.of(node, "thenable", () => {
      const type = context.queries.typeOf(node);
      return !!type && !context.queries.isOpaque(type) && context.queries.thenableInfo(type).thenable;
    });
  const bounded = (scope: IterationScope) => scopeIsBounded(scope, isTuple);
  // A file that holds a limiter (p-limit, async-sema...) usually routes its own methods through it.
  const fileHasLimiter = context.bindings.all.some(b => limiterPackages.has(b.module));
  const limited = (node: Node) => usesLimiter(node, limiterNames, limiterPattern) || (fileHasLimiter && /\bthis\s*\.\s*[\w$]+\s*\(/.test(node.getText()));

  // Wrapper calls are known only now: their few types are asked one by one.
  const askedLate = new Set<Node>();
  for (const w of wrappers) {
    if (!forwardsToPromiseAll(context, w)) continue;
    const fanOut = mapFanOut(w.map, w.call);
    if (fanOut && !fanOuts.some(f => f.mapCall === fanOut.mapCall)) {
      fanOuts.push(fanOut);
      askedLate.add(fanOut.mapCall);
    }
  }

  // The type question each loop below asks first of every item (is it an array of promises, a
  // thenable; carried verdicts ask nothing), for all items together: one round trip per step
  // instead of one per item.
  const firstQuestions = [
    ...fanOuts
      .filter(f => !askedLate.has(f.mapCall))
      .map(f => () => {
        const type = context.queries.typeOf(f.mapCall);
        if (type && !context.queries.isOpaque(type)) verdicts.of(f.mapCall, "promiseArray", () => context.queries.isPromiseArray(type));
      }),
    ...pushes.map(p => () => thenable(p.pushed)),
    ...floating.map(f => () => thenable(f.call)),
  ];
  if (firstQuestions.length > 1) context.queries.askTogether(firstQuestions);

  // 1. Promise.all(xs.map(cb))
  for (const f of fanOuts) {
    const type = askedLate.has(f.mapCall) ? context.queries.lateTypeOf(f.mapCall) : context.queries.typeOf(f.mapCall);
    const callbackFn = f.callback && isFunctionLike(skipOuterExpressions(f.callback)) ? (skipOuterExpressions(f.callback) as FunctionLike) : undefined;
    const startsAsync =
      type && !context.queries.isOpaque(type)
        ? verdicts.of(f.mapCall, "promiseArray", () => context.queries.isPromiseArray(type))
        : !!callbackFn && isAsyncFunction(callbackFn);
    if (!startsAsync || (callbackFn && !startsAnyWork(callbackFn))) continue;
    if (isBoundedCollection(f.collection, isTuple) || fetchedWithLimit(f.collection)) continue;
    if (enclosingChunkLoop(f.combinator, f.collection)) continue;
    if (f.callback && (limited(f.callback) || isLifecycleOrHookWork(callbackBody(f.callback), callbackFn, f.collection))) continue;
    if (callbackFn && isInMemoryTreeWalk(f.combinator, callbackFn)) continue;
    const effect = f.callback ? resourceOf(f.callback) : undefined;
    if (!effect || (effect.viaParameter && isParameter(f.collection))) continue;
    if (boundedByType(f.collection)) continue;
    const source = sourceOf(f.collection);
    if (!source) continue;
    reportedMaps.push(f.mapCall);
    const combinatorParts = calleeParts(f.combinator.expression)!;
    report({
      node: f.combinator.expression,
      messageId: "map",
      data: {
        evidence: evidenceShort(source, describe(source.node)),
        combinator:
          combinatorParts.receiver?.text === "Promise"
            ? `Promise.${combinatorParts.nameNode.text}`
            : `${describe(f.combinator.expression)}() (which waits with Promise.all)`,
        collection: describe(f.collection),
        ...ioData(effect),
      },
      related: evidenceRelated(context, source, effect),
      basis: sourceBasis(source),
      fixes: limitFixes(context, f, isTuple(f.collection) ? "tuple" : arrayLike(context, f.collection), context.options.defaultConcurrency),
    });
  }

  // 2. promises pushed in a loop, awaited together later
  for (const p of pushes) {
    if (!thenable(p.pushed)) continue;
    const combined = combinedArrays.find(c => c.name === p.arrayName && c.fn === p.fn && !contains(p.scope.node, c.call));
    if (!combined) continue;
    if (awaitsPerIteration(p.scope) || bounded(p.scope)) continue;
    if (limited(p.pushed) || isLifecycleOrHookWork(p.pushed, p.scope.kind === "callback" ? (p.scope.body as FunctionLike) : undefined, p.scope.collection))
      continue;
    if (reportedMaps.some(m => contains(m, p.call))) continue;
    const effect = resourceOf(pushedWork(p.pushed));
    if (!effect || (p.scope.collection && boundedByType(p.scope.collection))) continue;
    const pushSource = scopeSource(p.scope);
    if (!pushSource) continue;
    const line = rangeOf(context.sourceFile, combined.call).start.line;
    report({
      node: p.pushed,
      messageId: "push",
      data: {
        evidence: evidenceShort(pushSource, describe(pushSource.node)),
        items: describeScope(p.scope),
        where: `by Promise.${calleeParts(combined.call.expression)!.nameNode.text} (${shortLocation(context.fileName, line)})`,
        ...ioData(effect),
      },
      related: evidenceRelated(context, pushSource, effect),
      basis: sourceBasis(pushSource),
    });
  }

  // 3. processes and workers started per item
  for (const s of started) {
    let api: string;
    let what: string;
    if (s.worker) {
      const target = s.parts ? resolver.resolve(s.parts, workerNames) : undefined;
      if (!target || target.module !== "worker_threads") continue;
      api = "new Worker()";
      what = "worker thread";
    } else {
      const target = s.parts ? resolver.resolve(s.parts, processNames) : undefined;
      if (!target || !processStarters[target.module]?.has(target.name)) continue;
      api = `${(s.node as CallExpression).expression.getText(context.sourceFile)}()`;
      what = target.module === "cluster" ? "cluster worker process" : "child process";
    }
    if (awaitsPerIteration(s.scope) || bounded(s.scope) || limited(s.scope.body) || reactsToEventKind(s.node, s.scope)) continue;
    if (reportedMaps.some(m => contains(m, s.node))) continue;
    const processSource = scopeSource(s.scope);
    if (!processSource) continue;
    report({
      node: s.node,
      messageId: "process",
      data: {
        evidence: evidenceShort(processSource, describe(processSource.node)),
        api,
        what,
        items: describeScope(s.scope),
      },
      related: evidenceRelated(context, processSource, undefined),
      basis: sourceBasis(processSource),
    });
  }

  // 4. async calls started per item, not awaited
  for (const f of floating) {
    if (!thenable(f.call)) continue;
    if (awaitsPerIteration(f.scope) || bounded(f.scope) || limited(f.call)) continue;
    // A reaction to one kind of event of a `for await` over events, using none of its data: no fan-out.
    if (reactsToEventKind(f.call, f.scope)) continue;
    if (isLifecycleOrHookWork(f.call, f.scope.kind === "callback" ? (f.scope.body as FunctionLike) : undefined, f.scope.collection)) continue;
    if (reportedMaps.some(m => contains(m, f.call))) continue;
    if (started.some(s => s.node === f.call)) continue;
    // Inside an async forEach callback, the forEach itself is the finding.
    if (f.scope.kind === "callback" && asyncForEach.some(a => a.call === f.scope.node)) continue;
    const effect = resourceOf(f.call);
    if (!effect || (f.scope.collection && boundedByType(f.scope.collection))) continue;
    const floatingSource = scopeSource(f.scope);
    if (!floatingSource) continue;
    report({
      node: f.call,
      messageId: "floating",
      data: {
        evidence: evidenceShort(floatingSource, describe(floatingSource.node)),
        call: callLabel(f.call),
        items: describeScope(f.scope),
        ...ioData(effect),
      },
      related: evidenceRelated(context, floatingSource, effect),
      basis: sourceBasis(floatingSource),
    });
  }

  // 5. xs.forEach(async x => ...)
  for (const a of asyncForEach) {
    if (isBoundedCollection(a.collection, isTuple) || fetchedWithLimit(a.collection) || limited(a.callback) || enclosingChunkLoop(a.call, a.collection))
      continue;
    if (isLifecycleOrHookWork(a.callback.body ?? a.callback, a.callback, a.collection)) continue;
    const effect = resourceOf(a.callback);
    const forEachSource = effect && !boundedByType(a.collection) ? sourceOf(a.collection) : undefined;
    if (!effect || !forEachSource) continue;
    report({
      node: (a.call.expression as unknown as { name: Node }).name,
      messageId: "forEachAsync",
      data: {
        evidence: evidenceShort(forEachSource, describe(forEachSource.node)),
        collection: describe(a.collection),
        ...ioData(effect),
      },
      related: evidenceRelated(context, forEachSource, effect),
      basis: sourceBasis(forEachSource),
      // The forEach call: promise-in-void-callback's finding on its callback names it too, and this one supersedes it.
      about: a.call,
    });
  }

  // 6. pMap(xs, fn) without concurrency
  for (const p of pMaps) {
    const target = resolver.resolve(p.parts);
    if (!target || target.module !== "p-map") continue;
    const collection = p.call.arguments[0];
    if (!collection || isBoundedCollection(collection, isTuple)) continue;
    const state = optionsState(context, p.call.arguments[2], ["concurrency"]);
    if (state.kind === "has" || state.kind === "unknown") continue;
    const effect = p.call.arguments[1] ? resourceOf(p.call.arguments[1]) : undefined;
    const pMapSource = effect ? sourceOf(collection) : undefined;
    if (!effect || !pMapSource) continue;
    report({
      node: p.call.expression,
      messageId: "pMap",
      data: {
        evidence: evidenceShort(pMapSource, describe(pMapSource.node)),
        api: `${p.call.expression.getText(context.sourceFile)}()`,
        collection: describe(collection),
        ...ioData(effect),
      },
      related: evidenceRelated(context, pMapSource, effect),
      basis: sourceBasis(pMapSource),
    });
  }
}

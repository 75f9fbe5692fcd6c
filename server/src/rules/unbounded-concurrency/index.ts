// unbounded-concurrency: fan-out whose width is the size of input the code does not control:
// Promise.all over `xs.map(async ...)`, promises pushed in a loop and awaited together, processes
// and workers started per item, async calls started per item without waiting.
// Docs: docs/rules/unbounded-concurrency.md
import { SyntaxKind, type CallExpression, type Node, type NewExpression } from "../../analysis/typescript";
import { ApiResolver } from "../../analysis/api-calls";
import { isAsyncFunction, isFunctionLike, type FunctionLike } from "../../analysis/async-context";
import {
  awaitsPerIteration,
  countingLoopBound,
  fetchedWithLimit,
  isBoundedCollection,
  isLifecycleOrHookWork,
  iterationScopeOf,
  usesLimiter,
  type IterationScope,
} from "./fan-out";
import { optionsState, prepareOptions } from "../../analysis/options-object";
import {
  calleeParts,
  contains,
  enclosingFunction,
  forEachDescendant,
  referenceName,
  skipOuterExpressions,
  textOf,
  type CalleeParts,
} from "../../analysis/syntax";
import { isBrowserFile, isSerializedFunction, isTestFile } from "../../analysis/file-kinds";
import { rangeOf, shortLocation } from "../../analysis/positions";
import { limitFixes } from "./limit-fixes";
import { IoCallCollector, ioCallsSummary } from "../../analysis/io/io-call-collector";
import { WorkIo } from "../../analysis/io/work-io";
import type { IoEffect } from "../../analysis/io/io-kinds";
import { limiterPackages } from "../../analysis/io/known-packages";
import { mapFanOut, mappedInto, pushedWork, startedCall, forwardsToPromiseAll, iterationMethodNames, type FanOut, type WrapperCall } from "./fan-out-shapes";
import { boundedByItsType, enclosingChunkLoop, isParameter, noTypes, scopeIsBounded, settledBySyntax } from "./width-evidence";
import { callbackBody, isInMemoryTreeWalk, startsAnyWork } from "./work-shapes";
import { noteLimiterVariable } from "./limiter-variables";
import { reactsToEventKind } from "./event-dispatch";
import { arrayLike, callLabel, describe, describeScope, evidenceRelated, ioData } from "./message-text";
import { reachesLimitedResource } from "../../analysis/io/limited-resource";
import { functionNodeOf } from "../../analysis/blocking-calls";
import { collectionSource } from "./collection-source";
import { evidenceShort, isFetchedFromService, isStrongSource, sourceBasis, type CollectionSource, type SourceQuestions } from "./source-evidence";
import type { Rule } from "../rule";
import { defaultsOf, option, validateAgainst, type OptionsOf } from "../option-schema";

const optionsSchema = {
  limiters: option.strings("Names of your own limiters: a call through one of them (`limit(...)`, `queue.add(...)`) is bounded.", []),
  defaultConcurrency: option.number("The width quick-fixes use.", 8, { positiveInteger: true }),
  ignoreTestFiles: option.boolean("Skip test files (`*.test.ts`, `*.spec.ts`, `__tests__/`): fixtures are small.", true),
  collections: option.enum(
    ["evidently-large", "not-provably-small"],
    "Which collections count as input-sized. `evidently-large`: a request's body, the command line, a stream, an archive's entries, a directory tree, a database query's rows. `not-provably-small`: also what a service or a read-named call returns (`await api.listSessions()`, `findAll()`), which on unseen code was often small by nature.",
    "evidently-large",
  ),
  weakSources: option.boolean(
    "Also report fan-outs whose only evidence of an input-sized collection is weak: a list the caller passes in (a parameter, `arguments`), or rows from a read-named call reached through the callers.",
    false,
  ),
};

export type UnboundedConcurrencyOptions = OptionsOf<typeof optionsSchema>;

const defaultLimiters = [
  "limit",
  "limiter",
  "pLimit",
  "throttle",
  "semaphore",
  "sema",
  "mutex",
  "queue",
  "pool",
  "bottleneck",
  "schedule",
  "enqueue",
  "mapWithConcurrency",
  "pMap",
  "mapLimit",
  "eachLimit",
];
const promiseCombinators = new Set(["all", "allSettled", "any", "race"]);
const processStarters: Record<string, Set<string>> = {
  child_process: new Set(["spawn", "fork", "exec", "execFile"]),
  cluster: new Set(["fork"]),
};

const workerNames: ReadonlySet<string> = new Set(["Worker"]);
const processNames: ReadonlySet<string> = new Set(["spawn", "fork", "exec", "execFile"]);

interface Push {
  call: CallExpression;
  arrayName: string;
  pushed: Node;
  scope: IterationScope;
  fn: Node;
}
interface Started {
  node: CallExpression | NewExpression;
  parts?: CalleeParts;
  scope: IterationScope;
  worker: boolean;
}
interface Floating {
  statement: Node;
  call: CallExpression;
  scope: IterationScope;
}
interface AsyncForEach {
  call: CallExpression;
  callback: FunctionLike;
  collection: Node;
}
interface PMapCall {
  call: CallExpression;
  parts: CalleeParts;
}

/** The keys of `meta.messages`: a report with any other id does not compile. */
export type MessageId = "map" | "push" | "process" | "floating" | "forEachAsync" | "pMap";

export const unboundedConcurrency: Rule<UnboundedConcurrencyOptions, MessageId> = {
  meta: {
    id: "unbounded-concurrency",
    description:
      "Fan-out as wide as the input: Promise.all over xs.map(async ...), promises pushed in a loop, processes, workers or async calls started per item without a limit.",
    defaultSeverity: "warning",
    // Off by default since session 10: on three held-out draws of code no rule was tuned on it was
    // right 4 times in 14 (0/6, 3/4, 1/4), under the 0.90 the precision protocol asks of a default rule.
    enabledByDefault: false,
    fixable: true,
    messages: {
      map: "{{combinator}} {{resource}} per item of `{{collection}}`, all at once ({{via}}); the items come from {{evidence}}: a large input opens that many requests, files or queries together (timeouts, EMFILE, an overloaded database or API). Limit the concurrency (p-limit, a bounded map) or go through the items in fixed-size chunks.",
      push: "One promise per {{items}} is started here and awaited all together {{where}}; each {{resource}} ({{via}}), and the items come from {{evidence}}, so a large input runs that many at once. Limit the concurrency (p-limit, a bounded map) or await in fixed-size batches.",
      process:
        "{{api}} starts a {{what}} for every {{items}} without waiting, and the items come from {{evidence}}: a large input runs that many at once and exhausts CPU and memory. Use a fixed-size pool (e.g. one worker per CPU) or wait for each before starting the next.",
      floating:
        "{{call}} {{resource}} per {{items}} without waiting for any ({{via}}); the items come from {{evidence}}: a large input runs that many at once, and nothing bounds or collects them. Await each, or limit the concurrency (p-limit) and await them together.",
      forEachAsync:
        "forEach with an async callback {{resource}} per item of `{{collection}}`, all at once, and waits for none of it ({{via}}); the items come from {{evidence}}. Use `for ... of` with `await` for one at a time, or a limiter (p-limit) with Promise.all.",
      pMap: "{{api}} without a `concurrency` option {{resource}} per item of `{{collection}}`, all at once ({{via}}; the default is Infinity); the items come from {{evidence}}. Pass `concurrency`.",
    },
  },
  optionsSchema,
  defaultOptions: defaultsOf(optionsSchema),
  validateOptions: options => validateAgainst(optionsSchema, options),
  create(context) {
    const skipFile = (context.options.ignoreTestFiles && isTestFile(context)) || isBrowserFile(context);
    const resolver = new ApiResolver(context);
    const fanOuts: FanOut[] = [];
    const pushes: Push[] = [];
    const combinedArrays: { name: string; call: CallExpression; fn: Node }[] = [];
    const started: Started[] = [];
    const floating: Floating[] = [];
    const asyncForEach: AsyncForEach[] = [];
    const pMaps: PMapCall[] = [];
    const wrappers: WrapperCall[] = [];
    // Functions serialized to text (sent to a browser page) never run here.
    const report: typeof context.report = r => {
      if (!isSerializedFunction(r.node)) context.report(r);
    };
    // What each item's work reaches: the project's functions through their summaries.
    const io = new WorkIo(
      context,
      context.callGraph(fa => new IoCallCollector(fa), ioCallsSummary),
    );
    const limiterNames = new Set([...defaultLimiters, ...context.options.limiters]);
    const limiterPattern = /^(limit|limiter|.*Limiter|.*Limit|.*Queue|queue.*|.*Pool|pool|.*Semaphore|sema.*|.*Mutex|mutex|throttle.*|.*Throttle)$/;
    // Variables made from limiter packages: `const lim = pLimit(4)`, `this.q = new PQueue()`.
    for (const b of context.bindings.all) if (limiterPackages.has(b.module)) limiterNames.add(b.localName);
    // Where a collection comes from: asked in phase 1 (the calls the trace meets are prepared), answered in phase 2.
    const preparing: SourceQuestions = {
      callKind: call => {
        io.prepare(call);
        return undefined;
      },
      moduleOf: name => context.bindings.forLocalName(name)?.module,
      policy: context.options.collections,
      functionOf: call => {
        const parts = calleeParts(call.expression);
        if (parts) context.queries.needSymbol(parts.nameNode);
        return undefined;
      },
    };
    const answering: SourceQuestions = {
      callKind: call => io.of(call)?.kind,
      moduleOf: preparing.moduleOf,
      policy: context.options.collections,
      functionOf: call => {
        const parts = calleeParts(call.expression);
        const symbol = parts ? context.queries.symbolOf(parts.nameNode) : undefined;
        const decl = symbol ? context.queries.declarationOf(symbol) : undefined;
        if (!symbol || !decl || decl.isExternal || decl.isDeclarationFile) return undefined;
        return functionNodeOf(context.queries.declarationNode(symbol));
      },
      resolvesAtOnce: call => {
        // Asked late: only the read-named calls of fan-outs about to be reported get here.
        const type = context.queries.lateTypeOf(call);
        return !!type && !context.queries.isOpaque(type) && !context.queries.thenableInfo(type).thenable;
      },
      ...(context.project ? { project: context.project } : {}),
    };
    /** The capacity-limited resource one item's work reaches, if any. */
    const resourceOf = (work: Node): IoEffect | undefined => {
      const e = io.of(work);
      return e && reachesLimitedResource(e) ? e : undefined;
    };
    const prepareSource = (node: Node | undefined) => {
      if (node) collectionSource(node, preparing);
    };
    /** Evidence of an input-sized collection, of a kind trusted by default (weak kinds behind `weakSources`). */
    // Rows from a service or a read-named call only under `not-provably-small`; weak kinds only with `weakSources`.
    const policy = context.options.collections;
    const trusted = (source: CollectionSource | undefined) =>
      source && (policy === "not-provably-small" || !isFetchedFromService(source)) && (context.options.weakSources || isStrongSource(source))
        ? source
        : undefined;
    const sourceOf = (node: Node | undefined): CollectionSource | undefined => (node ? trusted(collectionSource(node, answering)) : undefined);
    /** A loop's items: its collection, a counted loop's collection, or a stream read with `for await`. */
    const scopeSource = (scope: IterationScope): CollectionSource | undefined => {
      if (scope.kind === "loop" && (scope.node as unknown as { awaitModifier?: Node }).awaitModifier)
        return { kind: "stream", node: scope.collection ?? scope.node };
      if (scope.collection) return sourceOf(scope.collection);
      const bound = countingLoopBound(scope.node);
      return bound && bound !== "bounded" ? sourceOf(bound.collection) : undefined;
    };
    const isTuple = (node: Node) => {
      const type = context.queries.typeOf(node);
      return !!type && context.queries.checker.isTupleType(type);
    };
    // Phase 1's stand-in for `isTuple`: requests every type the bound checks of phase 2 can ask
    // about (they ask the same nodes, and explore every branch when told "not a tuple").
    /** The loop bodies and callbacks whose questions `prepareScope` asked. */
    const preparedScopes = new Set<Node>();
    const requestTuple = (node: Node) => {
      context.queries.needType(node);
      return false;
    };

    return {
      visitKinds: [
        SyntaxKind.VariableDeclaration,
        SyntaxKind.PropertyDeclaration,
        SyntaxKind.BinaryExpression,
        SyntaxKind.NewExpression,
        SyntaxKind.ExpressionStatement,
        SyntaxKind.ArrowFunction,
        SyntaxKind.CallExpression,
      ],
      visit(node) {
        if (skipFile) return;
        if (node.kind === SyntaxKind.VariableDeclaration || node.kind === SyntaxKind.PropertyDeclaration || node.kind === SyntaxKind.BinaryExpression) {
          noteLimiterVariable(node, context, limiterNames);
          return;
        }
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
          if (!call || settledBySyntax(scope)) return;
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
            !settledBySyntax(scope)
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
      },
      decide() {
        if (skipFile) return;
        const reportedMaps: Node[] = [];
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

        // 1. Promise.all(xs.map(cb))
        for (const f of fanOuts) {
          const type = askedLate.has(f.mapCall) ? context.queries.lateTypeOf(f.mapCall) : context.queries.typeOf(f.mapCall);
          const callbackFn = f.callback && isFunctionLike(skipOuterExpressions(f.callback)) ? (skipOuterExpressions(f.callback) as FunctionLike) : undefined;
          const startsAsync = type && !context.queries.isOpaque(type) ? context.queries.isPromiseArray(type) : !!callbackFn && isAsyncFunction(callbackFn);
          if (!startsAsync || (callbackFn && !startsAnyWork(callbackFn))) continue;
          if (isBoundedCollection(f.collection, isTuple) || fetchedWithLimit(f.collection)) continue;
          if (enclosingChunkLoop(f.combinator, f.collection)) continue;
          if (f.callback && (limited(f.callback) || isLifecycleOrHookWork(callbackBody(f.callback), callbackFn, f.collection))) continue;
          if (callbackFn && isInMemoryTreeWalk(f.combinator, callbackFn)) continue;
          const effect = f.callback ? resourceOf(f.callback) : undefined;
          if (!effect || (effect.viaParameter && isParameter(f.collection))) continue;
          if (boundedByItsType(context, f.collection)) continue;
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
          const type = context.queries.typeOf(p.pushed);
          if (!type || context.queries.isOpaque(type) || !context.queries.thenableInfo(type).thenable) continue;
          const combined = combinedArrays.find(c => c.name === p.arrayName && c.fn === p.fn && !contains(p.scope.node, c.call));
          if (!combined) continue;
          if (awaitsPerIteration(p.scope) || bounded(p.scope)) continue;
          if (
            limited(p.pushed) ||
            isLifecycleOrHookWork(p.pushed, p.scope.kind === "callback" ? (p.scope.body as FunctionLike) : undefined, p.scope.collection)
          )
            continue;
          if (reportedMaps.some(m => contains(m, p.call))) continue;
          const effect = resourceOf(pushedWork(p.pushed));
          if (!effect || (p.scope.collection && boundedByItsType(context, p.scope.collection))) continue;
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
          const type = context.queries.typeOf(f.call);
          if (!type || context.queries.isOpaque(type) || !context.queries.thenableInfo(type).thenable) continue;
          if (awaitsPerIteration(f.scope) || bounded(f.scope) || limited(f.call)) continue;
          // A reaction to one kind of event of a `for await` over events, using none of its data: no fan-out.
          if (reactsToEventKind(f.call, f.scope)) continue;
          if (isLifecycleOrHookWork(f.call, f.scope.kind === "callback" ? (f.scope.body as FunctionLike) : undefined, f.scope.collection)) continue;
          if (reportedMaps.some(m => contains(m, f.call))) continue;
          if (started.some(s => s.node === f.call)) continue;
          // Inside an async forEach callback, the forEach itself is the finding.
          if (f.scope.kind === "callback" && asyncForEach.some(a => a.call === f.scope.node)) continue;
          const effect = resourceOf(f.call);
          if (!effect || (f.scope.collection && boundedByItsType(context, f.scope.collection))) continue;
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
          const forEachSource = effect && !boundedByItsType(context, a.collection) ? sourceOf(a.collection) : undefined;
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
      },
    };

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
  },
};

export { forEachDescendant };

// unbounded-concurrency: fan-out whose width is the size of input the code does not control:
// Promise.all over `xs.map(async ...)`, promises pushed in a loop and awaited together, processes
// and workers started per item, async calls started per item without waiting.
// Docs: docs/rules/unbounded-concurrency.md
import { SyntaxKind, type CallExpression, type Node, type NewExpression } from "../analysis/typescript";
import { ApiResolver } from "../analysis/api-calls";
import { isAsyncFunction, isFunctionLike, type FunctionLike } from "../analysis/async-context";
import {
  awaitsPerIteration, countingLoopBound, fetchedWithLimit, findDeclaration, isBoundedCollection, isLifecycleOrHookWork, iterationScopeOf, lastName, limiterModules, usesLimiter,
  type IterationScope,
} from "../analysis/fan-out";
import { optionsState, prepareOptions } from "../analysis/options-object";
import { calleeParts, contains, enclosingFunction, forEachDescendant, identifierPattern, skipOuterExpressions, textOf, type CalleeParts } from "../analysis/syntax";
import { isBrowserFile, isSerializedFunction, isTestFile } from "../analysis/file-kinds";
import { rangeOf, shortLocation } from "../analysis/positions";
import { limitFixes } from "../analysis/limit-fixes";
import { IoCallCollector, WorkIo, ioResource, viaText, type IoEffect } from "../analysis/io-calls";
import { functionNodeOf } from "../analysis/blocking-calls";
import { reachesLimitedResource } from "./unbounded-concurrency/limited-resource";
import { collectionSource, type CollectionSource, type SourceQuestions } from "../analysis/collection-source";
import { validateKnownOptions, type FileAnalysis, type Rule } from "./rule";

export interface UnboundedConcurrencyOptions {
  /** Names of your own limiters: a call through one of them (`limit(...)`, `queue.add(...)`) is bounded. */
  limiters: string[];
  /** The width quick-fixes use. */
  defaultConcurrency: number;
  /** Skip test files (`*.test.ts`, `*.spec.ts`, `__tests__/`): fixtures are small. */
  ignoreTestFiles: boolean;
}

const defaultLimiters = ["limit", "limiter", "pLimit", "throttle", "semaphore", "sema", "mutex", "queue", "pool", "bottleneck", "schedule", "enqueue", "mapWithConcurrency", "pMap", "mapLimit", "eachLimit"];
const promiseCombinators = new Set(["all", "allSettled", "any", "race"]);
const processStarters: Record<string, Set<string>> = {
  child_process: new Set(["spawn", "fork", "exec", "execFile"]),
  cluster: new Set(["fork"]),
};

const workerNames: ReadonlySet<string> = new Set(["Worker"]);
const processNames: ReadonlySet<string> = new Set(["spawn", "fork", "exec", "execFile"]);

interface FanOut {
  combinator: CallExpression;
  /** `xs.map(cb)` / `Array.from(xs, cb)` */
  mapCall: CallExpression;
  collection: Node;
  callback: Node | undefined;
}

interface Push { call: CallExpression; arrayName: string; pushed: Node; scope: IterationScope; fn: Node }
interface Started { node: CallExpression | NewExpression; parts?: CalleeParts; scope: IterationScope; worker: boolean }
interface Floating { statement: Node; call: CallExpression; scope: IterationScope }
interface AsyncForEach { call: CallExpression; callback: FunctionLike; collection: Node }
interface PMapCall { call: CallExpression; parts: CalleeParts }
/** `promiseAll(xs.map(cb))`: maybe the project's own wrapper of Promise.all. */
interface WrapperCall { call: CallExpression; argIndex: number; map: Node }

export const unboundedConcurrency: Rule<UnboundedConcurrencyOptions> = {
  meta: {
    id: "unbounded-concurrency",
    description: "Fan-out as wide as the input: Promise.all over xs.map(async ...), promises pushed in a loop, processes, workers or async calls started per item without a limit.",
    defaultSeverity: "warning",
    fixable: true,
    messages: {
      map: "{{combinator}} {{resource}} per item of `{{collection}}`, all at once ({{via}}): a large input opens that many requests, files or queries together (timeouts, EMFILE, an overloaded database or API). Limit the concurrency (p-limit, a bounded map) or go through the items in fixed-size chunks.",
      push: "One promise per {{items}} is started here and awaited all together {{where}}; each {{resource}} ({{via}}), so a large input runs that many at once. Limit the concurrency (p-limit, a bounded map) or await in fixed-size batches.",
      process: "{{api}} starts a {{what}} for every {{items}} without waiting: a large input runs that many at once and exhausts CPU and memory. Use a fixed-size pool (e.g. one worker per CPU) or wait for each before starting the next.",
      floating: "{{call}} {{resource}} per {{items}} without waiting for any ({{via}}): a large input runs that many at once, and nothing bounds or collects them. Await each, or limit the concurrency (p-limit) and await them together.",
      forEachAsync: "forEach with an async callback {{resource}} per item of `{{collection}}`, all at once, and waits for none of it ({{via}}). Use `for ... of` with `await` for one at a time, or a limiter (p-limit) with Promise.all.",
      pMap: "{{api}} without a `concurrency` option {{resource}} per item of `{{collection}}`, all at once ({{via}}; the default is Infinity). Pass `concurrency`.",
    },
  },
  defaultOptions: { limiters: [], defaultConcurrency: 8, ignoreTestFiles: true },
  validateOptions(options) {
    const problems = validateKnownOptions(options, { limiters: "string[]", defaultConcurrency: "number", ignoreTestFiles: "boolean" });
    if (typeof options.defaultConcurrency === "number" && !(Number.isInteger(options.defaultConcurrency) && options.defaultConcurrency > 0)) problems.push("option 'defaultConcurrency' must be a positive integer");
    return problems;
  },
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
    const report: typeof context.report = r => { if (!isSerializedFunction(r.node)) context.report(r); };
    // What each item's work reaches: the project's functions through their summaries.
    const io = new WorkIo(context, context.callGraph(fa => new IoCallCollector(fa)));
    const limiterNames = new Set([...defaultLimiters, ...context.options.limiters]);
    const limiterPattern = /^(limit|limiter|.*Limiter|.*Limit|.*Queue|queue.*|.*Pool|pool|.*Semaphore|sema.*|.*Mutex|mutex|throttle.*|.*Throttle)$/;
    // Variables made from limiter packages: `const lim = pLimit(4)`, `this.q = new PQueue()`.
    for (const b of context.bindings.all) if (limiterModules.has(b.module)) limiterNames.add(b.localName);
    // Where a collection comes from: asked in phase 1 (the calls the trace meets are prepared), answered in phase 2.
    const preparing: SourceQuestions = { callKind: call => { io.prepare(call); return undefined; }, moduleOf: name => context.bindings.forLocalName(name)?.module };
    const answering: SourceQuestions = { callKind: call => io.of(call)?.kind, moduleOf: preparing.moduleOf };
    /** The capacity-limited resource one item's work reaches, if any. */
    const resourceOf = (work: Node): IoEffect | undefined => { const e = io.of(work); return e && reachesLimitedResource(e) ? e : undefined; };
    const prepareSource = (node: Node | undefined) => { if (node) collectionSource(node, preparing); };
    const sourceOf = (node: Node | undefined): CollectionSource | undefined => node ? collectionSource(node, answering) : undefined;
    /** A loop's items: its collection, a counted loop's collection, or a stream read with `for await`. */
    const scopeSource = (scope: IterationScope): CollectionSource | undefined => {
      if (scope.kind === "loop" && (scope.node as unknown as { awaitModifier?: Node }).awaitModifier) return { kind: "stream", node: scope.collection ?? scope.node };
      if (scope.collection) return sourceOf(scope.collection);
      const bound = countingLoopBound(scope.node);
      return bound && bound !== "bounded" ? sourceOf(bound.collection) : undefined;
    };
    const isTuple = (node: Node) => {
      const type = context.queries.typeOf(node);
      return !!type && context.queries.checker.isTupleType(type);
    };

    return {
      visitKinds: [
        SyntaxKind.VariableDeclaration, SyntaxKind.PropertyDeclaration, SyntaxKind.BinaryExpression, SyntaxKind.NewExpression,
        SyntaxKind.ExpressionStatement, SyntaxKind.ArrowFunction, SyntaxKind.CallExpression,
      ],
      visit(node) {
        if (skipFile) return;
        if (node.kind === SyntaxKind.VariableDeclaration || node.kind === SyntaxKind.PropertyDeclaration || node.kind === SyntaxKind.BinaryExpression) {
          noteLimiterVariable(node, context, limiterNames);
          return;
        }
        if (node.kind === SyntaxKind.NewExpression) {
          const expr = skipOuterExpressions((node as NewExpression).expression);
          const name = expr.kind === SyntaxKind.Identifier ? textOf(expr) : expr.kind === SyntaxKind.PropertyAccessExpression ? textOf((expr as unknown as { name: Node }).name) : undefined;
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
          if (scope && scope.kind === "callback" && scope.body === node && calleeParts((scope.node as CallExpression).expression)?.nameNode.text === "forEach" && !settledBySyntax(scope)) {
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
          const maps = a.kind === SyntaxKind.ArrayLiteralExpression
            ? (a as unknown as { elements: readonly Node[] }).elements.filter(e => e.kind === SyntaxKind.SpreadElement).map(e => skipOuterExpressions((e as unknown as { expression: Node }).expression))
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
            context.queries.needSymbol(parts.nameNode);
          });
        }
        if (name === "forEach" && parts.receiverExpression) {
          const cb = call.arguments[0] ? skipOuterExpressions(call.arguments[0]) : undefined;
          if (cb && isFunctionLike(cb) && isAsyncFunction(cb)) {
            asyncForEach.push({ call, callback: cb as FunctionLike, collection: parts.receiverExpression });
            context.queries.needType(parts.receiverExpression);
            prepareSource(parts.receiverExpression);
            io.prepare(cb);
          }
          return;
        }
        if (processStarters.child_process!.has(name) || name === "fork") {
          const scope = iterationScopeOf(call);
          if (!scope || settledBySyntax(scope)) return;
          const prepared = resolver.prepare(call.expression);
          if (prepared) { started.push({ node: call, parts: prepared, scope, worker: false }); prepareScope(scope); }
          return;
        }
        if (context.bindings.forLocalName(parts.receiver?.text ?? name)?.module === "p-map") {
          const prepared = resolver.prepare(call.expression);
          if (prepared) { pMaps.push({ call, parts: prepared }); prepareOptions(context, call.arguments[2]); if (call.arguments[1]) io.prepare(call.arguments[1]); prepareSource(call.arguments[0]); }
        }
      },
      decide() {
        if (skipFile) return;
        const reportedMaps: Node[] = [];
        const bounded = (scope: IterationScope) => scopeIsBounded(scope, isTuple);
        // A file that holds a limiter (p-limit, async-sema...) usually routes its own methods through it.
        const fileHasLimiter = context.bindings.all.some(b => limiterModules.has(b.module));
        const limited = (node: Node) => usesLimiter(node, limiterNames, limiterPattern) || (fileHasLimiter && /\bthis\s*\.\s*[\w$]+\s*\(/.test(node.getText()));

        // Wrapper calls are known only now: their few types are asked one by one.
        const askedLate = new Set<Node>();
        for (const w of wrappers) {
          if (!forwardsToPromiseAll(context, w)) continue;
          const fanOut = mapFanOut(w.map, w.call);
          if (fanOut && !fanOuts.some(f => f.mapCall === fanOut.mapCall)) { fanOuts.push(fanOut); askedLate.add(fanOut.mapCall); }
        }

        // 1. Promise.all(xs.map(cb))
        for (const f of fanOuts) {
          const type = askedLate.has(f.mapCall) ? context.queries.lateTypeOf(f.mapCall) : context.queries.typeOf(f.mapCall);
          const callbackFn = f.callback && isFunctionLike(skipOuterExpressions(f.callback)) ? skipOuterExpressions(f.callback) as FunctionLike : undefined;
          const startsAsync = type && !context.queries.isOpaque(type) ? context.queries.isPromiseArray(type) : !!callbackFn && isAsyncFunction(callbackFn);
          if (!startsAsync || (callbackFn && !startsAnyWork(callbackFn))) continue;
          if (isBoundedCollection(f.collection, isTuple) || fetchedWithLimit(f.collection)) continue;
          if (enclosingChunkLoop(f.combinator, f.collection)) continue;
          if (f.callback && (limited(f.callback) || isLifecycleOrHookWork(callbackBody(f.callback), callbackFn, f.collection))) continue;
          if (callbackFn && isInMemoryTreeWalk(f.combinator, callbackFn)) continue;
          const effect = f.callback ? resourceOf(f.callback) : undefined;
          if (!effect || (effect.viaParameter && isParameter(f.collection))) continue;
          if (configurationTyped(context, f.collection)) continue;
          const source = sourceOf(f.collection);
          if (!source) continue;
          reportedMaps.push(f.mapCall);
          const combinatorParts = calleeParts(f.combinator.expression)!;
          report({
            node: f.combinator.expression,
            messageId: "map",
            data: {
              combinator: combinatorParts.receiver?.text === "Promise" ? `Promise.${combinatorParts.nameNode.text}` : `${describe(f.combinator.expression)}() (which waits with Promise.all)`,
              collection: describe(f.collection), ...ioData(effect),
            },
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
          if (limited(p.pushed) || isLifecycleOrHookWork(p.pushed, p.scope.kind === "callback" ? p.scope.body as FunctionLike : undefined, p.scope.collection)) continue;
          if (reportedMaps.some(m => contains(m, p.call))) continue;
          const effect = resourceOf(pushedWork(p.pushed));
          if (!effect || (p.scope.collection && configurationTyped(context, p.scope.collection))) continue;
          if (!scopeSource(p.scope)) continue;
          const line = rangeOf(context.sourceFile, combined.call).start.line;
          report({
            node: p.pushed,
            messageId: "push",
            data: { items: describeScope(p.scope), where: `by Promise.${calleeParts(combined.call.expression)!.nameNode.text} (${shortLocation(context.fileName, line)})`, ...ioData(effect) },
          });
        }

        // 3. processes and workers started per item
        for (const s of started) {
          let api: string;
          let what: string;
          if (s.worker) {
            const target = s.parts ? resolver.resolve(s.parts, workerNames) : undefined;
            if (!target || target.module !== "worker_threads") continue;
            api = "new Worker()"; what = "worker thread";
          } else {
            const target = s.parts ? resolver.resolve(s.parts, processNames) : undefined;
            if (!target || !processStarters[target.module]?.has(target.name)) continue;
            api = `${(s.node as CallExpression).expression.getText(context.sourceFile)}()`;
            what = target.module === "cluster" ? "cluster worker process" : "child process";
          }
          if (awaitsPerIteration(s.scope) || bounded(s.scope) || limited(s.scope.body)) continue;
          if (reportedMaps.some(m => contains(m, s.node))) continue;
          if (!scopeSource(s.scope)) continue;
          report({ node: s.node, messageId: "process", data: { api, what, items: describeScope(s.scope) } });
        }

        // 4. async calls started per item, not awaited
        for (const f of floating) {
          const type = context.queries.typeOf(f.call);
          if (!type || context.queries.isOpaque(type) || !context.queries.thenableInfo(type).thenable) continue;
          if (awaitsPerIteration(f.scope) || bounded(f.scope) || limited(f.call)) continue;
          if (isLifecycleOrHookWork(f.call, f.scope.kind === "callback" ? f.scope.body as FunctionLike : undefined, f.scope.collection)) continue;
          if (reportedMaps.some(m => contains(m, f.call))) continue;
          if (started.some(s => s.node === f.call)) continue;
          // Inside an async forEach callback, the forEach itself is the finding.
          if (f.scope.kind === "callback" && asyncForEach.some(a => a.call === f.scope.node)) continue;
          const effect = resourceOf(f.call);
          if (!effect || (f.scope.collection && configurationTyped(context, f.scope.collection))) continue;
          if (!scopeSource(f.scope)) continue;
          report({ node: f.call, messageId: "floating", data: { call: callLabel(f.call), items: describeScope(f.scope), ...ioData(effect) } });
        }

        // 5. xs.forEach(async x => ...)
        for (const a of asyncForEach) {
          if (isBoundedCollection(a.collection, isTuple) || fetchedWithLimit(a.collection) || limited(a.callback) || enclosingChunkLoop(a.call, a.collection)) continue;
          if (isLifecycleOrHookWork(a.callback.body ?? a.callback, a.callback, a.collection)) continue;
          const effect = resourceOf(a.callback);
          if (!effect || configurationTyped(context, a.collection) || !sourceOf(a.collection)) continue;
          report({ node: (a.call.expression as unknown as { name: Node }).name, messageId: "forEachAsync", data: { collection: describe(a.collection), ...ioData(effect) } });
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
          if (!effect || !sourceOf(collection)) continue;
          report({ node: p.call.expression, messageId: "pMap", data: { api: `${p.call.expression.getText(context.sourceFile)}()`, collection: describe(collection), ...ioData(effect) } });
        }
      },
    };

    function noteFanOut(m: Node, call: CallExpression): void {
      const fanOut = mapFanOut(m, call);
      if (!fanOut || isBoundedCollection(fanOut.collection, noTypes) || fetchedWithLimit(fanOut.collection)) return;
      fanOuts.push(fanOut);
      context.queries.needType(fanOut.mapCall);
      context.queries.needType(fanOut.collection);
      prepareSource(fanOut.collection);
      if (fanOut.callback) io.prepare(fanOut.callback);
    }

    function prepareScope(scope: IterationScope): void {
      if (scope.collection) { context.queries.needType(skipOuterExpressions(scope.collection)); prepareSource(scope.collection); }
      const bound = countingLoopBound(scope.node);
      if (bound && bound !== "bounded") { context.queries.needType(skipOuterExpressions(bound.collection)); prepareSource(bound.collection); }
    }
  },
};

/**
 * `const walk = async (nodes) => Promise.all(nodes.map(async n => ({ ...n, children: await walk(n.children) })))`:
 * the callback only recurses, and the function waits on nothing else. A transform of a tree in
 * memory; a directory walk (`await readdir(dir)` beside the recursion) is still reported.
 */
function isInMemoryTreeWalk(combinator: CallExpression, callback: FunctionLike): boolean {
  const outer = enclosingFunction(combinator);
  if (!outer) return false;
  const outerName = textOf((outer as unknown as { name?: Node }).name) ?? (outer.parent?.kind === SyntaxKind.VariableDeclaration ? textOf((outer.parent as unknown as { name: Node }).name) : undefined);
  if (!outerName) return false;
  let onlyRecursion = true;
  let recursion = false;
  forEachDescendant(callback, n => {
    if (n.kind !== SyntaxKind.CallExpression) return;
    const parts = calleeParts((n as CallExpression).expression);
    // `walk(...)` for a function, `this.walk(...)` for a method: the same function, not a namesake elsewhere.
    const self = parts?.nameNode.text === outerName
      && (outer.kind === SyntaxKind.MethodDeclaration ? parts.receiverExpression?.kind === SyntaxKind.ThisKeyword : !parts.receiverExpression);
    if (self) recursion = true; else onlyRecursion = false;
  }, true);
  if (!recursion || !onlyRecursion) return false;
  let otherAwaits = 0;
  forEachDescendant(outer, n => { if (n.kind === SyntaxKind.AwaitExpression && !contains(callback, n)) otherAwaits++; }, true);
  // The one await allowed is the one on the Promise.all itself.
  return otherAwaits <= 1;
}

const iterationMethodNames = new Set(["map", "flatMap", "filter", "forEach", "from", "all", "allSettled", "any", "race", "push", "concat"]);

/** `const p = load(x).then(...); pending.push(p)`: the work is what made `p`. */
function pushedWork(pushed: Node): Node {
  if (pushed.kind !== SyntaxKind.Identifier) return pushed;
  const decl = findDeclaration(pushed, textOf(pushed)!);
  return decl?.name.kind === SyntaxKind.Identifier && decl.initializer ? decl.initializer : pushed;
}

/**
 * A parameter of the function the fan-out is in (`invokeAll(targets, hook)` mapping `hook` over
 * `targets`): a generic helper; how wide and what work is its callers' business.
 */
function isParameter(collection: Node): boolean {
  const c = skipOuterExpressions(collection);
  const name = c.kind === SyntaxKind.Identifier ? textOf(c) : undefined;
  if (!name) return false;
  for (let n = c.parent; n; n = n.parent) {
    if (!isFunctionLike(n)) continue;
    if ((n as unknown as { parameters: readonly { name: Node }[] }).parameters.some(p => textOf(p.name) === name)) return true;
  }
  return false;
}

/** The resource and the call that reaches it, for messages. */
function ioData(effect: IoEffect): Record<string, string> {
  return { resource: ioResource[effect.kind], via: viaText(effect) };
}

/**
 * `const pending = rows.map(...)` (never reassigned) for `pending`: the map that made the array,
 * so that `await Promise.all(pending)` is the same fan-out as `Promise.all(rows.map(...))`.
 */
function mappedInto(ref: Node): Node | undefined {
  const name = textOf(ref);
  if (!name) return undefined;
  const decl = findDeclaration(ref, name);
  if (!decl || decl.name.kind !== SyntaxKind.Identifier || !decl.initializer) return undefined;
  const init = skipOuterExpressions(decl.initializer);
  if (init.kind !== SyntaxKind.CallExpression) return undefined;
  // Reassigned or grown later: what Promise.all sees is not (only) the map.
  const scope = decl.parent?.parent?.parent;
  const n = identifierPattern(name);
  const later = scope ? scope.getText().replace(new RegExp(`\\b(const|let|var)\\s+${n}\\s*=`), "") : "";
  if (new RegExp(`(?<![\\w$.])${n}\\s*(=[^=>]|\\.\\s*(push|unshift|splice)\\s*\\()`).test(later)) return undefined;
  return init;
}

/**
 * Whether the called project function hands the parameter at `argIndex` to
 * Promise.all/allSettled (`const promiseAll = (ps) => Promise.all(ps)`), itself or through a
 * local of it.
 */
function forwardsToPromiseAll(fa: FileAnalysis, w: WrapperCall): boolean {
  const parts = calleeParts(w.call.expression);
  const symbol = parts ? fa.queries.symbolOf(parts.nameNode) : undefined;
  const decl = symbol ? fa.queries.declarationOf(symbol) : undefined;
  if (!symbol || !decl || decl.isExternal || decl.isDeclarationFile) return false;
  const fn = functionNodeOf(fa.queries.declarationNode(symbol));
  const param = fn ? (fn as unknown as { parameters: readonly { name: Node; dotDotDotToken?: Node }[] }).parameters[w.argIndex] : undefined;
  const paramName = param && !param.dotDotDotToken ? textOf(param.name) : undefined;
  if (!fn || !paramName) return false;
  let forwards = false;
  forEachDescendant(fn, n => {
    if (forwards || n.kind !== SyntaxKind.CallExpression) return;
    const p = calleeParts((n as CallExpression).expression);
    const arg = (n as CallExpression).arguments[0];
    if (!p || p.receiver?.text !== "Promise" || !(p.nameNode.text === "all" || p.nameNode.text === "allSettled") || !arg) return;
    const a = skipOuterExpressions(arg);
    // Promise.all(ps), Promise.all([...ps]), Promise.all(ps.map(wrap))
    const inner = a.kind === SyntaxKind.ArrayLiteralExpression ? (a as unknown as { elements: readonly Node[] }).elements.map(e => e.kind === SyntaxKind.SpreadElement ? skipOuterExpressions((e as unknown as { expression: Node }).expression) : e) : [a];
    forwards = inner.some(e => textOf(e) === paramName || (e.kind === SyntaxKind.CallExpression && textOf(calleeParts((e as CallExpression).expression)?.receiverExpression) === paramName));
  }, false);
  return forwards;
}

const configTypeName = /(Config|Configuration|Options|Settings|Opts|Preferences|Manifest)$/;

/**
 * The collection is read from a value whose declared type is a configuration (`upgrade.labels`
 * where `upgrade: UpgradeConfig`, `Object.entries(options)` of an options type with fixed keys):
 * as wide as what whoever configures the program wrote. Late questions: only reported fan-outs ask.
 */
function configurationTyped(fa: FileAnalysis, collection: Node, depth = 0): boolean {
  if (depth > 16) return false;
  let c = skipOuterExpressions(collection);
  if (c.kind === SyntaxKind.AwaitExpression) return false;
  // Object.keys/values/entries(x): as many as x's type declares, when it declares them.
  if (c.kind === SyntaxKind.CallExpression) {
    const parts = calleeParts((c as CallExpression).expression);
    const arg = (c as CallExpression).arguments[0];
    if (parts?.receiver?.text === "Object" && /^(keys|values|entries)$/.test(parts.nameNode.text) && arg) {
      const type = fa.queries.lateTypeOf(skipOuterExpressions(arg));
      if (type && fixedKeys(fa, type)) return true;
      c = skipOuterExpressions(arg);
      if (c.kind === SyntaxKind.Identifier && /option|opts|setting|config/i.test(textOf(c)!)) return true;
    }
    else if (parts?.receiverExpression && /^(filter|map|slice|concat|sort|toSorted|reverse|flat)$/.test(parts.nameNode.text)) return configurationTyped(fa, parts.receiverExpression, depth + 1);
  }
  for (let r = c; r.kind === SyntaxKind.PropertyAccessExpression; ) {
    r = skipOuterExpressions((r as unknown as { expression: Node }).expression);
    if (r.kind === SyntaxKind.ThisKeyword) break;
    const type = fa.queries.lateTypeOf(r);
    const name = type ? (type.getAliasSymbol()?.name ?? type.getSymbol()?.name) : undefined;
    if (name && configTypeName.test(name)) return true;
  }
  return false;
}

/** An object type whose keys its declaration lists (no index signature): not as wide as input. */
function fixedKeys(fa: FileAnalysis, type: NonNullable<ReturnType<FileAnalysis["queries"]["lateTypeOf"]>>): boolean {
  const checker = fa.queries.checker;
  if (!(type.flags & 524288 /* TypeFlags.Object */) || checker.isArrayType(type) || checker.isTupleType(type)) return false;
  const name = type.getSymbol()?.name;
  if (name === "Map" || name === "Set") return false;
  return checker.getIndexInfosOfType(type).length === 0 && checker.getPropertiesOfType(type).length > 0;
}

/** An async callback that neither awaits nor calls anything (`async x => ({ ...x })`) starts no work. */
function startsAnyWork(fn: FunctionLike): boolean {
  if (!isAsyncFunction(fn)) return true;
  let found = false;
  forEachDescendant(fn, n => { if (n.kind === SyntaxKind.AwaitExpression || n.kind === SyntaxKind.CallExpression || n.kind === SyntaxKind.NewExpression) found = true; }, true);
  return found;
}

const noTypes = (): boolean => false;

/** Phase 1 pruning: an iteration that waits per item or is bounded by its syntax needs no type questions. */
function settledBySyntax(scope: IterationScope): boolean {
  return awaitsPerIteration(scope) || scopeIsBounded(scope, noTypes);
}

function scopeIsBounded(scope: IterationScope, isTuple: (node: Node) => boolean): boolean {
  if (scope.collection) {
    if (isBoundedCollection(scope.collection, isTuple) || fetchedWithLimit(scope.collection)) return true;
    return enclosingChunkLoop(scope.node, scope.collection);
  }
  const bound = countingLoopBound(scope.node);
  if (bound === "bounded") return true;
  if (bound) return isBoundedCollection(bound.collection, isTuple);
  // while/do/for(;;) without a visible count: a queue drained by the loop (`while (q.length)`) is input-sized.
  return false;
}

/** `for (let i = 0; i < xs.length; i += size) { ... xs.slice(i, i + size) ... }` — the work inside sees a chunk. */
function enclosingChunkLoop(node: Node, collection: Node): boolean {
  const c = skipOuterExpressions(collection);
  if (c.kind !== SyntaxKind.Identifier) return false;
  for (let n = node.parent; n; n = n.parent) {
    if (isFunctionLike(n)) return false;
    if (n.kind !== SyntaxKind.ForStatement && n.kind !== SyntaxKind.ForOfStatement) continue;
    // The loop variable is the collection: `for (const batch of batches)` is a chunk when the batches are.
    if (n.kind === SyntaxKind.ForOfStatement) {
      const init = (n as unknown as { initializer: Node }).initializer;
      if (init.getText().replace(/^(const|let|var)\s+/, "") === textOf(c)) {
        const source = skipOuterExpressions((n as unknown as { expression: Node }).expression);
        const t = source.getText();
        if (/chunk|batch|page|split|group|partition/i.test(t)) return true;
      }
    }
  }
  return false;
}

function callbackBody(callback: Node): Node {
  const c = skipOuterExpressions(callback);
  return isFunctionLike(c) ? ((c as FunctionLike).body ?? c) : c;
}

/** `xs.map(cb)`, `xs.flatMap(cb)`, `Array.from(xs, cb)`, `xs.map(cb).filter(...)`. */
function mapFanOut(node: Node, combinator: CallExpression): FanOut | undefined {
  // A loop, not recursion: generated chains of `.filter()` can be thousands long.
  for (let n = node; n.kind === SyntaxKind.CallExpression; ) {
    const call = n as CallExpression;
    const parts = calleeParts(call.expression);
    if (!parts) return undefined;
    const name = parts.nameNode.text;
    if ((name === "map" || name === "flatMap") && parts.receiverExpression) {
      return { combinator, mapCall: call, collection: parts.receiverExpression, callback: call.arguments[0] };
    }
    if (name === "from" && parts.receiver?.text === "Array" && call.arguments.length >= 2) {
      return { combinator, mapCall: call, collection: call.arguments[0]!, callback: call.arguments[1] };
    }
    if (!((name === "filter" || name === "concat" || name === "flat") && parts.receiverExpression)) return undefined;
    n = skipOuterExpressions(parts.receiverExpression);
  }
  return undefined;
}

/** The call a statement starts: `send(x)`, `void send(x)`, `send(x).catch(log)`, `send(x).then(a, b)`. */
function startedCall(expression: Node): CallExpression | undefined {
  let e = skipOuterExpressions(expression);
  if (e.kind === SyntaxKind.VoidExpression) e = skipOuterExpressions((e as unknown as { expression: Node }).expression);
  if (e.kind !== SyntaxKind.CallExpression) return undefined;
  return e as CallExpression;
}

function noteLimiterVariable(node: Node, fa: FileAnalysis, names: Set<string>): void {
  let nameNode: Node | undefined;
  let init: Node | undefined;
  if (node.kind === SyntaxKind.BinaryExpression) {
    const b = node as unknown as { left: Node; right: Node; operatorToken: Node };
    if (b.operatorToken.kind !== SyntaxKind.EqualsToken) return;
    const left = skipOuterExpressions(b.left);
    nameNode = left.kind === SyntaxKind.PropertyAccessExpression ? (left as unknown as { name: Node }).name : left;
    init = b.right;
  } else {
    nameNode = (node as unknown as { name: Node }).name;
    init = (node as unknown as { initializer?: Node }).initializer;
  }
  if (!init || !nameNode) return;
  const i = skipOuterExpressions(init);
  if (i.kind !== SyntaxKind.CallExpression && i.kind !== SyntaxKind.NewExpression) return;
  const calleeName = lastName((i as unknown as { expression: Node }).expression);
  if (!calleeName) return;
  const binding = fa.bindings.forLocalName(calleeName);
  if ((binding && limiterModules.has(binding.module)) || names.has(calleeName)) {
    const t = textOf(nameNode);
    if (t) names.add(t);
  }
}

/** `send(x).catch(log)` → `send(x).catch()`; long or multi-line callees by their last name: `insertOne()`. */
function callLabel(call: CallExpression): string {
  const callee = call.expression.getText().replace(/\s+/g, "");
  if (callee.length <= 40) return `${callee}()`;
  let base: CallExpression = call;
  for (;;) {
    const parts = calleeParts(base.expression);
    const inner = parts?.receiverExpression ? skipOuterExpressions(parts.receiverExpression) : undefined;
    if (parts && /^(then|catch|finally)$/.test(parts.nameNode.text) && inner?.kind === SyntaxKind.CallExpression) { base = inner as CallExpression; continue; }
    return `${parts?.nameNode.text ?? "this call"}()`;
  }
}

function describe(node: Node): string {
  const text = skipOuterExpressions(node).getText().replace(/\s+/g, " ");
  return text.length <= 40 ? text : `${text.slice(0, 37)}...`;
}

/** "item of `xs`", or "iteration of this loop" when the loop goes over no collection. */
function describeScope(scope: IterationScope): string {
  if (scope.collection) return `item of \`${describe(scope.collection)}\``;
  const bound = countingLoopBound(scope.node);
  if (bound && bound !== "bounded") return `item of \`${describe(bound.collection)}\``;
  return "iteration of this loop";
}

/** Whether the collection is a real array (the helper fix takes `readonly T[]`). */
function arrayLike(fa: FileAnalysis, node: Node): "array" | "other" {
  const type = fa.queries.typeOf(node);
  if (!type) return "other";
  const checker = fa.queries.checker;
  const parts = type.isUnionType() ? type.getTypes() : [type];
  return parts.every(p => checker.isArrayType(p) || checker.isTupleType(p)) ? "array" : "other";
}

export type { FanOut };
export { forEachDescendant };

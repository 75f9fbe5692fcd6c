// Positive evidence that code serves concurrent work: it runs per request, per event or per item
// while sibling work is in flight. blocking-call-in-async reports a blocking call only when the
// path to it starts at such code (or at a public entry point of the project that its users call),
// never merely because the code is async and not known start-up (startup-paths.ts).
//
// Decided from syntax and API names alone (Node's, and the usual frameworks' shapes):
//   - a callback registered on a source of repeated work: an event listener (`x.on("data", cb)`,
//     `addEventListener`), middleware and route handlers (`app.use(cb)`, `router.get("/p", cb)`),
//     a server's request listener (`createServer(cb)`), a timer that repeats (`setInterval`), a
//     file watcher (`fs.watch(path, cb)`), a job queue's processor (`new Worker("jobs", fn)`,
//     `queue.process(fn)`, `channel.consume(queue, fn)`);
//   - a request handler by its parameters: `(req, res)`, `(request, reply)`, `(ctx, next)`;
//   - one item's work of a concurrent fan-out: an async callback given to `map`/`forEach`/
//     `flatMap` (every item starts before the first finishes), any callback given to them inside
//     `Promise.all/allSettled/any/race(...)`, or a task given to a concurrency limiter or queue
//     (`limit(() => ...)`, `queue.add(() => ...)`);
//   - a task of a hand-written pool: a call whose promise joins a set of pending work that the
//     file empties and awaits together (isPoolDispatch), found at the call (servingKindBetween).
import { SyntaxKind, type Node } from "../typescript";
import { calleeMethodName, isAsyncFunction, isFunctionLike, type FunctionLike } from "../async-context";
import { callTakingArgument, identifierPattern, isConstList, namesEnclosingParameter } from "../syntax";
import { declarationsSeenFrom, identifiersNamedIn } from "../identifiers-by-text";

const text = (node: Node | undefined): string | undefined => (node as unknown as { text?: string } | undefined)?.text;

/**
 * Events after which nothing more happens: their listeners run once (shutdown, or the end of the
 * emitter's work: `"done"` as `"finish"`, found on real code: a load-test launcher's final report,
 * written once after every worker exited).
 */
const onceEvents = new Set([
  "done",
  "exit",
  "beforeExit",
  "SIGINT",
  "SIGTERM",
  "SIGHUP",
  "SIGQUIT",
  "SIGBREAK",
  "uncaughtException",
  "unhandledRejection",
  "close",
  "end",
  "finish",
  "ready",
  "listening",
  "open",
  // A plugin host's "start-up is complete" signal, emitted once after the host restored its
  // state: plugins create their devices and files there, once per process. Found on the tuning
  // set (session 20): two plugins preparing cache files and probing the hardware model per
  // configured device in it.
  "didFinishLaunching",
]);
/**
 * Also a protocol connection's request handlers, one call per request from the other end:
 * `server.setRequestHandler(CallToolRequestSchema, handler)` (MCP), `connection.onRequest(type,
 * handler)` (JSON-RPC). Not its notification handlers: some notifications come once (MCP's and
 * LSP's `initialized`), and a schema object does not say which.
 */
const listenerMethods = new Set(["on", "addListener", "prependListener", "addEventListener", "subscribe", "setRequestHandler", "onRequest"]);
const routeMethods = new Set(["get", "post", "put", "patch", "delete", "del", "all", "head", "options", "route", "use"]);
const repeatingFunctions = new Set(["setInterval", "createServer", "watch", "watchFile"]);
const jobMethods = new Set(["process", "consume"]);
const fanOutMethods = new Set(["map", "forEach", "flatMap"]);
const promiseCombinators = new Set(["all", "allSettled", "any", "race"]);
/** A concurrency limiter or queue takes the task: `limit(fn)`, `pLimit(2)(fn)`, `queue.add(fn)`, `q.push(fn)`. */
const limiterName = /(^|[^A-Za-z])(limit|throttle|queue|pool|semaphore|mutex)|(Limit|Throttle|Queue|Pool|Semaphore|Mutex)/;
const queueMethods = new Set(["add", "push", "enqueue", "schedule", "run", "submit", "addAll"]);
const requestParams: readonly (readonly [RegExp, RegExp])[] = [
  [/^(req|request)$/, /^(res|response|reply)$/],
  [/^(ctx|context)$/, /^next$/],
];

function outerOf(fn: Node): Node {
  let outer = fn;
  while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
  return outer;
}

function stringArg(node: Node | undefined): string | undefined {
  return node && (node.kind === SyntaxKind.StringLiteral || node.kind === SyntaxKind.NoSubstitutionTemplateLiteral) ? text(node) : undefined;
}

/** The call `value` is passed to, its callee without parentheses, and the callee's name (`on` of `api.on`, `setInterval`). */
function registrationOf(value: Node) {
  const taken = callTakingArgument(value);
  if (!taken) return undefined;
  let inner = taken.callee;
  while (inner.kind === SyntaxKind.ParenthesizedExpression) inner = (inner as unknown as { expression: Node }).expression;
  const name = inner.kind === SyntaxKind.Identifier ? text(inner) : calleeMethodName(inner);
  return { taken, args: taken.args, inner, name };
}

/** Whether `value`, given as an argument, is registered as a handler of repeated work (see the file comment). */
export function isRegisteredHandler(value: Node): boolean {
  const registration = registrationOf(value);
  if (!registration?.name) return false;
  const { taken, args, inner, name } = registration;
  const outer = outerOf(value);
  if (listenerMethods.has(name)) {
    const event = stringArg(args[0]);
    return (
      args[0] !== outer &&
      (event === undefined || !onceEvents.has(event)) &&
      !isTerminalPrompt(inner) &&
      !isParentChannel(inner, event) &&
      !isRunnerLifecycle(inner, event)
    );
  }
  if (repeatingFunctions.has(name)) return true;
  // A job queue's processor runs per job: `new Worker("jobs", async job => ...)`, `queue.process(fn)`,
  // `channel.consume(queue, fn)`.
  if (taken.call.kind === SyntaxKind.NewExpression) return name === "Worker" && args[0] !== outer;
  if (jobMethods.has(name) && inner.kind === SyntaxKind.PropertyAccessExpression) return true;
  if (routeMethods.has(name) && inner.kind === SyntaxKind.PropertyAccessExpression) {
    // `app.use(handler)`, `router.get("/users", auth, handler)`; not `map.get(key, fallback)`.
    if (name === "use") return true;
    const path = args[0];
    return !!path && path !== outer && isRoutePath(path);
  }
  return false;
}

/**
 * Whether `value`, given as an argument, is registered as the listener of an event that happens
 * once (`api.on("didFinishLaunching", this.launch)`, `emitter.on("close", f)`, `x.once("e", f)`):
 * it runs at most once per registration, like a written-out listener of such an event, which is
 * no evidence (isRegisteredHandler). A method registered that way is not a public method that
 * nothing in the project calls: its registration is its call (startup-callers.ts, file-local-calls.ts).
 */
export function isOnceRegistration(value: Node): boolean {
  const registration = registrationOf(value);
  if (!registration) return false;
  const { args, name } = registration;
  if (args[0] === outerOf(value)) return false;
  if (name === "once" || name === "prependOnceListener") return true;
  if (!name || !listenerMethods.has(name)) return false;
  const event = stringArg(args[0]);
  // The parent process's messages (isParentChannel): its registration is its call too, made for
  // the parent's jobs, not the project's users.
  return event !== undefined && (onceEvents.has(event) || isParentChannel(registration.inner, event) || isRunnerLifecycle(registration.inner, event));
}

/**
 * A test runner's run and spec events, as Cypress hands them to a plugin: the `on` of
 * `setupNodeEvents(on, config)` (or of the plugins file's `(on, config) => ...`), a function the
 * plugin receives as a parameter, `on("after:spec", async (spec, results) => ...)`. Cypress fires
 * `before:run`/`after:run` once per run, `before:spec`/`after:spec` once per spec file, one spec at
 * a time, and `before:browser:launch`/`after:browser:launch` once per browser launch; it awaits a
 * handler's promise before it goes on (its documented API), in a process of the plugin's own
 * (the config process), where no other handler of these runs meanwhile. A blocking call there
 * delays the run by its own duration and stalls nothing else in flight, like a step of a one-shot
 * command. Found on the tuning set (session 26): a Slack reporter's `writeFileSync` of its small
 * log of posts in its `after:spec` handler (2, judged false).
 *
 * Not the runner's other events: `task` (a handler per `cy.task` call), `file:preprocessor` (a
 * bundle per spec file, rebuilt by its watcher), `dev-server:start` (a server that then serves the
 * browser's requests), `after:screenshot` (mid-spec, while the page under test runs and a dev
 * server of the same process may serve it). Not an emitter's method (`bus.on("after:spec", cb)`),
 * an emitter of the project's own. Not in a file that starts a server (`createServer`, `listen`):
 * its requests are in flight while the handler runs.
 */
const runnerLifecycleEvents = new Set(["before:run", "after:run", "before:spec", "after:spec", "before:browser:launch", "after:browser:launch"]);

function isRunnerLifecycle(listenerCallee: Node, event: string | undefined): boolean {
  if (event === undefined || !runnerLifecycleEvents.has(event) || listenerCallee.kind !== SyntaxKind.Identifier) return false;
  return namesEnclosingParameter(listenerCallee) && !startsServer.test(listenerCallee.getSourceFile().text);
}

/**
 * `process.on("message", cb)`: the IPC channel a forked child process gets from the process that
 * forked it. Its messages are that parent's jobs, one program's own dispatch, not work arriving
 * from outside: the parent forks a child per job (a review, a batch of tasks) or hands a pool's
 * child one task at a time, and a blocking call there stalls only the child's own job, as one in
 * a worker thread does. Found on the tuning set (session 24): a command's review worker running
 * its one `run-review` job (3), a task runner's batch worker reading its configuration for its
 * one batch; judged false, like a test runner's per-file worker saving its snapshots. Only the
 * global `process` (a file that declares a `process` of its own, a child it forked say, is
 * another channel: a parent listening to its children serves them all), only `message` (a
 * socket's, a WebSocket's or a worker's `message` listener still serves), and only in a file that
 * starts no server (a child serving requests of its own, an emulator's function runtime, has them
 * in flight when its parent's message arrives).
 */
function isParentChannel(listenerCallee: Node, event: string | undefined): boolean {
  if (event !== "message" || listenerCallee.kind !== SyntaxKind.PropertyAccessExpression) return false;
  const receiver = (listenerCallee as unknown as { expression: Node }).expression;
  if (receiver.kind !== SyntaxKind.Identifier || text(receiver) !== "process") return false;
  const file = receiver.getSourceFile();
  return !startsServer.test(file.text) && identifiersNamedIn(file, "process").every(id => !declaresOtherProcess(id));
}

/**
 * A file that starts a server (`app.listen(port)`, `http.createServer(...)`): a child that serves
 * requests of its own has them in flight when its parent's message arrives.
 */
export const startsServer = /(?<![\w$])(createServer|listen)\s*\(/;

/** `process` declared as a name of the file's own (a variable, parameter or binding), or imported from a module other than Node's `process`. */
function declaresOtherProcess(id: Node): boolean {
  const parent = id.parent;
  if (!parent) return false;
  switch (parent.kind) {
    case SyntaxKind.VariableDeclaration:
    case SyntaxKind.Parameter:
    case SyntaxKind.BindingElement:
    case SyntaxKind.FunctionDeclaration:
    case SyntaxKind.ClassDeclaration:
      return (parent as unknown as { name?: Node }).name === id;
    case SyntaxKind.ImportClause:
    case SyntaxKind.ImportSpecifier:
    case SyntaxKind.NamespaceImport: {
      let declaration: Node | undefined = parent;
      while (declaration && declaration.kind !== SyntaxKind.ImportDeclaration) declaration = declaration.parent;
      const from = stringArg((declaration as unknown as { moduleSpecifier?: Node } | undefined)?.moduleSpecifier);
      return from !== "process" && from !== "node:process";
    }
    default:
      return false;
  }
}

/**
 * `rl.on("line", cb)` where `rl` is a `readline` interface on the process's standard input: the
 * lines a person types at a prompt, one at a time (found on real code: a test runner's
 * interactive pause shell). Only a variable that is only ever assigned such an interface.
 */
function isTerminalPrompt(listenerCallee: Node): boolean {
  if (listenerCallee.kind !== SyntaxKind.PropertyAccessExpression) return false;
  const receiver = (listenerCallee as unknown as { expression: Node }).expression;
  if (receiver.kind !== SyntaxKind.Identifier) return false;
  let values = 0;
  for (const id of identifiersNamedIn(receiver.getSourceFile(), text(receiver)!)) {
    const parent = id.parent;
    let value: Node | undefined;
    if (parent?.kind === SyntaxKind.VariableDeclaration && (parent as unknown as { name: Node }).name === id)
      value = (parent as unknown as { initializer?: Node }).initializer;
    else if (
      parent?.kind === SyntaxKind.BinaryExpression &&
      (parent as unknown as { left: Node }).left === id &&
      (parent as unknown as { operatorToken: Node }).operatorToken.kind === SyntaxKind.EqualsToken
    )
      value = (parent as unknown as { right: Node }).right;
    else continue;
    if (!value) continue;
    if (!isStdinInterface(value)) return false;
    values++;
  }
  return values > 0;
}

/** `readline.createInterface({ input: process.stdin, ... })`, `createInterface(process.stdin, ...)`. */
function isStdinInterface(value: Node): boolean {
  if (value.kind !== SyntaxKind.CallExpression) return false;
  const { expression, arguments: args } = value as unknown as { expression: Node; arguments: readonly Node[] };
  const name = expression.kind === SyntaxKind.Identifier ? text(expression) : calleeMethodName(expression);
  if (name !== "createInterface" || !args[0]) return false;
  const first = args[0];
  if (first.kind === SyntaxKind.ObjectLiteralExpression) {
    return (first as unknown as { properties: readonly Node[] }).properties.some(
      p =>
        p.kind === SyntaxKind.PropertyAssignment &&
        text((p as unknown as { name: Node }).name) === "input" &&
        (p as unknown as { initializer: Node }).initializer.getText() === "process.stdin",
    );
  }
  return first.getText() === "process.stdin";
}

/** `"/users"`, `\`/users/${id}\``, `"/" + name`. */
function isRoutePath(arg: Node): boolean {
  let n = arg;
  while (n.kind === SyntaxKind.BinaryExpression) n = (n as unknown as { left: Node }).left;
  if (n.kind === SyntaxKind.StringLiteral || n.kind === SyntaxKind.NoSubstitutionTemplateLiteral) return /^[/*]/.test(text(n) ?? "");
  if (n.kind === SyntaxKind.TemplateExpression) return /^[/*]/.test(text((n as unknown as { head: Node }).head) ?? "");
  return false;
}

/** A request handler by its parameters. */
function hasRequestParameters(fn: FunctionLike): boolean {
  const params = (fn as unknown as { parameters?: readonly { name: Node }[] }).parameters ?? [];
  const [a, b] = params.map(p => text(p.name));
  return !!a && !!b && requestParams.some(([x, y]) => x.test(a) && y.test(b)) && !passesResultToNext(fn, b);
}

/**
 * `(context, next) => { ...; next(null, context); }`: `next` is a Node-style continuation that
 * takes an error and a result, the step of a waterfall or series (`async.waterfall([...])`), not
 * middleware's `next()` (Koa: no arguments; Express: at most an error). Such steps run once per
 * run of their sequence (found on real code: the steps preparing a bundle once before a run).
 */
function passesResultToNext(fn: FunctionLike, next: string): boolean {
  const body = (fn as unknown as { body?: Node }).body;
  if (!body) return false;
  return identifiersNamedIn(fn.getSourceFile(), next).some(id => {
    if (id.pos < body.pos || id.end > body.end) return false;
    const call = id.parent;
    if (call?.kind !== SyntaxKind.CallExpression || (call as unknown as { expression: Node }).expression !== id) return false;
    const args = (call as unknown as { arguments: readonly Node[] }).arguments;
    return args.length >= 2 || args[0]?.kind === SyntaxKind.NullKeyword;
  });
}

/** One item's work in a concurrent fan-out (see the file comment). */
export function isFanOutItem(fn: FunctionLike): boolean {
  const taken = callTakingArgument(fn);
  if (!taken) return false;
  const { call, callee } = taken;
  const method = calleeMethodName(callee);
  if (method && fanOutMethods.has(method)) return (isAsyncFunction(fn) || insidePromiseCombinator(call)) && !isFixedList(callee);
  if (method && queueMethods.has(method)) {
    const receiver = (callee as unknown as { expression: Node }).expression;
    return limiterName.test(receiver.getText()) || /^q$/.test(receiver.getText());
  }
  const name = callee.kind === SyntaxKind.Identifier ? text(callee) : undefined;
  return (
    (!!name && limiterName.test(name)) ||
    (callee.kind === SyntaxKind.CallExpression && limiterName.test((callee as unknown as { expression: Node }).expression.getText()))
  );
}

/**
 * `["a", "b"].map(...)`, or `names.map(...)` with `const names = ["a", "b"]` in scope: a handful of
 * items written in the code, not work that arrives from outside. The items are the parts of one
 * operation, so their fan-out shows no concurrent work beyond that operation's (found on real code:
 * a one-shot command checking four fixed package names at once).
 */
function isFixedList(callee: Node): boolean {
  let receiver = (callee as unknown as { expression?: Node }).expression;
  while (receiver?.kind === SyntaxKind.ParenthesizedExpression) receiver = (receiver as unknown as { expression: Node }).expression;
  if (!receiver) return false;
  if (receiver.kind === SyntaxKind.ArrayLiteralExpression) return isLiteralItems(receiver);
  if (receiver.kind !== SyntaxKind.Identifier) return false;
  const declarations = declarationsSeenFrom(receiver, text(receiver)!);
  if (declarations.length !== 1) return false;
  const declaration = declarations[0]!.declaration;
  const isConst = isConstList(declaration.parent);
  let init = (declaration as unknown as { initializer?: Node }).initializer;
  while (init && (init.kind === SyntaxKind.AsExpression || init.kind === SyntaxKind.ParenthesizedExpression))
    init = (init as unknown as { expression: Node }).expression;
  return isConst && init?.kind === SyntaxKind.ArrayLiteralExpression && isLiteralItems(init);
}

/** An array literal of literals (strings, numbers, templates without substitutions), no spreads. */
function isLiteralItems(array: Node): boolean {
  const elements = (array as unknown as { elements: readonly Node[] }).elements;
  return (
    elements.length > 0 &&
    elements.every(e => e.kind === SyntaxKind.StringLiteral || e.kind === SyntaxKind.NumericLiteral || e.kind === SyntaxKind.NoSubstitutionTemplateLiteral)
  );
}

/** `Promise.all(xs.map(...))`, also through `[...]` and spreads. */
function insidePromiseCombinator(call: Node): boolean {
  for (let n: Node | undefined = call.parent; n; n = n.parent) {
    if (n.kind === SyntaxKind.CallExpression) {
      const callee = (n as unknown as { expression: Node }).expression;
      const method = calleeMethodName(callee);
      return !!method && promiseCombinators.has(method) && (callee as unknown as { expression: Node }).expression.getText() === "Promise";
    }
    if (n.kind !== SyntaxKind.ArrayLiteralExpression && n.kind !== SyntaxKind.SpreadElement && n.kind !== SyntaxKind.ParenthesizedExpression) return false;
  }
  return false;
}

/**
 * Fan-out kinds (servingKindOf, servingKindBetween): one item's work among its siblings, the items
 * of one operation. Concurrency, but not evidence that anything else is in flight: a one-shot
 * command fans out too. With the rule's `requireConcurrencyEvidence` (off by default) such code
 * serves only when the code around the fan-out does (the function that calls `map` or the
 * limiter), from a root of concurrent work: a request handler, a listener, a job processor, a
 * watcher, a repeating timer (startup-paths.ts).
 */
export function isFanOutKind(kind: string | undefined): boolean {
  return kind !== undefined && kind.replace(/^[x<]+/, "").startsWith("fan-out:");
}

/** Whether a function is itself code that serves concurrent work. */
export function servesConcurrentWork(fn: FunctionLike): boolean {
  return servingKindOf(fn) !== undefined;
}

/** Which evidence shows that a function serves concurrent work (for the evidence's name in findings). */
export function servingKindOf(fn: FunctionLike): string | undefined {
  if (isRegisteredHandler(fn)) return "handler:" + handlerKindOf(fn);
  if (hasRequestParameters(fn)) return "request-params";
  if (isFanOutItem(fn)) {
    const method = calleeMethodName(callTakingArgument(fn)!.callee);
    return method && fanOutMethods.has(method) ? (isAsyncFunction(fn) ? "fan-out:async-map" : "fan-out:combinator") : "fan-out:limiter";
  }
  return undefined;
}

/**
 * Events that bring work from outside, one per request, message, connection or changed file:
 * a server's, a socket's or a file watcher's (`server.on("request")`, `ws.on("message")`,
 * `watcher.on("change")`). Other events of synchronous listeners are as often one program's own
 * steps (an archive's entries while it is unpacked once, a reporter's state changes).
 */
const externalWorkEvents = new Set(["request", "message", "connection", "change", "add", "addDir", "unlink", "unlinkDir", "all", "rename"]);

/**
 * A synchronous function that handles one piece of concurrent work where it is written: a route
 * or middleware (`app.use((req, res, next) => ...)`, `router.get("/p", (req, res) => ...)`), a
 * function with a request's parameters, a server's request listener (`createServer(cb)`), a file
 * watcher's callback (`fs.watch(p, cb)`), or a listener of an event in externalWorkEvents.
 * Not timers (a repeating timer's callback often runs a one-time step, then clears itself), and
 * not listeners of other events. The kind of evidence, or undefined.
 */
export function syncHandlerKindOf(fn: FunctionLike): string | undefined {
  if (hasRequestParameters(fn)) return "request-params";
  if (!isRegisteredHandler(fn)) return undefined;
  const kind = handlerKindOf(fn);
  if (kind === "route" || kind === "createServer" || kind === "watch" || kind === "watchFile") return kind;
  if (kind !== "listener") return undefined;
  const event = stringArg(callTakingArgument(fn)!.args[0]);
  return event !== undefined && externalWorkEvents.has(event) ? `listener:${event}` : undefined;
}

function handlerKindOf(value: Node): string {
  const taken = callTakingArgument(value)!;
  let inner = taken.callee;
  while (inner.kind === SyntaxKind.ParenthesizedExpression) inner = (inner as unknown as { expression: Node }).expression;
  const name = inner.kind === SyntaxKind.Identifier ? text(inner) : calleeMethodName(inner);
  if (listenerMethods.has(name!)) return "listener";
  if (repeatingFunctions.has(name!)) return name!;
  if (taken.call.kind === SyntaxKind.NewExpression || jobMethods.has(name!)) return "job";
  return "route";
}

/**
 * The kind of evidence that code at `node` sits in a fan-out item or registered handler between it
 * and `owner` (callbacks that run synchronously, such as a `map` callback inside `Promise.all`, do
 * not own the code in them, so the owner alone does not show it).
 */
export function servingKindBetween(node: Node, owner: Node): string | undefined {
  return servingBetween(node, owner)?.kind;
}

/** servingKindBetween, with where the evidence is: the function between, or the pool's dispatch call. */
export function servingBetween(node: Node, owner: Node): { kind: string; at: Node } | undefined {
  if (isPoolDispatch(node)) return { kind: "fan-out:pool", at: node };
  for (let n = node.parent; n && n !== owner; n = n.parent) {
    const kind = isFunctionLike(n) ? servingKindOf(n as FunctionLike) : undefined;
    if (kind) return { kind, at: n };
  }
  return undefined;
}

const promiseChainMethods = new Set(["then", "catch", "finally"]);

/**
 * A call started as one task of a hand-written pool, the written-out form of a concurrency
 * limiter: its promise (also through `.then/.catch/.finally`, directly or through a `const`) is
 * added to a set of pending work, `pending.add(p)`, that the file also deletes settled tasks from,
 * `pending.delete(...)`, and awaits with `Promise.all/allSettled/race/any(pending)` (a dispatch
 * loop that keeps a number of tasks in flight: `while (pending.size < parallelism) ...`). The
 * called function then runs while the pool's other tasks are in flight, like a limiter's task.
 */
function isPoolDispatch(node: Node): boolean {
  if (node.kind !== SyntaxKind.CallExpression) return false;
  let value: Node = node;
  for (;;) {
    const parent = value.parent;
    if (parent?.kind === SyntaxKind.ParenthesizedExpression) value = parent;
    else if (
      parent?.kind === SyntaxKind.PropertyAccessExpression &&
      promiseChainMethods.has(text((parent as unknown as { name: Node }).name) ?? "") &&
      parent.parent?.kind === SyntaxKind.CallExpression &&
      (parent.parent as unknown as { expression: Node }).expression === parent
    )
      value = parent.parent;
    else break;
  }
  const added = addedTo(value);
  if (added) return isPendingSet(added);
  const declaration = value.parent;
  if (declaration?.kind !== SyntaxKind.VariableDeclaration || (declaration as unknown as { initializer?: Node }).initializer !== value) return false;
  const name = (declaration as unknown as { name: Node }).name;
  if (name.kind !== SyntaxKind.Identifier || !isConstList(declaration.parent)) return false;
  let scope: Node | undefined = declaration.parent;
  while (scope && !isFunctionLike(scope)) scope = scope.parent;
  if (!scope) return false;
  return identifiersNamedIn(node.getSourceFile(), text(name)!).some(id => {
    if (id === name || id.pos < scope!.pos || id.end > scope!.end) return false;
    const set = addedTo(id);
    return !!set && isPendingSet(set);
  });
}

/** `set.add(value)`: the set's expression. */
function addedTo(value: Node): Node | undefined {
  const call = value.parent;
  if (call?.kind !== SyntaxKind.CallExpression) return undefined;
  const { expression, arguments: args } = call as unknown as { expression: Node; arguments: readonly Node[] };
  if (args.length !== 1 || args[0] !== value || calleeMethodName(expression) !== "add") return undefined;
  return (expression as unknown as { expression: Node }).expression;
}

/** A set of pending promises: the file deletes from it and awaits it with a Promise combinator. */
function isPendingSet(set: Node): boolean {
  const setText = set.getText();
  const fileText = set.getSourceFile().text;
  const escaped = identifierPattern(setText);
  const deletes = new RegExp(`(?<![\\w$.])${escaped}\\s*\\.\\s*delete\\s*\\(`).test(fileText);
  const awaited = new RegExp(`Promise\\s*\\.\\s*(all|allSettled|race|any)\\s*\\(\\s*(\\[\\s*\\.\\.\\.\\s*)?(?<![\\w$.])${escaped}\\s*[\\])]`).test(fileText);
  return deletes && awaited;
}

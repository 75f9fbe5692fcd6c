// Serving code whose path through a blocking call shows no concurrent work (startup-paths.ts
// isQuietAt asks, per call, after the evidence around the call was found):
//
//   - a fan-out item that waits for nothing on that path. An async `map`/`forEach`/`flatMap`
//     callback runs synchronously until its first `await`: an item whose path to the call and on
//     to its end awaits nothing (and returns, chains or drops no promise) has ended before `map`
//     starts the next item. Those items run one after another, as a plain loop would, so the
//     fan-out is no evidence for the call; the code around the fan-out decides. Found on unseen code: a
//     migration tool checksumming each `.sql` file of its folder in the `.sql` branch of its map
//     callback, which returns before the other branch's `await import(...)`.
//   - a request handler of a server that the function around it creates and that the handler
//     closes on the call's path, after the call: `const server = createServer(); server.on(
//     "request", async (req, res) => { ...; writeFileSync(tokenFile, ...); server.close(); })`.
//     The server exists to take one request (an OAuth redirect's callback, a one-time webhook):
//     the path that blocks is the exchange that ends it. Found on unseen code: a command's
//     one-shot `auth` step storing its token. (Session 36) Also closed through a function declared
//     beside the server whose own statements close it (`cleanup();` with `function cleanup() {
//     clearTimeout(timer); server.close(); }`), and on the path through a callback the handler
//     chains (`exchange(code).then(tokens => { save(tokens); cleanup(); })`): an SDK's browser
//     sign-in server storing the tokens it receives.
//   - (session 15) a polling timer that ends the wait it belongs to: `new Promise(resolve => {
//     const timer = setInterval(() => { ...; if (done) { clearInterval(timer); resolve(); } },
//     500); })`. The callback repeats only while the function that made the promise waits for
//     it, one tick at a time: a written-out `while (!done) { await sleep(500); ... }` of that
//     function, not work arriving from outside. The function around the `setInterval` decides.
//     Found on unseen code: a command's last step polling a simulator until the app closes.
//   - (session 20) a request handler or listener that ends the process on the call's path, after
//     the call: `process.exit()` as a statement, or deferred by a timer (`setTimeout(() =>
//     process.exit(), 1000)`, to let the response flush). The process takes that one request and
//     stops, whatever server it listens with (a module-level `app` whose `/callback` route stores
//     a command's login token, then closes its server and exits; a shutdown endpoint). The code
//     that registers the handler decides. Found on the tuning set: a command-line program's login
//     callback route. (Session 25) also deferred to the callback of the response's `end` or the
//     server's `close` (`res.end(() => process.exit(0))`), and asked of synchronous handlers too
//     (the rule's handler reports, handlerEndsItsServingAfter): a login helper's local server.
//   - (session 25) in a fan-out item, a call of a synchronous twin made as a statement
//     (`fs.writeFileSync(...)`, named `...Sync`) returns its result, not a promise: it leaves
//     nothing in flight. Found on the tuning set: a command's page generator writing each page.
//   - (session 28) an async function that ends in its caller's turn (endsInItsCallersTurn): it
//     waits for nothing and returns no promise, so a public method of that shape that nothing in
//     the project calls shows no more than a synchronous one (startup-callers.ts quietInProject).
//
// All are decided from the file's syntax; the first two along the statements that run from the
// handler's or item's start through the call: the code before it, and after it up to a
// `return`/`throw` that ends its block (or the function's end). Branches not taken on the path
// (`else`, other `case`s) do not count; a loop or `try` around the call counts whole.
import { SyntaxKind, type Node } from "../typescript";
import { calleeMethodName, isAsyncFunction, isFunctionLike, type FunctionLike } from "../async-context";
import { walkPruned } from "../walk";
import { calleeParts, enclosingFunction, functionOf, isConstList, isLoop, isSyncTwinName, skipOuterExpressions, textOf as text } from "../syntax";
import { declarationsSeenFrom, identifiersNamedIn } from "../identifiers-by-text";

/** Every statement or expression that runs on the path from `fn`'s start through `node` and on to where the path ends. */
function onPath(node: Node, fn: FunctionLike): { before: Node[]; after: Node[]; returned?: Node } {
  const before: Node[] = [];
  const after: Node[] = [];
  let returned: Node | undefined;
  let ended = false;
  let child = node;
  for (let p = node.parent; p && p !== fn; child = p, p = p.parent) {
    if (p.kind === SyntaxKind.Block || p.kind === SyntaxKind.CaseClause || p.kind === SyntaxKind.DefaultClause) {
      const statements = (p as unknown as { statements: readonly Node[] }).statements;
      for (const s of statements) if (s.end <= child.pos) before.push(s);
      if (!ended && (child.kind === SyntaxKind.ReturnStatement || child.kind === SyntaxKind.ThrowStatement)) {
        ended = true;
        if (child.kind === SyntaxKind.ReturnStatement) returned = (child as unknown as { expression?: Node }).expression;
      }
      if (!ended) {
        const following = statements.filter(s => s.pos >= child.end);
        after.push(...following);
        const last = following[following.length - 1];
        if (last && (last.kind === SyntaxKind.ReturnStatement || last.kind === SyntaxKind.ThrowStatement)) ended = true;
      }
      continue;
    }
    if (p.kind === SyntaxKind.IfStatement) {
      // In a branch: the condition ran before. In the condition: either branch runs after.
      const { expression, thenStatement, elseStatement } = p as unknown as { expression: Node; thenStatement: Node; elseStatement?: Node };
      if (expression !== child) before.push(expression);
      else if (!ended) after.push(thenStatement, ...(elseStatement ? [elseStatement] : []));
      continue;
    }
    if (p.kind === SyntaxKind.ConditionalExpression) {
      const { condition, whenTrue, whenFalse } = p as unknown as { condition: Node; whenTrue: Node; whenFalse: Node };
      if (condition !== child) before.push(condition);
      else if (!ended) after.push(whenTrue, whenFalse);
      continue;
    }
    // Anything else (a loop, a `try`, an expression around the call): all of it is on the path,
    // the expression itself too (`await transform(load(x))` waits after the call).
    if (p.kind === SyntaxKind.AwaitExpression || p.kind === SyntaxKind.YieldExpression || p.kind === SyntaxKind.ForOfStatement) before.push(p);
    p.forEachChild(c => {
      if (c !== child) before.push(c);
    });
  }
  // A concise arrow body is the function's result.
  if (!ended && child.parent === fn && child === (fn as { body?: Node }).body && child.kind !== SyntaxKind.Block) returned = child;
  return { before, after, returned };
}

/** Whether a node of `root`, outside nested functions, passes `test`. */
function someInOwnCode(root: Node, test: (n: Node) => boolean): boolean {
  let found = false;
  walkPruned(
    root,
    n => {
      if (isFunctionLike(n)) return false;
      if (!test(n)) return true;
      found = true;
      return "stop";
    },
    true,
  );
  return found;
}

/** An `await`, `for await` or `yield`. */
function isWait(n: Node): boolean {
  return (
    n.kind === SyntaxKind.AwaitExpression ||
    n.kind === SyntaxKind.YieldExpression ||
    (n.kind === SyntaxKind.ForOfStatement && !!(n as unknown as { awaitModifier?: Node }).awaitModifier)
  );
}

/**
 * A result that may be a promise still in flight: a call (`node` itself too: a project function
 * that blocks may be async), `new`, or a variable.
 */
function mayBePending(value: Node | undefined): boolean {
  // Without recursion: generated code nests conditional expressions thousands deep.
  const stack: Node[] = value ? [value] : [];
  while (stack.length) {
    const v = stack.pop()!;
    switch (v.kind) {
      case SyntaxKind.ParenthesizedExpression:
      case SyntaxKind.AsExpression:
      case SyntaxKind.SpreadElement:
        stack.push((v as unknown as { expression: Node }).expression);
        break;
      // `[compress(f, "gz"), compress(f, "br")]` for a `flatMap` inside `Promise.all`; either branch of `a ? b : c`.
      case SyntaxKind.ArrayLiteralExpression:
        for (const e of (v as unknown as { elements: readonly Node[] }).elements) stack.push(e);
        break;
      case SyntaxKind.ConditionalExpression: {
        const c = v as unknown as { whenTrue: Node; whenFalse: Node };
        stack.push(c.whenTrue, c.whenFalse);
        break;
      }
      case SyntaxKind.CallExpression:
      case SyntaxKind.NewExpression:
      case SyntaxKind.Identifier:
        return true;
    }
  }
  return false;
}

/** A `return` of a possibly pending value. */
function isPendingReturn(n: Node): boolean {
  return n.kind === SyntaxKind.ReturnStatement && mayBePending((n as unknown as { expression?: Node }).expression);
}

/** `x.then(...)`/`.catch`/`.finally`: a promise handled later, work left in flight. */
function isPromiseChain(n: Node): boolean {
  if (n.kind !== SyntaxKind.CallExpression) return false;
  const method = calleeMethodName((n as unknown as { expression: Node }).expression);
  return method === "then" || method === "catch" || method === "finally";
}

/**
 * A call made as a statement of its own (`upload(body);`, `void send(x);`), other than `node`:
 * its promise, if it makes one, is dropped and stays in flight. `console.*` calls aside, and
 * (session 25) calls of a synchronous twin (`fs.writeFileSync(...)`, `mkdirSync(...)`: a name
 * ending in `Sync`), which return their result, not a promise: the work is done when they return.
 */
function isDroppedCall(n: Node, node: Node): boolean {
  if (n.kind !== SyntaxKind.ExpressionStatement) return false;
  let e = (n as unknown as { expression: Node }).expression;
  while (e.kind === SyntaxKind.VoidExpression || e.kind === SyntaxKind.ParenthesizedExpression) e = (e as unknown as { expression: Node }).expression;
  if (e.kind !== SyntaxKind.CallExpression || e === node) return false;
  const callee = (e as unknown as { expression: Node }).expression;
  return !/^console\./.test(callee.getText()) && !isSyncTwinName(calleeParts(callee)?.nameNode.text ?? "");
}

/** The statement `node` is part of (inside `fn`). */
function statementOf(node: Node, fn: FunctionLike): Node | undefined {
  for (let n: Node | undefined = node; n && n !== fn; n = n.parent) {
    if (isFunctionLike(n)) return undefined;
    if (n.parent?.kind === SyntaxKind.Block || n.parent?.kind === SyntaxKind.CaseClause || n.parent?.kind === SyntaxKind.DefaultClause) return n;
  }
  return undefined;
}

/**
 * Whether the fan-out item `item` reaches `node` and runs on to its end without waiting for
 * anything: no `await` on the path, no promise returned, chained or dropped by a call made as a
 * statement of its own (see the file comment).
 */
export function itemRunsThroughWithoutWaiting(node: Node, item: FunctionLike): boolean {
  if (!item.body) return false;
  const { before, after, returned } = onPath(node, item);
  const own = statementOf(node, item);
  const path = [...before, ...after, ...(own ? [own] : [])];
  const leavesWorkInFlight = (n: Node) => isWait(n) || isPromiseChain(n) || isDroppedCall(n, node) || isPendingReturn(n);
  if (path.some(p => someInOwnCode(p, leavesWorkInFlight))) return false;
  return !mayBePending(returned);
}

/**
 * (Session 31) Whether `fn` reaches `node` before its first wait: no `await`, `for await` or
 * `yield` runs on the path from its start to `node` (an `await` around `node` counts as before
 * it), nor anywhere in a loop around `node` (a later turn of the loop runs after it). A listener
 * that an emitter calls synchronously runs that far inside the emitter's `emit`.
 */
export function reachedBeforeFirstWait(node: Node, fn: FunctionLike): boolean {
  if (!fn.body) return false;
  // `statSync(await dirOf(x))`: the call runs after the wait in its own arguments.
  if (someInOwnCode(node, isWait)) return false;
  for (let n = node.parent; n && n !== fn; n = n.parent) if (isLoop(n) && someInOwnCode(n, isWait)) return false;
  return !onPath(node, fn).before.some(p => someInOwnCode(p, isWait));
}

/**
 * (Session 28) Whether the async function `fn` ends in its caller's turn: its own code (nested
 * functions aside) waits for nothing (no `await`, `for await`, `yield`), chains no promise
 * (`.then`/`.catch`/`.finally`) and returns no value that may be a promise still in flight (a
 * call, `new`, a variable; a concise body's value counts as returned). Its `async` only wraps what
 * it returns: a caller's `await` gets a promise already settled, and the body has run to its end,
 * blocking calls and all, as a synchronous function's does. A promise it starts and drops is not
 * waited for, by it or by its caller. `hashFile() { statSync(f); return new Promise(...) }`
 * returns work in flight and does not end so.
 */
export function endsInItsCallersTurn(fn: FunctionLike): boolean {
  const body = fn.body;
  if (!body || !isAsyncFunction(fn)) return false;
  if (body.kind !== SyntaxKind.Block) return !someInOwnCode(body, n => isWait(n) || isPromiseChain(n)) && !mayBePending(body);
  return !someInOwnCode(body, n => isWait(n) || isPromiseChain(n) || isPendingReturn(n));
}

/**
 * The server `handler` handles requests of, when the function around the registration creates it
 * in a local variable: `const server = http.createServer(handler)`, or `server.on("request",
 * handler)` with `const server = createServer(...)` in the same function. Its name, and the
 * function that declares it.
 */
function localServerOf(handler: FunctionLike): { name: string; scope: FunctionLike } | undefined {
  let outer: Node = handler;
  while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
  const call = outer.parent;
  if (call?.kind !== SyntaxKind.CallExpression) return undefined;
  const { expression: callee, arguments: args } = call as unknown as { expression: Node; arguments: readonly Node[] };
  if (!args.includes(outer)) return undefined;
  const parts = calleeParts(callee);
  const name = parts?.nameNode.text;
  if (name === "createServer") return declaredName(call);
  if (name !== "on" && name !== "addListener" && name !== "once") return undefined;
  const event = args[0];
  if (event?.kind !== SyntaxKind.StringLiteral || text(event) !== "request") return undefined;
  // `server.on(...)`: a plain `on(...)` has no server to close.
  if (!parts?.receiver) return undefined;
  const server = parts.receiver.text;
  // Declared in a function around the registration (not at module level: a server the module keeps).
  const created = declarationsSeenFrom(call, server).find(({ declaration, scope }) => {
    const init = (declaration as unknown as { initializer?: Node }).initializer;
    return (
      !!scope && init?.kind === SyntaxKind.CallExpression && calleeParts((init as unknown as { expression: Node }).expression)?.nameNode.text === "createServer"
    );
  });
  return created?.scope ? { name: server, scope: created.scope } : undefined;
}

/** `const server = createServer(...)` inside a function: the variable's name and that function. */
function declaredName(call: Node): { name: string; scope: FunctionLike } | undefined {
  const d = call.parent;
  if (d?.kind !== SyntaxKind.VariableDeclaration) return undefined;
  const name = (d as unknown as { name: Node }).name;
  if (name.kind !== SyntaxKind.Identifier) return undefined;
  const scope = enclosingFunction(d);
  return scope ? { name: text(name)!, scope } : undefined;
}

/** The callee of the call a statement makes (`f(...);`, `await f(...);`), if it is one. */
function statementCallee(statement: Node): Node | undefined {
  if (statement.kind !== SyntaxKind.ExpressionStatement) return undefined;
  let e = (statement as unknown as { expression: Node }).expression;
  if (e.kind === SyntaxKind.AwaitExpression) e = (e as unknown as { expression: Node }).expression;
  if (e.kind !== SyntaxKind.CallExpression) return undefined;
  return (e as unknown as { expression: Node }).expression;
}

/** `server.close(...)` as a statement of its own. */
function closes(statement: Node, server: string): boolean {
  const callee = statementCallee(statement);
  if (!callee || calleeMethodName(callee) !== "close") return false;
  const receiver = (callee as unknown as { expression: Node }).expression;
  return receiver.kind === SyntaxKind.Identifier && text(receiver) === server;
}

/**
 * (Session 36) `server.close()` as a statement, or `cleanup();`, a call as a statement of a
 * function declared beside the server (in the function that creates it: a function declaration,
 * or a `const` set to an arrow or function expression) whose own body closes it as one of its
 * statements: `function cleanup() { clearTimeout(timer); server.close(); }`. One link: the
 * helper's own statements, not what it calls. Found on unseen code: an SDK's browser sign-in
 * flow, whose local callback server stores the tokens it receives, then closes itself through
 * the flow's `cleanup()`, which also clears its time limit.
 */
function closesItsServer(statement: Node, server: { name: string; scope: FunctionLike }): boolean {
  if (closes(statement, server.name)) return true;
  const callee = statementCallee(statement);
  const helper = callee && skipOuterExpressions(callee);
  if (helper?.kind !== SyntaxKind.Identifier) return false;
  const name = text(helper)!;
  return identifiersNamedIn(statement.getSourceFile(), name).some(id => {
    const d = id.parent;
    if (!d || (d as unknown as { name?: Node }).name !== id || enclosingFunction(d) !== server.scope) return false;
    const fn =
      d.kind === SyntaxKind.FunctionDeclaration
        ? (d as FunctionLike)
        : d.kind === SyntaxKind.VariableDeclaration && isConstList(d.parent)
          ? functionOf(d)
          : undefined;
    const body = fn?.body;
    if (!body || body.kind !== SyntaxKind.Block) return false;
    return (body as unknown as { statements: readonly Node[] }).statements.some(s => closes(s, server.name));
  });
}

/**
 * Whether `handler` handles the requests of a server created where it is registered, and closes
 * that server on the path through `node`, after it (see the file comment).
 */
export function handlerClosesItsServerAfter(node: Node, handler: FunctionLike): boolean {
  if (!handler.body) return false;
  const server = localServerOf(handler);
  if (!server) return false;
  return onPath(node, handler).after.some(s => closesItsServer(s, server));
}

/**
 * Whether `handler` ends the process on the path through `node`, after it: `process.exit(...)` as
 * a statement, or as the statement of a callback given to `setTimeout`/`setImmediate` as a
 * statement (`setTimeout(() => process.exit(), 1000)`, letting the response flush). The process
 * serves that one request and stops: a command's OAuth callback, a shutdown endpoint (see the
 * file comment).
 */
export function handlerExitsTheProcessAfter(node: Node, handler: FunctionLike): boolean {
  if (!handler.body) return false;
  return onPath(node, handler).after.some(exitsTheProcess);
}

/**
 * Whether `handler` ends what it serves on the path through `node`, after it: it closes its own
 * one-shot server or ends the process. Asked of async handlers (startup-paths.ts) and (session 25)
 * of synchronous ones (the rule's handler reports): a synchronous `(req, res)` callback of a
 * command's local server that stores the token it receives, then exits once the response is sent.
 */
export function handlerEndsItsServingAfter(node: Node, handler: FunctionLike): boolean {
  return handlerClosesItsServerAfter(node, handler) || handlerExitsTheProcessAfter(node, handler);
}

/** `process.exit(...)` as a statement, also deferred by a timer (or a response's `end`, a server's `close`) written as a statement. */
function exitsTheProcess(statement: Node): boolean {
  return statement.kind === SyntaxKind.ExpressionStatement && isExitCall((statement as unknown as { expression: Node }).expression, true);
}

/**
 * `process.exit(...)`; with `deferred`, also `setTimeout(() => process.exit(), ms)` /
 * `setImmediate(...)`, and (session 25) the exit as the callback of the response's `end` or the
 * server's `close` (`res.end(() => process.exit(0))`: once the redirect is sent).
 */
function isExitCall(expression: Node, deferred: boolean): boolean {
  const e = skipOuterExpressions(expression);
  if (e.kind !== SyntaxKind.CallExpression) return false;
  const { expression: callee, arguments: args } = e as unknown as { expression: Node; arguments: readonly Node[] };
  const parts = calleeParts(callee);
  if (!parts) return false;
  if (parts.nameNode.text === "exit" && parts.receiver?.text === "process") return true;
  if (!deferred) return false;
  const name = parts.nameNode.text;
  const timed = !parts.receiverExpression && (name === "setTimeout" || name === "setImmediate");
  const onceDone = !!parts.receiverExpression && (name === "end" || name === "close");
  if (!timed && !onceDone) return false;
  const callback = timed ? args[0] : args[args.length - 1];
  const timer = callback && skipOuterExpressions(callback);
  if (!timer || (timer.kind !== SyntaxKind.ArrowFunction && timer.kind !== SyntaxKind.FunctionExpression)) return false;
  const body = (timer as unknown as { body: Node }).body;
  if (body.kind !== SyntaxKind.Block) return isExitCall(body, false);
  return (body as unknown as { statements: readonly Node[] }).statements.some(
    s => s.kind === SyntaxKind.ExpressionStatement && isExitCall((s as unknown as { expression: Node }).expression, false),
  );
}

/** The call that registers `fn` or hands it to `map`: where the code around it runs. */
export function callTaking(fn: FunctionLike): Node | undefined {
  let outer: Node = fn;
  while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
  const call = outer.parent;
  return call?.kind === SyntaxKind.CallExpression || call?.kind === SyntaxKind.NewExpression ? call : undefined;
}

/** `clearInterval(name)` written in `root`'s own code. */
function clearsInterval(root: Node, name: string): boolean {
  return someInOwnCode(root, n => {
    if (n.kind !== SyntaxKind.CallExpression) return false;
    const { expression, arguments: args } = n as unknown as { expression: Node; arguments: readonly Node[] };
    const arg = args[0] && skipOuterExpressions(args[0]);
    return calleeParts(expression)?.nameNode.text === "clearInterval" && arg?.kind === SyntaxKind.Identifier && text(arg) === name;
  });
}

/** A call of one of `names` (a promise executor's `resolve`/`reject`) written in `root`'s own code. */
function callsOneOf(root: Node, names: ReadonlySet<string>): boolean {
  return someInOwnCode(root, n => {
    if (n.kind !== SyntaxKind.CallExpression) return false;
    const callee = skipOuterExpressions((n as unknown as { expression: Node }).expression);
    return callee.kind === SyntaxKind.Identifier && names.has(text(callee)!);
  });
}

/**
 * Whether `callback`, given to `setInterval`, polls for the promise it is made in: the timer is
 * started in a `new Promise` executor's own code and kept in a variable there, and the
 * callback clears that timer and settles the promise (calls the executor's `resolve` or
 * `reject`). See the file comment.
 */
export function pollsUntilItSettles(callback: FunctionLike): boolean {
  const timerCall = callTaking(callback);
  if (!timerCall || timerCall.kind !== SyntaxKind.CallExpression) return false;
  if (calleeParts((timerCall as unknown as { expression: Node }).expression)?.nameNode.text !== "setInterval") return false;
  const name = timerVariable(timerCall);
  if (!name) return false;
  // The executor whose own code starts the timer (in its body, or in a block or `try` of it).
  const executor = enclosingFunction(timerCall);
  if (!executor) return false;
  const newPromise = callTaking(executor);
  if (newPromise?.kind !== SyntaxKind.NewExpression) return false;
  const promiseClass = skipOuterExpressions((newPromise as unknown as { expression: Node }).expression);
  if (promiseClass.kind !== SyntaxKind.Identifier || text(promiseClass) !== "Promise") return false;
  const settlers = new Set<string>();
  for (const parameter of (executor as unknown as { parameters: readonly Node[] }).parameters) {
    const parameterName = (parameter as unknown as { name: Node }).name;
    if (parameterName.kind === SyntaxKind.Identifier) settlers.add(text(parameterName)!);
  }
  const own = callback.body;
  return !!own && settlers.size > 0 && clearsInterval(own, name) && callsOneOf(own, settlers);
}

/** The variable a timer is kept in where it is started: `const timer = setInterval(...)`, or `timer = setInterval(...)`. */
function timerVariable(timerCall: Node): string | undefined {
  let outer = timerCall;
  while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
  const parent = outer.parent;
  let name: Node | undefined;
  if (parent?.kind === SyntaxKind.VariableDeclaration) name = (parent as unknown as { name: Node }).name;
  else if (
    parent?.kind === SyntaxKind.BinaryExpression &&
    (parent as unknown as { operatorToken: Node }).operatorToken.kind === SyntaxKind.EqualsToken &&
    (parent as unknown as { right: Node }).right === outer
  )
    name = (parent as unknown as { left: Node }).left;
  return name?.kind === SyntaxKind.Identifier ? text(name) : undefined;
}

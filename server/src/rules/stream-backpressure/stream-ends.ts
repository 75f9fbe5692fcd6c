// Syntax questions about the streams of one call: where a write runs over and over (a loop, a
// 'data' listener), whether the code around it waits for 'drain' or pauses, and whether an end of
// a `pipe()` has an 'error' listener.
import { SyntaxKind, type Node } from "../../analysis/typescript";
import { isFunctionLike, type FunctionLike } from "../../analysis/async-context";
import {
  callArguments,
  callTakingArgument,
  calleeParts,
  enclosingFunction,
  forEachDescendant,
  identifierPattern,
  isLoop,
  listenerMethods,
  skipOuterExpressions,
  stringLiteralText,
  textOf,
  nodeField as get,
} from "../../analysis/syntax";
import { walkPruned } from "../../analysis/walk";
import { eventPromiseCallees, watcherAliases, watcherNames } from "./stream-watchers";

/**
 * The methods of Node's streams that return the stream they are called on (`this` in Node's
 * typings): the listener methods, and the setters of a stream's mode (`setEncoding`,
 * `setDefaultEncoding`, `setMaxListeners`, `pause`, `resume`).
 */
const sameStreamMethods = new Set([...listenerMethods, "setEncoding", "setDefaultEncoding", "setMaxListeners", "pause", "resume"]);

/**
 * The stream calls that return it are chained on: `child.stdout.on("end", done)` evaluates to
 * `child.stdout` (an emitter's listener methods return the emitter), so `child.stdout.on("end",
 * done).pipe(out)` pipes the child's output; `setEncoding` and the other setters of
 * `sameStreamMethods` too (session 32). Such calls are stripped one by one; anything else is
 * returned as is.
 */
export function listenedStream(expression: Node): Node {
  let stream = skipOuterExpressions(expression);
  for (
    let parts = stream.kind === SyntaxKind.CallExpression ? calleeParts(get(stream, "expression")) : undefined;
    parts?.receiverExpression && sameStreamMethods.has(parts.nameNode.text);
    parts = stream.kind === SyntaxKind.CallExpression ? calleeParts(get(stream, "expression")) : undefined
  )
    stream = skipOuterExpressions(parts.receiverExpression);
  return stream;
}

/**
 * Where a write repeats over data made as it goes: a `for await` loop, a `while`/`do` loop, a loop
 * whose body awaits (the next row, the next chunk), or the 'data' listener it runs in (within one
 * function). A plain loop over a collection already in memory is not one: its writes can at most
 * copy that collection into the stream's buffer. `pacedAwait` tells the awaits that bring no data
 * (a copy into the written stream that waits for its 'drain' itself, `paced-copies.ts`).
 */
export function repeatingContext(
  call: Node,
  pacedAwait?: (awaited: Node) => boolean,
): { kind: "loop"; loop: Node; fn?: FunctionLike } | { kind: "data"; fn: FunctionLike } | undefined {
  for (let n = call.parent; n; n = n.parent) {
    if (isLoop(n)) return producesAsItGoes(n, pacedAwait) ? { kind: "loop", loop: n, fn: enclosingFunction(n) } : undefined;
    if (isFunctionLike(n)) return isDataListener(n) ? { kind: "data", fn: n } : undefined;
  }
  return undefined;
}

function producesAsItGoes(loop: Node, pacedAwait?: (awaited: Node) => boolean): boolean {
  if (loop.kind === SyntaxKind.WhileStatement || loop.kind === SyntaxKind.DoStatement) return true;
  if (loop.kind === SyntaxKind.ForOfStatement && get<Node | undefined>(loop, "awaitModifier")) return true;
  let awaits = false;
  walkPruned(get(loop, "statement"), n => {
    if (awaits) return "stop";
    if (n.kind === SyntaxKind.AwaitExpression && !pacedAwait?.(n)) awaits = true;
    return !isFunctionLike(n);
  });
  return awaits;
}

/** The call a function is passed to, written there (`x.on("data", fn)`, `http.request(opts, fn)`): the call, its callee, its arguments and `fn` as an argument (out of parentheses). */
export function callTaking(fn: Node): { call: Node; parts: NonNullable<ReturnType<typeof calleeParts>>; args: readonly Node[]; argument: Node } | undefined {
  const taken = callTakingArgument(fn);
  if (taken?.call.kind !== SyntaxKind.CallExpression) return undefined;
  const parts = calleeParts(taken.callee);
  return parts ? { call: taken.call, parts, args: taken.args, argument: taken.argument } : undefined;
}

/** `x.on('data', fn)` (or once/addListener/prepend*): `fn` is the listener. */
function isDataListener(fn: FunctionLike): boolean {
  const taking = callTaking(fn);
  return !!taking && listenerMethods.has(taking.parts.nameNode.text) && taking.args[1] === taking.argument && stringLiteralText(taking.args[0]) === "data";
}

/** The stream a 'data' listener listens to: `x` of `x.on('data', fn)`. */
export function dataListenerEmitter(fn: FunctionLike): Node | undefined {
  let outer: Node = fn;
  while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
  const call = outer.parent;
  return call?.kind === SyntaxKind.CallExpression ? calleeParts(get(call, "expression"))?.receiverExpression : undefined;
}

/** The same stream written the same way (`out`, `this.out`, `out!`), by text. */
export function sameStream(a: Node | undefined, b: Node): boolean {
  const text = (n: Node) =>
    skipOuterExpressions(n)
      .getText()
      .replace(/[\s!]+/g, "");
  return !!a && text(a) === text(b);
}

/** The statement's value is dropped: `w.write(x);` or `void w.write(x);`. */
export function resultIgnored(call: Node): boolean {
  let n: Node = call;
  while (n.parent?.kind === SyntaxKind.ParenthesizedExpression) n = n.parent;
  if (n.parent?.kind === SyntaxKind.VoidExpression) n = n.parent;
  return n.parent?.kind === SyntaxKind.ExpressionStatement;
}

/**
 * The code that runs the writes deals with backpressure some way we can see: it mentions 'drain'
 * (`await once(w, 'drain')`, `w.once('drain', ...)`), pauses a source (`.pause()`), or reads
 * `writableNeedDrain`/`writableLength`/`writableHighWaterMark`.
 */
export function handlesBackpressure(scope: Node): boolean {
  const text = scope.getText();
  return /["'`]drain["'`]|\.\s*pause\s*\(|writableNeedDrain|writableLength|writableHighWaterMark|\.\s*cork\s*\(/.test(text);
}

/**
 * Whether an end of `a.pipe(b)` has an 'error' listener we can see: the end is written as
 * `x.on('error', ...)`, or the same name (`src`, `this.out`) gets one in `scope`, or the pipe's
 * result (the destination) does: `a.pipe(b).on('error', ...)`.
 */
export function endHandlesErrors(end: Node, scope: Node): boolean {
  const e = skipOuterExpressions(end);
  if (listensForError(e)) return true;
  const name =
    e.kind === SyntaxKind.Identifier || e.kind === SyntaxKind.PropertyAccessExpression || e.kind === SyntaxKind.ThisKeyword ? e.getText() : undefined;
  return !!name && nameHandlesErrors(name, scope);
}

/**
 * The name (`src`, `this.out`, `ctx.res`) gets an 'error' listener in `scope`, is handed to
 * `finished()`/`pipeline()` (also by another name the file gives them, `stream-watchers.ts`), or is
 * read with `for await` or `yield*`.
 */
export function nameHandlesErrors(name: string, scope: Node): boolean {
  const listener = new RegExp(
    `(?<![\\w$.])${identifierPattern(name).replace(/\s+/g, "\\s*").replace(/\\\./g, "\\s*!?\\s*\\??\\.\\s*")}\\s*(\\?\\.|\\.)\\s*(on|once|addListener|prependListener|prependOnceListener)\\s*\\(\\s*["'\`]error["'\`]`,
  );
  // Handed to something that watches it: finished(x, cb), eos(x, cb), pipeline(...), pump(...),
  // or a promisified copy of one under another name (`await streamFinished(x)`).
  const aliases = watcherAliases(scope.getSourceFile());
  const watchers = `\\b(${watcherNames.join("|")})${aliases.length ? `|(?<![\\w$.])(${aliases.map(identifierPattern).join("|")})` : ""}`;
  const watched = new RegExp(`(${watchers})\\s*\\([^)]*(?<![\\w$.])${identifierPattern(name)}(?![\\w$])`);
  // Read with `for await`, or delegated to with `yield*` in an async generator (a stream is only
  // async-iterable): the iterator rejects with the stream's error.
  const iterated = new RegExp(
    `for\\s+await\\s*\\([^;)]*\\bof\\s+${identifierPattern(name)}\\s*\\)|\\byield\\s*\\*\\s*${identifierPattern(name)}(?![\\w$.(\\[])`,
  );
  // Waited for to its end with `events.once(x, 'end' | 'finish' | 'close')`, which rejects with the
  // stream's error until then: awaited, or in `Promise.all`/`allSettled`/`race`/`any`. Also (session
  // 36) with a package's function that does the same, called with no options (`await fromEvent(x,
  // "close")` of promise-toolbox, p-event's `pEvent`; stream-watchers.ts): options may turn its
  // 'error' listener off.
  const eventPromises = eventPromiseCallees(scope.getSourceFile());
  const eventPromise = eventPromises.length
    ? `|(?<![\\w$.])(${eventPromises.map(identifierPattern).join("|")})\\s*\\)?\\s*\\(\\s*${identifierPattern(name)}\\s*,\\s*["'\`](end|finish|close)["'\`]\\s*\\)`
    : "";
  const once = `(?:[\\w$.]*\\bonce\\s*\\)?\\s*\\(\\s*${identifierPattern(name)}\\s*,\\s*["'\`](end|finish|close)["'\`]${eventPromise})`;
  const waited = new RegExp(
    `\\bawait\\s+(\\(\\s*0\\s*,\\s*)?${once}|\\bPromise\\s*\\.\\s*(all|allSettled|race|any)\\s*\\(\\s*\\[[^\\]]*?(\\(\\s*0\\s*,\\s*)?${once}`,
  );
  const text = scope.getText();
  return listener.test(text) || watched.test(text) || iterated.test(text) || waited.test(text) || emitReplaced(name, scope);
}

/**
 * The name's `emit` replaced by a function that takes 'error' itself (`sock.emit = (ev, ...args) =>
 * { if (ev === "error") ... }`): the throw for an 'error' nobody listens to is in the emit it replaced.
 */
function emitReplaced(name: string, scope: Node): boolean {
  const key = name.replace(/\s+/g, "");
  let found = false;
  forEachDescendant(scope, n => {
    if (found || n.kind !== SyntaxKind.BinaryExpression || get<Node>(n, "operatorToken").kind !== SyntaxKind.EqualsToken) return;
    const left = skipOuterExpressions(get(n, "left"));
    if (left.kind !== SyntaxKind.PropertyAccessExpression || textOf(get(left, "name")) !== "emit") return;
    if (
      skipOuterExpressions(get(left, "expression"))
        .getText()
        .replace(/[\s!]+/g, "") !== key
    )
      return;
    const value = skipOuterExpressions(get(n, "right"));
    found = isFunctionLike(value) && /["'`]error["'`]/.test(value.getText());
  });
  return found;
}

/** `x.on('error', ...)` and friends, possibly after other chained listeners. */
export function listensForError(expression: Node): boolean {
  let n = expression;
  while (n.kind === SyntaxKind.CallExpression) {
    const parts = calleeParts(get(n, "expression"));
    if (!parts) return false;
    if (listenerMethods.has(parts.nameNode.text) && stringLiteralText(callArguments(n)[0]) === "error") return true;
    if (!parts.receiverExpression || !listenerMethods.has(parts.nameNode.text)) return false;
    n = skipOuterExpressions(parts.receiverExpression);
  }
  return false;
}

/**
 * The pipe call's result gets an 'error' listener (`a.pipe(b).on('error', ...)`), or is read with
 * `for await` or `yield*`, which reject with its error, also after calls that return the same stream
 * (`for await (const line of a.pipe(b).setEncoding("utf8"))`).
 */
export function resultListensForError(pipeCall: Node): boolean {
  const { holder, errorListener } = pipeResultChain(pipeCall);
  if (errorListener) return true;
  const parent = holder.parent;
  if (parent?.kind === SyntaxKind.ForOfStatement && get(parent, "expression") === holder && get<Node | undefined>(parent, "awaitModifier")) return true;
  return parent?.kind === SyntaxKind.YieldExpression && !!get<Node | undefined>(parent, "asteriskToken");
}

/**
 * The outermost expression that still holds the pipe's destination: the call, or the last of the
 * calls chained on it that return the same stream (`a.pipe(b).setEncoding("utf8")`,
 * `a.pipe(b).on("end", f)`), out of parentheses; and whether an 'error' listener is among them.
 */
export function pipeResultChain(pipeCall: Node): { holder: Node; errorListener: boolean } {
  let n: Node = pipeCall;
  for (;;) {
    let outer: Node = n;
    while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
    const access = outer.parent;
    const call = access?.parent;
    const name = access?.kind === SyntaxKind.PropertyAccessExpression && get(access, "expression") === outer ? textOf(get(access, "name")) : undefined;
    if (!name || !sameStreamMethods.has(name) || call?.kind !== SyntaxKind.CallExpression || get(call, "expression") !== access)
      return { holder: outer, errorListener: false };
    if (listenerMethods.has(name) && stringLiteralText(callArguments(call)[0]) === "error") return { holder: call, errorListener: true };
    n = call;
  }
}

/** `process.stdout`, `process.stderr`, `process.stdin` as written. */
export function isStdio(node: Node): boolean {
  return /^process\s*\.\s*std(out|err|in)$/.test(skipOuterExpressions(node).getText());
}

/** The scope whose text is searched for listeners: the enclosing function, or the file for module code and `this.x` streams. */
export function listenerScope(node: Node, end: Node): Node {
  const target = skipOuterExpressions(end);
  if (target.kind === SyntaxKind.PropertyAccessExpression && /^this\b/.test(target.getText())) return node.getSourceFile();
  return enclosingFunction(node) ?? node.getSourceFile();
}

// A write whose data comes from a push source (session 24): the loop is `for await (x of it)` over
// the project's own async iterable (a class with `[Symbol.asyncIterator]`), whose iterator takes its
// items from queues the class fills in a 'message' handler (a WebSocket's `onmessage`, a worker's,
// a port's or a child's IPC 'message'). Such an event cannot be paused: nothing the loop does paces
// it, so waiting for 'drain' would only move the backlog from the writable's buffer into the queue.
// A class that pauses a source (`.pause()`), a queue filled elsewhere (a public `push()` of a fan-out,
// a Readable's 'data'), and an iterator that reads anything else (a file, a cursor) keep the write
// reported.
import { SyntaxKind, type Node } from "../../analysis/typescript";
import { isFunctionLike } from "../../analysis/async-context";
import {
  callArguments,
  calleeParts,
  forEachDescendant,
  functionOf,
  isClassLike,
  skipOuterExpressions,
  stringLiteralText,
  textOf,
  nodeField as get,
} from "../../analysis/syntax";
import type { FileAnalysis } from "../rule";
import { listenerMethods } from "./stream-ends";

/** How an iterator takes the next item of a queue (`this.q.shift()`, `await this.inbox.next()`). */
const queueReads = new Set(["next", "shift", "pop", "dequeue"]);
/** How a handler puts an item in a queue. */
const queueWrites = new Set(["push", "unshift", "enqueue"]);
const messageListenerMethods = new Set([...listenerMethods, "addEventListener"]);

/** The iterable of a `for await` loop, when the loop is one. */
function forAwaitIterable(loop: Node): Node | undefined {
  if (loop.kind !== SyntaxKind.ForOfStatement || !get<Node | undefined>(loop, "awaitModifier")) return undefined;
  return skipOuterExpressions(get(loop, "expression"));
}

/** The iterable whose class is found by type in phase 2 (not `this`, read from the syntax around the loop). */
export function pushSourceIterableToType(loop: Node): Node | undefined {
  const iterable = forAwaitIterable(loop);
  return iterable && iterable.kind !== SyntaxKind.ThisKeyword ? iterable : undefined;
}

/** The class `this` names at `node`: the class of the nearest function that is not an arrow. */
function thisClass(node: Node): Node | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (isClassLike(n)) return n;
    if (isFunctionLike(n) && n.kind !== SyntaxKind.ArrowFunction) return n.parent && isClassLike(n.parent) ? n.parent : undefined;
  }
  return undefined;
}

/** The project's own class of the iterable's type (not a library's, not a union). */
function iterableClass(fa: FileAnalysis, loop: Node, iterable: Node): Node | undefined {
  if (iterable.kind === SyntaxKind.ThisKeyword) return thisClass(loop);
  const type = fa.queries.typeOf(iterable);
  if (!type || type.isUnionType()) return undefined;
  const symbol = (type.isTypeReference() ? type.getTarget() : type).getSymbol();
  const where = symbol && fa.queries.declarationOf(symbol);
  if (!where || where.isExternal) return undefined;
  const declaration = fa.queries.declarationNode(symbol!);
  return declaration && isClassLike(declaration) ? declaration : undefined;
}

function members(cls: Node): readonly Node[] {
  return get<readonly Node[]>(cls, "members");
}

/** A method's name as `this.<name>` spells it (`drain`, `#drain`). */
function memberKey(member: Node): string | undefined {
  const name = get<Node | undefined>(member, "name");
  return name && (name.kind === SyntaxKind.Identifier || name.kind === SyntaxKind.PrivateIdentifier) ? textOf(name) : undefined;
}

/** `this.x` (`this.#x`): its name; undefined for anything else. */
function thisField(node: Node): string | undefined {
  const e = skipOuterExpressions(node);
  if (e.kind !== SyntaxKind.PropertyAccessExpression || skipOuterExpressions(get(e, "expression")).kind !== SyntaxKind.ThisKeyword) return undefined;
  return textOf(get(e, "name"));
}

/** `this.x.method(...)`: the field and the method's name. */
function fieldCall(call: Node): { field: string; method: string } | undefined {
  if (call.kind !== SyntaxKind.CallExpression) return undefined;
  const callee = skipOuterExpressions(get(call, "expression"));
  if (callee.kind !== SyntaxKind.PropertyAccessExpression) return undefined;
  const field = thisField(get(callee, "expression"));
  const method = textOf(get(callee, "name"));
  return field && method ? { field, method } : undefined;
}

/** The functions `roots` run, with the class's methods they call on `this` (a few levels). */
function reachedFunctions(cls: Node, roots: Node[]): Node[] {
  const methods = new Map<string, Node>();
  for (const m of members(cls)) {
    const key = memberKey(m);
    const fn = functionOf(m);
    if (key && fn && !methods.has(key)) methods.set(key, fn);
  }
  const reached = [...roots];
  for (let i = 0; i < reached.length && i < 16; i++) {
    forEachDescendant(reached[i]!, n => {
      if (n.kind !== SyntaxKind.CallExpression) return;
      const name = thisField(get(n, "expression"));
      const fn = name ? methods.get(name) : undefined;
      if (fn && !reached.includes(fn)) reached.push(fn);
    });
  }
  return reached;
}

/**
 * The functions of the class that run on a 'message' event: a listener given to
 * `x.on("message", f)` (or once/addListener/addEventListener), or set as `x.onmessage = f`; a
 * method named there (`this.onMessage`, `this.onMessage.bind(this)`) counts as the listener.
 */
function messageHandlers(cls: Node): Node[] {
  const handlers: Node[] = [];
  const methodNamed = (name: string) => {
    const member = members(cls).find(m => memberKey(m) === name);
    return member && functionOf(member);
  };
  const add = (value: Node | undefined) => {
    let h = value && skipOuterExpressions(value);
    if (h?.kind === SyntaxKind.CallExpression && calleeParts(get(h, "expression"))?.nameNode.text === "bind")
      h = calleeParts(get(h, "expression"))!.receiverExpression;
    if (!h) return;
    if (isFunctionLike(h)) handlers.push(h);
    const field = thisField(h);
    const method = field ? methodNamed(field) : undefined;
    if (method) handlers.push(method);
  };
  forEachDescendant(cls, n => {
    if (n.kind === SyntaxKind.CallExpression) {
      const parts = calleeParts(get(n, "expression"));
      const args = callArguments(n);
      if (parts?.receiverExpression && messageListenerMethods.has(parts.nameNode.text) && stringLiteralText(args[0]) === "message") add(args[1]);
    } else if (n.kind === SyntaxKind.BinaryExpression && get<Node>(n, "operatorToken").kind === SyntaxKind.EqualsToken) {
      const left = skipOuterExpressions(get(n, "left"));
      if (left.kind === SyntaxKind.PropertyAccessExpression && textOf(get(left, "name")) === "onmessage") add(get(n, "right"));
    }
  });
  return handlers;
}

/**
 * The write's loop reads the project's own async iterable whose items come only from queues the
 * class fills in its 'message' handlers, and the class pauses nothing.
 */
export function pushFedLoop(fa: FileAnalysis, loop: Node): boolean {
  const iterable = forAwaitIterable(loop);
  const cls = iterable && iterableClass(fa, loop, iterable);
  if (!cls || /\.\s*pause\s*\(/.test(cls.getText())) return false;
  const iterator = members(cls).find(m => {
    const name = get<Node | undefined>(m, "name");
    return name?.kind === SyntaxKind.ComputedPropertyName && /^Symbol\s*\.\s*asyncIterator$/.test(get<Node>(name, "expression").getText());
  });
  const iteratorFn = iterator && functionOf(iterator);
  if (!iteratorFn) return false;
  const read = new Set<string>();
  for (const fn of reachedFunctions(cls, [iteratorFn]))
    forEachDescendant(fn, n => {
      const c = fieldCall(n);
      if (c && queueReads.has(c.method)) read.add(c.field);
    });
  if (read.size === 0) return false;
  const filled = new Set<string>();
  for (const fn of reachedFunctions(cls, messageHandlers(cls)))
    forEachDescendant(fn, n => {
      const c = fieldCall(n);
      if (c && queueWrites.has(c.method)) filled.add(c.field);
    });
  return [...read].every(field => filled.has(field));
}

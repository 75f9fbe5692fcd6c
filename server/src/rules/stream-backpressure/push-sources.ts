// A write whose data comes from a push source (session 24): the loop is `for await (x of it)` over
// the project's own async iterable (a class with `[Symbol.asyncIterator]`, or an async generator
// function of the project), whose iterator takes its items from queues the code fills in a
// 'message' handler (a WebSocket's `onmessage`, a worker's, a port's or a child's IPC 'message').
// Such an event cannot be paused: nothing the loop does paces it, so waiting for 'drain' would only
// move the backlog from the writable's buffer into the queue. Code that pauses a source
// (`.pause()`), a queue filled elsewhere (a Readable's 'data', a method other code calls), and an
// iterator that reads anything else (a file, a cursor) keep the write reported.
import { SyntaxKind, type Node, type TsSymbol } from "../../analysis/typescript";
import { isFunctionLike } from "../../analysis/async-context";
import {
  callArguments,
  calleeParts,
  forEachDescendant,
  functionOf,
  isClassLike,
  listenerMethods,
  nodeField as get,
  skipOuterExpressions,
  stringLiteralText,
  textOf,
} from "../../analysis/syntax";
import { walkPruned } from "../../analysis/walk";
import type { FileAnalysis } from "../rule";

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

/**
 * Phase 1: what phase 2 asks about the loop's iterable, when it is not `this` (read from the syntax
 * around the loop): the callee's symbol for a call (`frames(ws)`, `this.messages()`), else the type.
 */
export function needPushSourceQuestions(fa: FileAnalysis, loop: Node): void {
  const iterable = forAwaitIterable(loop);
  if (!iterable || iterable.kind === SyntaxKind.ThisKeyword) return;
  const callee = iterable.kind === SyntaxKind.CallExpression ? calleeParts(get(iterable, "expression"))?.nameNode : undefined;
  if (callee) fa.queries.needSymbol(callee);
  else if (iterable.kind !== SyntaxKind.CallExpression) fa.queries.needType(iterable);
}

/** The class `this` names at `node`: the class of the nearest function that is not an arrow. */
function thisClass(node: Node): Node | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (isClassLike(n)) return n;
    if (isFunctionLike(n) && n.kind !== SyntaxKind.ArrowFunction) return n.parent && isClassLike(n.parent) ? n.parent : undefined;
  }
  return undefined;
}

/** The code that owns the queues: the class (for a method, its class) and the function its items come from. */
interface Owner {
  node: Node;
  cls?: Node;
  iterator: Node;
}

/** The project's own declaration of a symbol (not a library's), with a body to read. */
function projectDeclaration(fa: FileAnalysis, symbol: TsSymbol | undefined): Node | undefined {
  const where = symbol && fa.queries.declarationOf(symbol);
  return where && !where.isExternal ? fa.queries.declarationNode(symbol!) : undefined;
}

/** The class with `[Symbol.asyncIterator]` a `for await` reads: `this`, or a value of the project's own class (not a union). */
function classOwner(fa: FileAnalysis, loop: Node, iterable: Node): Owner | undefined {
  let cls: Node | undefined;
  if (iterable.kind === SyntaxKind.ThisKeyword) cls = thisClass(loop);
  else {
    const type = fa.queries.typeOf(iterable);
    if (!type || type.isUnionType()) return undefined;
    const declaration = projectDeclaration(fa, (type.isTypeReference() ? type.getTarget() : type).getSymbol());
    cls = declaration && isClassLike(declaration) ? declaration : undefined;
  }
  const member =
    cls &&
    members(cls).find(m => {
      const name = get<Node | undefined>(m, "name");
      return name?.kind === SyntaxKind.ComputedPropertyName && /^Symbol\s*\.\s*asyncIterator$/.test(get<Node>(name, "expression").getText());
    });
  const iterator = member && functionOf(member);
  return iterator ? { node: cls!, cls, iterator } : undefined;
}

/** The async generator of the project a `for await` calls (`frames(ws)`, `this.messages()`): a method's class owns its queues. */
function generatorOwner(fa: FileAnalysis, call: Node): Owner | undefined {
  const callee = calleeParts(get(call, "expression"))?.nameNode;
  const symbol = callee && fa.queries.symbolOf(callee);
  const iterator = functionOf(projectDeclaration(fa, symbol && fa.queries.resolveAlias(symbol)));
  if (!iterator || !get<Node | undefined>(iterator, "asteriskToken") || !get<Node | undefined>(iterator, "body")) return undefined;
  const cls = iterator.parent && isClassLike(iterator.parent) ? iterator.parent : undefined;
  return { node: cls ?? iterator, cls, iterator };
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

/** `this.q.method(...)` or `q.method(...)`: the queue (`this.q`, `q`) and the method's name. */
function queueCall(call: Node): { queue: string; method: string } | undefined {
  if (call.kind !== SyntaxKind.CallExpression) return undefined;
  const callee = skipOuterExpressions(get(call, "expression"));
  if (callee.kind !== SyntaxKind.PropertyAccessExpression) return undefined;
  const receiver = skipOuterExpressions(get(callee, "expression"));
  const field = thisField(receiver);
  const queue = field ? `this.${field}` : receiver.kind === SyntaxKind.Identifier ? textOf(receiver) : undefined;
  const method = textOf(get(callee, "name"));
  return queue && method ? { queue, method } : undefined;
}

/** The functions `roots` run, with the class's methods they call on `this` (a few levels). */
function reachedFunctions(cls: Node | undefined, roots: Node[]): Node[] {
  const methods = new Map<string, Node>();
  for (const m of cls ? members(cls) : []) {
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
 * The functions of the owner that run on a 'message' event: a listener given to
 * `x.on("message", f)` (or once/addListener/addEventListener), or set as `x.onmessage = f`; a
 * method of the class named there (`this.onMessage`, `this.onMessage.bind(this)`) counts as the listener.
 */
function messageHandlers(owner: Owner): Node[] {
  const handlers: Node[] = [];
  const add = (value: Node | undefined) => {
    let h = value && skipOuterExpressions(value);
    if (h?.kind === SyntaxKind.CallExpression && calleeParts(get(h, "expression"))?.nameNode.text === "bind")
      h = calleeParts(get(h, "expression"))!.receiverExpression;
    if (!h) return;
    if (isFunctionLike(h)) handlers.push(h);
    const field = thisField(h);
    const member = field && owner.cls ? members(owner.cls).find(m => memberKey(m) === field) : undefined;
    const method = member && functionOf(member);
    if (method) handlers.push(method);
  };
  forEachDescendant(owner.node, n => {
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
 * owner fills in its 'message' handlers, and the owner pauses nothing.
 */
export function pushFedLoop(fa: FileAnalysis, loop: Node): boolean {
  const iterable = forAwaitIterable(loop);
  const owner = !iterable ? undefined : iterable.kind === SyntaxKind.CallExpression ? generatorOwner(fa, iterable) : classOwner(fa, loop, iterable);
  if (!owner || /\.\s*pause\s*\(/.test(owner.node.getText())) return false;
  const handlers = messageHandlers(owner);
  // What the iterator reads, outside the handlers (a handler that hands an item to a parked reader, `waiting.shift()(item)`, is the fill side).
  const read = new Set<string>();
  for (const fn of reachedFunctions(owner.cls, [owner.iterator]))
    walkPruned(fn, n => {
      if (handlers.includes(n)) return false;
      const c = queueCall(n);
      if (c && queueReads.has(c.method)) read.add(c.queue);
      return true;
    });
  if (read.size === 0) return false;
  const filled = new Set<string>();
  for (const fn of reachedFunctions(owner.cls, handlers))
    forEachDescendant(fn, n => {
      const c = queueCall(n);
      if (c && queueWrites.has(c.method)) filled.add(c.queue);
    });
  return [...read].every(queue => filled.has(queue));
}

// The syntax facts rejection-sources.ts's walk asks about: which calls, constructors, receivers
// and handlers cannot throw (the vocabulary of "ordinary" code listed at the top of that file),
// a lazy one-time initialisation, a function's own returns, and a promise executor that rejects.
// Syntax only: no checker.
import { SyntaxKind, type CallExpression, type Node, type PropertyAccessExpression } from "./typescript";
import { isAsyncFunction, isFunctionLike, type FunctionLike } from "./async-context";
import { containsThrow, containsUncaughtThrow, functionExpressionKinds, methodName, nameText, skipParens } from "./promise-syntax";
import { contains, isNullOrUndefined, isSyncTwinName, listenerMethods, stringLiteralText } from "./syntax";
import { walkPruned } from "./walk";

/** `x.catch(h)` / `x.then(f, h)` statements in the function's own code, with handlers that settle. */
export function namesGivenHandlers(body: Node): Set<string> {
  const names = new Set<string>();
  const visit = (n: Node): void => {
    if (isFunctionLike(n)) return;
    if (n.kind === SyntaxKind.ExpressionStatement) {
      const e = skipParens((n as unknown as { expression: Node }).expression);
      if (e.kind === SyntaxKind.CallExpression) {
        const call = e as CallExpression;
        const name = methodName(call.expression);
        const handler = name === "catch" ? call.arguments[0] : name === "then" ? call.arguments[1] : undefined;
        const receiver = handler && skipParens((call.expression as PropertyAccessExpression).expression);
        if (receiver?.kind === SyntaxKind.Identifier && handlerCannotThrow(skipParens(handler!))) names.add(nameText(receiver));
      }
    }
    n.forEachChild(visit);
  };
  body.forEachChild(visit);
  return names;
}

/**
 * `if (!this.ready) await this.init();`: a lazy one-time initialization, guarded by a flag of the
 * object and awaiting one of its methods. Its failure is possible only on the object's first use;
 * callers that drop a later call's promise do not get it (on the tuning set 5 such findings, one
 * code base, all judged unable to reject). Weak: "cannot tell", not evidence.
 */
export function isLazyInitialization(condition0: Node, then0: Node): boolean {
  const condition = skipParens(condition0);
  if (condition.kind !== SyntaxKind.PrefixUnaryExpression) return false;
  const u = condition as unknown as { operator: SyntaxKind; operand: Node };
  if (u.operator !== SyntaxKind.ExclamationToken || !isThisProperty(skipParens(u.operand))) return false;
  let then = then0;
  if (then.kind === SyntaxKind.Block) {
    const list = statementsOf(then);
    if (list.length !== 1) return false;
    then = list[0]!;
  }
  if (then.kind !== SyntaxKind.ExpressionStatement) return false;
  const awaited = skipParens((then as unknown as { expression: Node }).expression);
  if (awaited.kind !== SyntaxKind.AwaitExpression) return false;
  const call = skipParens((awaited as unknown as { expression: Node }).expression);
  return call.kind === SyntaxKind.CallExpression && isThisProperty(skipParens((call as CallExpression).expression));
}

export function isThisProperty(n: Node): boolean {
  return n.kind === SyntaxKind.PropertyAccessExpression && skipParens((n as PropertyAccessExpression).expression).kind === SyntaxKind.ThisKeyword;
}

export function statementsOf(block: Node): readonly Node[] {
  return (block as unknown as { statements: readonly Node[] }).statements;
}

export function forEachOwnReturn(node: Node, f: (value: Node | undefined) => void): void {
  const visit = (n: Node): void => {
    if (isFunctionLike(n) || n.kind === SyntaxKind.ClassDeclaration || n.kind === SyntaxKind.ClassExpression) return;
    if (n.kind === SyntaxKind.ReturnStatement) {
      f((n as unknown as { expression?: Node }).expression);
      return;
    }
    n.forEachChild(visit);
  };
  node.forEachChild(visit);
}

export const literalKinds = new Set<SyntaxKind>([
  SyntaxKind.StringLiteral,
  SyntaxKind.NumericLiteral,
  SyntaxKind.BigIntLiteral,
  SyntaxKind.NoSubstitutionTemplateLiteral,
  SyntaxKind.TrueKeyword,
  SyntaxKind.FalseKeyword,
  SyntaxKind.NullKeyword,
  SyntaxKind.Identifier,
  SyntaxKind.ThisKeyword,
  SyntaxKind.RegularExpressionLiteral,
  SyntaxKind.FunctionExpression,
  SyntaxKind.ArrowFunction,
  SyntaxKind.OmittedExpression,
]);

export const wrapperKinds = new Set<SyntaxKind>([
  SyntaxKind.ParenthesizedExpression,
  SyntaxKind.AsExpression,
  SyntaxKind.NonNullExpression,
  SyntaxKind.SatisfiesExpression,
  SyntaxKind.TypeAssertionExpression,
  SyntaxKind.TypeOfExpression,
  SyntaxKind.VoidExpression,
]);

export const logReceiver = /^(console|log|logger|\w*Logger|\w*_logger|debug)$/;
export const logMethods = new Set(["log", "info", "warn", "error", "debug", "trace", "verbose", "fatal", "silly", "notice"]);
export const collectionMethods = new Set(["push", "unshift", "set", "add", "delete", "clear", "has", "includes", "indexOf"]);
export const safeGlobalCalls = new Set([
  "setTimeout",
  "setInterval",
  "setImmediate",
  "clearTimeout",
  "clearInterval",
  "clearImmediate",
  "queueMicrotask",
  "String",
  "Number",
  "Boolean",
]);
/** A Map, not an object: the key is a name from the linted code (`constructor.then(...)` must not find Object's `constructor`). */
export const safeStaticCalls = new Map<string, Set<string> | "any">([
  ["Date", new Set(["now"])],
  ["performance", new Set(["now"])],
  ["Math", "any"],
  ["Number", new Set(["isFinite", "isInteger", "isNaN", "isSafeInteger"])],
  ["Array", new Set(["isArray"])],
]);
export const safeConstructors = new Set(["Date", "Map", "Set", "WeakMap", "WeakSet", "Error", "TypeError", "RangeError", "AbortController", "Array", "Object"]);
export const readableGlobals = new Set(["process", "Math", "Date", "Number", "JSON", "Symbol"]);

/**
 * `x.add(...)`, `x.set(...)`: book-keeping on a collection when its value is dropped, but a
 * returned one may be a client's promise (`queue.add(job)`, `cache.set(k, v)`): the call's
 * target decides (it is passed on).
 */
export function isCollectionCall(call: CallExpression): boolean {
  const callee = skipParens(call.expression);
  return callee.kind === SyntaxKind.PropertyAccessExpression && collectionMethods.has((callee as PropertyAccessExpression).name.text);
}

/** A rejection handler that settles: a function without throw (and, if async, without await), or a named function. */
export function handlerCannotThrow(handler: Node): boolean {
  if (functionExpressionKinds.has(handler.kind)) {
    const body = (handler as unknown as { body: Node }).body;
    return !containsThrow(body, isAsyncFunction(handler));
  }
  return handler.kind === SyntaxKind.Identifier && nameText(handler) !== "undefined";
}

/**
 * `new Promise((resolve, reject) => ...)` whose executor uses its reject parameter or throws:
 * it can reject (a resolve-only executor cannot). See executorRejection for the executor whose
 * only `reject` is in a catch around its own synchronous set-up.
 */
export function executorRejects(node: Node): boolean {
  return executorRejection(node) !== "cannot";
}

/**
 * Whether a `new Promise` executor shows a rejection: "can" when it throws (a throw that may leave
 * it, not one a catch that throws nothing handles) or uses `reject`; "cannot" when it does neither.
 * "unknown" when its only uses of `reject` pass on the caught error, `reject(e)`, in the catch block
 * of a `try` (in the executor's own code) whose try block neither throws nor awaits: `new Promise((resolve, reject) => { try { setUp(); stream.on("end", resolve) } catch
 * (e) { reject(e) } })`. Such a catch passes on a synchronous throw of the set-up, which the
 * executor would turn into the same rejection without it, like a `throw` in a catch block of an
 * async function (rejection-sources.ts): what the try block does decides, and a call that may
 * throw without a `throw` is not evidence. A `throw`, an `await` or synchronous I/O (a `...Sync`
 * call, which throws when it fails) in the try block, a rejection
 * of the catch's own making (`catch { reject(new Error("bad JSON")) }`: the author expects the
 * try block to fail), or a `reject` anywhere else (a callback's error, `.then(resolve, reject)`),
 * still is.
 */
export function executorRejection(node: Node): "can" | "cannot" | "unknown" {
  const args = (node as unknown as { arguments?: readonly Node[] }).arguments;
  const executor = args?.[0] && skipParens(args[0]);
  if (!executor || !functionExpressionKinds.has(executor.kind)) return "cannot";
  const fn = executor as FunctionLike;
  const body = (fn as unknown as { body: Node }).body;
  // A throw in a try whose catch throws nothing cannot leave the executor: what the catch does decides (below).
  if (containsUncaughtThrow(body)) return "can";
  const reject = (fn as unknown as { parameters: readonly { name: Node }[] }).parameters[1]?.name;
  if (!reject || reject.kind !== SyntaxKind.Identifier) return "cannot";
  const name = nameText(reject);
  let used = false;
  let elsewhere = false;
  walkPruned(body, n => {
    if (elsewhere) return "stop";
    if (n.kind === SyntaxKind.Identifier && nameText(n) === name) {
      used = true;
      if (!rejectsInSetUpCatch(n, fn)) elsewhere = true;
    }
    return true;
  });
  return !used ? "cannot" : elsewhere ? "can" : "unknown";
}

/**
 * `reject` called as `reject(e)`, `e` the caught error, in the catch block of a try of the
 * executor's own code whose try block neither throws, awaits nor does synchronous I/O.
 */
function rejectsInSetUpCatch(use: Node, executor: Node): boolean {
  const call = use.parent;
  if (call?.kind !== SyntaxKind.CallExpression || (call as CallExpression).expression !== use) return false;
  for (let n: Node | undefined = call.parent; n && n !== executor; n = n.parent) {
    if (isFunctionLike(n)) return false;
    if (n.kind !== SyntaxKind.CatchClause) continue;
    // `reject(e)` of the caught error itself: a rejection of the catch's own making is not a pass-through.
    const caught = (n as unknown as { variableDeclaration?: { name: Node } }).variableDeclaration?.name;
    const args = (call as CallExpression).arguments;
    const passed = args.length === 1 ? skipParens(args[0]!) : undefined;
    if (!caught || caught.kind !== SyntaxKind.Identifier || passed?.kind !== SyntaxKind.Identifier || nameText(passed) !== nameText(caught)) return false;
    const tryBlock = (n.parent as unknown as { tryBlock: Node }).tryBlock;
    return !containsThrow(tryBlock, true) && !callsSynchronousIo(tryBlock);
  }
  return false;
}

/** A call named `...Sync` (`readFileSync`, `execSync`) in the block's own code: synchronous I/O throws when it fails. */
function callsSynchronousIo(block: Node): boolean {
  let found = false;
  walkPruned(block, n => {
    if (found || isFunctionLike(n)) return found ? "stop" : false;
    if (n.kind === SyntaxKind.CallExpression) {
      const callee = skipParens((n as CallExpression).expression);
      const name = callee.kind === SyntaxKind.PropertyAccessExpression ? (callee as PropertyAccessExpression).name : callee;
      if (name.kind === SyntaxKind.Identifier && isSyncTwinName(nameText(name))) found = true;
    }
    return found ? "stop" : true;
  });
  return found;
}

/** Names a node-style callback gives its error parameter (`(err, value) => ...`). */
export const callbackErrorName = /^(err|error|e|er|ex|exception)$/i;

/** `emitter.on("error", ...)` and its kin: the listener receives the emitter's failures. */
function isErrorListenerCall(call: Node | undefined): boolean {
  if (call?.kind !== SyntaxKind.CallExpression) return false;
  const name = methodName(skipParens((call as CallExpression).expression));
  return !!name && listenerMethods.has(name) && stringLiteralText((call as CallExpression).arguments[0]) === "error";
}

/** `err`, `err != null`, `err !== undefined`, `!!err`: a test that the callback was given an error. */
function testsError(condition: Node, name: string): boolean {
  let c = skipParens(condition);
  while (c.kind === SyntaxKind.PrefixUnaryExpression && (c as unknown as { operator: SyntaxKind }).operator === SyntaxKind.ExclamationToken) {
    const inner = skipParens((c as unknown as { operand: Node }).operand);
    if (inner.kind !== SyntaxKind.PrefixUnaryExpression) return false; // `!err` is the success test
    c = skipParens((inner as unknown as { operand: Node }).operand);
  }
  if (c.kind === SyntaxKind.Identifier) return nameText(c) === name;
  if (c.kind !== SyntaxKind.BinaryExpression) return false;
  const b = c as unknown as { left: Node; right: Node; operatorToken: { kind: SyntaxKind } };
  const op = b.operatorToken.kind;
  if (op !== SyntaxKind.ExclamationEqualsToken && op !== SyntaxKind.ExclamationEqualsEqualsToken) return false;
  const left = skipParens(b.left);
  const right = skipParens(b.right);
  return (
    (left.kind === SyntaxKind.Identifier && nameText(left) === name && isNullOrUndefined(right)) ||
    (right.kind === SyntaxKind.Identifier && nameText(right) === name && isNullOrUndefined(left))
  );
}

/**
 * `reject(...)` in the branch a node-style callback takes when it is handed an error, where that
 * test is the callback's first statement (`fs.writeFile(f, data, err => { if (err) return
 * reject(err); resolve(); })`, `(err, v) => err ? reject(err) : resolve(v)`). A test placed after
 * other code (`if (err) { log(err); return; } ... else if (err) reject(err)`) is not taken: the
 * earlier code may have decided the error's fate.
 */
function rejectsInCallbackErrorBranch(call: Node, callback: FunctionLike): boolean {
  const first = (callback as unknown as { parameters: readonly { name: Node }[] }).parameters[0]?.name;
  if (!first || first.kind !== SyntaxKind.Identifier || !callbackErrorName.test(nameText(first))) return false;
  const errName = nameText(first);
  const body = (callback as unknown as { body: Node }).body;
  const lead = body.kind === SyntaxKind.Block ? statementsOf(body)[0] : body;
  if (!lead) return false;
  const branchOf = (n: Node): Node | undefined => {
    const s = n.kind === SyntaxKind.ExpressionStatement ? skipParens((n as unknown as { expression: Node }).expression) : skipParens(n);
    if (s.kind === SyntaxKind.IfStatement) {
      const i = s as unknown as { expression: Node; thenStatement: Node };
      return testsError(i.expression, errName) ? i.thenStatement : undefined;
    }
    if (s.kind === SyntaxKind.ConditionalExpression) {
      const c = s as unknown as { condition: Node; whenTrue: Node };
      return testsError(c.condition, errName) ? c.whenTrue : undefined;
    }
    return undefined;
  };
  const branch = branchOf(lead);
  return !!branch && contains(branch, call);
}

/**
 * A `new Promise` whose executor rejects with a failure that an API reports to it: in the error
 * branch of a node-style callback it passes to a call, or from an `'error'` listener
 * (`server.on("error", reject)`). Such a rejection happens whenever the I/O fails, whatever state
 * the caller has set up, unlike a `reject` guarded by a check of the function's own state or
 * arguments (floating-promise's `reportCalleeThrows`).
 */
export function executorRejectsOnReportedError(node: Node): boolean {
  const args = (node as unknown as { arguments?: readonly Node[] }).arguments;
  const executor = args?.[0] && skipParens(args[0]);
  if (!executor || !functionExpressionKinds.has(executor.kind)) return false;
  const reject = (executor as unknown as { parameters: readonly { name: Node }[] }).parameters[1]?.name;
  if (!reject || reject.kind !== SyntaxKind.Identifier) return false;
  const name = nameText(reject);
  let found = false;
  walkPruned((executor as unknown as { body: Node }).body, n => {
    if (found) return "stop";
    if (n.kind !== SyntaxKind.Identifier || nameText(n) !== name) return true;
    const parent = n.parent;
    // `emitter.on("error", reject)`
    if (parent?.kind === SyntaxKind.CallExpression && (parent as CallExpression).expression !== n) {
      if (isErrorListenerCall(parent)) found = true;
      return found ? "stop" : true;
    }
    if (parent?.kind !== SyntaxKind.CallExpression) return true;
    let fn: Node | undefined = parent.parent;
    while (fn && fn !== executor && !isFunctionLike(fn)) fn = fn.parent;
    if (!fn || fn === executor) return true;
    const registration = fn.parent;
    if (registration?.kind !== SyntaxKind.CallExpression || !(registration as CallExpression).arguments.some(a => a === fn)) return true;
    if (isErrorListenerCall(registration) || rejectsInCallbackErrorBranch(parent, fn as FunctionLike)) found = true;
    return found ? "stop" : true;
  });
  return found;
}

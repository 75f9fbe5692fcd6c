// Requests nobody waits for. A request without a timeout matters because whoever waits for it can
// wait forever; when nothing waits (a telemetry beacon whose promise every caller drops, a request
// whose response is never read), a stall holds a socket and nothing the program or its user waits
// on. Reported still whenever some caller may wait: one that awaits, returns, chains or passes on
// the function's promise, or callers that are unknown (no call in the project: a library's user
// or a framework calls it; the function handed on as a value). Round 39: what the function does
// after the request may read the response into its result (`.then(res => res.json())`, `return
// res.json()`), which nobody reads when every caller drops it; and a poll that `setInterval` runs,
// whose one wait is the request, waits for nobody: the next tick polls again. Round 55: and a
// request that only reads (GET, no body) whose answer only decides whether to write a warning (an
// update check: `if (latest !== version) console.warn(...)`), dropped where it is made or by every
// caller of its function.
import { SyntaxKind, type Block, type CallExpression, type Node } from "../../analysis/typescript";
import { isAsyncFunction, isFunctionLike, type FunctionLike } from "../../analysis/async-context";
import {
  callArguments,
  calleeOf,
  memberName,
  objectMembers,
  enclosingFunction,
  everyUseBySpelling,
  forEachDescendant,
  isAssignmentOperator,
  isLoop,
  isConstList,
  parentSkippingOuter,
  referenceName,
  skipOuterExpressions,
  stringLiteralText,
  textOf,
} from "../../analysis/syntax";
import type { PromiseUse } from "../../analysis/promise-use";
import { callbackResultDropped, doesNothing, onlyLogsInBranches, onlyReads, resultUse } from "../../analysis/result-use";

/** Families whose call returns a promise of the response. */
const promiseFamilies = new Set(["fetch", "undici", "axios", "got"]);

/** What may be done to a request whose response nobody reads, without anyone waiting on it. */
const requestSetupMethods = new Set(["write", "end", "setHeader", "removeHeader", "flushHeaders", "setNoDelay"]);

export function nobodyWaits(use: PromiseUse, call: CallExpression, family: string): boolean {
  if (family === "http") return httpNobodyWaits(call);
  if (!promiseFamilies.has(family)) return false;
  const fn = enclosingFunction(call);
  if (!fn) return false;
  // Dropped where it is made: nothing waits for it, here or in any caller (a caller that awaits
  // the function waits for the function's own work, not for this request), whoever the callers are.
  if (resultUse(call) === "drops") return true;
  // Round 55: dropped after handlers that only decide whether to warn (`fetch(registry).then(res =>
  // { res.json().then(data => { if (data.version !== version) console.warn(...) }) })`).
  if (isReadRequest(call) && warningChainDropped(call)) return true;
  // A tick of `setInterval` whose one wait is the request: nobody awaits the tick, and a stalled
  // request holds no later tick, which polls again (round 39).
  if (nextTickRetries(call, fn)) return true;
  if (!isAsyncFunction(fn) && !returnsIt(call, fn)) return false;
  // The function's promise is the request's (`return fetch(...)`, or `await fetch(...)` as its last
  // step, its result unused): nothing waits when every caller drops that promise.
  if (!returnsIt(call, fn) && !awaitedLast(call, fn)) return false;
  // A callback whose promise its callee drops (`forEach`, a `map` into a dropped `Promise.all`).
  if (callbackResultDropped(fn)) return true;
  const callers = use.callersOf(fn);
  return callers.known && callers.waits === 0;
}

/**
 * `return fetch(...)`, `=> fetch(...)`, `return await fetch(...)`, and the same through a chain
 * that does nothing with the response but log it or read it into the chain's value
 * (`fetch(...).then(res => log(res)).catch(h)`, `fetch(...).then(res => res.json())`): the
 * function's promise is then the request's.
 */
function returnsIt(call: CallExpression, fn: FunctionLike): boolean {
  let { parent, child } = parentSkippingOuter(loggingChainEnd(call));
  if (parent?.kind === SyntaxKind.AwaitExpression) ({ parent, child } = parentSkippingOuter(parent));
  if (parent?.kind === SyntaxKind.ReturnStatement) return enclosingFunction(parent) === fn;
  return parent === fn && (fn as unknown as { body: Node }).body === child;
}

/**
 * `await fetch(...);` as the function's last statement (or the last of a `try` that is), or
 * followed only by a `return` of a literal (`return true;`): nothing after it uses the response.
 * Also `const res = await fetch(...);` followed only by checks that throw (`if (!res.ok) throw
 * new Error(...)`, round 25): the function's promise then settles as the request does, ok or not.
 * Round 39: and by statements that only read the response into the function's result (`const data
 * = await res.json();`, `return data.items;`): what the function gives is the request's outcome,
 * and nothing else waits for it. Round 55: and by statements that only declare a value read from
 * others (`const current = given ?? version;`) or only decide whether to write a warning (`if
 * (latest > current) console.warn(...)`): a warning is no result anyone waits for.
 */
function awaitedLast(call: CallExpression, fn: FunctionLike): boolean {
  const { parent } = parentSkippingOuter(loggingChainEnd(call));
  if (parent?.kind !== SyntaxKind.AwaitExpression) return false;
  const declaration = parent.parent?.kind === SyntaxKind.VariableDeclaration ? parent.parent : undefined;
  const around = declaration ? declaredStatement(declaration, parent) : parent.parent;
  if (!around || (around.kind !== SyntaxKind.ExpressionStatement && around.kind !== SyntaxKind.VariableStatement)) return false;
  // The names that hold the response or what was read from it.
  const names = new Set<string>();
  const declared = declaration && (declaration as unknown as { name: Node }).name;
  if (declared?.kind === SyntaxKind.Identifier) names.add(textOf(declared)!);
  let statement: Node = around;
  for (;;) {
    const block = statement.parent;
    if (block?.kind !== SyntaxKind.Block) return false;
    const statements = (block as Block).statements;
    const at = statements.indexOf(statement as never);
    const read = isReadRequest(call);
    if (
      !statements
        .slice(at + 1)
        .every(s => returnsLiteral(s) || throwsOnCheck(s) || returnsRead(s, names) || declaresRead(s, names) || (read && (declaresValue(s) || onlyWarns(s))))
    )
      return false;
    if (block === (fn as unknown as { body: Node }).body) return true;
    const outer = block.parent;
    if (outer?.kind !== SyntaxKind.TryStatement || (outer as unknown as { tryBlock: Node }).tryBlock !== block) return false;
    statement = outer;
  }
}

/** Methods that read a response's body into a value (fetch's and undici's body mixins, got's `buffer`). */
const bodyReaders = new Set(["json", "text", "arrayBuffer", "blob", "formData", "buffer"]);

/**
 * `res`, `res.data`, `res?.data.items`, `res.json()`, `await res.text()`, `(await res.json()).token`:
 * a value read from one of `names` with nothing else done (no call but a body read, no assignment).
 */
function readsOnly(node: Node, names: ReadonlySet<string>): boolean {
  let n = skipOuterExpressions(node);
  for (;;) {
    if (n.kind === SyntaxKind.AwaitExpression || n.kind === SyntaxKind.PropertyAccessExpression) {
      n = skipOuterExpressions((n as unknown as { expression: Node }).expression);
      continue;
    }
    if (n.kind === SyntaxKind.CallExpression) {
      const callee = skipOuterExpressions((n as CallExpression).expression);
      if (callArguments(n as CallExpression).length > 0 || callee.kind !== SyntaxKind.PropertyAccessExpression) return false;
      if (!bodyReaders.has(textOf((callee as unknown as { name: Node }).name) ?? "")) return false;
      n = skipOuterExpressions((callee as unknown as { expression: Node }).expression);
      continue;
    }
    return n.kind === SyntaxKind.Identifier && names.has(textOf(n) ?? "");
  }
}

/** `return res.json();`, `return data?.items;`: the function's result read from the response. */
function returnsRead(statement: Node, names: ReadonlySet<string>): boolean {
  if (statement.kind !== SyntaxKind.ReturnStatement) return false;
  const value = (statement as unknown as { expression?: Node }).expression;
  return !!value && readsOnly(value, names);
}

/** `const data = await res.json();` (one name, read from the response): `data` joins `names`. */
function declaresRead(statement: Node, names: Set<string>): boolean {
  if (statement.kind !== SyntaxKind.VariableStatement) return false;
  const list = (statement as unknown as { declarationList: { declarations: readonly Node[] } }).declarationList;
  if (!isConstList(list as unknown as Node) || list.declarations.length !== 1) return false;
  const d = list.declarations[0] as unknown as { name: Node; initializer?: Node };
  if (d.name.kind !== SyntaxKind.Identifier || !d.initializer || !readsOnly(d.initializer, names)) return false;
  names.add(textOf(d.name)!);
  return true;
}

/**
 * `res => res.json()`, `(res) => { return res?.data; }`: a fulfilment handler that only reads its
 * response into the chain's value.
 */
function readsParameter(node: Node): boolean {
  const handler = skipOuterExpressions(node);
  if (!isFunctionLike(handler)) return false;
  const body = (handler as FunctionLike).body;
  const param = (handler as unknown as { parameters: readonly { name: Node }[] }).parameters[0]?.name;
  if (!body || param?.kind !== SyntaxKind.Identifier) return false;
  const names = new Set([textOf(param)!]);
  if (body.kind !== SyntaxKind.Block) return readsOnly(body, names);
  const statements = (body as Block).statements;
  return statements.length === 1 && returnsRead(statements[0]!, names);
}

/**
 * The request runs in a tick of `setInterval` (the callback written in place, or a local function
 * whose every use is that argument), outside any loop of the tick, and is the tick's one wait (no
 * other `await`, before or after it), with nothing before it in the tick that changes state
 * outside the tick (an assignment, `++`, a `clearInterval` that pauses the polling): nobody awaits
 * the tick, and a stalled request holds no later one, which polls again. A tick that takes a lock,
 * sets a busy flag or pauses the timer before its request, or waits for more than it, is reported.
 */
function nextTickRetries(call: CallExpression, fn: FunctionLike): boolean {
  const body = fn.body;
  if (!body || !repeatedByInterval(fn)) return false;
  for (let n = call.parent; n && n !== fn; n = n.parent) if (isLoop(n)) return false;
  const own = new Set<string>();
  forEachDescendant(
    fn,
    node => {
      if (node.kind === SyntaxKind.VariableDeclaration || node.kind === SyntaxKind.Parameter) {
        const name = (node as unknown as { name: Node }).name;
        if (name.kind === SyntaxKind.Identifier) own.add(textOf(name)!);
      }
    },
    true,
  );
  let waits = 0;
  let changes = false;
  forEachDescendant(
    body,
    node => {
      if (node.kind === SyntaxKind.AwaitExpression || node.kind === SyntaxKind.YieldExpression) waits++;
      if ((node as unknown as { awaitModifier?: Node }).awaitModifier) waits++;
      if (node.end > call.pos) return;
      if (node.kind === SyntaxKind.BinaryExpression && isAssignmentOperator((node as unknown as { operatorToken: Node }).operatorToken.kind))
        changes ||= !ownName((node as unknown as { left: Node }).left, own);
      if (node.kind === SyntaxKind.PrefixUnaryExpression || node.kind === SyntaxKind.PostfixUnaryExpression) {
        const op = (node as unknown as { operator: SyntaxKind }).operator;
        if (op === SyntaxKind.PlusPlusToken || op === SyntaxKind.MinusMinusToken) changes ||= !ownName((node as unknown as { operand: Node }).operand, own);
      }
      if (node.kind === SyntaxKind.CallExpression && /^clear(Interval|Timeout)$/.test(referenceName(calleeOf(node as CallExpression)) ?? "")) changes = true;
    },
    true,
  );
  // The request's own `await` is the one wait (or none: a request chained and dropped).
  const awaited = parentSkippingOuter(loggingChainEnd(call)).parent?.kind === SyntaxKind.AwaitExpression;
  return !changes && waits === (awaited ? 1 : 0);
}

/** An identifier declared in the tick (a local or parameter): assigning it changes nothing outside. */
function ownName(target: Node, own: ReadonlySet<string>): boolean {
  const t = skipOuterExpressions(target);
  return t.kind === SyntaxKind.Identifier && own.has(textOf(t) ?? "");
}

/** `setInterval(fn, ms)` (also `x.setInterval`), `fn` written there or a local function whose every use is that argument. */
function repeatedByInterval(fn: FunctionLike): boolean {
  if (isIntervalCallback(fn)) return true;
  const { parent } = parentSkippingOuter(fn);
  const name =
    fn.kind === SyntaxKind.FunctionDeclaration
      ? (fn as unknown as { name?: Node }).name
      : parent?.kind === SyntaxKind.VariableDeclaration && isConstList(parent.parent)
        ? (parent as unknown as { name: Node }).name
        : undefined;
  if (name?.kind !== SyntaxKind.Identifier) return false;
  const scope = enclosingFunction(fn) ?? fn.getSourceFile();
  let uses = 0;
  const every = everyUseBySpelling(name, scope, use => {
    uses++;
    return isIntervalCallback(use);
  });
  return every && uses > 0;
}

function isIntervalCallback(node: Node): boolean {
  const { parent, child } = parentSkippingOuter(node);
  if (parent?.kind !== SyntaxKind.CallExpression || callArguments(parent as CallExpression)[0] !== child) return false;
  return referenceName(calleeOf(parent as CallExpression)) === "setInterval";
}

/** `const res = await fetch(...);` alone in its statement: the statement. */
function declaredStatement(declaration: Node, initializer: Node): Node | undefined {
  if ((declaration as unknown as { initializer?: Node }).initializer !== initializer) return undefined;
  const list = declaration.parent as unknown as { declarations?: readonly Node[]; parent?: Node } | undefined;
  return list?.declarations?.length === 1 ? list.parent : undefined;
}

/**
 * `if (!res.ok) throw new Error(...)` (or a block holding only the throw), no `else`, and nothing
 * awaited: a check that turns a response into a rejection and does nothing else with it.
 */
function throwsOnCheck(statement: Node): boolean {
  if (statement.kind !== SyntaxKind.IfStatement) return false;
  const s = statement as unknown as { thenStatement: Node; elseStatement?: Node };
  if (s.elseStatement) return false;
  let then = s.thenStatement;
  if (then.kind === SyntaxKind.Block) {
    const inner = (then as Block).statements;
    if (inner.length !== 1) return false;
    then = inner[0]!;
  }
  if (then.kind !== SyntaxKind.ThrowStatement) return false;
  let waits = false;
  forEachDescendant(statement, node => {
    if (node.kind === SyntaxKind.AwaitExpression || node.kind === SyntaxKind.YieldExpression) waits = true;
  });
  return !waits;
}

/**
 * What an answer may lead to without anyone waiting for it (round 55): a warning or a debug line.
 * Not `log`/`info`/`error`: a script's printed result (`console.log(data.version)`) is the output
 * its user waits for (round 25), and an error line may be the command's verdict.
 */
const warningMethods: ReadonlySet<string> = new Set(["warn", "debug", "trace", "verbose"]);

/**
 * `latest > current`, `data.version !== require("../package.json").version`, `` `v${latest}` ``:
 * an expression that only reads values (no call but `require` of a written path, which reads a
 * module already loaded or a JSON file; no assignment, `await`, `new`, `delete`).
 */
function readsValues(node: Node): boolean {
  return onlyReads(node, n => n.kind === SyntaxKind.CallExpression && requiresWrittenPath(n as CallExpression));
}

/** `require("../package.json")`: one written path, nothing else. */
function requiresWrittenPath(call: CallExpression): boolean {
  const args = callArguments(call);
  const callee = skipOuterExpressions(call.expression);
  return callee.kind === SyntaxKind.Identifier && textOf(callee) === "require" && args.length === 1 && stringLiteralText(args[0]) !== undefined;
}

/**
 * `console.warn(\`update: ${latest}\`);`, `log.debug("no update")`, or an `if` whose test only reads
 * and whose branches (blocks or single statements) hold only such lines: a statement that at most
 * writes a warning (`warningMethods`) whose arguments only read values.
 */
function onlyWarns(statement: Node): boolean {
  if (statement.kind === SyntaxKind.Block) return (statement as Block).statements.every(onlyWarns);
  if (statement.kind === SyntaxKind.IfStatement) {
    const i = statement as unknown as { expression: Node; thenStatement: Node; elseStatement?: Node };
    return readsValues(i.expression) && onlyWarns(i.thenStatement) && (!i.elseStatement || onlyWarns(i.elseStatement));
  }
  // A statement, or an arrow's expression body (`res => console.warn(res.status)`).
  const expr = skipOuterExpressions(statement.kind === SyntaxKind.ExpressionStatement ? (statement as unknown as { expression: Node }).expression : statement);
  if (expr.kind !== SyntaxKind.CallExpression) return false;
  const callee = skipOuterExpressions((expr as CallExpression).expression);
  const name = callee.kind === SyntaxKind.PropertyAccessExpression ? textOf((callee as unknown as { name: Node }).name) : textOf(callee);
  if (!warningMethods.has(name ?? "")) return false;
  // The logger itself (`console`, `this.logger`) is read, not called.
  const receiver = callee.kind === SyntaxKind.PropertyAccessExpression ? (callee as unknown as { expression: Node }).expression : undefined;
  return (!receiver || readsValues(receiver)) && callArguments(expr as CallExpression).every(readsValues);
}

/** Methods named for a request that sends something (`axios.post(url, data)`, `got.put(...)`). */
const sendingMethods = new Set(["post", "put", "patch", "delete", "del"]);
/** Option names of a request's body (fetch and undici `body`, axios `data`, got `json`/`form`). */
const bodyOptions = new Set(["body", "data", "json", "form", "formData", "multipart"]);

/**
 * Round 55: a request that only reads (`fetch(url)`, `axios.get(url, { headers })`, `got(url)`):
 * no method of its name or options but GET or HEAD, no body, and options written in the call, if
 * any (the URL aside). A warning is all a read's answer leads to here; a request that delivers
 * something (a POST of trace spans whose handler warns on a bad status) is the work itself, and
 * stays reported: the labels judge such periodic deliveries true.
 */
function isReadRequest(call: CallExpression): boolean {
  if (sendingMethods.has(referenceName(calleeOf(call))?.toLowerCase() ?? "")) return false;
  return callArguments(call).every((arg, i) => {
    const value = skipOuterExpressions(arg);
    if (value.kind === SyntaxKind.NewExpression) return false;
    if (value.kind !== SyntaxKind.ObjectLiteralExpression) return i === 0;
    return objectMembers(value).every(member => {
      const name = memberName(member);
      if (name === undefined) return false;
      if (bodyOptions.has(name)) return false;
      if (name !== "method") return true;
      const method = (member as unknown as { initializer?: Node }).initializer;
      return !!method && /^(get|head)$/i.test(stringLiteralText(method) ?? "");
    });
  });
}

/** `const current = given ?? version;`: one name given a value that only reads others (round 55). */
function declaresValue(statement: Node): boolean {
  if (statement.kind !== SyntaxKind.VariableStatement) return false;
  const list = (statement as unknown as { declarationList: { declarations: readonly Node[] } }).declarationList;
  if (!isConstList(list as unknown as Node) || list.declarations.length !== 1) return false;
  const d = list.declarations[0] as unknown as { name: Node; initializer?: Node };
  return d.name.kind === SyntaxKind.Identifier && !!d.initializer && readsValues(d.initializer);
}

/**
 * Round 55: `fetch(url).then(res => { if (!res.ok) console.warn(...) })` as a statement (or after
 * `void`), with any `.catch` handler: every `.then` and `.finally` handler only decides whether to
 * warn (`handlerOnlyWarns`), so nothing waits for the request, and no work follows it. Asked only
 * of a read (`isReadRequest`).
 */
function warningChainDropped(call: CallExpression): boolean {
  let node: Node = call;
  let handlers = 0;
  for (;;) {
    const { parent, child } = parentSkippingOuter(node);
    if (!parent) return false;
    if (parent.kind === SyntaxKind.ExpressionStatement || parent.kind === SyntaxKind.VoidExpression) return handlers > 0;
    if (parent.kind !== SyntaxKind.PropertyAccessExpression || (parent as unknown as { expression: Node }).expression !== child) return false;
    const outer = parent.parent;
    if (outer?.kind !== SyntaxKind.CallExpression || (outer as CallExpression).expression !== parent) return false;
    const method = textOf((parent as unknown as { name: Node }).name);
    if (method === "then" || method === "finally") {
      const [onFulfilled, onRejected] = callArguments(outer as CallExpression);
      // A `.then`'s second handler runs only on failure, like `.catch`'s.
      if (!onFulfilled || !handlerOnlyWarns(onFulfilled) || (method === "finally" && onRejected)) return false;
      handlers++;
    } else if (method !== "catch") return false;
    node = outer;
  }
}

/**
 * `res => { if (!res.ok) console.warn(...) }`, or `async res => { res.json().then(data => { if
 * (data.version !== version) console.warn(...) }); }`: a handler whose statements only warn
 * (`onlyWarns`), or read the body of its response parameter (`res.json()`) into a dropped chain
 * whose handlers again only warn.
 */
function handlerOnlyWarns(node: Node): boolean {
  const handler = skipOuterExpressions(node);
  if (!isFunctionLike(handler)) return false;
  const body = (handler as FunctionLike).body;
  if (!body) return false;
  const param = (handler as unknown as { parameters: readonly { name: Node }[] }).parameters[0]?.name;
  const statements: readonly Node[] = body.kind === SyntaxKind.Block ? (body as Block).statements : [body];
  return statements.every(s => {
    if (onlyWarns(s)) return true;
    const expr = s.kind === SyntaxKind.ExpressionStatement ? skipOuterExpressions((s as unknown as { expression: Node }).expression) : s;
    if (expr.kind !== SyntaxKind.CallExpression || param?.kind !== SyntaxKind.Identifier) return false;
    // `res.json()` with the chain after it dropped where it stands (the statement).
    const callee = skipOuterExpressions((expr as CallExpression).expression);
    if (callee.kind !== SyntaxKind.PropertyAccessExpression) return false;
    let read: Node = callee;
    while (read.kind === SyntaxKind.PropertyAccessExpression || read.kind === SyntaxKind.CallExpression)
      read = skipOuterExpressions((read as unknown as { expression: Node }).expression);
    if (textOf(read) !== textOf(param)) return false;
    const first = parentOfBodyRead(read);
    return !!first && warningChainDropped(first);
  });
}

/** `res.json()` around the parameter `res` (one of `bodyReaders`, no arguments): the read's call. */
function parentOfBodyRead(param: Node): CallExpression | undefined {
  const access = parentSkippingOuter(param).parent;
  if (access?.kind !== SyntaxKind.PropertyAccessExpression || !bodyReaders.has(textOf((access as unknown as { name: Node }).name) ?? "")) return undefined;
  const call = access.parent;
  return call?.kind === SyntaxKind.CallExpression && (call as CallExpression).expression === access && callArguments(call as CallExpression).length === 0
    ? (call as CallExpression)
    : undefined;
}

/** `return;`, `return true;`, `return 0;`, `return "sent";`, `return null;`: a constant, not the response. */
function returnsLiteral(statement: Node): boolean {
  if (statement.kind !== SyntaxKind.ReturnStatement) return false;
  const value = (statement as unknown as { expression?: Node }).expression;
  if (!value) return true;
  const e = skipOuterExpressions(value);
  return [
    SyntaxKind.TrueKeyword,
    SyntaxKind.FalseKeyword,
    SyntaxKind.NullKeyword,
    SyntaxKind.NumericLiteral,
    SyntaxKind.StringLiteral,
    SyntaxKind.NoSubstitutionTemplateLiteral,
  ].includes(e.kind);
}

/**
 * http/https requests: nobody waits when the response is never read (no response callback and
 * no 'response' listener: Node discards it), or the callback only drains it, and the request
 * object is only written, ended and given an 'error' listener. With no callback at all this
 * holds wherever the request is made; a draining callback needs the function's callers known.
 */
function httpNobodyWaits(call: CallExpression): boolean {
  const callbacks = callArguments(call).filter(arg => isFunctionLike(skipOuterExpressions(arg)));
  if (callbacks.length > 1) return false;
  if (!requestOnlySetUp(call)) return false;
  if (callbacks.length === 0) return true;
  // Drained, and the request kept by nothing but its own set-up: no caller can wait for it, whoever
  // the callers are (the function's own promise, if any, does not follow the request).
  return onlyDrains(skipOuterExpressions(callbacks[0]!) as FunctionLike);
}

/** Every use of the request is a write, an end, or an 'error' listener; none is returned, stored or awaited. */
function requestOnlySetUp(call: CallExpression): boolean {
  const { parent, child } = parentSkippingOuter(call);
  if (!parent) return false;
  if (parent.kind === SyntaxKind.ExpressionStatement) return true;
  if (parent.kind === SyntaxKind.PropertyAccessExpression) return chainOnlySetsUp(child);
  if (parent.kind !== SyntaxKind.VariableDeclaration || (parent as unknown as { initializer?: Node }).initializer !== child) return false;
  const name = (parent as unknown as { name: Node }).name;
  if (name.kind !== SyntaxKind.Identifier) return false;
  return everyUseBySpelling(name, enclosingFunction(call) ?? call.getSourceFile(), chainOnlySetsUp);
}

/** `req.on("error", f).end()` as a statement: a chain of set-up calls whose result is dropped. */
function chainOnlySetsUp(start: Node): boolean {
  let node = start;
  for (;;) {
    const { parent, child } = parentSkippingOuter(node);
    if (parent?.kind === SyntaxKind.ExpressionStatement) return node !== start;
    if (parent?.kind !== SyntaxKind.PropertyAccessExpression || (parent as unknown as { expression: Node }).expression !== child) return false;
    const outer = parent.parent;
    if (outer?.kind !== SyntaxKind.CallExpression || (outer as CallExpression).expression !== parent) return false;
    const method = textOf((parent as unknown as { name: Node }).name) ?? "";
    if (!requestSetupMethods.has(method)) {
      if (method !== "on" && method !== "once") return false;
      if (stringLiteralText(callArguments(outer as CallExpression)[0]) !== "error") return false;
    }
    node = outer;
  }
}

/**
 * `res => res.resume()`, `res => {}`, `(res) => { res.on("data", () => {}); }`: the response is
 * drained (resumed, or its chunks given to a listener that does nothing) and nothing else happens.
 */
function onlyDrains(handler: FunctionLike): boolean {
  const body = handler.body;
  if (!body) return false;
  const param = textOf((handler as unknown as { parameters: readonly { name: Node }[] }).parameters[0]?.name);
  const statements = body.kind === SyntaxKind.Block ? (body as Block).statements : [body];
  return statements.every(s => {
    const expr = skipOuterExpressions(s.kind === SyntaxKind.ExpressionStatement ? (s as unknown as { expression: Node }).expression : s);
    if (expr.kind !== SyntaxKind.CallExpression) return false;
    const callee = skipOuterExpressions((expr as CallExpression).expression);
    if (callee.kind !== SyntaxKind.PropertyAccessExpression || !param || textOf((callee as unknown as { expression: Node }).expression) !== param) return false;
    const method = textOf((callee as unknown as { name: Node }).name);
    if (method === "resume") return true;
    // `res.pipe(fs.createWriteStream(file))`: a download into a file stream made there, which no
    // code can listen to, so nothing learns when it ends (round 39).
    if (method === "pipe") return pipesIntoUnheldFile(expr as CallExpression);
    // `res.on("data", noop)` / `res.on("end", noop)`: a listener with nothing in it.
    const [event, listener] = callArguments(expr as CallExpression);
    return (method === "on" || method === "once") && ["data", "end"].includes(stringLiteralText(event) ?? "") && !!listener && doesNothing(listener);
  });
}

/** `x.pipe(createWriteStream(path))` with nothing else: the file stream is made in the call and kept by nobody. */
function pipesIntoUnheldFile(pipe: CallExpression): boolean {
  const args = callArguments(pipe);
  if (args.length !== 1) return false;
  const target = skipOuterExpressions(args[0]!);
  if (target.kind !== SyntaxKind.CallExpression) return false;
  return referenceName(calleeOf(target as CallExpression)) === "createWriteStream";
}

/**
 * The last call of `call.then(h).catch(g).finally(k)` whose `then` and `finally` handlers only
 * log (or do nothing; round 53: also in the branches of an `if` whose test only reads, `if
 * (!res.ok) log.warn(...)`), or whose `.then` only reads the response into the chain's value (`res
 * => res.json()`, round 39): what it settles with is the request's outcome, not used here. Stops
 * before a `.then` or `.finally` whose handler does anything else (that work waits for the request).
 */
function loggingChainEnd(call: CallExpression): Node {
  let node: Node = call;
  for (;;) {
    const { parent, child } = parentSkippingOuter(node);
    if (parent?.kind !== SyntaxKind.PropertyAccessExpression || (parent as unknown as { expression: Node }).expression !== child) return node;
    const outer = parent.parent;
    if (outer?.kind !== SyntaxKind.CallExpression || (outer as CallExpression).expression !== parent) return node;
    const method = textOf((parent as unknown as { name: Node }).name);
    // A `.catch` handler runs only on failure (as in `resultUse`); `.then` and `.finally` run when
    // the request ends: their work waits for it unless they only log.
    if (
      (method === "then" || method === "finally") &&
      !callArguments(outer).every((handler, i) => onlyLogsInBranches(handler) || (method === "then" && i === 0 && readsParameter(handler)))
    )
      return node;
    if (method !== "then" && method !== "catch" && method !== "finally") return node;
    node = outer;
  }
}

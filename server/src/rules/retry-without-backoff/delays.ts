// Which awaits of a retry loop wait (a delay before the next attempt) and for how long, and
// whether that time grows and has randomness. Timers are resolved by symbol: Node's global
// `setTimeout` in `new Promise(r => setTimeout(r, ms))`, `node:timers/promises`' `setTimeout` and
// `scheduler.wait`, and project helpers (`sleep(ms)`, `this.delay(ms)`) whose body only waits so.
import { SyntaxKind, type Node, type SourceFile } from "../../analysis/typescript";
import { isFunctionLike, type FunctionLike } from "../../analysis/async-context";
import { callArguments, calleeParts, functionOf, skipOuterExpressions, textOf, nodeField as get } from "../../analysis/syntax";
import { collectModuleBindings, type ModuleBindings } from "../../analysis/module-bindings";
import { isRuntimeGlobal, needRuntimeGlobal } from "../../analysis/node-runtime";
import { walkPruned } from "../../analysis/walk";
import type { FileAnalysis } from "../rule";
import { targetText, within, type RetryLoop } from "./retry-loops";

export type Delay =
  /** `ms`: the wait's duration as written at the call; `jitter`: the helper itself adds randomness. */
  | { kind: "delay"; ms?: Node; jitter: boolean }
  /**
   * A delayed attempt (round 39): the awaited call is work of a project function that first waits
   * (`new Promise((resolve, reject) => setTimeout(() => send().then(resolve, reject), ms))`, or
   * `await sleep(ms)` before its work): the attempt itself, and a wait before it each time round;
   * `work` is that function.
   */
  | { kind: "delayedWork"; ms?: Node; jitter: boolean; work: FunctionLike }
  /** Not a wait; `work`: the project function the awaited call runs, when it was resolved. */
  | { kind: "other"; work?: FunctionLike };

export type DelayGrowth = "constant" | "grows" | "jittered" | "unknown";

/** Phase 1: the symbols `delayOf` reads for one awaited expression. */
export function needDelay(fa: FileAnalysis, awaited: Node): void {
  const operand = skipOuterExpressions(get(awaited, "expression"));
  if (operand.kind === SyntaxKind.NewExpression) {
    for (const timer of timerCallsIn(operand)) needRuntimeGlobal(fa, skipOuterExpressions(timer.expression));
    return;
  }
  if (operand.kind !== SyntaxKind.CallExpression) return;
  const privateMethod = compiledPrivateMethod(get(operand, "expression"));
  if (privateMethod) {
    fa.queries.needSymbol(privateMethod);
    return;
  }
  const parts = calleeParts(get(operand, "expression"));
  if (parts) fa.queries.needSymbol(parts.nameNode);
}

/** Phase 2: whether the awaited expression is a wait, and for how long. */
export function delayOf(fa: FileAnalysis, awaited: Node): Delay {
  const operand = skipOuterExpressions(get(awaited, "expression"));
  if (operand.kind === SyntaxKind.NewExpression) {
    if (textOf(skipOuterExpressions(get(operand, "expression"))) !== "Promise") return { kind: "other" };
    const timer = timerCallsIn(operand).find(t => isRuntimeGlobal(fa, skipOuterExpressions(t.expression), "setTimeout", ["timers"]));
    return timer ? { kind: "delay", ms: callArguments(timer)[1], jitter: false } : { kind: "other" };
  }
  if (operand.kind !== SyntaxKind.CallExpression) return { kind: "other" };
  const callee = get(operand, "expression");
  const privateMethod = compiledPrivateMethod(callee);
  if (privateMethod) {
    // `.call(this, a, b)`: the method's arguments start after the receiver.
    const method = assignedFunction(fa, privateMethod);
    return method ? delayedWork(method, callArguments(operand).slice(1)) : { kind: "other" };
  }
  const parts = calleeParts(callee);
  if (!parts) return { kind: "other" };
  const ms = callArguments(operand)[0];
  if (isTimersPromisesWait(fa.bindings, callee)) return { kind: "delay", ms, jitter: false };
  const symbol = fa.queries.symbolOf(parts.nameNode);
  const where = symbol ? fa.queries.declarationOf(symbol) : undefined;
  if (!symbol || !where || where.isExternal || where.isDeclarationFile) return { kind: "other" };
  const declaration = fa.queries.declarationNode(symbol);
  if (declaration && isPromisifiedTimer(declaration)) return { kind: "delay", ms, jitter: false };
  const helper = functionOf(declaration);
  if (!helper?.body) return { kind: "other" };
  if (!onlyWaits(helper)) return delayedWork(helper, callArguments(operand));
  return { kind: "delay", ms: ms && callArguments(operand).length === 1 ? ms : undefined, jitter: usesRandom(helper.body) };
}

/**
 * A project function that waits before its work, called with `args`: a delayed attempt, whose wait
 * lasts what the function's own duration says, read at the call when it is one of its parameters
 * (`check(code, interval * 1000)` for `function check(code, ms)`), as written when it names nothing
 * (a literal), and unknown otherwise. Two shapes, the whole body: `return new Promise((resolve,
 * reject) => { setTimeout(() => { ...work... }, ms); })` (Node's `setTimeout`, the executor's only
 * statement), or a first statement `await` of a wait (`new Promise(r => setTimeout(r, ms))`,
 * `timers/promises`, or a function of the same file whose body only waits) followed by work.
 */
function delayedWork(helper: FunctionLike, args: readonly Node[]): Delay {
  const wait = leadingWait(helper);
  if (!wait) return { kind: "other", work: helper };
  const jitter = usesRandom(wait);
  const duration = skipOuterExpressions(wait);
  if (duration.kind === SyntaxKind.Identifier) {
    const index = (get<readonly Node[]>(helper, "parameters") ?? []).findIndex(p => textOf(get(p, "name")) === textOf(duration));
    if (index >= 0) return { kind: "delayedWork", ms: args[index], jitter, work: helper };
  }
  return { kind: "delayedWork", ms: namesNothing(duration) ? duration : undefined, jitter, work: helper };
}

/** The duration of the wait that opens the function's body, before any work (see `delayedWork`). */
function leadingWait(helper: FunctionLike): Node | undefined {
  const body = helper.body!;
  const statements = body.kind === SyntaxKind.Block ? get<readonly Node[]>(body, "statements") : [body];
  const first = statements[0];
  if (!first) return undefined;
  const bindings = bindingsOf(helper.getSourceFile());
  const expression = skipOuterExpressions(
    first.kind === SyntaxKind.ReturnStatement || first.kind === SyntaxKind.ExpressionStatement ? (get<Node | undefined>(first, "expression") ?? first) : first,
  );
  // `return new Promise((resolve, reject) => { setTimeout(() => work(), ms); })`: the whole body.
  if (statements.length === 1 && expression.kind === SyntaxKind.NewExpression && textOf(skipOuterExpressions(get(expression, "expression"))) === "Promise") {
    const executor = callArguments(expression)[0];
    const fn = executor && skipOuterExpressions(executor);
    if (!fn || !isFunctionLike(fn) || !(fn as FunctionLike).body) return undefined;
    const executorBody = (fn as FunctionLike).body!;
    const inner = executorBody.kind === SyntaxKind.Block ? get<readonly Node[]>(executorBody, "statements") : [executorBody];
    const only =
      inner.length === 1 ? skipOuterExpressions(inner[0]!.kind === SyntaxKind.ExpressionStatement ? get(inner[0]!, "expression") : inner[0]!) : undefined;
    if (only?.kind !== SyntaxKind.CallExpression || !isNodeSetTimeout(bindings, get(only, "expression"))) return undefined;
    const [callback, ms] = callArguments(only);
    return callback && isFunctionLike(skipOuterExpressions(callback)) ? ms : undefined;
  }
  // `await wait(ms)` first, then the work.
  if (statements.length < 2 || expression.kind !== SyntaxKind.AwaitExpression) return undefined;
  const waited = skipOuterExpressions(get(expression, "expression"));
  if (waited.kind === SyntaxKind.NewExpression) {
    if (textOf(skipOuterExpressions(get(waited, "expression"))) !== "Promise") return undefined;
    const timer = timerCallsIn(waited).find(t => isNodeSetTimeout(bindings, t.expression));
    return timer && callArguments(timer)[1];
  }
  if (waited.kind !== SyntaxKind.CallExpression) return undefined;
  const callee = get(waited, "expression");
  if (isTimersPromisesWait(bindings, callee)) return callArguments(waited)[0];
  const name = skipOuterExpressions(callee);
  const local = name.kind === SyntaxKind.Identifier ? fileFunction(helper.getSourceFile(), textOf(name)!) : undefined;
  return local && onlyWaits(local) && callArguments(waited).length === 1 ? callArguments(waited)[0] : undefined;
}

/** `setTimeout` as Node's: the global, or imported from `timers` (not a name the file imports from elsewhere). */
function isNodeSetTimeout(bindings: ModuleBindings, callee: Node): boolean {
  const c = skipOuterExpressions(callee);
  if (c.kind !== SyntaxKind.Identifier || textOf(c) !== "setTimeout") return false;
  const binding = bindings.forLocalName("setTimeout");
  return !binding || binding.module === "timers";
}

/** An expression that reads no name (`2000`, `5 * 1000`). */
function namesNothing(expression: Node): boolean {
  let named = false;
  walkPruned(
    expression,
    n => {
      if (n.kind === SyntaxKind.Identifier) named = true;
      return named ? "stop" : true;
    },
    true,
  );
  return !named;
}

/** A function declared at the top of the file by that name (`function sleep`, `const sleep = ...`). */
function fileFunction(sourceFile: SourceFile, name: string): FunctionLike | undefined {
  for (const statement of get<readonly Node[]>(sourceFile, "statements")) {
    if (statement.kind === SyntaxKind.FunctionDeclaration && textOf(get(statement, "name")) === name) return statement as FunctionLike;
    if (statement.kind !== SyntaxKind.VariableStatement) continue;
    for (const declaration of get<readonly Node[]>(get(statement, "declarationList"), "declarations"))
      if (textOf(get(declaration, "name")) === name) return functionOf(declaration);
  }
  return undefined;
}

/**
 * A private method as TypeScript compiles it below ES2022: `__classPrivateFieldGet(this,
 * _C_instances, "m", _C_send).call(this, ...args)` (or `tslib_1.__classPrivateFieldGet`): the
 * name of the variable that holds the method's function.
 */
function compiledPrivateMethod(callee: Node): Node | undefined {
  const c = skipOuterExpressions(callee);
  const parts = calleeParts(c);
  if (parts?.nameNode.text !== "call" || parts.receiverExpression?.kind !== SyntaxKind.CallExpression) return undefined;
  const getter = calleeParts(get(parts.receiverExpression, "expression"));
  if (getter?.nameNode.text !== "__classPrivateFieldGet") return undefined;
  const args = callArguments(parts.receiverExpression);
  const kind = args[2] && skipOuterExpressions(args[2]);
  const method = args[3] && skipOuterExpressions(args[3]);
  if (args.length !== 4 || kind?.kind !== SyntaxKind.StringLiteral || textOf(kind) !== "m" || method?.kind !== SyntaxKind.Identifier) return undefined;
  return method;
}

/**
 * The function a compiled private method's variable is given: `var _C_send;` at the top of the
 * file, then `_C_send = function _C_send() {...}` in a statement at the top of the file (tsc's
 * comma list after the class). One assignment of a function, else none.
 */
function assignedFunction(fa: FileAnalysis, name: Node): FunctionLike | undefined {
  const symbol = fa.queries.symbolOf(name);
  const declaration = symbol ? fa.queries.declarationNode(symbol) : undefined;
  if (declaration?.kind !== SyntaxKind.VariableDeclaration || get<Node | undefined>(declaration, "initializer")) return undefined;
  const sourceFile = declaration.getSourceFile();
  const text = textOf(name)!;
  const found: FunctionLike[] = [];
  for (const statement of get<readonly Node[]>(sourceFile, "statements")) {
    if (statement.kind !== SyntaxKind.ExpressionStatement) continue;
    walkPruned(
      statement,
      n => {
        if (isFunctionLike(n)) return false;
        if (n.kind === SyntaxKind.BinaryExpression && get<Node>(n, "operatorToken").kind === SyntaxKind.EqualsToken) {
          const left = skipOuterExpressions(get(n, "left"));
          const right = skipOuterExpressions(get(n, "right"));
          if (left.kind === SyntaxKind.Identifier && textOf(left) === text && isFunctionLike(right)) found.push(right as FunctionLike);
        }
        return true;
      },
      true,
    );
  }
  return found.length === 1 && found[0]!.body ? found[0] : undefined;
}

/**
 * How the wait's duration changes from one attempt to the next: "constant" (literals, and names
 * the loop never changes), "grows" (it follows what the loop changes, with no randomness),
 * "jittered" (randomness anywhere in it), or "unknown" (a call we cannot see through).
 */
export function delayGrowth(loop: RetryLoop, delay: Delay & { kind: "delay" | "delayedWork" }): DelayGrowth {
  if (delay.jitter) return "jittered";
  if (!delay.ms) return "unknown";
  let varies = false;
  let random = false;
  let opaque = false;
  const seen = new Set<string>();
  const visit = (expression: Node, depth: number): void => {
    walkPruned(
      expression,
      node => {
        if (isFunctionLike(node)) {
          opaque = true;
          return false;
        }
        if (node.kind === SyntaxKind.CallExpression) {
          const call = mathCall(node);
          if (call === "random") random = true;
          else if (call === undefined) {
            opaque = true;
            if (callArguments(node).some(a => dependsOnLoop(loop, a))) varies = true;
          }
          if (call !== undefined) for (const a of callArguments(node)) visit(a, depth);
          return false;
        }
        const key = node.kind === SyntaxKind.Identifier || node.kind === SyntaxKind.PropertyAccessExpression ? targetText(node) : undefined;
        if (key === undefined) return true;
        if (seen.has(key) || depth > 4) return false;
        seen.add(key);
        if (loop.mutated.has(key)) {
          varies = true;
          for (const assignment of loop.assignments.get(key) ?? []) visit(get(assignment, "right"), depth + 1);
        } else if (loop.locals.has(key)) {
          const init = loop.locals.get(key);
          if (init) visit(init, depth + 1);
          else opaque = true;
        }
        return false;
      },
      true,
    );
  };
  visit(delay.ms, 0);
  if (random) return "jittered";
  if (opaque) return "unknown";
  return varies ? "grows" : "constant";
}

/** Whether an expression reads what the loop changes (directly or through a variable of its body). */
export function dependsOnLoop(loop: RetryLoop, expression: Node): boolean {
  return loopReads(loop, expression, true).length > 0;
}

/** A read of what the loop changes; `wraps` when it goes through a `%` (an index that comes round again). */
export interface LoopRead {
  node: Node;
  wraps: boolean;
}

/**
 * What an expression reads that the loop changes, directly or through a variable of its body: a
 * name the loop assigns or updates (its counter), an update in place (`hosts[i++]`), a value made
 * anew each time round by a call (`const host = pick()`), or a list the loop takes elements out of
 * before the expression (`list.pop()` in the catch block, or earlier in the try). `firstOnly`:
 * stop at the first (whether there is any).
 */
export function loopReads(loop: RetryLoop, expression: Node, firstOnly = false): LoopRead[] {
  const reads: LoopRead[] = [];
  const seen = new Set<string>();
  const visit = (root: Node, depth: number, wrapped: boolean) =>
    walkPruned(
      root,
      node => {
        if (firstOnly && reads.length) return "stop";
        const read = () => reads.push({ node, wraps: wrapped || underModulo(node, root) });
        if (node.kind === SyntaxKind.PrefixUnaryExpression || node.kind === SyntaxKind.PostfixUnaryExpression) {
          const operator = get<number>(node, "operator");
          if (operator === SyntaxKind.PlusPlusToken || operator === SyntaxKind.MinusMinusToken) read();
        }
        const key = node.kind === SyntaxKind.Identifier || node.kind === SyntaxKind.PropertyAccessExpression ? targetText(node) : undefined;
        if (key === undefined) return true;
        if (loop.mutated.has(key)) reads.push({ node, wraps: wrapped || underModulo(node, root) || assignedModulo(loop, key) });
        else if (loop.consumed.get(key)?.some(take => !within(take, loop.tryBlock) || take.end <= expression.pos)) read();
        else if (loop.locals.has(key) && !seen.has(key) && depth < 4) {
          seen.add(key);
          const init = loop.locals.get(key);
          // A value made anew each time round by a call (`const host = pick()`) may differ.
          if (init && containsNode(init, isCallOrAwait)) read();
          else if (init) visit(init, depth + 1, wrapped || underModulo(node, root));
        }
        return node.kind === SyntaxKind.PropertyAccessExpression;
      },
      true,
    );
  visit(expression, 0, false);
  return reads;
}

/** The node is an operand of a `%` inside `root`. */
function underModulo(node: Node, root: Node): boolean {
  for (let n: Node | undefined = node; n && n !== root.parent; n = n.parent) if (isModulo(n)) return true;
  return false;
}

/** The loop gives the name a value through `%` (`i = (i + 1) % hosts.length`, `i %= n`). */
function assignedModulo(loop: RetryLoop, key: string): boolean {
  return (loop.assignments.get(key) ?? []).some(
    a => get<Node>(a, "operatorToken").kind === SyntaxKind.PercentEqualsToken || containsNode(get(a, "right"), isModulo),
  );
}

const isModulo = (n: Node) => n.kind === SyntaxKind.BinaryExpression && get<Node>(n, "operatorToken").kind === SyntaxKind.PercentToken;
const isCallOrAwait = (n: Node) => n.kind === SyntaxKind.CallExpression || n.kind === SyntaxKind.AwaitExpression;

/** Some node of the expression (not inside a nested function) passes the test. */
function containsNode(node: Node, test: (n: Node) => boolean): boolean {
  let found = false;
  walkPruned(
    node,
    n => {
      if (found) return "stop";
      if (test(n)) found = true;
      return !isFunctionLike(n);
    },
    true,
  );
  return found;
}

/** `Math.x(...)` → `x`; undefined for any other call. Also `crypto.randomInt`, counted as random. */
function mathCall(call: Node): string | undefined {
  const parts = calleeParts(get(call, "expression"));
  if (!parts?.receiver) return undefined;
  const receiver = parts.receiver.text;
  const name = parts.nameNode.text;
  if (receiver === "Math") return name === "random" ? "random" : name;
  if (receiver === "crypto" && /^random/.test(name)) return "random";
  return undefined;
}

function usesRandom(body: Node): boolean {
  let found = false;
  walkPruned(
    body,
    n => {
      if (found) return "stop";
      if (n.kind === SyntaxKind.CallExpression && mathCall(n) === "random") found = true;
      return true;
    },
    true,
  );
  return found;
}

/** `setTimeout(...)` calls written inside a `new Promise(...)` executor. */
function timerCallsIn(newPromise: Node): (Node & { expression: Node })[] {
  const found: (Node & { expression: Node })[] = [];
  const executor = callArguments(newPromise)[0];
  if (!executor) return found;
  walkPruned(
    executor,
    n => {
      if (n.kind === SyntaxKind.CallExpression && textOf(skipOuterExpressions(get(n, "expression"))) === "setTimeout")
        found.push(n as Node & { expression: Node });
      return true;
    },
    true,
  );
  return found;
}

/** `setTimeout(ms)` or `scheduler.wait(ms)` from `node:timers/promises`, through the file's bindings. */
function isTimersPromisesWait(bindings: ModuleBindings, callee: Node): boolean {
  const c = skipOuterExpressions(callee);
  if (c.kind === SyntaxKind.Identifier) {
    const binding = bindings.forLocalName(textOf(c)!);
    return binding?.module === "timers/promises" && binding.imported === "setTimeout";
  }
  const parts = calleeParts(c);
  if (!parts?.receiver) return false;
  const binding = bindings.forLocalName(parts.receiver.text);
  if (binding?.module !== "timers/promises") return false;
  if (binding.imported === "*") return parts.nameNode.text === "setTimeout";
  return binding.imported === "scheduler" && parts.nameNode.text === "wait";
}

/** `const sleep = promisify(setTimeout)` (or `util.promisify`). */
function isPromisifiedTimer(declaration: Node): boolean {
  if (declaration.kind !== SyntaxKind.VariableDeclaration) return false;
  const init = get<Node | undefined>(declaration, "initializer");
  const call = init && skipOuterExpressions(init);
  if (call?.kind !== SyntaxKind.CallExpression) return false;
  const parts = calleeParts(get(call, "expression"));
  const arg = callArguments(call)[0];
  return parts?.nameNode.text === "promisify" && !!arg && textOf(skipOuterExpressions(arg)) === "setTimeout";
}

const bindingsOfFile = new WeakMap<SourceFile, ModuleBindings>();

function bindingsOf(sourceFile: SourceFile): ModuleBindings {
  let bindings = bindingsOfFile.get(sourceFile);
  if (!bindings) bindingsOfFile.set(sourceFile, (bindings = collectModuleBindings(sourceFile)));
  return bindings;
}

/**
 * A helper whose whole body is a wait: at most three statements, and a timer promise made with
 * Node's `setTimeout` (not a name the helper's file imports from elsewhere) or `timers/promises`.
 * A function that does more than wait is not taken for a delay.
 */
function onlyWaits(helper: FunctionLike): boolean {
  const body = helper.body!;
  const statements = body.kind === SyntaxKind.Block ? get<readonly Node[]>(body, "statements") : [body];
  if (statements.length === 0 || statements.length > 3) return false;
  const fileBindings = bindingsOf(helper.getSourceFile());
  let waits = false;
  let otherWork = false;
  // `resolve` and `reject` of the `new Promise(...)` executors.
  const executorParameters = new Set<string>();
  walkPruned(
    body,
    n => {
      if (n.kind === SyntaxKind.NewExpression && textOf(skipOuterExpressions(get(n, "expression"))) === "Promise") {
        const executor = callArguments(n)[0];
        const fn = executor && skipOuterExpressions(executor);
        if (fn && isFunctionLike(fn))
          for (const p of get<readonly Node[]>(fn, "parameters") ?? []) {
            const name = textOf(get(p, "name"));
            if (name) executorParameters.add(name);
          }
      }
      return true;
    },
    true,
  );
  for (const statement of statements)
    walkPruned(
      statement,
      n => {
        if (n.kind !== SyntaxKind.CallExpression) return true;
        const callee = skipOuterExpressions(get(n, "expression"));
        if (textOf(callee) === "setTimeout" && callee.kind === SyntaxKind.Identifier) {
          if (isNodeSetTimeout(fileBindings, callee) || isTimersPromisesWait(fileBindings, callee)) waits = true;
          return true;
        }
        if (isTimersPromisesWait(fileBindings, callee)) {
          waits = true;
          return true;
        }
        // resolve()/Math.* inside the wait are part of it; anything else is other work.
        if ((callee.kind === SyntaxKind.Identifier && executorParameters.has(textOf(callee)!)) || mathCall(n) !== undefined) return true;
        otherWork = true;
        return "stop";
      },
      true,
    );
  return waits && !otherWork;
}

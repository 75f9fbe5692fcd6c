// `Promise.race([work, new Promise((_, reject) => setTimeout(reject, ms))])`: a "timeout" whose
// timer is never cleared. The caller stops waiting, but the timer keeps the process alive until
// it fires and the work goes on. Syntax only (the caller may check the timer's callee by symbol):
// missing-timeout asks it where it may not ask the checker (other files' facts), and
// race-timeout-leak reports it.
import { SyntaxKind, type CallExpression, type Node } from "./typescript";
import { isFunctionLike, type FunctionLike } from "./async-context";
import { callArguments, identifierPattern, skipOuterExpressions, textOf } from "./syntax";
import { collectModuleBindings, type ModuleBindings } from "./module-bindings";

const bindingsOfFile = new WeakMap<Node, ModuleBindings>();

/** The file's bindings, for callers that have none at hand (another rule's helpers, other files' facts). */
function bindingsOf(node: Node): ModuleBindings {
  const sourceFile = node.getSourceFile();
  let bindings = bindingsOfFile.get(sourceFile);
  if (!bindings) bindingsOfFile.set(sourceFile, (bindings = collectModuleBindings(sourceFile)));
  return bindings;
}

export interface LeakingTimer {
  /** The timer call: `setTimeout(...)` in an executor, or `timers/promises`' `setTimeout(ms)`. */
  timer: CallExpression;
  /** Its callee identifier, for a symbol check (Node's global `setTimeout`). */
  callee: Node;
  /** "callback": a callback timer inside `new Promise(...)`; "promise": `timers/promises` without a signal. */
  kind: "callback" | "promise";
}

/** `Promise.race(...)`, by syntax. */
export function isPromiseRace(call: CallExpression): boolean {
  const callee = skipOuterExpressions(call.expression);
  if (callee.kind !== SyntaxKind.PropertyAccessExpression) return false;
  const { expression, name } = callee as unknown as { expression: Node; name: Node };
  return textOf(name) === "race" && textOf(skipOuterExpressions(expression)) === "Promise";
}

/**
 * The first arm of a `Promise.race([...])` that is a timer nobody clears, written in the race or
 * in a variable of the same function (`const timeout = new Promise(...)`). Undefined when every
 * timer is cleared (`clearTimeout(handle)` anywhere in the file), `unref()`ed, or when the
 * function can cancel the work or the timer with a signal.
 */
export function leakingRaceTimer(race: CallExpression, bindings: ModuleBindings = bindingsOf(race)): LeakingTimer | undefined {
  const list = callArguments(race)[0];
  if (!list || skipOuterExpressions(list).kind !== SyntaxKind.ArrayLiteralExpression) return undefined;
  const scope = enclosingFunctionOf(race);
  const scopeText = (scope ?? race.getSourceFile()).getText();
  if (/\babort\s*\(|\bAbortController\b|\bAbortSignal\b/.test(scopeText)) return undefined;
  const fileText = race.getSourceFile().text;
  for (const element of (skipOuterExpressions(list) as unknown as { elements: readonly Node[] }).elements) {
    const arm = armExpression(skipOuterExpressions(element), scope);
    if (!arm) continue;
    const found = timerOf(arm, bindings, fileText);
    if (found) return found;
  }
  return undefined;
}

/** The arm itself, or the initializer of the variable it names (declared in the same function). */
function armExpression(element: Node, scope: FunctionLike | undefined): Node | undefined {
  if (element.kind !== SyntaxKind.Identifier) return element;
  if (!scope?.body) return undefined;
  const name = textOf(element);
  let initializer: Node | undefined;
  const stack: Node[] = [scope.body];
  while (stack.length && !initializer) {
    const node = stack.pop()!;
    if (node.kind === SyntaxKind.VariableDeclaration && textOf((node as unknown as { name: Node }).name) === name)
      initializer = (node as unknown as { initializer?: Node }).initializer;
    else if (!isFunctionLike(node)) node.forEachChild(c => void stack.push(c));
  }
  return initializer && skipOuterExpressions(initializer);
}

function timerOf(arm: Node, bindings: ModuleBindings, fileText: string): LeakingTimer | undefined {
  // `new Promise((resolve, reject) => setTimeout(...))`
  if (arm.kind === SyntaxKind.NewExpression && textOf(skipOuterExpressions((arm as unknown as { expression: Node }).expression)) === "Promise") {
    const executor = callArguments(arm as unknown as CallExpression)[0];
    const fn = executor && skipOuterExpressions(executor);
    if (!fn || !isFunctionLike(fn) || !(fn as FunctionLike).body) return undefined;
    const timer = callbackTimerIn((fn as FunctionLike).body!, bindings);
    if (!timer || handleIsManaged(timer, fileText) || isGraceWait(fn as FunctionLike, timer)) return undefined;
    return { timer, callee: skipOuterExpressions(timer.expression), kind: "callback" };
  }
  // `setTimeout(ms)` from timers/promises, chained: `sleep(ms).then(() => { throw ... })`. A bare
  // `sleep(ms)` arm is a grace wait, like `setTimeout(resolve, ms)`.
  if (arm.kind !== SyntaxKind.CallExpression || skipOuterExpressions((arm as CallExpression).expression).kind !== SyntaxKind.PropertyAccessExpression)
    return undefined;
  let call: Node = arm;
  while (call.kind === SyntaxKind.CallExpression) {
    const callee = skipOuterExpressions((call as CallExpression).expression);
    if (callee.kind === SyntaxKind.Identifier) {
      const binding = bindings.forLocalName(textOf(callee)!);
      if (binding?.module === "timers/promises" && binding.imported === "setTimeout" && callArguments(call).length < 3)
        return { timer: call as CallExpression, callee, kind: "promise" };
      return undefined;
    }
    if (callee.kind !== SyntaxKind.PropertyAccessExpression) return undefined;
    call = skipOuterExpressions((callee as unknown as { expression: Node }).expression);
  }
  return undefined;
}

/**
 * `new Promise(resolve => setTimeout(resolve, ms))`, or a timer callback that calls `resolve()`
 * with nothing: "wait at most ms" (a grace period after a kill, before a screenshot), where the
 * work is meant to go on. A timeout rejects, or resolves with a value that says so.
 */
function isGraceWait(executor: FunctionLike, timer: CallExpression): boolean {
  const params = (executor as unknown as { parameters?: readonly Node[] }).parameters ?? [];
  const resolveName = textOf((params[0] as unknown as { name?: Node } | undefined)?.name);
  if (!resolveName) return false;
  const callback = callArguments(timer)[0];
  const cb = callback && skipOuterExpressions(callback);
  if (!cb) return false;
  if (cb.kind === SyntaxKind.Identifier) return textOf(cb) === resolveName && callArguments(timer).length <= 2;
  if (!isFunctionLike(cb) || !(cb as FunctionLike).body) return false;
  let resolvesEmpty = false;
  let other = false;
  const stack: Node[] = [(cb as FunctionLike).body!];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.kind === SyntaxKind.ThrowStatement) other = true;
    if (node.kind === SyntaxKind.CallExpression) {
      const name = textOf(skipOuterExpressions((node as CallExpression).expression));
      if (name === resolveName && callArguments(node).length === 0) resolvesEmpty = true;
      else if (name === resolveName || name === textOf((params[1] as unknown as { name?: Node } | undefined)?.name)) other = true;
    }
    node.forEachChild(c => void stack.push(c));
  }
  return resolvesEmpty && !other;
}

/** The executor's own `setTimeout(...)` call (not one in a nested callback), when it is the global one by its bindings. */
function callbackTimerIn(body: Node, bindings: ModuleBindings): CallExpression | undefined {
  const local = bindings.forLocalName("setTimeout");
  if (local && !(local.module === "timers" && local.imported === "setTimeout")) return undefined;
  let found: CallExpression | undefined;
  const stack: Node[] = [body];
  while (stack.length && !found) {
    const node = stack.pop()!;
    if (node.kind === SyntaxKind.CallExpression && textOf(skipOuterExpressions((node as CallExpression).expression)) === "setTimeout")
      found = node as CallExpression;
    else if (!isFunctionLike(node)) node.forEachChild(c => void stack.push(c));
  }
  return found;
}

/** Cleared or unref'd: `setTimeout(...).unref()`, or its handle stored where `clearTimeout(...)`/`.unref()` reads it. */
function handleIsManaged(timer: CallExpression, fileText: string): boolean {
  let node: Node = timer;
  while (node.parent && (node.parent.kind === SyntaxKind.ParenthesizedExpression || node.parent.kind === SyntaxKind.AsExpression)) node = node.parent;
  const parent = node.parent;
  // `setTimeout(...).unref()`, or any other use of the handle in place.
  if (parent?.kind === SyntaxKind.PropertyAccessExpression) return true;
  let name: string | undefined;
  if (parent?.kind === SyntaxKind.VariableDeclaration) name = textOf((parent as unknown as { name: Node }).name);
  else if (parent?.kind === SyntaxKind.BinaryExpression && (parent as unknown as { operatorToken: Node }).operatorToken.kind === SyntaxKind.EqualsToken) {
    const left = skipOuterExpressions((parent as unknown as { left: Node }).left);
    name = textOf(left.kind === SyntaxKind.PropertyAccessExpression ? (left as unknown as { name: Node }).name : left);
    // Stored somewhere we cannot name (an element, a map): not ours to judge.
    if (!name) return true;
  } else if (parent && parent.kind !== SyntaxKind.ExpressionStatement && parent.kind !== SyntaxKind.ReturnStatement && !isFunctionLike(parent)) {
    // Handed on (`timers.push(setTimeout(...))`, `resolve(setTimeout(...))`): someone else may clear it.
    return true;
  }
  if (!name) return false;
  const n = identifierPattern(name);
  return new RegExp(
    `(clearTimeout|clearInterval)\\s*\\([^)]*(?<![\\w$])${n}(?![\\w$])|(?<![\\w$])${n}\\s*(\\?\\.|\\.)\\s*(unref|close|\\[Symbol\\.dispose\\])`,
  ).test(fileText);
}

function enclosingFunctionOf(node: Node): FunctionLike | undefined {
  for (let n = node.parent; n; n = n.parent) if (isFunctionLike(n)) return n as FunctionLike;
  return undefined;
}

const helperVerdicts = new WeakMap<Node, Map<string, boolean>>();

/**
 * A function or method of this file named `name` (`withTimeout`) that races its work against a
 * timer nobody clears: a helper "built the same way". Other files' helpers are not read.
 */
export function isLeakingRaceHelper(sourceFile: Node, name: string, bindings: ModuleBindings = bindingsOf(sourceFile)): boolean {
  let verdicts = helperVerdicts.get(sourceFile);
  if (!verdicts) helperVerdicts.set(sourceFile, (verdicts = new Map()));
  let verdict = verdicts.get(name);
  if (verdict !== undefined) return verdict;
  verdict = false;
  const stack: Node[] = [sourceFile];
  while (stack.length && !verdict) {
    const node = stack.pop()!;
    const declared = textOf((node as unknown as { name?: Node }).name);
    if (declared === name && (isFunctionLike(node) || node.kind === SyntaxKind.VariableDeclaration || node.kind === SyntaxKind.PropertyDeclaration)) {
      const inner: Node[] = [node];
      while (inner.length && !verdict) {
        const n = inner.pop()!;
        if (n.kind === SyntaxKind.CallExpression && isPromiseRace(n as CallExpression) && leakingRaceTimer(n as CallExpression, bindings)) verdict = true;
        n.forEachChild(c => void inner.push(c));
      }
    }
    node.forEachChild(c => void stack.push(c));
  }
  verdicts.set(name, verdict);
  return verdict;
}

/**
 * `Promise.race([...])` with an arm that settles when a timer fires and a timer nobody leaves
 * running: whoever awaits the race waits at most the timer's delay. An arm is a timer when it is
 * `new Promise(...)` whose executor calls the global `setTimeout` to reject (or resolve with a
 * value that says so, not a bare grace wait), written in the race or in a variable of the function.
 */
export function isBoundedRace(race: CallExpression, bindings: ModuleBindings = bindingsOf(race)): boolean {
  if (!isPromiseRace(race)) return false;
  const list = callArguments(race)[0];
  if (!list || skipOuterExpressions(list).kind !== SyntaxKind.ArrayLiteralExpression) return false;
  if (leakingRaceTimer(race, bindings)) return false;
  const scope = enclosingFunctionOf(race);
  return (skipOuterExpressions(list) as unknown as { elements: readonly Node[] }).elements.some(element => {
    const arm = armExpression(skipOuterExpressions(element), scope);
    if (arm?.kind !== SyntaxKind.NewExpression || textOf(skipOuterExpressions((arm as unknown as { expression: Node }).expression)) !== "Promise") return false;
    const executor = callArguments(arm as unknown as CallExpression)[0];
    const fn = executor && skipOuterExpressions(executor);
    if (!fn || !isFunctionLike(fn) || !(fn as FunctionLike).body) return false;
    const timer = callbackTimerIn((fn as FunctionLike).body!, bindings);
    return !!timer && !isGraceWait(fn as FunctionLike, timer);
  });
}

/** The arms of a `Promise.race([...])` as written (outer parentheses and casts skipped). */
export function raceArms(race: CallExpression): readonly Node[] {
  const list = callArguments(race)[0];
  if (!list || skipOuterExpressions(list).kind !== SyntaxKind.ArrayLiteralExpression) return [];
  return (skipOuterExpressions(list) as unknown as { elements: readonly Node[] }).elements.map(e => skipOuterExpressions(e));
}

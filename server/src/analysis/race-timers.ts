// `Promise.race([work, new Promise((_, reject) => setTimeout(reject, ms))])`: a timeout. Whoever
// awaits the race waits at most the timer's delay (missing-timeout: `isBoundedRace`, also in
// other files' facts, where it may not ask the checker); when the timer is never cleared, it keeps
// the process alive until it fires and the work goes on after the "timeout" (race-timeout-leak:
// `leakingRaceTimer`). Syntax only (the caller may check the timer's callee by symbol).
import { SyntaxKind, type CallExpression, type Node } from "./typescript";
import { isFunctionLike, type FunctionLike } from "./async-context";
import {
  callArguments,
  contains,
  enclosingFunction,
  identifierPattern,
  isPromiseExecutor,
  isPropertyName,
  parentSkippingOuter,
  skipOuterExpressions,
  textOf,
} from "./syntax";
import { identifiersNamedIn } from "./identifiers-by-text";
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
  const scope = enclosingFunction(race);
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
  // `setTimeout(ms)` from timers/promises, chained, without a signal.
  const timer = chainedPromiseTimer(arm, bindings);
  if (!timer || callArguments(timer).length >= 3) return undefined;
  return { timer, callee: skipOuterExpressions(timer.expression), kind: "promise" };
}

/**
 * `setTimeout(ms)` from timers/promises at the root of a chain: `sleep(ms).then(() => { throw ... })`.
 * A bare `sleep(ms)` arm is a grace wait, like `setTimeout(resolve, ms)`: undefined.
 */
function chainedPromiseTimer(arm: Node, bindings: ModuleBindings): CallExpression | undefined {
  if (arm.kind !== SyntaxKind.CallExpression || skipOuterExpressions((arm as CallExpression).expression).kind !== SyntaxKind.PropertyAccessExpression)
    return undefined;
  let call: Node = arm;
  while (call.kind === SyntaxKind.CallExpression) {
    const callee = skipOuterExpressions((call as CallExpression).expression);
    if (callee.kind === SyntaxKind.Identifier) {
      const binding = bindings.forLocalName(textOf(callee)!);
      return binding?.module === "timers/promises" && binding.imported === "setTimeout" ? (call as CallExpression) : undefined;
    }
    if (callee.kind !== SyntaxKind.PropertyAccessExpression) return undefined;
    call = skipOuterExpressions((callee as unknown as { expression: Node }).expression);
  }
  return undefined;
}

/**
 * `new Promise(resolve => setTimeout(resolve, ms))`, or a timer callback that calls `resolve()`
 * with nothing (or `undefined`, the same value): "wait at most ms" (a grace period after a kill, before a screenshot), where the
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
      if (name === resolveName && resolvesNothing(node as CallExpression)) resolvesEmpty = true;
      else if (name === resolveName || name === textOf((params[1] as unknown as { name?: Node } | undefined)?.name)) other = true;
    }
    node.forEachChild(c => void stack.push(c));
  }
  return resolvesEmpty && !other;
}

/** `resolve()`, or `resolve(undefined)` / `resolve(void 0)`, which give the promise the same value. */
function resolvesNothing(call: CallExpression): boolean {
  const args = callArguments(call);
  if (args.length === 0) return true;
  if (args.length > 1) return false;
  const value = skipOuterExpressions(args[0]!);
  return (
    (value.kind === SyntaxKind.Identifier && textOf(value) === "undefined") ||
    (value.kind === SyntaxKind.VoidExpression && skipOuterExpressions((value as unknown as { expression: Node }).expression).kind === SyntaxKind.NumericLiteral)
  );
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
  // The handle kept in a variable (not a property): where it is handed on is read below.
  let variable = false;
  if (parent?.kind === SyntaxKind.VariableDeclaration) {
    const declared = (parent as unknown as { name: Node }).name;
    name = textOf(declared);
    variable = declared.kind === SyntaxKind.Identifier;
  } else if (parent?.kind === SyntaxKind.BinaryExpression && (parent as unknown as { operatorToken: Node }).operatorToken.kind === SyntaxKind.EqualsToken) {
    const left = skipOuterExpressions((parent as unknown as { left: Node }).left);
    name = textOf(left.kind === SyntaxKind.PropertyAccessExpression ? (left as unknown as { name: Node }).name : left);
    // Stored somewhere we cannot name (an element, a map): not ours to judge.
    if (!name) return true;
    variable = left.kind === SyntaxKind.Identifier;
  } else if (parent && parent.kind !== SyntaxKind.ExpressionStatement && parent.kind !== SyntaxKind.ReturnStatement && !isFunctionLike(parent)) {
    // Handed on (`timers.push(setTimeout(...))`, `resolve(setTimeout(...))`): someone else may clear it.
    return true;
  }
  if (!name) return false;
  const n = identifierPattern(name);
  return (
    new RegExp(
      `(clearTimeout|clearInterval)\\s*\\([^)]*(?<![\\w$])${n}(?![\\w$])|(?<![\\w$])${n}\\s*(\\?\\.|\\.)\\s*(unref|close|\\[Symbol\\.dispose\\])`,
    ).test(fileText) ||
    (variable && variableHandedOn(timer, name))
  );
}

/**
 * The variable holding the handle is handed on where it is declared, as the handle written in
 * place would be (`timers.push(setTimeout(...))`): an argument of a call (`clearTimer(timer)` in
 * `finally`, `timeouts.push(timer)`), an element of an array, a property's value or the value of
 * another variable or property. Someone else may clear it. Not a log (`console.log(timer)`), a
 * test (`if (timer)`) or a `return` from the executor (the `Promise` constructor drops it).
 */
function variableHandedOn(timer: CallExpression, name: string): boolean {
  const ids = identifiersNamedIn(timer.getSourceFile(), name);
  // The functions that bind `name` (a variable or a parameter), read once for every use below.
  const binders = ids.flatMap(id => {
    const scope = bindingScope(id);
    return scope ? [{ scope, variable: id.parent!.kind === SyntaxKind.VariableDeclaration }] : [];
  });
  // The innermost variable declaration the timer sees; none (a parameter, an outer binding): the file.
  let region: Node = timer.getSourceFile();
  for (const { scope, variable } of binders) if (variable && contains(scope, timer) && contains(region, scope)) region = scope;
  // A use inside a function nested in the region that binds the name again is another binding.
  const rebound = (id: Node) => binders.some(({ scope }) => contains(scope, id) && !contains(scope, timer));
  return ids.some(id => {
    if (!contains(region, id) || isPropertyName(id) || rebound(id)) return false;
    const { parent, child } = parentSkippingOuter(id);
    if (!parent) return false;
    switch (parent.kind) {
      case SyntaxKind.CallExpression:
      case SyntaxKind.NewExpression:
        return callArguments(parent).includes(child) && !isConsoleCall(parent);
      case SyntaxKind.ArrayLiteralExpression:
      case SyntaxKind.ShorthandPropertyAssignment:
        return true;
      case SyntaxKind.PropertyAssignment:
      case SyntaxKind.VariableDeclaration:
      case SyntaxKind.PropertyDeclaration:
        return (parent as unknown as { initializer?: Node }).initializer === child;
      case SyntaxKind.BinaryExpression:
        return (
          (parent as unknown as { operatorToken: Node }).operatorToken.kind === SyntaxKind.EqualsToken && (parent as unknown as { right: Node }).right === child
        );
      default:
        return false;
    }
  });
}

/** The function whose own binding `id` declares (a variable or a parameter of it); undefined at the top level or for a use. */
function bindingScope(id: Node): FunctionLike | undefined {
  const d = id.parent;
  if (d?.kind === SyntaxKind.VariableDeclaration && (d as unknown as { name: Node }).name === id) return enclosingFunction(d);
  if (d?.kind === SyntaxKind.Parameter && (d as unknown as { name: Node }).name === id && d.parent && isFunctionLike(d.parent)) return d.parent;
  return undefined;
}

/** `console.log(...)` and its siblings: they read the handle and keep nothing. */
function isConsoleCall(call: Node): boolean {
  const callee = skipOuterExpressions((call as CallExpression).expression);
  return (
    callee.kind === SyntaxKind.PropertyAccessExpression && textOf(skipOuterExpressions((callee as unknown as { expression: Node }).expression)) === "console"
  );
}

/**
 * `Promise.race([...])` with an arm that settles when a timer fires: whoever awaits the race waits
 * at most the timer's delay, whether or not the timer is cleared afterwards (a timer left running
 * is race-timeout-leak's concern, not a wait without end). An arm is a timer when it is
 * `new Promise(...)` whose executor calls the global `setTimeout` to reject (or resolve with a
 * value that says so, not a bare grace wait), or `timers/promises`' `setTimeout(ms)` chained
 * (`sleep(ms).then(() => { throw ... })`), written in the race or in a variable of the function.
 */
export function isBoundedRace(race: CallExpression, bindings: ModuleBindings = bindingsOf(race)): boolean {
  if (!isPromiseRace(race)) return false;
  const list = callArguments(race)[0];
  if (!list || skipOuterExpressions(list).kind !== SyntaxKind.ArrayLiteralExpression) return false;
  const scope = enclosingFunction(race);
  return (skipOuterExpressions(list) as unknown as { elements: readonly Node[] }).elements.some(element => {
    const arm = armExpression(skipOuterExpressions(element), scope);
    if (!arm) return false;
    if (chainedPromiseTimer(arm, bindings)) return true;
    if (arm.kind !== SyntaxKind.NewExpression || textOf(skipOuterExpressions((arm as unknown as { expression: Node }).expression)) !== "Promise") return false;
    const executor = callArguments(arm as unknown as CallExpression)[0];
    const fn = executor && skipOuterExpressions(executor);
    if (!fn || !isFunctionLike(fn) || !(fn as FunctionLike).body) return false;
    const timer = callbackTimerIn((fn as FunctionLike).body!, bindings);
    return !!timer && !isGraceWait(fn as FunctionLike, timer);
  });
}

/**
 * `new Promise((resolve, reject) => { setTimeout(() => reject(new Error("timed out")), ms); ... })`:
 * the executor starts the global `setTimeout` whatever happens (not under an `if`, a loop, a
 * `catch` or a condition) and its callback rejects the promise, or resolves it with a value (not a
 * bare grace wait): a race written by hand, so whoever awaits the promise waits at most the delay,
 * whatever the executor's other work does (cleared or not, as `isBoundedRace`).
 */
export function executorSettlesOnTimer(executor: FunctionLike, bindings: ModuleBindings = bindingsOf(executor)): boolean {
  return !!executorSettlingTimer(executor, bindings);
}

/** The executor's timer when it settles the promise whatever happens (`executorSettlesOnTimer`): the `setTimeout(...)` call. */
export function executorSettlingTimer(executor: FunctionLike, bindings: ModuleBindings = bindingsOf(executor)): CallExpression | undefined {
  const body = executor.body;
  if (!body) return undefined;
  const timer = callbackTimerIn(body, bindings);
  if (!timer || isGraceWait(executor, timer) || !settlesPromise(executor, timer)) return undefined;
  for (let node: Node = timer; node.parent && node !== body; node = node.parent) {
    const parent = node.parent;
    if (conditionalKinds.has(parent.kind)) return undefined;
    if (parent.kind === SyntaxKind.BinaryExpression && logicalOperators.has((parent as unknown as { operatorToken: Node }).operatorToken.kind))
      return undefined;
    if (parent.kind === SyntaxKind.TryStatement && (parent as unknown as { tryBlock: Node }).tryBlock !== node) return undefined;
  }
  return timer;
}

/**
 * The call is made in a `new Promise((resolve, reject) => ...)` executor (not in a callback inside
 * it) that starts a timer settling the promise whatever happens (`executorSettlesOnTimer`):
 * whoever awaits the promise waits at most the timer's delay.
 */
export function inTimedExecutor(call: Node, bindings: ModuleBindings = bindingsOf(call)): boolean {
  const fn = enclosingFunction(call);
  return !!fn && isPromiseExecutor(fn) && executorSettlesOnTimer(fn, bindings);
}

const conditionalKinds = new Set<SyntaxKind>([
  SyntaxKind.IfStatement,
  SyntaxKind.ConditionalExpression,
  SyntaxKind.SwitchStatement,
  SyntaxKind.ForStatement,
  SyntaxKind.ForInStatement,
  SyntaxKind.ForOfStatement,
  SyntaxKind.WhileStatement,
  SyntaxKind.DoStatement,
  SyntaxKind.CatchClause,
]);
const logicalOperators = new Set<SyntaxKind>([SyntaxKind.AmpersandAmpersandToken, SyntaxKind.BarBarToken, SyntaxKind.QuestionQuestionToken]);

/** The timer's callback settles the executor's promise: `setTimeout(reject, ms)`, or a callback that calls `reject(...)` or `resolve(value)`. */
function settlesPromise(executor: FunctionLike, timer: CallExpression): boolean {
  const params = (executor as unknown as { parameters?: readonly Node[] }).parameters ?? [];
  const resolveName = textOf((params[0] as unknown as { name?: Node } | undefined)?.name);
  const rejectName = textOf((params[1] as unknown as { name?: Node } | undefined)?.name);
  const callback = callArguments(timer)[0];
  const cb = callback && skipOuterExpressions(callback);
  if (!cb) return false;
  if (cb.kind === SyntaxKind.Identifier)
    return (!!rejectName && textOf(cb) === rejectName) || (!!resolveName && textOf(cb) === resolveName && callArguments(timer).length > 2);
  if (!isFunctionLike(cb) || !(cb as FunctionLike).body) return false;
  const stack: Node[] = [(cb as FunctionLike).body!];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.kind === SyntaxKind.CallExpression) {
      const name = textOf(skipOuterExpressions((node as CallExpression).expression));
      if (name && ((name === rejectName && rejectName) || (name === resolveName && callArguments(node).length > 0))) return true;
    }
    node.forEachChild(c => void stack.push(c));
  }
  return false;
}

/** The arms of a `Promise.race([...])` as written (outer parentheses and casts skipped). */
export function raceArms(race: CallExpression): readonly Node[] {
  const list = callArguments(race)[0];
  if (!list || skipOuterExpressions(list).kind !== SyntaxKind.ArrayLiteralExpression) return [];
  return (skipOuterExpressions(list) as unknown as { elements: readonly Node[] }).elements.map(e => skipOuterExpressions(e));
}

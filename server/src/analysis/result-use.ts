// How a call's result is used where it stands: dropped (an expression statement, `void f()`,
// `f().catch(...)` as a statement, a callback whose result nobody reads) or waited for, and the
// small syntax facts around it (a handler that does nothing or only logs, a test of the promise
// itself that always holds). promise-use.ts ties these per-call answers to the functions called,
// across files; the rules ask here for one call.
import { SyntaxKind, type Block, type CallExpression, type Node } from "./typescript";
import { isFunctionLike, type FunctionLike } from "./async-context";
import {
  assignedTarget,
  callArguments,
  enclosingFunction,
  everyUseBySpelling,
  forEachDescendant,
  parentSkippingOuter,
  skipOuterExpressions,
  textOf,
  isConstList,
} from "./syntax";
import type { FileAnalysis } from "../rules/rule";

/** How a call's result is used where it stands: dropped, or something waits for it. */
export function resultUse(call: CallExpression): "drops" | "waits" {
  let node: Node = call;
  for (;;) {
    const { parent, child } = parentSkippingOuter(node);
    if (!parent) return "waits";
    if (parent.kind === SyntaxKind.ExpressionStatement || parent.kind === SyntaxKind.VoidExpression) return "drops";
    // `f().catch(log)`: the handler runs only on failure; what the chain gives is still dropped.
    // `f().then()`, `f().then(res => log.debug(res))`, `f().finally(() => {})`: handlers that do
    // nothing but debug logging when it settles (a `.then()` written to quiet a lint) wait for
    // nothing either (round 25).
    if (parent.kind === SyntaxKind.PropertyAccessExpression && (parent as unknown as { expression: Node }).expression === child) {
      const outer = parent.parent;
      const method = textOf((parent as unknown as { name: Node }).name);
      if (
        outer?.kind === SyntaxKind.CallExpression &&
        (outer as CallExpression).expression === parent &&
        (method === "catch" ||
          (method === "then" && emptySettleHandler(outer as CallExpression)) ||
          (method === "finally" && emptySettleHandler(outer as CallExpression)))
      ) {
        node = outer;
        continue;
      }
    }
    // `const sent = f(); if (!sent) ...`: a promise kept only to be tested is never waited for.
    if (parent.kind === SyntaxKind.VariableDeclaration && onlyTested(parent, child)) return "drops";
    // `xs.forEach(x => f(x))`, `Promise.all(xs.map(x => { return f(x); }));` as a statement: the
    // callback hands its promise to a callee that drops it.
    const returner = returnedBy(parent, child);
    if (returner && callbackResultDropped(returner)) return "drops";
    return "waits";
  }
}

/**
 * `.then()`, `.then(() => {})`, `.then(res => log.debug(res.status))`, `.then(undefined, onError)`,
 * `.finally(() => {})`: what runs when the promise settles does nothing but write diagnostics (a
 * rejection handler, like `.catch`'s, runs only on failure).
 */
function emptySettleHandler(call: CallExpression): boolean {
  const first = callArguments(call)[0];
  if (!first) return true;
  const value = skipOuterExpressions(first);
  return (
    onlyLogsInBranches(value, diagnosticMethods) ||
    (value.kind === SyntaxKind.Identifier && textOf(value) === "undefined") ||
    value.kind === SyntaxKind.NullKeyword
  );
}

/** `() => {}`, `_ => {}`, `() => undefined`, `function () {}`: a handler with nothing in it. */
export function doesNothing(node: Node): boolean {
  const fn = skipOuterExpressions(node);
  if (!isFunctionLike(fn)) return false;
  const body = (fn as FunctionLike).body;
  if (!body) return false;
  if (body.kind === SyntaxKind.Block) return (body as unknown as { statements: readonly Node[] }).statements.length === 0;
  const value = skipOuterExpressions(body);
  return value.kind === SyntaxKind.Identifier && textOf(value) === "undefined";
}

/** Logging methods: a handler that only calls one of these does nothing with the response but report it. */
const loggingMethods: ReadonlySet<string> = new Set(["log", "debug", "info", "warn", "error", "trace", "verbose"]);
/**
 * Diagnostics only: what a caller's `.then` handler may write without anyone waiting for it. A
 * handler that prints the result (`check(url).then(res => console.log(res.status))` in a script)
 * is the program's output, which its user waits for.
 */
const diagnosticMethods: ReadonlySet<string> = new Set(["debug", "trace", "verbose"]);

/** `res => log(res)`, `(e) => { console.error(e); }`, `() => {}`: a handler that at most logs. */
export function onlyLogs(node: Node, methods: ReadonlySet<string> = loggingMethods): boolean {
  if (doesNothing(node)) return true;
  const statements = handlerStatements(node);
  return !!statements?.length && statementsOnlyLog(statements, methods);
}

/** A handler function's statements (an expression body as its one statement); undefined for anything else. */
function handlerStatements(node: Node): readonly Node[] | undefined {
  const fn = skipOuterExpressions(node);
  if (!isFunctionLike(fn)) return undefined;
  const body = (fn as FunctionLike).body;
  if (!body) return undefined;
  return body.kind === SyntaxKind.Block ? (body as Block).statements : [body];
}

/**
 * Round 53: `onlyLogs`, also when the handler picks which line to log (`res => { if (res.status !==
 * 200) debug(\`failed: ${res.status}\`); else debug("sent"); }`): an `if` whose test only reads
 * values (no call, assignment, `await`, `new`, `delete`) and whose branches only log so (or hold
 * nothing) does nothing but write those lines, whichever branch runs. Asked where a settled
 * promise's handlers are read: `resultUse`'s settle handlers (diagnostics only there, as before)
 * and missing-timeout's logging chains. Anything else in a branch (an assignment, a `return` of a
 * value, a call of another method) keeps the handler doing work.
 */
export function onlyLogsInBranches(node: Node, methods: ReadonlySet<string> = loggingMethods): boolean {
  if (doesNothing(node)) return true;
  const statements = handlerStatements(node);
  return !!statements?.length && statementsLogInBranches(statements, methods);
}

function statementsLogInBranches(statements: readonly Node[], methods: ReadonlySet<string>): boolean {
  return statements.every(s => {
    if (s.kind !== SyntaxKind.IfStatement) return statementsOnlyLog([s], methods);
    const i = s as unknown as { expression: Node; thenStatement: Node; elseStatement?: Node };
    const branch = (b: Node) => statementsLogInBranches(b.kind === SyntaxKind.Block ? (b as Block).statements : [b], methods);
    return onlyReads(i.expression) && branch(i.thenStatement) && (!i.elseStatement || branch(i.elseStatement));
  });
}

/** Kinds that run code or change state when a test is evaluated. */
const actingKinds: ReadonlySet<SyntaxKind> = new Set([
  SyntaxKind.CallExpression,
  SyntaxKind.NewExpression,
  SyntaxKind.TaggedTemplateExpression,
  SyntaxKind.AwaitExpression,
  SyntaxKind.YieldExpression,
  SyntaxKind.DeleteExpression,
]);

/**
 * `res.status !== 200`, `!res || !res.data`: a test that reads values and does nothing else.
 * `harmless` names acting nodes the caller knows only read (`require("../package.json")`).
 */
export function onlyReads(test: Node, harmless: (n: Node) => boolean = () => false): boolean {
  const acts = (n: Node) => (actingKinds.has(n.kind) && !harmless(n)) || assignedTarget(n) !== undefined;
  if (acts(test)) return false;
  let found = false;
  forEachDescendant(test, n => {
    found ||= acts(n);
  });
  return !found;
}

/** Every statement is a call of a logging method (`log.error('...', err)`); true of none. */
export function statementsOnlyLog(statements: readonly Node[], methods: ReadonlySet<string> = loggingMethods): boolean {
  return statements.every(s => {
    const expr = skipOuterExpressions(s.kind === SyntaxKind.ExpressionStatement ? (s as unknown as { expression: Node }).expression : s);
    if (expr.kind !== SyntaxKind.CallExpression) return false;
    const callee = skipOuterExpressions((expr as CallExpression).expression);
    const name = callee.kind === SyntaxKind.PropertyAccessExpression ? textOf((callee as unknown as { name: Node }).name) : textOf(callee);
    return methods.has(name ?? "");
  });
}

/** The function whose result `child` is: `return child` in it, or an arrow's expression body. */
function returnedBy(parent: Node, child: Node): FunctionLike | undefined {
  if (parent.kind === SyntaxKind.ReturnStatement) return enclosingFunction(parent);
  return isFunctionLike(parent) && (parent as unknown as { body?: Node }).body === child ? parent : undefined;
}

/** Methods whose callback's returned value they ignore. */
const ignoresCallbackResult = new Set(["forEach"]);
/** Methods whose callback's returned values make their result (an array of them). */
const collectsCallbackResults = new Set(["map", "flatMap"]);
/** `Promise.<name>([...])`: waits for the promises of the array it is given, and is waited for only as its result is. */
const combinators = new Set(["all", "allSettled", "any", "race"]);

/**
 * Whether the promise `fn` returns is dropped by the call it is handed to as a callback: a
 * `forEach` (which ignores what its callback returns), or a `map` whose array of promises is
 * itself dropped, directly or through `Promise.all(...)` (or `allSettled`, `any`, `race`) dropped
 * as a statement. Nothing waits for what the callback returns.
 */
export function callbackResultDropped(fn: FunctionLike): boolean {
  const { parent, child } = parentSkippingOuter(fn);
  if (parent?.kind !== SyntaxKind.CallExpression || (parent as CallExpression).expression === child) return false;
  const callee = skipOuterExpressions((parent as CallExpression).expression);
  if (callee.kind !== SyntaxKind.PropertyAccessExpression) return false;
  const method = textOf((callee as unknown as { name: Node }).name) ?? "";
  if (ignoresCallbackResult.has(method)) return true;
  if (!collectsCallbackResults.has(method)) return false;
  const array = parentSkippingOuter(parent);
  if (array.parent?.kind === SyntaxKind.ExpressionStatement || array.parent?.kind === SyntaxKind.VoidExpression) return true;
  if (array.parent?.kind !== SyntaxKind.CallExpression || (array.parent as CallExpression).expression === array.child) return false;
  const combinator = array.parent as CallExpression;
  const target = skipOuterExpressions(combinator.expression);
  if (target.kind !== SyntaxKind.PropertyAccessExpression) return false;
  const receiver = skipOuterExpressions((target as unknown as { expression: Node }).expression);
  if (textOf(receiver) !== "Promise" || !combinators.has(textOf((target as unknown as { name: Node }).name) ?? "")) return false;
  return resultUse(combinator) === "drops";
}

/**
 * `const x = <child>` whose every use in the enclosing function (or file) is a truthiness test
 * (`!x`, `if (x)`, `x ? a : b`, `while (x)`): nothing awaits, chains or hands on the value.
 */
function onlyTested(declaration: Node, child: Node): boolean {
  const d = declaration as unknown as { name: Node; initializer?: Node; parent?: Node };
  if (d.initializer !== child || d.name.kind !== SyntaxKind.Identifier) return false;
  const list = d.parent;
  if (!isConstList(list)) return false;
  return everyUseBySpelling(d.name, enclosingFunction(declaration) ?? declaration.getSourceFile(), isTruthinessTest);
}

/** The value is only tested for truthiness where it stands: `!x`, or the condition of `if`, `?:`, `while`. */
function isTruthinessTest(node: Node): boolean {
  const { parent, child } = parentSkippingOuter(node);
  if (!parent) return false;
  if (parent.kind === SyntaxKind.PrefixUnaryExpression) return (parent as unknown as { operator: SyntaxKind }).operator === SyntaxKind.ExclamationToken;
  if (parent.kind === SyntaxKind.IfStatement || parent.kind === SyntaxKind.WhileStatement)
    return (parent as unknown as { expression: Node }).expression === child;
  if (parent.kind === SyntaxKind.ConditionalExpression) return (parent as unknown as { condition: Node }).condition === child;
  return false;
}

/**
 * The `p` of each `if (!p) { ... }` whose then-branch holds the call: when `p` is a promise (always
 * truthy), the branch never runs (see `inDeadBranch`). Syntax only: the types are asked for later.
 */
export function negatedTests(call: Node): Node[] {
  const operands: Node[] = [];
  for (let node: Node = call, parent = call.parent; parent; node = parent, parent = parent.parent) {
    // A function declaration is hoisted: callable from outside the branch. A function expression
    // or arrow written in the branch is made only when the branch runs.
    if (parent.kind === SyntaxKind.FunctionDeclaration) break;
    if (parent.kind !== SyntaxKind.IfStatement || (parent as unknown as { thenStatement: Node }).thenStatement !== node) continue;
    const test = skipOuterExpressions((parent as unknown as { expression: Node }).expression);
    if (test.kind !== SyntaxKind.PrefixUnaryExpression || (test as unknown as { operator: SyntaxKind }).operator !== SyntaxKind.ExclamationToken) continue;
    const operand = skipOuterExpressions((test as unknown as { operand: Node }).operand);
    if (operand.kind === SyntaxKind.Identifier) operands.push(operand);
  }
  return operands;
}

/** The call sits in the branch of `if (!p)` that runs when `p` is falsy, and `p` is a promise: the branch never runs. */
export function inDeadBranch(fa: FileAnalysis, call: Node): boolean {
  return negatedTests(call).some(operand => {
    const type = fa.queries.typeOf(operand);
    return !!type && !type.isUnionType() && type.getSymbol()?.name === "Promise";
  });
}

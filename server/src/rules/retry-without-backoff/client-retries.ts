// Retries of a request whose HTTP client already retries it with growing, jittered waits. `got`
// retries by default (every version: `retry` limit 2) the idempotent methods (GET, PUT, HEAD,
// DELETE, OPTIONS, TRACE) on network errors and on 408, 413, 429, 500, 502, 503, 504, 521, 522 and
// 524, waiting `2 ** (attempt - 1) * 1000` ms plus up to 100 ms of random noise, and honours
// `Retry-After`. A loop that tries such a call again at once (`for (let i = 0; i < 3; i++) try {
// return await got(url) } catch {}`) does not hammer a failing service: the failures that last
// (an outage, a rate limit) have already been waited on, with backoff and jitter, inside each
// attempt. Found on real code (session 34, round 48): a CLI's `retry(fn, 3)` helper whose one
// caller passes `async () => await got(indexUrl)`.
//
// Read from syntax: the callee's first name is bound to the `got` package (an import or a require,
// tsc's `got_1.default` too), it is `got(...)` itself or one of its idempotent shorthands
// (`got.get`, `got.head`, `got.put`, `got.delete`, `got.options`), and its options, when given,
// are an object literal with no spread that sets no non-idempotent `method` and does not turn the
// retry off (`retry: 0`, `retry: { limit: 0 }`) or stream (`isStream`). An instance made with
// `got.extend(...)`, options in a variable as the second argument, `got.post` and `got.stream` stay
// reported (a first argument that is not an object literal is read as the URL).
//
// The retried call may be the loop's own parameter (`retry(fn, times)` calls `fn()`): then the
// helper must be a module-level function its module does not export and names only as a callee,
// and every such call must pass, in that parameter's place, a function written there whose awaited
// work is only such got calls.
import { SyntaxKind, type Node } from "../../analysis/typescript";
import { isFunctionLike, type FunctionLike } from "../../analysis/async-context";
import { enclosingFunction, rootName, skipOuterExpressions, textOf, nodeField as get } from "../../analysis/syntax";
import { identifiersNamedIn } from "../../analysis/identifiers-by-text";
import { forEachNode } from "../../analysis/io/unknown-call-hints";
import type { FileAnalysis } from "../rule";
import type { RetryLoop } from "./retry-loops";

/** Methods got retries by default (its `retry.methods`; `QUERY` since got 14). */
const retriedMethods = new Set(["GET", "PUT", "HEAD", "DELETE", "OPTIONS", "TRACE", "QUERY"]);

/** Every retried operation is a request its client retries with backoff (see the file comment). */
export function retriesOnlyRetryingClient(fa: FileAnalysis, retry: RetryLoop, operations: readonly Node[]): boolean {
  return operations.length > 0 && operations.every(o => retryingGotCall(fa, awaitedExpression(o)) || passedOnlyRetryingWork(fa, retry, o));
}

function awaitedExpression(awaited: Node): Node {
  return skipOuterExpressions(get(awaited, "expression"));
}

/**
 * `got(url)`, `got.get(url, { timeout })`, `got(url).json()`, `(0, got_1.default)(url)`: a request
 * got retries by itself with its default policy, or a policy the options keep on.
 */
function retryingGotCall(fa: FileAnalysis, expression: Node): boolean {
  let call = skipOuterExpressions(expression);
  if (call.kind !== SyntaxKind.CallExpression) return false;
  // `got(url).json()`: the body of the request got retried.
  const callee0 = skipOuterExpressions(get(call, "expression"));
  if (callee0.kind === SyntaxKind.PropertyAccessExpression && /^(json|text|buffer)$/.test(textOf(get(callee0, "name")) ?? "")) {
    const inner = skipOuterExpressions(get(callee0, "expression"));
    if (inner.kind === SyntaxKind.CallExpression && get<readonly Node[]>(call, "arguments").length === 0) call = inner;
  }
  let callee = skipOuterExpressions(get(call, "expression"));
  // tsc's `(0, got_1.default)(url)`.
  if (callee.kind === SyntaxKind.BinaryExpression && get<Node>(callee, "operatorToken").kind === SyntaxKind.CommaToken)
    callee = skipOuterExpressions(get(callee, "right"));
  const root = rootName(callee);
  if (!root || fa.bindings.forLocalName(root, true)?.module !== "got") return false;
  const path: string[] = [];
  for (let n = callee; n.kind === SyntaxKind.PropertyAccessExpression; n = skipOuterExpressions(get(n, "expression")))
    path.unshift(textOf(get(n, "name")) ?? "");
  const names = path.filter(p => p !== "default");
  if (names.length > 1) return false;
  const shorthand = names[0]?.toUpperCase();
  if (shorthand !== undefined && !retriedMethods.has(shorthand)) return false;
  // `got(url)`, `got(url, {...})`, `got({...})`; options in a variable or a spread are unknown.
  const args = get<readonly Node[]>(call, "arguments").map(skipOuterExpressions);
  const isOptions = (a: Node | undefined) => a?.kind === SyntaxKind.ObjectLiteralExpression;
  if (args.length === 0 || args.length > 2 || args[0]!.kind === SyntaxKind.SpreadElement) return false;
  if (isOptions(args[0]) && args.length > 1) return false;
  if (args[1] && !isOptions(args[1])) return false;
  const options = args.find(isOptions);
  return !options || keepsRetry(options, shorthand !== undefined);
}

/** An options literal that keeps got's retry on an idempotent method. */
function keepsRetry(options: Node, methodFixed: boolean): boolean {
  for (const p of get<readonly Node[]>(options, "properties")) {
    if (p.kind !== SyntaxKind.PropertyAssignment && p.kind !== SyntaxKind.ShorthandPropertyAssignment) return false;
    const name = textOf(get(p, "name"));
    const value = p.kind === SyntaxKind.PropertyAssignment ? skipOuterExpressions(get(p, "initializer")) : undefined;
    if (name === "isStream") return false;
    if (name === "method") {
      if (methodFixed || !value || !isString(value) || !retriedMethods.has(stringValue(value).toUpperCase())) return false;
    }
    if (name === "retry" && (!value || !keepsLimit(value))) return false;
  }
  return true;
}

/** `retry: 2`, `retry: { limit: 5, ... }`, `retry: { methods... }` (the default limit): more than zero. */
function keepsLimit(value: Node): boolean {
  if (value.kind === SyntaxKind.NumericLiteral) return Number(textOf(value)) > 0;
  if (value.kind !== SyntaxKind.ObjectLiteralExpression) return false;
  for (const p of get<readonly Node[]>(value, "properties")) {
    if (p.kind !== SyntaxKind.PropertyAssignment) return false;
    const name = textOf(get(p, "name"));
    if (name === "limit") {
      const limit = skipOuterExpressions(get(p, "initializer"));
      if (limit.kind !== SyntaxKind.NumericLiteral || !(Number(textOf(limit)) > 0)) return false;
    }
    // A policy of its own (which errors, how long to wait) is not the default read here.
    if (name === "calculateDelay" || name === "statusCodes" || name === "errorCodes" || name === "methods") return false;
  }
  return true;
}

function isString(n: Node): boolean {
  return n.kind === SyntaxKind.StringLiteral || n.kind === SyntaxKind.NoSubstitutionTemplateLiteral;
}

function stringValue(n: Node): string {
  return textOf(n) ?? "";
}

/**
 * `fn()` where `fn` is a parameter of the module-private helper that holds the loop, and every call
 * of the helper passes there a function written in the call whose awaited work is only retrying got calls.
 */
function passedOnlyRetryingWork(fa: FileAnalysis, retry: RetryLoop, awaited: Node): boolean {
  const call = awaitedExpression(awaited);
  if (call.kind !== SyntaxKind.CallExpression) return false;
  const callee = skipOuterExpressions(get(call, "expression"));
  if (callee.kind !== SyntaxKind.Identifier) return false;
  const helper = enclosingFunction(retry.loop);
  if (!helper) return false;
  const index = get<readonly Node[]>(helper, "parameters").findIndex(p => textOf(get(p, "name")) === textOf(callee));
  if (index < 0) return false;
  const name = privateModuleFunctionName(helper);
  if (!name) return false;
  const uses = identifiersNamedIn(fa.sourceFile, textOf(name)!).filter(id => id !== name);
  if (uses.length === 0) return false;
  return uses.every(id => {
    const use = id.parent;
    if (use?.kind !== SyntaxKind.CallExpression || get(use, "expression") !== id) return false;
    const passed = get<readonly Node[]>(use, "arguments")[index];
    const work = passed ? skipOuterExpressions(passed) : undefined;
    return !!work && isFunctionLike(work) && doesOnlyRetryingRequests(fa, work);
  });
}

/** `function retry(fn, n) {...}` or `const retry = async (fn, n) => {...}` at the module's top level, not exported. */
export function privateModuleFunctionName(fn: FunctionLike): Node | undefined {
  const exported = (statement: Node) => /^\s*export\b/.test(statement.getText());
  if (fn.kind === SyntaxKind.FunctionDeclaration) {
    const name = get<Node | undefined>(fn, "name");
    return fn.parent?.kind === SyntaxKind.SourceFile && name && !exported(fn) ? name : undefined;
  }
  const declaration = fn.parent;
  if (declaration?.kind !== SyntaxKind.VariableDeclaration || get(declaration, "initializer") !== fn) return undefined;
  const name = get<Node>(declaration, "name");
  const statement = declaration.parent?.parent;
  if (name.kind !== SyntaxKind.Identifier || statement?.kind !== SyntaxKind.VariableStatement || statement.parent?.kind !== SyntaxKind.SourceFile)
    return undefined;
  return exported(statement) ? undefined : name;
}

/** The function's awaited work (its awaits, or its expression body) is only retrying got calls, and there is some. */
function doesOnlyRetryingRequests(fa: FileAnalysis, fn: FunctionLike): boolean {
  const body = get<Node | undefined>(fn, "body");
  if (!body) return false;
  if (body.kind !== SyntaxKind.Block) return retryingGotCall(fa, body.kind === SyntaxKind.AwaitExpression ? get(body, "expression") : body);
  let awaits = 0;
  let ok = true;
  forEachNode(body, n => {
    if (!ok) return;
    if (n.kind === SyntaxKind.AwaitExpression) {
      awaits++;
      if (!retryingGotCall(fa, get(n, "expression"))) ok = false;
    }
    // `return other(url)`: a returned promise is work the loop awaits too.
    const returned = n.kind === SyntaxKind.ReturnStatement ? get<Node | undefined>(n, "expression") : undefined;
    const value = returned && skipOuterExpressions(returned);
    if (value?.kind === SyntaxKind.CallExpression && !computesOnly(value) && !retryingGotCall(fa, value)) ok = false;
  });
  return ok && awaits > 0;
}

/** Built-in namespaces whose functions compute and return at once: `JSON.parse(body)` starts no work. */
const computingGlobals = new Set(["JSON", "Math", "Object", "Array", "String", "Number", "Boolean"]);

function computesOnly(call: Node): boolean {
  const callee = skipOuterExpressions(get(call, "expression"));
  return callee.kind === SyntaxKind.PropertyAccessExpression && computingGlobals.has(textOf(skipOuterExpressions(get(callee, "expression"))) ?? "");
}

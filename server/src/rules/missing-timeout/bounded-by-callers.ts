// Requests whose every wait is bounded further up. A request without a timeout matters because
// whoever waits for it can wait forever; when every caller of the function that waits for it
// races that function's promise with a timer (`Promise.race([load(), timer])`, a project helper
// whose body does that, `withTimeout(run(), ms)`), possibly several callers up and in other
// files, nobody waits longer than the timer. Unknown callers (a library's user, a framework, the
// function handed on as a value, the package's entry file) keep the finding.
import { SyntaxKind, type CallExpression, type Node } from "../../analysis/typescript";
import { isFunctionLike, type FunctionLike } from "../../analysis/async-context";
import { enclosingFunction, parentSkippingOuter, skipOuterExpressions, textOf } from "../../analysis/syntax";
import { awaitingFunction, type PromiseUse } from "../../analysis/promise-use";

export function boundedByCallers(use: PromiseUse, call: CallExpression): boolean {
  const fn = waitingFunction(call);
  return !!fn && use.waitBounded(fn);
}

/**
 * The function whose promise waits for the request: the one that awaits or returns it, or, for a
 * request made in a `new Promise(...)` executor, the one that awaits or returns that promise.
 */
function waitingFunction(call: CallExpression): FunctionLike | undefined {
  const own = awaitingFunction(call);
  if (own) return own;
  const fn = enclosingFunction(call);
  if (!fn) return undefined;
  const promise = executorPromise(fn);
  return promise && awaitingFunction(promise);
}

/** `new Promise((resolve, reject) => ...)` when `fn` is its executor. */
export function executorPromise(fn: FunctionLike): Node | undefined {
  const { parent, child } = parentSkippingOuter(fn);
  if (parent?.kind !== SyntaxKind.NewExpression) return undefined;
  const args = (parent as unknown as { arguments?: readonly Node[]; expression: Node }).arguments;
  if (textOf(skipOuterExpressions((parent as unknown as { expression: Node }).expression)) !== "Promise" || args?.[0] !== child) return undefined;
  return isFunctionLike(child) ? parent : undefined;
}

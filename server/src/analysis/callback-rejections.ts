// A promise executor that rejects only with what a function given to its enclosing function
// rejects with: a task queue's `add(task)` / `run(task)` written as
// `new Promise((resolve, reject) => { task().then(resolve, reject) })`. Whether the queue's
// promise can reject is then decided by the task the caller passes, not by the queue: a task
// that routes its own outcome elsewhere (`() => work().then(done, fail)`) makes a promise that
// only resolves. Syntax only: no checker.
import { SyntaxKind, type CallExpression, type Node, type PropertyAccessExpression } from "./typescript";
import { isFunctionLike, type FunctionLike } from "./async-context";
import { containsThrow, functionExpressionKinds, methodName, nameText, skipParens } from "./promise-syntax";
import { walkPruned } from "./walk";

/**
 * The index of `fn`'s parameter whose call's promise is the only thing that makes the executor
 * of `newPromise` (a `new Promise(...)` in `fn`) reject: every use of the executor's `reject` is a
 * rejection handler (`.then(ok, reject)`, `.catch(reject)`, `.catch(e => { reject(e) })`) of a
 * chain that starts with a call of that parameter (`task()`, `Promise.resolve(task())`), and the
 * executor does not throw. Undefined otherwise (the executor rejects by itself, or hands `reject`
 * to something else).
 */
export function rejectsOnlyWithCallback(newPromise: Node, fn: FunctionLike): number | undefined {
  const args = (newPromise as unknown as { arguments?: readonly Node[] }).arguments;
  const executor = args?.[0] && skipParens(args[0]);
  if (!executor || !functionExpressionKinds.has(executor.kind)) return undefined;
  const body = (executor as unknown as { body: Node }).body;
  if (containsThrow(body)) return undefined;
  const rejectName = (executor as unknown as { parameters: readonly { name: Node }[] }).parameters[1]?.name;
  if (!rejectName || rejectName.kind !== SyntaxKind.Identifier) return undefined;
  const reject = nameText(rejectName);
  const parameters = (fn as unknown as { parameters: readonly { name: Node }[] }).parameters.map(p =>
    p.name.kind === SyntaxKind.Identifier ? nameText(p.name) : "",
  );
  let found: number | undefined;
  let other = false;
  walkPruned(body, n => {
    if (other) return "stop";
    if (n.kind !== SyntaxKind.Identifier || nameText(n) !== reject) return true;
    const index = handledChainParameter(n, parameters);
    if (index === undefined || (found !== undefined && found !== index)) other = true;
    else found = index;
    return true;
  });
  return other ? undefined : found;
}

/** For a use of `reject`: the parameter whose call starts the chain it handles the rejection of. */
function handledChainParameter(use: Node, parameters: readonly string[]): number | undefined {
  let handler: Node = use;
  const parent = use.parent;
  // `reject(error)` inside a handler function: the handler is that function.
  if (parent?.kind === SyntaxKind.CallExpression && (parent as CallExpression).expression === use) {
    let f: Node | undefined = parent.parent;
    while (f && !isFunctionLike(f)) f = f.parent;
    if (!f) return undefined;
    handler = f;
  }
  const call = handler.parent;
  if (call?.kind !== SyntaxKind.CallExpression) return undefined;
  const chain = call as CallExpression;
  const name = methodName(chain.expression);
  const position = chain.arguments.indexOf(handler as never);
  if (!((name === "catch" && position === 0) || (name === "then" && position === 1))) return undefined;
  return chainRootParameter((chain.expression as PropertyAccessExpression).expression, parameters);
}

/** `p(...)`, `Promise.resolve(p(...))`, and `.then/.catch/.finally` chains on them: the index of `p`. */
function chainRootParameter(node0: Node, parameters: readonly string[]): number | undefined {
  let node = skipParens(node0);
  for (;;) {
    if (node.kind !== SyntaxKind.CallExpression) return undefined;
    const call = node as CallExpression;
    const callee = skipParens(call.expression);
    const name = methodName(callee);
    if (callee.kind === SyntaxKind.PropertyAccessExpression && (name === "then" || name === "catch" || name === "finally")) {
      node = skipParens((callee as PropertyAccessExpression).expression);
      continue;
    }
    if (
      callee.kind === SyntaxKind.PropertyAccessExpression &&
      name === "resolve" &&
      nameText((callee as PropertyAccessExpression).expression) === "Promise" &&
      call.arguments[0]
    ) {
      node = skipParens(call.arguments[0]);
      continue;
    }
    if (callee.kind !== SyntaxKind.Identifier) return undefined;
    const index = parameters.indexOf(nameText(callee));
    return index >= 0 ? index : undefined;
  }
}

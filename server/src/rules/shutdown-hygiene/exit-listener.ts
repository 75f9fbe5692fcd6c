// What a process 'exit' listener starts that cannot finish: Node calls the listeners
// synchronously and then ends the process, so nothing queued on the event loop runs after them.
import { SyntaxKind, type CallExpression, type Node } from "../../analysis/typescript";
import { isFunctionLike, type FunctionLike } from "../../analysis/async-context";
import { skipOuterExpressions, textOf } from "../../analysis/syntax";
import { needRuntimeGlobal } from "../../analysis/node-runtime";
import type { FileAnalysis } from "../rule";

export interface ExitWork {
  /** The listener. */
  fn: FunctionLike;
  /** The first `await` (or `for await`) of the listener's own body: nothing after it runs. */
  firstAwait?: Node;
  /** Calls before it whose type decides whether they start async work (thenables). */
  calls: CallExpression[];
  /** `setTimeout(...)`, `setImmediate(...)`, `setInterval(...)`, `process.nextTick(...)`: callbacks that never run. */
  timers: { call: CallExpression; callee: Node; name: string }[];
}

const timerNames = new Set(["setTimeout", "setImmediate", "setInterval"]);

/** Phase 1: the listener's own body (not nested functions, which may run elsewhere), types asked. */
export function exitListenerWork(fa: FileAnalysis, fn: FunctionLike): ExitWork {
  const work: ExitWork = { fn, calls: [], timers: [] };
  const body = fn.body;
  if (!body) return work;
  const calls: CallExpression[] = [];
  const stack: Node[] = [body];
  // Depth first in source order: the first await found is the first in the text.
  while (stack.length) {
    const node = stack.pop()!;
    if (isFunctionLike(node)) continue;
    if (node.kind === SyntaxKind.AwaitExpression || (node.kind === SyntaxKind.ForOfStatement && (node as unknown as { awaitModifier?: Node }).awaitModifier)) {
      if (!work.firstAwait || node.pos < work.firstAwait.pos) work.firstAwait = node;
    }
    if (node.kind === SyntaxKind.CallExpression) calls.push(node as CallExpression);
    const children: Node[] = [];
    node.forEachChild(c => void children.push(c));
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  const limit = work.firstAwait?.pos ?? Number.POSITIVE_INFINITY;
  for (const call of calls) {
    // The awaited call and what follows the first await: the await's finding says so once.
    if (call.end > limit) continue;
    const callee = skipOuterExpressions(call.expression);
    const name = textOf(callee.kind === SyntaxKind.PropertyAccessExpression ? (callee as unknown as { name: Node }).name : callee);
    if (callee.kind === SyntaxKind.Identifier && name && timerNames.has(name)) {
      needRuntimeGlobal(fa, callee);
      work.timers.push({ call, callee, name });
      continue;
    }
    if (name === "nextTick" && callee.kind === SyntaxKind.PropertyAccessExpression) {
      const receiver = (callee as unknown as { expression: Node }).expression;
      needRuntimeGlobal(fa, receiver);
      work.timers.push({ call, callee: receiver, name: "process.nextTick" });
      continue;
    }
    fa.queries.needType(call);
    work.calls.push(call);
  }
  return work;
}

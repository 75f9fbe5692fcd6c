// Functions that run once where they are written (rule 3 of startup-paths.ts): an immediately
// invoked function, a promise or forEach/map callback, a `new Promise` executor, or a callback
// handed to a one-shot scheduler (`process.nextTick`, `setTimeout`, `.listen`, `.once`). Such a
// function is start-up code exactly when the code around it is.
import { SyntaxKind, type Node } from "../typescript";
import { calleeMethodName, invocationOf, type FunctionLike } from "../async-context";
import { textOf as text } from "../syntax";

/** Call a callback once, later: `process.nextTick(cb)`, `server.listen(port, cb)`, `emitter.once("ready", cb)`. */
const onceSchedulers = new Set(["nextTick", "setImmediate", "setTimeout", "queueMicrotask"]);
const onceMethods = new Set(["nextTick", "listen", "once"]);

/** Invoked once, where it is written: see the file comment. */
export function runsOnceWhereWritten(fn: FunctionLike): boolean {
  const how = invocationOf(fn);
  if (how !== "other") return true; // IIFE, sync callback (map, forEach, Promise executor), promise callback
  let outer: Node = fn;
  while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
  const call = outer.parent;
  if (!call || call.kind !== SyntaxKind.CallExpression) return false;
  const { expression, arguments: args } = call as unknown as { expression: Node; arguments: readonly Node[] };
  if (!args.includes(outer)) return false;
  if (expression.kind === SyntaxKind.Identifier) return onceSchedulers.has(text(expression)!);
  const method = calleeMethodName(expression);
  return !!method && onceMethods.has(method);
}

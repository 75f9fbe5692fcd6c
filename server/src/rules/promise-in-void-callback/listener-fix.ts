// The suggestion for an async listener written in place on a Node EventEmitter: a synchronous
// listener that runs the same body as an async function and hands its rejection to the emitter's
// 'error' event, `e.on("data", (x) => { (async () => { ... })().catch(err => e.emit("error", err)); })`.
// A suggestion only (menu): the failure now reaches the emitter's 'error' listeners, and an emitter
// with none throws it, which the project may not expect. Offered where `e` is a plain name or
// property chain (read again in the catch; not one starting at `this` in a `function` listener,
// where `this` is the emitter) on Node's own EventEmitter type (whose `emit` takes any event), not
// on `process` (whose 'error' event means nothing).
import { SyntaxKind, type Node } from "../../analysis/typescript";
import type { FunctionLike } from "../../analysis/async-context";
import { skipOuterExpressions, textOf } from "../../analysis/syntax";
import type { Fix } from "../../analysis/findings";
import { asyncBodyCaughtBy } from "./async-body";
import type { FileAnalysis } from "../rule";

export function listenerFix(fa: FileAnalysis, listener: FunctionLike, receiver: Node): Fix | undefined {
  if (listener.kind !== SyntaxKind.ArrowFunction && listener.kind !== SyntaxKind.FunctionExpression) return undefined;
  const emitter = plainChain(skipOuterExpressions(receiver));
  if (!emitter || /^(globalThis\.)?process\b/.test(emitter)) return undefined;
  // In a function listener `this` is the emitter, not the `this` the receiver was read with.
  if (listener.kind === SyntaxKind.FunctionExpression && /^this\b/.test(emitter)) return undefined;
  const { parameters, body, typeParameters, asteriskToken } = listener as unknown as {
    parameters: readonly Node[];
    body?: Node;
    typeParameters?: readonly Node[];
    asteriskToken?: Node;
  };
  if (!body || typeParameters?.length || asteriskToken) return undefined;
  const errorName = ["err", "error", "failure"].find(n => n !== emitter.split(".")[0]);
  if (!errorName) return undefined;
  const params = parameters.map(p => p.getText(fa.sourceFile));
  return {
    title: `Hand the listener's rejection to the emitter's 'error' event (\`.catch(${errorName} => ${emitter}.emit("error", ${errorName}))\`)`,
    edits: [asyncBodyCaughtBy(fa, listener, params, `${errorName} => ${emitter}.emit("error", ${errorName})`)],
    suggestion: true,
  };
}

/** `e`, `this.bus`, `app.events`: names and property reads only (no call, no index), as written. */
function plainChain(node: Node): string | undefined {
  if (node.kind === SyntaxKind.Identifier || node.kind === SyntaxKind.ThisKeyword) return node.getText();
  if (node.kind !== SyntaxKind.PropertyAccessExpression) return undefined;
  const { expression, name } = node as unknown as { expression: Node; name: Node };
  if (name.kind !== SyntaxKind.Identifier) return undefined;
  const left = plainChain(skipOuterExpressions(expression));
  return left && `${left}.${textOf(name)}`;
}

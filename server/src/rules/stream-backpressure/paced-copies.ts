// An await that only waits for a copy into the stream the loop writes to: `await pipeline(src, out,
// { end: false })` from `node:stream/promises`. The copy itself honours `out`'s backpressure (it
// stops reading `src` while `out` is full), so the await brings no new data into the program: a
// loop whose other awaits are none is still a loop over data already in memory (a multipart body's
// part headers between the files it streams, session 33).
import { SyntaxKind, type Node, type SourceFile } from "../../analysis/typescript";
import type { ModuleBindings } from "../../analysis/module-bindings";
import { callArguments, calleeOf, calleeParts, skipOuterExpressions, type CalleeParts } from "../../analysis/syntax";
import { pipelineAliases } from "./stream-watchers";
import { sameStream } from "./stream-ends";

/** Modules whose `pipeline` export returns a promise. */
const promiseModules = new Set(["stream/promises", "readable-stream/promises"]);
/** Modules whose `promises.pipeline` does. */
const streamModules = new Set(["stream", "readable-stream"]);

/** `await pipeline(..., stream[, options])` as a statement, with `stream` (by its text) as the destination. */
export function awaitsCopyInto(awaited: Node, stream: Node, bindings: ModuleBindings, sourceFile: SourceFile): boolean {
  if (awaited.kind !== SyntaxKind.AwaitExpression || awaited.parent?.kind !== SyntaxKind.ExpressionStatement) return false;
  const call = skipOuterExpressions((awaited as unknown as { expression: Node }).expression);
  if (call.kind !== SyntaxKind.CallExpression) return false;
  const parts = calleeParts(calleeOf(call as Parameters<typeof calleeOf>[0]));
  if (!parts || !isPromisePipeline(parts, bindings, sourceFile)) return false;
  const args = [...callArguments(call)];
  // The options (`{ end: false }`, `{ signal }`), written as an object here.
  if (args.length > 2 && skipOuterExpressions(args[args.length - 1]!).kind === SyntaxKind.ObjectLiteralExpression) args.pop();
  const destination = args[args.length - 1];
  return args.length >= 2 && sameStream(destination, stream);
}

/**
 * Node's promise `pipeline`: imported from `stream/promises` (any local name), `ns.pipeline` of
 * that module, `stream.promises.pipeline`, or a promisified copy of a `pipeline` the file names.
 */
function isPromisePipeline(parts: CalleeParts, bindings: ModuleBindings, sourceFile: SourceFile): boolean {
  const name = parts.nameNode.text;
  if (!parts.receiverExpression) {
    const binding = bindings.forLocalName(name, true);
    if (binding) return promiseModules.has(binding.module) && binding.imported === "pipeline";
    return pipelineAliases(sourceFile).includes(name);
  }
  if (name !== "pipeline") return false;
  const receiver = skipOuterExpressions(parts.receiverExpression);
  if (receiver.kind === SyntaxKind.Identifier) {
    const binding = bindings.forLocalName(receiver.getText(), true);
    return !!binding && binding.imported === "*" && promiseModules.has(binding.module);
  }
  const inner = calleeParts(receiver);
  if (receiver.kind !== SyntaxKind.PropertyAccessExpression || inner?.nameNode.text !== "promises" || !inner.receiverExpression) return false;
  const base = skipOuterExpressions(inner.receiverExpression);
  if (base.kind !== SyntaxKind.Identifier) return false;
  const binding = bindings.forLocalName(base.getText(), true);
  return !!binding && binding.imported === "*" && streamModules.has(binding.module);
}

// A worker thread's port to its parent (`parentPort` of `node:worker_threads`): its listeners run
// only inside a worker, where an unhandled rejection is an uncaught error of the worker: the worker
// stops and its parent gets the error as the `Worker`'s 'error' event, the channel every worker's
// failures reach (a synchronous throw in the same listener goes there too). The rejection is not
// lost, as it is on the main thread, where nothing outside the process hears of it.
import { SyntaxKind, type Node } from "../../analysis/typescript";
import { isConstList, skipOuterExpressions, textOf } from "../../analysis/syntax";
import type { FileAnalysis } from "../rule";

const workerModule = "worker_threads";
const portName = "parentPort";

/**
 * Whether `receiver` is the worker's `parentPort`: the export itself (imported, or read from the
 * module: `workerThreads.parentPort`, `require("worker_threads").parentPort`), also through a
 * `const` bound to it (`const port = parentPort as MessagePort`, `parentPort!`).
 */
export function isWorkerParentPort(fa: FileAnalysis, receiver: Node, depth = 0): boolean {
  if (depth > 2 || !fa.sourceFile.text.includes(portName)) return false;
  const target = skipOuterExpressions(receiver);
  if (target.kind === SyntaxKind.PropertyAccessExpression) {
    const { expression, name } = target as unknown as { expression: Node; name: Node };
    if (textOf(name) === portName && readsWorkerModule(fa, skipOuterExpressions(expression))) return true;
  } else if (target.kind === SyntaxKind.Identifier) {
    const binding = fa.bindings.forLocalName(textOf(target) ?? "");
    if (binding && binding.module === workerModule) return binding.imported === portName;
  } else return false;
  const symbol = fa.queries.lateSymbolOf(target);
  if (!symbol) return false;
  if (symbol.name === portName && fa.queries.parentName(symbol) === workerModule) return true;
  const declaration = fa.queries.declarationNode(symbol);
  if (declaration?.kind !== SyntaxKind.VariableDeclaration || !isConstList(declaration.parent)) return false;
  const initializer = (declaration as unknown as { initializer?: Node }).initializer;
  return !!initializer && isWorkerParentPort(fa, initializer, depth + 1);
}

/** The module's namespace (`import * as wt`, `const wt = require(...)`) or `require("worker_threads")` itself. */
function readsWorkerModule(fa: FileAnalysis, node: Node): boolean {
  if (node.kind === SyntaxKind.Identifier) {
    const binding = fa.bindings.forLocalName(textOf(node) ?? "");
    return !!binding && binding.module === workerModule && binding.imported === "*";
  }
  if (node.kind !== SyntaxKind.CallExpression) return false;
  const { expression, arguments: args } = node as unknown as { expression: Node; arguments: readonly Node[] };
  const specifier = args.length === 1 ? textOf(args[0]) : undefined;
  return textOf(expression) === "require" && (specifier === workerModule || specifier === `node:${workerModule}`);
}

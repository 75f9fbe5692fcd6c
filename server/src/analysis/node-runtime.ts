// Which of Node's runtime objects a name is: the global `process`, the timer functions, and
// whether a callback returns a thenable. Read by symbol (a project function named `setInterval`
// or a parameter named `process` is not Node's), two phases like a rule: `need*` in visit, the
// answers in decide. Shared by shutdown-hygiene, timer-lifecycle and race-timeout-leak.
import { SignatureKind, SyntaxKind, TypeFlags, type Node, type Type } from "./typescript";
import { textOf } from "./syntax";
import type { FileAnalysis } from "../rules/rule";

/** Node's own typings, or the compiler's default library (`setTimeout` is declared in both). */
const runtimeDeclarationFile = /\/@types\/node\/|\/lib\.[\w.]*\.d\.ts$|\/typescript\/lib\//;

/** Phase 1 for `isRuntimeGlobal`. */
export function needRuntimeGlobal(fa: FileAnalysis, node: Node): void {
  if (node.kind === SyntaxKind.Identifier) fa.queries.needSymbol(node);
}

/**
 * Phase 2: `node` names the runtime's global `name` (`process`, `setInterval`) or the export of
 * that name of one of `modules` (`timers`, `process`) imported or required here.
 */
export function isRuntimeGlobal(fa: FileAnalysis, node: Node, name: string, modules: readonly string[] = []): boolean {
  if (node.kind !== SyntaxKind.Identifier || textOf(node) !== name) return false;
  const binding = fa.bindings.forLocalName(name);
  if (binding) return modules.includes(binding.module) && (binding.imported === name || (binding.imported === "*" && name === "process"));
  const symbol = fa.queries.symbolOf(node);
  const declaration = symbol ? fa.queries.declarationOf(symbol) : undefined;
  // Without any types (a JavaScript file in an inferred project) the name still means the global.
  if (!symbol) return true;
  return !!declaration && declaration.isDeclarationFile && runtimeDeclarationFile.test(declaration.fileName);
}

/**
 * `module.name` where `module` is the file's binding of a whole module among `modules`
 * (`timers.setInterval`), or the call's own identifier resolved by `isRuntimeGlobal`.
 */
export function isRuntimeFunction(fa: FileAnalysis, callee: Node, name: string, modules: readonly string[]): boolean {
  if (callee.kind === SyntaxKind.Identifier) return isRuntimeGlobal(fa, callee, name, modules);
  if (callee.kind !== SyntaxKind.PropertyAccessExpression) return false;
  const access = callee as unknown as { expression: Node; name: Node };
  if (textOf(access.name) !== name) return false;
  const receiver = access.expression;
  if (receiver.kind !== SyntaxKind.Identifier) return textOf(receiver) === "globalThis";
  const binding = fa.bindings.forLocalName(textOf(receiver)!);
  return !!binding && binding.imported === "*" && modules.includes(binding.module);
}

/** Phase 1 for `isRuntimeFunction`. */
export function needRuntimeFunction(fa: FileAnalysis, callee: Node): void {
  needRuntimeGlobal(fa, callee);
}

/**
 * Phase 2: every call signature of `type` returns a thenable (an async function, a function
 * declared to return a Promise). Untyped (`any`) and mixed callbacks are not.
 */
export function returnsThenable(fa: FileAnalysis, type: Type | undefined): boolean {
  if (!type || type.flags & (TypeFlags.Any | TypeFlags.Unknown)) return false;
  const signatures = fa.queries.checker.getSignaturesOfType(type, SignatureKind.Call);
  if (signatures.length === 0) return false;
  return signatures.every(signature => {
    const returned = fa.queries.checker.getReturnTypeOfSignature(signature);
    return !!returned && fa.queries.thenableInfo(returned).always;
  });
}

// The name a function is known by, read from syntax. Rules ask it with different reach; the
// differences are kept by name, not by a flag, so that a rule's choice shows where it asks:
// - `ownOrHolderName`: its own name (a declaration's, a method's, a named function expression's),
//   or the name of the variable, property or class field it initializes directly (`const f = () =>`).
//   `functionName` is the same with a fallback, for call-graph facts and messages.
// - `nameCallersUse`: as `ownOrHolderName`, also through parentheses and for a function assigned
//   to a name or property (`exports.run = async () => {}`, `Model.create = function () {}`).
// - `plainCallName`: only a function declaration's name, or the variable's a function expression
//   initializes (through parentheses): the name a plain call `f(...)` in the file reaches it by;
//   methods and properties have none.
// blocking-call-in-async keeps two of its own: the start-up names (a plugin hook's `handler`, `#name`
// without its `#`: analysis/run-mode/function-names.ts) and fan-out-items.ts's `nameOf`
// (identifier names only, a function expression's own name not counted).
import { SyntaxKind, type Node } from "./typescript";
import type { FunctionLike } from "./async-context";
import { skipOuterExpressions, textOf } from "./syntax";

export function ownOrHolderName(fn: Node): string | undefined {
  const own = textOf((fn as unknown as { name?: Node }).name);
  if (own) return own;
  const parent = fn.parent;
  if (
    parent &&
    (parent.kind === SyntaxKind.VariableDeclaration || parent.kind === SyntaxKind.PropertyAssignment || parent.kind === SyntaxKind.PropertyDeclaration)
  )
    return textOf((parent as unknown as { name?: Node }).name);
  return undefined;
}

/** `ownOrHolderName`, else "constructor" or "(anonymous)": never undefined. */
export function functionName(fn: FunctionLike): string {
  return ownOrHolderName(fn) ?? (fn.kind === SyntaxKind.Constructor ? "constructor" : "(anonymous)");
}

export function nameCallersUse(fn: Node): string | undefined {
  const own = textOf((fn as unknown as { name?: Node }).name);
  if (own) return own;
  let outer: Node = fn;
  while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
  const p = outer.parent;
  if (p?.kind === SyntaxKind.VariableDeclaration || p?.kind === SyntaxKind.PropertyAssignment || p?.kind === SyntaxKind.PropertyDeclaration)
    return textOf((p as unknown as { name: Node }).name);
  if (p?.kind === SyntaxKind.BinaryExpression) {
    const left = skipOuterExpressions((p as unknown as { left: Node }).left);
    return left.kind === SyntaxKind.PropertyAccessExpression ? textOf((left as unknown as { name: Node }).name) : textOf(left);
  }
  return undefined;
}

export function plainCallName(fn: Node): string | undefined {
  if (fn.kind === SyntaxKind.FunctionDeclaration) return textOf((fn as unknown as { name?: Node }).name);
  let p = fn.parent;
  while (p?.kind === SyntaxKind.ParenthesizedExpression) p = p.parent;
  return p?.kind === SyntaxKind.VariableDeclaration ? textOf((p as unknown as { name: Node }).name) : undefined;
}

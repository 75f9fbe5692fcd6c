// The names a function is known by: its own, or the variable, property or export it is assigned
// to (an arrow function has no name of its own), and its class's. Start-up patterns
// (startup-names.ts) are matched against them, and the class tells a call of another class's
// same-named method apart (startup-callers.ts).
import { SyntaxKind, type Node } from "../typescript";
import type { FunctionLike } from "../async-context";
import { textOf as text } from "../syntax";

export function functionNameOf(fn: FunctionLike): string | undefined {
  const own = text((fn as unknown as { name?: Node }).name);
  // A plugin hook in object form, `writeBundle: { sequential: true, async handler() {} }`, is the hook.
  if (own === "handler" && fn.parent?.kind === SyntaxKind.ObjectLiteralExpression && fn.parent.parent?.kind === SyntaxKind.PropertyAssignment) {
    return text((fn.parent.parent as unknown as { name: Node }).name);
  }
  if (own) return own.replace(/^#/, "");
  const parent = fn.parent;
  if (
    parent &&
    (parent.kind === SyntaxKind.VariableDeclaration || parent.kind === SyntaxKind.PropertyAssignment || parent.kind === SyntaxKind.PropertyDeclaration)
  ) {
    return text((parent as unknown as { name?: Node }).name)?.replace(/^#/, "");
  }
  // `exports.start = async () => {}`, `module.exports.init = function () {}`
  if (parent && parent.kind === SyntaxKind.BinaryExpression && (parent as unknown as { right: Node }).right === fn) {
    const left = (parent as unknown as { left: Node }).left;
    if (left.kind === SyntaxKind.PropertyAccessExpression) return text((left as unknown as { name: Node }).name);
  }
  return undefined;
}

/** The name of the class a method (or class field's function) belongs to. */
export function classNameOf(fn: FunctionLike): string | undefined {
  let container = fn.parent;
  if (fn.parent?.kind === SyntaxKind.PropertyDeclaration) container = fn.parent.parent; // `load = async () => {}` class fields
  if (!container || (container.kind !== SyntaxKind.ClassDeclaration && container.kind !== SyntaxKind.ClassExpression)) return undefined;
  const own = text((container as unknown as { name?: Node }).name);
  if (own) return own;
  const holder = container.parent;
  return holder?.kind === SyntaxKind.VariableDeclaration ? text((holder as unknown as { name: Node }).name) : undefined;
}

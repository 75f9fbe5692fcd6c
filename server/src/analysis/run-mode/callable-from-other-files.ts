// Which functions other files may call (rule 5 of startup-paths.ts): for those, the calls in
// this file do not decide; every call in the project must (startup-callers.ts).
import { ModifierFlags, SyntaxKind, type Node } from "../typescript";
import type { FunctionLike } from "../async-context";

/** Exported functions, `exports.f = ...`, object-literal and public class methods: rule 5 judges them. */
export function isCallableFromOtherFiles(fn: FunctionLike): boolean {
  const flags = fn.modifierFlags ?? 0;
  if (fn.kind === SyntaxKind.MethodDeclaration || fn.kind === SyntaxKind.PropertyDeclaration)
    return (flags & (ModifierFlags.Private | ModifierFlags.Protected)) === 0;
  if (fn.kind === SyntaxKind.FunctionDeclaration) return (flags & ModifierFlags.Export) !== 0 && (flags & ModifierFlags.Default) === 0;
  const parent = fn.parent;
  if (!parent) return false;
  if (parent.kind === SyntaxKind.VariableDeclaration) {
    const statement = parent.parent?.parent;
    return !!statement && (((statement as unknown as { modifierFlags?: number }).modifierFlags ?? 0) & ModifierFlags.Export) !== 0;
  }
  if (parent.kind === SyntaxKind.BinaryExpression) return /^(module\.)?exports\./.test((parent as unknown as { left: Node }).left.getText());
  if (parent.kind === SyntaxKind.PropertyAssignment) return true;
  if (parent.kind === SyntaxKind.PropertyDeclaration)
    return (((parent as unknown as { modifierFlags?: number }).modifierFlags ?? 0) & (ModifierFlags.Private | ModifierFlags.Protected)) === 0;
  return false;
}

// `/** @loopscope-no-reject reason */`: the user's word that a function's promise does not reject,
// read by the may-reject summary (may-reject.ts) and by callback lookups (callback-functions.ts).
import { SyntaxKind, type Node, type SourceFile } from "./typescript";

export const noRejectTag = /@loopscope-no-reject\b/;

/**
 * `/** @loopscope-no-reject reason *\/` on a declaration (a function, method or method signature),
 * or on the variable, property or statement holding it.
 */
export function hasNoRejectTag(sf: SourceFile, declaration: Node): boolean {
  if (!sf.text.includes("@loopscope-no-reject")) return false;
  for (let n: Node | undefined = declaration, hops = 0; n && hops < 6; n = n.parent, hops++) {
    const leading = sf.text.slice(n.pos, n.getStart(sf));
    if (leading.includes("@loopscope-no-reject")) return noRejectTag.test(leading);
    if (n !== declaration && !holderKinds.has(n.kind)) return false;
    if (n.kind === SyntaxKind.VariableStatement || n.kind === SyntaxKind.ClassDeclaration) return false;
  }
  return false;
}

/** What may hold a function between it and its doc comment. */
export const holderKinds = new Set<SyntaxKind>([
  SyntaxKind.ParenthesizedExpression,
  SyntaxKind.VariableDeclaration,
  SyntaxKind.VariableDeclarationList,
  SyntaxKind.VariableStatement,
  SyntaxKind.PropertyAssignment,
  SyntaxKind.PropertyDeclaration,
]);

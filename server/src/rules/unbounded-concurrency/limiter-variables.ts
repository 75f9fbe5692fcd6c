// Variables that hold a concurrency limiter (`const limit = pLimit(4)`, `this.queue = new PQueue()`).
// Phase 1 notes, by syntax alone, every variable made by a call or `new` and the name it was made
// by; the limiter names follow from that list in document order (a variable made by an earlier
// limiter variable is one too), so that a function the editor's edit did not touch can hand its
// list on unvisited (site-free-units.ts).
import { SyntaxKind, type Node } from "../../analysis/typescript";
import { lastName } from "./fan-out";
import { limiterPackages } from "../../analysis/io/known-packages";
import { skipOuterExpressions, textOf } from "../../analysis/syntax";
import type { FileAnalysis } from "../rule";

/** `const lim = pLimit(4)`: the variable's name and the last name of what made it (`["lim", "pLimit"]`). */
export type MadeBy = readonly [name: string, callee: string];

export function madeByCall(node: Node): MadeBy | undefined {
  let nameNode: Node | undefined;
  let init: Node | undefined;
  if (node.kind === SyntaxKind.BinaryExpression) {
    const b = node as unknown as { left: Node; right: Node; operatorToken: Node };
    if (b.operatorToken.kind !== SyntaxKind.EqualsToken) return undefined;
    const left = skipOuterExpressions(b.left);
    nameNode = left.kind === SyntaxKind.PropertyAccessExpression ? (left as unknown as { name: Node }).name : left;
    init = b.right;
  } else {
    nameNode = (node as unknown as { name: Node }).name;
    init = (node as unknown as { initializer?: Node }).initializer;
  }
  if (!init || !nameNode) return undefined;
  const i = skipOuterExpressions(init);
  if (i.kind !== SyntaxKind.CallExpression && i.kind !== SyntaxKind.NewExpression) return undefined;
  const calleeName = lastName((i as unknown as { expression: Node }).expression);
  const name = textOf(nameNode);
  return calleeName && name ? [name, calleeName] : undefined;
}

/** Adds to `names` the variables of `made` (in document order) made by a limiter package's export or an earlier limiter. */
export function addLimiterVariables(made: readonly MadeBy[], fa: FileAnalysis, names: Set<string>): void {
  for (const [name, calleeName] of made) {
    const binding = fa.bindings.forLocalName(calleeName);
    if ((binding && limiterPackages.has(binding.module)) || names.has(calleeName)) names.add(name);
  }
}

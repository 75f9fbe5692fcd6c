// Variables that hold a concurrency limiter (`const limit = pLimit(4)`, `this.queue = new PQueue()`).
import { SyntaxKind, type Node } from "../../analysis/typescript";
import { lastName } from "./fan-out";
import { limiterPackages } from "../../analysis/io/known-packages";
import { skipOuterExpressions, textOf } from "../../analysis/syntax";
import type { FileAnalysis } from "../rule";

export function noteLimiterVariable(node: Node, fa: FileAnalysis, names: Set<string>): void {
  let nameNode: Node | undefined;
  let init: Node | undefined;
  if (node.kind === SyntaxKind.BinaryExpression) {
    const b = node as unknown as { left: Node; right: Node; operatorToken: Node };
    if (b.operatorToken.kind !== SyntaxKind.EqualsToken) return;
    const left = skipOuterExpressions(b.left);
    nameNode = left.kind === SyntaxKind.PropertyAccessExpression ? (left as unknown as { name: Node }).name : left;
    init = b.right;
  } else {
    nameNode = (node as unknown as { name: Node }).name;
    init = (node as unknown as { initializer?: Node }).initializer;
  }
  if (!init || !nameNode) return;
  const i = skipOuterExpressions(init);
  if (i.kind !== SyntaxKind.CallExpression && i.kind !== SyntaxKind.NewExpression) return;
  const calleeName = lastName((i as unknown as { expression: Node }).expression);
  if (!calleeName) return;
  const binding = fa.bindings.forLocalName(calleeName);
  if ((binding && limiterPackages.has(binding.module)) || names.has(calleeName)) {
    const t = textOf(nameNode);
    if (t) names.add(t);
  }
}

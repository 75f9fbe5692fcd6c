// Texts for the rule's messages: labels of calls, collections and loops.
import { SyntaxKind, type CallExpression, type Node } from "../../analysis/typescript";
import { countingLoopBound, type IterationScope } from "./fan-out";
import { calleeParts, skipOuterExpressions } from "../../analysis/syntax";
import { rangeOf } from "../../analysis/positions";
import type { RelatedInfo } from "../../analysis/findings";
import { ioResource, viaText, type IoEffect } from "../../analysis/io/io-kinds";
import { evidenceText, type CollectionSource } from "./source-evidence";
import type { FileAnalysis } from "../rule";

/** The resource and the call that reaches it, for messages. */
export function ioData(effect: IoEffect): Record<string, string> {
  return { resource: ioResource[effect.kind], via: viaText(effect) };
}

/** `send(x).catch(log)` → `send(x).catch()`; long or multi-line callees by their last name: `insertOne()`. */
export function callLabel(call: CallExpression): string {
  const callee = call.expression.getText().replace(/\s+/g, "");
  if (callee.length <= 40) return `${callee}()`;
  let base: CallExpression = call;
  for (;;) {
    const parts = calleeParts(base.expression);
    const inner = parts?.receiverExpression ? skipOuterExpressions(parts.receiverExpression) : undefined;
    if (parts && /^(then|catch|finally)$/.test(parts.nameNode.text) && inner?.kind === SyntaxKind.CallExpression) {
      base = inner as CallExpression;
      continue;
    }
    return `${parts?.nameNode.text ?? "this call"}()`;
  }
}

export function describe(node: Node): string {
  const text = skipOuterExpressions(node).getText().replace(/\s+/g, " ");
  return text.length <= 40 ? text : `${text.slice(0, 37)}...`;
}

/** "item of `xs`", or "iteration of this loop" when the loop goes over no collection. */
export function describeScope(scope: IterationScope): string {
  if (scope.collection) return `item of \`${describe(scope.collection)}\``;
  const bound = countingLoopBound(scope.node);
  if (bound && bound !== "bounded") return `item of \`${describe(bound.collection)}\``;
  return "iteration of this loop";
}

/** Whether the collection is a real array (the helper fix takes `readonly T[]`). */
export function arrayLike(fa: FileAnalysis, node: Node): "array" | "other" {
  const type = fa.queries.typeOf(node);
  if (!type) return "other";
  const checker = fa.queries.checker;
  const parts = type.isUnionType() ? type.getTypes() : [type];
  return parts.every(p => checker.isArrayType(p) || checker.isTupleType(p)) ? "array" : "other";
}

/**
 * The two pieces of evidence a finding stands on, as related locations: where the collection
 * comes from, and the call that reaches the limited resource.
 */
export function evidenceRelated(fa: FileAnalysis, source: CollectionSource, effect: IoEffect | undefined): RelatedInfo[] {
  const sourceFile = source.node.getSourceFile();
  const related: RelatedInfo[] = [
    {
      fileName: sourceFile === fa.sourceFile ? fa.fileName : sourceFile.fileName,
      range: rangeOf(sourceFile, source.node),
      message: `The collection comes from ${evidenceText(source)}: \`${describe(source.node)}\``,
    },
  ];
  const last = effect?.chain?.[effect.chain.length - 1];
  if (effect && last)
    related.push({
      fileName: last.fileName,
      range: last.range,
      message: `Each item ${ioResource[effect.kind]} here (\`${last.label}\`${effect.chain!.length > 1 ? `, ${effect.chain!.length} calls down` : ""})`,
    });
  return related;
}

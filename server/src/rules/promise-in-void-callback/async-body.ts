// What the route and listener fixes share: a function rewritten as a synchronous one (same name,
// given parameters) that runs its old body as an async function and hands the rejection on,
// `(params) => { (async () => { ...body... })().catch(handler); }`.
import { SyntaxKind, type Node } from "../../analysis/typescript";
import type { FunctionLike } from "../../analysis/async-context";
import { textOf } from "../../analysis/syntax";
import { indentAt, indentedFurther, indentUnitOf, spanRange } from "../../analysis/positions";
import { fileStyleOf, inSemicolonStyle } from "../../analysis/file-style";
import type { TextEdit } from "../../analysis/findings";
import type { FileAnalysis } from "../rule";

/** `fn` (an arrow or function expression with a body) as that synchronous wrapper; `handler` is the `.catch` argument as written. */
export function asyncBodyCaughtBy(fa: FileAnalysis, fn: FunctionLike, params: readonly string[], handler: string): TextEdit {
  const { sourceFile: sf, fileName } = fa;
  const body = (fn as unknown as { body: Node }).body;
  const indent = indentAt(sf.text, fn.getStart(sf));
  const unit = indentUnitOf(indent);
  const moved = indentedFurther(body.getText(sf), unit);
  // An object literal body keeps its parentheses (they are outside the body node).
  const inner = body.kind === SyntaxKind.ObjectLiteralExpression ? `(${moved})` : moved;
  const name = fn.kind === SyntaxKind.FunctionExpression ? textOf((fn as unknown as { name?: Node }).name) : undefined;
  const head = fn.kind === SyntaxKind.ArrowFunction ? `(${params.join(", ")}) =>` : `function ${name ?? ""}(${params.join(", ")})`;
  const call = inSemicolonStyle(`(async () => ${inner})().catch(${handler});`, fileStyleOf(sf, sf.text));
  return { fileName, range: spanRange(sf, fn.getStart(sf), fn.end), newText: `${head} {\n${indent}${unit}${call}\n${indent}}` };
}

// The suggestion for `setInterval` with an async callback written in place: keep the interval (its
// handle, whoever clears it, stays as it was) and make each run skip while the last one is still
// busy, catching its failure:
//
//   let busy = false;
//   setInterval(async () => {
//     if (busy) return;
//     busy = true;
//     try { ...the callback's body... } catch (err) { console.error(err); } finally { busy = false; }
//   }, ms);
//
// A suggestion only (menu): a failure that ended the process is now logged, and a slow run now
// skips ticks instead of overlapping, which the user decides on. Offered where a statement can be
// written before the one that holds the call (a block or the module's top level), for a callback
// whose body is a block.
import { SyntaxKind, type Node } from "../../analysis/typescript";
import { isFunctionLike, type FunctionLike } from "../../analysis/async-context";
import { skipOuterExpressions } from "../../analysis/syntax";
import { indentAt, indentedFurther, indentUnitOf, spanRange } from "../../analysis/positions";
import { fileStyleOf, inSemicolonStyle } from "../../analysis/file-style";
import type { Fix } from "../../analysis/findings";
import type { FileAnalysis } from "../rule";

const flagNames = ["busy", "running", "tickBusy", "intervalBusy"];

export function overlapGuardFix(fa: FileAnalysis, call: Node, callback: Node): Fix | undefined {
  const fn = skipOuterExpressions(callback);
  if (!isFunctionLike(fn) || (fn.kind !== SyntaxKind.ArrowFunction && fn.kind !== SyntaxKind.FunctionExpression)) return undefined;
  const body = (fn as FunctionLike).body;
  if (!body || body.kind !== SyntaxKind.Block || (fn as unknown as { asteriskToken?: Node }).asteriskToken) return undefined;
  const statement = statementOf(call);
  if (!statement) return undefined;
  const { sourceFile: sf, fileName } = fa;
  const text = sf.text;
  const flag = flagNames.find(name => !new RegExp(`(?<![\\w$])${name}(?![\\w$])`).test(text));
  const errorName = ["err", "error", "failure"].find(name => !new RegExp(`(?<![\\w$])${name}(?![\\w$])`).test(body.getText(sf)));
  if (!flag || !errorName) return undefined;
  const style = fileStyleOf(sf, text);
  const line = (code: string) => inSemicolonStyle(code, style);
  const statementIndent = indentAt(text, statement.getStart(sf));
  const bodyIndent = indentAt(text, body.getStart(sf));
  const unit = indentUnitOf(statementIndent || bodyIndent);
  const inner = `${bodyIndent}${unit}`;
  // The body's lines move one level in (into the try).
  const moved = indentedFurther(body.getText(sf), unit);
  const guarded = [
    "{",
    `${inner}${line(`if (${flag}) return;`)}`,
    `${inner}${line(`${flag} = true;`)}`,
    `${inner}try ${moved} catch (${errorName}) {`,
    `${inner}${unit}${line(`console.error(${errorName});`)}`,
    `${inner}} finally {`,
    `${inner}${unit}${line(`${flag} = false;`)}`,
    `${inner}}`,
    `${bodyIndent}}`,
  ].join("\n");
  return {
    title: "Skip a run while the last one is still busy, and catch its failure (logged)",
    edits: [
      { fileName, range: spanRange(sf, statement.getStart(sf), statement.getStart(sf)), newText: `${line(`let ${flag} = false;`)}\n${statementIndent}` },
      { fileName, range: spanRange(sf, body.getStart(sf), body.end), newText: guarded },
    ],
    suggestion: true,
  };
}

/** The statement holding the call, when a statement can be written before it (in a block or at the top level). */
function statementOf(call: Node): Node | undefined {
  for (let n: Node | undefined = call; n; n = n.parent) {
    if (isFunctionLike(n) || n.kind === SyntaxKind.PropertyDeclaration || n.kind === SyntaxKind.ClassDeclaration) return undefined;
    const parent = n.parent;
    if (parent && (parent.kind === SyntaxKind.Block || parent.kind === SyntaxKind.SourceFile || parent.kind === SyntaxKind.ModuleBlock)) return n;
  }
  return undefined;
}

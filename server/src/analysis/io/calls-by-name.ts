// The calls of a function by its name in a file, indexed once per file, to read what callers pass.
import { SyntaxKind, forEachNodeOfKind, kindSet, type CallExpression, type Node, type SourceFile } from "../typescript";
import { calleeParts, skipOuterExpressions } from "../syntax";

/** `name(` or `name)(` occurrences in a text: calls, and a function's or method's own declaration. */
export function callLikeCount(text: string, name: string): number {
  return text.match(new RegExp(`(?<![\\w$])${name.replace(/\$/g, "\\$")}\\s*\\)?\\s*\\(`, "g"))?.length ?? 0;
}

/**
 * `(0, mod.fn)(...)`, how compiled modules (tsc, esbuild, Babel) call an import without passing the
 * module as `this`: the function is the comma's right side. Only a comma whose left side is a
 * numeric literal, what compilers write: `(log(), api.get)(...)` runs code of its own first.
 */
export function commaCallee(callee: Node): Node {
  const c = skipOuterExpressions(callee);
  if (c.kind !== SyntaxKind.BinaryExpression) return callee;
  const comma = c as unknown as { left: Node; operatorToken: Node; right: Node };
  return comma.operatorToken.kind === SyntaxKind.CommaToken && comma.left.kind === SyntaxKind.NumericLiteral ? comma.right : callee;
}

const callIndexes = new WeakMap<Node, Map<string, CallExpression[]>>();
const callKinds = kindSet([SyntaxKind.CallExpression]);
/**
 * The calls in a file by the name they call, indexed once per file. Found in the compiler's node
 * table, which builds only the calls (a walk built every node of the file, again after each edit),
 * and listed in the order that walk gave them: last first, a call before the calls inside it.
 */
export function callsNamed(sourceFile: Node, name: string): CallExpression[] {
  let index = callIndexes.get(sourceFile);
  if (!index) {
    const found = new Map<string, CallExpression[]>();
    forEachNodeOfKind(sourceFile as SourceFile, callKinds, n => {
      const callee = calleeParts(commaCallee((n as CallExpression).expression))?.nameNode.text;
      if (!callee) return;
      const list = found.get(callee);
      if (list) list.push(n as CallExpression);
      else found.set(callee, [n as CallExpression]);
    });
    for (const list of found.values()) list.sort((a, b) => b.end - a.end || a.pos - b.pos);
    callIndexes.set(sourceFile, (index = found));
  }
  return index.get(name) ?? [];
}

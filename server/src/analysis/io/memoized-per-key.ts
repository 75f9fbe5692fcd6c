// A function that answers from a per-key cache before doing its I/O does that I/O once per key:
// its calls are no per-item work.
import { SyntaxKind, type Node } from "../typescript";
import type { FunctionLike } from "../async-context";
import { textOf } from "../syntax";

const memoCache = new WeakMap<Node, boolean>();

/**
 * The function starts by answering from a cache: `if (cache.has(k)) return cache.get(k)`,
 * `if (k in cache) return cache[k]`, `const hit = cache.get(k); if (hit) return hit`.
 */
export function memoizedPerKey(fn: FunctionLike): boolean {
  let known = memoCache.get(fn);
  if (known !== undefined) return known;
  known = false;
  const statements = (fn.body as unknown as { statements?: readonly Node[] } | undefined)?.statements ?? [];
  const [first, second] = statements;
  const returnsFrom = (stmt: Node | undefined, text: RegExp): boolean => {
    if (stmt?.kind !== SyntaxKind.IfStatement) return false;
    const then = (stmt as unknown as { thenStatement: Node }).thenStatement;
    const ret = then.kind === SyntaxKind.ReturnStatement ? then : (then as unknown as { statements?: readonly Node[] }).statements?.[0];
    return (
      ret?.kind === SyntaxKind.ReturnStatement &&
      text.test((stmt as unknown as { expression: Node }).expression.getText()) &&
      !!(ret as unknown as { expression?: Node }).expression
    );
  };
  if (returnsFrom(first, /^[\w$.#\[\]'"]+\.has\([^()]*\)$|^[\w$'"]+ in [\w$.#]+$/)) known = true;
  else if (first?.kind === SyntaxKind.VariableStatement && second) {
    const decl = (first as unknown as { declarationList: { declarations: readonly { name: Node; initializer?: Node }[] } }).declarationList.declarations[0];
    const name = textOf(decl?.name);
    if (name && decl?.initializer && /\.get\([^()]*\)$|\[[^\]]+\]$/.test(decl.initializer.getText())) {
      known = returnsFrom(second, new RegExp(`^(${name}|${name}\\s*!==?\\s*(undefined|null))$`));
    }
  }
  memoCache.set(fn, known);
  return known;
}

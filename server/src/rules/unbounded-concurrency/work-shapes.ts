// What one item's work is, from syntax: an in-memory tree transform, an async callback that starts
// nothing, a callback's body.
import { SyntaxKind, type CallExpression, type Node } from "../../analysis/typescript";
import { isAsyncFunction, isFunctionLike, type FunctionLike } from "../../analysis/async-context";
import { calleeParts, contains, enclosingFunction, forEachDescendant, skipOuterExpressions, textOf } from "../../analysis/syntax";

/**
 * `const walk = async (nodes) => Promise.all(nodes.map(async n => ({ ...n, children: await walk(n.children) })))`:
 * the callback only recurses, and the function waits on nothing else. A transform of a tree in
 * memory; a directory walk (`await readdir(dir)` beside the recursion) is still reported.
 */
export function isInMemoryTreeWalk(combinator: CallExpression, callback: FunctionLike): boolean {
  const outer = enclosingFunction(combinator);
  if (!outer) return false;
  const outerName =
    textOf((outer as unknown as { name?: Node }).name) ??
    (outer.parent?.kind === SyntaxKind.VariableDeclaration ? textOf((outer.parent as unknown as { name: Node }).name) : undefined);
  if (!outerName) return false;
  let onlyRecursion = true;
  let recursion = false;
  forEachDescendant(
    callback,
    n => {
      if (n.kind !== SyntaxKind.CallExpression) return;
      const parts = calleeParts((n as CallExpression).expression);
      // `walk(...)` for a function, `this.walk(...)` for a method: the same function, not a namesake elsewhere.
      const self =
        parts?.nameNode.text === outerName &&
        (outer.kind === SyntaxKind.MethodDeclaration ? parts.receiverExpression?.kind === SyntaxKind.ThisKeyword : !parts.receiverExpression);
      if (self) recursion = true;
      else onlyRecursion = false;
    },
    true,
  );
  if (!recursion || !onlyRecursion) return false;
  let otherAwaits = 0;
  forEachDescendant(
    outer,
    n => {
      if (n.kind === SyntaxKind.AwaitExpression && !contains(callback, n)) otherAwaits++;
    },
    true,
  );
  // The one await allowed is the one on the Promise.all itself.
  return otherAwaits <= 1;
}

/** An async callback that neither awaits nor calls anything (`async x => ({ ...x })`) starts no work. */
export function startsAnyWork(fn: FunctionLike): boolean {
  if (!isAsyncFunction(fn)) return true;
  let found = false;
  forEachDescendant(
    fn,
    n => {
      if (n.kind === SyntaxKind.AwaitExpression || n.kind === SyntaxKind.CallExpression || n.kind === SyntaxKind.NewExpression) found = true;
    },
    true,
  );
  return found;
}

export function callbackBody(callback: Node): Node {
  const c = skipOuterExpressions(callback);
  return isFunctionLike(c) ? ((c as FunctionLike).body ?? c) : c;
}

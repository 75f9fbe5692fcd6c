// "Does the project itself treat this library API as one that rejects?" A library's promise type
// alone says nothing about how the call fails; a file that elsewhere awaits the same API inside a
// `try` with a `catch`, or chains `.catch(...)` / `.then(ok, onRejected)` on it, says that its
// authors expect the rejection. Then a dropped call of that API in the same file loses a rejection
// the project knows about. Same file only: one scan of the file's calls, no whole-program work.
import { SyntaxKind, forEachNodeOfKind, kindSet, type CallExpression, type Node, type PropertyAccessExpression, type SourceFile } from "./typescript";
import { isFunctionLike } from "./async-context";
import { nameNodeOf, nameText, skipParens } from "./promise-syntax";
import type { FileAnalysis } from "../rules/rule";

type Symbol = Parameters<FileAnalysis["queries"]["declarationOf"]>[0];

const handledByFile = new WeakMap<SourceFile, Map<string, Node[]>>();
const callKinds = kindSet([SyntaxKind.CallExpression]);

/** True when another call (not `nameNode`'s) in its file of the API `symbol` declares has its rejection handled. */
export function projectHandlesRejectionOf(fa: Pick<FileAnalysis, "queries">, symbol: Symbol, nameNode: Node): boolean {
  const names = handledCallNames(nameNode.getSourceFile())
    .get(nameText(nameNode))
    ?.filter(n => n !== nameNode);
  if (!names?.length) return false;
  const { queries } = fa;
  const target = queries.declarationHandle(queries.resolveAlias(symbol));
  if (!target) return false;
  return names.some(n => {
    const s = queries.lateSymbolOf(n);
    const h = s && queries.declarationHandle(queries.resolveAlias(s));
    return !!h && h.fileName === target.fileName && h.index === target.index;
  });
}

/** The name nodes of the file's calls whose rejection is handled where they are made, by callee name. */
function handledCallNames(sourceFile: SourceFile): Map<string, Node[]> {
  let byName = handledByFile.get(sourceFile);
  if (byName) return byName;
  byName = new Map();
  // The file's calls from the compiler's node table: only they and their ancestors are built.
  forEachNodeOfKind(sourceFile, callKinds, node => {
    if (node.kind !== SyntaxKind.CallExpression || !rejectionHandled(node)) return;
    const nameNode = nameNodeOf((node as CallExpression).expression);
    if (!nameNode) return;
    const name = nameText(nameNode);
    byName!.set(name, [...(byName!.get(name) ?? []), nameNode]);
  });
  handledByFile.set(sourceFile, byName);
  return byName;
}

/** `call.catch(h)`, `call.then(ok, h)`, or `await call` inside the `try` block of a `try` with a `catch`. */
function rejectionHandled(call: Node): boolean {
  let outer = call;
  while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
  const parent = outer.parent;
  if (parent?.kind === SyntaxKind.PropertyAccessExpression && (parent as PropertyAccessExpression).expression === outer) {
    const method = nameText((parent as PropertyAccessExpression).name);
    const use = parent.parent;
    if (use?.kind !== SyntaxKind.CallExpression || skipParens((use as CallExpression).expression) !== parent) return false;
    return method === "catch" || (method === "then" && (use as CallExpression).arguments.length >= 2);
  }
  if (parent?.kind !== SyntaxKind.AwaitExpression) return false;
  for (let n: Node = parent; n.parent && !isFunctionLike(n); n = n.parent) {
    const t = n.parent as unknown as { kind: SyntaxKind; tryBlock?: Node; catchClause?: unknown };
    if (t.kind === SyntaxKind.TryStatement && t.tryBlock === n && t.catchClause) return true;
  }
  return false;
}

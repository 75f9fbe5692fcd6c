// A name's identifiers, found from the file's text: the compiler builds a file's nodes only when
// they are walked, and walking a large file to find one name costs more than matching the text
// and building only the nodes on the way to each match.
import { SyntaxKind, type Node, type SourceFile } from "./typescript";
import type { FunctionLike } from "./async-context";
import { contains, enclosingFunction } from "./syntax";

/**
 * Every identifier of the file with this text, found from the text (the places where the word
 * occurs, then the node there) so that only those nodes and their ancestors are built.
 */
export function identifiersNamedIn(sourceFile: SourceFile, name: string): Node[] {
  const found: Node[] = [];
  const word = new RegExp(`(?<![\\w$#])${name.replace(/\$/g, "\\$")}(?![\\w$])`, "g");
  for (const m of sourceFile.text.matchAll(word)) {
    const node = deepestNodeAt(sourceFile, m.index!);
    if (node && (node.kind === SyntaxKind.Identifier || node.kind === SyntaxKind.PrivateIdentifier) && node.getStart(sourceFile) === m.index) found.push(node);
  }
  return found;
}

/**
 * The variable declarations named `name` that code at `at` can see: each with the function it is
 * declared in, which holds `at` (undefined: declared at the top level).
 */
export function declarationsSeenFrom(at: Node, name: string): { declaration: Node; scope: FunctionLike | undefined }[] {
  const seen: { declaration: Node; scope: FunctionLike | undefined }[] = [];
  for (const id of identifiersNamedIn(at.getSourceFile(), name)) {
    const d = id.parent;
    if (d?.kind !== SyntaxKind.VariableDeclaration || (d as unknown as { name: Node }).name !== id) continue;
    const scope = enclosingFunction(d);
    if (!scope || contains(scope, at)) seen.push({ declaration: d, scope });
  }
  return seen;
}

const topLevelStatements = new WeakMap<SourceFile, Node[]>();

/**
 * The statements in text order, without those that lie inside another one. In a JavaScript file
 * TypeScript 7 turns JSDoc type tags (`@typedef`, `@callback`) into statements of the file, listed
 * before the statement whose comment holds them but placed where the comment is: inside a class,
 * say. Left in, they break the order the binary search needs, and every name after them was not
 * found (a method called from a class with such a comment looked uncalled).
 */
function outermostInOrder(statements: readonly Node[]): Node[] {
  const sorted = [...statements].sort((a, b) => a.pos - b.pos || b.end - a.end);
  const kept: Node[] = [];
  for (const s of sorted) if (!kept.length || s.pos >= kept[kept.length - 1]!.end) kept.push(s);
  return kept;
}

/** The innermost node whose text covers `position` (descending builds only the nodes on the way). */
export function deepestNodeAt(sourceFile: SourceFile, position: number): Node | undefined {
  // The top level can hold thousands of statements: find the one by binary search, not a scan,
  // in a plain array read once per file (the compiler's node arrays walk to reach an index).
  let statements = topLevelStatements.get(sourceFile);
  if (!statements) topLevelStatements.set(sourceFile, (statements = outermostInOrder((sourceFile as unknown as { statements: readonly Node[] }).statements)));
  let low = 0;
  let high = statements.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (statements[mid]!.pos <= position) low = mid;
    else high = mid - 1;
  }
  const top = statements[low];
  if (!top || !(top.pos <= position && position < top.end)) return undefined;
  let node: Node = top;
  for (;;) {
    let next: Node | undefined;
    node.forEachChild(child => {
      if (child.pos <= position && position < child.end) {
        next = child;
        return true;
      }
      return undefined;
    });
    if (!next) return node;
    node = next;
  }
}

// A method or function that its own comment keeps for tests (`// for testing`, `/** Test only. */`,
// `@visibleForTesting`): the project's users do not call it, its tests do. Nothing in the project
// calling it is then no evidence that users call it per session or job (startup-callers.ts): it
// runs in a test, where a blocking call delays only that test. Found on unseen code: a cache
// entry's `destroy()` under `// for testing`, unlinking its files synchronously.
import { SyntaxKind, type Node } from "../typescript";
import type { FunctionLike } from "../async-context";

/** "for testing", "for tests", "in tests", "for testing purposes", "for unit tests only", ending the sentence or the comment. */
const forTests = /\b(?:for|in|by|from)\s+(?:unit\s+|the\s+)?(?:tests?|testing)(?:\s+purposes?)?(?:\s+only)?\s*(?:[.,;:!)]|\*\/|$)/im;
/** "test only", "test-only", "testing only", "visible for testing". */
const testOnly = /\b(?:tests?|testing)[- ]only\b|\bvisible\s*for\s*testing\b/i;

/** Nodes whose leading comments describe the function they hold: `const f = ...`, a class field. */
const holderKinds = new Set<SyntaxKind>([
  SyntaxKind.VariableDeclaration,
  SyntaxKind.VariableDeclarationList,
  SyntaxKind.VariableStatement,
  SyntaxKind.PropertyDeclaration,
]);

/** The comments written right above `fn` (or the declaration that holds it). */
function leadingComments(fn: FunctionLike): string {
  const sf = fn.getSourceFile();
  const parts: string[] = [];
  for (let n: Node | undefined = fn; n && (n === fn || holderKinds.has(n.kind)); n = n.parent) {
    let trivia = sf.text.slice(n.pos, n.getStart(sf));
    // A comment on the line of the code before (`bar() {} // for testing`) describes that code.
    if (n.pos > 0) trivia = trivia.slice(trivia.search(/[\n\r\u2028\u2029]/) + 1);
    if (trivia.includes("/")) parts.push(trivia);
  }
  return parts.join("\n");
}

/** Whether the comment above `fn` says it is kept for tests. */
export function isKeptForTests(fn: FunctionLike): boolean {
  const comments = leadingComments(fn);
  return !!comments && (forTests.test(comments) || testOnly.test(comments));
}

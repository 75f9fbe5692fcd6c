// How the rule follows a pipe's end by its name: the key of a name or property path (`s`,
// `ctx.response`, `this.out`), the scope its variable lives in, and the values it is given there.
// Every question pipe-ends.ts asks of an end (is it listened to, returned, the caller's, a fresh
// file, an in-memory stream) starts from these, so they live apart from any one of them.
import { boundNames } from "../../analysis/binding-names";
import { SyntaxKind, type Node } from "../../analysis/typescript";
import { isFunctionLike } from "../../analysis/async-context";
import { callArguments, calleeParts, forEachDescendant, skipOuterExpressions, textOf, isConstList, isLetList, nodeField as get } from "../../analysis/syntax";

/** How deep names are followed (an alias of an alias of a helper's parameter). */
export const maxDepth = 3;

/** `x.pipe(d)` → `d`. */
export function pipeDestination(e: Node): Node | undefined {
  if (e.kind !== SyntaxKind.CallExpression) return undefined;
  const parts = calleeParts(get(e, "expression"));
  return parts?.nameNode.text === "pipe" && parts.receiverExpression ? callArguments(e)[0] : undefined;
}

/** A name or a property path (`s`, `ctx.response`, `this.out`), spaces and `!` removed. */
export function referenceKey(e: Node): string | undefined {
  if (e.kind === SyntaxKind.Identifier) return textOf(e);
  if (e.kind !== SyntaxKind.PropertyAccessExpression) return undefined;
  const root = rootOf(e);
  if (root.kind !== SyntaxKind.Identifier && root.kind !== SyntaxKind.ThisKeyword) return undefined;
  return e
    .getText()
    .replace(/[\s!]+/g, "")
    .replace(/\?\./g, ".");
}

export function rootOf(e: Node): Node {
  let n = skipOuterExpressions(e);
  while (n.kind === SyntaxKind.PropertyAccessExpression) n = skipOuterExpressions(get(n, "expression"));
  return n;
}

/**
 * Where the end's variable lives: the function that declares it (or the root of a property path),
 * else the file. Its listeners may be registered anywhere there, in callbacks before or after the
 * pipe; `this.x` lives in the file.
 */
export function lifetimeScope(e: Node): Node {
  const root = rootOf(e);
  const sourceFile = e.getSourceFile();
  if (root.kind !== SyntaxKind.Identifier) return sourceFile;
  const name = textOf(root)!;
  for (let n = e.parent; n; n = n.parent) {
    if (isFunctionLike(n) && declares(n, name)) return n;
    // A `let`/`const` of a nested block (an `if` branch) is another variable than a same-named one
    // of a sibling block: `if (a) { let out = x.pipe(p) } else { const out = y.pipe(q) }`.
    if (n.kind === SyntaxKind.Block && !(n.parent && isFunctionLike(n.parent)) && declaresBlockScoped(n, name)) return n;
  }
  return sourceFile;
}

/** A `let` or `const` statement of the block itself (not of a nested one) binds the name. */
function declaresBlockScoped(block: Node, name: string): boolean {
  return get<readonly Node[]>(block, "statements").some(statement => {
    if (statement.kind !== SyntaxKind.VariableStatement) return false;
    const list = get(statement, "declarationList");
    return (isLetList(list) || isConstList(list)) && get<readonly Node[]>(list, "declarations").some(d => bindsName(get(d, "name"), name));
  });
}

function declares(fn: Node, name: string): boolean {
  for (const p of get<readonly Node[] | undefined>(fn, "parameters") ?? []) if (bindsName(get(p, "name"), name)) return true;
  const body = get<Node | undefined>(fn, "body");
  if (!body) return false;
  let found = false;
  forEachDescendant(
    body,
    n => {
      if (found) return;
      if (
        (n.kind === SyntaxKind.VariableDeclaration || n.kind === SyntaxKind.FunctionDeclaration || n.kind === SyntaxKind.ClassDeclaration) &&
        get<Node | undefined>(n, "name")
      )
        found = bindsName(get(n, "name"), name);
    },
    true,
  );
  return found;
}

export function bindsName(binding: Node | undefined, name: string): boolean {
  // Shared with unbounded-concurrency: a hole of an array pattern (`const [, b] = ...`) is a binding element without a name.
  return boundNames(binding).includes(name);
}

/**
 * The values given to the name in its scope (`const s = v`, `s = v`, `ctx.res = v`); undefined
 * when there is none, or when the name is a parameter (the caller's value, unknown here).
 */
export function assignedValues(key: string, scope: Node, end: Node): Node[] | undefined {
  if (isFunctionLike(scope) && !key.includes(".")) {
    for (const p of get<readonly Node[] | undefined>(scope, "parameters") ?? []) if (bindsName(get(p, "name"), key)) return undefined;
  }
  const values: Node[] = [];
  forEachDescendant(scope, n => {
    if (n.kind === SyntaxKind.VariableDeclaration) {
      const init = get<Node | undefined>(n, "initializer");
      if (init && get<Node>(n, "name").kind === SyntaxKind.Identifier && textOf(get(n, "name")) === key) values.push(init);
    } else if (n.kind === SyntaxKind.BinaryExpression && get<Node>(n, "operatorToken").kind === SyntaxKind.EqualsToken) {
      const left = skipOuterExpressions(get(n, "left"));
      if (referenceKey(left) === key) values.push(get(n, "right"));
    }
  });
  // Only values that are not the end itself (a pipe's own statement does not assign its source),
  // and not the `null` a field starts or ends with: no stream to listen to.
  const others = values.filter(v => v !== end && !isNullish(v));
  return others.length ? others : undefined;
}

export function isNullish(n: Node): boolean {
  const s = skipOuterExpressions(n);
  return s.kind === SyntaxKind.NullKeyword || (s.kind === SyntaxKind.Identifier && textOf(s) === "undefined");
}

/** Some assignment or declaration inside `node` gives the name (or property path) a value. */
export function assignsTo(node: Node, key: string): boolean {
  let found = false;
  forEachDescendant(node, n => {
    if (found) return;
    if (n.kind === SyntaxKind.VariableDeclaration) found = textOf(get<Node>(n, "name")) === key;
    else if (n.kind === SyntaxKind.BinaryExpression && get<Node>(n, "operatorToken").kind === SyntaxKind.EqualsToken)
      found = referenceKey(skipOuterExpressions(get(n, "left"))) === key;
  });
  return found;
}

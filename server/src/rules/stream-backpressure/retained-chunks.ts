// A 'data' listener that keeps every chunk it writes (session 26): `data += chunk; log.write(chunk)`
// or `chunks.push(chunk); out.write(chunk)`, where the string or array lives outside the listener
// and is only ever appended to. The program holds the whole input in memory by design, so the
// writable's buffer, which holds only what was written and not yet flushed, can at most copy
// memory the program keeps anyway (the argument that leaves out a plain loop over a collection
// already in memory). A listener that only writes, keeps a bounded tail (`buf = buf.slice(-n)`,
// `lines.shift()`), appends on one branch only, or counts bytes (`n += chunk.length`) stays reported.
import { SyntaxKind, type Node } from "../../analysis/typescript";
import { isFunctionLike, type FunctionLike } from "../../analysis/async-context";
import {
  assignedTarget,
  callArguments,
  calleeParts,
  forEachDescendant,
  isConstList,
  skipOuterExpressions,
  textOf,
  nodeField as get,
} from "../../analysis/syntax";
import { assignsTo, lifetimeScope } from "./end-names";

/** Array methods that drop elements: an array they are called on keeps a bounded part, not the whole. */
const droppingMethods = new Set(["shift", "pop", "splice", "fill", "copyWithin"]);

/**
 * The listener appends the chunk it writes (or a `const` made of it: `const s = chunk.toString()`)
 * to a string or array declared outside it, in a statement of its body that runs whenever the write
 * does, and that name is never assigned, shortened or emptied anywhere it lives.
 */
export function writtenChunkRetained(listener: FunctionLike, write: Node): boolean {
  const parameter = (get<readonly Node[] | undefined>(listener, "parameters") ?? [])[0];
  const chunk = parameter && get<Node>(parameter, "name").kind === SyntaxKind.Identifier ? textOf(get(parameter, "name")) : undefined;
  const body = listener.body;
  const written = callArguments(write)[0];
  if (!chunk || body?.kind !== SyntaxKind.Block || !written || assignsTo(body, chunk)) return false;
  if (!madeOfChunk(written, chunk, body, 0)) return false;
  const statements = get<readonly Node[]>(body, "statements");
  const at = statements.findIndex(s => s.pos <= write.pos && write.end <= s.end);
  if (at < 0) return false;
  return statements.some((statement, i) => {
    const appended = appendOf(statement);
    if (!appended || !madeOfChunk(appended.value, chunk, body, 0)) return false;
    // After the write, it must run whenever the write did: no `return` or `throw` between them.
    if (i > at && statements.slice(at, i).some(leaves)) return false;
    return onlyAppended(appended.name, listener);
  });
}

/** `chunk`, `chunk.toString(...)`, `String(chunk)`, or a `const` of the listener's body given one of them. */
function madeOfChunk(value: Node, chunk: string, body: Node, depth: number): boolean {
  const e = skipOuterExpressions(value);
  if (e.kind === SyntaxKind.Identifier) {
    const name = textOf(e)!;
    if (name === chunk) return true;
    const init = depth < 2 ? constInitializer(body, name) : undefined;
    return !!init && madeOfChunk(init, chunk, body, depth + 1);
  }
  if (e.kind !== SyntaxKind.CallExpression) return false;
  const parts = calleeParts(get(e, "expression"));
  const args = callArguments(e);
  if (parts?.nameNode.text === "toString" && parts.receiverExpression) return madeOfChunk(parts.receiverExpression, chunk, body, depth);
  return !parts?.receiverExpression && parts?.nameNode.text === "String" && args.length === 1 && madeOfChunk(args[0]!, chunk, body, depth);
}

/** The initializer of `const name = ...`, a statement of the block itself. */
function constInitializer(body: Node, name: string): Node | undefined {
  for (const statement of get<readonly Node[]>(body, "statements")) {
    if (statement.kind !== SyntaxKind.VariableStatement) continue;
    const list = get<Node>(statement, "declarationList");
    if (!isConstList(list)) continue;
    for (const d of get<readonly Node[]>(list, "declarations"))
      if (get<Node>(d, "name").kind === SyntaxKind.Identifier && textOf(get(d, "name")) === name) return get<Node | undefined>(d, "initializer");
  }
  return undefined;
}

/** `name += value;` or `name.push(value);` as a statement. */
function appendOf(statement: Node): { name: Node; value: Node } | undefined {
  if (statement.kind !== SyntaxKind.ExpressionStatement) return undefined;
  const e = skipOuterExpressions(get(statement, "expression"));
  if (e.kind === SyntaxKind.BinaryExpression && get<Node>(e, "operatorToken").kind === SyntaxKind.PlusEqualsToken) {
    const left = skipOuterExpressions(get(e, "left"));
    return left.kind === SyntaxKind.Identifier ? { name: left, value: get(e, "right") } : undefined;
  }
  if (e.kind !== SyntaxKind.CallExpression) return undefined;
  const parts = calleeParts(get(e, "expression"));
  const args = callArguments(e);
  return parts?.nameNode.text === "push" && parts.receiverExpression?.kind === SyntaxKind.Identifier && args.length === 1
    ? { name: parts.receiverExpression, value: args[0]! }
    : undefined;
}

/** A `return` or `throw` of the statement itself (not of a function inside it). */
function leaves(statement: Node): boolean {
  if (statement.kind === SyntaxKind.ReturnStatement || statement.kind === SyntaxKind.ThrowStatement) return true;
  let found = false;
  forEachDescendant(
    statement,
    n => {
      if (n.kind === SyntaxKind.ReturnStatement || n.kind === SyntaxKind.ThrowStatement) found = true;
    },
    true,
  );
  return found;
}

/**
 * The name is a `let`/`const`/`var` declared outside the listener, and every mention of it where it
 * lives is its declaration, an append (`+=`, `.push()`), or a read: no other assignment, `++`/`--`,
 * `.length = n`, or a method that drops elements (`shift`, `splice`, ...).
 */
function onlyAppended(name: Node, listener: Node): boolean {
  const scope = lifetimeScope(name);
  if (scope === listener || (scope.pos >= listener.pos && scope.end <= listener.end)) return false;
  const text = textOf(name)!;
  let declared = 0;
  let other = false;
  forEachDescendant(scope, n => {
    if (other || n.kind !== SyntaxKind.Identifier || textOf(n) !== text) return;
    const parent = n.parent!;
    // A property's name (`x.data`, `{ data: 1 }`) is not the variable; a same-named variable of a nested function is another.
    if ((parent.kind === SyntaxKind.PropertyAccessExpression || parent.kind === SyntaxKind.PropertyAssignment) && get(parent, "name") === n) return;
    if (lifetimeScope(n) !== scope) return;
    if (parent.kind === SyntaxKind.VariableDeclaration && get(parent, "name") === n) declared++;
    else if (isFunctionLike(parent) || parent.kind === SyntaxKind.Parameter || parent.kind === SyntaxKind.BindingElement) other = true;
    else if (assignedTarget(parent) === n) {
      // `+=` appends (to a string); any other assignment, `++` or `--` replaces the value.
      if (parent.kind !== SyntaxKind.BinaryExpression || get<Node>(parent, "operatorToken").kind !== SyntaxKind.PlusEqualsToken) other = true;
    } else if (parent.kind === SyntaxKind.PropertyAccessExpression && get(parent, "expression") === n) {
      const member = textOf(get(parent, "name"))!;
      if (droppingMethods.has(member) || (parent.parent && assignedTarget(parent.parent) === parent)) other = true;
    }
  });
  return declared === 1 && !other;
}

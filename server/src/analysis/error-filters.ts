// "Which of the try block's errors does this catch let go?": a catch that handles the error a
// callee is known to throw and throws only for the others,
//
//   try { certs = await this.readCertificates(); }
//   catch (error) { if (error.message === "Not exists") certs = await fetch(); else throw error; }
//
// where `readCertificates` throws only `new Error("Not exists")`. The may-reject summary used to
// take any throw in a catch block as passing on every failure of the try block; a throw that runs
// only when the caught error matches none of the identities the catch tests passes on only the
// others. An identity is what the code can tell from syntax on both sides: a built-in `Error`'s
// literal message (`message:Not exists`) and a class thrown by name (`class:NotFound`, tested with
// `instanceof NotFound`). Read by rejection-sources.ts (the try block) and may-reject.ts (the
// callee's own throws). Session 37, round 48.
import { SyntaxKind, type Node } from "./typescript";
import { isFunctionLike } from "./async-context";
import { walkPruned } from "./walk";
import { nameText, skipParens } from "./promise-syntax";
import { isAssignmentOperator } from "./syntax";

/** Built-in errors whose `message` is the string given to the constructor. */
const builtinErrors = new Set(["Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError", "URIError"]);

const stringKinds = new Set<SyntaxKind>([SyntaxKind.StringLiteral, SyntaxKind.NoSubstitutionTemplateLiteral]);

/**
 * The identities of the error a `throw` statement throws: `throw new NotFound(...)` is
 * `class:NotFound`; `throw new Error("Not exists")` is `class:Error` and `message:Not exists`.
 * Undefined for anything else (a variable, a call, a computed message).
 */
export function thrownIdentities(throwNode: Node): string[] | undefined {
  const value = skipParens((throwNode as unknown as { expression?: Node }).expression ?? throwNode);
  if (value.kind !== SyntaxKind.NewExpression) return undefined;
  const n = value as unknown as { expression: Node; arguments?: readonly Node[] };
  const ctor = skipParens(n.expression);
  if (ctor.kind !== SyntaxKind.Identifier) return undefined;
  const name = nameText(ctor);
  const ids = [`class:${name}`];
  const first = n.arguments?.[0] && skipParens(n.arguments[0]);
  if (builtinErrors.has(name) && first && stringKinds.has(first.kind)) ids.push(`message:${nameText(first)}`);
  return ids;
}

/** A thrown error with these identities is one of the handled ones. */
export function isHandledError(thrown: readonly string[] | undefined, handled: readonly string[] | undefined): boolean {
  return !!thrown && !!handled && thrown.some(id => handled.includes(id));
}

/** The identities in both lists (an error handled by two tests of which either may run). */
function intersect(a: readonly string[], b: readonly string[]): string[] {
  return a.filter(id => b.includes(id));
}

/**
 * For a catch clause: the identities of the errors it handles, when every `throw` in its block
 * (outside nested functions) runs only for an error that matches none of them; undefined when a
 * throw may run for any error, the catch binds no plain name, or the block assigns to that name
 * or its properties. The tests read: `e.message === "lit"` (also `==`, reversed, `e?.message`),
 * `e instanceof Name`, `||` of those, `e && <test>`, and their negations (`!==`, `!(...)`), as
 * `if (test) {...} else throw e`, `if (!test) throw e`, or `if (test) return; throw e` at the top
 * of the block.
 */
export function handledErrorIdentities(catchClause: Node): string[] | undefined {
  const c = catchClause as unknown as { variableDeclaration?: { name: Node }; block: Node };
  const binding = c.variableDeclaration?.name;
  if (!binding || binding.kind !== SyntaxKind.Identifier) return undefined;
  const name = nameText(binding);
  const throws: Node[] = [];
  let assigns = false;
  walkPruned(c.block, n => {
    if (isFunctionLike(n)) return false;
    if (n.kind === SyntaxKind.ThrowStatement) throws.push(n);
    if (n.kind === SyntaxKind.BinaryExpression && isAssignment(n) && rootName((n as unknown as { left: Node }).left) === name) assigns = true;
    return true;
  });
  if (assigns || throws.length === 0) return undefined;
  let handled: string[] | undefined;
  for (const t of throws) {
    const ids = excludedAt(t, c.block, name);
    if (!ids || ids.length === 0) return undefined;
    handled = handled ? intersect(handled, ids) : ids;
    if (handled.length === 0) return undefined;
  }
  return handled;
}

/** The identities the caught error cannot have where `node` runs (the tests on the way from the catch block). */
function excludedAt(node: Node, block: Node, name: string): string[] | undefined {
  let excluded: string[] = [];
  for (let child = node, parent = node.parent; parent && child !== block; child = parent, parent = parent.parent) {
    if (isFunctionLike(parent)) return undefined;
    if (parent.kind === SyntaxKind.IfStatement) {
      const i = parent as unknown as { expression: Node; thenStatement: Node; elseStatement?: Node };
      const ids = child === i.thenStatement ? whenFalse(i.expression, name) : child === i.elseStatement ? whenTrue(i.expression, name) : undefined;
      if (ids) excluded = [...excluded, ...ids];
    }
    // `if (test) return ...;` before the statement, in the catch block itself: the handled errors left.
    if (parent === block) {
      const statements = (block as unknown as { statements: readonly Node[] }).statements;
      for (const s of statements.slice(0, statements.indexOf(child))) {
        if (s.kind !== SyntaxKind.IfStatement) continue;
        const i = s as unknown as { expression: Node; thenStatement: Node; elseStatement?: Node };
        if (!i.elseStatement && alwaysReturns(i.thenStatement)) excluded = [...excluded, ...(whenTrue(i.expression, name) ?? [])];
      }
    }
  }
  return excluded;
}

/** A `return` statement, or a block whose last statement is one (and that throws nothing: a throw there is read on its own). */
function alwaysReturns(s: Node): boolean {
  if (s.kind === SyntaxKind.ReturnStatement) return true;
  if (s.kind !== SyntaxKind.Block) return false;
  const statements = (s as unknown as { statements: readonly Node[] }).statements;
  return statements.length > 0 && statements[statements.length - 1]!.kind === SyntaxKind.ReturnStatement;
}

/** Identities an error that makes the test true may have... inverted: an error with one of these makes `test` true. */
function whenTrue(test0: Node, name: string): string[] | undefined {
  const test = skipParens(test0);
  if (test.kind === SyntaxKind.PrefixUnaryExpression && (test as unknown as { operator: SyntaxKind }).operator === SyntaxKind.ExclamationToken)
    return whenFalse((test as unknown as { operand: Node }).operand, name);
  if (test.kind !== SyntaxKind.BinaryExpression) return undefined;
  const b = test as unknown as { left: Node; right: Node; operatorToken: Node };
  const op = b.operatorToken.kind;
  if (op === SyntaxKind.BarBarToken) {
    const l = whenTrue(b.left, name),
      r = whenTrue(b.right, name);
    return l || r ? [...(l ?? []), ...(r ?? [])] : undefined;
  }
  // `e && e.message === "x"`: a matching error is truthy.
  if (op === SyntaxKind.AmpersandAmpersandToken) {
    if (isName(b.left, name)) return whenTrue(b.right, name);
    const l = whenTrue(b.left, name),
      r = whenTrue(b.right, name);
    return l && r ? intersect(l, r) : undefined;
  }
  if (op === SyntaxKind.InstanceOfKeyword && isName(b.left, name) && skipParens(b.right).kind === SyntaxKind.Identifier)
    return [`class:${nameText(skipParens(b.right))}`];
  if (op === SyntaxKind.EqualsEqualsEqualsToken || op === SyntaxKind.EqualsEqualsToken) return messageTest(b.left, b.right, name);
  return undefined;
}

/** An error with one of these identities makes `test` false. */
function whenFalse(test0: Node, name: string): string[] | undefined {
  const test = skipParens(test0);
  if (test.kind === SyntaxKind.PrefixUnaryExpression && (test as unknown as { operator: SyntaxKind }).operator === SyntaxKind.ExclamationToken)
    return whenTrue((test as unknown as { operand: Node }).operand, name);
  if (test.kind !== SyntaxKind.BinaryExpression) return undefined;
  const b = test as unknown as { left: Node; right: Node; operatorToken: Node };
  const op = b.operatorToken.kind;
  if (op === SyntaxKind.AmpersandAmpersandToken) {
    const l = whenFalse(b.left, name),
      r = whenFalse(b.right, name);
    return l || r ? [...(l ?? []), ...(r ?? [])] : undefined;
  }
  if (op === SyntaxKind.BarBarToken) {
    const l = whenFalse(b.left, name),
      r = whenFalse(b.right, name);
    return l && r ? intersect(l, r) : undefined;
  }
  if (op === SyntaxKind.ExclamationEqualsEqualsToken || op === SyntaxKind.ExclamationEqualsToken) return messageTest(b.left, b.right, name);
  return undefined;
}

/** `e.message` compared with a string literal, either way round. */
function messageTest(a: Node, b: Node, name: string): string[] | undefined {
  for (const [read, lit] of [
    [a, b],
    [b, a],
  ] as const) {
    const r = skipParens(read),
      l = skipParens(lit);
    if (r.kind !== SyntaxKind.PropertyAccessExpression || !stringKinds.has(l.kind)) continue;
    const p = r as unknown as { expression: Node; name: Node };
    if (nameText(p.name) === "message" && isName(p.expression, name)) return [`message:${nameText(l)}`];
  }
  return undefined;
}

function isName(node: Node, name: string): boolean {
  const n = skipParens(node);
  return n.kind === SyntaxKind.Identifier && nameText(n) === name;
}

/** The name a property chain or name starts from (`e` of `e.message`, `e.x.y`). */
function rootName(node: Node): string | undefined {
  let n = skipParens(node);
  while (n.kind === SyntaxKind.PropertyAccessExpression || n.kind === SyntaxKind.ElementAccessExpression)
    n = skipParens((n as unknown as { expression: Node }).expression);
  return n.kind === SyntaxKind.Identifier ? nameText(n) : undefined;
}

function isAssignment(n: Node): boolean {
  return isAssignmentOperator((n as unknown as { operatorToken: Node }).operatorToken.kind);
}

// "Is this throw only argument validation?": `if (typeof name !== "string") throw new TypeError(...)`
// at the top level of a function, its condition reading nothing but the function's parameters
// (also through type predicates: `if (!isFunction(hook)) throw ...`, and a membership test in a
// list of literals: `if (!["replace", "ignore"].includes(strategy)) throw ...`), or nested only in
// branches of such conditions (a dispatch on the argument: `if (type === "start") { if (!config)
// throw ...; ... }`, session 22): whether it throws is still decided by the arguments alone.
// Such a throw rejects only when a caller passes what the function documents as invalid, which the
// project's callers (the ones whose dropped promise would be reported) do not do: it shows no
// rejection by itself (floating-promise reports on evidence; see rejection-evidence.ts).
import { SyntaxKind, type Node } from "./typescript";
import { isFunctionLike, type FunctionLike } from "./async-context";
import { findAncestor, walkPruned } from "./walk";

/** Kinds a guard condition may contain: reads of names and properties, literals and operators. */
const guardKinds = new Set<SyntaxKind>([
  SyntaxKind.Identifier,
  SyntaxKind.PropertyAccessExpression,
  SyntaxKind.BinaryExpression,
  SyntaxKind.PrefixUnaryExpression,
  SyntaxKind.ParenthesizedExpression,
  SyntaxKind.TypeOfExpression,
  SyntaxKind.StringLiteral,
  SyntaxKind.NumericLiteral,
  SyntaxKind.NoSubstitutionTemplateLiteral,
  SyntaxKind.NullKeyword,
  SyntaxKind.TrueKeyword,
  SyntaxKind.FalseKeyword,
]);

export function isArgumentGuardThrow(throwNode: Node): boolean {
  let guarded: Node = throwNode;
  const parent = throwNode.parent;
  if (parent?.kind === SyntaxKind.Block && (parent as unknown as { statements: readonly Node[] }).statements.length === 1) guarded = parent;
  const ifStatement = guarded.parent as (Node & { expression: Node; thenStatement: Node }) | undefined;
  if (!ifStatement || ifStatement.kind !== SyntaxKind.IfStatement || ifStatement.thenStatement !== guarded) return false;
  const fn = findAncestor(throwNode, (n): n is FunctionLike => isFunctionLike(n));
  if (!fn) return false;
  // A guard at the top of the body, or inside branches of conditions over the arguments only (a
  // dispatch on the argument), not a state check somewhere inside the work.
  const outer = argumentBranches(ifStatement, fn);
  if (!outer) return false;
  const parameters = new Set<string>();
  for (const p of (fn as unknown as { parameters: readonly { name: Node }[] }).parameters) addBoundNames(p.name, parameters);
  addDestructuredParameters(fn.body, outer.top, parameters);
  return [ifStatement, ...outer.branches].every(i => readsOnlyParameters(i.expression, parameters));
}

/**
 * From an `if` up to the function's body: the `if` statements whose branch (a block, or an
 * `else if`) holds it, and the statement of the body they start from; undefined when something
 * else (a loop, a `try`, a callback, a `switch`) is on the way.
 */
function argumentBranches(ifStatement: Node, fn: FunctionLike): { top: Node; branches: (Node & { expression: Node })[] } | undefined {
  const branches: (Node & { expression: Node })[] = [];
  let at: Node = ifStatement;
  for (let depth = 0; at.parent !== fn.body; depth++) {
    let parent = at.parent;
    if (!parent || depth > 8) return undefined;
    if (parent.kind === SyntaxKind.Block) {
      at = parent;
      parent = at.parent;
    }
    if (!parent || parent.kind !== SyntaxKind.IfStatement) return undefined;
    branches.push(parent as Node & { expression: Node });
    at = parent;
  }
  return { top: at, branches };
}

/** A condition that reads one of the parameters and nothing else (names, properties, literals, operators, type predicates). */
function readsOnlyParameters(condition: Node, parameters: ReadonlySet<string>): boolean {
  let readsParameter = false;
  let onlyParameters = true;
  walkPruned(
    condition,
    n => {
      if (isOperatorToken(n)) return true;
      if (isTypePredicateCall(n) || isLiteralListMembership(n)) {
        // `isFunction(hook)`, `Array.isArray(items)`: a check of the arguments only, read like `typeof`.
        for (const arg of (n as unknown as { arguments: readonly Node[] }).arguments) walkPruned(arg, inner => visitName(inner), true);
        return false;
      }
      if (!guardKinds.has(n.kind)) {
        onlyParameters = false;
        return "stop";
      }
      if (n.kind === SyntaxKind.PropertyAccessExpression) {
        // `a.b`: only the receiver is a read of a name; the property name is not.
        walkPruned((n as unknown as { expression: Node }).expression, inner => visitName(inner), true);
        return false;
      }
      return visitName(n);
    },
    true,
  );
  return onlyParameters && readsParameter;

  function visitName(n: Node): boolean | "stop" {
    if (!onlyParameters) return "stop";
    if (n.kind === SyntaxKind.Identifier) {
      const name = (n as unknown as { text: string }).text;
      if (parameters.has(name)) readsParameter = true;
      else if (name !== "undefined") {
        onlyParameters = false;
        return "stop";
      }
      return false;
    }
    if (isOperatorToken(n)) return true;
    if (!guardKinds.has(n.kind)) {
      onlyParameters = false;
      return "stop";
    }
    return true;
  }
}

/** The names a parameter binds: `hook`, or each name of `{ id, command }` / `[first, second]`. */
function addBoundNames(name: Node, into: Set<string>): void {
  if (name.kind === SyntaxKind.Identifier) {
    into.add((name as unknown as { text: string }).text);
    return;
  }
  if (name.kind !== SyntaxKind.ObjectBindingPattern && name.kind !== SyntaxKind.ArrayBindingPattern) return;
  for (const element of (name as unknown as { elements: readonly (Node & { name?: Node })[] }).elements) {
    if (element.name) addBoundNames(element.name, into);
  }
}

/**
 * `const { id, command } = message;` before the guard, at the top of the body, taking a
 * parameter apart: its names are the argument's fields, read as `message.id` would be.
 */
function addDestructuredParameters(body: Node | undefined, guard: Node, parameters: Set<string>): void {
  const statements = (body as unknown as { statements?: readonly Node[] } | undefined)?.statements ?? [];
  for (const st of statements) {
    if (st === guard) return;
    if (st.kind !== SyntaxKind.VariableStatement) continue;
    const list = (st as unknown as { declarationList: { declarations: readonly { name: Node; initializer?: Node }[] } }).declarationList;
    for (const d of list.declarations) {
      if (d.name.kind === SyntaxKind.Identifier || !d.initializer) continue;
      let source = d.initializer;
      while (source.kind === SyntaxKind.PropertyAccessExpression) source = (source as unknown as { expression: Node }).expression;
      if (source.kind === SyntaxKind.Identifier && parameters.has((source as unknown as { text: string }).text)) addBoundNames(d.name, parameters);
    }
  }
}

/** `["a", "b"].includes(x)`, `[1, 2].indexOf(x)`: a test of membership in a list of literals, read like `x === "a" || x === "b"`. */
function isLiteralListMembership(n: Node): boolean {
  if (n.kind !== SyntaxKind.CallExpression) return false;
  const callee = (n as unknown as { expression: Node }).expression;
  if (callee.kind !== SyntaxKind.PropertyAccessExpression) return false;
  const { expression: list, name } = callee as unknown as { expression: Node; name: Node };
  const method = name.kind === SyntaxKind.Identifier ? (name as unknown as { text: string }).text : "";
  if ((method !== "includes" && method !== "indexOf") || list.kind !== SyntaxKind.ArrayLiteralExpression) return false;
  const elements = (list as unknown as { elements: readonly Node[] }).elements;
  return elements.length > 0 && elements.every(e => literalKinds.has(e.kind));
}

const literalKinds = new Set<SyntaxKind>([SyntaxKind.StringLiteral, SyntaxKind.NumericLiteral, SyntaxKind.NoSubstitutionTemplateLiteral]);

/** A call of a type predicate by its name (`isFunction(x)`, `Array.isArray(x)`, `Number.isInteger(x)`). */
function isTypePredicateCall(n: Node): boolean {
  if (n.kind !== SyntaxKind.CallExpression) return false;
  const callee = (n as unknown as { expression: Node }).expression;
  const nameNode = callee.kind === SyntaxKind.PropertyAccessExpression ? (callee as unknown as { name: Node }).name : callee;
  return nameNode.kind === SyntaxKind.Identifier && /^is[A-Z]/.test((nameNode as unknown as { text: string }).text);
}

function isOperatorToken(n: Node): boolean {
  return (
    (n.kind >= SyntaxKind.FirstBinaryOperator && n.kind <= SyntaxKind.LastBinaryOperator) ||
    n.kind === SyntaxKind.ExclamationToken ||
    n.kind === SyntaxKind.MinusToken ||
    n.kind === SyntaxKind.PlusToken
  );
}

// Syntax helpers shared by floating-promise's decision, exemptions and quick-fixes.
import { SyntaxKind, type CallExpression, type Node, type PropertyAccessExpression } from "./typescript";
import { isFunctionLike } from "./async-context";
import { walkPruned } from "./walk";

export function skipParens(node: Node): Node {
  let n = node;
  while (n.kind === SyntaxKind.ParenthesizedExpression) n = (n as unknown as { expression: Node }).expression;
  return n;
}

/**
 * `(0, mod.f)`: what compilers (tsc, Babel) emit for a call of an imported function, so that it
 * is called without `this`; its value is `mod.f`'s. Parentheses are skipped too.
 */
export function skipIndirection(node: Node): Node {
  let n = skipParens(node);
  while (n.kind === SyntaxKind.BinaryExpression) {
    const b = n as unknown as { left: Node; operatorToken: Node; right: Node };
    if (b.operatorToken.kind !== SyntaxKind.CommaToken || skipParens(b.left).kind !== SyntaxKind.NumericLiteral) break;
    n = skipParens(b.right);
  }
  return n;
}

export function skipParensUp(node: Node): Node {
  let n = node;
  while (n.parent && n.parent.kind === SyntaxKind.ParenthesizedExpression) n = n.parent;
  return n;
}

export function methodName(callee: Node): string | undefined {
  if (callee.kind === SyntaxKind.PropertyAccessExpression) return (callee as PropertyAccessExpression).name.text;
  if (callee.kind === SyntaxKind.ElementAccessExpression) {
    const arg = (callee as unknown as { argumentExpression: Node }).argumentExpression;
    if (arg.kind === SyntaxKind.StringLiteral || arg.kind === SyntaxKind.NoSubstitutionTemplateLiteral) return (arg as unknown as { text: string }).text;
  }
  return undefined;
}

/** Expressions whose value the language itself makes a primitive (or void), whatever their operands. */
const primitiveKinds = new Set([
  SyntaxKind.DeleteExpression,
  SyntaxKind.TypeOfExpression,
  SyntaxKind.PrefixUnaryExpression,
  SyntaxKind.PostfixUnaryExpression,
  SyntaxKind.StringLiteral,
  SyntaxKind.NumericLiteral,
  SyntaxKind.BigIntLiteral,
  SyntaxKind.NoSubstitutionTemplateLiteral,
  SyntaxKind.TemplateExpression,
  SyntaxKind.TrueKeyword,
  SyntaxKind.FalseKeyword,
  SyntaxKind.NullKeyword,
]);

/**
 * Whether an expression can never be a promise or thenable, by syntax alone: `super(...)`
 * (void), `delete`, `typeof`, `!x`, `i++`, literals, and binary operators other than
 * assignments, `,`, `&&`, `||` and `??` (they make numbers, strings, bigints or booleans).
 * Asking the compiler for these types costs real time (a `super(...)` call checks its
 * arguments against the base constructor) and can only answer "not a promise".
 */
export function neverThenable(node: Node): boolean {
  if (primitiveKinds.has(node.kind)) return true;
  if (node.kind === SyntaxKind.CallExpression) return (node as unknown as { expression: Node }).expression.kind === SyntaxKind.SuperKeyword;
  if (node.kind !== SyntaxKind.BinaryExpression) return false;
  const op = (node as unknown as { operatorToken: Node }).operatorToken.kind;
  return (
    !(op >= SyntaxKind.FirstAssignment && op <= SyntaxKind.LastAssignment) &&
    op !== SyntaxKind.CommaToken &&
    op !== SyntaxKind.AmpersandAmpersandToken &&
    op !== SyntaxKind.BarBarToken &&
    op !== SyntaxKind.QuestionQuestionToken
  );
}

export const functionExpressionKinds = new Set([SyntaxKind.ArrowFunction, SyntaxKind.FunctionExpression]);

export function nameNodeOf(callee0: Node): Node | undefined {
  const callee = skipIndirection(callee0);
  if (callee.kind === SyntaxKind.Identifier) return callee;
  if (callee.kind === SyntaxKind.PropertyAccessExpression) return (callee as PropertyAccessExpression).name;
  return undefined;
}

export function nameText(node: Node): string {
  return (node as unknown as { text: string }).text;
}

/** A `throw` (or, with `orAwait`, an `await`) in the node's own code, not in nested functions. */
export function containsThrow(node: Node, orAwait = false): boolean {
  let found = false;
  if (node.kind === SyntaxKind.ThrowStatement || (orAwait && node.kind === SyntaxKind.AwaitExpression)) return true;
  walkPruned(node, n => {
    if (isFunctionLike(n)) return false;
    if (n.kind === SyntaxKind.ThrowStatement || (orAwait && n.kind === SyntaxKind.AwaitExpression)) {
      found = true;
      return "stop";
    }
    return true;
  });
  return found;
}

/**
 * A `throw` in the node's own code (not in nested functions) that may leave it: not one in the try
 * block of a `try` whose catch block throws nothing (that catch handles it, and what the catch does
 * decides, as in the may-reject summary). A throw in a catch or finally block, or in a try block
 * whose catch throws again, may leave.
 */
export function containsUncaughtThrow(node: Node): boolean {
  if (node.kind === SyntaxKind.ThrowStatement) return true;
  let found = false;
  walkPruned(node, n => {
    if (isFunctionLike(n)) return false;
    if (n.kind === SyntaxKind.ThrowStatement) {
      found = true;
      return "stop";
    }
    if (n.kind === SyntaxKind.TryStatement) {
      const t = n as unknown as { catchClause?: { block: Node }; finallyBlock?: Node };
      if (t.catchClause && !containsThrow(t.catchClause.block)) {
        found = !!t.finallyBlock && containsUncaughtThrow(t.finallyBlock);
        return found ? "stop" : false;
      }
    }
    return true;
  });
  return found;
}

const perItemMethods = new Set(["forEach", "map", "flatMap", "filter", "some", "every", "reduce"]);

/** The node runs once per item: in a loop of its function, or in a callback given to forEach/map/... */
export function runsPerItem(node: Node): boolean {
  for (let n = node.parent; n; n = n.parent) {
    switch (n.kind) {
      case SyntaxKind.ForStatement:
      case SyntaxKind.ForOfStatement:
      case SyntaxKind.ForInStatement:
      case SyntaxKind.WhileStatement:
      case SyntaxKind.DoStatement:
        return true;
    }
    if (isFunctionLike(n)) return isPerItemArgument(n);
  }
  return false;
}

/** The node (a callback, or a function's name) is an argument of forEach/map/...: it runs once per item. */
export function isPerItemArgument(node: Node): boolean {
  const outer = skipParensUp(node);
  const call = outer.parent;
  return (
    call?.kind === SyntaxKind.CallExpression &&
    (call as CallExpression).expression !== outer &&
    perItemMethods.has(methodName((call as CallExpression).expression) ?? "")
  );
}

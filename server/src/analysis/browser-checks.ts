// Checks that a browser global exists, read from the syntax tree: `typeof window !== "undefined"`
// and its opposite. Shared by floating-promise (statements in the branch of such a check) and
// missing-timeout (a function that leaves first when the global is absent).
import { SyntaxKind, type Node } from "./typescript";
import { isFunctionLike } from "./async-context";
import { nameText, skipParens } from "./promise-syntax";

/**
 * Globals no Node version defines: `navigator` is a global since Node 21 and `localStorage` one
 * behind a flag since Node 22, so a check of either does not tell a browser from Node.
 */
export const pageGlobals: ReadonlySet<string> = new Set(["window", "document"]);

/**
 * `typeof window !== "undefined"` ("present"), `typeof window === "undefined"` ("absent"), for one
 * of `globals`; `=== "object"` likewise; "present" in a `&&` chain too.
 */
export function browserCheck(condition0: Node, globals: ReadonlySet<string>): "present" | "absent" | undefined {
  const condition = skipParens(condition0);
  if (condition.kind !== SyntaxKind.BinaryExpression) return undefined;
  const b = condition as unknown as { left: Node; right: Node; operatorToken: Node };
  const op = b.operatorToken.kind;
  if (op === SyntaxKind.AmpersandAmpersandToken) {
    return browserCheck(b.left, globals) === "present" || browserCheck(b.right, globals) === "present" ? "present" : undefined;
  }
  const equal = op === SyntaxKind.EqualsEqualsEqualsToken || op === SyntaxKind.EqualsEqualsToken;
  const unequal = op === SyntaxKind.ExclamationEqualsEqualsToken || op === SyntaxKind.ExclamationEqualsToken;
  if (!equal && !unequal) return undefined;
  const [left, right] = [skipParens(b.left), skipParens(b.right)];
  const typeofGlobal = (n: Node) => {
    if (n.kind !== SyntaxKind.TypeOfExpression) return false;
    const operand = skipParens((n as unknown as { expression: Node }).expression);
    return operand.kind === SyntaxKind.Identifier && globals.has(nameText(operand));
  };
  const literal = (n: Node) => (n.kind === SyntaxKind.StringLiteral ? (n as unknown as { text: string }).text : undefined);
  const word = typeofGlobal(left) ? literal(right) : typeofGlobal(right) ? literal(left) : undefined;
  if (word === undefined) return undefined;
  const isUndefined = word === "undefined";
  return isUndefined === equal ? "absent" : "present";
}

/**
 * The node runs only where one of `globals` exists, as the function around it says: it lies in the
 * branch of a check that the global is there (the `then` of `typeof window !== "undefined"`, the
 * `else` of its opposite), within the same function; with `guards`, also after an earlier statement
 * of a block that holds it, in the same function, that leaves when the global is absent
 * (`if (typeof window === "undefined") throw new Error(...)`, or `return`; a block that ends so;
 * the check alone or in a `||` chain). A check after the node, in a caller, or one that only logs
 * does not count.
 */
export function reachedOnlyWithGlobal(node: Node, globals: ReadonlySet<string>, guards: boolean): boolean {
  let child: Node = node;
  for (let n = node.parent; n && !isFunctionLike(n) && n.kind !== SyntaxKind.SourceFile; child = n, n = n.parent) {
    if (n.kind === SyntaxKind.IfStatement) {
      const i = n as unknown as { expression: Node; thenStatement: Node; elseStatement?: Node };
      const check = browserCheck(i.expression, globals);
      if (check === "present" && child === i.thenStatement) return true;
      if (check === "absent" && child === i.elseStatement) return true;
    } else if (guards && n.kind === SyntaxKind.Block) {
      for (const statement of (n as unknown as { statements: readonly Node[] }).statements) {
        if (statement === child) break;
        if (leavesWhenAbsent(statement, globals)) return true;
      }
    }
  }
  return false;
}

/** `if (typeof window === "undefined") throw ...` (or `return`, or a block that ends with either). */
function leavesWhenAbsent(statement: Node, globals: ReadonlySet<string>): boolean {
  if (statement.kind !== SyntaxKind.IfStatement) return false;
  const i = statement as unknown as { expression: Node; thenStatement: Node };
  if (!absentInOrChain(i.expression, globals)) return false;
  let then = i.thenStatement;
  if (then.kind === SyntaxKind.Block) {
    const statements = (then as unknown as { statements: readonly Node[] }).statements;
    then = statements[statements.length - 1] ?? then;
  }
  return then.kind === SyntaxKind.ThrowStatement || then.kind === SyntaxKind.ReturnStatement;
}

/** The condition holds whenever the global is absent: the check itself, or an operand of a `||` chain. */
function absentInOrChain(condition0: Node, globals: ReadonlySet<string>): boolean {
  const condition = skipParens(condition0);
  if (condition.kind === SyntaxKind.BinaryExpression) {
    const b = condition as unknown as { left: Node; right: Node; operatorToken: Node };
    if (b.operatorToken.kind === SyntaxKind.BarBarToken) return absentInOrChain(b.left, globals) || absentInOrChain(b.right, globals);
  }
  return browserCheck(condition, globals) === "absent";
}

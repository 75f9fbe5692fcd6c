// Checks that a browser global exists, read from the syntax tree: `typeof window !== "undefined"`
// and its opposite. Shared by floating-promise (statements in the branch of such a check) and
// missing-timeout (a function that leaves first when the global is absent). Also functions that
// read a page's globals as written, with no check (race-timeout-leak: a function that runs in a page).
import { SyntaxKind, type Node, type SourceFile } from "./typescript";
import { isFunctionLike, type FunctionLike } from "./async-context";
import { nameText, skipParens } from "./promise-syntax";
import { identifiersNamedIn } from "./identifiers-by-text";
import { enclosingFunction, textOf } from "./syntax";

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

/** `navigator`'s members in Node (a global since Node 21): reading them says nothing about a page. */
const nodeNavigatorMembers: ReadonlySet<string> = new Set(["hardwareConcurrency", "language", "languages", "platform", "userAgent", "locks"]);

/**
 * A file that checks a page global (`typeof window`) or may define one runs where it may be absent,
 * or made: it assigns a property of that name (`global.window = dom.window`, `(globalThis as any).document = ...`,
 * `g["navigator"] = ...`, `this.document = doc`) or defines a property of the global object.
 */
const checksOrDefinesPageGlobal =
  /\btypeof\s*\(?\s*(window|document|navigator)\b|[.\]]\s*(window|document|navigator)\s*=(?!=)|\[\s*["'`](window|document|navigator)["'`]\s*\]\s*=(?!=)|defineProperty\s*\(\s*(global|globalThis|self)\b/;

/** Declarations whose name node hides a global of the same name. */
const declarationKinds: ReadonlySet<SyntaxKind> = new Set([
  SyntaxKind.VariableDeclaration,
  SyntaxKind.Parameter,
  SyntaxKind.BindingElement,
  SyntaxKind.FunctionDeclaration,
  SyntaxKind.ClassDeclaration,
  SyntaxKind.ImportClause,
  SyntaxKind.ImportSpecifier,
  SyntaxKind.NamespaceImport,
]);

/** Per syntax tree, the functions whose own body reads a page global (`readsPageGlobals`). */
const pageReadersOf = new WeakMap<SourceFile, ReadonlySet<Node>>();

/**
 * The function's own body (not a function nested in it) reads a member of `window` or `document`,
 * or a member of `navigator` that Node does not define (`navigator.clipboard`, not
 * `navigator.hardwareConcurrency`), each the global: the name is declared nowhere in the file (not
 * a parameter `document` of a database helper, a `window` of a sliding window), and the file
 * neither checks any of them (`typeof window !== "undefined"`: code written for a page and Node)
 * nor defines one (`global.window = dom.window`). Node has no `window` or `document`, and no such
 * member of `navigator`: the function is written for a page, which runs it (a script handed to a
 * browser by name, a bundle), not Node.
 */
export function readsPageGlobals(fn: FunctionLike): boolean {
  const sourceFile = fn.getSourceFile();
  let readers = pageReadersOf.get(sourceFile);
  if (!readers) pageReadersOf.set(sourceFile, (readers = pageReaders(sourceFile)));
  return readers.has(fn);
}

function pageReaders(sourceFile: SourceFile): ReadonlySet<Node> {
  const readers = new Set<Node>();
  const text = sourceFile.text;
  if (checksOrDefinesPageGlobal.test(text)) return readers;
  for (const name of ["window", "document", "navigator"]) {
    if (!text.includes(name)) continue;
    const ids = identifiersNamedIn(sourceFile, name);
    if (ids.some(id => !!id.parent && declarationKinds.has(id.parent.kind) && (id.parent as unknown as { name?: Node }).name === id)) continue;
    for (const id of ids) {
      const access = id.parent;
      if (access?.kind !== SyntaxKind.PropertyAccessExpression || (access as unknown as { expression: Node }).expression !== id) continue;
      if (name === "navigator" && nodeNavigatorMembers.has(textOf((access as unknown as { name: Node }).name) ?? "")) continue;
      const fn = enclosingFunction(id);
      if (fn) readers.add(fn);
    }
  }
  return readers;
}

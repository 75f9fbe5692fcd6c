// The value a straight-line assignment gives an end's name just before the pipe. Without it every
// value the name is ever given counts (`this.socket` as the constructor stored it), though the pipe
// only ever sees the last one (`this.socket = upgrade(this.socket); this.socket.pipe(out)`).
import { SyntaxKind, type Node } from "../../analysis/typescript";
import { isFunctionLike } from "../../analysis/async-context";
import { skipOuterExpressions, textOf, isLoop, nodeField as get } from "../../analysis/syntax";
import { assignsTo, referenceKey } from "./end-names";

/** The statement lists a straight-line walk back from a statement goes through. */
function isStatementList(n: Node | undefined): boolean {
  return !!n && (n.kind === SyntaxKind.Block || n.kind === SyntaxKind.SourceFile || n.kind === SyntaxKind.CaseClause || n.kind === SyntaxKind.DefaultClause);
}

/** `key = v` or `const key = v` as a whole statement: `v`. */
function straightAssignment(statement: Node, key: string): Node | undefined {
  if (statement.kind === SyntaxKind.ExpressionStatement) {
    const x = skipOuterExpressions(get(statement, "expression"));
    if (
      x.kind === SyntaxKind.BinaryExpression &&
      get<Node>(x, "operatorToken").kind === SyntaxKind.EqualsToken &&
      referenceKey(skipOuterExpressions(get(x, "left"))) === key
    )
      return get(x, "right");
  } else if (statement.kind === SyntaxKind.VariableStatement) {
    const declarations = get<readonly Node[]>(get(statement, "declarationList"), "declarations");
    const d = declarations.find(d => textOf(get<Node>(d, "name")) === key);
    return d ? get<Node | undefined>(d, "initializer") : undefined;
  }
  return undefined;
}

/**
 * The value a straight-line assignment gives the end's name just before the pipe, in the same
 * function: `this.socket = upgrade(this.socket); this.socket.pipe(out)` pipes what `upgrade`
 * returned, not the socket the constructor stored. Undefined when a statement on the way back
 * assigns the name in a branch or a loop assigns it: then every value the name is given counts.
 */
export function latestAssignment(key: string, end: Node): Node | undefined {
  let statement: Node = end;
  while (statement.parent && !isStatementList(statement.parent)) {
    if (isFunctionLike(statement.parent)) return undefined;
    statement = statement.parent;
  }
  for (;;) {
    const list = statement.parent;
    if (!list) return undefined;
    const statements = get<readonly Node[]>(list, "statements");
    for (let i = statements.indexOf(statement) - 1; i >= 0; i--) {
      const s = statements[i]!;
      const value = straightAssignment(s, key);
      if (value) return value;
      if (assignsTo(s, key)) return undefined;
    }
    // Up through the block to the statement that holds it, within the function.
    let up: Node | undefined = list.parent;
    if (!up || list.kind === SyntaxKind.SourceFile || isFunctionLike(up)) return undefined;
    while (up && !isStatementList(up.parent)) {
      if (isFunctionLike(up)) return undefined;
      if (isLoop(up) && assignsTo(up, key)) return undefined;
      up = up.parent;
    }
    if (!up) return undefined;
    if (isLoop(up) && assignsTo(up, key)) return undefined;
    statement = up;
  }
}

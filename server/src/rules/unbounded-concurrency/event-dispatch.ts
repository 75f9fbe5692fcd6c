// A `for await` loop over events or statuses that dispatches on their kind
// (`for await (const s of status) switch (s.type) { case "reconnect": this.reset(); }`): the work
// reacts to one kind of event and carries none of its data. Events arrive one at a time over a
// connection's life, not as a batch as wide as an input; a data stream's per-item work (a row of a
// cursor, a chunk) uses the item.
import { SyntaxKind, type Node } from "../../analysis/typescript";
import { isFunctionLike } from "../../analysis/async-context";
import { contains, forEachDescendant, skipOuterExpressions, textOf, nodeField as get } from "../../analysis/syntax";
import { boundNames } from "../../analysis/binding-names";
import type { IterationScope } from "./fan-out";

/** The work is started under a test of the `for await` item's kind and does not use the item. */
export function reactsToEventKind(work: Node, scope: IterationScope): boolean {
  if (scope.kind !== "loop" || scope.node.kind !== SyntaxKind.ForOfStatement || !get<Node | undefined>(scope.node, "awaitModifier")) return false;
  const names = namesOfItem(get(scope.node, "initializer"));
  if (!names.size || mentionsAny(work, names)) return false;
  for (let n: Node | undefined = work.parent; n && n !== scope.node; n = n.parent) {
    if (isFunctionLike(n)) return false;
    if (n.kind === SyntaxKind.CaseClause) {
      const switched = n.parent?.parent;
      if (switched?.kind === SyntaxKind.SwitchStatement && readsItem(get(switched, "expression"), names)) return true;
    }
    if (n.kind === SyntaxKind.IfStatement && contains(get(n, "thenStatement"), work) && comparesItemWithLiteral(get(n, "expression"), names)) return true;
  }
  return false;
}

/** `const s`, `const { type, data }`: the names the loop binds per item. */
function namesOfItem(initializer: Node | undefined): Set<string> {
  if (initializer?.kind !== SyntaxKind.VariableDeclarationList) return new Set(boundNames(initializer));
  return new Set(get<readonly Node[]>(initializer, "declarations").flatMap(d => boundNames(get(d, "name"))));
}

function mentionsAny(node: Node, names: ReadonlySet<string>): boolean {
  if (node.kind === SyntaxKind.Identifier && names.has(textOf(node)!)) return true;
  let found = false;
  forEachDescendant(node, d => {
    if (!found && d.kind === SyntaxKind.Identifier && names.has(textOf(d)!)) found = true;
  });
  return found;
}

/** `s.type`, `s.kind`, `type` (destructured): the item, or a property of it, as read. */
function readsItem(expression: Node, names: ReadonlySet<string>): boolean {
  let e = skipOuterExpressions(expression);
  while (e.kind === SyntaxKind.PropertyAccessExpression) e = skipOuterExpressions(get(e, "expression"));
  return e.kind === SyntaxKind.Identifier && names.has(textOf(e)!);
}

const equalities = new Set<SyntaxKind>([SyntaxKind.EqualsEqualsEqualsToken, SyntaxKind.EqualsEqualsToken]);
const literals = new Set<SyntaxKind>([SyntaxKind.StringLiteral, SyntaxKind.NoSubstitutionTemplateLiteral, SyntaxKind.NumericLiteral]);

/** `s.type === "reconnect"` (either side), possibly among `||` alternatives. */
function comparesItemWithLiteral(expression: Node, names: ReadonlySet<string>): boolean {
  const e = skipOuterExpressions(expression);
  if (e.kind !== SyntaxKind.BinaryExpression) return false;
  const operator = get<Node>(e, "operatorToken").kind;
  const left = skipOuterExpressions(get(e, "left"));
  const right = skipOuterExpressions(get(e, "right"));
  if (operator === SyntaxKind.BarBarToken) return comparesItemWithLiteral(left, names) && comparesItemWithLiteral(right, names);
  if (!equalities.has(operator)) return false;
  return (readsItem(left, names) && literals.has(right.kind)) || (readsItem(right, names) && literals.has(left.kind));
}

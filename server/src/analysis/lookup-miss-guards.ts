// A throw that only reports a lookup miss for the function's argument:
//   const job = this.jobs.find(j => j.name === name);
//   if (!job) throw new Error(`Job "${name}" does not exist`);
// Like an argument check (argument-guards.ts), it fails only when the caller passes a key the
// collection does not hold, which the caller usually took from that same collection. It is no
// evidence that a call's promise rejects (may-reject.ts): on the tuning set the promise of every
// dropped call whose only throw was such a guard was judged unable to reject (5 findings, two code
// bases), while the evidence of the true findings was elsewhere.
import { SyntaxKind, type Node } from "./typescript";
import { isFunctionLike, type FunctionLike } from "./async-context";
import { methodName, nameText, skipParens } from "./promise-syntax";
import { isNullOrUndefined } from "./syntax";
import { walkPruned } from "./walk";

/** Lookups that answer "not found" with undefined: `Array#find`, `Map#get`. */
const lookupMethods = new Set(["find", "get"]);

export function isLookupMissThrow(throwNode: Node): boolean {
  let guarded: Node = throwNode;
  const parent = throwNode.parent;
  if (parent?.kind === SyntaxKind.Block && (parent as unknown as { statements: readonly Node[] }).statements.length === 1) guarded = parent;
  const ifStatement = guarded.parent as (Node & { expression: Node; thenStatement: Node; elseStatement?: Node }) | undefined;
  if (!ifStatement || ifStatement.kind !== SyntaxKind.IfStatement || ifStatement.thenStatement !== guarded || ifStatement.elseStatement) return false;
  const missing = missingName(ifStatement.expression);
  if (!missing) return false;
  // In the function's straight-line code (blocks and ifs), not inside a loop or a callback.
  const block = ifStatement.parent;
  if (!block || block.kind !== SyntaxKind.Block) return false;
  let fn: Node | undefined = block;
  while (fn && !isFunctionLike(fn)) {
    if (fn.kind !== SyntaxKind.Block && fn.kind !== SyntaxKind.IfStatement) return false;
    fn = fn.parent;
  }
  if (!fn) return false;
  const parameters = parameterNames(fn as FunctionLike);
  if (!parameters.size) return false;
  const statements = (block as unknown as { statements: readonly Node[] }).statements;
  const at = statements.indexOf(ifStatement);
  for (let i = at - 1; i >= 0; i--) {
    const lookup = lookupDeclaring(statements[i]!, missing);
    if (lookup === undefined) continue;
    return !!lookup && readsAny(lookup, parameters);
  }
  return false;
}

/** `!x`, `x === undefined`, `x == null`, `x === null` (either side): the name x. */
function missingName(condition0: Node): string | undefined {
  const condition = skipParens(condition0);
  if (condition.kind === SyntaxKind.PrefixUnaryExpression) {
    const u = condition as unknown as { operator: SyntaxKind; operand: Node };
    const operand = skipParens(u.operand);
    return u.operator === SyntaxKind.ExclamationToken && operand.kind === SyntaxKind.Identifier ? nameText(operand) : undefined;
  }
  if (condition.kind !== SyntaxKind.BinaryExpression) return undefined;
  const b = condition as unknown as { left: Node; right: Node; operatorToken: Node };
  const op = b.operatorToken.kind;
  if (op !== SyntaxKind.EqualsEqualsEqualsToken && op !== SyntaxKind.EqualsEqualsToken) return undefined;
  const [left, right] = [skipParens(b.left), skipParens(b.right)];
  if (left.kind === SyntaxKind.Identifier && isNullOrUndefined(right)) return nameText(left);
  if (right.kind === SyntaxKind.Identifier && isNullOrUndefined(left)) return nameText(right);
  return undefined;
}

/**
 * For a `const name = recv.find(...)`/`.get(...)` statement: the lookup call; `null` when the
 * statement declares `name` otherwise; undefined when it does not declare it.
 */
function lookupDeclaring(statement: Node, name: string): Node | null | undefined {
  if (statement.kind !== SyntaxKind.VariableStatement) return undefined;
  const list = (statement as unknown as { declarationList: { declarations: readonly (Node & { name: Node; initializer?: Node })[] } }).declarationList;
  const d = list.declarations.find(x => x.name.kind === SyntaxKind.Identifier && nameText(x.name) === name);
  if (!d) return undefined;
  const init = d.initializer && skipParens(d.initializer);
  if (!init || init.kind !== SyntaxKind.CallExpression) return null;
  const method = methodName((init as unknown as { expression: Node }).expression);
  return method && lookupMethods.has(method) ? init : null;
}

function parameterNames(fn: FunctionLike): Set<string> {
  const names = new Set<string>();
  for (const p of (fn as unknown as { parameters: readonly { name: Node }[] }).parameters) {
    if (p.name.kind === SyntaxKind.Identifier) names.add(nameText(p.name));
  }
  return names;
}

/** Whether the lookup's arguments (a key, or a predicate's body) read one of the names. */
function readsAny(call: Node, names: Set<string>): boolean {
  let found = false;
  for (const arg of (call as unknown as { arguments: readonly Node[] }).arguments) {
    walkPruned(
      arg,
      n => {
        if (found) return "stop";
        if (n.kind === SyntaxKind.Identifier && names.has(nameText(n))) {
          found = true;
          return "stop";
        }
        return true;
      },
      true,
    );
  }
  return found;
}

// A fallback for a Node that lacks one of its own APIs: `if (tls.TLSSocket) { ... } else { /* pre-0.11 */
// ... }`, `if (!stream.pipeline) { ... }`, `typeof zlib.createGzip === "function" ? a : b`. When the
// member the code tests is declared in Node's typings, every Node the project can run on has it,
// so the fallback branch never runs: what it does is not a finding of any rule. Only functions and
// classes count: a value such as `cluster.isPrimary` or `worker_threads.isMainThread` is a switch
// between two branches that both run. Read in two phases like a rule: `featureTestedMember` in
// visit, then `needNodeMember` on the member it returns; the answer in decide with `isNodeMember`.
import { isBuiltin } from "node:module";
import { SignatureKind, SyntaxKind, type Node } from "./typescript";
import type { ModuleBindings } from "./module-bindings";
import { skipOuterExpressions, stringLiteralText, textOf, nodeField as get } from "./syntax";
import type { FileAnalysis } from "../rules/rule";

const nodeTypings = /\/@types\/node\//;

/**
 * The member name of a Node module (`TLSSocket` of `tls.TLSSocket`) whose absence an enclosing `if`
 * or `?:` tests for, when `node` sits in the branch that runs only without it. Undefined otherwise.
 */
export function featureTestedMember(node: Node, bindings: ModuleBindings): Node | undefined {
  for (let child: Node = node, n = node.parent; n; child = n, n = n.parent) {
    let test: Node | undefined;
    let inWhenTrue: boolean;
    if (n.kind === SyntaxKind.IfStatement) {
      if (get(n, "expression") === child) continue;
      test = get(n, "expression");
      inWhenTrue = get(n, "thenStatement") === child;
    } else if (n.kind === SyntaxKind.ConditionalExpression) {
      if (get(n, "condition") === child) continue;
      test = get(n, "condition");
      inWhenTrue = get(n, "whenTrue") === child;
    } else continue;
    const tested = testedMember(test!, bindings);
    // The branch taken when the member is missing: the `else` of `if (m.x)`, the `then` of `if (!m.x)`.
    if (tested && tested.present !== inWhenTrue) return tested.name;
  }
  return undefined;
}

/** Phase 1 for `isNodeMember`. */
export function needNodeMember(fa: FileAnalysis, name: Node): void {
  fa.queries.needSymbol(name);
  fa.queries.needType(name);
}

/** Phase 2: the member is a function or class declared in Node's typings (so every supported Node has it). */
export function isNodeMember(fa: FileAnalysis, name: Node): boolean {
  const symbol = fa.queries.symbolOf(name);
  const where = symbol ? fa.queries.declarationOf(symbol) : undefined;
  const type = fa.queries.typeOf(name);
  if (!where || !nodeTypings.test(where.fileName) || !type) return false;
  const checker = fa.queries.checker;
  return checker.getSignaturesOfType(type, SignatureKind.Call).length > 0 || checker.getSignaturesOfType(type, SignatureKind.Construct).length > 0;
}

/** `m.x`, `!m.x`, `typeof m.x === "function"` (and `!==`, `"undefined"`): the member and whether the test is true when it exists. */
function testedMember(test: Node, bindings: ModuleBindings): { name: Node; present: boolean } | undefined {
  const t = skipOuterExpressions(test);
  if (t.kind === SyntaxKind.PrefixUnaryExpression && get<number>(t, "operator") === SyntaxKind.ExclamationToken) {
    const inner = testedMember(get(t, "operand"), bindings);
    return inner && { name: inner.name, present: !inner.present };
  }
  if (t.kind === SyntaxKind.PropertyAccessExpression) {
    const name = moduleMember(t, bindings);
    return name && { name, present: true };
  }
  if (t.kind === SyntaxKind.BinaryExpression) {
    const operator = get<Node>(t, "operatorToken").kind;
    const equal = operator === SyntaxKind.EqualsEqualsEqualsToken || operator === SyntaxKind.EqualsEqualsToken;
    const notEqual = operator === SyntaxKind.ExclamationEqualsEqualsToken || operator === SyntaxKind.ExclamationEqualsToken;
    if (!equal && !notEqual) return undefined;
    let typeofSide = skipOuterExpressions(get(t, "left"));
    let other = skipOuterExpressions(get(t, "right"));
    if (typeofSide.kind !== SyntaxKind.TypeOfExpression) [typeofSide, other] = [other, typeofSide];
    if (typeofSide.kind !== SyntaxKind.TypeOfExpression) return undefined;
    const kind = stringLiteralText(other);
    if (kind !== "function" && kind !== "undefined") return undefined;
    const operand = skipOuterExpressions(get(typeofSide, "expression"));
    const name = operand.kind === SyntaxKind.PropertyAccessExpression ? moduleMember(operand, bindings) : undefined;
    // `typeof m.x === "function"` and `!== "undefined"` hold when it exists.
    return name && { name, present: (kind === "function") === equal };
  }
  return undefined;
}

/** `m.x` where `m` is the file's binding of a whole built-in module (`const tls = require("tls")`). */
function moduleMember(access: Node, bindings: ModuleBindings): Node | undefined {
  const receiver = skipOuterExpressions(get(access, "expression"));
  if (receiver.kind !== SyntaxKind.Identifier) return undefined;
  const binding = bindings.forLocalName(textOf(receiver)!);
  if (!binding || binding.imported !== "*" || !isBuiltin(binding.module)) return undefined;
  return get(access, "name");
}

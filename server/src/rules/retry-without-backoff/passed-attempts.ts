// A fallback walk through a helper that is handed the attempt as a function. The loop's own reads
// already tell a walk through alternatives from a retry (index.ts: the attempt reads what the loop
// changes, `this.transport = create(next)` in the catch block); when the helper only calls its
// parameter (`return await action()`), what the attempt reads is in the functions its callers pass.
// Found on real code (session 36, round 49): an SDK client's `#executeWithFallback(action)` whose
// catch goes round only on a protocol-negotiation error, after replacing `this.#transport` with a
// new transport on a lower protocol version (and throws when the version would not change); every
// caller passes `() => this.#transport.toolGet(...)`. Each round talks through another transport:
// a negotiation, not a retry of the same failing call.
//
// Read only where every caller is known and shares the instance: the helper is a private method of
// its class (`#name`, or TypeScript's `private`), not static, every mention of it in the class is a
// call on `this` (`this.#run(() => ...)`, no other use: passed as a value, called on another object),
// and each passes, in the parameter's place, an arrow function written there (whose `this` is the
// same instance) that reads a field of `this` the loop assigns. A loop with no limit must not
// assign the field through `%` (an index that wraps round comes back to the same alternatives).
import { SyntaxKind, type Node } from "../../analysis/typescript";
import { isFunctionLike } from "../../analysis/async-context";
import { enclosingFunction, isPrivateMember, isStaticMember, skipOuterExpressions, textOf, nodeField as get } from "../../analysis/syntax";
import { forEachNode } from "../../analysis/io/unknown-call-hints";
import { targetText, type RetryLoop } from "./retry-loops";

/** The awaited call runs a function the helper was given, and every caller's function goes through a field of `this` the loop replaces. */
export function attemptsThroughReplacedFields(retry: RetryLoop, awaitedExpression: Node): boolean {
  const call = skipOuterExpressions(awaitedExpression);
  if (call.kind !== SyntaxKind.CallExpression) return false;
  const callee = skipOuterExpressions(get(call, "expression"));
  if (callee.kind !== SyntaxKind.Identifier) return false;
  const helper = enclosingFunction(retry.loop);
  if (!helper || helper.kind !== SyntaxKind.MethodDeclaration || !isPrivateMember(helper) || isStaticMember(helper)) return false;
  const cls = helper.parent;
  if (cls?.kind !== SyntaxKind.ClassDeclaration && cls?.kind !== SyntaxKind.ClassExpression) return false;
  const methodName = textOf(get(helper, "name"));
  const index = get<readonly Node[]>(helper, "parameters").findIndex(p => textOf(get(p, "name")) === textOf(callee));
  if (!methodName || index < 0) return false;
  // The fields the loop gives new values (`this.#transport = ...`), and not through `%` when it has no limit.
  const replaced = new Set([...retry.mutated].filter(key => key.startsWith("this.") && (retry.bounded || !assignedModulo(retry, key))));
  if (replaced.size === 0) return false;
  const mentions: Node[] = [];
  forEachNode(cls, n => {
    if (n !== get(helper, "name") && (n.kind === SyntaxKind.Identifier || n.kind === SyntaxKind.PrivateIdentifier) && textOf(n) === methodName)
      mentions.push(n);
  });
  if (mentions.length === 0) return false;
  return mentions.every(name => {
    const access = name.parent;
    if (access?.kind !== SyntaxKind.PropertyAccessExpression || get(access, "name") !== name) return false;
    if (skipOuterExpressions(get(access, "expression")).kind !== SyntaxKind.ThisKeyword) return false;
    const use = access.parent;
    if (use?.kind !== SyntaxKind.CallExpression || get(use, "expression") !== access) return false;
    if (!sameInstance(use, cls)) return false;
    const passed = get<readonly Node[]>(use, "arguments")[index];
    const work = passed ? skipOuterExpressions(passed) : undefined;
    if (work?.kind !== SyntaxKind.ArrowFunction) return false;
    let reads = false;
    forEachNode(get(work, "body"), n => {
      if (n.kind === SyntaxKind.PropertyAccessExpression && replaced.has(targetText(n) ?? "")) reads = true;
    });
    return reads;
  });
}

/** `this` at the node is the instance of the class: inside a non-static member, through arrow functions only. */
function sameInstance(node: Node, cls: Node): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (n.parent === cls) return !isStaticMember(n);
    if (isFunctionLike(n) && n.kind !== SyntaxKind.ArrowFunction) return false;
  }
  return false;
}

/** The loop gives the field a value through `%` (`this.i = (this.i + 1) % n`, `this.i %= n`). */
function assignedModulo(retry: RetryLoop, key: string): boolean {
  let modulo = false;
  for (const a of retry.assignments.get(key) ?? []) {
    if (get<Node>(a, "operatorToken").kind === SyntaxKind.PercentEqualsToken) modulo = true;
    forEachNode(get(a, "right"), n => {
      if (n.kind === SyntaxKind.BinaryExpression && get<Node>(n, "operatorToken").kind === SyntaxKind.PercentToken) modulo = true;
    });
  }
  return modulo;
}

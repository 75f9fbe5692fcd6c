// Whether an interval's callback visibly cannot reject: its awaits and throws sit in a
// try/catch that does not rethrow, it returns a `.catch(...)` chain, or it calls a function of
// this file that does one of those. Syntax only, and this file only: whatever is not shown to
// settle is taken as able to reject. (floating-promise's may-reject summary answers the same
// question across files, but a rule folder does not import another's.)
import { SyntaxKind, type CallExpression, type Node } from "../../analysis/typescript";
import { isAsyncFunction, isFunctionLike, type FunctionLike } from "../../analysis/async-context";
import { skipOuterExpressions, textOf } from "../../analysis/syntax";

const maxDepth = 3;

export function cannotReject(fn: FunctionLike, depth = 0): boolean {
  const body = fn.body;
  if (!body || depth > maxDepth) return false;
  if (body.kind !== SyntaxKind.Block) return expressionSettles(body, depth);
  const async = isAsyncFunction(fn);
  let settles = true;
  const stack: { node: Node; caught: boolean }[] = [{ node: body, caught: false }];
  while (stack.length && settles) {
    const { node, caught } = stack.pop()!;
    if (isFunctionLike(node)) continue;
    if (node.kind === SyntaxKind.ReturnStatement) {
      const value = (node as unknown as { expression?: Node }).expression;
      if (value && !caught && !(async ? awaitedSettles(value, depth) : expressionSettles(value, depth))) settles = false;
    }
    if (async && !caught && (node.kind === SyntaxKind.AwaitExpression || node.kind === SyntaxKind.ThrowStatement)) {
      if (!(node.kind === SyntaxKind.AwaitExpression && awaitedSettles(node, depth))) settles = false;
    }
    if (node.kind === SyntaxKind.TryStatement) {
      const { tryBlock, catchClause, finallyBlock } = node as unknown as { tryBlock: Node; catchClause?: Node; finallyBlock?: Node };
      const catches = !!catchClause && !containsOwn(catchClause, SyntaxKind.ThrowStatement) && !containsOwn(catchClause, SyntaxKind.AwaitExpression);
      stack.push({ node: tryBlock, caught: caught || catches });
      if (catchClause) stack.push({ node: catchClause, caught });
      if (finallyBlock) stack.push({ node: finallyBlock, caught });
      continue;
    }
    node.forEachChild(c => void stack.push({ node: c, caught }));
  }
  return settles;
}

/** An awaited value: a variable may hold any promise (one that rejects), so only a visible settling expression counts. */
function awaitedSettles(value: Node, depth: number): boolean {
  const v = skipOuterExpressions(value);
  if (v.kind !== SyntaxKind.AwaitExpression) return expressionSettles(v, depth);
  const awaited = skipOuterExpressions((v as unknown as { expression: Node }).expression);
  return (
    awaited.kind !== SyntaxKind.Identifier &&
    awaited.kind !== SyntaxKind.PropertyAccessExpression &&
    awaited.kind !== SyntaxKind.ElementAccessExpression &&
    expressionSettles(awaited, depth)
  );
}

/** `p.catch(f)`, `Promise.resolve()`, a call of a function of this file that settles, a value that is no promise. */
function expressionSettles(expression: Node, depth: number): boolean {
  const e = skipOuterExpressions(expression);
  if (e.kind === SyntaxKind.AwaitExpression) return expressionSettles((e as unknown as { expression: Node }).expression, depth);
  if (e.kind === SyntaxKind.VoidExpression || e.kind === SyntaxKind.Identifier || e.kind === SyntaxKind.ThisKeyword) return true;
  if (e.kind !== SyntaxKind.CallExpression)
    return e.kind !== SyntaxKind.NewExpression && e.kind !== SyntaxKind.ConditionalExpression && e.kind !== SyntaxKind.BinaryExpression;
  const callee = skipOuterExpressions((e as CallExpression).expression);
  const name = textOf(callee.kind === SyntaxKind.PropertyAccessExpression ? (callee as unknown as { name: Node }).name : callee);
  if (!name) return false;
  if (callee.kind === SyntaxKind.PropertyAccessExpression) {
    const receiver = skipOuterExpressions((callee as unknown as { expression: Node }).expression);
    if (name === "catch" && (e as CallExpression).arguments.length > 0) return true;
    if (name === "resolve" && /(^|\.)Promise$/.test(receiver.getText())) return true;
    if (receiver.kind !== SyntaxKind.ThisKeyword) return false;
  }
  const declaration = declaredInFile(e, name);
  return !!declaration && cannotReject(declaration, depth + 1);
}

/** The function or method of this file named `name` (the one a `this.name()` or `name()` call most likely reaches). */
function declaredInFile(from: Node, name: string): FunctionLike | undefined {
  let found: FunctionLike | undefined;
  let count = 0;
  const stack: Node[] = [from.getSourceFile()];
  while (stack.length) {
    const node = stack.pop()!;
    if (textOf((node as unknown as { name?: Node }).name) === name) {
      const fn = isFunctionLike(node) ? node : (node as unknown as { initializer?: Node }).initializer;
      const inner = fn && skipOuterExpressions(fn);
      if (inner && isFunctionLike(inner)) {
        found = inner as FunctionLike;
        count++;
      }
    }
    node.forEachChild(c => void stack.push(c));
  }
  // Two declarations of the name (two classes with a `flush`): which one runs is not known here.
  return count === 1 ? found : undefined;
}

function containsOwn(root: Node, kind: SyntaxKind): boolean {
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node !== root && isFunctionLike(node)) continue;
    if (node.kind === kind) return true;
    node.forEachChild(c => void stack.push(c));
  }
  return false;
}

/** The callback as written: a function, or a name of this file's function (`poll`, `this.poll`, `this.poll.bind(this)`). */
export function callbackCannotReject(callback: Node): boolean {
  let c = skipOuterExpressions(callback);
  if (isFunctionLike(c)) return cannotReject(c as FunctionLike);
  if (c.kind === SyntaxKind.CallExpression) {
    const callee = skipOuterExpressions((c as CallExpression).expression);
    if (callee.kind !== SyntaxKind.PropertyAccessExpression || textOf((callee as unknown as { name: Node }).name) !== "bind") return false;
    c = skipOuterExpressions((callee as unknown as { expression: Node }).expression);
  }
  const name =
    c.kind === SyntaxKind.Identifier
      ? textOf(c)
      : c.kind === SyntaxKind.PropertyAccessExpression &&
          skipOuterExpressions((c as unknown as { expression: Node }).expression).kind === SyntaxKind.ThisKeyword
        ? textOf((c as unknown as { name: Node }).name)
        : undefined;
  const declaration = name ? declaredInFile(c, name) : undefined;
  return !!declaration && cannotReject(declaration);
}

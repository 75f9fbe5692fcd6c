// Tree walking without recursion: generated code can nest expressions thousands deep, and a
// recursive walk would overflow the stack on it. Every walk polls the file's lint budget
// (lint-budget.ts): rules walk subtrees from inside their visits, where time can run away.
import { checkLintBudget } from "./lint-budget";
import type { Node } from "./typescript";

/** Calls `visit` for every node below `root` (root included), parents before children, in source order. */
export function walk(root: Node, visit: (node: Node) => void): void {
  const stack: Node[] = [root];
  const push = (child: Node) => {
    stack.push(child);
  };
  while (stack.length) {
    const node = stack.pop()!;
    checkLintBudget();
    visit(node);
    pushChildren(stack, node, push);
  }
}

/**
 * Pushes the node's children onto the stack so that the first child is popped first: pushed in
 * source order, then that stretch reversed in place (truncating a scratch array once per node
 * cost more than the walk itself on big files).
 */
function pushChildren(stack: Node[], node: Node, push: (child: Node) => void): void {
  const from = stack.length;
  node.forEachChild(push);
  for (let i = from, j = stack.length - 1; i < j; i++, j--) {
    const first = stack[i]!;
    stack[i] = stack[j]!;
    stack[j] = first;
  }
}

/** The nearest ancestor (not the node itself) that satisfies the test. */
export function findAncestor<T extends Node>(node: Node, test: (n: Node) => n is T): T | undefined {
  for (let n = node.parent; n; n = n.parent) if (test(n)) return n;
  return undefined;
}

/**
 * Walks the nodes below `root` (and `root` itself with `includeRoot`), parents before children,
 * in source order, without recursion. `visit` returns false to skip the node's children, or
 * "stop" to end the walk.
 */
export function walkPruned(root: Node, visit: (node: Node) => boolean | "stop", includeRoot = false): void {
  const stack: Node[] = [];
  const push = (child: Node) => {
    stack.push(child);
  };
  const expand = (node: Node) => pushChildren(stack, node, push);
  if (includeRoot) stack.push(root);
  else expand(root);
  while (stack.length) {
    const node = stack.pop()!;
    checkLintBudget();
    const next = visit(node);
    if (next === "stop") return;
    if (next) expand(node);
  }
}

// Phase 1's pass over a file: each visitor gets the nodes of the kinds it declares (or every
// node), in document order, parents first. When every visitor declares its kinds, the nodes are
// found without walking the tree (typescript/node-scan.ts); otherwise one walk serves all.
import { forEachNodeOfKind, kindSet, type Node, type SourceFile, type SyntaxKind } from "./typescript";
import { checkLintBudget } from "./lint-budget";
import { walk } from "./walk";

export interface NodeVisitor {
  visit?(node: Node): void;
  visitKinds?: readonly SyntaxKind[];
}

/**
 * Calls `deliver(node, i)` for visitor `i` and each node it wants. When `deliver` returns false
 * the visitor gets no more nodes (a rule that crashed).
 */
/**
 * The lookups of the kind lists visitors declare, made once: every file's pass asks for the same
 * few lists (a rule's instance per file declares the same kinds), and a lookup is only read.
 */
const kindSets = new Map<string, Uint8Array>();
function kindSetOf(kinds: readonly SyntaxKind[]): Uint8Array {
  const key = kinds.join(",");
  let set = kindSets.get(key);
  if (!set) kindSets.set(key, (set = kindSet(kinds)));
  return set;
}

export function visitNodes(sourceFile: SourceFile, visitors: readonly NodeVisitor[], deliver: (node: Node, visitor: number) => boolean): void {
  const active = visitors.map(v => !!v.visit);
  if (!active.some(Boolean)) return;
  const wants = visitors.map(v => (v.visitKinds ? kindSetOf(v.visitKinds) : undefined));
  const send = (node: Node) => {
    checkLintBudget();
    // Read once: each read decodes the node's row in the syntax tree's table.
    const kind = node.kind;
    for (let i = 0; i < visitors.length; i++) {
      if (!active[i]) continue;
      const w = wants[i];
      if (w && !w[kind]) continue;
      if (!deliver(node, i)) active[i] = false;
    }
  };
  if (wants.every((w, i) => w || !active[i])) {
    const union = kindSetOf(visitors.flatMap(v => (v.visit ? (v.visitKinds ?? []) : [])));
    forEachNodeOfKind(sourceFile, union, send);
  } else {
    walk(sourceFile, send);
  }
}

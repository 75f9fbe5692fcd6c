// A block's samples as a call tree (issue 2.1, "what ran during a block, not one frame"): each
// sampled stack, outermost frame first, adds the time it stands for to every node on its path and
// to the innermost one's self time. Bounded: at most `maxDepth` frames per path (the innermost
// ones, where the time is spent: the outer part becomes one "…" node) and branches under
// `minShare` of the block merged into one "(other)" per parent, so a tree stays small in the trace.
import type { CallTreeNode, SourceLocation } from "../../../protocol/src/trace";
import type { WireFrame } from "../../../protocol/src/tracer-wire";
import type { WeightedStack } from "./stacks";

export interface CallTreeLimits {
  maxDepth: number;
  minShare: number;
  maxNodes: number;
}
export const defaultCallTreeLimits: CallTreeLimits = { maxDepth: 24, minShare: 0.01, maxNodes: 150 };

interface Building {
  node: CallTreeNode;
  us: number;
  selfUs: number;
  kids: Map<string, Building>;
}

const round = (us: number) => Math.round(us) / 1e3;

export function callTree(
  samples: readonly WeightedStack[],
  map: (frame: WireFrame) => SourceLocation,
  limits: CallTreeLimits = defaultCallTreeLimits,
): CallTreeNode | undefined {
  const root: Building = { node: { fn: "(block)", totalMs: 0, selfMs: 0 }, us: 0, selfUs: 0, kids: new Map() };
  let any = false;
  for (const { stack, us } of samples) {
    if (!stack.length || !(us >= 0)) continue;
    any = true;
    // Stacks are innermost first.
    const outerFirst = [...stack].reverse();
    const cut = outerFirst.length > limits.maxDepth ? outerFirst.length - limits.maxDepth : 0;
    let at = root;
    at.us += us;
    if (cut) at = child(at, "…", () => ({ fn: `… ${cut} outer ${cut === 1 ? "frame" : "frames"}` }), us);
    for (const frame of outerFirst.slice(cut)) {
      at = child(
        at,
        `${frame.fn}\u0000${frame.file}\u0000${frame.line}\u0000${frame.col}`,
        () => {
          const s = map(frame);
          return { fn: s.functionName || "(anonymous)", file: s.file, line: s.line, column: s.column };
        },
        us,
      );
    }
    at.selfUs += us;
  }
  if (!any) return undefined;
  const budget = { nodes: limits.maxNodes };
  return finish(root, Math.max(root.us * limits.minShare, 1), budget);
}

function child(parent: Building, key: string, make: () => Omit<CallTreeNode, "totalMs" | "selfMs">, us: number): Building {
  let kid = parent.kids.get(key);
  if (!kid) parent.kids.set(key, (kid = { node: { ...make(), totalMs: 0, selfMs: 0 }, us: 0, selfUs: 0, kids: new Map() }));
  kid.us += us;
  return kid;
}

function finish(b: Building, minUs: number, budget: { nodes: number }): CallTreeNode {
  budget.nodes--;
  const node: CallTreeNode = { ...b.node, totalMs: round(b.us), selfMs: round(b.selfUs) };
  const kids = [...b.kids.values()].sort((x, y) => y.us - x.us);
  const children: CallTreeNode[] = [];
  let otherUs = 0;
  for (const kid of kids) {
    if (kid.us < minUs || budget.nodes <= 1) {
      otherUs += kid.us;
      continue;
    }
    children.push(finish(kid, minUs, budget));
  }
  if (otherUs > 0) {
    budget.nodes--;
    children.push({ fn: "(other)", totalMs: round(otherUs), selfMs: round(otherUs) });
  }
  if (children.length) node.children = children;
  return node;
}

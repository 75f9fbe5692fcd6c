// A block's call tree (args.callTree, written by the recorder) laid out as a flame chart: one bar
// per node, the root's children at depth 0, each bar as wide as its share of the block and placed
// after its elder siblings under its parent. Pure and defensive: the tree comes from a trace file
// (anything may be in it), so every node is checked and the layout is bounded.
import type { SourceLocation } from "../../protocol/src/trace";

export interface FlameBar {
  depth: number;
  /** Share of the block (0..1) left of the bar, and its width. */
  x: number;
  width: number;
  fn: string;
  source?: SourceLocation;
  totalMs: number;
  selfMs: number;
}

export interface Flame {
  bars: FlameBar[];
  depth: number;
  totalMs: number;
}

const MAX_BARS = 400;
const MAX_DEPTH = 64;
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const ms = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : 0);

export function flameOf(tree: unknown): Flame | undefined {
  if (!isObj(tree)) return undefined;
  const totalMs = ms(tree.totalMs);
  if (!(totalMs > 0) || !Array.isArray(tree.children)) return undefined;
  const bars: FlameBar[] = [];
  let depth = 0;
  // Iterative (a hostile tree may nest deeper than the stack): [node, depth, x].
  const todo: Array<[unknown[], number, number]> = [[tree.children, 0, 0]];
  while (todo.length && bars.length < MAX_BARS) {
    const [children, d, startX] = todo.pop()!;
    if (d >= MAX_DEPTH) continue;
    let x = startX;
    for (const c of children) {
      if (!isObj(c) || bars.length >= MAX_BARS) continue;
      const total = Math.min(ms(c.totalMs), totalMs);
      const width = Math.min(total / totalMs, 1 - x);
      if (!(width > 0)) continue;
      const fn = typeof c.fn === "string" && c.fn ? c.fn.slice(0, 200) : "(anonymous)";
      const source =
        typeof c.file === "string" && c.file && typeof c.line === "number" && c.line >= 1
          ? { file: c.file, line: Math.floor(c.line), column: typeof c.column === "number" && c.column >= 1 ? Math.floor(c.column) : 1, functionName: fn }
          : undefined;
      bars.push({ depth: d, x, width, fn, ...(source ? { source } : {}), totalMs: total, selfMs: Math.min(ms(c.selfMs), total) });
      depth = Math.max(depth, d + 1);
      if (Array.isArray(c.children)) todo.push([c.children, d + 1, x]);
      x += width;
    }
  }
  return bars.length ? { bars, depth, totalMs } : undefined;
}

export interface FlameRect {
  x: number;
  y: number;
  w: number;
  h: number;
  bar: FlameBar;
}

/**
 * The flame's bars under a block drawn at `box` (track-area pixels): each bar spans its share of
 * the block's width, one `barHeight` per depth below the block. Bars narrower than a pixel are
 * left out (they would be noise; the details panel lists them).
 */
export function flameRectsUnder(flame: Flame, box: { x: number; y: number; w: number; h: number }, barHeight: number): FlameRect[] {
  const top = box.y + box.h + 1;
  return flame.bars
    .map(bar => ({ x: box.x + bar.x * box.w, y: top + bar.depth * barHeight, w: bar.width * box.w, h: barHeight - 1, bar }))
    .filter(r => r.w >= 1);
}

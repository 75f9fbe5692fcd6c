// Choosing what to show for a block (which sampled stack, which frame is "the program's") and
// the short names used in the trace.

import type { WireFrame } from "../../../protocol/src/tracer-wire";
import type { SourceLocation } from "../../../protocol/src/trace";

/** A sampled stack and the time (µs) it stands for. */
export interface WeightedStack {
  stack: WireFrame[];
  us: number;
}

/**
 * Where the samples were: per call path of the program's own frames (file:line of each, Node's
 * frames left out, so a helper called from two places counts twice), the time it stands for,
 * most first (ties: seen most often, then first).
 */
export function hotspots(samples: WeightedStack[]): Array<{ frame: WireFrame; path: WireFrame[]; stack: WireFrame[]; us: number; n: number }> {
  const byPath = new Map<string, { frame: WireFrame; path: WireFrame[]; stack: WireFrame[]; us: number; n: number }>();
  for (const { stack, us } of samples) {
    const own = stack.filter(f => !isNodeInternal(f.file));
    const path = own.length ? own : stack.slice(0, 1);
    if (!path.length) continue;
    const key = path.map(f => `${f.file}:${f.line}`).join("<");
    const spot = byPath.get(key);
    if (spot) {
      spot.us += us;
      spot.n++;
    } else {
      byPath.set(key, { frame: path[0]!, path, stack, us, n: 1 });
    }
  }
  return [...byPath.values()].sort((a, b) => b.us - a.us || b.n - a.n);
}

/** The stack whose call path stands for the most time (ties: seen most often, then earliest). */
export function chooseStack(samples: WeightedStack[]): WireFrame[] | undefined {
  return hotspots(samples)[0]?.stack;
}

const isNodeInternal = (file: string) => file.startsWith("node:") || file.startsWith("internal/");

/** Innermost frame of the program's own code: outside Node and, when possible, outside node_modules. */
export function userFrame(stack: SourceLocation[]): SourceLocation | undefined {
  const own = stack.filter(f => !isNodeInternal(f.file));
  return own.find(f => !f.file.includes("/node_modules/")) ?? own[0] ?? stack[0];
}

export function shortFile(file: string): string {
  const parts = file.split(/[\\/]/);
  return parts[parts.length - 1] || file;
}

export function processLabel(argv: string[]): string {
  const [exe, script, ...rest] = argv;
  const name = script ? shortFile(script) : shortFile(exe ?? "node");
  return ["node", name, ...rest.slice(0, 3)].join(" ").slice(0, 80);
}

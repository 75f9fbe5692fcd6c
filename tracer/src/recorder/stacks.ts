// Choosing what to show for a block (which sampled stack, which frame is "the program's") and
// the short names used in the trace.

import type { WireFrame } from "../../../protocol/src/tracer-wire";
import type { SourceLocation } from "../../../protocol/src/trace";

/** The stack whose innermost user frame was seen most often (ties: the earliest). */
export function chooseStack(stacks: WireFrame[][]): WireFrame[] | undefined {
  if (!stacks.length) return undefined;
  const counts = new Map<string, { n: number; stack: WireFrame[] }>();
  for (const stack of stacks) {
    const f = userWireFrame(stack);
    const key = f ? `${f.file}:${f.line}` : "";
    const c = counts.get(key);
    if (c) c.n++;
    else counts.set(key, { n: 1, stack });
  }
  let best: { n: number; stack: WireFrame[] } | undefined;
  for (const c of counts.values()) if (!best || c.n > best.n) best = c;
  return best?.stack;
}

const isNodeInternal = (file: string) => file.startsWith("node:") || file.startsWith("internal/");

function userWireFrame(stack: WireFrame[]): WireFrame | undefined {
  return stack.find(f => !isNodeInternal(f.file));
}

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

// Uncaught exceptions, per thread, through 'uncaughtExceptionMonitor': a listener there is only
// told, it does not handle the error, so the program crashes (or not) exactly as it would.
// For a worker this is how its error reaches the trace, since the tracer never listens for a
// Worker's 'error' event. The batch is flushed right away: a dying worker may get no exit hook.

import type { TracerContext } from "../context";
import type { WireFrame } from "../../../protocol/src/tracer-wire";
import { nowUs } from "../clock";
import { guard } from "../safe";

const FRAME = /\(?((?:file:\/\/)?\/[^():]+|node:[^():]+):(\d+):(\d+)\)?$/;

function firstFrame(stack: unknown): WireFrame | undefined {
  if (typeof stack !== "string") return undefined;
  for (const line of stack.split("\n").slice(1, 12)) {
    const m = line.trim().match(FRAME);
    if (m && !m[1]!.startsWith("node:")) {
      const fn =
        line
          .trim()
          .replace(/^at\s+/, "")
          .split(" (")[0] ?? "";
      return { fn: fn.includes("/") ? "" : fn, file: m[1]!, line: Number(m[2]), col: Number(m[3]) };
    }
  }
  return undefined;
}

export function startUncaught(ctx: TracerContext): void {
  process.on(
    "uncaughtExceptionMonitor",
    guard((error: unknown, origin: string) => {
      const err = error as { message?: unknown; stack?: unknown } | undefined;
      const site = firstFrame(err?.stack);
      ctx.send({ t: "uncaught", ts: nowUs(), message: String(err?.message ?? error).slice(0, 500), origin: String(origin), ...(site ? { site } : {}) });
      ctx.transport.flush();
    }),
  );
}

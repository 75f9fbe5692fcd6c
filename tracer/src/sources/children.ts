// Child processes: every spawn/fork/exec*/execFile goes through ChildProcess.prototype.spawn, so
// one wrapper there sees them all with their call site. Exit and error are seen by overriding the
// instance's `emit` (no listeners added). Node children inherit NODE_OPTIONS and the LOOPSCOPE_*
// variables, load the tracer themselves and appear as their own process, linked by pid.
// spawnSync/execSync don't create a ChildProcess: they show up as blocks instead.

import * as cp from "node:child_process";
import type { TracerContext } from "../context";
import { nowUs } from "../clock";
import { guard } from "../safe";
import { captureFrames, userSite } from "../stack";

export function startChildren(ctx: TracerContext): void {
  const proto = cp.ChildProcess.prototype as unknown as { spawn: (this: cp.ChildProcess, options: unknown) => unknown };
  const originalSpawn = proto.spawn;
  let nextKey = 1;

  proto.spawn = function spawn(this: cp.ChildProcess, options: unknown) {
    const ts = nowUs();
    const key = nextKey++;
    const site = guardedSite();
    try {
      return originalSpawn.call(this, options);
    } finally {
      guard(() => {
        const opts = (options ?? {}) as { file?: unknown; args?: unknown };
        const args = Array.isArray(opts.args) ? opts.args.slice(1, 50).map(String) : [];
        const child = this.pid;
        ctx.send({ t: "child", phase: "spawn", ts, key, file: String(opts.file ?? ""), args, ...(child ? { child } : {}), ...(site ? { site } : {}) });
        watch(this, key);
      })();
    }
  };

  const guardedSite = () => {
    let site;
    guard(() => { site = userSite(captureFrames(30, proto.spawn)); })();
    return site;
  };

  const watch = (child: cp.ChildProcess, key: number) => {
    const emit = child.emit;
    let done = false;
    child.emit = function (this: cp.ChildProcess, event: string | symbol, ...args: unknown[]) {
      guard(() => {
        if (done) return;
        if (event === "exit") {
          done = true;
          ctx.send({ t: "child", phase: "exit", ts: nowUs(), key, ...(child.pid ? { child: child.pid } : {}), code: (args[0] as number | null) ?? null, signal: (args[1] as string | null) ?? null });
        } else if (event === "error") {
          const err = args[0] as { message?: unknown } | undefined;
          ctx.send({ t: "child", phase: "error", ts: nowUs(), key, ...(child.pid ? { child: child.pid } : {}), error: String(err?.message ?? err) });
        }
      })();
      return (emit as (...a: unknown[]) => boolean).call(this, event, ...args);
    } as typeof child.emit;
  };
}

// Child processes: every spawn/fork/exec*/execFile goes through ChildProcess.prototype.spawn, so
// one wrapper there sees them all with their call site. Exit is seen with an 'exit' listener (no
// effect on the program); spawn failures from spawn()'s return value, never an 'error' listener. Node children inherit NODE_OPTIONS and the LOOPSCOPE_*
// variables, load the tracer themselves and appear as their own process, linked by pid.
// spawnSync/execSync don't create a ChildProcess: they show up as blocks instead.

import * as cp from "node:child_process";
import { getSystemErrorName } from "node:util";
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
    let result: unknown;
    try {
      result = originalSpawn.call(this, options);
      return result;
    } finally {
      guard(() => {
        const opts = (options ?? {}) as { file?: unknown; args?: unknown };
        const args = Array.isArray(opts.args) ? opts.args.slice(1, 50).map(String) : [];
        const child = this.pid;
        ctx.send({ t: "child", phase: "spawn", ts, key, file: String(opts.file ?? ""), args, ...(child ? { child } : {}), ...(site ? { site } : {}) });
        // spawn() reports run-time failures (ENOENT, EACCES, ...) as a negative errno and emits
        // 'error' later; listening for 'error' would change what an unhandled failure does.
        if (typeof result === "number" && result < 0) {
          ctx.send({ t: "child", phase: "error", ts: nowUs(), key, error: `spawn ${String(opts.file ?? "")} ${errorName(result)}` });
        } else {
          // An 'exit' listener changes nothing for the program.
          this.once(
            "exit",
            guard((code: number | null, signal: string | null) => {
              ctx.send({ t: "child", phase: "exit", ts: nowUs(), key, ...(child ? { child } : {}), code: code ?? null, signal: signal ?? null });
            }),
          );
        }
      })();
    }
  };

  const guardedSite = () => {
    let site;
    guard(() => {
      site = userSite(captureFrames(30, proto.spawn));
    })();
    return site;
  };
}

function errorName(errno: number): string {
  try {
    return getSystemErrorName(errno);
  } catch {
    return String(errno);
  }
}

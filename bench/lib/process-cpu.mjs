// Helpers of the tracer benchmarks: a process's CPU time, and the bundles they run.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** CPU time (user + system) a process has used, ms, from /proc (Linux); NaN when it is gone. */
export function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in ticks (USER_HZ 100)
  } catch {
    return NaN;
  }
}

/** Resident memory (VmRSS) of a process, MB, from /proc (Linux); NaN when it is gone. */
export function rssMb(pid) {
  try {
    const m = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB/m);
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Builds dist/tracer.cjs and dist/cli.mjs when they are missing or older than their sources. */
export function ensureTracerBuilt(root) {
  const newest = dir => {
    let t = 0;
    for (const entry of spawnSync("find", [dir, "-type", "f"], { encoding: "utf8" }).stdout.split("\n").filter(Boolean))
      t = Math.max(t, statSync(entry).mtimeMs);
    return t;
  };
  const stale = (out, srcDir) => !existsSync(join(root, out)) || statSync(join(root, out)).mtimeMs < newest(join(root, srcDir));
  const targets = [];
  if (stale("dist/tracer.cjs", "tracer/src")) targets.push("tracer");
  if (!existsSync(join(root, "dist/cli.mjs")) || stale("dist/cli.mjs", "server/src/cli")) targets.push("cli");
  if (!targets.length) return;
  const r = spawnSync(process.execPath, [join(root, "scripts/build.mjs"), ...targets], { stdio: "inherit" });
  if (r.status !== 0) throw new Error("build failed");
}

/**
 * CPU time (ms, ns resolution) the live threads of a process have used, from
 * /proc/<pid>/task/<tid>/schedstat (Linux); falls back to cpuMs (10 ms ticks, dead threads
 * included) without schedstat. Differences are exact while no thread of the process exits.
 */
export function threadsCpuMs(pid) {
  let ns = 0;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
  } catch {
    return cpuMs(pid);
  }
  return Number.isFinite(ns) && ns > 0 ? ns / 1e6 : cpuMs(pid);
}

/**
 * A thread's time on the CPU and time runnable but waiting for it (ms, from
 * /proc/<pid>/task/<tid>/schedstat; the main thread's tid is the pid); undefined without it.
 * Their sum over a window is how much of it the thread wanted the CPU: a saturated thread wants
 * all of it, whoever then gets the core.
 */
export function threadDemandMs(pid, tid = pid) {
  try {
    const [run, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ").map(Number);
    return Number.isFinite(run) && Number.isFinite(wait) ? { runMs: run / 1e6, waitMs: wait / 1e6 } : undefined;
  } catch {
    return undefined;
  }
}

// worker.terminate() of a worker the watchdog is sampling must resolve: a termination that lands
// in a sample (the watchdog's Runtime.evaluate, run by interrupt in the worker) is swallowed by
// V8, and the worker computed on forever (tracer/src/sources/terminate-retry.ts). The program
// terminates 40 spinning workers, 4 at a time, each while sampled; before the fix, 2 runs in 6
// of it hung on a loaded machine. Once with every source (the watchdog stops sampling a worker
// being terminated, and terminate is asked again) and once without the pools source (the parent
// then knows no heartbeat to flag: only asking again ends the worker).
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { loopscopeRun, programs } from "./helpers";

const RUN_TIMEOUT_MS = 90_000;

for (const [name, env] of [
  ["every source", {}],
  ["pools source off", { LOOPSCOPE_DISABLE: "pools" }],
] as const) {
  test(`terminate() of workers sampled while they compute forever always resolves (${name})`, { timeout: RUN_TIMEOUT_MS + 30_000 }, async () => {
    const file = join(programs, "terminate-sampled-workers.cjs");
    const started = Date.now();
    const traced = await loopscopeRun(["node", file, "10", "4"], { env, timeoutMs: RUN_TIMEOUT_MS });
    const stdout = traced.stdout.toString();
    const lastRound = /round (\d+) terminated\s*$/.exec(stdout.replace(/STUCK.*\n?/, ""))?.[1] ?? "0";
    // What was stuck, in words: the program's own line when a terminate() stayed unresolved for 5 s,
    // or the whole run when it did not end at all (e.g. its exit waited for a worker that never stopped).
    const stuck =
      stdout.match(/^STUCK: .*$/m)?.[0] ??
      (Date.now() - started >= RUN_TIMEOUT_MS ? `the traced program did not end in ${RUN_TIMEOUT_MS / 1000} s (a worker's terminate() or the exit hung)` : "");
    assert.equal(stuck, "", `stuck after round ${lastRound} of 10: ${stuck}\nstdout: ${stdout}\nstderr: ${traced.stderr.slice(-2000)}`);
    assert.equal(traced.code, 0, traced.stderr);
    assert.match(stdout, /all terminated/);
  });
}

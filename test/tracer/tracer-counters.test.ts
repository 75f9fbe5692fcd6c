// Loop counters drawn where they happened: each interval's values are stamped at its start
// (Chrome counters are step functions), no partial first interval, and the last interval (the one
// the program exits in) is counted.

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { loopscopeRun, programs, blocksOf } from "./helpers";
import { COUNTERS, type TraceEvent, type TraceFile } from "../../protocol/src/trace";

/** The counter's value at `ts` as a step function: the last point at or before it. */
function stepValue(points: TraceEvent[], ts: number, key: string): number | undefined {
  let value: number | undefined;
  for (const p of points) if (p.ts <= ts) value = (p.args as Record<string, number>)[key];
  return value;
}

const mainCounter = (trace: TraceFile, name: string) =>
  trace.traceEvents.filter(e => e.ph === "C" && e.name === name && e.tid === e.pid).sort((a, b) => a.ts - b.ts);

test("utilisation is drawn busy during the block and idle after it; the first interval is a real one", async () => {
  const traced = await loopscopeRun(["node", join(programs, "busy-second.cjs")], { timeoutMs: 60_000 });
  assert.equal(traced.code, 0, traced.stderr);
  const trace = traced.trace!;
  const block = blocksOf(trace).find(b => b.dur! >= 900e3 && b.tid === b.pid);
  assert.ok(block, "the 1 s block");
  const util = mainCounter(trace, COUNTERS.utilization);
  assert.ok(util.length >= 4, `${util.length} utilisation points`);
  const at = (ts: number) => stepValue(util, ts, "utilization");
  assert.ok(at(block.ts + block.dur! / 2)! >= 50, `busy in the middle of the block: ${at(block.ts + block.dur! / 2)}%`);
  assert.ok(at(block.ts + block.dur! + 700e3)! < 50, `idle 0.7 s after the block: ${at(block.ts + block.dur! + 700e3)}%`);
  // The program idles for 1.5 s after start-up: its first interval is not "100% busy".
  assert.ok((util[0]!.args as { utilization: number }).utilization < 50, `first point ${JSON.stringify(util[0])}`);
  // The delay's first point is the same real interval (not a partial one stamped elsewhere).
  const delay = mainCounter(trace, COUNTERS.delay);
  assert.equal(delay[0]!.ts, util[0]!.ts, `first delay point ${JSON.stringify(delay[0])}, first utilisation point ${JSON.stringify(util[0])}`);
});

test("a block that runs into the exit counts in the last interval's delay (summary)", async () => {
  const traced = await loopscopeRun(["node", join(programs, "long-block.cjs"), "1500", "500"], { timeoutMs: 60_000 });
  assert.equal(traced.code, 0, traced.stderr);
  const summary = (traced.trace!.metadata!.loopscope as unknown as { summary: { delayP99Ms: number } }).summary;
  assert.ok(summary.delayP99Ms >= 1500, `delay p99 ${summary.delayP99Ms} ms next to a 2 s block`);
  assert.match(traced.stderr, /delay p99 \(worst interval, main threads\): (1\d{3}|[2-9]\d{3})\.\d ms/);
});

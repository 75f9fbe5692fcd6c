// An idle loop costs the tracer nothing (its tick stops, nothing is sent, the watchdog sleeps),
// and the first callback after an idle stretch is watched from its start: blocks there are found,
// timed and sampled as in a busy loop, in the main thread and in workers, whether the callback is a
// timer or a promise reaction.

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { loopscopeRun, programs, blocksOf, markerLine } from "./helpers";
import { chromeTraceProblems } from "./chrome-trace-rules";
import { COUNTERS, type BlockArgs } from "../../protocol/src/trace";

const file = join(programs, "idle-then-block.cjs");
const args = (e: { args?: unknown }) => e.args as BlockArgs & { samples: number };

test("blocks after an idle stretch are found from their start and sampled; the idle stretch sends nothing", async () => {
  const traced = await loopscopeRun(["node", file], { timeoutMs: 60_000 });
  assert.equal(traced.code, 0, traced.stderr);
  const trace = traced.trace!;
  assert.deepEqual(chromeTraceProblems(trace), []);
  const blocks = blocksOf(trace).filter(b => !b.name.startsWith("startup"));
  const described = JSON.stringify(blocks.map(b => [b.name, b.dur! / 1e3]));

  for (const [marker, ms, inMain] of [
    ["MAIN-LINE", 400, true],
    ["WORKER-LINE", 300, false],
    ["PROMISE-LINE", 300, false],
  ] as const) {
    const line = markerLine(file, marker);
    const found = blocks.filter(b => (b.tid === b.pid) === inMain && args(b).stack?.some(f => f.line === line));
    assert.equal(found.length, 1, `${marker}: one sampled block through that line: ${described}`);
    const block = found[0]!;
    // Timed from the callback's start, not from the last beat before the idle stretch (seconds).
    assert.ok(block.dur! >= ms * 1e3 && block.dur! < (ms + 600) * 1e3, `${marker}: ${block.dur! / 1e3} ms for a ${ms} ms block`);
    // The watchdog, asleep while every loop idled, was woken to sample it (how many samples
    // depends on the machine's load: each one needs the watchdog thread and this one scheduled).
    assert.ok(args(block).samples >= 1, `${marker}: sampled while it ran (${args(block).samples} samples)`);
  }

  // The main thread idles after the workers' blocks until its timer, 6 s after start: in the last
  // 2 s of that stretch its loop counters have at most the point that opens the idle stretch (the
  // workers' start-up and blocks may end late on a loaded machine), not one per 500 ms interval as
  // when the tick kept running, and what holds there reads idle.
  const main = blocks.find(b => b.tid === b.pid && args(b).stack?.some(f => f.line === markerLine(file, "MAIN-LINE")))!;
  const util = trace.traceEvents.filter(e => e.ph === "C" && e.name === COUNTERS.utilization && e.tid === e.pid).sort((a, b) => a.ts - b.ts);
  const from = main.ts - 2000e3;
  const inside = util.filter(e => e.ts > from && e.ts < main.ts - 50e3);
  const shown = JSON.stringify(inside.map(e => [(e.ts - main.ts) / 1e3, e.args]));
  assert.ok(inside.length <= 1, `loop counters while idle: ${shown}`);
  const holding = [...util.filter(e => e.ts <= from).slice(-1), ...inside];
  assert.ok(
    holding.length > 0 && holding.every(e => (e.args as { utilization: number }).utilization < 5),
    `the idle stretch reads idle: ${JSON.stringify(holding)}`,
  );

  // The workers' track (sampled by the main thread) saw them busy although the main thread idled
  // when they woke, and drops back to 0 once they idle again (an idle worker's heartbeat stands
  // still too: its idle flag says why).
  const pool = trace.traceEvents
    .filter(e => e.ph === "C" && e.name.startsWith("pool: workers ") && e.tid === e.pid)
    .sort((a, b) => a.ts - b.ts)
    .map(e => ({ ts: e.ts, ...(e.args as { active: number; size?: number }) }));
  assert.ok(
    pool.some(p => p.active > 0),
    `a busy worker on the track: ${JSON.stringify(pool)}`,
  );
  assert.ok(
    pool.every(p => p.active <= 2 && p.ts < main.ts),
    `${JSON.stringify(pool)}`,
  );
  assert.equal(pool.at(-1)!.active, 0, `the track drops back: ${JSON.stringify(pool)}`);
});

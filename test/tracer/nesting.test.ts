// Back-to-back blocks (the second starts at the beat the first ended at) must both keep their
// length: ts + dur in floating point can land a hair past the next start.
import { test } from "node:test";
import assert from "node:assert/strict";
import { nestCompleteEvents } from "../../tracer/src/recorder/nesting";
import type { CompleteEvent } from "../../protocol/src/trace";
import { chromeTraceProblems } from "./chrome-trace-rules";

test("touching blocks are not overlapping blocks", () => {
  // Times from a real run: 1287122.566 + 505696.036 is 1792818.6020000002 in floating point.
  const a: CompleteEvent = { ph: "X", cat: "loopscope.block", name: "a", ts: 1287122.566, dur: 505696.036, pid: 1, tid: 1 };
  const b: CompleteEvent = { ph: "X", cat: "loopscope.block", name: "b", ts: 1792818.602, dur: 135787.592, pid: 1, tid: 1 };
  assert.ok(a.ts + a.dur > b.ts, "the case this test is about");
  nestCompleteEvents([a, b]);
  assert.equal(b.dur, 135787.592);
  assert.ok(Math.abs(a.dur - 505696.036) < 1e-3, `${a.dur}`);
  assert.ok(a.ts + a.dur <= b.ts, "the first ends where the second starts, as readers compute it");
  assert.equal((b.args as { clipped?: boolean } | undefined)?.clipped, undefined);
  const names = [{ ph: "M", name: "process_name", ts: 0, pid: 1, tid: 1, args: { name: "p" } }];
  assert.deepEqual(chromeTraceProblems({ traceEvents: [...names, a, b] } as never), []);
});

test("a real partial overlap is still clipped", () => {
  const block: CompleteEvent = { ph: "X", cat: "loopscope.block", name: "b", ts: 100, dur: 100, pid: 1, tid: 1 };
  const gc: CompleteEvent = { ph: "X", cat: "loopscope.gc", name: "gc", ts: 150, dur: 100, pid: 1, tid: 1 };
  nestCompleteEvents([block, gc]);
  assert.equal(gc.dur, 50);
});

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

test("a slice that ends a hair after its parent ends exactly inside it (the trace validates)", () => {
  // Times from a real run: an ongoing block closed at exit and the block around it, two clock readings.
  const outer: CompleteEvent = { ph: "X", cat: "loopscope.block", name: "outer", ts: 837054.569, dur: 167456.874, pid: 1, tid: 2 };
  const inner: CompleteEvent = { ph: "X", cat: "loopscope.block", name: "inner", ts: 898110.438, dur: 106401.006, pid: 1, tid: 2 };
  assert.ok(inner.ts + inner.dur > outer.ts + outer.dur, "the case this test is about");
  nestCompleteEvents([outer, inner]);
  assert.ok(inner.ts + inner.dur <= outer.ts + outer.dur, `${inner.ts + inner.dur} <= ${outer.ts + outer.dur}`);
  assert.ok(Math.abs(inner.dur - 106401.006) < 1e-2, `${inner.dur}`);
  const names = [{ ph: "M", name: "process_name", ts: 0, pid: 1, tid: 2, args: { name: "p" } }];
  assert.deepEqual(chromeTraceProblems({ traceEvents: [...names, outer, inner] } as never), []);
});

test("a slice's duration is the difference of its rounded ends, so slices that end together end at the same rounded time", async () => {
  const { durationBetween, round } = await import("../../tracer/src/recorder/event-converters");
  const originUs = 12_345.6785;
  const ctx = { ts: (us: number) => round(Math.max(0, us - originUs)) };
  let separatelyRoundedMisses = 0;
  for (let i = 0; i < 2000; i++) {
    const start = originUs + i * 7.3337 + 0.0004;
    const dur = 1000.0004 + i * 0.0013;
    const endTs = ctx.ts(start + dur);
    if (Math.abs(ctx.ts(start) + round(dur) - endTs) > 1e-6) separatelyRoundedMisses++;
    assert.ok(Math.abs(ctx.ts(start) + durationBetween(ctx, start, dur) - endTs) < 1e-6, `slice ${i}`);
  }
  assert.ok(separatelyRoundedMisses > 0, "the case this test is about: rounding the duration alone misses the rounded end");
});

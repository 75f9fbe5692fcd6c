// What the trace counts must be true: the program's own active handles, HTTP requests counted
// once each (statistics and spans agree), and a loss the recorder cannot count said to be unknown
// instead of "0 dropped".

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { loopscopeRun, plainRun, programs, byCat } from "./helpers";
import { COUNTERS, type TraceEvent } from "../../protocol/src/trace";

const counters = (events: TraceEvent[], name: string) => events.filter(e => e.ph === "C" && e.name === name);

test("active resources: the handles the program holds, as the program itself counts them", async () => {
  const cmd = ["node", join(programs, "resources.cjs")];
  const plain = await plainRun(cmd);
  const traced = await loopscopeRun(cmd, { timeoutMs: 30_000 });
  assert.equal(traced.code, 0, traced.stderr);
  assert.equal(traced.stdout.toString(), plain.stdout.toString(), "the tracer holds no ref'd handle of its own");
  const own = Number(/handles (\d+)/.exec(plain.stdout.toString())?.[1]);
  const points = counters(traced.trace!.traceEvents, COUNTERS.resources).filter(e => e.tid === e.pid);
  const seen = Math.max(...points.map(e => (e.args as { handles: number }).handles));
  assert.equal(seen, own, `trace says ${seen} handles, the program counts ${own}`);
});

test("HTTP: every request is counted once, and the statistics agree with the spans", async () => {
  const traced = await loopscopeRun(["node", join(programs, "http-count.cjs"), "300"], { timeoutMs: 60_000 });
  assert.equal(traced.code, 0, traced.stderr);
  const events = traced.trace!.traceEvents;
  const stats = counters(events, COUNTERS.httpServer)
    .filter(e => e.tid === e.pid)
    .map(e => e.args as { requests: number; notDrawn: number });
  const counted = stats.reduce((n, s) => n + s.requests, 0);
  const notDrawn = stats.reduce((n, s) => n + s.notDrawn, 0);
  const spans = byCat(traced.trace!, "loopscope.http", "b").filter(e => (e.args as { side?: string }).side === "server").length;
  assert.equal(counted, 300, "the statistics count every request, the last interval's included");
  assert.equal(spans + notDrawn, counted, `${spans} spans + ${notDrawn} not drawn = ${counted} counted`);
});

test("HTTP spans: a burst is drawn whole, a sustained load at 100 spans a second, and every request not drawn is counted", async () => {
  const traced = await loopscopeRun(["node", join(programs, "http-burst.cjs"), "2000"], { timeoutMs: 90_000 });
  assert.equal(traced.code, 0, traced.stderr);
  const elapsedMs = Number(/load 2000 in (\d+) ms/.exec(traced.stdout.toString())?.[1]);
  assert.ok(elapsedMs > 0, traced.stdout.toString());
  const events = traced.trace!.traceEvents;
  const spans = byCat(traced.trace!, "loopscope.http", "b").filter(e => (e.args as { side?: string }).side === "server");
  const url = (e: TraceEvent) => String((e.args as { url?: unknown }).url ?? "");
  const burst = new Set(spans.filter(e => url(e).startsWith("/burst/")).map(url));
  assert.equal(burst.size, 80, "each request of the burst has its span");
  // The bucket holds 100 spans when the load starts (refilled during the pause) and gets 100 a second.
  const load = spans.filter(e => url(e).startsWith("/load/")).length;
  assert.ok(load >= 100, `${load} spans of the sustained load: at least the bucket's 100`);
  const drawnAtMost = 100 + Math.ceil((100 * elapsedMs) / 1000) + 1;
  // Slow requests (10 ms or more: a loaded machine has some) get a span whether drawn or not.
  const slow = spans.filter(e => url(e).startsWith("/load/") && ((e.args as { durationMs?: number }).durationMs ?? 0) >= 10).length;
  assert.ok(load - slow <= drawnAtMost, `${load} spans (${slow} slow) in ${elapsedMs} ms: at most ${drawnAtMost} drawn`);
  const stats = counters(events, COUNTERS.httpServer)
    .filter(e => e.tid === e.pid)
    .map(e => e.args as { requests: number; notDrawn: number });
  const counted = stats.reduce((n, s) => n + s.requests, 0);
  const notDrawn = stats.reduce((n, s) => n + s.notDrawn, 0);
  assert.equal(counted, 2080, "the statistics count every request");
  assert.equal(spans.length + notDrawn, counted, `${spans.length} spans + ${notDrawn} not drawn = ${counted} counted`);
});

for (const signal of ["SIGKILL", "SIGTERM"]) {
  test(`a program killed by ${signal}: the loss is reported as unknown, never as 0 dropped`, async () => {
    const traced = await loopscopeRun(["node", join(programs, "self-kill.cjs"), signal], { timeoutMs: 30_000 });
    assert.match(traced.stderr, new RegExp(`killed by ${signal}`));
    const meta = traced.trace!.metadata!.loopscope! as { streamsCutOff?: number; eventsDropped: number };
    assert.ok((meta.streamsCutOff ?? 0) >= 1, JSON.stringify(meta));
    assert.doesNotMatch(traced.stderr, /, 0 dropped/);
    assert.match(traced.stderr, /unknown number LOST: 1 thread ended without the tracer's final batch/);
  });
}

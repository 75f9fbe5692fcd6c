// Counter tracks say what their numbers are: rates per second for what the tracer counts per
// interval, each series on its own scale when they count different things.
import assert from "node:assert/strict";
import { test } from "node:test";
import { counterLabel, counterScale, sampleIntervalUs } from "../../timeline-model/src/counter-series";

test("worker message tracks say what they count", () => {
  assert.equal(counterLabel("worker messages 2"), "messages ↔ worker 2");
  assert.equal(counterLabel("memory (MB)"), "memory (MB)");
});

test("per-interval counts become rates; messages and kilobytes get their own scales", () => {
  const s = counterScale("messages ↔ worker 1", ["toWorker", "toWorkerKB"], [12, 286.13], "count", 500_000);
  assert.equal(s.note, "max 24 msg/s · 572 KB/s");
  assert.deepEqual(s.top, [12, 286.13]);
});

test("HTTP statistics: requests per second and latencies in ms", () => {
  const s = counterScale("http server requests", ["requests", "errors", "p50", "p99"], [40, 3, 12, 250], "count", 500_000);
  assert.equal(s.note, "max 80 requests/s · 250 ms");
  assert.deepEqual(s.top, [40, 40, 250, 250], "errors share the requests' scale");
});

test("levels keep their unit; the interval is the median gap between samples", () => {
  assert.equal(counterScale("memory (MB)", ["heapUsed", "heapTotal"], [80, 129.6], "MB", 500_000).note, "max 129.6 MB");
  // "requests" of active resources are libuv requests in flight: a level, not a count per interval.
  assert.equal(counterScale("active resources", ["handles", "requests"], [28, 30], "count", 500_000).note, "max 30");
  assert.equal(sampleIntervalUs([0, 500, 1000, 3000, 3500], 5), 500);
  assert.equal(counterScale("http client requests", ["requests"], [5], "count", undefined).note, "max 5 requests/interval");
});

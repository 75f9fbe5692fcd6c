// Range statistics: percentiles, throughput, error rate and blocked share on hand-made traces
// whose answers are known.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AnyTraceEvent } from "../../protocol/src/trace-validate";
import { formatBytes, formatCounter, formatDuration, formatPercent } from "../../timeline-model/src/format";
import { percentile, rangeStats } from "../../timeline-model/src/stats";
import { TimelineModel } from "../../timeline-model/src/timeline-model";

function model(events: AnyTraceEvent[]): TimelineModel {
  const m = new TimelineModel({ blockThresholdMs: 50 });
  m.addEvents(events);
  m.finish();
  m.prepare();
  return m;
}

describe("percentile", () => {
  it("uses the nearest rank", () => {
    const xs = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(percentile(xs, 50), 50);
    assert.equal(percentile(xs, 95), 95);
    assert.equal(percentile(xs, 99), 99);
    assert.equal(percentile(xs, 100), 100);
    assert.equal(percentile([7], 99), 7);
    assert.equal(percentile([1, 2, 3], 50), 2);
    assert.ok(Number.isNaN(percentile([], 50)), "Number.isNaN(percentile([], 50))");
  });
});

describe("range statistics", () => {
  // 100 HTTP requests of 1..100 ms, one every 10 ms on one thread; every 10th fails with 500.
  const http: AnyTraceEvent[] = Array.from({ length: 100 }, (_, i) => ({
    ph: "X",
    cat: "loopscope.http",
    name: "req",
    ts: i * 10_000,
    dur: (i + 1) * 1000,
    pid: 1,
    tid: 1,
    args: { side: "server", method: "GET", url: "/", status: i % 10 === 9 ? 500 : 200 },
  }));
  // Blocks: 100 ms at 0 on thread 1, 200 ms at 500 ms on thread 1; a 30 ms task (not a block) on thread 2.
  const loop: AnyTraceEvent[] = [
    { ph: "X", cat: "loopscope.block", name: "b1", ts: 0, dur: 100_000, pid: 1, tid: 1 },
    { ph: "X", cat: "loopscope.block", name: "b2", ts: 500_000, dur: 200_000, pid: 1, tid: 1 },
    { ph: "X", cat: "loopscope.task", name: "t", ts: 100_000, dur: 30_000, pid: 1, tid: 2 },
    { ph: "i", cat: "loopscope.user", name: "mark", ts: 10, pid: 1, tid: 1 },
  ];
  const m = model([...http, ...loop]);

  it("counts, percentiles, throughput and error rate over the whole range", () => {
    const s = rangeStats(m, 0, 1_000_000);
    const h = s.categories.find(c => c.category === "http-server")!;
    assert.equal(h.count, 100);
    assert.equal(h.p50, 50_000);
    assert.equal(h.p95, 95_000);
    assert.equal(h.p99, 99_000);
    assert.equal(h.max, 100_000);
    assert.equal(h.errors, 10);
    assert.equal(h.errorRate, 0.1);
    assert.equal(h.throughputPerSec, 100);
    const blocks = s.categories.find(c => c.category === "blocks")!;
    assert.deepEqual([blocks.count, blocks.p50, blocks.max], [2, 100_000, 200_000]);
    assert.equal(s.categories.find(c => c.category === "tasks")!.count, 1);
    assert.equal(
      s.categories.find(c => c.category === "user"),
      undefined,
      "instant marks have no duration",
    );
  });

  it("counts only events starting in the range, and clips blocked time to it", () => {
    const s = rangeStats(m, 550_000, 650_000);
    const h = s.categories.find(c => c.category === "http-server")!;
    assert.equal(h.count, 11); // starts at 550..650 ms
    assert.equal(h.throughputPerSec, 110);
    assert.equal(
      s.categories.find(c => c.category === "blocks"),
      undefined,
    );
    const t1 = s.threads.find(t => t.tid === 1)!;
    assert.equal(t1.blockedUs, 100_000);
    assert.equal(t1.share, 1);
    const t2 = s.threads.find(t => t.tid === 2)!;
    assert.equal(t2.share, 0);
    assert.equal(s.blockedShare, 0.5);
    assert.equal(s.threads[0].tid, 1, "most blocked first");
  });

  it("returns no categories for an empty range", () => {
    const s = rangeStats(m, 5e6, 6e6);
    assert.deepEqual(s.categories, []);
    assert.equal(s.blockedShare, 0);
  });
});

describe("formatting", () => {
  it("prints durations, sizes and counters for people", () => {
    assert.equal(formatDuration(412_000), "412 ms");
    assert.equal(formatDuration(1_250_000), "1.25 s");
    assert.equal(formatDuration(640), "640 µs");
    assert.equal(formatDuration(9_870), "9.87 ms");
    assert.equal(formatDuration(125e6), "2 min 05 s");
    assert.equal(formatBytes(3 * 1024 * 1024), "3 MiB");
    assert.equal(formatCounter(43.5, "MB"), "43.5 MB");
    assert.equal(formatCounter(92.7, "percent"), "92.7 %");
    assert.equal(formatCounter(0.25, "ratio"), "25 %");
    assert.equal(formatCounter(12.5, "ms"), "12.5 ms");
    assert.equal(formatPercent(0.0763), "7.63 %");
  });
});

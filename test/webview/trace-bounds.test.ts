// Hostile or broken numbers in a trace file: an event at ts or dur 1e308 is left out with a
// warning (it would stretch the time range until nothing else is visible), and blocks that
// overlap (a foreign trace, nested slices) never make a thread more than 100% blocked.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { validateTrace, type AnyTraceEvent } from "../../protocol/src/trace-validate";
import { rangeStats } from "../../timeline-model/src/stats";
import { TimelineModel } from "../../timeline-model/src/timeline-model";

describe("trace validation bounds", () => {
  it("leaves out events with a ts or dur of 1e308 and says so; the time range stays that of the rest", () => {
    const good = { ph: "X", cat: "loopscope.block", name: "b", ts: 1000, dur: 60_000, pid: 1, tid: 1 };
    const check = validateTrace({
      traceEvents: [good, { ...good, ts: 1e308 }, { ...good, dur: 1e308 }, { ph: "i", s: "t", name: "far", ts: -1e308, pid: 1, tid: 1 }],
    });
    assert.ok(check.ok);
    assert.deepEqual(check.events, [good]);
    assert.ok(check.warnings.some(w => /ts/.test(w)) && check.warnings.some(w => /dur/.test(w)), check.warnings.join("\n"));
    const m = new TimelineModel({ blockThresholdMs: 50 });
    m.addEvents(check.events);
    m.finish();
    m.prepare();
    const s = rangeStats(m, 0, 1e6);
    assert.equal(s.threads[0]!.blockedUs, 60_000);
  });

  it("keeps real clocks: µs since boot and since the epoch", () => {
    const epochUs = Date.now() * 1000;
    const check = validateTrace([{ ph: "X", name: "a", ts: epochUs, dur: 8 * 3600e6, pid: 1, tid: 1 }]);
    assert.ok(check.ok && check.events.length === 1 && check.warnings.length === 0);
  });
});

describe("blocked share with overlapping blocks", () => {
  it("is the union of the blocks' time: 50 overlapping 1 s blocks over 2 s are 100%, not 2500%", () => {
    const blocks: AnyTraceEvent[] = Array.from({ length: 50 }, (_, i) => ({
      ph: "X",
      cat: "loopscope.block",
      name: `b${i}`,
      ts: i * 20_000,
      dur: 1_000_000,
      pid: 1,
      tid: 1,
    }));
    const m = new TimelineModel({ blockThresholdMs: 50 });
    m.addEvents(blocks);
    m.finish();
    m.prepare();
    const s = rangeStats(m, 0, 2_000_000);
    const t = s.threads.find(x => x.tid === 1)!;
    assert.equal(t.blockedUs, 49 * 20_000 + 1_000_000);
    assert.ok(t.share <= 1 && s.blockedShare <= 1, `share ${t.share}`);
  });
});

// Level-of-detail binning and lane layout: what a frame draws for a given time range and width.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { binCounter, binSpans } from "../../timeline-model/src/binning";
import { CounterStore } from "../../timeline-model/src/counter-store";
import { spanAt } from "../../timeline-model/src/hit-test";
import { DEFAULT_SIZES, itemAtY, layoutTimeline } from "../../timeline-model/src/layout";
import { SpanStore } from "../../timeline-model/src/span-store";
import { TimelineModel } from "../../timeline-model/src/timeline-model";
import { generateTrace, SERVER_PID, CHILD_PID } from "./trace-generator";

function store(spans: [number, number, number?][], maxLevels = 4): SpanStore {
  const s = new SpanStore(maxLevels);
  spans.forEach(([a, b, c], i) => s.push(a, b, i, c ?? 0));
  s.prepare();
  return s;
}

describe("span store", () => {
  it("sorts out-of-order pushes and stacks overlapping spans on levels", () => {
    const s = store([
      [50, 60],
      [0, 100],
      [10, 20],
      [15, 30],
      [120, 130],
    ]);
    assert.deepEqual(Array.from(s.start.subarray(0, s.n)), [0, 10, 15, 50, 120]);
    assert.deepEqual(Array.from(s.level.subarray(0, s.n)), [0, 1, 2, 1, 0]);
    assert.equal(s.levels, 3);
    assert.deepEqual(Array.from(s.ref.subarray(0, s.n)), [1, 2, 3, 0, 4]);
  });

  it("puts spans past the level cap on the last level", () => {
    const s = store(
      [
        [0, 10],
        [1, 10],
        [2, 10],
        [3, 10],
      ],
      2,
    );
    assert.equal(s.levels, 2);
    assert.deepEqual(Array.from(s.level.subarray(0, s.n)), [0, 1, 1, 1]);
  });

  it("finds spans reaching into a range even when they started long before it", () => {
    const s = store([
      [0, 1000],
      [10, 20],
      [30, 40],
      [500, 510],
      [990, 2000],
    ]);
    const [lo, hi] = s.visibleRange(600, 700);
    const visible = [...Array(hi - lo).keys()].map(i => lo + i).filter(i => s.end[i] >= 600);
    assert.deepEqual(
      visible.map(i => s.start[i]),
      [0],
    );
    const [lo2, hi2] = s.visibleRange(1500, 3000);
    assert.deepEqual(
      [...Array(hi2 - lo2).keys()]
        .map(i => lo2 + i)
        .filter(i => s.end[i] >= 1500)
        .map(i => s.start[i]),
      [990],
    );
  });

  it("hit-tests the innermost span containing the time on the pointed level", () => {
    const s = store([
      [0, 100],
      [10, 20],
      [40, 60],
    ]);
    assert.equal(s.ref[spanAt(s, 15, 1, 1)], 1);
    assert.equal(s.ref[spanAt(s, 50, 1, 1)], 2);
    assert.equal(s.ref[spanAt(s, 30, 0, 1)], 0);
    assert.equal(spanAt(s, 30, 1, 2), -1);
    assert.equal(s.ref[spanAt(s, 21.5, 1, 2)], 1, "near within tolerance");
  });
});

describe("span binning", () => {
  it("lists wide spans individually and bins short ones per pixel column with the most severe colour", () => {
    // 1000 µs over 100 px: 10 µs per pixel.
    const s = store(
      [
        [0, 500, 1],
        [600, 602, 0],
        [603, 604, 3],
        [605, 606, 2],
        [990, 995, 0],
      ],
      1,
    );
    const list = binSpans(s, 0, 1000, 100);
    assert.equal(list.count, 1);
    assert.deepEqual([list.x0[0], list.x1[0], list.colour[0]], [0, 50, 1]);
    assert.equal(list.binCount[60], 3);
    assert.equal(list.binColour[60], 4, "class 3 + 1");
    assert.equal(list.binCount[99], 1);
    assert.equal(list.scanned, 5);
  });

  it("scans only the visible part of a large row and bounds the rectangles per level", () => {
    const s = new SpanStore(1);
    for (let i = 0; i < 100_000; i++) s.push(i * 10, i * 10 + 8, i, 0);
    s.prepare();
    const zoomed = binSpans(s, 500_000, 501_000, 800);
    assert.ok(zoomed.scanned <= 102, `scanned ${zoomed.scanned}`);
    assert.equal(zoomed.count, 101); // starts 500000, 500010, …, 501000
    const whole = binSpans(s, 0, 1_000_000, 800);
    assert.equal(whole.count, 0);
    let binned = 0;
    for (let c = 0; c < 800; c++) binned += whole.binCount[c];
    assert.equal(binned, 100_000);
  });
});

describe("summary of big rows", () => {
  it("draws zoomed-out views from bucket counts, with long spans still one by one", () => {
    const s = new SpanStore(2);
    for (let i = 0; i < 150_000; i++) s.push(i * 10, i * 10 + 5, i, i % 7 === 0 ? 2 : 0);
    s.push(200_000, 900_000, 150_000, 1); // long: the short ones beside it go to level 1
    s.prepare();
    assert.ok(s.summary && s.summary.n === s.n, "summary built");
    const fromSummary = binSpans(s, 0, 1_500_000, 1000);
    assert.ok(fromSummary.scanned < 20_000, `scanned ${fromSummary.scanned}`);
    assert.equal(fromSummary.count, 1, "the long span is a rectangle");
    assert.deepEqual([fromSummary.level[0], fromSummary.colour[0]], [0, 1]);
    const total = (l: typeof fromSummary) => {
      let n = 0;
      for (let c = 0; c < l.levels * l.width; c++) n += l.binCount[c];
      return n;
    };
    assert.equal(total(fromSummary), 150_001, "every span counted once in the bins (the long one in its bucket too)");
    const summary = s.summary;
    s.summary = undefined;
    const scanned = binSpans(s, 0, 1_500_000, 1000);
    s.summary = summary;
    assert.equal(total(scanned), 150_000);
    assert.equal(Math.max(...fromSummary.binColour.subarray(0, 1000)), Math.max(...scanned.binColour.subarray(0, 1000)));
    // Zoomed in, the exact scan is used again.
    const zoomed = binSpans(s, 500_000, 501_000, 1000);
    assert.ok(zoomed.count >= 100, `${zoomed.count} rectangles when zoomed in`);
  });
});

describe("counter binning", () => {
  it("keeps min/max per column and holds the last value between samples", () => {
    const c = new CounterStore();
    c.push(0, { v: 1 });
    c.push(5, { v: 9 });
    c.push(7, { v: 3 });
    c.push(50, { v: 4 });
    c.prepare();
    const cols = binCounter(c, 0, 0, 100, 10); // 10 µs per column
    assert.deepEqual([cols.min[0], cols.max[0], cols.has[0]], [1, 9, 1]);
    assert.deepEqual([cols.min[1], cols.max[1], cols.has[1]], [3, 3, 0]);
    assert.deepEqual([cols.min[5], cols.max[5]], [4, 4]);
    assert.ok(Number.isNaN(cols.max[6]), "no line after the last sample");
    assert.equal(c.valueAt(0, 6), 9);
    assert.equal(c.valueAt(0, 60), 4);
  });

  it("adds series that appear later without shifting earlier samples", () => {
    const c = new CounterStore();
    c.push(0, { a: 1 });
    c.push(1, { a: 2, b: 5 });
    assert.deepEqual(c.series, ["a", "b"]);
    assert.ok(Number.isNaN(c.values[1][0]), "Number.isNaN(c.values[1][0])");
    assert.equal(c.values[1][1], 5);
    assert.deepEqual([c.min[1], c.max[1]], [5, 5]);
  });
});

describe("lane layout", () => {
  const trace = generateTrace();
  const model = new TimelineModel({ metadata: trace.metadata?.loopscope });
  model.addEvents(trace.traceEvents);
  model.finish();
  model.prepare();

  it("stacks a header per process then each thread's rows, heights from levels", () => {
    const layout = layoutTimeline(model, new Set());
    const headers = layout.items.filter(i => i.kind === "process");
    assert.deepEqual(
      headers.map(h => h.pid),
      [SERVER_PID, CHILD_PID],
    );
    let y = 0;
    for (const it of layout.items) {
      if (it.kind === "process" && it.y !== 0) y += DEFAULT_SIZES.laneGap;
      assert.equal(it.y, y);
      y += it.height;
    }
    const http = layout.items.find(i => i.id === `${SERVER_PID}:${SERVER_PID}:http-server`)!;
    assert.equal(http.height, (http.row!.kind === "spans" ? http.row!.store.levels : 0) * DEFAULT_SIZES.levelHeight + DEFAULT_SIZES.rowPadding);
    assert.equal(layout.items.filter(i => i.firstOfThread).length, 4);
    assert.equal(itemAtY(layout, http.y + 1), http);
    assert.equal(itemAtY(layout, -5), undefined);
  });

  it("collapses a lane to its header", () => {
    const all = layoutTimeline(model, new Set());
    const collapsed = layoutTimeline(model, new Set([`p:${SERVER_PID}`]));
    assert.ok(collapsed.height < all.height, "collapsed.height < all.height");
    assert.equal(collapsed.items.filter(i => i.pid === SERVER_PID).length, 1);
    assert.equal(collapsed.items[0].collapsed, true);
    assert.ok(
      collapsed.items.some(i => i.pid === CHILD_PID && i.kind === "row"),
      'collapsed.items.some(i => i.pid === CHILD_PID && i.kind === "row")',
    );
  });
});

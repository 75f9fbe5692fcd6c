// Level of detail: a row's visible spans become either individual rectangles (wide enough to
// see) or per-pixel-column bins (many short spans), so a frame costs O(visible spans + pixels)
// with no allocation. Counters bin to min/max per pixel column.
import type { CounterStore } from "./counter-store";
import { lowerBound, upperBound, type SpanStore, type SpanSummary } from "./span-store";

export interface SpanDrawList {
  /** Individual spans drawn as rectangles: pixel extent, sub-row, colour class, index in the store. */
  count: number;
  x0: Float32Array;
  x1: Float32Array;
  level: Uint8Array;
  colour: Uint8Array;
  index: Int32Array;
  /** Short spans binned per level and pixel column (`level * width + column`). */
  width: number;
  levels: number;
  binCount: Uint32Array;
  /** Most severe colour class in the bin, plus one (0 = empty). */
  binColour: Uint8Array;
  /** Spans looked at (visible range), for statistics and benchmarks. */
  scanned: number;
}

export function createSpanDrawList(): SpanDrawList {
  return {
    count: 0,
    x0: new Float32Array(256),
    x1: new Float32Array(256),
    level: new Uint8Array(256),
    colour: new Uint8Array(256),
    index: new Int32Array(256),
    width: 0,
    levels: 0,
    binCount: new Uint32Array(0),
    binColour: new Uint8Array(0),
    scanned: 0,
  };
}

/**
 * Bins the spans of `store` visible in [t0, t1] onto `width` pixel columns. Spans at least
 * `minPx` wide are listed individually; on one level of a row they cannot overlap, so there are at
 * most width / minPx of them per level whatever the zoom.
 */
export function binSpans(store: SpanStore, t0: number, t1: number, width: number, out: SpanDrawList = createSpanDrawList(), minPx = 2): SpanDrawList {
  const levels = store.levels;
  const cells = levels * width;
  if (out.binCount.length < cells) {
    out.binCount = new Uint32Array(cells);
    out.binColour = new Uint8Array(cells);
  } else {
    out.binCount.fill(0, 0, cells);
    out.binColour.fill(0, 0, cells);
  }
  out.width = width;
  out.levels = levels;
  out.count = 0;
  out.scanned = 0;
  if (!(t1 > t0) || width <= 0 || store.n === 0) return out;
  const k = width / (t1 - t0);
  const summary = store.summary;
  // Zoomed out on a big row: a pixel spans at least a bucket, so draw from the summary.
  if (summary && summary.n === store.n && summary.levels === levels && minPx * ((t1 - t0) / width) >= 2 * summary.bucketUs) {
    return binFromSummary(store, summary, t0, t1, width, k, out, minPx);
  }
  const [lo, hi] = store.visibleRange(t0, t1);
  const start = store.start,
    end = store.end,
    level = store.level,
    colour = store.colour;
  const binCount = out.binCount,
    binColour = out.binColour;
  let count = 0;
  for (let i = lo; i < hi; i++) {
    const e = end[i];
    if (e < t0) continue; // earlier spans kept in range by a long neighbour
    const x0 = (start[i] - t0) * k;
    const x1 = (e - t0) * k;
    if (x1 - x0 >= minPx) {
      if (count === out.x0.length) growList(out);
      out.x0[count] = x0 < -2 ? -2 : x0;
      out.x1[count] = x1 > width + 2 ? width + 2 : x1;
      out.level[count] = level[i];
      out.colour[count] = colour[i];
      out.index[count] = i;
      count++;
    } else {
      let col = x0 < 0 ? 0 : x0 | 0;
      if (col >= width) col = width - 1;
      const cell = level[i] * width + col;
      binCount[cell]++;
      const c = colour[i] + 1;
      if (c > binColour[cell]) binColour[cell] = c;
    }
  }
  out.count = count;
  out.scanned = hi - lo;
  return out;
}

function binFromSummary(
  store: SpanStore,
  summary: SpanSummary,
  t0: number,
  t1: number,
  width: number,
  k: number,
  out: SpanDrawList,
  minPx: number,
): SpanDrawList {
  const binCount = out.binCount,
    binColour = out.binColour;
  const b0 = Math.max(0, Math.floor((t0 - summary.t0) / summary.bucketUs));
  const b1 = Math.min(summary.buckets - 1, Math.floor((t1 - summary.t0) / summary.bucketUs));
  for (let lv = 0; lv < summary.levels; lv++) {
    const base = lv * summary.buckets;
    for (let b = b0; b <= b1; b++) {
      const c = summary.count[base + b];
      if (c === 0) continue;
      const x = (summary.t0 + b * summary.bucketUs - t0) * k;
      let col = x < 0 ? 0 : x | 0;
      if (col >= width) col = width - 1;
      const cell = lv * width + col;
      binCount[cell] += c;
      if (summary.colour[base + b] > binColour[cell]) binColour[cell] = summary.colour[base + b];
    }
  }
  // Spans that may be wide enough to draw one by one.
  let count = 0;
  const lo = lowerBound(summary.longMaxEnd, summary.long.length, t0),
    hi = upperBound(summary.longStart, summary.long.length, t1);
  for (let j = lo; j < hi; j++) {
    const i = summary.long[j];
    const e = store.end[i];
    if (e < t0) continue;
    const x0 = (store.start[i] - t0) * k,
      x1 = (e - t0) * k;
    if (x1 - x0 < minPx) continue; // already counted in its bucket
    if (count === out.x0.length) growList(out);
    out.x0[count] = x0 < -2 ? -2 : x0;
    out.x1[count] = x1 > width + 2 ? width + 2 : x1;
    out.level[count] = store.level[i];
    out.colour[count] = store.colour[i];
    out.index[count] = i;
    count++;
  }
  out.count = count;
  out.scanned = (b1 - b0 + 1) * summary.levels + (hi - lo);
  return out;
}

function growList(out: SpanDrawList): void {
  const n = out.x0.length * 2;
  const g32 = (a: Float32Array) => {
    const b = new Float32Array(n);
    b.set(a);
    return b;
  };
  const g8 = (a: Uint8Array) => {
    const b = new Uint8Array(n);
    b.set(a);
    return b;
  };
  out.x0 = g32(out.x0);
  out.x1 = g32(out.x1);
  out.level = g8(out.level);
  out.colour = g8(out.colour);
  const index = new Int32Array(n);
  index.set(out.index);
  out.index = index;
}

export interface CounterColumns {
  width: number;
  /** Per pixel column: smallest and largest value of the samples in it, or the value held from before (step). NaN = no data yet. */
  min: Float64Array;
  max: Float64Array;
  /** 1 where a sample falls in the column. */
  has: Uint8Array;
}

export function createCounterColumns(): CounterColumns {
  return { width: 0, min: new Float64Array(0), max: new Float64Array(0), has: new Uint8Array(0) };
}

/** Bins one series of a counter onto `width` pixel columns over [t0, t1], holding values between samples. */
export function binCounter(
  store: CounterStore,
  seriesIndex: number,
  t0: number,
  t1: number,
  width: number,
  out: CounterColumns = createCounterColumns(),
): CounterColumns {
  if (out.min.length < width) {
    out.min = new Float64Array(width);
    out.max = new Float64Array(width);
    out.has = new Uint8Array(width);
  }
  out.width = width;
  out.min.fill(NaN, 0, width);
  out.max.fill(NaN, 0, width);
  out.has.fill(0, 0, width);
  if (!(t1 > t0) || width <= 0 || store.n === 0) return out;
  const values = store.values[seriesIndex];
  const time = store.time;
  const [lo, hi] = store.visibleRange(t0, t1);
  const dt = (t1 - t0) / width;
  // Sample in effect at t0: the last one before it.
  let carry = NaN;
  let i = lo;
  while (i < hi && time[i] < t0) {
    if (!Number.isNaN(values[i])) carry = values[i];
    i++;
  }
  if (Number.isNaN(carry)) carry = store.valueAt(seriesIndex, t0);
  // No line before the first sample ever: the counter did not exist yet.
  const firstTime = store.n ? time[0] : Infinity;
  const lastTime = store.n ? time[store.n - 1] : -Infinity;
  for (let col = 0; col < width; col++) {
    const colStart = t0 + col * dt;
    const colEnd = colStart + dt;
    let mn = Infinity,
      mx = -Infinity,
      has = false;
    while (i < hi && time[i] < colEnd) {
      const v = values[i];
      if (!Number.isNaN(v)) {
        if (v < mn) mn = v;
        if (v > mx) mx = v;
        carry = v;
        has = true;
      }
      i++;
    }
    if (has) {
      out.min[col] = mn;
      out.max[col] = mx;
      out.has[col] = 1;
    } else if (colEnd > firstTime && colStart <= lastTime) {
      out.min[col] = carry;
      out.max[col] = carry;
    }
  }
  return out;
}

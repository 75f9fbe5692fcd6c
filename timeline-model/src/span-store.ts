// One row's spans in columnar typed arrays, sorted by start, with a sub-row ("level") per span so
// overlapping spans (concurrent HTTP requests) stack instead of hiding each other. Appends in time
// order (the common live case) are laid out incrementally; out-of-order appends re-sort lazily.

export class SpanStore {
  n = 0;
  start: Float64Array = new Float64Array(64);
  end: Float64Array = new Float64Array(64);
  /** Index of the event record in the model (details, hover, click-to-source). */
  ref: Int32Array = new Int32Array(64);
  /** Colour class, ordered by severity within the row's category (see classify.ts). */
  colour: Uint8Array = new Uint8Array(64);
  level: Uint8Array = new Uint8Array(64);
  /** Running maximum of `end` over [0, i]: non-decreasing, so the first span that can reach a time is a binary search away. */
  maxEndPrefix: Float64Array = new Float64Array(64);
  /** Sub-rows in use (at least 1). */
  levels = 1;
  /** Spans that found every level taken (at maxLevels) and share the last one with a span they overlap. */
  overflowed = 0;

  /** Coarse per-bucket counts for drawing zoomed-out views of big rows without scanning every span (see binning.ts). */
  summary: SpanSummary | undefined;

  private sorted = true;
  private laidOut = 0;
  private levelEnd: number[] = [];

  constructor(readonly maxLevels = 1) {}

  /** Takes over laid-out columns (from a snapshot); later pushes grow copies of them. */
  restore(
    n: number,
    columns: { start: Float64Array; end: Float64Array; ref: Int32Array; colour: Uint8Array; level: Uint8Array; maxEndPrefix: Float64Array },
    levels: number,
  ): void {
    this.n = n;
    this.start = columns.start;
    this.end = columns.end;
    this.ref = columns.ref;
    this.colour = columns.colour;
    this.level = columns.level;
    this.maxEndPrefix = columns.maxEndPrefix;
    this.levels = levels;
    this.sorted = true;
    this.laidOut = n;
    // The per-level ends, for spans appended later (snapshots are of finished traces; this keeps appends correct anyway).
    this.levelEnd = [];
    this.overflowed = 0;
    for (let i = 0; i < n; i++) {
      const lv = this.level[i];
      if (lv === this.maxLevels - 1 && this.start[i] < (this.levelEnd[lv] ?? -Infinity)) this.overflowed++;
      if (!(this.end[i] <= (this.levelEnd[lv] ?? -Infinity))) this.levelEnd[lv] = this.end[i];
    }
  }

  push(start: number, end: number, ref: number, colour: number): void {
    if (this.n === this.start.length) this.grow(Math.max(64, this.n * 2));
    const i = this.n++;
    // Out of the canonical order (start, longer first, colour, ref; see sortByStart): sort later.
    if (i > 0 && compareSpans(start, end < start ? start : end, colour, ref, this.start[i - 1], this.end[i - 1], this.colour[i - 1], this.ref[i - 1]) < 0)
      this.sorted = false;
    this.start[i] = start;
    this.end[i] = end < start ? start : end;
    this.ref[i] = ref;
    this.colour[i] = colour;
  }

  /**
   * New ends and colours for spans already pushed, by ref (live spans that were still running when
   * drawn). One pass over the store; the layout is redone at the next `prepare`.
   */
  update(changes: ReadonlyMap<number, { end: number; colour: number }>): void {
    let left = changes.size;
    // Recent spans are at the end: most updates are found quickly.
    for (let i = this.n - 1; i >= 0 && left > 0; i--) {
      const change = changes.get(this.ref[i]);
      if (!change) continue;
      this.end[i] = change.end < this.start[i] ? this.start[i] : change.end;
      this.colour[i] = change.colour;
      // A span that shares its start with a neighbour may now order differently among them.
      if ((i > 0 && this.start[i - 1] === this.start[i]) || (i + 1 < this.n && this.start[i + 1] === this.start[i])) this.sorted = false;
      left--;
    }
    this.laidOut = 0;
    this.summary = undefined;
  }

  /** Sorts and lays out whatever was pushed since the last call; cheap when nothing changed. */
  prepare(): void {
    if (!this.sorted) {
      this.sortByStart();
      this.sorted = true;
      this.laidOut = 0;
    }
    if (this.laidOut < this.n) this.layOutFrom(this.laidOut);
    // Rebuilt when missing or 10% behind (live appends); a stale summary is simply not used.
    if (this.n >= SUMMARY_MIN_SPANS && (!this.summary || this.n - this.summary.n > this.summary.n / 10)) this.summary = buildSummary(this);
  }

  /** Indices [lo, hi) of spans that may intersect [t0, t1] (call `prepare` first). */
  visibleRange(t0: number, t1: number): [number, number] {
    return [lowerBound(this.maxEndPrefix, this.n, t0), upperBound(this.start, this.n, t1)];
  }

  get firstStart(): number {
    return this.n ? this.start[0] : Infinity;
  }
  get lastEnd(): number {
    return this.n ? this.maxEndPrefix[this.n - 1] : -Infinity;
  }

  private grow(capacity: number): void {
    const grow64 = (a: Float64Array) => {
      const b = new Float64Array(capacity);
      b.set(a.subarray(0, this.n));
      return b;
    };
    const grow8 = (a: Uint8Array) => {
      const b = new Uint8Array(capacity);
      b.set(a.subarray(0, this.n));
      return b;
    };
    this.start = grow64(this.start);
    this.end = grow64(this.end);
    this.maxEndPrefix = grow64(this.maxEndPrefix);
    const ref = new Int32Array(capacity);
    ref.set(this.ref.subarray(0, this.n));
    this.ref = ref;
    this.colour = grow8(this.colour);
    this.level = grow8(this.level);
  }

  private sortByStart(): void {
    const n = this.n,
      start = this.start,
      end = this.end;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    const colour0 = this.colour,
      ref0 = this.ref;
    order.sort((a, b) => compareSpans(start[a], end[a], colour0[a], ref0[a], start[b], end[b], colour0[b], ref0[b]));
    const permute64 = (a: Float64Array) => {
      const b = new Float64Array(a.length);
      for (let i = 0; i < n; i++) b[i] = a[order[i]];
      return b;
    };
    this.start = permute64(start);
    this.end = permute64(end);
    const ref = new Int32Array(this.ref.length);
    for (let i = 0; i < n; i++) ref[i] = this.ref[order[i]];
    this.ref = ref;
    const colour = new Uint8Array(this.colour.length);
    for (let i = 0; i < n; i++) colour[i] = this.colour[order[i]];
    this.colour = colour;
  }

  /** Greedy interval layout: each span takes the lowest level free at its start; the last level takes the overflow. */
  private layOutFrom(from: number): void {
    if (from === 0) {
      this.levelEnd = [];
      this.levels = 1;
      this.overflowed = 0;
    }
    const levelEnd = this.levelEnd,
      max = this.maxLevels;
    let prefix = from > 0 ? this.maxEndPrefix[from - 1] : -Infinity;
    for (let i = from; i < this.n; i++) {
      const s = this.start[i],
        e = this.end[i];
      let lv = 0;
      while (lv < levelEnd.length && levelEnd[lv] > s) lv++;
      if (lv >= max) {
        lv = max - 1;
        this.overflowed++;
      }
      if (lv === levelEnd.length) levelEnd.push(e);
      else if (e > levelEnd[lv]) levelEnd[lv] = e;
      this.level[i] = lv;
      if (lv + 1 > this.levels) this.levels = lv + 1;
      if (e > prefix) prefix = e;
      this.maxEndPrefix[i] = prefix;
    }
    this.laidOut = this.n;
  }
}

/**
 * The order spans are laid out in, whatever order they arrived in (live or from a file), so the
 * same trace always stacks the same way: by start; on ties longer first (an enclosing span takes
 * the lower level), then by colour and event index.
 */
function compareSpans(s1: number, e1: number, c1: number, r1: number, s2: number, e2: number, c2: number, r2: number): number {
  return s1 - s2 || e2 - e1 || c1 - c2 || r1 - r2;
}

export const SUMMARY_MIN_SPANS = 100_000;
const SUMMARY_BUCKETS = 8192;

/**
 * Per level and time bucket: how many spans start there and their most severe colour class. Spans
 * longer than two buckets are also listed apart (`long*`), sorted by start, since they can be
 * wide enough on screen to be drawn one by one.
 */
export interface SpanSummary {
  /** Spans covered (the store's n when built). */
  n: number;
  t0: number;
  bucketUs: number;
  buckets: number;
  levels: number;
  count: Uint32Array;
  colour: Uint8Array;
  long: Int32Array;
  longStart: Float64Array;
  longMaxEnd: Float64Array;
}

function buildSummary(store: SpanStore): SpanSummary {
  const n = store.n,
    levels = store.levels;
  const t0 = store.start[0];
  const t1 = Math.max(store.maxEndPrefix[n - 1], t0 + 1);
  const buckets = SUMMARY_BUCKETS;
  const bucketUs = (t1 - t0) / buckets;
  const count = new Uint32Array(buckets * levels);
  const colour = new Uint8Array(buckets * levels);
  const long: number[] = [];
  const longThreshold = 2 * bucketUs;
  for (let i = 0; i < n; i++) {
    let b = Math.floor((store.start[i] - t0) / bucketUs);
    if (b >= buckets) b = buckets - 1;
    const cell = store.level[i] * buckets + b;
    count[cell]++;
    const c = store.colour[i] + 1;
    if (c > colour[cell]) colour[cell] = c;
    if (store.end[i] - store.start[i] >= longThreshold) long.push(i);
  }
  const longStart = new Float64Array(long.length),
    longMaxEnd = new Float64Array(long.length);
  let maxEnd = -Infinity;
  long.forEach((i, j) => {
    longStart[j] = store.start[i];
    maxEnd = Math.max(maxEnd, store.end[i]);
    longMaxEnd[j] = maxEnd;
  });
  return { n, t0, bucketUs, buckets, levels, count, colour, long: Int32Array.from(long), longStart, longMaxEnd };
}

/** First index in [0, n) whose value is >= x (values non-decreasing); n when none. */
export function lowerBound(values: Float64Array, n: number, x: number): number {
  let lo = 0,
    hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index in [0, n) whose value is > x (values non-decreasing); n when none. */
export function upperBound(values: Float64Array, n: number, x: number): number {
  let lo = 0,
    hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// One row's spans in columnar typed arrays, sorted by start, with a sub-row ("level") per span so
// overlapping spans (concurrent HTTP requests) stack instead of hiding each other. A live run adds
// spans at their end, so a little out of start order, and changes the ends of recent ones: only
// the spans added since the last `prepare` are sorted and merged in where they belong, and the
// layout is redone from there (from the checkpoint before it), so a long run's update costs what
// changed, not the whole row.

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

  /** Spans [0, sortedTo) are in canonical order (`compareSpans`); those after were added since. */
  private sortedTo = 0;
  /** Spans [0, laidOut) have their level and maxEndPrefix. */
  private laidOut = 0;
  private levelEnd: number[] = [];
  /** The layout's state before span `k * CHECKPOINT_SPANS`, to lay out again from there. */
  private checkpoints: LayoutState[] = [];

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
    this.sortedTo = n;
    this.laidOut = n;
    // The per-level ends and checkpoints, for spans appended later (snapshots are of finished traces; this keeps appends correct anyway).
    this.levelEnd = [];
    this.overflowed = 0;
    this.checkpoints = [];
    let used = 1;
    for (let i = 0; i < n; i++) {
      if (i % CHECKPOINT_SPANS === 0) this.checkpoints.push({ levelEnd: this.levelEnd.slice(), levels: used, overflowed: this.overflowed });
      const lv = this.level[i];
      if (lv === this.maxLevels - 1 && this.start[i] < (this.levelEnd[lv] ?? -Infinity)) this.overflowed++;
      if (!(this.end[i] <= (this.levelEnd[lv] ?? -Infinity))) this.levelEnd[lv] = this.end[i];
      if (lv + 1 > used) used = lv + 1;
    }
  }

  push(start: number, end: number, ref: number, colour: number): void {
    if (this.n === this.start.length) this.grow(Math.max(64, this.n * 2));
    const i = this.n++;
    // In the canonical order (start, longer first, colour, ref; see compareSpans) the sorted part grows; else `prepare` merges it in.
    if (
      this.sortedTo === i &&
      (i === 0 || compareSpans(start, end < start ? start : end, colour, ref, this.start[i - 1], this.end[i - 1], this.colour[i - 1], this.ref[i - 1]) >= 0)
    )
      this.sortedTo = i + 1;
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
      // A span that shares its start with a neighbour may now order differently among them: they are sorted again.
      let first = i;
      while (first > 0 && this.start[first - 1] === this.start[i]) first--;
      if (first < i || (i + 1 < this.n && this.start[i + 1] === this.start[i])) this.sortedTo = Math.min(this.sortedTo, first);
      this.laidOut = Math.min(this.laidOut, i);
      left--;
    }
    this.summary = undefined;
  }

  /** Sorts and lays out whatever was pushed since the last call; cheap when nothing changed. */
  prepare(): void {
    if (this.sortedTo < this.n) {
      this.laidOut = Math.min(this.laidOut, this.mergeUnsorted());
      this.sortedTo = this.n;
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

  /**
   * Sorts the spans added since the sorted part and merges them into it; returns the first index
   * whose span changed (the layout is redone from there). Spans of a live run arrive near the
   * newest time: the merge usually touches only the end of the row.
   */
  private mergeUnsorted(): number {
    const n = this.n,
      from = this.sortedTo,
      start = this.start,
      end = this.end,
      colour = this.colour,
      ref = this.ref;
    const before = (a: number, b: number) => compareSpans(start[a], end[a], colour[a], ref[a], start[b], end[b], colour[b], ref[b]);
    const added = new Uint32Array(n - from);
    for (let k = 0; k < added.length; k++) added[k] = from + k;
    added.sort(before);
    // Where the first added span goes in the sorted part: from there on, the two are merged.
    let at = lowerBound(start, from, start[added[0]]);
    while (at < from && before(at, added[0]) <= 0) at++;
    const order = new Uint32Array(n - at);
    let i = at,
      j = 0,
      k = 0;
    while (i < from && j < added.length) order[k++] = before(i, added[j]) <= 0 ? i++ : added[j++];
    while (i < from) order[k++] = i++;
    while (j < added.length) order[k++] = added[j++];
    const permute = <T extends Float64Array | Int32Array | Uint8Array>(column: T) => {
      const copy = column.slice(at, n);
      for (let m = 0; m < order.length; m++) column[at + m] = copy[order[m] - at];
    };
    permute(start);
    permute(end);
    permute(colour);
    permute(ref);
    return at;
  }

  /**
   * Greedy interval layout: each span takes the lowest level free at its start; the last level
   * takes the overflow. Starts again at the checkpoint before `changed`.
   */
  private layOutFrom(changed: number): void {
    const c = Math.min(Math.floor(changed / CHECKPOINT_SPANS), this.checkpoints.length - 1);
    const from = Math.max(0, c) * CHECKPOINT_SPANS;
    const saved = c > 0 ? this.checkpoints[c] : undefined;
    this.levelEnd = saved ? saved.levelEnd.slice() : [];
    this.levels = saved ? saved.levels : 1;
    this.overflowed = saved ? saved.overflowed : 0;
    this.checkpoints.length = Math.max(0, c);
    const levelEnd = this.levelEnd,
      max = this.maxLevels;
    let prefix = from > 0 ? this.maxEndPrefix[from - 1] : -Infinity;
    for (let i = from; i < this.n; i++) {
      if (i % CHECKPOINT_SPANS === 0) this.checkpoints.push({ levelEnd: levelEnd.slice(), levels: this.levels, overflowed: this.overflowed });
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

/** The layout's state before a span: what laying out again from there needs. */
interface LayoutState {
  levelEnd: number[];
  levels: number;
  overflowed: number;
}
const CHECKPOINT_SPANS = 1024;

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

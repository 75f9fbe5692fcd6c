// Statistics of a time range: per category count, duration percentiles, throughput and error
// rate, and the share of time each thread's event loop was blocked.
import { BLOCK_CLASS, isErrorClass, type SpanCategory } from "./classify";
import type { SpanRow, TimelineModel } from "./timeline-model";

/** Nearest-rank percentile of ascending `sorted` values (p in (0, 100]); NaN when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const rank = Math.ceil((p / 100) * n);
  return sorted[Math.min(n - 1, Math.max(0, rank - 1))];
}

export type StatsCategory = "blocks" | "tasks" | Exclude<SpanCategory, "loop" | "tracer" | "lifecycle" | "error">;

export const STATS_LABELS: Record<StatsCategory, string> = {
  blocks: "Event-loop blocks",
  tasks: "Event-loop tasks",
  gc: "GC pauses",
  "http-server": "HTTP server requests",
  "http-client": "HTTP client requests",
  net: "DNS / connect",
  user: "User timings",
  other: "Other spans",
};

export interface CategoryStats {
  category: StatsCategory;
  label: string;
  count: number;
  /** Durations in µs. */
  p50: number;
  p95: number;
  p99: number;
  max: number;
  totalUs: number;
  errors: number;
  /** errors / count (0 when count is 0). */
  errorRate: number;
  /** Events started in the range per second of the range. */
  throughputPerSec: number;
}

export interface ThreadBlocked {
  pid: number;
  tid: number;
  label: string;
  blockedUs: number;
  /** Blocked time / range duration, 0..1. */
  share: number;
}

export interface RangeStats {
  t0: number;
  t1: number;
  durationUs: number;
  categories: CategoryStats[];
  /** Threads with an event-loop row, most blocked first. */
  threads: ThreadBlocked[];
  /** Blocked time over all those threads / (range × their number). */
  blockedShare: number;
}

class Samples {
  n = 0;
  values = new Float64Array(64);
  errors = 0;
  total = 0;
  add(v: number, error: boolean): void {
    if (this.n === this.values.length) {
      const b = new Float64Array(this.n * 2);
      b.set(this.values);
      this.values = b;
    }
    this.values[this.n++] = v;
    this.total += v;
    if (error) this.errors++;
  }
}

/** Statistics of events that start in [t0, t1] (µs, absolute), and blocked time clipped to the range. */
export function rangeStats(model: TimelineModel, t0: number, t1: number): RangeStats {
  const durationUs = Math.max(0, t1 - t0);
  const samples = new Map<StatsCategory, Samples>();
  const threads: ThreadBlocked[] = [];
  for (const { process, threads: lanes } of model.orderedLanes()) {
    for (const thread of lanes) {
      // Blocks of one thread can overlap (a foreign trace, nested slices over several rows): the
      // thread's blocked time is the union of their intervals, never more than the range.
      const blocked: Array<[number, number]> = [];
      let hasLoop = false;
      for (const row of thread.rows) {
        // Lifetimes of workers, children and lanes are not a population to take percentiles of.
        if (row.kind !== "spans" || row.category === "tracer" || row.category === "lifecycle" || row.category === "error") continue;
        collectRow(row, t0, t1, samples, blocked);
        if (row.category === "loop") hasLoop = true;
      }
      if (hasLoop) {
        const blockedUs = unionLength(blocked);
        threads.push({
          pid: process.pid,
          tid: thread.tid,
          label: `${model.threadLabel(process.pid, thread.tid)} · ${model.processLabel(process.pid)}`,
          blockedUs,
          share: durationUs > 0 ? blockedUs / durationUs : 0,
        });
      }
    }
  }
  const categories: CategoryStats[] = [];
  for (const category of Object.keys(STATS_LABELS) as StatsCategory[]) {
    const s = samples.get(category);
    if (!s || s.n === 0) continue;
    const sorted = s.values.slice(0, s.n).sort();
    categories.push({
      category,
      label: STATS_LABELS[category],
      count: s.n,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      max: sorted[s.n - 1],
      totalUs: s.total,
      errors: s.errors,
      errorRate: s.errors / s.n,
      throughputPerSec: durationUs > 0 ? s.n / (durationUs / 1e6) : 0,
    });
  }
  threads.sort((a, b) => b.share - a.share);
  const blockedTotal = threads.reduce((sum, t) => sum + t.blockedUs, 0);
  return { t0, t1, durationUs, categories, threads, blockedShare: threads.length && durationUs > 0 ? blockedTotal / (durationUs * threads.length) : 0 };
}

function unionLength(intervals: Array<[number, number]>): number {
  intervals.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let coveredTo = -Infinity;
  for (const [a, b] of intervals) {
    if (b <= coveredTo) continue;
    total += b - Math.max(a, coveredTo);
    coveredTo = b;
  }
  return total;
}

/** Adds the row's events to `samples` and its blocks' intervals, clipped to the range, to `blocked`. */
function collectRow(row: SpanRow, t0: number, t1: number, samples: Map<StatsCategory, Samples>, blocked: Array<[number, number]>): void {
  const store = row.store;
  const [lo, hi] = store.visibleRange(t0, t1);
  for (let i = lo; i < hi; i++) {
    const s = store.start[i],
      e = store.end[i],
      c = store.colour[i];
    if (row.category === "loop" && c >= BLOCK_CLASS && Math.min(e, t1) > Math.max(s, t0)) blocked.push([Math.max(s, t0), Math.min(e, t1)]);
    // Instants (marks, notes) have no duration to count.
    if (s < t0 || s > t1 || e === s) continue;
    const category: StatsCategory = row.category === "loop" ? (c >= BLOCK_CLASS ? "blocks" : "tasks") : (row.category as StatsCategory);
    let bucket = samples.get(category);
    if (!bucket) samples.set(category, (bucket = new Samples()));
    bucket.add(e - s, isErrorClass(row.category, c));
  }
}

// Thinning of high-rate events for long runs (tracer/README.md, "Long runs"). A server at 5k
// requests/s sends up to 1,000 HTTP spans a second per thread; kept whole, its trace passed V8's
// 512 MiB string limit after half an hour. Every request is still counted and timed exactly by
// the tracer's per-interval `httpstats` counters; what is thinned here is the individual spans.
//
// Per thread and kind, a token bucket in trace time: `burst` spans, refilled at `perSecond`.
// While it lasts every span is kept (a short run loses nothing); past it a long run keeps
// `perSecond` a second. Slow or failed spans (outliers) draw on a second bucket first. What is not
// kept is counted per kind (metadata) and per bin (a counter track next to the thread's others).
// Blocks, samples, counters, workers, children and errors are never thinned.

import type { WireEvent } from "../../../protocol/src/tracer-wire";
import type { ThinningReport, TraceEvent } from "../../../protocol/src/trace";
import { COUNTERS } from "../../../protocol/src/trace";

export type ThinKind = "http server" | "http client" | "net" | "gc" | "measure" | "mark";
export type ThinningPolicy = ThinningReport["policy"];

export const DEFAULT_THINNING: ThinningPolicy = {
  burst: 10_000,
  perSecond: 1,
  outlierBurst: 1_000,
  outlierPerSecond: 1,
  outlierMs: 50,
  gcOutlierMs: 10,
  binMs: 1000,
  capBytes: 128 * 1024 * 1024,
  counterFullResolutionMs: 3_600_000,
  counterBinMs: 5_000,
};

/** The default policy with the user's overrides: LOOPSCOPE_SPANS_PER_SEC, LOOPSCOPE_SPANS_BURST, LOOPSCOPE_TRACE_CAP_MB. */
export function thinningFromEnv(env: NodeJS.ProcessEnv, blockThresholdMs: number): ThinningPolicy {
  const num = (name: string) => {
    const n = Number(env[name]);
    return env[name] !== undefined && env[name] !== "" && Number.isFinite(n) && n >= 0 ? n : undefined;
  };
  const perSecond = num("LOOPSCOPE_SPANS_PER_SEC");
  const burst = num("LOOPSCOPE_SPANS_BURST");
  const capMb = num("LOOPSCOPE_TRACE_CAP_MB");
  return {
    ...DEFAULT_THINNING,
    outlierMs: blockThresholdMs,
    ...(perSecond !== undefined ? { perSecond, outlierPerSecond: perSecond } : {}),
    ...(burst !== undefined ? { burst, outlierBurst: Math.ceil(burst / 10) } : {}),
    ...(capMb !== undefined ? { capBytes: Math.round(capMb * 1024 * 1024) } : {}),
  };
}

export function thinKind(event: WireEvent): ThinKind | undefined {
  switch (event.t) {
    case "http":
      return event.side === "server" ? "http server" : "http client";
    case "net":
      return "net";
    case "gc":
      return "gc";
    case "measure":
      return "measure";
    case "mark":
      return "mark";
    default:
      return undefined;
  }
}

function isOutlier(kind: ThinKind, event: WireEvent, policy: ThinningPolicy): boolean {
  const dur = "dur" in event ? event.dur : 0;
  if (kind === "gc") return dur >= policy.gcOutlierMs * 1e3;
  if (event.t === "http" && (event.error || (event.side === "server" && (event.status ?? 0) >= 500) || (event.side === "client" && event.status === undefined)))
    return true;
  if (event.t === "net" && event.error) return true;
  return kind !== "mark" && dur >= policy.outlierMs * 1e3;
}

class Bucket {
  private tokens: number;
  private last: number | undefined;
  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
  ) {
    this.tokens = burst;
  }
  take(ts: number): boolean {
    // Events of one thread arrive nearly, not exactly, in time order: time never runs backwards here.
    if (this.last !== undefined && ts > this.last) this.tokens = Math.min(this.burst, this.tokens + ((ts - this.last) / 1e6) * this.perSecond);
    if (this.last === undefined || ts > this.last) this.last = ts;
    if (this.tokens < 1) return false;
    this.tokens--;
    return true;
  }
}

interface Lane {
  pid: number;
  tid: number;
  suffix: string;
  buckets: Map<ThinKind, { normal: Bucket; outlier: Bucket }>;
  binStart: number;
  bin: Map<ThinKind, number>;
  /** Kinds this lane ever thinned: each bin names them all, so every series drops back to 0. */
  series: Set<ThinKind>;
  binWasEmpty: boolean;
}

export class Thinner {
  private readonly lanes = new Map<string, Lane>();
  private readonly counts = new Map<ThinKind, { received: number; kept: number; thinned: number }>();
  capReachedAtMs: number | undefined;
  private thinnedByCap = 0;

  /** `emit` receives the bins of the thinned-spans counter as they close; `ts` turns recorder µs into trace µs. */
  constructor(
    readonly policy: ThinningPolicy,
    private readonly ts: (us: number) => number,
    private readonly emit: (event: TraceEvent) => void,
  ) {}

  /** Whether to keep `event` (a `kind` event of the thread `laneKey`); counted either way. `capped`: the size cap was reached. */
  keep(laneKey: string, place: { pid: number; tid: number; threadId: number }, kind: ThinKind, event: WireEvent, capped: boolean): boolean {
    const count = this.counts.get(kind) ?? { received: 0, kept: 0, thinned: 0 };
    this.counts.set(kind, count);
    count.received++;
    const lane = this.lane(laneKey, place);
    this.roll(lane, event.ts);
    let buckets = lane.buckets.get(kind);
    if (!buckets) {
      const p = this.policy;
      buckets = { normal: new Bucket(p.burst, p.perSecond), outlier: new Bucket(p.outlierBurst, p.outlierPerSecond) };
      lane.buckets.set(kind, buckets);
    }
    const kept = !capped && ((isOutlier(kind, event, this.policy) && buckets.outlier.take(event.ts)) || buckets.normal.take(event.ts));
    if (kept) {
      count.kept++;
      return true;
    }
    count.thinned++;
    if (capped) this.thinnedByCap++;
    lane.bin.set(kind, (lane.bin.get(kind) ?? 0) + 1);
    lane.series.add(kind);
    return false;
  }

  /** The bins still open, as counter events, without closing them (a build may come before the run's end). */
  openBins(): TraceEvent[] {
    const out: TraceEvent[] = [];
    for (const lane of this.lanes.values()) {
      if (lane.bin.size) {
        out.push(this.binEvent(lane, lane.binStart, lane.bin));
        out.push(this.binEvent(lane, lane.binStart + this.policy.binMs * 1e3, new Map()));
      } else if (!lane.binWasEmpty) {
        out.push(this.binEvent(lane, lane.binStart, lane.bin));
      }
    }
    return out;
  }

  report(counters: ThinningReport["counters"]): ThinningReport {
    const kinds: ThinningReport["kinds"] = {};
    for (const [kind, c] of this.counts) kinds[kind] = { ...c };
    return {
      policy: { ...this.policy },
      kinds,
      counters,
      ...(this.capReachedAtMs !== undefined ? { capReachedAtMs: this.capReachedAtMs } : {}),
      thinnedByCap: this.thinnedByCap,
    };
  }

  get thinnedAny(): boolean {
    for (const c of this.counts.values()) if (c.thinned) return true;
    return false;
  }

  private lane(key: string, place: { pid: number; tid: number; threadId: number }): Lane {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = {
        pid: place.pid,
        tid: place.tid,
        suffix: place.threadId === 0 ? "" : ` (worker ${place.threadId})`,
        buckets: new Map(),
        binStart: -1,
        bin: new Map(),
        series: new Set(),
        binWasEmpty: true,
      };
      this.lanes.set(key, lane);
    }
    return lane;
  }

  private roll(lane: Lane, ts: number): void {
    const binUs = this.policy.binMs * 1e3;
    const start = Math.floor(ts / binUs) * binUs;
    if (lane.binStart < 0) lane.binStart = start;
    if (start <= lane.binStart) return;
    this.closeBin(lane, start);
    lane.binStart = start;
  }

  private binEvent(lane: Lane, ts: number, counts: Map<ThinKind, number>): TraceEvent {
    const args: Record<string, number> = {};
    for (const kind of lane.series) args[kind] = counts.get(kind) ?? 0;
    return { ph: "C", name: COUNTERS.thinned + lane.suffix, ts: this.ts(ts), pid: lane.pid, tid: lane.tid, args };
  }

  /** Writes the bin (when it thinned, or steps the counter back to 0 after one that did); `next` is where the next bin starts. */
  private closeBin(lane: Lane, next: number): void {
    const binEnd = lane.binStart + this.policy.binMs * 1e3;
    if (lane.bin.size) {
      this.emit(this.binEvent(lane, lane.binStart, lane.bin));
      // Bins nothing arrived in are never opened: the step back to 0 is written here.
      if (next > binEnd) this.emit(this.binEvent(lane, binEnd, new Map()));
      lane.binWasEmpty = next > binEnd;
    } else {
      if (!lane.binWasEmpty) this.emit(this.binEvent(lane, lane.binStart, lane.bin));
      lane.binWasEmpty = true;
    }
    lane.bin.clear();
  }
}

// Binning of a long run's counters (tracer/README.md, "Long runs"). Each thread sends its loop
// metrics, HTTP statistics and worker messages every 500 ms: 4.3 MB an hour per thread as trace
// counters, never thinned by the span budget. After `fullResolutionMs` of a thread's run, its
// counters are merged into bins of `binMs`: counts are summed (exact), worst values kept as the
// maximum (delay percentiles and maxima, HTTP p99 and max, memory), utilisation averaged,
// the HTTP p50 averaged by request count (an approximation, stated in the policy).

import type { HttpStatsEvent, LoopEvent, WireEvent, WorkerMessagesEvent } from "../../../protocol/src/tracer-wire";

export type BinnedEvent = LoopEvent | HttpStatsEvent | WorkerMessagesEvent;
export interface CounterBinPolicy {
  fullResolutionMs: number;
  binMs: number;
}
export const isBinnedCounter = (event: WireEvent): event is BinnedEvent => event.t === "loop" || event.t === "httpstats" || event.t === "wmsg";

interface Open<P> {
  place: P;
  binStart: number;
  event: BinnedEvent;
  n: number;
}

export class CounterBinner<P> {
  private readonly firstTs = new Map<string, number>();
  private readonly open = new Map<string, Open<P>>();
  received = 0;
  written = 0;

  constructor(readonly policy: CounterBinPolicy) {}

  /** The counter events to write now for `event` of lane `laneKey`: itself early in the run, else closed bins. */
  offer(laneKey: string, place: P, event: BinnedEvent): Array<{ place: P; event: BinnedEvent }> {
    this.received++;
    const first = this.firstTs.get(laneKey) ?? event.ts;
    if (!this.firstTs.has(laneKey)) this.firstTs.set(laneKey, first);
    if (event.ts - first < this.policy.fullResolutionMs * 1e3) {
      this.written++;
      return [{ place, event }];
    }
    const binUs = this.policy.binMs * 1e3;
    const key = `${laneKey}|${event.t}|${event.t === "httpstats" ? event.side : event.t === "wmsg" ? event.peer : ""}`;
    const binStart = Math.floor(event.ts / binUs) * binUs;
    const open = this.open.get(key);
    if (open && binStart <= open.binStart) {
      merge(open, event);
      return [];
    }
    this.open.set(key, { place, binStart, event: { ...event, ts: binStart }, n: 1 });
    return open ? [this.close(open)] : [];
  }

  get openCount(): number {
    return this.open.size;
  }

  /** The bins still open, as they would be written, without closing them (a build may come before the run's end). */
  openBins(): Array<{ place: P; event: BinnedEvent }> {
    return [...this.open.values()].map(o => ({ place: o.place, event: o.event.t === "loop" ? { ...o.event, elu: o.event.elu / o.n } : { ...o.event } }));
  }

  private close(open: Open<P>): { place: P; event: BinnedEvent } {
    this.written++;
    const e = open.event;
    if (e.t === "loop") e.elu /= open.n;
    return { place: open.place, event: e };
  }
}

function merge(open: Open<unknown>, next: BinnedEvent): void {
  const e = open.event;
  open.n++;
  if (e.t === "loop" && next.t === "loop") {
    e.delayP50 = Math.max(e.delayP50, next.delayP50);
    e.delayP99 = Math.max(e.delayP99, next.delayP99);
    e.delayMax = Math.max(e.delayMax, next.delayMax);
    e.elu += next.elu;
    e.heapUsed = Math.max(e.heapUsed, next.heapUsed);
    e.heapTotal = Math.max(e.heapTotal, next.heapTotal);
    if (next.rss !== undefined) e.rss = Math.max(e.rss ?? 0, next.rss);
    e.handles = next.handles;
    e.requests = next.requests;
  } else if (e.t === "httpstats" && next.t === "httpstats") {
    const total = e.count + next.count;
    e.p50 = total ? (e.p50 * e.count + next.p50 * next.count) / total : 0;
    e.count = total;
    e.errors += next.errors;
    e.notSent += next.notSent;
    e.p99 = Math.max(e.p99, next.p99);
    e.max = Math.max(e.max, next.max);
  } else if (e.t === "wmsg" && next.t === "wmsg") {
    e.count += next.count;
    e.bytes += next.bytes;
  }
}

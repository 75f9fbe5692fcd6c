// The records of a model restored from a snapshot (snapshot.ts): names and times at once, the
// events behind them later, asked by index of whoever keeps the trace (`serve`) as they are shown:
// the VS Code host (answers arrive in a later message), or the page itself (the report's text
// index, or a trace it parsed), which answers at once.
import { checkTraceEvent, type AnyTraceEvent } from "../../protocol/src/trace-validate";
import type { ModelEvent } from "./timeline-model";

/** Events of a trace someone else keeps, by index in its `traceEvents`: arrived, and asked but not yet arrived. */
export interface ServedEvents {
  request(indices: number[]): void;
  arrived: Map<number, AnyTraceEvent>;
  asked: Set<number>;
  /** The keeper answers inside `request` (the page has the trace): asking costs no message. */
  atOnce: boolean;
}

export class LazyRecords {
  served: ServedEvents | undefined;
  /** Records built so far, by ref. */
  readonly cache = new Map<number, ModelEvent>();

  constructor(
    readonly names: string[],
    readonly nameIndex: Int32Array,
    readonly ts: Float64Array,
    /** Index of each record's (begin) event, and of its end event (-1 when none). */
    readonly begin: Int32Array,
    readonly end: Int32Array,
    readonly unfinished: Uint8Array,
  ) {}

  get count(): number {
    return this.nameIndex.length;
  }

  /**
   * The events record `ref` is made of, when they are here. Asks for the missing ones (once); a
   * keeper that answers at once (`arrived` inside `request`) gives them now, else this gives
   * undefined and the view shows "loading" until they arrive.
   */
  eventsOf(ref: number): { begin: AnyTraceEvent; end: AnyTraceEvent | undefined } | undefined {
    const b = this.begin[ref]!,
      e = this.end[ref]!;
    const served = this.served;
    if (!served) return undefined;
    const wanted = e >= 0 ? [b, e] : [b];
    const toAsk = wanted.filter(i => !served.arrived.has(i) && !served.asked.has(i));
    for (const i of toAsk) served.asked.add(i);
    if (toAsk.length) served.request(toAsk);
    if (!wanted.every(i => served.arrived.has(i))) return undefined;
    return { begin: served.arrived.get(b)!, end: e >= 0 ? served.arrived.get(e) : undefined };
  }

  /** Someone else keeps the trace: events are asked with `request` as records need them. */
  serve(request: (indices: number[]) => void, atOnce = false): void {
    this.served = { request, arrived: new Map(), asked: new Set(), atOnce };
    this.cache.clear();
  }

  /**
   * Served events arrived. Each is checked like a live event; one that fails is dropped (its
   * record stays "loading") and counted. Events nobody asked for are ignored.
   */
  arrived(indices: readonly number[], events: readonly unknown[]): { accepted: number; rejected: number } {
    const served = this.served;
    let accepted = 0,
      rejected = 0;
    if (!served) return { accepted, rejected };
    indices.forEach((index, i) => {
      if (!served.asked.has(index)) return;
      if (checkTraceEvent(events[i]) === undefined) {
        served.arrived.set(index, events[i] as AnyTraceEvent);
        accepted++;
      } else rejected++;
    });
    return { accepted, rejected };
  }
}

// The records of a model restored from a snapshot (snapshot.ts), or grown from a live run's deltas
// (snapshot-delta.ts): names and times at once, the events behind them later, asked by index of
// whoever keeps the trace (`serve`) as they are shown: the VS Code host (answers arrive in a later
// message), or the page itself (the report's text index, or a trace it parsed), which answers at
// once.
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

/** A record's state (the `state` column): finished, a begin without an end, or a live span still running. */
export const RECORD_DONE = 0;
export const RECORD_UNFINISHED = 1;
export const RECORD_ONGOING = 2;

export class LazyRecords {
  served: ServedEvents | undefined;
  /** Records built so far, by ref (never an ongoing one: it grows with every delta). */
  readonly cache = new Map<number, ModelEvent>();
  private n: number;

  constructor(
    readonly names: string[],
    public nameIndex: Int32Array,
    public ts: Float64Array,
    /** Index of each record's (begin) event, and of its end event (-1 when none). */
    public begin: Int32Array,
    public end: Int32Array,
    /** RECORD_DONE, RECORD_UNFINISHED or RECORD_ONGOING. */
    public state: Uint8Array,
  ) {
    this.n = nameIndex.length;
  }

  static empty(): LazyRecords {
    return new LazyRecords([], new Int32Array(0), new Float64Array(0), new Int32Array(0), new Int32Array(0), new Uint8Array(0));
  }

  get count(): number {
    return this.n;
  }

  /** Records appended after the ones there (a live run's delta); `names` extends the name table. */
  append(names: readonly string[], columns: { nameIndex: Int32Array; ts: Float64Array; begin: Int32Array; end: Int32Array; state: Uint8Array }): void {
    this.names.push(...names);
    const k = columns.nameIndex.length;
    if (this.n + k > this.nameIndex.length) this.grow(Math.max(this.n + k, this.nameIndex.length * 2, 64));
    this.nameIndex.set(columns.nameIndex, this.n);
    this.ts.set(columns.ts, this.n);
    this.begin.set(columns.begin, this.n);
    this.end.set(columns.end, this.n);
    this.state.set(columns.state, this.n);
    this.n += k;
  }

  /** A record's end arrived, or its state changed (a live span that ended). */
  update(ref: number, end: number, state: number): void {
    if (!(ref >= 0 && ref < this.n)) return;
    this.end[ref] = end;
    this.state[ref] = state;
    this.cache.delete(ref);
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
    if (!served || b < 0) return undefined;
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
   * Served events arrived. Each is checked like a trace file's event; one that fails is dropped
   * (its record stays "loading") and counted. Events nobody asked for are ignored.
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

  private grow(capacity: number): void {
    const grown = <T extends Int32Array | Float64Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(capacity);
      b.set(a.subarray(0, this.n) as never);
      return b;
    };
    this.nameIndex = grown(this.nameIndex, n => new Int32Array(n));
    this.ts = grown(this.ts, n => new Float64Array(n));
    this.begin = grown(this.begin, n => new Int32Array(n));
    this.end = grown(this.end, n => new Int32Array(n));
    this.state = grown(this.state, n => new Uint8Array(n));
  }
}

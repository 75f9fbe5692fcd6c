// The timeline's data model: trace events sorted into lanes (one per process), threads and rows,
// with flows, counters and the run's metadata. Pure (no DOM), so it is tested under Node and the
// same code serves a whole file and a live run's batches (in the extension, live-trace.ts; the page
// gets the model as a snapshot or as deltas, snapshot-delta.ts). In a live run, a span whose begin
// came in an earlier batch than its end (a worker or child process still running, a thread's
// lane) is drawn as ongoing up to the newest event after each batch, and its end completes that
// same record: the rows end up as those of the whole file.
import type { RunMetadata } from "../../protocol/src/trace";
import type { AnyTraceEvent, ValidTrace } from "../../protocol/src/trace-validate";
import { CounterStore } from "./counter-store";
import { SpanStore } from "./span-store";
import { RECORD_DONE, RECORD_ONGOING, type LazyRecords } from "./lazy-records";
import { counterLabel } from "./counter-series";
import { colourClassFor, counterOrder, counterUnit, rowKindFor } from "./classify";
import {
  DEFAULT_BLOCK_THRESHOLD_MS,
  type CounterRow,
  type Flow,
  type ModelEvent,
  type ProcessLane,
  type RecordSources,
  type Row,
  type SpanRow,
  type ThreadLane,
} from "./model-types";
import { OpenBegins, spanFromPair } from "./open-begins";
import { LaneIndex } from "./lane-index";
import { FlowIndex } from "./flow-index";
import { SourceIndex } from "./record-sources";
import { StoreUpdates } from "./store-updates";
import { DropCounts } from "./drop-counts";

// The model's parts live in files of their own; their types are part of this module's interface.
export type { CounterRow, Flow, ModelEvent, ProcessLane, RecordSources, Row, SpanRow, ThreadLane } from "./model-types";
export { DEFAULT_BLOCK_THRESHOLD_MS } from "./model-types";

export class TimelineModel {
  /** Event records by `ref` (the stores' ref column); empty for a model restored from a snapshot (see `lazy`). */
  readonly records: ModelEvent[] = [];
  lazy: LazyRecords | undefined;
  /** Length of the event array(s) given to `addEvents`: what `sources` index into. */
  sourceEventCount = 0;
  private readonly sourceIndex = new SourceIndex();
  private readonly lanes = new LaneIndex();
  private readonly flowIndex = new FlowIndex();
  /** Earliest and latest time of any drawn event (µs); Infinity/-Infinity while empty. */
  startUs = Infinity;
  endUs = -Infinity;
  thresholdUs: number;
  metadata: RunMetadata | undefined;
  private readonly drops = new DropCounts();
  /** Events drawn or used (spans, instants, counter samples, flows, metadata). */
  eventCount = 0;
  rejectedCount = 0;
  private readonly open = new OpenBegins();
  /** Live: begins drawn before their end arrived → where their record is. */
  private readonly ongoing = new Map<ModelEvent, { row: SpanRow; ref: number }>();
  private readonly storeUpdates = new StoreUpdates();
  /** Records before this one were let go of (`releaseRecordsBefore`), but for ongoing ones. */
  private releasedTo = 0;
  /** Records before `releasedTo` kept because they were ongoing then. */
  private keptOngoing: number[] = [];
  /** The row `addSpan` used last. */
  private lastRow: SpanRow | undefined;

  constructor(options: { blockThresholdMs?: number; metadata?: RunMetadata } = {}) {
    this.metadata = options.metadata;
    const ms = options.blockThresholdMs ?? options.metadata?.blockThresholdMs ?? DEFAULT_BLOCK_THRESHOLD_MS;
    this.thresholdUs = (Number.isFinite(ms) && ms > 0 ? ms : DEFAULT_BLOCK_THRESHOLD_MS) * 1000;
  }

  /** Filled while adding a file's events, for snapshots. */
  get sources(): RecordSources {
    return this.sourceIndex.sources;
  }
  get processes(): Map<number, ProcessLane> {
    return this.lanes.processes;
  }
  get flows(): Flow[] {
    return this.flowIndex.flows;
  }
  /** Bumped whenever rows or processes are added, so the view knows to lay out again. */
  get structureVersion(): number {
    return this.lanes.version;
  }

  /** Events the tracers could not send: the live status, else the run's metadata, else the tracers' notes. */
  get dropped(): number {
    return this.drops.total(this.metadata);
  }
  /** Drops reported by tracer notes (snapshots carry them). */
  get droppedFromNotes(): number {
    return this.drops.fromNotes;
  }
  set droppedFromNotes(n: number) {
    this.drops.fromNotes = n;
  }
  get dropsByStream(): Record<string, number> {
    return this.drops.byStream;
  }
  set dropsByStream(byStream: Record<string, number>) {
    this.drops.byStream = byStream;
  }

  setLiveDrops(dropped: number | undefined, byStream?: Record<string, number>): void {
    this.drops.setLive(dropped, byStream);
  }

  setMetadata(metadata: RunMetadata | undefined): void {
    this.metadata = metadata;
    this.drops.setFromMetadata(metadata);
  }

  /**
   * Adds events already checked by `validateTrace` (or made by the recorder), the next part of the
   * trace's event array: records point into that array (`sources`) across calls.
   */
  addEvents(events: readonly AnyTraceEvent[]): void {
    const base = this.sourceEventCount;
    this.sourceEventCount += events.length;
    for (let i = 0; i < events.length; i++) {
      this.sourceIndex.current = base + i;
      this.addEvent(events[i] as unknown as ModelEvent & { id?: string | number; bp?: string });
    }
    this.sourceIndex.current = -1;
  }

  /**
   * Adds a live run's batch (`addEvents`); begins still open after it are drawn as ongoing up to
   * the newest event (see `ongoing`), and a later batch's end completes the same record.
   */
  addLiveBatch(events: readonly AnyTraceEvent[]): void {
    this.addEvents(events);
    this.drawOngoing();
  }

  /** Called with the new ends and colours of spans already pushed (a live delta sends them on). */
  onSpansChanged(listener: (store: SpanStore, changes: ReadonlyMap<number, { end: number; colour: number }>) => void): void {
    this.storeUpdates.listener = listener;
  }

  get recordCount(): number {
    return this.lazy ? this.lazy.count : this.records.length;
  }

  recordName(ref: number): string {
    const lazy = this.lazy;
    return lazy ? (lazy.names[lazy.nameIndex[ref]] ?? "") : (this.records[ref]?.name ?? "");
  }

  recordTs(ref: number): number {
    return this.lazy ? this.lazy.ts[ref] : (this.records[ref]?.ts ?? NaN);
  }

  /** The full event behind a ref; undefined while a snapshot's trace is still being read. */
  record(ref: number): ModelEvent | undefined {
    const lazy = this.lazy;
    if (!lazy) return this.records[ref];
    if (!(ref >= 0 && ref < lazy.count)) return undefined;
    let e = lazy.cache.get(ref);
    if (!e) {
      const events = lazy.eventsOf(ref);
      if (!events) return undefined;
      const begin = events.begin as unknown as ModelEvent;
      const end = events.end as unknown as ModelEvent | undefined;
      const state = lazy.state[ref];
      const unfinished = state !== RECORD_DONE;
      e = end ? spanFromPair(begin, end.ts, end.args, unfinished) : unfinished ? spanFromPair(begin, this.endUs, undefined, true) : begin;
      // A live span still running reaches the newest event: built again each time, never kept.
      if (state === RECORD_ONGOING && !end) e.ongoing = true;
      else lazy.cache.set(ref, e);
    }
    return e;
  }

  /** The host (or the report's own text index) keeps this snapshot-restored model's trace: see LazyRecords.serve. */
  serveEvents(request: (indices: number[]) => void, atOnce = false): void {
    this.lazy?.serve(request, atOnce);
  }

  /** Events of a served trace arrived (see LazyRecords.arrived). */
  eventsArrived(indices: readonly number[], events: readonly unknown[]): { accepted: number; rejected: number } {
    return this.lazy ? this.lazy.arrived(indices, events) : { accepted: 0, rejected: 0 };
  }

  /**
   * This snapshot-restored model's trace is here (the report's text, a file the page parsed):
   * `events(indices)` gives the events at those indices, and each record gets them as it is asked.
   */
  serveEventsFrom(events: (indices: readonly number[]) => readonly unknown[]): void {
    this.serveEvents(indices => this.eventsArrived(indices, events(indices)), true);
  }

  /**
   * A live run's recorder sent the records before `ref` on (snapshot-delta.ts) and can read their
   * events back: it lets go of them, except those still drawn as ongoing (their end is to come),
   * so its memory does not grow with the run's events. `record(ref)` is then undefined for them.
   */
  releaseRecordsBefore(ref: number): void {
    const end = Math.min(ref, this.records.length);
    if (end <= this.releasedTo && !this.keptOngoing.length) return;
    const keep = new Set<number>();
    for (const live of this.ongoing.values()) keep.add(live.ref);
    const records = this.records as (ModelEvent | undefined)[];
    const stillKept: number[] = [];
    const release = (i: number) => {
      if (keep.has(i)) stillKept.push(i);
      else records[i] = undefined;
    };
    // Spans kept while ongoing, then the records sent since.
    for (const i of this.keptOngoing) if (i < end) release(i);
    for (let i = this.releasedTo; i < end; i++) release(i);
    this.keptOngoing = stillKept;
    this.releasedTo = Math.max(this.releasedTo, end);
  }

  /** Closes begin events still open at the end of a file (or a live run): they are drawn to the trace's end. */
  finish(): void {
    const close = (begin: ModelEvent) => {
      const end = Math.max(this.endUs, begin.ts);
      const live = this.ongoing.get(begin);
      if (live) this.endOngoing(begin, live, end, undefined, true, -1);
      else this.addSpan(spanFromPair(begin, end, undefined, true), this.sourceIndex.takeBegin(begin), -1);
    };
    for (const begin of this.open.drain()) close(begin);
    this.storeUpdates.apply();
  }

  /** Sorts and lays out rows changed since the last call. */
  prepare(): void {
    this.storeUpdates.apply();
    for (const row of this.lanes.rows()) row.store.prepare();
    for (const row of this.lanes.rows()) {
      if (row.kind === "counter") row.unit = counterUnit(row.label, row.store.series, Math.max(...row.store.max, 0));
    }
  }

  /** Processes in display order, each with its threads in display order (rows already ordered). */
  orderedLanes(): { process: ProcessLane; threads: ThreadLane[] }[] {
    return this.lanes.ordered();
  }
  rows(): Row[] {
    return [...this.lanes.rows()];
  }
  row(id: string): Row | undefined {
    return this.lanes.row(id);
  }
  processLabel(pid: number): string {
    return this.lanes.processLabel(pid);
  }
  threadLabel(pid: number, tid: number): string {
    return this.lanes.threadLabel(pid, tid);
  }

  get isEmpty(): boolean {
    return this.startUs > this.endUs;
  }

  // ------------------------------------------------------------------ snapshot restore (snapshot.ts)

  restoreLane(
    pid: number,
    process: { name?: string; labels?: string; sortIndex?: number },
    tid?: number,
    thread?: { name?: string; sortIndex?: number },
  ): void {
    const p = this.lanes.ensureProcess(pid);
    // A live delta names a lane again when it changes: the view lays out again.
    if (p.name !== process.name || p.labels !== process.labels || p.sortIndex !== process.sortIndex) this.lanes.version++;
    p.name = process.name;
    p.labels = process.labels;
    p.sortIndex = process.sortIndex;
    if (tid !== undefined) {
      const t = this.lanes.ensureThread(pid, tid);
      if (t.name !== thread?.name || t.sortIndex !== thread?.sortIndex) this.lanes.version++;
      t.name = thread?.name;
      t.sortIndex = thread?.sortIndex;
    }
  }

  restoreRow(pid: number, tid: number, row: Row): void {
    this.lanes.insertRow(pid, tid, row);
  }

  // ------------------------------------------------------------------ internals

  private addEvent(e: ModelEvent & { id?: string | number; bp?: string }): void {
    const tid = e.tid ?? 0;
    switch (e.ph) {
      case "X":
        this.addSpan(e);
        return;
      case "i":
      case "I":
        if (e.cat === "loopscope.tracer") this.drops.noteTracerEvent(e);
        this.addSpan(e);
        return;
      case "C":
        this.addCounter(e, tid);
        return;
      case "b":
        this.open.pushAsync(e, e.id ?? "");
        this.sourceIndex.rememberBegin(e);
        this.extend(e.ts, e.ts);
        return;
      case "e": {
        const begin = this.open.popAsync(e.pid, e.cat ?? "", e.id ?? "");
        if (!begin) return;
        const live = this.ongoing.get(begin);
        if (live) this.endOngoing(begin, live, e.ts, e.args, e.args?.unfinished === true, this.sourceIndex.current);
        else this.addSpan(spanFromPair(begin, e.ts, e.args, e.args?.unfinished === true), this.sourceIndex.takeBegin(begin), this.sourceIndex.current);
        return;
      }
      case "n":
        this.addSpan({ ...e, ph: "i" });
        return;
      case "B":
        this.open.pushThread(e, tid);
        this.sourceIndex.rememberBegin(e);
        this.extend(e.ts, e.ts);
        return;
      case "E": {
        const begin = this.open.popThread(e.pid, tid);
        if (!begin) return;
        const live = this.ongoing.get(begin);
        if (live) this.endOngoing(begin, live, e.ts, e.args, false, this.sourceIndex.current);
        else this.addSpan(spanFromPair(begin, e.ts, e.args, false), this.sourceIndex.takeBegin(begin), this.sourceIndex.current);
        return;
      }
      case "s":
      case "t":
      case "f": {
        this.eventCount++;
        this.lanes.ensureThread(e.pid, tid);
        this.flowIndex.add(e, tid);
        this.extend(e.ts, e.ts);
        return;
      }
      case "M":
        this.eventCount++;
        this.lanes.applyMetadata(e, tid);
        return;
    }
  }

  private addSpan(e: ModelEvent, beginIndex = this.sourceIndex.current, endIndex = -1): void {
    const kind = rowKindFor(e.cat, e.args);
    const tid = e.tid ?? 0;
    const rows = this.lanes.rowsOfThread(e.pid, tid);
    let row = rows.get(kind.key) as SpanRow | undefined;
    if (!row) {
      const id = `${e.pid}:${tid}:${kind.key}`;
      row = { kind: "spans", id, label: kind.label, category: kind.category, order: kind.order, store: new SpanStore(kind.maxLevels) };
      this.lanes.insertRow(e.pid, tid, row);
      rows.set(kind.key, row);
    }
    const dur = e.dur ?? 0;
    const ref = this.records.push(e) - 1;
    this.sourceIndex.note(ref, beginIndex, endIndex);
    // A b/e pair's outcome (exit code, status) may only be known at its end.
    const args = e.endArgs ? { ...e.args, ...e.endArgs } : e.args;
    row.store.push(e.ts, e.ts + dur, ref, colourClassFor(kind, e.cat, e.ph, e.name, dur, this.thresholdUs, args));
    this.lastRow = row;
    this.eventCount++;
    this.extend(e.ts, e.ts + dur);
  }

  /** After a live batch: begins without their end yet get a record now, and every such record reaches the newest event. */
  private drawOngoing(): void {
    const draw = (begin: ModelEvent) => {
      if (this.ongoing.has(begin)) return;
      const span = spanFromPair(begin, Math.max(this.endUs, begin.ts), undefined, true);
      span.ongoing = true;
      this.addSpan(span, this.sourceIndex.beginOf(begin), -1);
      this.ongoing.set(begin, { row: this.lastRow!, ref: this.records.length - 1 });
    };
    for (const begin of this.open.values()) draw(begin);
    for (const { row, ref } of this.ongoing.values()) {
      const record = this.records[ref]!;
      const end = Math.max(this.endUs, record.ts);
      if (record.ts + (record.dur ?? 0) === end) continue;
      record.dur = end - record.ts;
      this.updateStore(row, ref, record);
    }
    this.storeUpdates.apply();
  }

  /** The end of a span drawn as ongoing arrived: the same record now ends there, with the end's args. */
  private endOngoing(
    begin: ModelEvent,
    live: { row: SpanRow; ref: number },
    endTs: number,
    endArgs: Record<string, unknown> | undefined,
    unfinished: boolean,
    endIndex: number,
  ): void {
    this.ongoing.delete(begin);
    this.sourceIndex.note(live.ref, this.sourceIndex.takeBegin(begin), endIndex);
    const record = this.records[live.ref]!;
    record.dur = Math.max(0, endTs - record.ts);
    if (endArgs !== undefined) record.endArgs = endArgs;
    delete record.ongoing;
    if (unfinished) record.unfinished = true;
    else delete record.unfinished;
    this.updateStore(live.row, live.ref, record);
    this.extend(record.ts, record.ts + record.dur);
  }

  private updateStore(row: SpanRow, ref: number, record: ModelEvent): void {
    const kind = rowKindFor(record.cat, record.args);
    const args = record.endArgs ? { ...record.args, ...record.endArgs } : record.args;
    const dur = record.dur ?? 0;
    this.storeUpdates.queue(row.store, ref, record.ts + dur, colourClassFor(kind, record.cat, record.ph, record.name, dur, this.thresholdUs, args));
  }

  private addCounter(e: ModelEvent & { id?: string | number }, tid: number): void {
    const name = e.id !== undefined ? `${e.name} ${e.id}` : e.name;
    const id = `${e.pid}:${tid}:counter:${name}`;
    let row = this.lanes.row(id) as CounterRow | undefined;
    if (!row) {
      // Recorders suffix worker counters with "(worker N)" for viewers that key counters by process; the row is already under that worker.
      const label = counterLabel(name.replace(/ \(worker \d+\)$/, ""));
      row = { kind: "counter", id, label, order: 10 + counterOrder(name), store: new CounterStore(), unit: "count" };
      this.lanes.insertRow(e.pid, tid, row);
    }
    row.store.push(e.ts, e.args ?? {});
    this.eventCount++;
    this.extend(e.ts, e.ts);
  }

  private extend(start: number, end: number): void {
    if (start < this.startUs) this.startUs = start;
    if (end > this.endUs) this.endUs = end;
  }
}

/** The laid-out model of a whole trace file (the page and the extension's snapshot worker build it the same way). */
export function modelOfTrace(trace: Pick<ValidTrace, "events" | "metadata">): TimelineModel {
  const metadata = trace.metadata?.loopscope;
  const model = new TimelineModel({ metadata: isRunMetadata(metadata) ? metadata : undefined });
  model.addEvents(trace.events);
  model.finish();
  model.prepare();
  return model;
}

/** Loopscope's own run metadata (its block threshold), not whatever else a trace's `loopscope` key holds. */
export function isRunMetadata(v: unknown): v is RunMetadata {
  return typeof v === "object" && v !== null && typeof (v as RunMetadata).blockThresholdMs === "number";
}

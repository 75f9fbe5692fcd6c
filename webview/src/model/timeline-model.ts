// The timeline's data model: trace events sorted into lanes (one per process), threads and rows,
// with flows, counters and the run's metadata. Pure (no DOM), so it is tested under Node and the
// same code serves a whole file and a live stream of batches. In a live stream, a span whose begin
// came in an earlier batch than its end (a worker or child process still running, a thread's
// lane) is drawn as ongoing up to the newest event after each batch, and its end completes that
// same record: the rows end up as those of the whole file.
import type { RunMetadata } from "../../../protocol/src/trace";
import { checkTraceEvent, type AnyTraceEvent, type ValidTrace } from "../../../protocol/src/trace-validate";
import { CounterStore } from "./counter-store";
import { SpanStore } from "./span-store";
import type { LazyRecords } from "./lazy-records";
import { counterLabel } from "./counter-series";
import { colourClassFor, counterOrder, counterUnit, rowKindFor, type CounterUnit, type SpanCategory } from "./classify";

/** What the view shows about one drawn event: the trace event itself, or a span built from a begin/end pair. */
export interface ModelEvent {
  name: string;
  cat?: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid?: number;
  args?: Record<string, unknown>;
  /** Args of the closing event of a b/e or B/E pair. */
  endArgs?: Record<string, unknown>;
  /** A begin without an end: drawn to the end of the trace. */
  unfinished?: boolean;
  /** Live: a begin whose end has not arrived yet, drawn up to the newest event so far (also `unfinished`). */
  ongoing?: boolean;
}

export interface SpanRow {
  kind: "spans";
  /** Unique in the model: `pid:tid:rowKey`. */
  id: string;
  label: string;
  category: SpanCategory;
  order: number;
  store: SpanStore;
}

export interface CounterRow {
  kind: "counter";
  id: string;
  label: string;
  order: number;
  store: CounterStore;
  unit: CounterUnit;
}

export type Row = SpanRow | CounterRow;

export interface ThreadLane {
  key: string;
  pid: number;
  tid: number;
  name: string | undefined;
  sortIndex: number | undefined;
  rows: Row[];
}

export interface ProcessLane {
  pid: number;
  name: string | undefined;
  labels: string | undefined;
  sortIndex: number | undefined;
  threads: Map<number, ThreadLane>;
}

/** An arrow from where something was started (a thread at a time) to where it runs. */
export interface Flow {
  name: string;
  fromTs: number; fromPid: number; fromTid: number;
  toTs: number; toPid: number; toTid: number;
}

export const DEFAULT_BLOCK_THRESHOLD_MS = 50;

/** Where each record came from in the trace's event array: its (begin) event, and the end event of a pair (-1 when none). */
export interface RecordSources { begin: Int32Array; end: Int32Array; n: number }

export class TimelineModel {
  /** Event records by `ref` (the stores' ref column); empty for a model restored from a snapshot (see `lazy`). */
  readonly records: ModelEvent[] = [];
  lazy: LazyRecords | undefined;
  /** Length of the event array(s) given to `addEvents`: what `sources` index into. */
  sourceEventCount = 0;
  /** Filled while adding a file's events, for snapshots. */
  readonly sources: RecordSources = { begin: new Int32Array(1024), end: new Int32Array(1024), n: 0 };
  private currentIndex = -1;
  private readonly beginIndex = new Map<ModelEvent, number>();
  readonly processes = new Map<number, ProcessLane>();
  readonly flows: Flow[] = [];
  /** Earliest and latest time of any drawn event (µs); Infinity/-Infinity while empty. */
  startUs = Infinity;
  endUs = -Infinity;
  thresholdUs: number;
  metadata: RunMetadata | undefined;
  /** Drops reported by tracer notes and live status (metadata.eventsDropped wins when present). */
  droppedFromNotes = 0;
  private liveDropped: number | undefined;
  dropsByStream: Record<string, number> = {};
  /** Events drawn or used (spans, instants, counter samples, flows, metadata). */
  eventCount = 0;
  rejectedCount = 0;
  /** Open begin events by key: one event, or a stack when the same id nests. Keys are deleted when closed, so the maps stay small. */
  private readonly openAsync = new AsyncIndex();
  private readonly openBE = new Map<string | number, ModelEvent | ModelEvent[]>();
  private readonly openFlows = new Map<string, { ts: number; pid: number; tid: number; name: string }>();
  /** Live: begins drawn before their end arrived → where their record is. */
  private readonly ongoing = new Map<ModelEvent, { row: SpanRow; ref: number }>();
  /** New ends (and colours) of spans already in a store, applied once per batch (one pass per store). */
  private readonly storeUpdates = new Map<SpanStore, Map<number, { end: number; colour: number }>>();
  /** The row `addSpan` used last. */
  private lastRow: SpanRow | undefined;
  private readonly rowIndex = new Map<string, Row>();
  private readonly threadRows = new Map<string, Map<string, Row>>();
  private cachePid = NaN;
  private cacheTid = NaN;
  private cacheRows = new Map<string, Row>();
  /** Bumped whenever rows or processes are added, so the view knows to lay out again. */
  structureVersion = 0;

  constructor(options: { blockThresholdMs?: number; metadata?: RunMetadata } = {}) {
    this.metadata = options.metadata;
    const ms = options.blockThresholdMs ?? options.metadata?.blockThresholdMs ?? DEFAULT_BLOCK_THRESHOLD_MS;
    this.thresholdUs = (Number.isFinite(ms) && ms > 0 ? ms : DEFAULT_BLOCK_THRESHOLD_MS) * 1000;
  }

  get dropped(): number {
    return this.liveDropped ?? this.metadata?.eventsDropped ?? this.droppedFromNotes;
  }

  setLiveDrops(dropped: number | undefined, byStream?: Record<string, number>): void {
    if (dropped !== undefined) this.liveDropped = dropped;
    if (byStream) this.dropsByStream = { ...byStream };
  }

  setMetadata(metadata: RunMetadata | undefined): void {
    this.metadata = metadata;
    if (metadata?.dropsByStream) this.dropsByStream = { ...metadata.dropsByStream };
  }

  /** Adds events already checked by `validateTrace`. */
  addEvents(events: readonly AnyTraceEvent[]): void {
    this.sourceEventCount += events.length;
    for (let i = 0; i < events.length; i++) {
      this.currentIndex = i;
      this.addEvent(events[i] as unknown as ModelEvent & { id?: string | number; bp?: string });
    }
    this.currentIndex = -1;
  }

  get recordCount(): number { return this.lazy ? this.lazy.count : this.records.length; }

  recordName(ref: number): string {
    const lazy = this.lazy;
    return lazy ? lazy.names[lazy.nameIndex[ref]] ?? "" : this.records[ref]?.name ?? "";
  }

  recordTs(ref: number): number {
    return this.lazy ? this.lazy.ts[ref] : this.records[ref]?.ts ?? NaN;
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
      const unfinished = lazy.unfinished[ref] === 1;
      e = end ? spanFromPair(begin, end.ts, end.args, unfinished) : unfinished ? spanFromPair(begin, this.endUs, undefined, true) : begin;
      lazy.cache.set(ref, e);
    }
    return e;
  }

  /** The host (or the report's own text index) keeps this snapshot-restored model's trace: see LazyRecords.serve. */
  serveEvents(request: (indices: number[]) => void): void {
    this.lazy?.serve(request);
  }

  /** Events of a served trace arrived (see LazyRecords.arrived). */
  eventsArrived(indices: readonly number[], events: readonly unknown[]): { accepted: number; rejected: number } {
    return this.lazy ? this.lazy.arrived(indices, events) : { accepted: 0, rejected: 0 };
  }

  /** Gives a snapshot-restored model its trace's events (the same validated array the snapshot was made from). */
  attachEvents(events: readonly AnyTraceEvent[]): void {
    this.lazy?.attach(events);
  }

  /**
   * Adds events from an untrusted source (a live batch), skipping the malformed ones. Begins still
   * open after the batch are drawn as ongoing (see `ongoing`).
   */
  addUntrustedEvents(events: readonly unknown[]): number {
    let rejected = 0;
    for (const e of events) {
      if (checkTraceEvent(e) === undefined) this.addEvent(e as ModelEvent & { id?: string | number });
      else rejected++;
    }
    this.rejectedCount += rejected;
    this.drawOngoing();
    return rejected;
  }

  /** Closes begin events still open at the end of a file (or a live run): they are drawn to the trace's end. */
  finish(): void {
    const close = (begin: ModelEvent) => {
      const end = Math.max(this.endUs, begin.ts);
      const live = this.ongoing.get(begin);
      if (live) this.endOngoing(begin, live, end, undefined, true);
      else this.addSpan(spanFromPair(begin, end, undefined, true), this.takeBegin(begin), -1);
    };
    for (const begin of this.openAsync.drain()) close(begin);
    for (const entry of this.openBE.values()) for (const begin of Array.isArray(entry) ? entry : [entry]) close(begin);
    this.openBE.clear();
    this.applyStoreUpdates();
  }

  /** Sorts and lays out rows changed since the last call. */
  prepare(): void {
    this.applyStoreUpdates();
    for (const row of this.rowIndex.values()) row.store.prepare();
    for (const row of this.rowIndex.values()) {
      if (row.kind === "counter") row.unit = counterUnit(row.label, row.store.series, Math.max(...row.store.max, 0));
    }
  }

  /** Processes in display order, each with its threads in display order (rows already ordered). */
  orderedLanes(): { process: ProcessLane; threads: ThreadLane[] }[] {
    const bySort = (a: { sortIndex: number | undefined }, b: { sortIndex: number | undefined }) =>
      (a.sortIndex ?? 0) - (b.sortIndex ?? 0);
    return [...this.processes.values()]
      .filter(p => [...p.threads.values()].some(t => t.rows.length > 0))
      .sort((a, b) => bySort(a, b) || a.pid - b.pid)
      .map(process => ({
        process,
        threads: [...process.threads.values()].filter(t => t.rows.length > 0).sort((a, b) => bySort(a, b) || a.tid - b.tid),
      }));
  }

  rows(): Row[] { return [...this.rowIndex.values()]; }
  row(id: string): Row | undefined { return this.rowIndex.get(id); }

  processLabel(pid: number): string {
    const p = this.processes.get(pid);
    // The recorder already writes "node server.js [4242]"; other traces only the command.
    return p?.name ? (p.name.includes(String(pid)) ? p.name : `${p.name} (pid ${pid})`) : `pid ${pid}`;
  }

  threadLabel(pid: number, tid: number): string {
    const t = this.processes.get(pid)?.threads.get(tid);
    return t?.name ?? (tid === 0 || tid === pid ? "main thread" : `thread ${tid}`);
  }

  get isEmpty(): boolean { return this.startUs > this.endUs; }

  // ------------------------------------------------------------------ snapshot restore (snapshot.ts)

  restoreLane(pid: number, process: { name?: string; labels?: string; sortIndex?: number }, tid?: number, thread?: { name?: string; sortIndex?: number }): void {
    const p = this.ensureProcess(pid);
    p.name = process.name; p.labels = process.labels; p.sortIndex = process.sortIndex;
    if (tid !== undefined) { const t = this.ensureThread(pid, tid); t.name = thread?.name; t.sortIndex = thread?.sortIndex; }
  }

  restoreRow(pid: number, tid: number, row: Row): void {
    this.insertRow(pid, tid, row);
  }

  // ------------------------------------------------------------------ internals

  private addEvent(e: ModelEvent & { id?: string | number; bp?: string }): void {
    const tid = e.tid ?? 0;
    switch (e.ph) {
      case "X":
        this.addSpan(e);
        return;
      case "i": case "I":
        if (e.cat === "loopscope.tracer") this.noteTracerEvent(e);
        this.addSpan(e);
        return;
      case "C":
        this.addCounter(e, tid);
        return;
      case "b":
        this.openAsync.push(e.pid, e.cat ?? "", e.id ?? "", e);
        this.rememberBegin(e);
        this.extend(e.ts, e.ts);
        return;
      case "e": {
        const begin = this.openAsync.pop(e.pid, e.cat ?? "", e.id ?? "");
        if (!begin) return;
        const live = this.ongoing.get(begin);
        if (live) this.endOngoing(begin, live, e.ts, e.args, e.args?.unfinished === true);
        else this.addSpan(spanFromPair(begin, e.ts, e.args, e.args?.unfinished === true), this.takeBegin(begin), this.currentIndex);
        return;
      }
      case "n":
        this.addSpan({ ...e, ph: "i" });
        return;
      case "B":
        openPush(this.openBE, `${e.pid}:${tid}`, e);
        this.rememberBegin(e);
        this.extend(e.ts, e.ts);
        return;
      case "E": {
        const begin = openPop(this.openBE, `${e.pid}:${tid}`);
        if (!begin) return;
        const live = this.ongoing.get(begin);
        if (live) this.endOngoing(begin, live, e.ts, e.args, false);
        else this.addSpan(spanFromPair(begin, e.ts, e.args, false), this.takeBegin(begin), this.currentIndex);
        return;
      }
      case "s": case "t": case "f": {
        this.eventCount++;
        this.ensureThread(e.pid, tid);
        const key = `${e.cat ?? ""}:${e.id}`;
        const from = this.openFlows.get(key);
        if (from) {
          this.flows.push({ name: from.name || e.name, fromTs: from.ts, fromPid: from.pid, fromTid: from.tid, toTs: e.ts, toPid: e.pid, toTid: tid });
        }
        if (e.ph === "f") this.openFlows.delete(key);
        else this.openFlows.set(key, { ts: e.ts, pid: e.pid, tid, name: e.name });
        this.extend(e.ts, e.ts);
        return;
      }
      case "M":
        this.addMetadata(e, tid);
        return;
    }
  }

  private addSpan(e: ModelEvent, beginIndex = this.currentIndex, endIndex = -1): void {
    const kind = rowKindFor(e.cat, e.args);
    const tid = e.tid ?? 0;
    // Events come in runs per thread: look rows up in that thread's small map, no key strings.
    if (e.pid !== this.cachePid || tid !== this.cacheTid) {
      this.cachePid = e.pid;
      this.cacheTid = tid;
      const threadKey = `${e.pid}:${tid}`;
      let rows = this.threadRows.get(threadKey);
      if (!rows) this.threadRows.set(threadKey, rows = new Map());
      this.cacheRows = rows;
    }
    let row = this.cacheRows.get(kind.key) as SpanRow | undefined;
    if (!row) {
      const id = `${e.pid}:${tid}:${kind.key}`;
      row = { kind: "spans", id, label: kind.label, category: kind.category, order: kind.order, store: new SpanStore(kind.maxLevels) };
      this.insertRow(e.pid, tid, row);
      this.cacheRows.set(kind.key, row);
    }
    const dur = e.dur ?? 0;
    const ref = this.records.push(e) - 1;
    this.noteSource(ref, beginIndex, endIndex);
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
      this.addSpan(span, -1, -1);
      this.ongoing.set(begin, { row: this.lastRow!, ref: this.records.length - 1 });
    };
    for (const begin of this.openAsync.values()) draw(begin);
    for (const entry of this.openBE.values()) for (const begin of Array.isArray(entry) ? entry : [entry]) draw(begin);
    for (const { row, ref } of this.ongoing.values()) {
      const record = this.records[ref]!;
      const end = Math.max(this.endUs, record.ts);
      if (record.ts + (record.dur ?? 0) === end) continue;
      record.dur = end - record.ts;
      this.updateStore(row, ref, record);
    }
    this.applyStoreUpdates();
  }

  /** The end of a span drawn as ongoing arrived: the same record now ends there, with the end's args. */
  private endOngoing(begin: ModelEvent, live: { row: SpanRow; ref: number }, endTs: number, endArgs: Record<string, unknown> | undefined, unfinished: boolean): void {
    this.ongoing.delete(begin);
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
    let updates = this.storeUpdates.get(row.store);
    if (!updates) this.storeUpdates.set(row.store, updates = new Map());
    updates.set(ref, { end: record.ts + dur, colour: colourClassFor(kind, record.cat, record.ph, record.name, dur, this.thresholdUs, args) });
  }

  private applyStoreUpdates(): void {
    if (!this.storeUpdates.size) return;
    for (const [store, updates] of this.storeUpdates) store.update(updates);
    this.storeUpdates.clear();
  }

  private addCounter(e: ModelEvent & { id?: string | number }, tid: number): void {
    const name = e.id !== undefined ? `${e.name} ${e.id}` : e.name;
    const id = `${e.pid}:${tid}:counter:${name}`;
    let row = this.rowIndex.get(id) as CounterRow | undefined;
    if (!row) {
      // Recorders suffix worker counters with "(worker N)" for viewers that key counters by process; the row is already under that worker.
      const label = counterLabel(name.replace(/ \(worker \d+\)$/, ""));
      row = { kind: "counter", id, label, order: 10 + counterOrder(name), store: new CounterStore(), unit: "count" };
      this.insertRow(e.pid, tid, row);
    }
    row.store.push(e.ts, e.args ?? {});
    this.eventCount++;
    this.extend(e.ts, e.ts);
  }

  private addMetadata(e: ModelEvent, tid: number): void {
    this.eventCount++;
    const args = e.args ?? {};
    const process = this.ensureProcess(e.pid);
    switch (e.name) {
      case "process_name": if (typeof args.name === "string") process.name = args.name; break;
      case "process_labels": if (typeof args.labels === "string") process.labels = args.labels; break;
      case "process_sort_index": if (typeof args.sort_index === "number") process.sortIndex = args.sort_index; break;
      case "thread_name": if (typeof args.name === "string") this.ensureThread(e.pid, tid).name = args.name; break;
      case "thread_sort_index": if (typeof args.sort_index === "number") this.ensureThread(e.pid, tid).sortIndex = args.sort_index; break;
    }
    this.structureVersion++;
  }

  private noteSource(ref: number, begin: number, end: number): void {
    const src = this.sources;
    if (ref >= src.begin.length) {
      const grow = (a: Int32Array) => { const b = new Int32Array(Math.max(a.length * 2, ref + 1)); b.set(a); return b; };
      src.begin = grow(src.begin);
      src.end = grow(src.end);
    }
    src.begin[ref] = begin;
    src.end[ref] = end;
    src.n = ref + 1;
  }

  /** Remembers a begin event's index in the file until its end arrives (snapshots need both). */
  private rememberBegin(e: ModelEvent): void {
    if (this.currentIndex >= 0) this.beginIndex.set(e, this.currentIndex);
  }

  private takeBegin(e: ModelEvent): number {
    const i = this.beginIndex.get(e);
    if (i === undefined) return -1;
    this.beginIndex.delete(e);
    return i;
  }

  private noteTracerEvent(e: ModelEvent): void {
    const count = (v: unknown) => (typeof v === "number" && v > 0 ? v : 0);
    const dropped = count(e.args?.dropped) + count(e.args?.lost) + count(e.args?.eventsDropped);
    if (dropped > 0) {
      this.droppedFromNotes += dropped;
      const key = `${e.pid}:${e.tid ?? 0}`;
      this.dropsByStream[key] = (this.dropsByStream[key] ?? 0) + dropped;
    }
  }

  private ensureProcess(pid: number): ProcessLane {
    let p = this.processes.get(pid);
    if (!p) {
      p = { pid, name: undefined, labels: undefined, sortIndex: undefined, threads: new Map() };
      this.processes.set(pid, p);
      this.structureVersion++;
    }
    return p;
  }

  private ensureThread(pid: number, tid: number): ThreadLane {
    const p = this.ensureProcess(pid);
    let t = p.threads.get(tid);
    if (!t) {
      t = { key: `${pid}:${tid}`, pid, tid, name: undefined, sortIndex: undefined, rows: [] };
      p.threads.set(tid, t);
      this.structureVersion++;
    }
    return t;
  }

  private insertRow(pid: number, tid: number, row: Row): void {
    const t = this.ensureThread(pid, tid);
    t.rows.push(row);
    t.rows.sort((a, b) => a.order - b.order || a.label.localeCompare(b.label));
    this.rowIndex.set(row.id, row);
    this.structureVersion++;
  }

  private extend(start: number, end: number): void {
    if (start < this.startUs) this.startUs = start;
    if (end > this.endUs) this.endUs = end;
  }
}

function openPush(open: Map<string | number, ModelEvent | ModelEvent[]>, key: string, e: ModelEvent): void {
  const entry = open.get(key);
  if (entry === undefined) open.set(key, e);
  else if (Array.isArray(entry)) entry.push(e);
  else open.set(key, [entry, e]);
}

function openPop(open: Map<string | number, ModelEvent | ModelEvent[]>, key: string): ModelEvent | undefined {
  const entry = open.get(key);
  if (entry === undefined) return undefined;
  if (!Array.isArray(entry)) { open.delete(key); return entry; }
  const e = entry.pop();
  if (entry.length === 0) open.delete(key);
  return e;
}

/** A span record for a begin/end pair: explicit fields (cheaper than a spread over a million events). */
function spanFromPair(begin: ModelEvent, endTs: number, endArgs: Record<string, unknown> | undefined, unfinished: boolean): ModelEvent {
  const span: ModelEvent = { name: begin.name, cat: begin.cat, ph: "X", ts: begin.ts, dur: Math.max(0, endTs - begin.ts), pid: begin.pid, tid: begin.tid, args: begin.args };
  if (endArgs !== undefined) span.endArgs = endArgs;
  if (unfinished) span.unfinished = true;
  return span;
}

/** Open async begins by pid → cat → id (Chrome's matching key), without building key strings per event. */
class AsyncIndex {
  private readonly byPid = new Map<number, Map<string, Map<string | number, ModelEvent | ModelEvent[]>>>();

  private ids(pid: number, cat: string): Map<string | number, ModelEvent | ModelEvent[]> {
    let cats = this.byPid.get(pid);
    if (!cats) this.byPid.set(pid, cats = new Map());
    let ids = cats.get(cat);
    if (!ids) cats.set(cat, ids = new Map());
    return ids;
  }

  push(pid: number, cat: string, id: string | number, e: ModelEvent): void {
    openPush(this.ids(pid, cat), typeof id === "number" ? String(id) : id, e);
  }

  pop(pid: number, cat: string, id: string | number): ModelEvent | undefined {
    return openPop(this.ids(pid, cat), typeof id === "number" ? String(id) : id);
  }

  *values(): Iterable<ModelEvent> {
    for (const cats of this.byPid.values()) for (const ids of cats.values()) for (const entry of ids.values()) yield* Array.isArray(entry) ? entry : [entry];
  }

  *drain(): Iterable<ModelEvent> {
    for (const cats of this.byPid.values()) for (const ids of cats.values()) for (const entry of ids.values()) yield* Array.isArray(entry) ? entry : [entry];
    this.byPid.clear();
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

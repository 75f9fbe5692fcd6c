// A live run reaches the page the way a trace file does: as the extension's model of it, in the
// snapshot's terms, with its events served on request. The extension's model grows batch by
// batch (live-trace.ts); `DeltaEncoder` says what it gained since the delta before (protocol/src/
// timeline-delta.ts), and `applySnapshotDelta` grows the page's model by it. The page lays its
// model out itself (`prepare`), in the same canonical order whatever order spans arrived in, so
// after every delta its rows are those of the extension's model.
//
// The encoder reads the extension's stores in the order their spans and samples were added: its
// model is never prepared (sorted) while it is encoded, and it owns that model (live-trace.ts).
import { SNAPSHOT_VERSION, type Flow } from "../../protocol/src/timeline-snapshot";
import type { CounterRowDelta, DeltaProcess, DeltaThread, SnapshotDelta, SpanRowDelta } from "../../protocol/src/timeline-delta";
import { BlobWriter, blobReader } from "./blob";
import { CounterStore } from "./counter-store";
import { LazyRecords, RECORD_DONE, RECORD_ONGOING, RECORD_UNFINISHED } from "./lazy-records";
import type { CounterRow, ModelEvent, Row, SpanRow } from "./model-types";
import { applyRunTotals } from "./snapshot";
import { SpanStore } from "./span-store";
import { TimelineModel } from "./timeline-model";

/** The model-wide fields a delta sends as they are, to tell whether they changed. */
const countsOf = (m: TimelineModel) => JSON.stringify([m.startUs, m.endUs, m.eventCount, m.rejectedCount, m.droppedFromNotes, m.dropsByStream]);
const NOTHING_SENT = countsOf(new TimelineModel());

/** Distinct names the encoder remembers having sent. */
export const MAX_NAME_IDS = 20_000;

type SpanChanges = Map<number, { end: number; colour: number }>;

/** What was sent of one row: how many of its spans or samples. */
interface SentRow {
  row: Row;
  n: number;
}

export class DeltaEncoder {
  private sentRecords = 0;
  private sentFlows = 0;
  /** Names already sent, by id, up to MAX_NAME_IDS (the page's name table grows by each delta's names). */
  private readonly nameIds = new Map<string, number>();
  private nextNameId = 0;
  private readonly sentRows = new Map<string, SentRow>();
  /** Changes of spans already sent, by store. */
  private readonly changed = new Map<SpanStore, SpanChanges>();
  // As sent: a page's empty model starts from nothing (an empty model needs no delta).
  private structureVersion = 0;
  private sentEvents = 0;
  private sentCounts = NOTHING_SENT;

  constructor(private readonly model: TimelineModel) {
    model.onSpansChanged((store, changes) => {
      let pending = this.changed.get(store);
      if (!pending) this.changed.set(store, (pending = new Map()));
      for (const [ref, change] of changes) if (ref < this.sentRecords) pending.set(ref, change);
    });
  }

  /** The next delta sends everything (a page that reloaded starts from an empty model). */
  reset(): void {
    this.sentRecords = 0;
    this.sentFlows = 0;
    this.nameIds.clear();
    this.nextNameId = 0;
    this.sentRows.clear();
    this.changed.clear();
    this.structureVersion = 0;
    this.sentEvents = 0;
    this.sentCounts = NOTHING_SENT;
  }

  /** What the model gained since the last delta; undefined when nothing changed. */
  take(): { header: SnapshotDelta; blob: Uint8Array } | undefined {
    const model = this.model;
    const counts = countsOf(model);
    if (
      model.recordCount === this.sentRecords &&
      model.flows.length === this.sentFlows &&
      model.structureVersion === this.structureVersion &&
      model.sourceEventCount === this.sentEvents &&
      counts === this.sentCounts &&
      ![...this.changed.values()].some(c => c.size > 0) &&
      !this.countersGrew()
    )
      return undefined;
    const blob = new BlobWriter();
    const firstRecord = this.sentRecords;
    const names: string[] = [];
    const records = this.newRecords(blob, names);
    const changedRecords = this.changedRecords(blob);
    const processes = this.lanes(blob, model.structureVersion !== this.structureVersion);
    const header: SnapshotDelta = {
      version: SNAPSHOT_VERSION,
      thresholdUs: model.thresholdUs,
      startUs: Number.isFinite(model.startUs) ? model.startUs : null,
      endUs: Number.isFinite(model.endUs) ? model.endUs : null,
      eventCount: model.eventCount,
      rejectedCount: model.rejectedCount,
      droppedFromNotes: model.droppedFromNotes,
      dropsByStream: { ...model.dropsByStream },
      flows: model.flows.slice(this.sentFlows),
      processes,
      names,
      records: { first: firstRecord, ...records },
      changedRecords,
      sourceEvents: model.sourceEventCount,
      byteLength: 0,
    };
    this.sentFlows = model.flows.length;
    this.structureVersion = model.structureVersion;
    this.sentEvents = model.sourceEventCount;
    this.sentCounts = counts;
    const bytes = blob.finish();
    header.byteLength = bytes.length;
    return { header, blob: bytes };
  }

  private countersGrew(): boolean {
    for (const row of this.model.rows()) if (row.kind === "counter" && row.store.n !== (this.sentRows.get(row.id)?.n ?? 0)) return true;
    return false;
  }

  private newRecords(blob: BlobWriter, names: string[]): Omit<SnapshotDelta["records"], "first"> {
    const model = this.model;
    const first = this.sentRecords,
      n = model.records.length - first;
    const nameIndex = new Int32Array(n),
      ts = new Float64Array(n),
      begin = new Int32Array(n),
      end = new Int32Array(n),
      state = new Uint8Array(n);
    const sources = model.sources;
    for (let i = 0; i < n; i++) {
      const ref = first + i;
      const r = model.records[ref]!;
      let id = this.nameIds.get(r.name);
      if (id === undefined) {
        id = this.nextNameId++;
        // A server's URLs are names too, as many as its requests: past the cap a new name is sent
        // again each time it comes (in the page's table twice), and the recorder's map stays bounded.
        if (this.nameIds.size < MAX_NAME_IDS) this.nameIds.set(r.name, id);
        names.push(r.name);
      }
      nameIndex[i] = id;
      ts[i] = r.ts;
      begin[i] = ref < sources.n ? sources.begin[ref]! : -1;
      end[i] = ref < sources.n ? sources.end[ref]! : -1;
      state[i] = stateOf(r);
    }
    this.sentRecords = model.records.length;
    return {
      n,
      nameIndex: blob.add("i32", nameIndex, n),
      ts: blob.add("f64", ts, n),
      begin: blob.add("i32", begin, n),
      end: blob.add("i32", end, n),
      state: blob.add("u8", state, n),
    };
  }

  /** Records sent before whose span changed: their end event and state may have too. */
  private changedRecords(blob: BlobWriter): SnapshotDelta["changedRecords"] {
    const refs = new Set<number>();
    for (const changes of this.changed.values()) for (const ref of changes.keys()) refs.add(ref);
    const n = refs.size;
    const ref = Int32Array.from(refs),
      end = new Int32Array(n),
      state = new Uint8Array(n);
    const sources = this.model.sources;
    ref.forEach((r, i) => {
      end[i] = r < sources.n ? sources.end[r]! : -1;
      state[i] = stateOf(this.model.records[r]!);
    });
    return { n, ref: blob.add("i32", ref, n), end: blob.add("i32", end, n), state: blob.add("u8", state, n) };
  }

  /** Every lane when lanes were added or renamed, else those whose rows grew or changed. */
  private lanes(blob: BlobWriter, all: boolean): DeltaProcess[] {
    const processes: DeltaProcess[] = [];
    for (const p of this.model.processes.values()) {
      const threads: DeltaThread[] = [];
      for (const t of p.threads.values()) {
        const rows: (SpanRowDelta | CounterRowDelta)[] = [];
        for (const row of t.rows) {
          const delta = row.kind === "spans" ? this.spanRow(blob, row) : this.counterRow(blob, row);
          if (delta) rows.push(delta);
        }
        if (all || rows.length) threads.push({ tid: t.tid, name: t.name, sortIndex: t.sortIndex, rows });
      }
      if (all || threads.length) processes.push({ pid: p.pid, name: p.name, labels: p.labels, sortIndex: p.sortIndex, threads });
    }
    this.changed.clear();
    return processes;
  }

  private sent(row: Row): SentRow {
    let sent = this.sentRows.get(row.id);
    if (!sent) this.sentRows.set(row.id, (sent = { row, n: 0 }));
    return sent;
  }

  private spanRow(blob: BlobWriter, row: SpanRow): SpanRowDelta | undefined {
    const store = row.store;
    const sent = this.sent(row);
    const changes: SpanChanges = this.changed.get(store) ?? new Map();
    const from = sent.n,
      n = store.n - from;
    if (n === 0 && changes.size === 0) return undefined;
    sent.n = store.n;
    const k = changes.size;
    const changedRef = Int32Array.from(changes.keys()),
      changedEnd = new Float64Array(k),
      changedColour = new Uint8Array(k);
    let i = 0;
    for (const change of changes.values()) {
      changedEnd[i] = change.end;
      changedColour[i++] = change.colour;
    }
    return {
      kind: "spans",
      id: row.id,
      label: row.label,
      category: row.category,
      order: row.order,
      maxLevels: store.maxLevels,
      n,
      start: blob.add("f64", store.start.subarray(from), n),
      end: blob.add("f64", store.end.subarray(from), n),
      ref: blob.add("i32", store.ref.subarray(from), n),
      colour: blob.add("u8", store.colour.subarray(from), n),
      changed: { n: k, ref: blob.add("i32", changedRef, k), end: blob.add("f64", changedEnd, k), colour: blob.add("u8", changedColour, k) },
    };
  }

  private counterRow(blob: BlobWriter, row: CounterRow): CounterRowDelta | undefined {
    const store = row.store;
    const sent = this.sent(row);
    const from = sent.n,
      n = store.n - from;
    if (n === 0) return undefined;
    sent.n = store.n;
    return {
      kind: "counter",
      id: row.id,
      label: row.label,
      order: row.order,
      n,
      series: [...store.series],
      time: blob.add("f64", store.time.subarray(from), n),
      values: store.values.map(v => blob.add("f64", v.subarray(from), n)),
    };
  }
}

function stateOf(r: ModelEvent): number {
  return r.ongoing ? RECORD_ONGOING : r.unfinished ? RECORD_UNFINISHED : RECORD_DONE;
}

/** The page's model of a live run before its first delta: empty, its records to be served. */
export function emptyLiveModel(blockThresholdMs: number | undefined): TimelineModel {
  const model = new TimelineModel({ blockThresholdMs });
  model.lazy = LazyRecords.empty();
  return model;
}

/**
 * Grows `model` (an `emptyLiveModel` and the deltas before this one) by a delta whose header was
 * checked against its blob (`checkSnapshotDelta`). Throws when a delta is missing in between.
 */
export function applySnapshotDelta(model: TimelineModel, delta: SnapshotDelta, blob: Uint8Array): void {
  const lazy = model.lazy;
  if (!lazy) throw new Error("a live update arrived for a trace file");
  if (delta.records.first !== lazy.count) throw new Error(`a live update is missing (records from ${delta.records.first}, the view has ${lazy.count})`);
  const view = blobReader(blob);
  const r = delta.records;
  lazy.append(delta.names, { nameIndex: view(r.nameIndex), ts: view(r.ts), begin: view(r.begin), end: view(r.end), state: view(r.state) });
  const c = delta.changedRecords;
  const changedRef = view<Int32Array>(c.ref),
    changedEnd = view<Int32Array>(c.end),
    changedState = view<Uint8Array>(c.state);
  for (let i = 0; i < c.n; i++) lazy.update(changedRef[i]!, changedEnd[i]!, changedState[i]!);
  for (const p of delta.processes) {
    model.restoreLane(p.pid, p);
    for (const t of p.threads) {
      model.restoreLane(p.pid, p, t.tid, t);
      for (const row of t.rows) {
        if (row.kind === "spans") {
          const store = spanStoreOf(model, p.pid, t.tid, row);
          const start = view<Float64Array>(row.start),
            end = view<Float64Array>(row.end),
            ref = view<Int32Array>(row.ref),
            colour = view<Uint8Array>(row.colour);
          for (let i = 0; i < row.n; i++) store.push(start[i]!, end[i]!, ref[i]!, colour[i]!);
          const changes: SpanChanges = new Map();
          const cRef = view<Int32Array>(row.changed.ref),
            cEnd = view<Float64Array>(row.changed.end),
            cColour = view<Uint8Array>(row.changed.colour);
          for (let i = 0; i < row.changed.n; i++) changes.set(cRef[i]!, { end: cEnd[i]!, colour: cColour[i]! });
          if (changes.size) store.update(changes);
        } else {
          counterStoreOf(model, p.pid, t.tid, row).append(
            row.n,
            view(row.time),
            row.series,
            row.values.map(v => view<Float64Array>(v)),
          );
        }
      }
    }
  }
  model.flows.push(...(delta.flows as Flow[]));
  applyRunTotals(model, delta);
  model.sourceEventCount = delta.sourceEvents;
}

function spanStoreOf(model: TimelineModel, pid: number, tid: number, row: SpanRowDelta): SpanStore {
  const known = model.row(row.id);
  if (known?.kind === "spans") return known.store;
  const store = new SpanStore(row.maxLevels);
  model.restoreRow(pid, tid, { kind: "spans", id: row.id, label: row.label, category: row.category, order: row.order, store });
  return store;
}

function counterStoreOf(model: TimelineModel, pid: number, tid: number, row: CounterRowDelta): CounterStore {
  const known = model.row(row.id);
  if (known?.kind === "counter") return known.store;
  const store = new CounterStore();
  model.restoreRow(pid, tid, { kind: "counter", id: row.id, label: row.label, order: row.order, unit: "count", store });
  return store;
}

// A model snapshot: the laid-out columns of a TimelineModel (rows, counters, lanes, flows, record
// names and times) as one binary blob plus a small JSON header. A big report embeds it so the
// page draws its first frame without parsing the trace's JSON; the events behind its records are
// served on request for the details of hovered and clicked events (`TimelineModel.serveEvents`).
// The blob's layout is blob.ts's. A live run grows a page's model by deltas instead (snapshot-delta.ts).
import { SNAPSHOT_VERSION, type CounterRowHeader, type SnapshotHeader, type SpanRowHeader } from "../../protocol/src/timeline-snapshot";
import { BlobWriter, blobReader } from "./blob";
import { CounterStore } from "./counter-store";
import { LazyRecords } from "./lazy-records";
import { SpanStore } from "./span-store";
import { TimelineModel } from "./timeline-model";

/** Encodes a finished model (built from a whole trace file) as a header and a blob. */
export function encodeSnapshot(model: TimelineModel): { header: SnapshotHeader; blob: Uint8Array } {
  model.prepare();
  const blob = new BlobWriter();
  const names: string[] = [];
  const nameIds = new Map<string, number>();
  const n = model.records.length;
  const nameIndex = new Int32Array(n),
    ts = new Float64Array(n),
    unfinished = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const r = model.records[i];
    let id = nameIds.get(r.name);
    if (id === undefined) {
      id = names.push(r.name) - 1;
      nameIds.set(r.name, id);
    }
    nameIndex[i] = id;
    ts[i] = r.ts;
    unfinished[i] = r.unfinished ? 1 : 0;
  }
  const header: SnapshotHeader = {
    version: SNAPSHOT_VERSION,
    thresholdUs: model.thresholdUs,
    startUs: model.startUs,
    endUs: model.endUs,
    eventCount: model.eventCount,
    rejectedCount: model.rejectedCount,
    metadata: model.metadata,
    droppedFromNotes: model.droppedFromNotes,
    dropsByStream: model.dropsByStream,
    flows: model.flows,
    processes: [...model.processes.values()].map(p => ({
      pid: p.pid,
      name: p.name,
      labels: p.labels,
      sortIndex: p.sortIndex,
      threads: [...p.threads.values()].map(t => ({
        tid: t.tid,
        name: t.name,
        sortIndex: t.sortIndex,
        rows: t.rows.map((row): SpanRowHeader | CounterRowHeader => {
          const s = row.store;
          if (row.kind === "spans" && s instanceof SpanStore) {
            return {
              kind: "spans",
              id: row.id,
              label: row.label,
              category: row.category,
              order: row.order,
              maxLevels: s.maxLevels,
              levels: s.levels,
              n: s.n,
              start: blob.add("f64", s.start, s.n),
              end: blob.add("f64", s.end, s.n),
              ref: blob.add("i32", s.ref, s.n),
              colour: blob.add("u8", s.colour, s.n),
              level: blob.add("u8", s.level, s.n),
              maxEndPrefix: blob.add("f64", s.maxEndPrefix, s.n),
            };
          }
          const c = s as CounterStore;
          const minMax = Float64Array.from([...c.min, ...c.max]);
          return {
            kind: "counter",
            id: row.id,
            label: row.label,
            order: row.order,
            unit: row.kind === "counter" ? row.unit : "count",
            n: c.n,
            series: [...c.series],
            time: blob.add("f64", c.time, c.n),
            values: c.values.map(v => blob.add("f64", v, c.n)),
            minMax: blob.add("f64", minMax, minMax.length),
          };
        }),
      })),
    })),
    names,
    records: {
      n,
      nameIndex: blob.add("i32", nameIndex, n),
      ts: blob.add("f64", ts, n),
      begin: blob.add("i32", model.sources.begin, n),
      end: blob.add("i32", model.sources.end, n),
      unfinished: blob.add("u8", unfinished, n),
    },
    sourceEvents: model.sourceEventCount,
    byteLength: 0,
  };
  const bytes = blob.finish();
  header.byteLength = bytes.length;
  return { header, blob: bytes };
}

/** The run's totals and time range, as a snapshot or a live delta carries them, onto a model. */
export function applyRunTotals(
  model: TimelineModel,
  from: Pick<SnapshotHeader, "thresholdUs" | "startUs" | "endUs" | "eventCount" | "rejectedCount" | "droppedFromNotes" | "dropsByStream">,
): void {
  model.thresholdUs = from.thresholdUs;
  model.startUs = from.startUs ?? Infinity;
  model.endUs = from.endUs ?? -Infinity;
  model.eventCount = from.eventCount;
  model.rejectedCount = from.rejectedCount;
  model.droppedFromNotes = from.droppedFromNotes;
  model.dropsByStream = { ...from.dropsByStream };
}

/** Restores a model from a snapshot; its records' full events are served later (`serveEvents`). */
export function decodeSnapshot(header: SnapshotHeader, blob: Uint8Array): TimelineModel {
  if (header.version !== SNAPSHOT_VERSION) throw new Error(`unsupported snapshot version ${header.version}`);
  if (blob.byteLength < header.byteLength) throw new Error("the snapshot is truncated");
  const view = blobReader(blob);
  const model = new TimelineModel({ metadata: header.metadata });
  applyRunTotals(model, header);
  model.flows.push(...header.flows);
  for (const p of header.processes) {
    model.restoreLane(p.pid, p);
    for (const t of p.threads) {
      model.restoreLane(p.pid, p, t.tid, t);
      for (const r of t.rows) {
        if (r.kind === "spans") {
          const store = new SpanStore(r.maxLevels);
          store.restore(
            r.n,
            { start: view(r.start), end: view(r.end), ref: view(r.ref), colour: view(r.colour), level: view(r.level), maxEndPrefix: view(r.maxEndPrefix) },
            r.levels,
          );
          model.restoreRow(p.pid, t.tid, { kind: "spans", id: r.id, label: r.label, category: r.category, order: r.order, store });
        } else {
          const store = new CounterStore();
          const minMax = view<Float64Array>(r.minMax);
          const k = r.series.length;
          store.restore(
            r.n,
            view(r.time),
            r.series,
            r.values.map(v => view<Float64Array>(v)),
            Array.from(minMax.subarray(0, k)),
            Array.from(minMax.subarray(k)),
          );
          model.restoreRow(p.pid, t.tid, { kind: "counter", id: r.id, label: r.label, order: r.order, unit: r.unit, store });
        }
      }
    }
  }
  model.lazy = new LazyRecords(
    header.names,
    view(header.records.nameIndex),
    view(header.records.ts),
    view(header.records.begin),
    view(header.records.end),
    view(header.records.unfinished),
  );
  return model;
}

// A live run's snapshot delta: what the extension's model of the run (timeline-model/src/
// live-trace.ts) gained since the delta before, as one binary blob plus this JSON header, in the
// snapshot's terms (timeline-snapshot.ts): new lanes and rows, the spans, counter samples and
// records added, the spans and records that changed (a live span that grew or ended), and the
// model's counts and time range. The page applies it to the model it grew from the deltas before;
// the events behind the records are served on request, as for a trace file. It crosses the panel's
// boundary, so it is typed here and checked where it arrives. No runtime dependencies.
import {
  arrayProblem,
  countsProblem,
  isCount,
  isObj,
  isStrings,
  processesProblem,
  SNAPSHOT_VERSION,
  SPAN_CATEGORIES,
  type ArrayKind,
  type ArrayRef,
  type Flow,
  type SpanCategory,
} from "./timeline-snapshot";

export interface SpanRowDelta {
  kind: "spans";
  id: string;
  label: string;
  category: SpanCategory;
  order: number;
  maxLevels: number;
  /** Spans added: `n` of each column, in the order they were added. */
  n: number;
  start: ArrayRef;
  end: ArrayRef;
  ref: ArrayRef;
  colour: ArrayRef;
  /** Spans sent before whose end and colour changed (by record ref). */
  changed: { n: number; ref: ArrayRef; end: ArrayRef; colour: ArrayRef };
}

export interface CounterRowDelta {
  kind: "counter";
  id: string;
  label: string;
  order: number;
  /** Samples added: their times and one column per series (NaN where a sample has none). */
  n: number;
  series: string[];
  time: ArrayRef;
  values: ArrayRef[];
}

export interface DeltaThread {
  tid: number;
  name?: string;
  sortIndex?: number;
  rows: (SpanRowDelta | CounterRowDelta)[];
}
export interface DeltaProcess {
  pid: number;
  name?: string;
  labels?: string;
  sortIndex?: number;
  threads: DeltaThread[];
}

export interface SnapshotDelta {
  version: number;
  /** The model's own fields, as they are now (not added to). */
  thresholdUs: number;
  startUs: number | null;
  endUs: number | null;
  eventCount: number;
  rejectedCount: number;
  droppedFromNotes: number;
  dropsByStream: Record<string, number>;
  /** Flows added. */
  flows: Flow[];
  /** Lanes added or renamed, and those with rows added or changed. */
  processes: DeltaProcess[];
  /** Names added to the record name table (`records.nameIndex` indexes the whole table). */
  names: string[];
  /** Records `first` to `first + n - 1`; `first` is the number of records the page already has. */
  records: { first: number; n: number; nameIndex: ArrayRef; ts: ArrayRef; begin: ArrayRef; end: ArrayRef; state: ArrayRef };
  /** Records sent before whose end event or state (lazy-records.ts RECORD_*) changed. */
  changedRecords: { n: number; ref: ArrayRef; end: ArrayRef; state: ArrayRef };
  /** The length of the event array the records index into (the events served on request). */
  sourceEvents: number;
  byteLength: number;
}

export type SnapshotDeltaCheck = { ok: true; delta: SnapshotDelta } | { ok: false; error: string };

/** `value` typed as the header of a delta whose blob has `blobBytes` bytes when it is one, else why not. */
export function checkSnapshotDelta(value: unknown, blobBytes: number): SnapshotDeltaCheck {
  const error = deltaProblem(value, blobBytes);
  return error === undefined ? { ok: true, delta: value as SnapshotDelta } : { ok: false, error };
}

type Arrays = [string, unknown, ArrayKind, number][];
function arraysProblem(refs: Arrays, byteLength: number): string | undefined {
  for (const [name, ref, kind, length] of refs) {
    const problem = arrayProblem(ref, kind, length, byteLength);
    if (problem) return `${name} ${problem}`;
  }
  return undefined;
}

function rowProblem(row: unknown, byteLength: number): string | undefined {
  if (!isObj(row)) return "is not an object";
  if (typeof row.id !== "string" || typeof row.label !== "string" || typeof row.order !== "number" || !isCount(row.n)) return "has no id, label, order or size";
  const n = row.n;
  if (row.kind === "spans") {
    if (!(SPAN_CATEGORIES as readonly unknown[]).includes(row.category)) return "has an unknown category";
    if (!isCount(row.maxLevels)) return "has no level count";
    const changed = row.changed;
    if (!isObj(changed) || !isCount(changed.n)) return "has no changed spans";
    const k = changed.n;
    return arraysProblem(
      [
        ["start", row.start, "f64", n],
        ["end", row.end, "f64", n],
        ["ref", row.ref, "i32", n],
        ["colour", row.colour, "u8", n],
        ["changed.ref", changed.ref, "i32", k],
        ["changed.end", changed.end, "f64", k],
        ["changed.colour", changed.colour, "u8", k],
      ],
      byteLength,
    );
  }
  if (row.kind === "counter") {
    if (!isStrings(row.series) || !Array.isArray(row.values) || row.values.length !== row.series.length) return "has no series or values for each series";
    return arraysProblem([["time", row.time, "f64", n], ...row.values.map((v, i): Arrays[number] => [`values.${i}`, v, "f64", n])], byteLength);
  }
  return "is neither spans nor a counter";
}

function deltaProblem(value: unknown, blobBytes: number): string | undefined {
  if (!isObj(value)) return "the delta is not an object";
  const h = value;
  if (h.version !== SNAPSHOT_VERSION) return `unsupported snapshot version ${String(h.version)}`;
  if (!isCount(h.byteLength)) return "the delta has no byte length";
  if (blobBytes < h.byteLength) return "the delta is truncated";
  const byteLength = h.byteLength;
  const counts = countsProblem(h);
  if (counts) return counts;
  if (!isCount(h.sourceEvents)) return "the delta has no event count";
  const records = h.records;
  if (!isObj(records) || !isCount(records.first) || !isCount(records.n)) return "the delta has no records";
  const changed = h.changedRecords;
  if (!isObj(changed) || !isCount(changed.n)) return "the delta has no changed records";
  const arrays = arraysProblem(
    [
      ["records.nameIndex", records.nameIndex, "i32", records.n],
      ["records.ts", records.ts, "f64", records.n],
      ["records.begin", records.begin, "i32", records.n],
      ["records.end", records.end, "i32", records.n],
      ["records.state", records.state, "u8", records.n],
      ["changedRecords.ref", changed.ref, "i32", changed.n],
      ["changedRecords.end", changed.end, "i32", changed.n],
      ["changedRecords.state", changed.state, "u8", changed.n],
    ],
    byteLength,
  );
  if (arrays) return arrays;
  return processesProblem(h.processes, "the delta", row => rowProblem(row, byteLength));
}

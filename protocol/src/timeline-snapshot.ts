// The timeline model's snapshot (timeline-model/src/snapshot.ts): the laid-out columns of a model
// as one binary blob plus this JSON header, which says where each column is in the blob. It
// crosses two boundaries (the extension host's worker → the panel, the CLI → the report's page),
// so it is typed here and checked where it arrives: a header whose arrays point outside the blob,
// or whose rows lack a field, is refused with a reason instead of being drawn as garbage.
// No runtime dependencies.
import type { RunMetadata } from "./trace";

export const SNAPSHOT_VERSION = 1;

export const SPAN_CATEGORIES = ["loop", "gc", "http-server", "http-client", "net", "user", "lifecycle", "error", "tracer", "other"] as const;
export type SpanCategory = (typeof SPAN_CATEGORIES)[number];

export const COUNTER_UNITS = ["ms", "us", "ratio", "percent", "bytes", "MB", "KB", "count"] as const;
export type CounterUnit = (typeof COUNTER_UNITS)[number];

/** An arrow from where something was started (a thread at a time) to where it runs. */
export interface Flow {
  name: string;
  fromTs: number;
  fromPid: number;
  fromTid: number;
  toTs: number;
  toPid: number;
  toTid: number;
}

export type ArrayKind = "f64" | "i32" | "u8";
/** A typed array in the blob: `length` elements of `kind` from byte `offset`. */
export interface ArrayRef {
  kind: ArrayKind;
  offset: number;
  length: number;
}

export interface SpanRowHeader {
  kind: "spans";
  id: string;
  label: string;
  category: SpanCategory;
  order: number;
  maxLevels: number;
  levels: number;
  n: number;
  start: ArrayRef;
  end: ArrayRef;
  ref: ArrayRef;
  colour: ArrayRef;
  level: ArrayRef;
  maxEndPrefix: ArrayRef;
}
export interface CounterRowHeader {
  kind: "counter";
  id: string;
  label: string;
  order: number;
  unit: CounterUnit;
  n: number;
  series: string[];
  time: ArrayRef;
  values: ArrayRef[];
  minMax: ArrayRef;
}

export interface SnapshotThread {
  tid: number;
  name?: string;
  sortIndex?: number;
  rows: (SpanRowHeader | CounterRowHeader)[];
}
export interface SnapshotProcess {
  pid: number;
  name?: string;
  labels?: string;
  sortIndex?: number;
  threads: SnapshotThread[];
}

export interface SnapshotHeader {
  version: number;
  thresholdUs: number;
  /** null in JSON when the model drew nothing (Infinity/-Infinity do not survive JSON). */
  startUs: number | null;
  endUs: number | null;
  eventCount: number;
  rejectedCount: number;
  metadata?: RunMetadata;
  droppedFromNotes: number;
  dropsByStream: Record<string, number>;
  flows: Flow[];
  processes: SnapshotProcess[];
  names: string[];
  records: { n: number; nameIndex: ArrayRef; ts: ArrayRef; begin: ArrayRef; end: ArrayRef; unfinished: ArrayRef };
  /** How many events the array that `records.begin/end` index into had (the trace's own, when none was left out). */
  sourceEvents?: number;
  byteLength: number;
}

// ---------------------------------------------------------------- validation

// Shared with the live run's deltas (timeline-delta.ts), which are checked the same way.
export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
export const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
export const isCount = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
export const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every(s => typeof s === "string");
export const optString = (o: Obj, k: string) => o[k] === undefined || typeof o[k] === "string";
const optNum = (o: Obj, k: string) => o[k] === undefined || isNum(o[k]);
const WIDTH: Record<ArrayKind, number> = { f64: 8, i32: 4, u8: 1 };

/** Why `value` is not an array reference of `kind` and `length` inside a blob of `byteLength` bytes. */
export function arrayProblem(value: unknown, kind: ArrayKind, length: number, byteLength: number): string | undefined {
  if (!isObj(value)) return "is not an array reference";
  if (value.kind !== kind) return `is not a ${kind} array`;
  if (!isCount(value.offset) || !isCount(value.length)) return "has no valid offset and length";
  if (value.length !== length) return `has ${value.length} elements where ${length} were expected`;
  const width = WIDTH[kind];
  // Typed-array views need their offset aligned to their element size.
  if (value.offset % width !== 0) return "is not aligned";
  if (value.offset + value.length * width > byteLength) return "lies outside the blob";
  return undefined;
}

function rowProblem(row: unknown, byteLength: number): string | undefined {
  if (!isObj(row)) return "is not an object";
  if (typeof row.id !== "string" || typeof row.label !== "string" || !isNum(row.order) || !isCount(row.n)) return "has no id, label, order or size";
  const n = row.n;
  const arrays = (refs: [string, unknown, ArrayKind, number][]) => {
    for (const [name, ref, kind, length] of refs) {
      const problem = arrayProblem(ref, kind, length, byteLength);
      if (problem) return `${name} ${problem}`;
    }
    return undefined;
  };
  if (row.kind === "spans") {
    if (!(SPAN_CATEGORIES as readonly unknown[]).includes(row.category)) return "has an unknown category";
    if (!isCount(row.maxLevels) || !isCount(row.levels)) return "has no level counts";
    const spans: [string, ArrayKind][] = [
      ["start", "f64"],
      ["end", "f64"],
      ["ref", "i32"],
      ["colour", "u8"],
      ["level", "u8"],
      ["maxEndPrefix", "f64"],
    ];
    return arrays(spans.map(([key, kind]) => [key, row[key], kind, n]));
  }
  if (row.kind === "counter") {
    if (!(COUNTER_UNITS as readonly unknown[]).includes(row.unit)) return "has an unknown unit";
    if (!isStrings(row.series) || !Array.isArray(row.values) || row.values.length !== row.series.length) return "has no series or values for each series";
    const k = row.series.length;
    return arrays([
      ["time", row.time, "f64", n],
      ["minMax", row.minMax, "f64", 2 * k],
      ...row.values.map((v, i): [string, unknown, ArrayKind, number] => [`values.${i}`, v, "f64", n]),
    ]);
  }
  return "is neither spans nor a counter";
}

export function laneProblem(lane: Obj, id: "pid" | "tid"): string | undefined {
  if (!isNum(lane[id])) return `has no ${id}`;
  if (!optString(lane, "name") || !optNum(lane, "sortIndex")) return "has a malformed name or sort index";
  return undefined;
}

export const isFlow = (v: unknown) =>
  isObj(v) && typeof v.name === "string" && ["fromTs", "fromPid", "fromTid", "toTs", "toPid", "toTid"].every(k => isNum(v[k]));

/** Why the model-wide fields a snapshot and a delta share (counts, time range, flows, names) are malformed. */
export function countsProblem(h: Obj): string | undefined {
  if (!isNum(h.thresholdUs) || !isCount(h.eventCount) || !isCount(h.rejectedCount) || !isNum(h.droppedFromNotes)) return "the header has malformed counts";
  // ±Infinity (an empty model) arrives as null through JSON and as itself through structured clone.
  const isBound = (v: unknown) => v === null || (typeof v === "number" && !Number.isNaN(v));
  if (!isBound(h.startUs) || !isBound(h.endUs)) return "the header has a malformed time range";
  if (h.sourceEvents !== undefined && !isCount(h.sourceEvents)) return "the header has a malformed event count";
  if (!isObj(h.dropsByStream) || !Object.values(h.dropsByStream).every(isNum)) return "the header's drop counts are malformed";
  if (!Array.isArray(h.flows) || !h.flows.every(isFlow)) return "the header's flows are malformed";
  if (!isStrings(h.names)) return "the header's names are not strings";
  return undefined;
}

export type SnapshotHeaderCheck = { ok: true; header: SnapshotHeader } | { ok: false; error: string };

/**
 * `value` typed as the header of a blob of `blobBytes` bytes when it is one (every array it names
 * lies inside the blob, aligned, with the length its row says), else why not.
 */
export function checkSnapshotHeader(value: unknown, blobBytes: number): SnapshotHeaderCheck {
  const error = headerProblem(value, blobBytes);
  return error === undefined ? { ok: true, header: value as SnapshotHeader } : { ok: false, error };
}

function headerProblem(value: unknown, blobBytes: number): string | undefined {
  if (!isObj(value)) return "the header is not an object";
  const h = value;
  if (h.version !== SNAPSHOT_VERSION) return `unsupported snapshot version ${String(h.version)}`;
  if (!isCount(h.byteLength)) return "the header has no byte length";
  if (blobBytes < h.byteLength) return "the snapshot is truncated";
  const byteLength = h.byteLength;
  const counts = countsProblem(h);
  if (counts) return counts;
  if (h.metadata !== undefined && !(isObj(h.metadata) && isNum(h.metadata.blockThresholdMs))) return "the header's run metadata is malformed";
  const records = h.records;
  if (!isObj(records) || !isCount(records.n)) return "the header has no records";
  for (const [key, kind] of [
    ["nameIndex", "i32"],
    ["ts", "f64"],
    ["begin", "i32"],
    ["end", "i32"],
    ["unfinished", "u8"],
  ] as const) {
    const problem = arrayProblem(records[key], kind, records.n, byteLength);
    if (problem) return `records.${key} ${problem}`;
  }
  return processesProblem(h.processes, "the header", row => rowProblem(row, byteLength));
}

/** The processes, threads and rows of a snapshot or of a delta: what is wrong first, or undefined.
 * Rows differ between the two (a delta's carry only what changed): `rowIssue` checks one. */
export function processesProblem(processes: unknown, what: string, rowIssue: (row: unknown) => string | undefined): string | undefined {
  if (!Array.isArray(processes)) return `${what} has no processes`;
  for (const p of processes) {
    if (!isObj(p)) return "a process is not an object";
    const problem = laneProblem(p, "pid") ?? (optString(p, "labels") ? undefined : "has malformed labels");
    if (problem) return `process ${String(p.pid)} ${problem}`;
    if (!Array.isArray(p.threads)) return `process ${String(p.pid)} has no threads`;
    for (const t of p.threads) {
      if (!isObj(t)) return `a thread of process ${String(p.pid)} is not an object`;
      const where = `thread ${String(p.pid)}:${String(t.tid)}`;
      const laneIssue = laneProblem(t, "tid");
      if (laneIssue) return `${where} ${laneIssue}`;
      if (!Array.isArray(t.rows)) return `${where} has no rows`;
      for (const row of t.rows) {
        const problem = rowIssue(row);
        if (problem) return `a row of ${where} ${problem}`;
      }
    }
  }
  return undefined;
}

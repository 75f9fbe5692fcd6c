// The shapes of the timeline model (timeline-model.ts): drawn events, rows, lanes and flows.
import type { CounterStore } from "./counter-store";
import type { SpanStore } from "./span-store";
import type { CounterUnit, SpanCategory } from "./classify";

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

export type { Flow } from "../../protocol/src/timeline-snapshot";

export const DEFAULT_BLOCK_THRESHOLD_MS = 50;

/** Where each record came from in the trace's event array: its (begin) event, and the end event of a pair (-1 when none). */
export interface RecordSources {
  begin: Int32Array;
  end: Int32Array;
  n: number;
}

// A parsed trace file's timeline as a snapshot: the one way a trace file reaches the view. The
// extension lays it out in a worker thread (client/src/timeline/snapshotWorker.ts) so the panel
// draws its first frame from the snapshot instead of parsing the whole file; the report's page
// does the same with a file the user opens in it. The same parser (truncated files salvaged up to
// their last complete event), the same model, the same messages for files it cannot show; the
// snapshot's records point into the parsed event array, whose events are served on request.
import { parseTraceText, type AnyTraceEvent, type TraceCheck } from "../../protocol/src/trace-validate";
import type { SnapshotHeader } from "../../protocol/src/timeline-snapshot";
import { encodeSnapshot } from "./snapshot";
import { modelOfTrace } from "./timeline-model";

// The model is pure (lib es2023, no DOM, no Node); both of its hosts, browsers and Node, have this clock.
declare const performance: { now(): number };

export type TraceSnapshot =
  | {
      ok: true;
      header: SnapshotHeader;
      blob: Uint8Array;
      events: readonly AnyTraceEvent[];
      warnings: string[];
      timings: { parseMs: number; modelMs: number; encodeMs: number };
    }
  /** A file the timeline cannot show: `title` and `error` are written for the panel. */
  | { ok: false; title: string; error: string };

/** The headings the panel shows for these cases. */
export const CANNOT_SHOW = "This trace cannot be shown";
export const NO_EVENTS = "This trace has no events";

export function snapshotOfTraceText(text: string): TraceSnapshot {
  const t0 = performance.now();
  return snapshotOfCheck(parseTraceText(text, { salvageTruncated: true }), performance.now() - t0);
}

/** The snapshot of a trace already parsed (`parseMs` is how long that took), e.g. read as a stream. */
export function snapshotOfCheck(check: TraceCheck, parseMs: number): TraceSnapshot {
  if (!check.ok) return { ok: false, title: CANNOT_SHOW, error: check.error };
  const t1 = performance.now();
  const model = modelOfTrace(check);
  if (model.isEmpty) {
    return {
      ok: false,
      title: NO_EVENTS,
      error: "The file is a valid trace, but it contains no events the timeline can draw." + (check.warnings.length ? " " + check.warnings.join(" ") : ""),
    };
  }
  const t2 = performance.now();
  const { header, blob } = encodeSnapshot(model);
  return { ok: true, header, blob, events: check.events, warnings: check.warnings, timings: { parseMs, modelMs: t2 - t1, encodeMs: performance.now() - t2 } };
}

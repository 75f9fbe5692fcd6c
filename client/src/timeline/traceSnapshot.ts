// A trace file's timeline, laid out in the extension host (in a worker thread, see
// snapshotWorker.ts) so the panel draws its first frame from a model snapshot instead of parsing
// the whole file first (timeline-model/src/snapshot.ts). Reads the file exactly as the page does:
// the same parser (truncated files salvaged up to their last complete event), the same model, the
// same messages for files it cannot show. The page then parses the same bytes for event details,
// and the snapshot's records point into the very event array it gets. No vscode import.
import { parseTraceText, type AnyTraceEvent, type TraceCheck } from "../../../protocol/src/trace-validate";
import type { SnapshotHeader } from "../../../protocol/src/timeline-snapshot";
import { encodeSnapshot } from "../../../timeline-model/src/snapshot";
import { modelOfTrace } from "../../../timeline-model/src/timeline-model";

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

/** The page's own headings for these cases (webview/src/render/timeline-view.ts). */
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

/** As the page decides it: run metadata that sets a block threshold is Loopscope's own. */

// A live run's two models under Node: the extension's LiveTrace, fed batches of trace events, and
// the page's, grown from its snapshot deltas (cloned and checked as postMessage and the page do),
// its records' events served from the trace.
import assert from "node:assert/strict";
import type { AnyTraceEvent } from "../../protocol/src/trace-validate";
import { LiveTrace } from "../../timeline-model/src/live-trace";
import { applySnapshotDelta, emptyLiveModel } from "../../timeline-model/src/snapshot-delta";
import { checkSnapshotDelta } from "../../protocol/src/timeline-delta";

/**
 * The extension's LiveTrace and the page's model grown from its deltas (cloned and checked as
 * postMessage and the page do), its events served from the trace.
 */
export function liveRun(blockThresholdMs = 50) {
  const trace = new LiveTrace(blockThresholdMs);
  const page = emptyLiveModel(blockThresholdMs);
  page.serveEventsFrom(indices => trace.eventsAt(indices));
  let deltas = 0;
  const sync = () => {
    const delta = trace.delta();
    if (delta) {
      const { header, blob } = structuredClone(delta);
      const check = checkSnapshotDelta(header, blob.byteLength);
      assert.ok(check.ok, check.ok ? "" : check.error);
      applySnapshotDelta(page, check.delta, blob);
      deltas++;
    }
    page.prepare();
  };
  return {
    page,
    trace,
    get deltas() {
      return deltas;
    },
    add(batch: readonly unknown[]) {
      trace.add(batch as AnyTraceEvent[]);
      sync();
    },
    finish() {
      trace.finish();
      sync();
    },
  };
}

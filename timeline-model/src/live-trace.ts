// A live run's growing trace, kept by whoever records it (the extension host): every event so far
// (the array the records point into, whose events are served on the page's request) and the
// timeline model built from them batch by batch. The page gets the model as snapshot deltas
// (snapshot-delta.ts), never the raw batches: a run reaches it the way a trace file does.
import type { AnyTraceEvent } from "../../protocol/src/trace-validate";
import type { SnapshotDelta } from "../../protocol/src/timeline-delta";
import { DeltaEncoder } from "./snapshot-delta";
import { TimelineModel } from "./timeline-model";

export class LiveTrace {
  private readonly events: AnyTraceEvent[] = [];
  /** Only this class adds to it, and it is never prepared: the encoder reads its stores in the order things were added. */
  private readonly model: TimelineModel;
  private readonly encoder: DeltaEncoder;

  constructor(blockThresholdMs: number) {
    this.model = new TimelineModel({ blockThresholdMs });
    this.encoder = new DeltaEncoder(this.model);
  }

  /** The next batch of the run's trace events (the recorder's, already well-formed). */
  add(batch: readonly AnyTraceEvent[]): void {
    for (const e of batch) this.events.push(e);
    this.model.addLiveBatch(batch);
  }

  /**
   * The run ended: spans still open are closed at the newest event, unfinished, as a trace file's
   * are (the next delta says so; the written file then replaces the run in the view).
   */
  finish(): void {
    this.model.finish();
  }

  /** What the model gained since the last delta (everything after `resend`); undefined when nothing. */
  delta(): { header: SnapshotDelta; blob: Uint8Array } | undefined {
    return this.encoder.take();
  }

  /** The next delta is the whole model so far (for a page that starts again, e.g. reloaded). */
  resend(): void {
    this.encoder.reset();
  }

  /** The events at these indices of the trace so far (null where there is none). */
  eventsAt(indices: readonly number[]): (AnyTraceEvent | null)[] {
    return indices.map(i => this.events[i] ?? null);
  }

  get eventCount(): number {
    return this.events.length;
  }

  /** Events the model drew or used so far (what the page's model says after the latest delta). */
  get modelEventCount(): number {
    return this.model.eventCount;
  }
}

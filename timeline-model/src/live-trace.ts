// A live run's growing trace, kept by whoever records it (the extension host): its events, in a
// store that serves them by index on the page's request (in memory here; the extension's keeps
// them in a file, client/src/timeline/liveEventLog.ts), and the timeline model built from them
// batch by batch. The page gets the model as snapshot deltas (snapshot-delta.ts), never the raw
// batches: a run reaches it the way a trace file does.
//
// Memory stays flat over a long run: once a delta has sent the model's records, the model lets go
// of their events (the store has them), so what stays is the model's columns (a few dozen bytes a
// span or counter sample; the recorder's thinning and counter bins keep their rate low) and the
// spans still open. A page that starts again is sent the run so far by building the model again
// from the store, read in chunks, one delta per chunk.
import type { AnyTraceEvent } from "../../protocol/src/trace-validate";
import type { SnapshotDelta } from "../../protocol/src/timeline-delta";
import { DeltaEncoder } from "./snapshot-delta";
import { TimelineModel } from "./timeline-model";

/** Where a live run's events are kept, in the order they came: the records' events are served from it by index. */
export interface LiveEventStore {
  append(batch: readonly AnyTraceEvent[]): void;
  /** The events at these indices (null where there is none). */
  at(indices: readonly number[]): (AnyTraceEvent | null)[];
  /** Every event so far in order, in chunks of about `size` (a page that starts again). */
  chunks(size: number): Iterable<readonly AnyTraceEvent[]>;
  readonly count: number;
}

/** Events kept as they are, in memory (tests, a short run). */
export class MemoryEventStore implements LiveEventStore {
  private readonly events: AnyTraceEvent[] = [];
  append(batch: readonly AnyTraceEvent[]): void {
    for (const e of batch) this.events.push(e);
  }
  at(indices: readonly number[]): (AnyTraceEvent | null)[] {
    return indices.map(i => this.events[i] ?? null);
  }
  *chunks(size: number): Iterable<readonly AnyTraceEvent[]> {
    for (let i = 0; i < this.events.length; i += size) yield this.events.slice(i, i + size);
  }
  get count(): number {
    return this.events.length;
  }
}

export type LiveDelta = { header: SnapshotDelta; blob: Uint8Array };

/** Events per delta when a page that starts again is sent the run so far. */
export const RESEND_CHUNK_EVENTS = 20_000;

export class LiveTrace {
  /** Only this class adds to it, and it is never prepared: the encoder reads its stores in the order things were added. */
  private model: TimelineModel;
  private encoder: DeltaEncoder;
  private finished = false;

  constructor(
    private readonly blockThresholdMs: number,
    private readonly store: LiveEventStore = new MemoryEventStore(),
  ) {
    this.model = new TimelineModel({ blockThresholdMs });
    this.encoder = new DeltaEncoder(this.model);
  }

  /** The next batch of the run's trace events (the recorder's, already well-formed). */
  add(batch: readonly AnyTraceEvent[]): void {
    this.store.append(batch);
    this.model.addLiveBatch(batch);
  }

  /**
   * The run ended: spans still open are closed at the newest event, unfinished, as a trace file's
   * are (the next delta says so; the written file then replaces the run in the view).
   */
  finish(): void {
    this.finished = true;
    this.model.finish();
  }

  /** What the model gained since the last delta; undefined when nothing. The model then lets go of the events it sent. */
  delta(): LiveDelta | undefined {
    const delta = this.encoder.take();
    this.model.releaseRecordsBefore(this.model.recordCount);
    return delta;
  }

  /**
   * For a page that starts again (reloaded): the run so far, from nothing, as deltas of about
   * `chunkEvents` events each, given to `send` in order; later deltas continue them. The model is
   * built again from the store (its records' events were let go of once sent).
   */
  resend(send: (delta: LiveDelta) => void, chunkEvents = RESEND_CHUNK_EVENTS): void {
    this.model = new TimelineModel({ blockThresholdMs: this.blockThresholdMs });
    this.encoder = new DeltaEncoder(this.model);
    for (const chunk of this.store.chunks(chunkEvents)) {
      this.model.addLiveBatch(chunk);
      const delta = this.delta();
      if (delta) send(delta);
    }
    if (this.finished) this.model.finish();
    const last = this.delta();
    if (last) send(last);
  }

  /** The events at these indices of the trace so far (null where there is none). */
  eventsAt(indices: readonly number[]): (AnyTraceEvent | null)[] {
    return this.store.at(indices);
  }

  get eventCount(): number {
    return this.store.count;
  }

  /** Events the model drew or used so far (what the page's model says after the latest delta). */
  get modelEventCount(): number {
    return this.model.eventCount;
  }

  /** Records whose events the model still holds (not yet sent, or still ongoing): what a long run keeps in memory. */
  get heldRecords(): number {
    let n = 0;
    for (const r of this.model.records) if (r) n++;
    return n;
  }
}

// Events the tracers could not send: counted by the run's metadata (a finished trace), the live
// status (a run in progress) or the tracers' own notes in the trace, in that order of trust.
import type { RunMetadata } from "../../protocol/src/trace";
import type { ModelEvent } from "./model-types";

export class DropCounts {
  /** Drops the tracers' notes (`loopscope.tracer` instants) report. */
  fromNotes = 0;
  /** Per stream (`pid:tid`). */
  byStream: Record<string, number> = {};
  private live: number | undefined;

  total(metadata: RunMetadata | undefined): number {
    return this.live ?? metadata?.eventsDropped ?? this.fromNotes;
  }

  setLive(dropped: number | undefined, byStream?: Record<string, number>): void {
    if (dropped !== undefined) this.live = dropped;
    if (byStream) this.byStream = { ...byStream };
  }

  setFromMetadata(metadata: RunMetadata | undefined): void {
    if (metadata?.dropsByStream) this.byStream = { ...metadata.dropsByStream };
  }

  /** A tracer's note: what it says it dropped or lost. */
  noteTracerEvent(e: ModelEvent): void {
    const count = (v: unknown) => (typeof v === "number" && v > 0 ? v : 0);
    const dropped = count(e.args?.dropped) + count(e.args?.lost) + count(e.args?.eventsDropped);
    if (dropped > 0) {
      this.fromNotes += dropped;
      const key = `${e.pid}:${e.tid ?? 0}`;
      this.byStream[key] = (this.byStream[key] ?? 0) + dropped;
    }
  }
}

// A run shown while it records: the host's model of it arrives as snapshot deltas a few times a
// second (its events are served on request, as a trace file's are), the view follows the newest
// time until the user zooms or pans away, and pausing buffers deltas instead of drawing them (the
// program keeps running; the buffer is drawn on resume).
import type { RunMetadata } from "../../../protocol/src/trace";
import type { SnapshotDelta } from "../../../protocol/src/timeline-delta";
import { applySnapshotDelta, emptyLiveModel } from "../../../timeline-model/src/snapshot-delta";
import type { TimelineModel } from "../../../timeline-model/src/timeline-model";
import type { HostBridge } from "./host-bridge";
import type { LanesSummary } from "./lanes-summary";
import type { ViewState } from "./view-state";
import type { ZoomPan } from "./zoom-pan";

/** What live mode asks of the view around it. */
export interface LiveModeView {
  /** Shows a new model (a run starts empty). */
  setModel(model: TimelineModel, source: string | undefined): void;
  /** The model's lanes or rows changed. */
  relayout(): void;
  updateToolbar(): void;
  requestRender(): void;
  scheduleStats(): void;
  saveStateSoon(): void;
  announce(text: string): void;
}

export class LiveMode {
  private pending: { header: SnapshotDelta; blob: Uint8Array }[] = [];
  /** The model's structure the layout was made for. */
  private laidOutVersion = -1;

  constructor(
    private readonly state: ViewState,
    private readonly zoomPan: ZoomPan,
    private readonly summary: LanesSummary,
    private readonly host: HostBridge,
    private readonly view: LiveModeView,
  ) {}

  /** A finished trace replaces the run: nothing live or buffered is left. */
  stop(): void {
    this.state.live = false;
    this.state.paused = false;
    this.pending = [];
  }

  start(source: string | undefined, blockThresholdMs: number | undefined): void {
    const s = this.state;
    const model = emptyLiveModel(blockThresholdMs);
    s.live = true;
    s.paused = false;
    s.follow = true;
    this.pending = [];
    s.pendingCount = 0;
    this.laidOutVersion = model.structureVersion;
    this.view.setModel(model, source);
    s.status = "waiting for events…";
    this.view.updateToolbar();
  }

  /** The host's model gained this (checked against its blob on arrival). */
  append(header: SnapshotDelta, blob: Uint8Array): void {
    const model = this.state.model;
    if (!model || !this.state.live) return;
    if (this.state.paused) {
      this.pending.push({ header, blob });
      this.state.pendingCount = Math.max(0, header.eventCount - model.eventCount);
      this.view.updateToolbar();
      return;
    }
    applySnapshotDelta(model, header, blob);
    this.drawUpdate();
  }

  /** The recorder's news: events the tracer dropped so far, and a status line. */
  report(dropped: number | undefined, byStream: Record<string, number> | undefined, message: string | undefined): void {
    if (!this.state.model) return;
    this.state.model.setLiveDrops(dropped, byStream);
    if (message !== undefined) this.state.status = message;
    this.view.updateToolbar();
  }

  end(metadata: RunMetadata | undefined, message: string | undefined): void {
    const model = this.state.model;
    if (!model) return;
    if (this.pending.length) this.flushPending();
    this.state.live = false;
    this.state.paused = false;
    model.finish();
    if (metadata) model.setMetadata(metadata);
    this.state.status = message ?? "run finished";
    model.prepare();
    this.view.relayout();
    this.view.updateToolbar();
    this.view.requestRender();
    this.view.scheduleStats();
  }

  /** `fromPan`: the user moved the view, which already shows where it should. */
  setFollow(on: boolean, fromPan = false): void {
    if (this.state.follow === on) return;
    this.state.follow = on;
    if (on && !fromPan) this.zoomPan.followNewest();
    this.view.updateToolbar();
    this.view.saveStateSoon();
  }

  setPaused(on: boolean): void {
    if (!this.state.live || this.state.paused === on) return;
    this.state.paused = on;
    if (!on && this.pending.length) this.flushPending();
    this.host.post({ type: "livePaused", paused: on });
    this.view.announce(on ? "Live view paused; events are buffered" : "Live view resumed");
    this.view.updateToolbar();
  }

  private drawUpdate(): void {
    const model = this.state.model!;
    const version = this.laidOutVersion;
    model.prepare();
    this.laidOutVersion = model.structureVersion;
    this.state.status = "";
    // New rows need a new layout; new events in known rows only change the counts.
    if (model.structureVersion !== version) this.view.relayout();
    else this.summary.renderSoon();
    // Otherwise the trace grew under d3's transform, which is relative to the whole trace.
    if (this.state.follow) this.zoomPan.followNewest();
    else this.zoomPan.sync();
    this.view.updateToolbar();
    this.view.requestRender();
  }

  private flushPending(): void {
    const deltas = this.pending;
    this.pending = [];
    this.state.pendingCount = 0;
    for (const d of deltas) applySnapshotDelta(this.state.model!, d.header, d.blob);
    this.drawUpdate();
  }
}

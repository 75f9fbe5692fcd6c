// A run shown while it records: batches of events arrive several times a second, the view follows
// the newest time until the user zooms or pans away, and pausing buffers batches instead of
// drawing them (the program keeps running; the buffer is drawn on resume).
import type { RunMetadata } from "../../../protocol/src/trace";
import { TimelineModel } from "../../../timeline-model/src/timeline-model";
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
  private pending: unknown[][] = [];

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
    const model = new TimelineModel({ blockThresholdMs });
    s.live = true;
    s.paused = false;
    s.follow = true;
    this.pending = [];
    s.pendingCount = 0;
    this.view.setModel(model, source);
    s.status = "waiting for events…";
    this.view.updateToolbar();
  }

  append(events: unknown[]): void {
    if (!this.state.model || !this.state.live) return;
    if (this.state.paused) {
      this.pending.push(events);
      this.state.pendingCount += events.length;
      this.view.updateToolbar();
      return;
    }
    this.applyBatch(events);
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

  private applyBatch(events: unknown[]): void {
    const model = this.state.model!;
    const version = model.structureVersion;
    model.addUntrustedEvents(events);
    model.prepare();
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
    const batches = this.pending;
    this.pending = [];
    this.state.pendingCount = 0;
    for (const b of batches) this.state.model!.addUntrustedEvents(b);
    this.applyBatch([]);
  }
}

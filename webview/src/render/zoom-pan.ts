// The visible time range and the gestures that move it: d3-zoom on the tracks (wheel zooms, drag
// pans; x only) and the wheel gestures d3-zoom leaves alone (Shift+wheel scrolls rows, horizontal
// wheel pans). The range is the state's `view`; d3's zoom transform is kept in step with it, so a
// gesture continues from wherever code last put the view.
import { scaleLinear } from "d3-scale";
import { select } from "d3-selection";
import { zoom, zoomIdentity, type D3ZoomEvent, type ZoomBehavior } from "d3-zoom";
import type { ViewState } from "./view-state";

const MIN_SPAN_US = 10;

export interface ZoomPanEvents {
  /** After every change of the visible range. */
  viewChanged(): void;
  /** The user moved a live view: whether it still shows the newest events. */
  userMovedLive(atNewest: boolean): void;
}

export class ZoomPan {
  private readonly behaviour: ZoomBehavior<HTMLElement, unknown>;
  /** Set while the transform is changed from code, whose zoom events are not the user's. */
  private syncing = false;

  constructor(
    private readonly state: ViewState,
    private readonly viewport: HTMLElement,
    scroller: HTMLElement,
    private readonly events: ZoomPanEvents,
  ) {
    this.behaviour = zoom<HTMLElement, unknown>()
      .filter(event => {
        if (event.type === "wheel") return !event.shiftKey && Math.abs(event.deltaX) <= Math.abs(event.deltaY);
        return !event.ctrlKey && !event.button;
      })
      .on("zoom", (event: D3ZoomEvent<HTMLElement, unknown>) => this.onZoom(event));
    select(viewport).call(this.behaviour).on("dblclick.zoom", null);
    viewport.addEventListener(
      "wheel",
      event => {
        if (event.shiftKey || Math.abs(event.deltaY) < Math.abs(event.deltaX)) {
          event.preventDefault();
          if (event.shiftKey) scroller.scrollTop += event.deltaY || event.deltaX;
          else this.panBy(event.deltaX / Math.max(1, this.state.width));
        }
      },
      { passive: false },
    );
  }

  /** The whole trace's time range, the zoomed-out limit. */
  baseDomain(): [number, number] {
    const m = this.state.model;
    if (!m || m.isEmpty) return [0, 1e6];
    const end = this.state.live ? Math.max(m.endUs, m.startUs + 1e6) : Math.max(m.endUs, m.startUs + MIN_SPAN_US * 10);
    // A little room after the last event so it is not cut by the edge.
    return [m.startUs, end + (end - m.startUs) * 0.01];
  }

  /** Shows [t0, t1] (µs, absolute), clamped to the trace. */
  setView(t0: number, t1: number): void {
    const [b0, b1] = this.baseDomain();
    let span = Math.max(MIN_SPAN_US, Math.min(t1 - t0, b1 - b0));
    if (!Number.isFinite(span)) span = b1 - b0;
    let start = Math.min(Math.max(t0, b0), b1 - span);
    if (!Number.isFinite(start)) start = b0;
    this.state.view = { t0: start, t1: start + span };
    this.sync();
    this.events.viewChanged();
  }

  /** Zooms around `centre`, else the selected event, else the middle of the view. */
  zoomBy(factor: number, centre?: number): void {
    const { t0, t1 } = this.state.view;
    const c = centre ?? this.focusTime() ?? (t0 + t1) / 2;
    this.setView(c - (c - t0) / factor, c + (t1 - c) / factor);
  }

  /** Moves the view by a fraction of its width (negative: to the left). */
  panBy(fraction: number): void {
    const view = this.state.view;
    const span = view.t1 - view.t0;
    this.setView(view.t0 + span * fraction, view.t1 + span * fraction);
    const model = this.state.model;
    if (this.state.live && model) this.events.userMovedLive(this.state.view.t1 >= model.endUs - span * 0.02);
  }

  /** Shows the newest events: a short run whole, a long one at the chosen window width. */
  followNewest(): void {
    const model = this.state.model;
    if (!model || model.isEmpty) return;
    const [b0, b1] = this.baseDomain();
    const view = this.state.view;
    const span = Math.min(view.t1 - view.t0 || b1 - b0, b1 - b0);
    this.setView(b1 - span, b1);
  }

  /** Puts d3's zoom transform (and its limits) in step with the state's view, trace and size. */
  sync(): void {
    const [b0, b1] = this.baseDomain();
    const { view, width, height } = this.state;
    const w = Math.max(1, width);
    const k = (b1 - b0) / (view.t1 - view.t0);
    this.behaviour
      .extent([
        [0, 0],
        [w, Math.max(1, height)],
      ])
      .translateExtent([
        [0, 0],
        [w, Math.max(1, height)],
      ])
      .scaleExtent([1, Math.max(1, (b1 - b0) / MIN_SPAN_US)]);
    this.syncing = true;
    try {
      this.behaviour.transform(select(this.viewport), zoomIdentity.translate(-((view.t0 - b0) / (b1 - b0)) * w * k, 0).scale(k));
    } finally {
      this.syncing = false;
    }
  }

  private onZoom(event: D3ZoomEvent<HTMLElement, unknown>): void {
    const model = this.state.model;
    if (this.syncing || !model) return;
    const base = scaleLinear()
      .domain(this.baseDomain())
      .range([0, Math.max(1, this.state.width)]);
    const [t0, t1] = event.transform.rescaleX(base).domain();
    this.state.view = { t0, t1 };
    if (this.state.live && event.sourceEvent) this.events.userMovedLive(t1 >= model.endUs - (t1 - t0) * 0.02);
    this.events.viewChanged();
  }

  private focusTime(): number | undefined {
    const e = this.state.selected && this.state.eventOf(this.state.selected);
    return e ? e.ts + (e.dur ?? 0) / 2 : undefined;
  }
}

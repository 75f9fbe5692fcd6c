// The scrolling area under the time axis: row labels and lane headers on the left (gutter.ts),
// the tracks on the right, one scroll position for both. The tracks are two stacked canvases:
// the tracks themselves, redrawn per frame, and an overlay with the selected range and the
// hovered and selected spans' outlines, which hovering redraws alone (cheap) instead of the
// tracks (up to a scan of every visible span).
import { DEFAULT_SIZES as sizes, laneEventCounts } from "../../../timeline-model/src/layout";
import { el } from "./dom";
import { boxOf } from "./event-geometry";
import { drawFlameUnder, flameFor } from "./flame-under-block";
import { Gutter } from "./gutter";
import { withAlpha } from "./theme";
import { drawTracks, TrackScratch, type FrameStats } from "./tracks";
import type { ViewState } from "./view-state";

export class TrackArea {
  readonly viewport: HTMLElement;
  readonly scroller: HTMLElement;
  private readonly content: HTMLElement;
  private readonly gutter: Gutter;
  private readonly canvas = el("canvas", { attrs: { "aria-hidden": "true" } });
  private readonly overlay = el("canvas", { attrs: { "aria-hidden": "true" } });
  private readonly scratch = new TrackScratch();

  constructor(onToggleLane: (laneId: string) => void) {
    this.viewport = el(
      "div",
      {
        className: "ls-viewport",
        attrs: {
          tabindex: "0",
          role: "application",
          "aria-roledescription": "timeline",
          "aria-label":
            "Timeline tracks. Arrow keys pan and move between rows, plus and minus zoom, brackets step through events, Enter opens the source of the selected event, question mark lists all shortcuts.",
        },
      },
      this.canvas,
      this.overlay,
    );
    this.content = el("div", { className: "ls-content" }, this.viewport);
    this.gutter = new Gutter(this.content, this.viewport, onToggleLane);
    this.scroller = el("div", { className: "ls-scroller" }, this.content);
  }

  get scrollTop(): number {
    return this.scroller.scrollTop;
  }

  /** The rows changed: the scrolling height and the labels follow. */
  showLayout(state: ViewState): void {
    this.content.style.height = `${Math.max(state.layout.height, this.scroller.clientHeight)}px`;
    this.gutter.render(state.layout, state.layout.items[state.focusedRow]?.id);
    this.gutter.fitWidth(Math.floor(this.scroller.clientWidth * 0.4));
  }

  /** Lane headers' event counts, which grow during a live run between layouts. */
  updateLaneCounts(state: ViewState): void {
    const model = state.model;
    if (!model) return;
    const counts = laneEventCounts(model);
    this.gutter.updateCounts(state.layout, id => counts.get(id) ?? 0);
  }

  showFocusedRow(state: ViewState): void {
    this.gutter.showFocus(state.layout.items[state.focusedRow]?.id);
  }

  /**
   * Fits the tracks to the space left of the gutter; returns whether their size changed. The
   * canvases are sized in device pixels, so that lines stay sharp on high-DPI screens.
   */
  fit(state: ViewState): boolean {
    const gutterWidth = this.gutter.element.getBoundingClientRect().width || 230;
    const w = Math.max(0, Math.floor(this.scroller.clientWidth - gutterWidth));
    const h = Math.max(0, Math.floor(this.scroller.clientHeight));
    if (w === state.width && h === state.height) return false;
    state.width = w;
    state.height = h;
    this.viewport.style.width = `${w}px`;
    this.viewport.style.height = `${h}px`;
    const dpr = window.devicePixelRatio || 1;
    for (const c of [this.canvas, this.overlay]) {
      c.width = Math.max(1, Math.round(w * dpr));
      c.height = Math.max(1, Math.round(h * dpr));
      c.style.width = `${w}px`;
      c.style.height = `${h}px`;
    }
    this.content.style.height = `${Math.max(state.layout.height, h)}px`;
    return true;
  }

  /** Draws the tracks; undefined when the canvas has no context. */
  drawTracks(state: ViewState, ticks: number[]): FrameStats | undefined {
    const ctx = this.canvas.getContext("2d", { alpha: false });
    if (!ctx) return undefined;
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    return drawTracks(
      {
        ctx,
        width: state.width,
        height: state.height,
        scrollTop: this.scroller.scrollTop,
        t0: state.view.t0,
        t1: state.view.t1,
        model: state.model!,
        layout: state.layout,
        sizes,
        theme: state.theme,
        ticks,
        focusedRowId: state.layout.items[state.focusedRow]?.id,
      },
      this.scratch,
    );
  }

  drawOverlay(state: ViewState): void {
    const ctx = this.overlay.getContext("2d");
    if (!ctx || !state.model) return;
    const { width, height, theme } = state;
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const x = state.viewScale();
    if (state.selection) {
      const a = x(state.selection.t0),
        b = x(state.selection.t1);
      ctx.fillStyle = withAlpha(theme.accent, 0.1);
      ctx.fillRect(a, 0, b - a, height);
      ctx.fillStyle = withAlpha(theme.accent, 0.7);
      ctx.fillRect(Math.round(a), 0, 1, height);
      ctx.fillRect(Math.round(b), 0, 1, height);
    }
    const scrollTop = this.scroller.scrollTop;
    // What ran during the selected block, under it (drawn first: the outlines stay on top).
    const picked = state.selected && state.eventOf(state.selected);
    const pickedBox = picked?.args?.callTree !== undefined ? boxOf(state, state.selected!, scrollTop) : undefined;
    const flame = pickedBox && flameFor(picked!.args!.callTree);
    if (flame && pickedBox) drawFlameUnder(ctx, flame, pickedBox, theme);
    for (const [ref, colour, lineWidth] of [
      [state.selected, theme.focus, 2],
      [state.hover, theme.fg, 1],
    ] as const) {
      const box = ref && boxOf(state, ref, scrollTop);
      if (!box) continue;
      ctx.strokeStyle = colour;
      ctx.lineWidth = lineWidth;
      ctx.strokeRect(box.x + 0.5, box.y + 0.5, Math.max(2, box.w) - 1, box.h - 1);
    }
  }
}

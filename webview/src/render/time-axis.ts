// The time axis above the tracks: tick labels (µs from the trace start) and a d3 brush, so that
// dragging on the axis selects a time range for the range statistics without fighting the
// tracks' own drag-to-pan.
import { axisBottom } from "d3-axis";
import { brushX, type BrushBehavior, type D3BrushEvent } from "d3-brush";
import type { ScaleLinear } from "d3-scale";
import { select, type Selection } from "d3-selection";
import { formatDuration } from "../../../timeline-model/src/format";
import { formatTick } from "../../../timeline-model/src/time-ticks";
import { el } from "./dom";
import type { TimeRange, ViewState } from "./view-state";

const AXIS_HEIGHT = 30;

export class TimeAxis {
  readonly corner = el("div", { className: "ls-axis-corner", text: "drag here to select a range" });
  readonly svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  private readonly brush: BrushBehavior<unknown>;
  private readonly brushG: Selection<SVGGElement, unknown, null, undefined>;
  private readonly ticksG: Selection<SVGGElement, unknown, null, undefined>;
  /** Set while the brush is moved from code, whose events are not the user's. */
  private syncing = false;

  /** `onBrush` gets the user's range while dragging (`done` false) and at the end; undefined when cleared. */
  constructor(
    private readonly state: ViewState,
    onBrush: (range: TimeRange | undefined, done: boolean) => void,
  ) {
    this.svg.setAttribute("class", "ls-axis");
    this.svg.setAttribute("aria-label", "Time axis: drag to select a time range");
    this.svg.setAttribute("role", "img");
    const svg = select(this.svg);
    this.ticksG = svg.append("g").attr("class", "ls-axis-ticks");
    this.brushG = svg.append("g").attr("class", "ls-brush");
    this.brush = brushX<unknown>().on("brush end", (event: D3BrushEvent<unknown>) => {
      if (this.syncing || !this.state.model) return;
      const done = event.type === "end";
      if (!event.selection) {
        if (done) onBrush(undefined, true);
        return;
      }
      const x = this.state.viewScale();
      const [a, b] = event.selection as [number, number];
      onBrush({ t0: x.invert(a), t1: x.invert(b) }, done);
    });
  }

  resize(width: number): void {
    this.svg.setAttribute("width", String(width));
    this.svg.setAttribute("height", String(AXIS_HEIGHT));
    this.brush.extent([
      [0, 0],
      [Math.max(1, width), AXIS_HEIGHT],
    ]);
    this.brushG.call(this.brush);
  }

  render(x: ScaleLinear<number, number>, ticks: number[]): void {
    const origin = this.state.model?.startUs ?? 0;
    const span = this.state.view.t1 - this.state.view.t0;
    const step = ticks.length > 1 ? ticks[1] - ticks[0] : span;
    this.ticksG.attr("transform", `translate(0, ${AXIS_HEIGHT - 1})`).call(
      axisBottom(x)
        .tickValues(ticks)
        .tickSize(-6)
        .tickPadding(-17)
        .tickFormat(t => formatTick(Number(t) - origin, step)),
    );
    // A label centred on a tick at the very edge would be cut in half: align it inwards.
    const width = Number(this.svg.getAttribute("width")) || 0;
    this.ticksG.selectAll<SVGTextElement, number>(".tick text").attr("text-anchor", t => (x(t) > width - 24 ? "end" : x(t) < 12 ? "start" : "middle"));
    this.corner.textContent = `${formatDuration(span)} shown`;
  }

  /** Moves the brush to the state's selection (after a zoom, a pan or a selection made in code). */
  showSelection(): void {
    const { selection, width } = this.state;
    const x = this.state.viewScale();
    this.syncing = true;
    try {
      if (selection) {
        const a = Math.max(0, Math.min(width, x(selection.t0)));
        const b = Math.max(0, Math.min(width, x(selection.t1)));
        this.brush.move(this.brushG, b - a >= 1 ? [a, b] : null);
      } else {
        this.brush.move(this.brushG, null);
      }
    } finally {
      this.syncing = false;
    }
  }
}

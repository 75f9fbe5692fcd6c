// The state the timeline's parts share: the model, its layout, the visible time range and what
// the user points at. TimelineView owns the one instance; the panels, the canvas and the input
// handlers read it rather than keep copies that could disagree.
import { scaleLinear, type ScaleLinear } from "d3-scale";
import type { Layout } from "../../../timeline-model/src/layout";
import type { ModelEvent, TimelineModel } from "../../../timeline-model/src/timeline-model";
import type { Theme } from "./theme";

/** A span: its row and its record in the model (the record holds the details, once they are read). */
export interface EventRef {
  rowId: string;
  ref: number;
}

/** µs, absolute. */
export interface TimeRange {
  t0: number;
  t1: number;
}

export class ViewState {
  model: TimelineModel | undefined;
  source: string | undefined;
  layout: Layout = { items: [], height: 0 };
  view: TimeRange = { t0: 0, t1: 1 };
  /** The brushed range on the time axis (range statistics). */
  selection: TimeRange | undefined;
  hover: EventRef | undefined;
  /** Where the pointer was when it last hovered an event (to refresh the tooltip when details arrive). */
  hoverAt: { x: number; y: number } | undefined;
  selected: EventRef | undefined;
  /** Index into `layout.items` of the row the keyboard acts on; -1 for none. */
  focusedRow = -1;
  live = false;
  follow = false;
  paused = false;
  /** Live events buffered while paused. */
  pendingCount = 0;
  /** A short note for the toolbar ("waiting for events…", "run finished"). */
  status = "";
  /** The track area in CSS pixels. */
  width = 0;
  height = 0;

  constructor(public theme: Theme) {}

  viewScale(): ScaleLinear<number, number> {
    return scaleLinear()
      .domain([this.view.t0, this.view.t1])
      .range([0, Math.max(1, this.width)]);
  }

  eventOf(ref: EventRef): ModelEvent | undefined {
    return this.model?.record(ref.ref);
  }
}

// The side panel's range statistics: per category counts, rates, errors and latency percentiles,
// and how much of the time each thread's event loop was blocked, for the brushed selection or the
// whole trace.
import { formatDuration, formatPercent, formatRate } from "../../../timeline-model/src/format";
import { rangeStats, type RangeStats } from "../../../timeline-model/src/stats";
import { blocksByRoute, type BlocksByRoute } from "../../../timeline-model/src/block-requests";
import { routeTable } from "./request-sections";
import { clear, el } from "./dom";
import type { ViewState } from "./view-state";

export interface StatsActions {
  setView(t0: number, t1: number): void;
  setSelection(t0: number, t1: number): void;
}

export class StatsPanel {
  readonly element = el("section", { attrs: { "aria-label": "Range statistics", "data-testid": "stats" } });
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly state: ViewState,
    private readonly timings: Record<string, number>,
    private readonly actions: StatsActions,
  ) {}

  /**
   * Computes the statistics in a later task, once for calls in quick succession: they are a pass
   * over every event in the range. The whole trace's wait a little longer, so that a newly opened
   * trace's first frame is painted before them.
   */
  schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(
      () => {
        const model = this.state.model;
        if (!model || model.isEmpty) return;
        const t0 = performance.now();
        const range = this.state.selection ?? { t0: model.startUs, t1: model.endUs };
        const stats = rangeStats(model, range.t0, range.t1);
        const routes = blocksByRoute(model, range.t0, range.t1);
        this.timings.statsMs = performance.now() - t0;
        this.render(stats, routes);
      },
      this.state.selection ? 0 : 30,
    );
  }

  /** Undefined: the hint how to select a range, while there are no statistics (yet). */
  render(stats: RangeStats | undefined, routes?: BlocksByRoute): void {
    const panel = this.element;
    const { selection } = this.state;
    clear(panel);
    panel.append(el("h2", { text: selection ? "Selection" : "Whole trace" }));
    if (!stats) {
      panel.append(el("p", { className: "ls-hint", text: "Drag on the time axis to select a range, or press A to select the visible range." }));
      return;
    }
    const origin = this.state.model?.startUs ?? 0;
    panel.append(
      el("p", {
        className: "ls-hint",
        attrs: { "data-testid": "stats-range" },
        text: `${formatDuration(stats.t0 - origin)} – ${formatDuration(stats.t1 - origin)} (${formatDuration(stats.durationUs)})`,
      }),
    );
    const list = el("div", { className: "ls-stats", attrs: { "data-testid": "stats-table" } });
    for (const c of stats.categories) {
      const head = [`${c.count.toLocaleString("en-US")}`, formatRate(c.throughputPerSec)];
      if (c.errors) head.push(`${formatPercent(c.errorRate)} errors`);
      list.append(
        el(
          "div",
          { className: "ls-stat", attrs: { "data-category": c.category } },
          el(
            "div",
            { className: "ls-stat-head" },
            el("span", { className: "ls-stat-name", text: c.label }),
            el("span", { className: "ls-stat-count", text: head.join(" · ") }),
          ),
          el(
            "div",
            { className: "ls-stat-pct" },
            ...(
              [
                ["p50", c.p50],
                ["p95", c.p95],
                ["p99", c.p99],
                ["max", c.max],
              ] as const
            ).map(([k, v]) => el("span", { attrs: { "data-stat": k } }, el("span", { className: "ls-stat-k", text: k + " " }), formatDuration(v))),
          ),
        ),
      );
    }
    if (!stats.categories.length) list.append(el("p", { className: "ls-hint", text: "No spans start in this range." }));
    panel.append(list);
    const blocked = el(
      "div",
      { className: "ls-blocked", attrs: { "data-testid": "blocked" } },
      el(
        "div",
        { className: "ls-stat-head" },
        el("span", { className: "ls-stat-name", text: "Event loop blocked" }),
        el("span", { className: "ls-stat-count", text: `${formatPercent(stats.blockedShare)} overall` }),
      ),
    );
    for (const t of stats.threads.slice(0, 8)) {
      const bar = el("span", { className: "ls-bar", attrs: { "aria-hidden": "true" } }, el("span", { className: "ls-bar-fill" }));
      (bar.firstChild as HTMLElement).style.width = `${Math.min(100, t.share * 100)}%`;
      blocked.append(
        el(
          "div",
          { className: "ls-blocked-row", attrs: { title: t.label } },
          el("span", { className: "ls-blocked-name", text: t.label }),
          bar,
          el("span", { className: "ls-blocked-val", text: `${formatPercent(t.share)} · ${formatDuration(t.blockedUs)}` }),
        ),
      );
    }
    panel.append(blocked);
    const byRoute = routes && routeTable(routes);
    if (byRoute) panel.append(byRoute);
    if (selection) {
      const zoomTo = el("button", { text: "Zoom to selection", attrs: { type: "button", title: "Zoom to the selection (Z)" } });
      zoomTo.addEventListener("click", () => this.state.selection && this.actions.setView(this.state.selection.t0, this.state.selection.t1));
      const clearSel = el("button", { text: "Clear", attrs: { type: "button", title: "Clear the selection (Esc)" } });
      clearSel.addEventListener("click", () => this.actions.setSelection(0, 0));
      panel.append(el("div", { className: "ls-sel-actions" }, zoomTo, clearSel));
    }
  }
}

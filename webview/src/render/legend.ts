// The side panel's legend: what the track colours mean, in the current theme's colours and with
// the trace's own block threshold.
import type { TimelineModel } from "../../../timeline-model/src/timeline-model";
import { formatDuration } from "../../../timeline-model/src/format";
import { clear, el } from "./dom";
import { spanColour, withAlpha, type Theme } from "./theme";

export class Legend {
  readonly element = el("section", { attrs: { "aria-label": "Legend" } });

  render(t: Theme, model: TimelineModel | undefined): void {
    clear(this.element);
    const threshold = model ? formatDuration(model.thresholdUs) : "the threshold";
    const item = (colour: string, label: string, line = false) => {
      const swatch = el("span", { className: "ls-swatch" + (line ? " ls-swatch-line" : ""), attrs: { "aria-hidden": "true" } });
      swatch.style.background = colour;
      return el("div", { className: "ls-legend-item" }, swatch, el("span", { text: label }));
    };
    this.element.append(
      el("h2", { text: "Legend" }),
      el(
        "div",
        { className: "ls-legend" },
        el("div", { className: "ls-legend-group", text: "Event loop (by duration)" }),
        item(spanColour(t, "loop", 1), `task, under half of ${threshold}`),
        item(spanColour(t, "loop", 3), `task, nearly ${threshold}`),
        item(spanColour(t, "loop", 4), `block, ${threshold} or more`),
        item(spanColour(t, "loop", 5), "block, 4× the threshold or more"),
        el("div", { className: "ls-legend-group", text: "Requests and work" }),
        item(spanColour(t, "http-server", 0), "HTTP ok"),
        item(spanColour(t, "http-server", 1), "HTTP 4xx"),
        item(spanColour(t, "http-server", 2), "HTTP 5xx / failed"),
        item(spanColour(t, "gc", 0), "GC pause"),
        item(spanColour(t, "lifecycle", 0), "worker thread alive"),
        item(spanColour(t, "lifecycle", 1), "process alive"),
        item(spanColour(t, "lifecycle", 2), "exited with an error"),
        item(t.flow, "started by (flow arrow)", true),
        el("div", { className: "ls-legend-group", text: "Counters" }),
        item(withAlpha(t.series[0], 0.6), "first series (p50, utilisation, used…)"),
        item(t.series[1], "second series (p99, total…)", true),
      ),
    );
  }
}

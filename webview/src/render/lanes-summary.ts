// A list of what is drawn, for screen readers (the canvas is opaque to them) and for tests:
// lanes, rows, event counts and, per event loop, how many blocks and the longest.
import { BLOCK_CLASS } from "../../../timeline-model/src/classify";
import { formatDuration } from "../../../timeline-model/src/format";
import { clear, el } from "./dom";
import type { ViewState } from "./view-state";

export class LanesSummary {
  readonly element = el("ul", { className: "ls-sr-only", attrs: { "aria-label": "Lanes and rows", "data-testid": "lanes-summary" } });
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly state: ViewState) {}

  /** At most once a second: a live run's updates change the counts several times a second. */
  renderSoon(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.render();
    }, 1000);
  }

  render(): void {
    clear(this.element);
    const model = this.state.model;
    if (!model) return;
    for (const { process, threads } of model.orderedLanes()) {
      const rows = el("ul");
      for (const thread of threads)
        for (const row of thread.rows) {
          let text = `${model.threadLabel(process.pid, thread.tid)} — ${row.label}: ${row.store.n} ${row.kind === "counter" ? "samples" : "events"}`;
          if (row.kind === "spans" && row.category === "loop") {
            let blocks = 0,
              longest = 0;
            for (let i = 0; i < row.store.n; i++)
              if (row.store.colour[i] >= BLOCK_CLASS) {
                blocks++;
                longest = Math.max(longest, row.store.end[i] - row.store.start[i]);
              }
            text += `, ${blocks} blocks${blocks ? ` (longest ${formatDuration(longest)})` : ""}`;
          }
          rows.append(el("li", { text, attrs: { "data-row": row.id } }));
        }
      this.element.append(el("li", { attrs: { "data-lane": `p:${process.pid}` } }, model.processLabel(process.pid), rows));
    }
  }
}

// The details panel's flame chart of a block's samples (args.callTree): what ran during the
// block, outermost call at the top, each bar as wide as its share of the block, with its total
// and self time in its label and title, and the functions that spent the most time themselves
// in a table. DOM bars (text stays text), placed through the CSSOM (the page's CSP forbids style
// attributes, not style properties).
import type { SourceLocation } from "../../../protocol/src/trace";
import { flameOf, type FlameBar } from "../../../timeline-model/src/flame";
import { formatDuration } from "../../../timeline-model/src/format";
import { el } from "./dom";

const BAR_HEIGHT = 17;

const place = (bar: FlameBar) => (bar.source ? ` ${shortPlace(bar.source)}` : "");
function shortPlace(s: SourceLocation): string {
  const parts = s.file.split(/[\\/]/);
  return `${parts[parts.length - 1] || s.file}:${s.line}`;
}
const ms = (v: number) => formatDuration(v * 1000);

/** The section, or undefined when the event has no usable call tree. */
export function flameSection(callTree: unknown, sourceLink: (s: SourceLocation) => HTMLElement): HTMLElement | undefined {
  const flame = flameOf(callTree);
  if (!flame) return undefined;
  const chart = el("div", { className: "ls-flame", attrs: { role: "list", "aria-label": "What ran during the block: outermost call first" } });
  chart.style.height = `${flame.depth * BAR_HEIGHT}px`;
  for (const bar of flame.bars) {
    const text = `${bar.fn}${place(bar)}: total ${ms(bar.totalMs)}, self ${ms(bar.selfMs)}`;
    const node = el("div", {
      className: "ls-flame-bar",
      text: bar.fn,
      attrs: { role: "listitem", title: text, "aria-label": text, "data-testid": "flame-bar" },
    });
    node.style.left = `${bar.x * 100}%`;
    node.style.width = `${bar.width * 100}%`;
    node.style.top = `${bar.depth * BAR_HEIGHT}px`;
    chart.append(node);
  }
  // By self time: where the block's time was actually spent.
  const own = new Map<string, { bar: FlameBar; selfMs: number; totalMs: number }>();
  for (const bar of flame.bars) {
    const key = `${bar.fn}${place(bar)}`;
    const seen = own.get(key);
    if (seen) {
      seen.selfMs += bar.selfMs;
      seen.totalMs = Math.max(seen.totalMs, bar.totalMs);
    } else own.set(key, { bar, selfMs: bar.selfMs, totalMs: bar.totalMs });
  }
  const table = el(
    "table",
    { className: "ls-table", attrs: { "data-testid": "self-time" } },
    el("tr", {}, el("th", { text: "Function" }), el("th", { text: "Self" }), el("th", { text: "Total" })),
  );
  for (const { bar, selfMs, totalMs } of [...own.values()]
    .filter(r => r.selfMs > 0)
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, 8)) {
    table.append(
      el(
        "tr",
        {},
        el("td", {}, el("span", { className: "ls-fn", text: `${bar.fn} ` }), bar.source ? sourceLink(bar.source) : ""),
        el("td", { text: ms(selfMs) }),
        el("td", { text: ms(totalMs) }),
      ),
    );
  }
  return el("section", { attrs: { "data-testid": "flame" } }, el("h2", { text: `What ran (samples, ${ms(flame.totalMs)})` }), chart, table);
}

// The hover tooltip: what a span or a counter sample is, next to the pointer and kept inside the
// window. The text comes from the same description as the details panel, cut to a few lines.
import { formatCounter, formatDuration } from "../../../timeline-model/src/format";
import type { LayoutItem } from "../../../timeline-model/src/layout";
import { describeEvent, formatLocation } from "./describe";
import { clear, el, ellipsis } from "./dom";
import type { HostBridge } from "./host-bridge";
import type { EventRef, ViewState } from "./view-state";

export interface TooltipContent {
  title: string;
  lines: string[];
}

export class Tooltip {
  readonly element = el("div", { className: "ls-tooltip", attrs: { hidden: "", role: "tooltip", "data-testid": "tooltip" } });

  show(clientX: number, clientY: number, content: TooltipContent): void {
    const tip = this.element;
    clear(tip);
    tip.append(el("div", { className: "ls-tt-title", text: ellipsis(content.title, 200) }));
    for (const line of content.lines) tip.append(el("div", { className: "ls-tt-line", text: line }));
    tip.hidden = false;
    const r = tip.getBoundingClientRect();
    const x = clientX + 14 + r.width > window.innerWidth ? clientX - r.width - 10 : clientX + 14;
    const y = clientY + 16 + r.height > window.innerHeight ? clientY - r.height - 10 : clientY + 16;
    tip.style.left = `${Math.max(0, x)}px`;
    tip.style.top = `${Math.max(0, y)}px`;
  }

  hide(): void {
    this.element.hidden = true;
  }
}

export function eventTooltip(state: ViewState, ref: EventRef, hostKind: HostBridge["kind"]): TooltipContent {
  const model = state.model!;
  const e = state.eventOf(ref);
  // A model drawn from a snapshot knows names before the trace with the details has been read.
  if (!e) return { title: model.recordName(ref.ref), lines: ["Details are loading…"] };
  const d = describeEvent(model, e, model.row(ref.rowId)?.label ?? "");
  const lines = d.fields.slice(0, 8).map(([k, v]) => `${k}: ${ellipsis(v, 160)}`);
  if (d.source) lines.push(`Source: ${formatLocation(d.source)}${hostKind === "vscode" ? " (click to open)" : ""}`);
  return { title: d.title, lines };
}

/** Every series' value at time `t` (µs, absolute). */
export function counterTooltip(state: ViewState, item: LayoutItem, t: number): TooltipContent {
  const row = item.row!;
  if (row.kind !== "counter") return { title: item.label, lines: [] };
  const lines = row.store.series.map((s, i) => `${s}: ${formatCounter(row.store.valueAt(i, t), row.unit)}`);
  lines.push(`at +${formatDuration(t - (state.model?.startUs ?? 0))}`);
  return { title: `${row.label} · ${item.threadLabel ?? ""}`, lines };
}

// The side panel's "Event" section: everything known about the selected span, its source
// location and stack (buttons that open the file in VS Code, plain text in the report).
import type { SourceLocation } from "../../../protocol/src/trace";
import { describeEvent, formatLocation } from "./describe";
import { clear, el } from "./dom";
import { flameSection } from "./flame-chart";
import { blockRequestDetails } from "./request-sections";
import type { HostBridge } from "./host-bridge";
import type { ViewState } from "./view-state";

export class DetailsPanel {
  readonly element = el("section", { attrs: { "aria-label": "Selected event", "data-testid": "details" } });

  constructor(
    private readonly state: ViewState,
    private readonly hostKind: HostBridge["kind"],
    private readonly openSource: (source: SourceLocation) => void,
  ) {}

  render(): void {
    const { model, selected } = this.state;
    const panel = this.element;
    clear(panel);
    panel.append(el("h2", { text: "Event" }));
    const e = selected && this.state.eventOf(selected);
    // A model drawn from a snapshot knows names before the trace with the details has been read.
    if (selected && !e && model) {
      panel.append(
        el("p", { className: "ls-event-name", text: model.recordName(selected.ref) }),
        el("p", { className: "ls-hint", text: "Details are loading…" }),
      );
      return;
    }
    if (!e || !model) {
      panel.append(
        el("p", {
          className: "ls-hint",
          text:
            "Hover an event for details; click it to pin it here" + (this.hostKind === "vscode" ? " and open its source." : " and see its source location."),
        }),
      );
      return;
    }
    const row = model.row(selected!.rowId);
    const d = describeEvent(model, e, row?.label ?? "");
    panel.append(el("p", { className: "ls-event-name", text: d.title }));
    const dl = el("dl", { className: "ls-kv" });
    for (const [k, v] of d.fields) dl.append(el("dt", { text: k }), el("dd", { text: v }));
    // The source is one more row of the same list, its value in line with the others.
    if (d.source) dl.append(el("dt", { text: "Source" }), el("dd", { attrs: { "data-testid": "source" } }, this.sourceLink(d.source)));
    const requests = blockRequestDetails(model, e);
    if (requests) dl.append(...requests.rows);
    panel.append(dl);
    if (requests?.list) panel.append(requests.list);
    if (d.stack.length > 1) {
      const list = el("ol", { className: "ls-stack", attrs: { "aria-label": "Stack, innermost first" } });
      for (const frame of d.stack)
        list.append(el("li", {}, el("span", { className: "ls-fn", text: (frame.functionName || "(anonymous)") + " " }), this.sourceLink(frame)));
      panel.append(el("h2", { text: "Stack" }), list);
    }
    const flame = flameSection(e.args?.callTree, s => this.sourceLink(s));
    if (flame) panel.append(flame);
  }

  private sourceLink(s: SourceLocation): HTMLElement {
    if (this.hostKind === "vscode") {
      const b = el("button", { className: "ls-link", text: formatLocation(s), attrs: { type: "button", title: "Open in the editor" } });
      b.addEventListener("click", () => this.openSource(s));
      return b;
    }
    return el("span", { className: "ls-source", text: formatLocation(s) });
  }
}

// The labels left of the tracks: a header per process lane with its collapse toggle, and each
// row's thread and name. DOM rather than canvas, so that the toggles are real buttons and every
// label carries its full text in a title.
import type { Layout } from "../model/layout";
import { clear, el } from "./dom";

export class Gutter {
  readonly element = el("div", { className: "ls-gutter" });

  /** Puts the gutter in `content` before `viewport`; lane headers go there too, across both. */
  constructor(private readonly content: HTMLElement, private readonly viewport: HTMLElement, private readonly onToggleLane: (laneId: string) => void) {
    content.insertBefore(this.element, viewport);
  }

  render(layout: Layout, focusedRowId: string | undefined): void {
    clear(this.element);
    this.content.querySelectorAll(".ls-lane-header").forEach(n => n.remove());
    for (const it of layout.items) {
      if (it.kind === "process") {
        const toggle = el("button", { className: "ls-lane-toggle", attrs: { type: "button", "aria-expanded": String(!it.collapsed), title: it.label } },
          el("span", { className: "ls-chevron", text: "▾", attrs: { "aria-hidden": "true" } }),
          el("span", { className: "ls-lane-name", text: it.label }),
          el("span", { className: "ls-lane-meta", text: `${(it.eventCount ?? 0).toLocaleString("en-US")} events` }));
        toggle.addEventListener("click", () => this.onToggleLane(it.id));
        const header = el("div", { className: "ls-lane-header", attrs: { "data-lane": it.id } }, toggle);
        header.style.top = `${it.y}px`;
        header.style.height = `${it.height}px`;
        this.content.insertBefore(header, this.viewport);
        continue;
      }
      const label = el("div", { className: "ls-row-label" + (it.firstOfThread ? " ls-first" : ""), attrs: { "data-row": it.id, title: `${it.threadLabel ?? ""} — ${it.label}` } },
        it.firstOfThread ? el("span", { className: "ls-thread", text: it.threadLabel ?? "" }) : null,
        el("span", { className: "ls-row", text: it.label }));
      label.style.top = `${it.y}px`;
      label.style.height = `${it.height}px`;
      this.element.append(label);
    }
    this.showFocus(focusedRowId);
  }

  showFocus(rowId: string | undefined): void {
    this.element.querySelectorAll(".ls-row-label").forEach(n => n.classList.toggle("ls-focused", n.getAttribute("data-row") === rowId));
  }
}

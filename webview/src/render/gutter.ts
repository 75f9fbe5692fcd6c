// The labels left of the tracks: a header per process lane with its collapse toggle, and each
// row's thread and name. DOM rather than canvas, so that the toggles are real buttons and every
// label carries its full text in a title.
import type { Layout } from "../../../timeline-model/src/layout";
import { clear, el } from "./dom";

const MIN_WIDTH = 120;

const laneCountText = (n: number) => `${n.toLocaleString("en-US")} events`;

export class Gutter {
  readonly element = el("div", { className: "ls-gutter" });

  /** Puts the gutter in `content` before `viewport`; lane headers go there too, across both. */
  constructor(
    private readonly content: HTMLElement,
    private readonly viewport: HTMLElement,
    private readonly onToggleLane: (laneId: string) => void,
  ) {
    content.insertBefore(this.element, viewport);
  }

  render(layout: Layout, focusedRowId: string | undefined): void {
    clear(this.element);
    this.content.querySelectorAll(".ls-lane-header").forEach(n => n.remove());
    for (const it of layout.items) {
      if (it.kind === "process") {
        const toggle = el(
          "button",
          { className: "ls-lane-toggle", attrs: { type: "button", "aria-expanded": String(!it.collapsed), title: it.label } },
          el("span", { className: "ls-chevron", text: "▾", attrs: { "aria-hidden": "true" } }),
          el("span", { className: "ls-lane-name", text: it.label }),
          el("span", { className: "ls-lane-meta", text: laneCountText(it.eventCount ?? 0) }),
        );
        toggle.addEventListener("click", () => this.onToggleLane(it.id));
        const header = el("div", { className: "ls-lane-header", attrs: { "data-lane": it.id } }, toggle);
        header.style.top = `${it.y}px`;
        header.style.height = `${it.height}px`;
        this.content.insertBefore(header, this.viewport);
        continue;
      }
      const label = el(
        "div",
        { className: "ls-row-label" + (it.firstOfThread ? " ls-first" : ""), attrs: { "data-row": it.id, title: `${it.threadLabel ?? ""} — ${it.label}` } },
        it.firstOfThread ? el("span", { className: "ls-thread", text: it.threadLabel ?? "" }) : null,
        el("span", { className: "ls-row", text: it.label }),
      );
      label.style.top = `${it.y}px`;
      label.style.height = `${it.height}px`;
      this.element.append(label);
    }
    this.showFocus(focusedRowId);
  }

  /**
   * The gutter as wide as its longest label needs, so that "main thread  event loop" is not cut,
   * but never more than `maxWidth` (the tracks keep most of a narrow panel). Returns whether the
   * width changed.
   */
  fitWidth(maxWidth: number): boolean {
    let needed = MIN_WIDTH;
    for (const label of this.element.querySelectorAll<HTMLElement>(".ls-row-label")) {
      const style = getComputedStyle(label);
      let w = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
      const parts = [...label.children] as HTMLElement[];
      for (const part of parts) w += part.scrollWidth;
      w += Math.max(0, parts.length - 1) * (parseFloat(style.columnGap) || 0);
      needed = Math.max(needed, Math.ceil(w) + 2);
    }
    const width = `${Math.min(Math.max(MIN_WIDTH, maxWidth), needed)}px`;
    const root = document.documentElement;
    if (root.style.getPropertyValue("--ls-gutter-w") === width) return false;
    root.style.setProperty("--ls-gutter-w", width);
    return true;
  }

  /** A lane's event count grows during a live run without a new layout: only the numbers change. */
  updateCounts(layout: Layout, countOf: (laneId: string) => number): void {
    for (const it of layout.items) {
      if (it.kind !== "process") continue;
      const meta = this.content.querySelector<HTMLElement>(`.ls-lane-header[data-lane="${CSS.escape(it.id)}"] .ls-lane-meta`);
      const text = laneCountText(countOf(it.id));
      if (meta && meta.textContent !== text) meta.textContent = text;
    }
  }

  showFocus(rowId: string | undefined): void {
    this.element.querySelectorAll(".ls-row-label").forEach(n => n.classList.toggle("ls-focused", n.getAttribute("data-row") === rowId));
  }
}

// Where everything sits on the page: the toolbar, a banner for the trace's warnings, the timeline
// (time axis, tracks, shortcuts dialog, screen-reader summary) beside the side panels, the
// tooltip, and a live region whose text screen readers speak. A trace that cannot be shown puts an
// explanation in place of the timeline until the next one arrives.
import { clear, el } from "./dom";
import { createShortcutsHelp } from "./shortcuts-help";

export interface PageParts {
  toolbar: HTMLElement;
  axis: Element[];
  tracks: HTMLElement;
  summary: HTMLElement;
  side: HTMLElement[];
  tooltip: HTMLElement;
}

export class PageLayout {
  /** The timeline's box: its size decides the tracks' size. */
  readonly timeline: HTMLElement;
  private readonly banner = el("div", { className: "ls-banner", attrs: { role: "status" } });
  private readonly body: HTMLElement;
  private readonly side: HTMLElement;
  private readonly help = createShortcutsHelp();
  private readonly announcer = el("div", { className: "ls-sr-only", attrs: { "aria-live": "polite", "data-testid": "announcer" } });

  constructor(root: HTMLElement, parts: PageParts) {
    this.timeline = el("div", { className: "ls-timeline" }, el("div", { className: "ls-axis-row" }, ...parts.axis), parts.tracks, this.help, parts.summary);
    this.side = el("aside", { className: "ls-side" }, ...parts.side);
    this.body = el("div", { className: "ls-body" }, this.timeline, this.side);
    root.append(parts.toolbar, this.banner, this.body, parts.tooltip, this.announcer);
    root.addEventListener("keydown", e => {
      if (e.key === "Escape" && !this.help.hidden) {
        this.help.hidden = true;
        e.stopPropagation();
      }
    });
  }

  setBanner(text: string): void {
    this.banner.textContent = text;
  }

  announce(text: string): void {
    this.announcer.textContent = text;
  }

  toggleHelp(): void {
    this.help.hidden = !this.help.hidden;
  }

  showError(title: string, message: string, hint: string): void {
    clear(this.body);
    this.body.append(
      el(
        "div",
        { className: "ls-error", attrs: { role: "alert", "data-testid": "error" } },
        el("h1", { text: title }),
        el("p", { text: message }),
        el("p", { className: "ls-hint", text: hint }),
      ),
    );
    this.banner.textContent = "";
  }

  /** Puts the timeline back after an error. */
  showTimeline(): void {
    if (!this.body.contains(this.timeline)) {
      clear(this.body);
      this.body.append(this.timeline, this.side);
    }
  }
}

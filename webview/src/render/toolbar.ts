// The bar above the timeline: what was run (command, duration, events, threshold, exit), the
// live badge and controls, dropped-event warning, zoom buttons and the file buttons, which
// differ by host: VS Code opens and saves through the extension, the report uses the browser's.
import { formatDuration } from "../../../timeline-model/src/format";
import { el, ellipsis } from "./dom";
import type { HostBridge } from "./host-bridge";
import { baseName } from "./trace-file";
import type { ViewState } from "./view-state";

export interface ToolbarActions {
  fitAll(): void;
  zoomBy(factor: number): void;
  setFollow(on: boolean): void;
  setPaused(on: boolean): void;
  toggleHelp(): void;
  /** Report only: the file the user picked. */
  openLocalFile(file: File): void;
  /** Report only. */
  downloadTrace(): void;
}

export class Toolbar {
  readonly element: HTMLElement;
  private readonly title = el("h1", { className: "ls-title", text: "Loopscope timeline" });
  private readonly runInfo = el("span", { className: "ls-runinfo" });
  private readonly liveBadge = el("span", { className: "ls-badge ls-badge-live", attrs: { hidden: "" } });
  private readonly dropsBadge = el("span", { className: "ls-badge ls-badge-drops", attrs: { hidden: "", role: "status" } });
  /** A long run's trace whose recorder thinned spans (ThinningReport): said, with the counts, never silent. */
  private readonly thinnedBadge = el("span", { className: "ls-badge ls-badge-thinned", attrs: { hidden: "", role: "status" } });
  private readonly followButton: HTMLButtonElement;
  private readonly pauseButton: HTMLButtonElement;

  constructor(host: HostBridge, state: ViewState, actions: ToolbarActions) {
    const button = (label: string, title: string, onClick: () => void, extra: Record<string, string> = {}) => {
      const b = el("button", { text: label, attrs: { type: "button", title, "aria-label": title, ...extra } });
      b.addEventListener("click", onClick);
      return b;
    };
    this.followButton = button("Follow", "Follow the newest events (F)", () => actions.setFollow(!state.follow), { "aria-pressed": "false", hidden: "" });
    this.pauseButton = button("Pause", "Pause the live view (Space)", () => actions.setPaused(!state.paused), { "aria-pressed": "false", hidden: "" });
    const fileButtons: HTMLElement[] = [];
    if (host.kind === "vscode") {
      fileButtons.push(button("Open…", "Open a trace file", () => host.post({ type: "openTrace" })));
      fileButtons.push(button("Save…", "Save this trace as a file", () => host.post({ type: "saveTrace" })));
    } else {
      const fileInput = el("input", { attrs: { type: "file", accept: ".json,.gz,application/json,application/gzip", hidden: "", "aria-hidden": "true" } });
      fileInput.addEventListener("change", () => {
        const file = fileInput.files?.[0];
        if (file) actions.openLocalFile(file);
      });
      fileButtons.push(
        fileInput,
        button("Open…", "Open a trace file from disk", () => fileInput.click()),
      );
      fileButtons.push(button("Save trace", "Download the trace shown as JSON", () => actions.downloadTrace()));
    }
    this.element = el(
      "header",
      { className: "ls-toolbar", attrs: { role: "toolbar", "aria-label": "Timeline" } },
      this.title,
      this.liveBadge,
      this.runInfo,
      this.dropsBadge,
      this.thinnedBadge,
      el(
        "div",
        { className: "ls-group" },
        button("Fit", "Show the whole trace (0)", () => actions.fitAll()),
        button("−", "Zoom out (-)", () => actions.zoomBy(1 / 1.8)),
        button("+", "Zoom in (+)", () => actions.zoomBy(1.8)),
        this.followButton,
        this.pauseButton,
      ),
      el(
        "div",
        { className: "ls-group" },
        ...fileButtons,
        button("?", "Keyboard shortcuts (?)", () => actions.toggleHelp()),
      ),
    );
  }

  update(state: ViewState): void {
    const m = state.model;
    const md = m?.metadata;
    const { source, live, paused } = state;
    this.title.textContent = ellipsis(md?.command?.join(" ") || baseName(source) || "Loopscope timeline", 80);
    this.title.title = source ?? "";
    const parts: string[] = [];
    if (source && md?.command) parts.push(baseName(source));
    if (m && !m.isEmpty) parts.push(formatDuration(m.endUs - m.startUs));
    if (m) parts.push(`${m.eventCount.toLocaleString("en-US")} events`);
    if (m) parts.push(`block threshold ${formatDuration(m.thresholdUs)}`);
    if (md && md.exitCode !== null && md.exitCode !== undefined) parts.push(`exit ${md.exitCode}`);
    if (md?.signal) parts.push(`signal ${md.signal}`);
    if (state.status) parts.push(state.status);
    this.runInfo.textContent = parts.join(" · ");
    this.liveBadge.hidden = !live;
    this.liveBadge.textContent = paused ? `PAUSED · ${state.pendingCount.toLocaleString("en-US")} waiting` : "LIVE";
    this.liveBadge.className = `ls-badge ${paused ? "ls-badge-paused" : "ls-badge-live"}`;
    this.followButton.hidden = !live;
    this.followButton.setAttribute("aria-pressed", String(state.follow));
    this.pauseButton.hidden = !live;
    this.pauseButton.textContent = paused ? "Resume" : "Pause";
    this.pauseButton.setAttribute("aria-pressed", String(paused));
    this.pauseButton.title = paused ? "Resume the live view (Space)" : "Pause the live view (Space)";
    this.pauseButton.setAttribute("aria-label", this.pauseButton.title);
    const dropped = m?.dropped ?? 0;
    this.dropsBadge.hidden = dropped <= 0;
    this.dropsBadge.textContent = `⚠ ${dropped.toLocaleString("en-US")} events dropped`;
    const streams = Object.entries(m?.dropsByStream ?? {}).map(([k, n]) => {
      const [pid, tid] = k.split(":").map(Number);
      return `${m!.threadLabel(pid, tid)} · ${m!.processLabel(pid)}: ${n}`;
    });
    const thinning = m?.metadata?.thinning;
    const kinds = Object.entries(thinning?.kinds ?? {}).filter(([, c]) => c.thinned > 0);
    this.thinnedBadge.hidden = !kinds.length && thinning?.capReachedAtMs === undefined;
    if (thinning && !this.thinnedBadge.hidden) {
      const thinned = kinds.reduce((n, [, c]) => n + c.thinned, 0),
        received = kinds.reduce((n, [, c]) => n + c.received, 0);
      const p = thinning.policy;
      this.thinnedBadge.textContent = `${thinned.toLocaleString("en-US")} of ${received.toLocaleString("en-US")} spans thinned`;
      this.thinnedBadge.title =
        `A long run: the recorder kept, per thread and kind, the first ${p.burst.toLocaleString("en-US")} spans, then ${p.perSecond} a second plus ${p.outlierPerSecond} slow or failed. The counters still count every request.\n` +
        kinds.map(([kind, c]) => `${kind}: ${c.kept.toLocaleString("en-US")} kept of ${c.received.toLocaleString("en-US")}`).join("\n") +
        (thinning.capReachedAtMs !== undefined
          ? `\nSize cap reached at ${(thinning.capReachedAtMs / 1000).toFixed(1)} s: after it, only blocks, counters and rare events.`
          : "");
    }
    this.dropsBadge.title = `The tracer could not send every event (its buffer was full or the recorder was gone); the timeline is missing them.${streams.length ? "\n" + streams.join("\n") : ""}`;
  }
}

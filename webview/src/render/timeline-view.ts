// The timeline panel: DOM shell, toolbar, click-to-source, live mode and state persistence; the
// time axis, the track area, zoom and pan, pointer and keyboard input, the side panels, tooltip
// and lanes summary are their own files. Data and arithmetic live in ../model.
import type { RunMetadata, SourceLocation } from "../../../protocol/src/trace";
import type { TraceCheck } from "../../../protocol/src/trace-validate";
import { formatDuration } from "../model/format";
import { DEFAULT_SIZES, layoutTimeline, type Layout } from "../model/layout";
import { TimelineModel } from "../model/timeline-model";
import { formatLocation, sourceOf } from "./describe";
import { DetailsPanel } from "./details-panel";
import { clear, el, ellipsis } from "./dom";
import type { HostBridge } from "./host-bridge";
import { listenToKeyboard } from "./keyboard-input";
import { LanesSummary } from "./lanes-summary";
import { Legend } from "./legend";
import { asPersisted, persistedState, traceKey, type PersistedState } from "./persisted-state";
import { listenToPointer } from "./pointer-input";
import { createShortcutsHelp } from "./shortcuts-help";
import { StatsPanel } from "./stats-panel";
import { readTheme } from "./theme";
import { TimeAxis } from "./time-axis";
import { Tooltip } from "./tooltip";
import { baseName, downloadTrace } from "./trace-file";
import { TrackArea } from "./track-area";
import type { FrameStats } from "./tracks";
import { ViewState, type EventRef, type TimeRange } from "./view-state";
import { ZoomPan } from "./zoom-pan";

export type { HostBridge } from "./host-bridge";
export type { PersistedState } from "./persisted-state";

const sizes = DEFAULT_SIZES;

export class TimelineView {
  private readonly state: ViewState;
  private traceText: string | undefined;
  private layoutVersion = -1;
  private readonly collapsed = new Set<string>();
  private pending: unknown[][] = [];
  private frameRequested = false;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private restored: PersistedState | undefined;
  lastFrame: FrameStats & { ms: number } = { rows: 0, rects: 0, binColumns: 0, scanned: 0, labels: 0, ms: 0 };
  readonly timings: Record<string, number> = {};

  // DOM
  private readonly titleEl: HTMLElement;
  private readonly runInfoEl: HTMLElement;
  private readonly liveBadge: HTMLElement;
  private readonly dropsBadge: HTMLElement;
  private readonly bannerEl: HTMLElement;
  private readonly bodyEl: HTMLElement;
  private readonly timelineEl: HTMLElement;
  private readonly sideEl: HTMLElement;
  private readonly axis: TimeAxis;
  private readonly tracks: TrackArea;
  private readonly scroller: HTMLElement;
  private readonly viewport: HTMLElement;
  private readonly tooltip = new Tooltip();
  private readonly details: DetailsPanel;
  private readonly stats: StatsPanel;
  private readonly legend = new Legend();
  private readonly summary: LanesSummary;
  private readonly announcer: HTMLElement;
  private readonly helpEl: HTMLElement;
  private readonly followButton: HTMLButtonElement;
  private readonly pauseButton: HTMLButtonElement;
  private readonly fileInput: HTMLInputElement | undefined;

  private readonly zoomPan: ZoomPan;

  constructor(root: HTMLElement, private readonly host: HostBridge) {
    clear(root);
    root.classList.add("ls-root");
    this.state = new ViewState(readTheme(root));
    const button = (label: string, title: string, onClick: () => void, extra: Record<string, string> = {}) => {
      const b = el("button", { text: label, attrs: { type: "button", title, "aria-label": title, ...extra } });
      b.addEventListener("click", onClick);
      return b;
    };
    this.titleEl = el("h1", { className: "ls-title", text: "Loopscope timeline" });
    this.runInfoEl = el("span", { className: "ls-runinfo" });
    this.liveBadge = el("span", { className: "ls-badge ls-badge-live", attrs: { hidden: "" } });
    this.dropsBadge = el("span", { className: "ls-badge ls-badge-drops", attrs: { hidden: "", role: "status" } });
    this.followButton = button("Follow", "Follow the newest events (F)", () => this.setFollow(!this.state.follow), { "aria-pressed": "false", hidden: "" });
    this.pauseButton = button("Pause", "Pause the live view (Space)", () => this.setPaused(!this.state.paused), { "aria-pressed": "false", hidden: "" });
    const fileButtons: HTMLElement[] = [];
    if (host.kind === "vscode") {
      fileButtons.push(button("Open…", "Open a trace file", () => host.post({ type: "openTrace" })));
      fileButtons.push(button("Save…", "Save this trace as a file", () => host.post({ type: "saveTrace" })));
    } else {
      this.fileInput = el("input", { attrs: { type: "file", accept: ".json,application/json", hidden: "", "aria-hidden": "true" } });
      this.fileInput.addEventListener("change", () => this.openLocalFile());
      fileButtons.push(this.fileInput, button("Open…", "Open a trace file from disk", () => this.fileInput?.click()));
      fileButtons.push(button("Save trace", "Download the trace shown as JSON", () => this.downloadTrace()));
    }
    const toolbar = el("header", { className: "ls-toolbar", attrs: { role: "toolbar", "aria-label": "Timeline" } },
      this.titleEl, this.liveBadge, this.runInfoEl, this.dropsBadge,
      el("div", { className: "ls-group" },
        button("Fit", "Show the whole trace (0)", () => this.fitAll()),
        button("−", "Zoom out (-)", () => this.zoomBy(1 / 1.8)),
        button("+", "Zoom in (+)", () => this.zoomBy(1.8)),
        this.followButton, this.pauseButton),
      el("div", { className: "ls-group" }, ...fileButtons,
        button("?", "Keyboard shortcuts (?)", () => this.toggleHelp())));
    this.bannerEl = el("div", { className: "ls-banner", attrs: { role: "status" } });

    this.axis = new TimeAxis(this.state, (range, done) => this.onBrush(range, done));
    this.tracks = new TrackArea(id => this.toggleLane(id));
    this.viewport = this.tracks.viewport;
    this.scroller = this.tracks.scroller;
    this.summary = new LanesSummary(this.state);
    this.helpEl = createShortcutsHelp();
    this.timelineEl = el("div", { className: "ls-timeline" },
      el("div", { className: "ls-axis-row" }, this.axis.corner, this.axis.svg), this.scroller, this.helpEl, this.summary.element);
    this.details = new DetailsPanel(this.state, host.kind, source => this.openSource(source));
    this.stats = new StatsPanel(this.state, this.timings, { setView: (t0, t1) => this.setView(t0, t1), setSelection: (t0, t1) => this.setSelection(t0, t1) });
    this.sideEl = el("aside", { className: "ls-side" }, this.details.element, this.stats.element, this.legend.element);
    this.bodyEl = el("div", { className: "ls-body" }, this.timelineEl, this.sideEl);
    this.announcer = el("div", { className: "ls-sr-only", attrs: { "aria-live": "polite", "data-testid": "announcer" } });
    root.append(toolbar, this.bannerEl, this.bodyEl, this.tooltip.element, this.announcer);

    this.details.render();
    this.stats.render(undefined);
    this.legend.render(this.state.theme, this.model);

    const state = this.state;
    this.zoomPan = new ZoomPan(state, this.viewport, this.scroller, {
      viewChanged: () => this.afterViewChange(),
      userMovedLive: atNewest => this.setFollow(atNewest, true),
    });
    // What the input handlers may ask for; each names its part in its own interface.
    const commands = {
      setView: (t0: number, t1: number) => this.setView(t0, t1),
      zoomBy: (factor: number) => this.zoomBy(factor),
      panBy: (fraction: number) => this.panBy(fraction),
      fitAll: () => this.fitAll(),
      viewEnd: () => this.zoomPan.baseDomain()[1],
      setFollow: (on: boolean) => this.setFollow(on),
      setPaused: (on: boolean) => this.setPaused(on),
      setSelection: (t0: number, t1: number) => this.setSelection(t0, t1),
      selectEvent: (ref: EventRef | undefined, openSource: boolean) => this.selectEvent(ref, openSource),
      openSource: (source: SourceLocation) => this.openSource(source),
      toggleHelp: () => this.toggleHelp(),
      announce: (text: string) => this.announce(text),
      focusedRowChanged: () => this.tracks.showFocusedRow(state),
      drawOverlay: () => this.drawOverlay(),
      requestRender: () => this.requestRender(),
    };
    listenToPointer(state, this.viewport, this.scroller, this.tooltip, host.kind, commands);
    listenToKeyboard(state, this.viewport, this.scroller, commands);
    root.addEventListener("keydown", e => { if (e.key === "Escape" && !this.helpEl.hidden) { this.helpEl.hidden = true; e.stopPropagation(); } });
    this.scroller.addEventListener("scroll", () => { this.requestRender(); this.saveStateSoon(); });
    new ResizeObserver(() => this.resize()).observe(this.timelineEl);
    // VS Code changes the body's class (vscode-light/dark/high-contrast) when the theme changes.
    new MutationObserver(() => { this.state.theme = readTheme(root); this.legend.render(this.state.theme, this.model); this.requestRender(); })
      .observe(document.body, { attributes: true, attributeFilter: ["class"] });
    this.restored = asPersisted(host.getState());
    this.restoredSource = this.restored?.source;
    this.resize();
  }

  /** Tests and benchmarks read the model and layout through here (at run time, past `private`). */
  private get model(): TimelineModel | undefined { return this.state.model; }
  private get layout(): Layout { return this.state.layout; }

  // ------------------------------------------------------------------ loading

  /** The trace source the panel showed before a reload (from the persisted state), for the host to load again. */
  readonly restoredSource: string | undefined;

  /** Parses and shows a trace file's text (malformed or truncated files explain themselves). */
  loadText(text: string, parse: (text: string) => TraceCheck, source?: string): void {
    const t0 = performance.now();
    const check = parse(text);
    this.timings.parseMs = performance.now() - t0;
    if (!check.ok) { this.showError("This trace cannot be shown", check.error); return; }
    this.traceText = text;
    this.showTrace(check, source);
  }

  showTrace(check: Extract<TraceCheck, { ok: true }>, source?: string): void {
    const t0 = performance.now();
    const metadata = check.metadata?.loopscope;
    const model = new TimelineModel({ metadata: isRunMetadata(metadata) ? metadata : undefined });
    model.addEvents(check.events);
    model.finish();
    model.prepare();
    this.timings.modelMs = performance.now() - t0;
    if (model.isEmpty) {
      this.showError("This trace has no events", "The file is a valid trace, but it contains no events the timeline can draw." + (check.warnings.length ? " " + check.warnings.join(" ") : ""));
      return;
    }
    this.state.live = false;
    this.state.paused = false;
    this.pending = [];
    this.setModel(model, source, check.warnings);
    const t1 = performance.now();
    this.renderNow();
    this.timings.firstFrameMs = performance.now() - t1;
    this.timings.openMs = performance.now() - t0 + (this.timings.parseMs ?? 0);
    // Whole-trace statistics are a full pass over the events: after the first frame, not before.
    this.stats.schedule();
  }

  /** Shows a model restored from a snapshot; `attachTrace` gives it the details once the trace is read. */
  showModel(model: TimelineModel, source: string | undefined): void {
    const t0 = performance.now();
    model.prepare();
    this.state.live = false;
    this.state.paused = false;
    this.pending = [];
    this.state.status = "reading event details…";
    this.setModel(model, source, []);
    this.renderNow();
    this.timings.firstFrameMs = performance.now() - t0;
    this.stats.schedule();
  }

  /** The trace behind a snapshot model: details, hover text and "Save trace" work from now on. */
  attachTrace(check: Extract<TraceCheck, { ok: true }>, text: string): void {
    if (!this.model) return;
    this.model.attachEvents(check.events);
    this.traceText = text;
    this.state.status = "";
    if (check.warnings.length) this.bannerEl.textContent = check.warnings.join(" ");
    this.updateToolbar();
    this.details.render();
  }

  startLive(source: string | undefined, blockThresholdMs: number | undefined): void {
    const model = new TimelineModel({ blockThresholdMs });
    this.state.live = true;
    this.state.paused = false;
    this.state.follow = true;
    this.pending = [];
    this.state.pendingCount = 0;
    this.traceText = undefined;
    this.setModel(model, source, []);
    this.state.status = "waiting for events…";
    this.updateToolbar();
  }

  appendLive(events: unknown[]): void {
    if (!this.model || !this.state.live) return;
    if (this.state.paused) {
      this.pending.push(events);
      this.state.pendingCount += events.length;
      this.updateToolbar();
      return;
    }
    this.applyBatch(events);
  }

  liveStatus(dropped: number | undefined, byStream: Record<string, number> | undefined, message: string | undefined): void {
    if (!this.model) return;
    this.model.setLiveDrops(dropped, byStream);
    if (message !== undefined) this.state.status = message;
    this.updateToolbar();
  }

  endLive(metadata: unknown, message: string | undefined): void {
    if (!this.model) return;
    if (this.pending.length) this.flushPending();
    this.state.live = false;
    this.state.paused = false;
    this.model.finish();
    if (isRunMetadata((metadata as { loopscope?: unknown } | undefined)?.loopscope)) this.model.setMetadata((metadata as { loopscope: RunMetadata }).loopscope);
    this.state.status = message ?? "run finished";
    this.model.prepare();
    this.relayout();
    this.updateToolbar();
    this.requestRender();
    this.stats.schedule();
  }

  showError(title: string, message: string): void {
    this.state.model = undefined;
    clear(this.bodyEl);
    this.bodyEl.append(el("div", { className: "ls-error", attrs: { role: "alert", "data-testid": "error" } },
      el("h1", { text: title }),
      el("p", { text: message }),
      el("p", { className: "ls-hint", text: this.host.kind === "vscode" ? "Use “Open…” to choose another trace file." : "Use “Open…” to choose another trace file, or re-create this report with `loopscope report`." })));
    this.bannerEl.textContent = "";
    this.host.post({ type: "log", level: "warn", message: `${title}: ${message}` });
  }

  // ------------------------------------------------------------------ model → view

  private setModel(model: TimelineModel, source: string | undefined, warnings: string[]): void {
    this.state.model = model;
    this.state.source = source;
    this.state.selection = undefined;
    this.state.hover = this.state.selected = undefined;
    this.state.focusedRow = -1;
    if (!this.bodyEl.contains(this.timelineEl)) { clear(this.bodyEl); this.bodyEl.append(this.timelineEl, this.sideEl); }
    this.bannerEl.textContent = warnings.join(" ");
    this.collapsed.clear();
    const key = traceKey(this.state);
    const restore = this.restored && this.restored.traceKey === key ? this.restored : undefined;
    this.restored = undefined;
    for (const id of restore?.collapsed ?? []) this.collapsed.add(id);
    this.relayout();
    this.resize();
    if (restore?.view && !this.state.live) this.setView(model.startUs + restore.view.t0, model.startUs + restore.view.t1);
    else this.fitAll(true);
    if (restore?.selection) this.setSelection(model.startUs + restore.selection.t0, model.startUs + restore.selection.t1);
    if (restore?.scrollTop) this.scroller.scrollTop = restore.scrollTop;
    if (restore?.follow !== undefined && this.state.live) this.state.follow = restore.follow;
    this.updateToolbar();
    this.details.render();
    this.stats.render(undefined);
    this.legend.render(this.state.theme, this.model);
    this.saveStateSoon();
  }

  private applyBatch(events: unknown[]): void {
    const model = this.model!;
    const version = model.structureVersion;
    model.addUntrustedEvents(events);
    model.prepare();
    this.state.status = "";
    if (model.structureVersion !== version) this.relayout();
    else this.summary.renderSoon();
    if (this.state.follow) this.zoomPan.followNewest();
    else this.zoomPan.sync();
    this.updateToolbar();
    this.requestRender();
  }

  private flushPending(): void {
    const batches = this.pending;
    this.pending = [];
    this.state.pendingCount = 0;
    for (const b of batches) this.model!.addUntrustedEvents(b);
    this.applyBatch([]);
  }

  private relayout(): void {
    if (!this.model) return;
    this.state.layout = layoutTimeline(this.model, this.collapsed, sizes);
    this.layoutVersion = this.model.structureVersion;
    this.tracks.showLayout(this.state);
    this.summary.render();
    if (this.state.focusedRow >= this.layout.items.length) this.state.focusedRow = -1;
  }

  // ------------------------------------------------------------------ view range (zoom/pan)

  /** Shows [t0, t1] (µs, absolute), clamped to the trace; keeps d3's zoom transform in step. */
  setView(t0: number, t1: number): void {
    this.zoomPan.setView(t0, t1);
  }

  private afterViewChange(): void {
    this.axis.showSelection();
    this.requestRender();
    this.saveStateSoon();
  }

  fitAll(quiet = false): void {
    const [b0, b1] = this.zoomPan.baseDomain();
    this.setView(b0, b1);
    if (!quiet) this.announce("Showing the whole trace");
  }

  zoomBy(factor: number, centre?: number): void {
    this.zoomPan.zoomBy(factor, centre);
  }

  panBy(fraction: number): void {
    this.zoomPan.panBy(fraction);
  }

  // ------------------------------------------------------------------ live controls

  setFollow(on: boolean, fromPan = false): void {
    if (this.state.follow === on) return;
    this.state.follow = on;
    if (on && !fromPan) this.zoomPan.followNewest();
    this.updateToolbar();
    this.saveStateSoon();
  }

  setPaused(on: boolean): void {
    if (!this.state.live || this.state.paused === on) return;
    this.state.paused = on;
    if (!on && this.pending.length) this.flushPending();
    this.host.post({ type: "livePaused", paused: on });
    this.announce(on ? "Live view paused; events are buffered" : "Live view resumed");
    this.updateToolbar();
  }

  // ------------------------------------------------------------------ selection (brush) and statistics

  private onBrush(range: TimeRange | undefined, done: boolean): void {
    this.state.selection = range;
    if (!range) { this.stats.render(undefined); this.drawOverlay(); this.saveStateSoon(); return; }
    this.drawOverlay();
    if (done) { this.stats.schedule(); this.saveStateSoon(); }
  }

  setSelection(t0: number, t1: number): void {
    if (!this.model) return;
    this.state.selection = t1 > t0 ? { t0, t1 } : undefined;
    this.axis.showSelection();
    this.drawOverlay();
    this.stats.schedule();
    this.saveStateSoon();
  }

  // ------------------------------------------------------------------ rendering

  requestRender(): void {
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => { this.frameRequested = false; this.renderNow(); });
  }

  /** Draws one frame synchronously; returns its cost in ms (used by the benchmark). */
  renderNow(): number {
    const start = performance.now();
    const model = this.model;
    if (!model || this.state.width <= 0 || this.state.height <= 0) return 0;
    if (model.structureVersion !== this.layoutVersion) this.relayout();
    const x = this.state.viewScale();
    const ticks = x.ticks(Math.max(2, Math.floor(this.state.width / 110)));
    const stats = this.tracks.drawTracks(this.state, ticks);
    if (!stats) return 0;
    this.axis.render(x, ticks);
    this.drawOverlay();
    const ms = performance.now() - start;
    this.lastFrame = { ...stats, ms };
    return ms;
  }

  private drawOverlay(): void {
    this.tracks.drawOverlay(this.state);
  }

  private resize(): void {
    if (this.tracks.fit(this.state)) this.axis.resize(this.state.width);
    if (this.model) { this.zoomPan.sync(); this.axis.showSelection(); this.renderNow(); }
  }

  // ------------------------------------------------------------------ pointer and keyboard

  private selectEvent(ref: EventRef | undefined, openSource: boolean): void {
    this.state.selected = ref;
    this.details.render();
    this.drawOverlay();
    const e = ref && this.state.eventOf(ref);
    if (!e) return;
    const source = sourceOf(e);
    this.announce(`${e.name}, ${e.dur !== undefined ? formatDuration(e.dur) + ", " : ""}${source ? "source " + formatLocation(source) : "no source location"}`);
    if (openSource && source) this.openSource(source);
  }

  private openSource(source: SourceLocation): void {
    if (this.host.kind === "vscode") this.host.post({ type: "openSource", file: source.file, line: source.line, column: source.column });
  }

  private toggleHelp(): void {
    this.helpEl.hidden = !this.helpEl.hidden;
  }

  // ------------------------------------------------------------------ DOM panels

  private toggleLane(id: string): void {
    if (this.collapsed.has(id)) this.collapsed.delete(id); else this.collapsed.add(id);
    this.relayout();
    this.requestRender();
    this.saveStateSoon();
  }

  private updateToolbar(): void {
    const m = this.model;
    const md = m?.metadata;
    this.titleEl.textContent = ellipsis(md?.command?.join(" ") || baseName(this.state.source) || "Loopscope timeline", 80);
    this.titleEl.title = this.state.source ?? "";
    const parts: string[] = [];
    if (this.state.source && md?.command) parts.push(baseName(this.state.source));
    if (m && !m.isEmpty) parts.push(formatDuration(m.endUs - m.startUs));
    if (m) parts.push(`${m.eventCount.toLocaleString("en-US")} events`);
    if (m) parts.push(`block threshold ${formatDuration(m.thresholdUs)}`);
    if (md && md.exitCode !== null && md.exitCode !== undefined) parts.push(`exit ${md.exitCode}`);
    if (md?.signal) parts.push(`signal ${md.signal}`);
    if (this.state.status) parts.push(this.state.status);
    this.runInfoEl.textContent = parts.join(" · ");
    this.liveBadge.hidden = !this.state.live;
    this.liveBadge.textContent = this.state.paused ? `PAUSED · ${this.state.pendingCount.toLocaleString("en-US")} waiting` : "LIVE";
    this.liveBadge.className = `ls-badge ${this.state.paused ? "ls-badge-paused" : "ls-badge-live"}`;
    this.followButton.hidden = !this.state.live;
    this.followButton.setAttribute("aria-pressed", String(this.state.follow));
    this.pauseButton.hidden = !this.state.live;
    this.pauseButton.textContent = this.state.paused ? "Resume" : "Pause";
    this.pauseButton.setAttribute("aria-pressed", String(this.state.paused));
    this.pauseButton.title = this.state.paused ? "Resume the live view (Space)" : "Pause the live view (Space)";
    this.pauseButton.setAttribute("aria-label", this.pauseButton.title);
    const dropped = m?.dropped ?? 0;
    this.dropsBadge.hidden = dropped <= 0;
    this.dropsBadge.textContent = `⚠ ${dropped.toLocaleString("en-US")} events dropped`;
    const streams = Object.entries(m?.dropsByStream ?? {}).map(([k, n]) => {
      const [pid, tid] = k.split(":").map(Number);
      return `${m!.threadLabel(pid, tid)} · ${m!.processLabel(pid)}: ${n}`;
    });
    this.dropsBadge.title = `The tracer could not send every event (its buffer was full or the recorder was gone); the timeline is missing them.${streams.length ? "\n" + streams.join("\n") : ""}`;
  }

  private announce(text: string): void {
    this.announcer.textContent = text;
  }

  // ------------------------------------------------------------------ files and state

  private openLocalFile(): void {
    const file = this.fileInput?.files?.[0];
    if (!file) return;
    file.text().then(text => this.onLocalFile?.(text, file.name), error => this.showError("The file could not be read", String(error)));
  }

  /** Set by the entry point: how to parse and show a file the user picked (report only). */
  onLocalFile: ((text: string, name: string) => void) | undefined;

  private downloadTrace(): void {
    if (!this.traceText) { this.announce("There is no trace file to save"); return; }
    downloadTrace(this.traceText, this.state.source);
  }

  private saveStateSoon(): void {
    if (this.host.kind !== "vscode") return;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.host.setState(this.persistedState()), 200);
  }

  persistedState(): PersistedState {
    return persistedState(this.state, this.collapsed, this.scroller.scrollTop);
  }

  // ------------------------------------------------------------------ test and benchmark hooks

  debugInfo() {
    const r = this.viewport.getBoundingClientRect();
    const origin = this.model?.startUs ?? 0;
    return {
      view: { t0: this.state.view.t0 - origin, t1: this.state.view.t1 - origin },
      selection: this.state.selection && { t0: this.state.selection.t0 - origin, t1: this.state.selection.t1 - origin },
      live: this.state.live, follow: this.state.follow, paused: this.state.paused, pending: this.state.pendingCount,
      viewport: { left: r.left, top: r.top, width: this.state.width, height: this.state.height, scrollTop: this.scroller.scrollTop },
      rows: this.layout.items.map(it => ({ id: it.id, kind: it.kind, label: it.label, thread: it.threadLabel, y: it.y, height: it.height, levels: it.row?.kind === "spans" ? it.row.store.levels : 1, count: it.row?.store.n ?? 0 })),
      eventCount: this.model?.eventCount ?? 0,
      lastFrame: this.lastFrame,
      timings: this.timings,
    };
  }

  /** Viewport x (CSS px, relative to the page) of a time given in µs from the trace start. */
  clientX(offsetUs: number): number {
    return this.viewport.getBoundingClientRect().left + this.state.viewScale()((this.model?.startUs ?? 0) + offsetUs);
  }

  /** Sets the view in µs from the trace start (tests and benchmark). */
  setViewOffset(t0: number, t1: number): void {
    const origin = this.model?.startUs ?? 0;
    this.setView(origin + t0, origin + t1);
  }
}

function isRunMetadata(v: unknown): v is RunMetadata {
  return typeof v === "object" && v !== null && typeof (v as RunMetadata).blockThresholdMs === "number";
}

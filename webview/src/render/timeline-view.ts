// The timeline panel: puts the page's parts together (one file each in this folder) and answers
// the entry point: show a snapshot (a trace file) or a live run, and the test and benchmark hooks.
// The parts share one ViewState; this class decides what is shown and tells the parts what to
// redraw. Data and arithmetic live in timeline-model/.
import type { SourceLocation } from "../../../protocol/src/trace";
import type { TraceCheck } from "../../../protocol/src/trace-validate";
import { formatDuration } from "../../../timeline-model/src/format";
import { DEFAULT_SIZES as sizes, layoutTimeline, type Layout } from "../../../timeline-model/src/layout";
import { offsetTicks } from "../../../timeline-model/src/time-ticks";
import { isRunMetadata, type TimelineModel } from "../../../timeline-model/src/timeline-model";
import { decodeSnapshot } from "../../../timeline-model/src/snapshot";
import { snapshotOfCheck } from "../../../timeline-model/src/trace-snapshot";
import type { SnapshotDelta } from "../../../protocol/src/timeline-delta";
import { eventRequests } from "./event-requests";
import { formatLocation, sourceOf } from "./describe";
import { DetailsPanel } from "./details-panel";
import { clear } from "./dom";
import type { HostBridge } from "./host-bridge";
import { listenToKeyboard } from "./keyboard-input";
import { LanesSummary } from "./lanes-summary";
import { Legend } from "./legend";
import { LiveMode } from "./live-mode";
import { PageLayout } from "./page-layout";
import { asPersisted, persistedState, traceKey, type PersistedState } from "./persisted-state";
import { listenToPointer } from "./pointer-input";
import { StatsPanel } from "./stats-panel";
import { readTheme } from "./theme";
import { TimeAxis } from "./time-axis";
import { Toolbar } from "./toolbar";
import { eventTooltip, Tooltip } from "./tooltip";
import { downloadTrace, localFileText } from "./trace-file";
import { LaneFolding } from "./lane-folding";
import { startingView, type AfterLiveRun } from "./starting-view";
import { debugInfo, type DebugInfo } from "./debug-info";
import { TrackArea } from "./track-area";
import type { FrameStats } from "./tracks";
import { ViewState, type EventRef, type TimeRange } from "./view-state";
import { ZoomPan } from "./zoom-pan";

export type { HostBridge } from "./host-bridge";
export type { PersistedState } from "./persisted-state";

export class TimelineView {
  private readonly state: ViewState;
  private traceText: string | undefined;
  private layoutVersion = -1;
  private readonly folding = new LaneFolding();
  private frameRequested = false;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private restored: PersistedState | undefined;
  /** An event clicked before its details had arrived from the host: its source opens when they do. */
  private openWhenLoaded: EventRef | undefined;
  /** The served trace shown (see `serveEvents`). */
  private servedSerial = -1;
  lastFrame: FrameStats & { ms: number } = { rows: 0, rects: 0, binColumns: 0, scanned: 0, labels: 0, ms: 0 };
  readonly timings: Record<string, number> = {};

  private readonly page: PageLayout;
  private readonly toolbar: Toolbar;
  private readonly axis: TimeAxis;
  private readonly tracks: TrackArea;
  private readonly zoomPan: ZoomPan;
  private readonly liveMode: LiveMode;
  private readonly tooltip = new Tooltip();
  private readonly details: DetailsPanel;
  private readonly stats: StatsPanel;
  private readonly legend = new Legend();
  private readonly summary: LanesSummary;

  /** The trace source the panel showed before a reload (from the persisted state), for the host to load again. */
  readonly restoredSource: string | undefined;
  /** The view when a live run ended, for the recorded trace that replaces it. */
  private afterLiveRun: AfterLiveRun | undefined;

  /** Set by the entry point: how to parse and show a file the user picked (report only). */
  onLocalFile: ((text: string, name: string) => void) | undefined;

  constructor(
    root: HTMLElement,
    private readonly host: HostBridge,
  ) {
    clear(root);
    root.classList.add("ls-root");
    const state = (this.state = new ViewState(readTheme(root)));
    // What the toolbar, the panels and the input handlers may ask for; each names its part in its own interface.
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
      openLocalFile: (file: File) => this.openLocalFile(file),
      downloadTrace: () => this.downloadTrace(),
      toggleHelp: () => this.page.toggleHelp(),
      announce: (text: string) => this.page.announce(text),
      focusedRowChanged: () => this.tracks.showFocusedRow(state),
      drawOverlay: () => this.drawOverlay(),
      requestRender: () => this.requestRender(),
    };
    this.toolbar = new Toolbar(host, state, commands);
    this.axis = new TimeAxis(state, (range, done) => this.onBrush(range, done));
    this.tracks = new TrackArea(id => this.toggleLane(id));
    this.summary = new LanesSummary(state);
    this.details = new DetailsPanel(state, host.kind, commands.openSource);
    this.stats = new StatsPanel(state, this.timings, commands);
    this.page = new PageLayout(root, {
      toolbar: this.toolbar.element,
      axis: [this.axis.corner, this.axis.svg],
      tracks: this.tracks.scroller,
      summary: this.summary.element,
      side: [this.details.element, this.stats.element, this.legend.element],
      tooltip: this.tooltip.element,
    });
    this.details.render();
    this.stats.render(undefined);
    this.legend.render(state.theme, undefined);

    const { viewport, scroller } = this.tracks;
    this.zoomPan = new ZoomPan(state, viewport, scroller, {
      viewChanged: () => this.afterViewChange(),
      userMovedLive: atNewest => this.setFollow(atNewest, true),
    });
    this.liveMode = new LiveMode(state, this.zoomPan, this.summary, host, {
      setModel: (model, source) => this.setModel(model, source, []),
      relayout: () => this.relayout(),
      updateToolbar: () => this.toolbar.update(state),
      requestRender: commands.requestRender,
      scheduleStats: () => this.stats.schedule(),
      saveStateSoon: () => this.saveStateSoon(),
      announce: commands.announce,
    });
    listenToPointer(state, viewport, scroller, this.tooltip, host.kind, commands);
    listenToKeyboard(state, viewport, scroller, commands);
    scroller.addEventListener("scroll", () => {
      this.requestRender();
      this.saveStateSoon();
    });
    new ResizeObserver(() => this.resize()).observe(this.page.timeline);
    // VS Code changes the body's class (vscode-light/dark/high-contrast) when the theme changes.
    new MutationObserver(() => {
      state.theme = readTheme(root);
      this.legend.render(state.theme, state.model);
      this.requestRender();
    }).observe(document.body, { attributes: true, attributeFilter: ["class"] });
    this.restored = asPersisted(host.getState());
    this.restoredSource = this.restored?.source;
    this.resize();
  }

  /** Tests and benchmarks read the model and layout through here (the model at run time, past `private`). */
  private get model(): TimelineModel | undefined {
    return this.state.model;
  }
  get layout(): Layout {
    return this.state.layout;
  }

  // ------------------------------------------------------------------ loading

  /**
   * Parses and shows a trace file's text the page has itself (a file opened in the report, or a
   * report's trace without a usable snapshot); malformed or truncated files explain themselves.
   * Shown the one way every trace file is: the snapshot of its model, the page serving its events.
   */
  loadText(text: string, parse: (text: string) => TraceCheck, source?: string): void {
    const t0 = performance.now();
    const check = parse(text);
    const snapshot = snapshotOfCheck(check, performance.now() - t0);
    if (!snapshot.ok) {
      this.showError(snapshot.title, snapshot.error);
      return;
    }
    const t1 = performance.now();
    const model = decodeSnapshot(snapshot.header, snapshot.blob);
    Object.assign(this.timings, snapshot.timings);
    this.timings.snapshotMs = snapshot.timings.encodeMs + (performance.now() - t1);
    this.showModel(model, source, snapshot.warnings);
    const events = snapshot.events;
    this.serveEventsFrom(indices => indices.map(i => events[i] ?? null), snapshot.warnings, text);
    this.timings.openMs = performance.now() - t0;
  }

  /** Shows a model restored from a snapshot; its events are served next (`serveEvents`, `serveEventsFrom`). */
  showModel(model: TimelineModel, source: string | undefined, warnings: readonly string[] = []): void {
    const t0 = performance.now();
    model.prepare();
    this.liveMode.stop();
    this.state.status = "reading event details…";
    this.setModel(model, source, [...warnings]);
    this.renderNow();
    this.timings.firstFrameMs = performance.now() - t0;
    // Whole-trace statistics are a full pass over the rows: after the first frame, not before.
    this.stats.schedule();
  }

  /**
   * The page has the trace behind the snapshot shown (the report's text, a file it parsed):
   * `events(indices)` answers at once. `text` is the trace's text, for "Save trace"; `forModel`,
   * the model those events belong to when they were read after it was shown.
   */
  serveEventsFrom(events: (indices: readonly number[]) => readonly unknown[], warnings: readonly string[], text: string, forModel?: TimelineModel): void {
    const model = this.model;
    // A report's trace read in the background is for the snapshot it came with, not a file opened meanwhile.
    if (!model || (forModel && forModel !== model)) return;
    this.servedSerial = -1;
    model.serveEventsFrom(events);
    this.traceText = text;
    this.eventsReady(warnings);
    // A block selected while its details were loading shows them now.
    this.details.render();
  }

  /**
   * The VS Code host keeps the trace behind the snapshot shown: details are asked for as they are
   * needed, a batch per turn of the event loop (`requestEvents`), instead of the whole trace being
   * parsed here, and arrive through `eventsArrived`.
   */
  serveEvents(serial: number, warnings: readonly string[]): void {
    const model = this.model;
    if (!model) return;
    this.servedSerial = serial;
    model.serveEvents(eventRequests(this.host, serial));
    this.traceText = undefined;
    this.timings.detailsReadyMs = this.timings.firstFrameAtMs !== undefined ? performance.now() - this.timings.firstFrameAtMs : 0;
    this.eventsReady(warnings);
  }

  private eventsReady(warnings: readonly string[]): void {
    if (warnings.length) this.page.setBanner(warnings.join(" "));
    // A live run's status line stays until its first update.
    if (!this.state.live) this.state.status = "";
    this.toolbar.update(this.state);
  }

  /** Events of a served trace arrived: whatever waited for them is drawn again. */
  eventsArrived(serial: number, indices: number[], events: unknown[]): void {
    const model = this.model;
    if (!model || serial !== this.servedSerial) return;
    const { rejected } = model.eventsArrived(indices, events);
    if (rejected) this.host.post({ type: "log", level: "warn", message: `${rejected} event(s) from the host were malformed and not shown` });
    const s = this.state;
    if (s.selected) this.details.render();
    if (s.hover && s.hoverAt) this.tooltip.show(s.hoverAt.x, s.hoverAt.y, eventTooltip(s, s.hover, this.host.kind));
    const open = this.openWhenLoaded;
    if (open && s.selected === open) {
      const e = s.eventOf(open);
      if (e) {
        this.openWhenLoaded = undefined;
        const source = sourceOf(e);
        if (source) this.openSource(source);
      }
    }
  }

  startLive(source: string | undefined, blockThresholdMs: number | undefined): void {
    this.traceText = undefined;
    this.liveMode.start(source, blockThresholdMs);
  }

  /** The host's model of the live run shown gained this (for the run served under `serial`). */
  liveDelta(serial: number, header: SnapshotDelta, blob: Uint8Array): void {
    if (serial !== this.servedSerial || !this.state.live) return;
    this.liveMode.append(header, blob);
  }

  liveStatus(dropped: number | undefined, byStream: Record<string, number> | undefined, message: string | undefined): void {
    this.liveMode.report(dropped, byStream, message);
  }

  endLive(metadata: unknown, message: string | undefined): void {
    // The host replaces the run with its recorded trace next (the same timestamps): that keeps this
    // zoom, scroll and folding.
    if (this.state.live) this.afterLiveRun = { view: { ...this.state.view }, scrollTop: this.tracks.scrollTop, collapsed: [...this.folding.collapsed] };
    const loopscope = (metadata as { loopscope?: unknown } | undefined)?.loopscope;
    this.liveMode.end(isRunMetadata(loopscope) ? loopscope : undefined, message);
  }

  showError(title: string, message: string): void {
    this.state.model = undefined;
    this.page.showError(
      title,
      message,
      this.host.kind === "vscode"
        ? "Use “Open…” to choose another trace file."
        : "Use “Open…” to choose another trace file, or re-create this report with `loopscope report`.",
    );
    this.host.post({ type: "log", level: "warn", message: `${title}: ${message}` });
  }

  // ------------------------------------------------------------------ model → view

  private setModel(model: TimelineModel, source: string | undefined, warnings: string[]): void {
    const s = this.state;
    const afterLiveRun = this.afterLiveRun;
    this.afterLiveRun = undefined;
    s.model = model;
    s.source = source;
    s.selection = undefined;
    s.hover = s.selected = undefined;
    s.focusedRow = -1;
    this.page.showTimeline();
    this.page.setBanner(warnings.join(" "));
    const restore = this.restored && this.restored.traceKey === traceKey(s) ? this.restored : undefined;
    this.restored = undefined;
    const start = startingView(model, s.live, restore, afterLiveRun);
    this.folding.reset(model, start.collapsed);
    this.relayout();
    this.resize();
    if (start.view) this.setView(start.view.t0, start.view.t1);
    else this.fitAll(true);
    if (start.selection) this.setSelection(start.selection.t0, start.selection.t1);
    if (start.scrollTop) this.tracks.scroller.scrollTop = start.scrollTop;
    if (start.follow !== undefined) s.follow = start.follow;
    this.toolbar.update(s);
    this.details.render();
    this.stats.render(undefined);
    this.legend.render(s.theme, model);
    this.saveStateSoon();
  }

  private relayout(): void {
    const s = this.state;
    if (!s.model) return;
    this.folding.foldLaunchers(s.model);
    s.layout = layoutTimeline(s.model, this.folding.collapsed, sizes);
    this.layoutVersion = s.model.structureVersion;
    this.tracks.showLayout(s);
    this.summary.render();
    if (s.focusedRow >= s.layout.items.length) s.focusedRow = -1;
  }

  private toggleLane(id: string): void {
    this.folding.toggle(id);
    this.relayout();
    this.requestRender();
    this.saveStateSoon();
  }

  // ------------------------------------------------------------------ view range, live controls, selection

  /** Shows [t0, t1] (µs, absolute), clamped to the trace; keeps d3's zoom transform in step. */
  setView(t0: number, t1: number): void {
    this.zoomPan.setView(t0, t1);
  }

  fitAll(quiet = false): void {
    const [b0, b1] = this.zoomPan.baseDomain();
    this.setView(b0, b1);
    if (!quiet) this.page.announce("Showing the whole trace");
  }

  zoomBy(factor: number, centre?: number): void {
    this.zoomPan.zoomBy(factor, centre);
  }

  panBy(fraction: number): void {
    this.zoomPan.panBy(fraction);
  }

  private afterViewChange(): void {
    this.axis.showSelection();
    this.requestRender();
    this.saveStateSoon();
  }

  setFollow(on: boolean, fromPan = false): void {
    this.liveMode.setFollow(on, fromPan);
  }

  setPaused(on: boolean): void {
    this.liveMode.setPaused(on);
  }

  setSelection(t0: number, t1: number): void {
    if (!this.model) return;
    this.state.selection = t1 > t0 ? { t0, t1 } : undefined;
    this.axis.showSelection();
    this.drawOverlay();
    this.stats.schedule();
    this.saveStateSoon();
  }

  private onBrush(range: TimeRange | undefined, done: boolean): void {
    this.state.selection = range;
    if (!range) {
      this.stats.render(undefined);
      this.drawOverlay();
      this.saveStateSoon();
      return;
    }
    this.drawOverlay();
    if (done) {
      this.stats.schedule();
      this.saveStateSoon();
    }
  }

  private selectEvent(ref: EventRef | undefined, openSource: boolean): void {
    this.state.selected = ref;
    this.details.render();
    this.drawOverlay();
    const e = ref && this.state.eventOf(ref);
    this.openWhenLoaded = !e && openSource ? ref : undefined;
    if (!e) return;
    const source = sourceOf(e);
    this.page.announce(
      `${e.name}, ${e.dur !== undefined ? formatDuration(e.dur) + ", " : ""}${source ? "source " + formatLocation(source) : "no source location"}`,
    );
    if (openSource && source) this.openSource(source);
  }

  private openSource(source: SourceLocation): void {
    if (this.host.kind === "vscode") this.host.post({ type: "openSource", file: source.file, line: source.line, column: source.column });
  }

  // ------------------------------------------------------------------ rendering

  requestRender(): void {
    if (this.frameRequested) return;
    this.frameRequested = true;
    // Through `this.renderNow`, so that the benchmark's wrapper sees the frames drawn for input too.
    requestAnimationFrame(() => {
      this.frameRequested = false;
      this.renderNow();
    });
  }

  /** Draws one frame synchronously; returns its cost in ms (used by the benchmark). */
  renderNow(): number {
    const start = performance.now();
    const s = this.state;
    const model = s.model;
    if (!model || s.width <= 0 || s.height <= 0) return 0;
    if (model.structureVersion !== this.layoutVersion) this.relayout();
    const x = s.viewScale();
    const ticks = offsetTicks(s.view, model.startUs, Math.max(2, Math.floor(s.width / 110)));
    const stats = this.tracks.drawTracks(s, ticks);
    if (!stats) return 0;
    if (s.live) this.tracks.updateLaneCounts(s);
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
    const s = this.state;
    if (this.tracks.fit(s)) this.axis.resize(s.width);
    if (s.model) {
      this.zoomPan.sync();
      this.axis.showSelection();
      this.renderNow();
    }
  }

  // ------------------------------------------------------------------ files and state

  private openLocalFile(file: File): void {
    localFileText(file).then(
      text => this.onLocalFile?.(text, file.name),
      error => this.showError("The file could not be read", String(error)),
    );
  }

  private downloadTrace(): void {
    if (!this.traceText) {
      this.page.announce("There is no trace file to save");
      return;
    }
    downloadTrace(this.traceText, this.state.source);
  }

  private saveStateSoon(): void {
    if (this.host.kind !== "vscode") return;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.host.setState(this.persistedState()), 200);
  }

  persistedState(): PersistedState {
    return persistedState(this.state, this.folding.collapsed, this.tracks.scrollTop);
  }

  // ------------------------------------------------------------------ test and benchmark hooks

  debugInfo(): DebugInfo {
    return debugInfo(this.state, this.tracks, this.lastFrame, this.timings);
  }

  /** Viewport x (CSS px, relative to the page) of a time given in µs from the trace start. */
  clientX(offsetUs: number): number {
    return this.tracks.viewport.getBoundingClientRect().left + this.state.viewScale()((this.model?.startUs ?? 0) + offsetUs);
  }

  /** Sets the view in µs from the trace start (tests and benchmark). */
  setViewOffset(t0: number, t1: number): void {
    const origin = this.model?.startUs ?? 0;
    this.setView(origin + t0, origin + t1);
  }
}

// The timeline panel: a webview with the same page as the standalone report (protocol's page
// builder, this webview's cspSource and a fresh nonce), loading only dist/webview. It shows either
// a trace file or a live run. Messages from the page are validated (protocol validators) and only
// ever open files in the editor or run Loopscope's own commands; nothing from the page is executed.
// A trace file is read and laid out in a worker thread (traceLoader.ts): the page gets the model
// snapshot (`loadSnapshot`, drawn at once), then `eventsServed`: the worker keeps the parsed trace
// and the page asks for the events it shows (`requestEvents` → `events`). A big trace is parsed
// once, off the extension host's thread, and never sent whole to the page. A live run comes the
// same way (liveView.ts): the extension keeps its growing trace and model, the page gets snapshot
// deltas and asks for the events it shows.
import * as vscode from "vscode";
import { basename } from "node:path";
import { makeNonce, timelinePageHtml } from "../../../protocol/src/webview-page";
import { parseWebviewToHostMessage, type HostToWebviewMessage, type OpenSourceMessage } from "../../../protocol/src/webview-messages";
import { sourceTarget } from "./sourceTarget";
import { asEditorLayout, wasMaximized } from "./maximizedGroup";
import { loadTraceInWorker, type TraceLoad } from "./traceLoader";
import type { LiveView } from "./liveView";
import type { TraceStore } from "./traceStore";

export const timelineViewType = "loopscope.timeline";

type Shown = { kind: "none" } | { kind: "file"; path: string } | { kind: "live"; source: string; view: LiveView };

export interface PanelHost {
  extensionUri: vscode.Uri;
  store: TraceStore;
  log: vscode.LogOutputChannel;
  /** Persists the store's known paths (after open/save/record). */
  remembered(): void;
  /**
   * The trace file the panel showed last, kept by the host: a restored panel falls back to it when
   * the page's own saved state is missing or older (the web workbench may not flush webview state
   * before a reload).
   */
  lastShown: { get(): string | undefined; set(path: string): void };
}

export class TimelinePanel implements vscode.Disposable {
  private static current: TimelinePanel | undefined;
  private shown: Shown = { kind: "none" };
  private ready = false;
  private queue: HostToWebviewMessage[] = [];
  /** The trace file being read and laid out, until its messages are posted. */
  private loading: TraceLoad | undefined;
  /** The trace file shown, whose worker answers the page's `requestEvents`; `serial` names it to the page. */
  private served: { load: TraceLoad; serial: number } | undefined;
  /** The live run shown: it answers `requestEvents` for the serial it was given. */
  private live: LiveView | undefined;
  private servedSerial = 0;
  private readonly disposables: vscode.Disposable[] = [];

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly host: PanelHost,
  ) {
    panel.webview.options = webviewOptions(host.extensionUri);
    panel.webview.html = pageHtml(panel.webview, host.extensionUri);
    this.disposables.push(
      panel.webview.onDidReceiveMessage(message => this.receive(message)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** The panel, revealed (created beside the editor when there is none). */
  static show(host: PanelHost): TimelinePanel {
    if (TimelinePanel.current) {
      TimelinePanel.current.panel.reveal(undefined, true);
      return TimelinePanel.current;
    }
    const panel = vscode.window.createWebviewPanel(
      timelineViewType,
      "Loopscope Timeline",
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      {
        ...webviewOptions(host.extensionUri),
        // A live run streams into the page's model: keep it while the tab is in the background.
        retainContextWhenHidden: true,
      },
    );
    TimelinePanel.current = new TimelinePanel(panel, host);
    return TimelinePanel.current;
  }

  static get active(): TimelinePanel | undefined {
    return TimelinePanel.current;
  }

  /** The WebviewPanelSerializer's half: a panel VS Code restored after a reload. */
  static restore(panel: vscode.WebviewPanel, host: PanelHost): TimelinePanel {
    TimelinePanel.current?.panel.dispose();
    TimelinePanel.current = new TimelinePanel(panel, host);
    return TimelinePanel.current;
  }

  /** What the panel shows: a trace file, or a live run (its source label). */
  get showing(): Shown {
    return this.shown;
  }

  /**
   * Shows a trace file. Resolves once its messages are posted (or the panel explains why it cannot
   * show it). `unreadable` words the message for a file that cannot be read.
   */
  async showFile(path: string, unreadable: (error: { code?: string; message: string }) => string = e => `Could not read ${path}: ${e.message}`): Promise<void> {
    this.stopLoading();
    this.shown = { kind: "file", path };
    const load = loadTraceInWorker(path, this.workerFile);
    this.loading = load;
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: "Loopscope: reading the trace" }, () => load.result);
    if (this.loading !== load) return; // another file, a live run or an error replaced it meanwhile
    this.loading = undefined;
    switch (result.kind) {
      case "cancelled":
        return;
      case "unreadable":
        this.showError(unreadable(result));
        return;
      case "failed":
        this.host.log.error(`timeline: reading ${path} failed: ${result.message}`);
        this.showError(
          result.outOfMemory
            ? `${path} is too large to show: laying out its timeline needs more memory than the extension host may use.`
            : `Could not show ${path}: ${result.message}`,
        );
        return;
    }
    // The file was read: it is the panel's trace now, even one the page can only explain.
    this.host.store.remember(path);
    this.host.remembered();
    this.host.lastShown.set(path);
    if (result.kind === "invalid") {
      this.post({ type: "showError", title: result.title, message: result.error });
      return;
    }
    const t = result.timings;
    this.host.log.info(
      `timeline: ${path}: ${result.header.eventCount} events laid out in ${ms(t.totalMs)} in a worker (read ${ms(t.readMs)}, parse ${ms(t.parseMs)}, model ${ms(t.modelMs)}, snapshot ${ms(t.encodeMs)})`,
    );
    this.served = { load, serial: ++this.servedSerial };
    this.post({ type: "loadSnapshot", header: result.header, blob: result.blob, source: path });
    this.post({ type: "eventsServed", serial: this.served.serial, ...(result.warnings.length ? { warnings: result.warnings } : {}) });
  }

  private get workerFile(): string {
    return vscode.Uri.joinPath(this.host.extensionUri, "dist", "client", "trace-snapshot-worker.cjs").fsPath;
  }

  private stopLoading(): void {
    this.loading?.cancel();
    this.loading = undefined;
    this.served?.load.cancel();
    this.served = undefined;
    this.live?.detach();
    this.live = undefined;
  }

  /** The page needs events of the trace it shows (hover, details, click to source). */
  private async sendEvents(serial: number, indices: number[]): Promise<void> {
    const live = this.live?.eventsAt(serial, indices);
    if (live) {
      this.post({ type: "events", serial, indices, events: live });
      return;
    }
    const served = this.served;
    if (!served || served.serial !== serial) return; // a trace no longer shown
    try {
      const events = await served.load.events(indices);
      if (this.served === served) this.post({ type: "events", serial, indices, events });
    } catch (error) {
      if (this.served === served) this.host.log.warn(`timeline: could not read events of the trace: ${(error as Error).message}`);
    }
  }

  /** Shows a live run (its `source` is the path its trace will be written to). */
  showLive(view: LiveView): void {
    this.stopLoading();
    this.shown = { kind: "live", source: view.source, view };
    this.host.lastShown.set(view.source);
    this.live = view;
    // Before the page is ready, `onReady` attaches it: nothing of the run waits in the queue.
    if (this.ready) view.attach(message => this.post(message), ++this.servedSerial);
  }

  /** The run ended (its view sent `liveEnd`): the panel switches to the trace file written for it, the exact recorded trace. */
  endLive(view: LiveView, path: string | undefined): void {
    if (this.shown.kind !== "live" || this.shown.view !== view) return;
    if (path) void this.showFile(path);
  }

  showError(message: string): void {
    this.stopLoading();
    this.shown = { kind: "none" };
    this.post({ type: "showError", message });
  }

  private post(message: HostToWebviewMessage): void {
    if (!this.ready) {
      this.queue.push(message);
      return;
    }
    void this.panel.webview.postMessage(message);
  }

  private async receive(raw: unknown): Promise<void> {
    const message = parseWebviewToHostMessage(raw);
    if (!message) {
      this.host.log.warn(`timeline: ignored a malformed message from the panel (${describe(raw)})`);
      return;
    }
    switch (message.type) {
      case "ready":
        return this.onReady(message.restoredSource);
      case "openSource":
        return this.openSource(message);
      case "openTrace":
        await vscode.commands.executeCommand("loopscope.openTrace");
        return;
      case "saveTrace":
        await vscode.commands.executeCommand("loopscope.saveTraceAs");
        return;
      case "requestEvents":
        return this.sendEvents(message.serial, message.indices);
      case "livePaused":
        this.host.log.info(`timeline: live view ${message.paused ? "paused" : "resumed"}`);
        return;
      case "log":
        this.host.log[message.level](`timeline: ${message.message}`);
        return;
    }
  }

  /** The page (re)started: give it what the panel shows, then whatever was queued meanwhile. */
  private async onReady(restoredSource: string | undefined): Promise<void> {
    const queued = this.queue;
    this.queue = [];
    this.ready = true;
    const shown = this.shown;
    if (shown.kind === "live") {
      // The run so far in one delta (this also covers a page reloaded during a run: the queue is then stale).
      shown.view.attach(message => this.post(message), ++this.servedSerial);
      return;
    }
    if (queued.length) {
      for (const m of queued) void this.panel.webview.postMessage(m);
      return;
    }
    // A file still being read: its messages go to this page when they are ready.
    if (this.loading) return;
    let path = shown.kind === "file" ? shown.path : restoredSource;
    if (path && !this.host.store.mayRestore(path)) {
      this.host.log.warn(`timeline: not reloading ${path}: not a trace this workspace recorded, opened or saved`);
      path = undefined;
    }
    path ??= this.host.lastShown.get();
    if (!path) return;
    const shownPath = path;
    await this.showFile(shownPath, error =>
      error.code === "ENOENT"
        ? `${shownPath} does not exist: the run that was recording it did not end normally (the window was reloaded or closed while it ran), or the file was removed.`
        : `Could not read ${shownPath}: ${error.message}`,
    );
  }

  private async openSource(message: OpenSourceMessage): Promise<void> {
    // A synchronous stat is fine here: one file, once per click on a call site.
    const target = sourceTarget(message);
    if (!target.ok) {
      void vscode.window.showWarningMessage(`Loopscope: cannot open the source: ${target.reason}`);
      return;
    }
    try {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(target.file));
      const line = Math.min(target.line, document.lineCount - 1);
      const position = new vscode.Position(line, Math.min(target.column, document.lineAt(line).text.length));
      const panelColumn = this.panel.viewColumn;
      const column = panelColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
      const before = await editorLayout();
      await vscode.window.showTextDocument(document, { viewColumn: column, selection: new vscode.Range(position, position), preview: true });
      const after = await editorLayout();
      if (panelColumn !== undefined && before && after && wasMaximized(before, after, panelColumn))
        await this.maximizeAgain(panelColumn, `${basename(target.file)}:${line + 1}`);
    } catch (error) {
      void vscode.window.showWarningMessage(`Loopscope: cannot open ${target.file}: ${(error as Error).message}`);
    }
  }

  /**
   * The user had maximized the timeline: keep it so (VS Code left the maximized group when the
   * source opened in the other one). The source waits there, at its line.
   */
  private async maximizeAgain(panelColumn: vscode.ViewColumn, opened: string): Promise<void> {
    this.panel.reveal(panelColumn, false);
    // The maximize command acts on the active group: wait until it is the panel's again.
    const deadline = Date.now() + 2000;
    while (!this.panel.active && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 20));
    if (!this.panel.active) return;
    await vscode.commands.executeCommand("workbench.action.toggleMaximizeEditorGroup");
    vscode.window.setStatusBarMessage(`Loopscope: opened ${opened} in the other editor group (the timeline stays maximized)`, 6000);
  }

  dispose(): void {
    this.stopLoading();
    if (TimelinePanel.current === this) TimelinePanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

/** The editor layout (each group's size), or undefined where VS Code does not answer it. */
async function editorLayout() {
  return asEditorLayout(
    await vscode.commands.executeCommand("vscode.getEditorLayout").then(
      v => v,
      () => undefined,
    ),
  );
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  // Scripts for the timeline; resources only from the extension's own webview bundle.
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: [vscode.Uri.joinPath(extensionUri, "dist", "webview")] };
}

function pageHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, "dist", "webview", name)).toString();
  return timelinePageHtml({
    nonce: makeNonce(),
    assets: { kind: "webview", cspSource: webview.cspSource, scriptUri: asset("timeline.js"), styleUri: asset("timeline.css") },
  });
}

const ms = (n: number) => `${Math.round(n)} ms`;

function describe(raw: unknown): string {
  const type = typeof raw === "object" && raw !== null ? (raw as { type?: unknown }).type : undefined;
  return String(typeof type === "string" ? type : typeof raw).slice(0, 60);
}

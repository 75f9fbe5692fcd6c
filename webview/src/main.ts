// Timeline entry point (browser IIFE). Runs in a VS Code webview, where messages from the
// extension drive it, and in the standalone report, where the trace is embedded in the page.
import { EMBEDDED_TRACE_ELEMENT_ID, GZIP_BASE64, ROOT_ELEMENT_ID, SNAPSHOT_ELEMENT_ID, SNAPSHOT_HEADER_ELEMENT_ID } from "../../protocol/src/webview-page";
import { decodeSnapshot } from "../../timeline-model/src/snapshot";
import { checkSnapshotHeader, type SnapshotHeader } from "../../protocol/src/timeline-snapshot";
import { TraceEventIndex } from "../../timeline-model/src/trace-index";
import { parseTraceText } from "../../protocol/src/trace-validate";
import { parseHostToWebviewMessage, WEBVIEW_PROTOCOL_VERSION, type HostToWebviewMessage, type WebviewToHostMessage } from "../../protocol/src/webview-messages";
import type { TimelineModel } from "../../timeline-model/src/timeline-model";
import { TimelineView, type HostBridge } from "./render/timeline-view";

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare global {
  interface Window {
    acquireVsCodeApi?: () => VsCodeApi;
    /** Test and benchmark hook: the running view. */
    loopscopeTimeline?: TimelineView;
  }
}

function createHost(): HostBridge {
  const vscode = typeof window.acquireVsCodeApi === "function" ? window.acquireVsCodeApi() : undefined;
  if (vscode) {
    return {
      kind: "vscode",
      post: (message: WebviewToHostMessage) => vscode.postMessage(message),
      getState: () => vscode.getState(),
      setState: state => vscode.setState(state),
    };
  }
  return { kind: "report", post: () => undefined, getState: () => undefined, setState: () => undefined };
}

const parse = (text: string) => parseTraceText(text, { salvageTruncated: true });

/** A big report's trace or snapshot: base64 of gzip-compressed bytes, decompressed natively by the browser. */
function gunzipStream(base64: string): Response {
  const binary = atob(base64.trim());
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip")));
}
const gunzipBase64 = (base64: string) => gunzipStream(base64).text();

/**
 * A report: draw from the embedded snapshot at once, then serve its events from the embedded
 * trace. Returns false when there is no usable snapshot (the caller reads the trace as a file).
 */
async function showSnapshot(view: TimelineView, traceElement: HTMLElement, source: string | undefined, started: number): Promise<boolean> {
  const headerElement = document.getElementById(SNAPSHOT_HEADER_ELEMENT_ID);
  const blobElement = document.getElementById(SNAPSHOT_ELEMENT_ID);
  if (!headerElement || !blobElement) return false;
  let header: SnapshotHeader;
  let model: TimelineModel;
  try {
    const t0 = performance.now();
    const headerValue: unknown = JSON.parse(headerElement.textContent ?? "");
    const blob = new Uint8Array(await gunzipStream(blobElement.textContent ?? "").arrayBuffer());
    const check = checkSnapshotHeader(headerValue, blob.byteLength);
    if (!check.ok) throw new Error(`the embedded snapshot is malformed: ${check.error}`);
    header = check.header;
    model = decodeSnapshot(header, blob);
    view.timings.snapshotMs = performance.now() - t0;
    view.showModel(model, source);
    view.timings.bootToFirstFrameMs = performance.now() - started;
    view.timings.firstFrameAtMs = performance.now();
  } catch (error) {
    view.timings.snapshotFailed = 1;
    return false;
  }
  const compressed = traceElement.getAttribute("data-encoding") === GZIP_BASE64;
  // A big trace is read after the first frame has been painted; a small one at once, so its details are there from the start.
  if (compressed) await new Promise(resolve => setTimeout(resolve, 30));
  const t1 = performance.now();
  try {
    const text = compressed ? await gunzipBase64(traceElement.textContent ?? "") : (traceElement.textContent ?? "");
    // Find where each event is, between frames; then parse only the events the user looks at.
    const index = new TraceEventIndex(text);
    while (!index.scan(INDEX_SLICE_CHARS)) await new Promise(resolve => setTimeout(resolve, 0));
    view.timings.indexMs = performance.now() - t1;
    if (index.complete && header.sourceEvents === index.count) {
      // The snapshot's records point into this very array: nothing was left out when it was made.
      view.serveEventsFrom(indices => indices.map(i => index.event(i) ?? null), [], text, model);
    } else {
      // A trace whose events were filtered or cut off: read it whole, with the reader's own notes.
      const t2 = performance.now();
      const check = parse(text);
      view.timings.parseMs = performance.now() - t2;
      if (check.ok) {
        const events = check.events;
        view.serveEventsFrom(indices => indices.map(i => events[i] ?? null), check.warnings, text, model);
      } else view.showError("This trace cannot be shown", check.error);
    }
  } catch (error) {
    view.showError("The embedded trace cannot be read", error instanceof Error ? error.message : String(error));
  }
  view.timings.detailsReadyMs = performance.now() - t1;
  return true;
}

/** Characters of a report's trace indexed per task: a few milliseconds, so the page keeps answering. */
const INDEX_SLICE_CHARS = 4_000_000;

function handle(view: TimelineView, message: HostToWebviewMessage): void {
  switch (message.type) {
    case "loadSnapshot": {
      const t0 = performance.now();
      const model = decodeSnapshot(message.header, message.blob);
      view.timings.snapshotMs = performance.now() - t0;
      view.showModel(model, message.source);
      view.timings.firstFrameAtMs = performance.now();
      return;
    }
    case "eventsServed":
      view.serveEvents(message.serial, message.warnings ?? []);
      return;
    case "events":
      view.eventsArrived(message.serial, message.indices, message.events);
      return;
    case "liveStart":
      view.startLive(message.source, message.blockThresholdMs);
      return;
    case "snapshotDelta":
      view.liveDelta(message.serial, message.header, message.blob);
      return;
    case "liveStatus":
      view.liveStatus(message.dropped, message.dropsByStream, message.message);
      return;
    case "liveEnd":
      view.endLive(message.metadata, message.message);
      return;
    case "showError":
      view.showError(message.title ?? "Loopscope", message.message);
      return;
  }
}

function boot(): void {
  const started = performance.now();
  const root = document.getElementById(ROOT_ELEMENT_ID) ?? document.body;
  const host = createHost();
  let view: TimelineView;
  try {
    view = new TimelineView(root, host);
  } catch (error) {
    root.textContent = `The timeline could not start: ${error instanceof Error ? error.message : String(error)}`;
    return;
  }
  window.loopscopeTimeline = view;
  view.onLocalFile = (text, name) => view.loadText(text, parse, name);
  window.addEventListener("message", event => {
    // The report has no host: only the page itself (tests, embedders) may drive it.
    if (host.kind === "report" && event.source !== window) return;
    const message = parseHostToWebviewMessage(event.data);
    if (!message) {
      host.post({
        type: "log",
        level: "warn",
        message: `Ignored a malformed message: ${String((event.data as { type?: unknown } | null)?.type ?? typeof event.data).slice(0, 80)}`,
      });
      return;
    }
    try {
      handle(view, message);
    } catch (error) {
      view.showError("The timeline failed", error instanceof Error ? error.message : String(error));
    }
  });
  window.addEventListener("error", event => host.post({ type: "log", level: "error", message: String(event.message) }));

  const embedded = document.getElementById(EMBEDDED_TRACE_ELEMENT_ID);
  if (embedded) {
    const source = embedded.getAttribute("data-source") ?? undefined;
    const show = (text: string) => {
      try {
        view.loadText(text, parse, source);
      } catch (error) {
        view.showError("The timeline failed", error instanceof Error ? error.message : String(error));
      }
      view.timings.bootToFirstFrameMs = performance.now() - started;
      // Since navigation start: includes reading the page (and its embedded trace) itself.
      view.timings.firstFrameAtMs = performance.now();
    };
    const unreadable = (error: unknown) =>
      view.showError(
        "The embedded trace cannot be read",
        `${error instanceof Error ? error.message : String(error)} (this page needs a browser with DecompressionStream: Chrome 80+, Firefox 113+, Safari 16.4+).`,
      );
    // Every report has a snapshot; a page without a usable one reads its trace as a file.
    void showSnapshot(view, embedded, source, started).then(shown => {
      if (shown) return;
      if (embedded.getAttribute("data-encoding") !== GZIP_BASE64) {
        show(embedded.textContent ?? "");
        return;
      }
      const t0 = performance.now();
      gunzipBase64(embedded.textContent ?? "").then(text => {
        view.timings.decompressMs = performance.now() - t0;
        show(text);
      }, unreadable);
    }, unreadable);
  } else if (host.kind === "report") {
    view.showError(
      "No trace in this page",
      "This page has no embedded trace. Create one with `loopscope report trace.json --out timeline.html`, or open a trace file.",
    );
  }
  host.post({ type: "ready", protocolVersion: WEBVIEW_PROTOCOL_VERSION, restoredSource: view.restoredSource });
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
else boot();

// A live run as the panel's page gets it: the way a trace file does, a model in the snapshot's
// terms with its events served on request. The extension keeps the growing trace (LiveTrace: its
// events in a store, a file for the editor's runs (liveEventLog.ts), and the timeline model built
// from them, which lets go of what it sent so a long run's memory stays flat); the page gets
// `liveStart`, `eventsServed`, then snapshot deltas, at most one per `minIntervalMs` however fast
// events arrive (a program making thousands of events a second costs the page a few small updates
// a second), and the run's last changes before `liveEnd`. A page that starts again (reloaded) gets
// the model so far built again from the store, in a few deltas. With no page, the deltas are
// made all the same and dropped (the model lets go of their events). No vscode import: tested under Node.
import { LiveTrace, type LiveEventStore } from "../../../timeline-model/src/live-trace";
import type { HostToWebviewMessage } from "../../../protocol/src/webview-messages";
import type { TraceEvent } from "../../../protocol/src/trace";
import type { AnyTraceEvent } from "../../../protocol/src/trace-validate";

/** The panel's updates are at most this frequent. */
export const LIVE_UPDATE_INTERVAL_MS = 250;

export class LiveView {
  private readonly trace: LiveTrace;
  private post: ((message: HostToWebviewMessage) => void) | undefined;
  private serial = -1;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastUpdate = -Infinity;
  private status: HostToWebviewMessage | undefined;
  /** The run's `liveEnd`, once it ended (a page that starts again after that gets it too). */
  private ended: HostToWebviewMessage | undefined;
  private disposed = false;

  constructor(
    /** The path the run's trace will be written to: the page keeps it as the name of what it shows. */
    readonly source: string,
    readonly blockThresholdMs: number,
    private readonly minIntervalMs = LIVE_UPDATE_INTERVAL_MS,
    private readonly now: () => number = () => performance.now(),
    /** Where the run's events are kept (in memory without one); the view disposes of it. */
    private readonly store?: LiveEventStore & { dispose?(): void },
  ) {
    this.trace = new LiveTrace(blockThresholdMs, store);
  }

  /**
   * Shows the run in a page (again, for one that reloaded): the run so far in one delta, its
   * events served under `serial`, then updates as they come.
   */
  attach(post: (message: HostToWebviewMessage) => void, serial: number): void {
    this.post = post;
    this.serial = serial;
    clearTimeout(this.timer);
    this.timer = undefined;
    post({ type: "liveStart", source: this.source, blockThresholdMs: this.blockThresholdMs });
    post({ type: "eventsServed", serial });
    this.trace.resend(delta => post({ type: "snapshotDelta", serial, header: delta.header, blob: delta.blob }));
    this.lastUpdate = this.now();
    if (this.status) post(this.status);
    if (this.ended) post(this.ended);
  }

  /** The page no longer shows the run (another trace, the panel closed); the run goes on. */
  detach(): void {
    this.post = undefined;
  }

  /** The run's events are no longer needed (the panel shows its trace file, or another run started). */
  dispose(): void {
    this.detach();
    clearTimeout(this.timer);
    this.timer = undefined;
    this.disposed = true;
    this.store?.dispose?.();
  }

  /** The recorder's next trace events. */
  add(events: readonly TraceEvent[]): void {
    if (this.ended || this.disposed) return;
    this.trace.add(events as readonly AnyTraceEvent[]);
    this.schedule();
  }

  /** Events the tracers dropped so far (never silent). */
  setDrops(dropped: number, dropsByStream: Record<string, number>): void {
    this.status = { type: "liveStatus", dropped, dropsByStream };
    this.post?.(this.status);
  }

  /** The run ended: its last changes, then `liveEnd` (the panel shows the written trace file next). */
  end(metadata: Record<string, unknown> | undefined, message: string): void {
    if (this.ended) return;
    this.ended = { type: "liveEnd", ...(metadata ? { metadata } : {}), message };
    clearTimeout(this.timer);
    this.timer = undefined;
    this.trace.finish();
    this.update();
    this.post?.(this.ended);
  }

  /** Events of the run's trace so far by index, for the page's `requestEvents` under `serial`. */
  eventsAt(serial: number, indices: readonly number[]): (AnyTraceEvent | null)[] | undefined {
    return serial === this.serial && this.post && !this.disposed ? this.trace.eventsAt(indices) : undefined;
  }

  get servedSerial(): number {
    return this.serial;
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastUpdate + this.minIntervalMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.update();
    }, wait);
  }

  private update(): void {
    if (this.disposed) return;
    // Taken with no page too: the model lets go of what a delta carried (a page that comes resends from the store).
    const delta = this.trace.delta();
    if (!delta) return;
    this.lastUpdate = this.now();
    if (this.post) this.post({ type: "snapshotDelta", serial: this.serial, header: delta.header, blob: delta.blob });
  }
}

// The VS Code side of a live run for the Chromium tests: the extension's own LiveView (the run's
// growing trace and model), its messages posted into the page as the panel posts them, and the
// page's `requestEvents` answered from the run as the panel answers them. Updates go out when the
// test says (`add` waits for the view's update), not on a clock.
import type { Page } from "playwright-core";
import { LiveView } from "../../client/src/timeline/liveView";
import type { TraceEvent } from "../../protocol/src/trace";
import type { HostToWebviewMessage } from "../../protocol/src/webview-messages";

export class LiveHost {
  readonly view: LiveView;
  private readonly outbox: HostToWebviewMessage[] = [];
  private answered = 0;

  constructor(
    private readonly page: Page,
    source = "live run",
    blockThresholdMs = 50,
  ) {
    this.view = new LiveView(source, blockThresholdMs, 0);
  }

  /** The panel shows the run (`serial` names its events to the page). */
  async start(serial = 1): Promise<void> {
    this.view.attach(message => this.outbox.push(message), serial);
    await this.deliver();
  }

  /** The recorder's next batch, and the page's update for it. */
  async add(events: readonly unknown[]): Promise<void> {
    this.view.add(events as TraceEvent[]);
    await new Promise(resolve => setTimeout(resolve, 0));
    await this.deliver();
  }

  async drops(dropped: number, byStream: Record<string, number>): Promise<void> {
    this.view.setDrops(dropped, byStream);
    await this.deliver();
  }

  /** The run ended: its last update and `liveEnd`. */
  async end(metadata: Record<string, unknown> | undefined, message = "exited with code 0"): Promise<void> {
    this.view.end(metadata, message);
    await this.deliver();
  }

  /** Answers the page's `requestEvents` so far (the page's posts are kept in `window.__posted`). */
  async answer(): Promise<number> {
    const posted = await this.page.evaluate(() => (window as unknown as { __posted?: Array<Record<string, unknown>> }).__posted ?? []);
    const requests = posted.filter(m => m.type === "requestEvents").slice(this.answered) as { serial: number; indices: number[] }[];
    this.answered += requests.length;
    for (const r of requests) {
      const events = this.view.eventsAt(r.serial, r.indices);
      if (events) this.outbox.push({ type: "events", serial: r.serial, indices: r.indices, events });
    }
    await this.deliver();
    return requests.length;
  }

  private async deliver(): Promise<void> {
    for (const message of this.outbox.splice(0)) {
      if ("blob" in message) {
        const { blob, ...rest } = message;
        await this.page.evaluate(({ rest, bytes }) => window.postMessage({ ...rest, blob: new Uint8Array(bytes) }, "*"), { rest, bytes: Array.from(blob) });
      } else await this.page.evaluate(m => window.postMessage(m, "*"), message);
    }
  }
}

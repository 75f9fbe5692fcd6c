// The panel's page as far as a live run goes, under Node: the host's messages, cloned as
// postMessage clones them and checked as the page checks them (parseHostToWebviewMessage), grow a
// model the way webview/src/render/live-mode.ts does (timeline-model's applySnapshotDelta), and
// its records' events are asked of `events`, the host's answer to `requestEvents`.
import { parseHostToWebviewMessage, type HostToWebviewMessage } from "../../protocol/src/webview-messages";
import { applySnapshotDelta, emptyLiveModel } from "../../timeline-model/src/snapshot-delta";
import type { TimelineModel } from "../../timeline-model/src/timeline-model";

export class LivePage {
  model: TimelineModel | undefined;
  serial = -1;
  readonly received: HostToWebviewMessage[] = [];
  ended = false;

  constructor(private readonly events: (serial: number, indices: readonly number[]) => readonly unknown[] | undefined) {}

  readonly receive = (sent: HostToWebviewMessage): void => {
    const message = parseHostToWebviewMessage(structuredClone(sent));
    if (!message) throw new Error(`the page would drop a malformed ${sent.type} message`);
    this.received.push(message);
    switch (message.type) {
      case "liveStart":
        this.model = emptyLiveModel(message.blockThresholdMs);
        this.ended = false;
        return;
      case "eventsServed": {
        const serial = (this.serial = message.serial);
        this.model?.serveEventsFrom(indices => this.events(serial, indices) ?? indices.map(() => null));
        return;
      }
      case "snapshotDelta":
        if (message.serial !== this.serial || !this.model) return;
        applySnapshotDelta(this.model, message.header, message.blob);
        this.model.prepare();
        return;
      case "liveEnd":
        this.ended = true;
        return;
    }
  };

  count(type: HostToWebviewMessage["type"]): number {
    return this.received.filter(m => m.type === type).length;
  }
}

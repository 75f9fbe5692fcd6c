// The page's questions to the VS Code host for the events behind what it shows (hover, details,
// click to source): the records asked for during one turn of the event loop go out together, in
// `requestEvents` messages of at most MAX_REQUESTED_EVENTS indices, named by the trace's serial.
import { MAX_REQUESTED_EVENTS } from "../../../protocol/src/webview-messages";
import type { HostBridge } from "./host-bridge";

export function eventRequests(host: HostBridge, serial: number): (indices: number[]) => void {
  let batch: number[] = [];
  return indices => {
    if (!batch.length)
      queueMicrotask(() => {
        const all = batch;
        batch = [];
        for (let i = 0; i < all.length; i += MAX_REQUESTED_EVENTS)
          host.post({ type: "requestEvents", serial, indices: all.slice(i, i + MAX_REQUESTED_EVENTS) });
      });
    batch.push(...indices);
  };
}

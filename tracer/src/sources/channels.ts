// Subscribing to diagnostics_channel in a way that works on Node 18+ and never loses subscribers.

import * as dc from "node:diagnostics_channel";
import { tracerStats } from "../safe";
import { keep } from "./keep";

export function subscribe(name: string, fn: (message: unknown) => void): void {
  // One-argument guard (not the generic one: no rest-array per message on hot channels).
  const safe = (message: unknown) => {
    try {
      fn(message);
    } catch {
      tracerStats.internalErrors++;
    }
  };
  const withSubscribe = dc as unknown as { subscribe?: (name: string, fn: (m: unknown) => void) => void };
  if (typeof withSubscribe.subscribe === "function") {
    withSubscribe.subscribe(name, safe);
  } else {
    const channel = dc.channel(name);
    channel.subscribe(safe);
    keep(channel);
  }
}

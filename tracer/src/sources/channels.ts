// Subscribing to diagnostics_channel in a way that works on Node 18+ and never loses subscribers.

import * as dc from "node:diagnostics_channel";
import { countError } from "../safe";
import { keep } from "./keep";

export function subscribe(name: string, fn: (message: unknown) => void): void {
  // One-argument guard (not the generic one: no rest-array per message on hot channels).
  subscribeGuarded(name, (message: unknown) => {
    try {
      fn(message);
    } catch (error) {
      countError(error);
    }
  });
}

/**
 * For the channels every request goes through: `fn` catches its own errors (a try/catch around
 * its whole body that hands them to countError; Node turns a subscriber's throw into an uncaught
 * exception). That saves the call through subscribe's wrapper, whose single call site every
 * subscriber shares (V8 cannot inline through it once it has seen several).
 */
export function subscribeGuarded(name: string, fn: (message: unknown) => void): void {
  const withSubscribe = dc as unknown as { subscribe?: (name: string, fn: (m: unknown) => void) => void };
  if (typeof withSubscribe.subscribe === "function") {
    withSubscribe.subscribe(name, fn);
  } else {
    const channel = dc.channel(name);
    channel.subscribe(fn);
    keep(channel);
  }
}

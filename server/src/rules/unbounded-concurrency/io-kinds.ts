// The capacity-limited resources an item's work can reach, as the I/O classification names them,
// and how a finding describes one.
import type { Chain } from "../../analysis/call-graph";

/** The capacity-limited resource a call uses; `async`: an asynchronous call that may do I/O. */
export type IoKind = "http" | "network" | "database" | "file" | "process" | "worker" | "async";

export interface IoEffect {
  kind: IoKind;
  label: string;
  chain?: Chain;
  /** The call is of a function the caller passed in: what it does is up to the caller. */
  viaParameter?: boolean;
}

/** What one use of each resource is, for messages: "opens one HTTP request". */
export const ioResource: Record<IoKind, string> = {
  http: "opens one HTTP request",
  network: "opens one network connection",
  database: "runs one database query",
  file: "does one file-system operation",
  process: "starts one child process",
  worker: "starts one worker thread",
  async: "starts one asynchronous call that may do I/O",
};

/** Describes a chain for a message: ` via load() → db.query()`. */
export function viaText(e: IoEffect): string {
  if (!e.chain || !e.chain.length) return `\`${e.label}\``;
  const last = e.chain[e.chain.length - 1]!;
  return `\`${e.label}\` → ${e.chain.length > 1 ? "… → " : ""}\`${last.label}\``;
}

// The capacity-limited resources an item's work can reach, as the I/O classification names them,
// and how a finding describes one.
import type { Chain } from "../call-graph";

/**
 * The capacity-limited resource a call uses; `async`: an asynchronous call that may do I/O;
 * `command`: a command sent over a connection the client already holds open (Redis pipelines
 * every command on one connection), which opens nothing per call; `dns`: a name looked up
 * (`dns.lookup`, `resolve*`, `reverse`), a query of the system's resolver that holds nothing open
 * after it answers (a network resource for a fan-out, as `network` is).
 */
export type IoKind = "http" | "network" | "dns" | "database" | "file" | "process" | "worker" | "async" | "command";

/**
 * Kinds that name no resource a call opens: an effect of a certain kind further down (an HTTP
 * request after a Redis read) says more about the work than these.
 */
export function isWeakKind(kind: IoKind): boolean {
  return kind === "async" || kind === "command";
}

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
  dns: "sends one DNS query",
  database: "runs one database query",
  file: "does one file-system operation",
  process: "starts one child process",
  worker: "starts one worker thread",
  async: "starts one asynchronous call that may do I/O",
  command: "sends one command over an already-open connection",
};

/** Describes a chain for a message: ` via load() → db.query()`. */
export function viaText(e: IoEffect): string {
  if (!e.chain || !e.chain.length) return `\`${e.label}\``;
  const last = e.chain[e.chain.length - 1]!;
  return `\`${e.label}\` → ${e.chain.length > 1 ? "… → " : ""}\`${last.label}\``;
}

// Which row an event goes to and its colour class. Classes are ordered by severity inside a
// category, so a pixel column that bins many events shows the most severe one.

import type { CounterUnit, SpanCategory } from "../../protocol/src/timeline-snapshot";

// Snapshots carry both (protocol/src/timeline-snapshot.ts checks them where they arrive).
export type { CounterUnit, SpanCategory } from "../../protocol/src/timeline-snapshot";

export interface RowKind {
  category: SpanCategory;
  key: string;
  label: string;
  maxLevels: number;
  order: number;
}

const rowKinds: Record<Exclude<SpanCategory, "other">, RowKind> = {
  loop: { category: "loop", key: "loop", label: "event loop", maxLevels: 2, order: 0 },
  gc: { category: "gc", key: "gc", label: "GC", maxLevels: 1, order: 1 },
  "http-server": { category: "http-server", key: "http-server", label: "HTTP server", maxLevels: 6, order: 2 },
  "http-client": { category: "http-client", key: "http-client", label: "HTTP client", maxLevels: 6, order: 3 },
  net: { category: "net", key: "net", label: "DNS / connect", maxLevels: 3, order: 4 },
  user: { category: "user", key: "user", label: "user timings", maxLevels: 4, order: 5 },
  // One level per worker or child alive at once (a pool of 16 workers is 16 levels), up to a bound.
  lifecycle: { category: "lifecycle", key: "lifecycle", label: "workers / children", maxLevels: 32, order: 6 },
  error: { category: "error", key: "error", label: "uncaught errors", maxLevels: 1, order: 8 },
  tracer: { category: "tracer", key: "tracer", label: "tracer notes", maxLevels: 1, order: 9 },
};

/** The row for a span/instant event of category `cat` (Chrome `cat`, possibly comma-separated). */
export function rowKindFor(cat: string | undefined, args: Record<string, unknown> | undefined): RowKind {
  switch (cat) {
    case "loopscope.block":
    case "loopscope.task":
      return rowKinds.loop;
    case "loopscope.gc":
      return rowKinds.gc;
    case "loopscope.http":
      return args?.side === "client" ? rowKinds["http-client"] : rowKinds["http-server"];
    case "loopscope.net":
      return rowKinds.net;
    case "loopscope.user":
      return rowKinds.user;
    case "loopscope.worker":
    case "loopscope.child":
      return rowKinds.lifecycle;
    case "loopscope.tracer":
      return rowKinds.tracer;
    case "loopscope.error":
      return rowKinds.error;
    default: {
      const name = cat && cat.length ? cat : "events";
      return { category: "other", key: `other:${name}`, label: name.length > 40 ? name.slice(0, 39) + "…" : name, maxLevels: 4, order: 7 };
    }
  }
}

/** Event-loop duration classes: 0-3 shorter than the threshold (by share of it), 4 at or past it, 5 at 4× or more. */
export const LOOP_CLASSES = 6;
export const BLOCK_CLASS = 4;
export function loopClass(durUs: number, thresholdUs: number, isBlock: boolean): number {
  let c: number;
  if (durUs >= 4 * thresholdUs) c = 5;
  else if (durUs >= thresholdUs) c = 4;
  else if (durUs >= thresholdUs * 0.5) c = 3;
  else if (durUs >= thresholdUs * 0.2) c = 2;
  else if (durUs >= thresholdUs * 0.05) c = 1;
  else c = 0;
  return isBlock && c < BLOCK_CLASS ? BLOCK_CLASS : c;
}

/** HTTP: 0 success, 1 client error (4xx), 2 server error (5xx) or failure. */
export const HTTP_ERROR_CLASS = 2;
export function httpClass(args: Record<string, unknown> | undefined): number {
  if (!args) return 0;
  if (typeof args.error === "string" && args.error) return 2;
  const status = typeof args.status === "number" ? args.status : 0;
  return status >= 500 ? 2 : status >= 400 ? 1 : 0;
}

/** Lifecycle: 0 worker, 1 child process, 2 failed (non-zero exit, signal or error). */
export const LIFECYCLE_FAILED_CLASS = 2;
export function lifecycleClass(cat: string | undefined, ph: string, args: Record<string, unknown> | undefined): number {
  const exitCode = args?.exitCode ?? args?.code;
  const failed =
    ph === "i" || ph === "I"
      ? true // worker `error` instants
      : (typeof exitCode === "number" && exitCode !== 0) ||
        (typeof args?.signal === "string" && args.signal !== "") ||
        (typeof args?.error === "string" && args.error !== "");
  if (failed) return 2;
  return cat === "loopscope.child" ? 1 : 0;
}

/** Categories without meaning in their colour get a stable palette slot per name. */
export const PALETTE_CLASSES = 6;
export function nameClass(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) | 0;
  return Math.abs(h) % PALETTE_CLASSES;
}

export function colourClassFor(
  kind: RowKind,
  cat: string | undefined,
  ph: string,
  name: string,
  durUs: number,
  thresholdUs: number,
  args: Record<string, unknown> | undefined,
): number {
  switch (kind.category) {
    case "loop":
      return loopClass(durUs, thresholdUs, cat === "loopscope.block");
    case "http-server":
    case "http-client":
      return httpClass(args);
    case "lifecycle":
      return lifecycleClass(cat, ph, args);
    case "gc":
    case "tracer":
    case "error":
      return 0;
    case "net":
      return typeof args?.error === "string" && args.error ? 1 : 0;
    default:
      return nameClass(name);
  }
}

/** Whether a span of `category` with colour class `c` counts as an error in range statistics. */
export function isErrorClass(category: SpanCategory, c: number): boolean {
  switch (category) {
    case "http-server":
    case "http-client":
      return c === HTTP_ERROR_CLASS;
    case "lifecycle":
      return c === LIFECYCLE_FAILED_CLASS;
    case "net":
      return c === 1;
    default:
      return false;
  }
}

/** Counter tracks in a useful order: loop delay, utilisation, heap, handles, then the rest by name. */
export function counterOrder(name: string): number {
  const n = name.toLowerCase();
  if (n.includes("delay") || n.includes("lag")) return 0;
  if (n.includes("util")) return 1;
  if (n.includes("heap") || n.includes("memory") || n.includes("rss")) return 2;
  if (n.includes("handle") || n.includes("request") || n.includes("active")) return 3;
  if (n.includes("message")) return 4;
  return 5;
}

/** How to print a counter's values: from a unit in its name ("memory (MB)", "… (%)"), else guessed from names and range. */
export function counterUnit(name: string, series: string[], max: number): CounterUnit {
  const unit = /\((ms|µs|us|%|MB|KB|MiB|KiB|bytes|B)\)/.exec(name)?.[1];
  switch (unit) {
    case "ms":
      return "ms";
    case "µs":
    case "us":
      return "us";
    case "%":
      return "percent";
    case "MB":
    case "MiB":
      return "MB";
    case "KB":
    case "KiB":
      return "KB";
    case "bytes":
    case "B":
      return "bytes";
  }
  const n = (name + " " + series.join(" ")).toLowerCase();
  if (n.includes("bytes") || n.includes("heap") || n.includes("rss") || n.includes("memory")) return max > 1e5 ? "bytes" : "MB";
  if (n.includes("util")) return max <= 1.0001 ? "ratio" : "percent";
  if (n.includes("delay") || n.includes("lag")) return "ms";
  return "count";
}

// performance.mark / performance.measure from the user's code, and DNS lookups and TCP connects
// that Node reports as 'dns' and 'net' performance entries (where this Node version has them).

import { PerformanceObserver, type PerformanceEntry, type EntryType } from "node:perf_hooks";
import type { TracerContext } from "../context";
import { perfMsToUs } from "../clock";
import { guard } from "../safe";
import { keep } from "./keep";

// Observer callbacks are queued, so entries made just before exit would never be delivered:
// the exit hook takes them synchronously with takeRecords().
function observe(ctx: TracerContext, types: string[], onEntry: (entry: PerformanceEntry & { detail?: unknown }) => void): void {
  const supported: readonly string[] = (PerformanceObserver as unknown as { supportedEntryTypes?: string[] }).supportedEntryTypes ?? [];
  const wanted = types.filter(t => supported.includes(t)) as EntryType[];
  if (!wanted.length) return;
  const observer = new PerformanceObserver(
    guard(list => {
      for (const entry of list.getEntries()) onEntry(entry as PerformanceEntry & { detail?: unknown });
    }),
  );
  observer.observe({ entryTypes: wanted });
  keep(observer);
  ctx.onExit(() => {
    for (const entry of observer.takeRecords()) onEntry(entry as PerformanceEntry & { detail?: unknown });
  });
}

export function startUserTiming(ctx: TracerContext): void {
  observe(ctx, ["mark", "measure"], entry => {
    if (entry.entryType === "mark") ctx.send({ t: "mark", ts: perfMsToUs(entry.startTime), name: String(entry.name) });
    else ctx.send({ t: "measure", ts: perfMsToUs(entry.startTime), dur: entry.duration * 1e3, name: String(entry.name) });
  });
}

export function startNetTiming(ctx: TracerContext): void {
  observe(ctx, ["dns", "net"], entry => {
    const detail = (entry.detail ?? {}) as { hostname?: string; host?: string; port?: number };
    const ts = perfMsToUs(entry.startTime);
    const dur = entry.duration * 1e3;
    if (entry.entryType === "dns") ctx.send({ t: "net", op: "dns", ts, dur, host: String(detail.hostname ?? entry.name) });
    // Connects to unix sockets (the tracer's own included) have no host: not network time.
    else if (detail.host)
      ctx.send({ t: "net", op: "connect", ts, dur, host: String(detail.host), ...(typeof detail.port === "number" ? { port: detail.port } : {}) });
  });
}

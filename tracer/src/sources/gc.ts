// Garbage-collection pauses from PerformanceObserver('gc'); entries exist only while observed.

import { PerformanceObserver, constants, type PerformanceEntry } from "node:perf_hooks";
import type { TracerContext } from "../context";
import { perfMsToUs } from "../clock";
import { guard } from "../safe";
import { keep } from "./keep";

const kinds: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: "minor",
  [constants.NODE_PERFORMANCE_GC_MAJOR]: "major",
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: "incremental",
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: "weakcb",
};

export function startGc(ctx: TracerContext): void {
  const record = (entries: PerformanceEntry[]) => {
    for (const entry of entries) {
      const detail = entry as unknown as { detail?: { kind?: number }; kind?: number };
      const kind = detail.detail?.kind ?? detail.kind ?? 0;
      ctx.send({ t: "gc", ts: perfMsToUs(entry.startTime), dur: entry.duration * 1e3, kind: kinds[kind] ?? "other" });
    }
  };
  const observer = new PerformanceObserver(guard(list => record(list.getEntries())));
  observer.observe({ entryTypes: ["gc"] });
  keep(observer);
  // Entries still queued at exit (observer callbacks are asynchronous).
  ctx.onExit(() => record(observer.takeRecords()));
}

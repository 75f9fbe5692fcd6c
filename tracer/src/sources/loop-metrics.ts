// Per-interval event-loop metrics of this thread: delay percentiles (monitorEventLoopDelay, a
// C++ timer, no JS per sample), utilisation (eventLoopUtilization deltas), heap, active resources.

import { monitorEventLoopDelay, performance as perf } from "node:perf_hooks";
import * as v8 from "node:v8";
import type { TracerContext } from "../context";
import { nowUs } from "../clock";
import { createRssReader } from "./rss";

export const METRICS_INTERVAL_MS = 500;
const RSS_EVERY = 4;
/** Resources the tracer itself holds in every thread: its interval and its socket. */
const OWN_RESOURCES = { handles: 2 };

const finite = (n: number) => (Number.isFinite(n) && n >= 0 && n < 1e15 ? n : 0);

export function startLoopMetrics(ctx: TracerContext, extraOwnHandles: number): void {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let prevElu = perf.eventLoopUtilization();
  const getResources = (process as unknown as { getActiveResourcesInfo?: () => string[] }).getActiveResourcesInfo;

  const readRss = ctx.isMainThread ? createRssReader() : () => undefined;
  let tick = 0;
  let lastRss: number | undefined;
  ctx.every(METRICS_INTERVAL_MS, () => {
    const elu = perf.eventLoopUtilization();
    const delta = perf.eventLoopUtilization(elu, prevElu);
    prevElu = elu;
    const heap = v8.getHeapStatistics();
    let handles = 0;
    let requests = 0;
    if (getResources) {
      for (const name of getResources.call(process)) {
        // Requests are one-off operations (FSReqCallback, GetAddrInfoReqWrap, ...); the rest are handles and timers.
        if (name.includes("Req")) requests++;
        else handles++;
      }
      handles = Math.max(0, handles - OWN_RESOURCES.handles - extraOwnHandles);
    }
    ctx.send({
      t: "loop",
      ts: nowUs(),
      delayP50: finite(delay.percentile(50)) / 1e6,
      delayP99: finite(delay.percentile(99)) / 1e6,
      delayMax: finite(delay.max) / 1e6,
      elu: finite(delta.utilization),
      heapUsed: heap.used_heap_size,
      heapTotal: heap.total_heap_size,
      // rss reads /proc: measurably slow under load, so only every RSS_EVERY-th interval.
      ...((ctx.isMainThread && tick++ % RSS_EVERY === 0 ? (lastRss = readRss()) : lastRss) !== undefined ? { rss: lastRss } : {}),
      handles,
      requests,
    });
    delay.reset();
  });
}

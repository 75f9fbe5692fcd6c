// Per-interval event-loop metrics of this thread: delay percentiles (monitorEventLoopDelay, a
// C++ timer, no JS per sample), utilisation (eventLoopUtilization deltas), heap, active resources.

import { monitorEventLoopDelay, performance as perf } from "node:perf_hooks";
import * as v8 from "node:v8";
import type { TracerContext } from "../context";
import { nowUs } from "../clock";
import { createRssReader } from "./rss";
import { TICK_MS } from "./blocks";

export const METRICS_INTERVAL_MS = 500;
const RSS_EVERY = 4;

const finite = (n: number) => (Number.isFinite(n) && n >= 0 && n < 1e15 ? n : 0);

// getActiveResourcesInfo lists what keeps the loop alive; every handle of the tracer (its
// interval, its socket, the watchdog worker, the heartbeat channel) is unref'd, so nothing is
// subtracted: the counts are the program's own.
export function startLoopMetrics(ctx: TracerContext): void {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let prevElu = perf.eventLoopUtilization();
  const getResources = (process as unknown as { getActiveResourcesInfo?: () => string[] }).getActiveResourcesInfo;
  const readRss = ctx.isMainThread ? createRssReader() : () => undefined;
  let tick = 0;
  let lastRss: number | undefined;
  // Chrome counters are step functions: a value holds from its ts to the next one. So each
  // interval is stamped at its start. The first interval (from the tracer's start to the first
  // tick: module loading, ~0 delay samples) is not a real one, so it only starts the clock.
  let intervalStart: number | undefined;
  let lastTickMs = performance.now();
  // The loop's own lateness as this thread's ticks see it. A block ends in a timers phase where the
  // tracer's tick may run before the delay histogram's timer does (and the process may exit right
  // after), so the histogram alone can miss the block: the tick's lateness is a delay sample too.
  // (Only with block detection on: otherwise the thread ticks too rarely for this to mean anything.)
  let worstLateMs = 0;
  const lateBy = (nowMs: number) => (ctx.enabled("blocks") ? Math.max(0, nowMs - lastTickMs - TICK_MS) : 0);

  const report = () => {
    const nowMs = performance.now();
    const elu = perf.eventLoopUtilization();
    const delta = perf.eventLoopUtilization(elu, prevElu);
    prevElu = elu;
    const start = intervalStart;
    intervalStart = nowUs();
    if (start === undefined) {
      delay.reset();
      worstLateMs = 0;
      lastTickMs = nowMs;
      return;
    }
    // At exit the loop may not have turned since a block that runs into the exit.
    const pendingDelayMs = Math.max(worstLateMs, lateBy(nowMs));
    worstLateMs = 0;
    lastTickMs = nowMs;
    const heap = v8.getHeapStatistics();
    let handles = 0;
    let requests = 0;
    if (getResources) {
      for (const name of getResources.call(process)) {
        // Requests are one-off operations (FSReqCallback, GetAddrInfoReqWrap, ...); the rest are handles and timers.
        if (name.includes("Req")) requests++;
        else handles++;
      }
    }
    // rss reads /proc: measurably slow under load, so only every RSS_EVERY-th interval.
    const rss = ctx.isMainThread && tick++ % RSS_EVERY === 0 ? (lastRss = readRss()) : lastRss;
    ctx.send({
      t: "loop",
      ts: start,
      delayP50: finite(delay.percentile(50)) / 1e6,
      delayP99: Math.max(finite(delay.percentile(99)) / 1e6, pendingDelayMs),
      delayMax: Math.max(finite(delay.max) / 1e6, pendingDelayMs),
      elu: finite(delta.utilization),
      heapUsed: heap.used_heap_size,
      heapTotal: heap.total_heap_size,
      ...(rss !== undefined ? { rss } : {}),
      handles,
      requests,
    });
    delay.reset();
  };
  ctx.every(METRICS_INTERVAL_MS, report);
  ctx.every(TICK_MS, now => {
    worstLateMs = Math.max(worstLateMs, lateBy(now));
    lastTickMs = now;
  });
  // The last interval (often the one with the worst block) ends at exit, not at a tick.
  ctx.onExit(report);
}

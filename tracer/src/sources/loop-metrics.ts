// Per-interval event-loop metrics of this thread: delay percentiles (how late the tracer's own
// tick fired: the loop's delay), utilisation (the loop's busy time, as eventLoopUtilization has it), heap, active resources.
//
// The delay comes from the ticker rather than monitorEventLoopDelay: that is a second 10 ms timer
// measuring the same thing (and reporting the period itself, ~10 ms on an idle loop, as the
// delay), which kept waking an idle loop 100 times a second. An idle loop has no delay samples:
// it was waiting, not delayed, and its intervals read 0.

import * as v8 from "node:v8";
import type { TracerContext } from "../context";
import { perfMsToUs } from "../clock";
import { createRssReader } from "./rss";
import { LogHistogram } from "./histogram";

export const METRICS_INTERVAL_MS = 500;
const RSS_EVERY = 4;

const finite = (n: number) => (Number.isFinite(n) && n >= 0 && n < 1e15 ? n : 0);

// getActiveResourcesInfo lists what keeps the loop alive; every handle of the tracer (its
// interval, its socket, the watchdog worker, the heartbeat channel) is unref'd, so nothing is
// subtracted: the counts are the program's own.
export function startLoopMetrics(ctx: TracerContext): void {
  // µs; lateness only means something with block detection's 10 ms tick (otherwise it ticks every 200 ms).
  const delay = new LogHistogram();
  if (ctx.enabled("blocks")) ctx.ticker.onLateness(lateMs => delay.record(lateMs * 1e3));
  let prevActiveMs = ctx.ticker.activeMs();
  let prevAtMs = performance.now();
  const getResources = (process as unknown as { getActiveResourcesInfo?: () => string[] }).getActiveResourcesInfo;
  const readRss = ctx.isMainThread ? createRssReader() : () => undefined;
  let tick = 0;
  let lastRss: number | undefined;
  // Chrome counters are step functions: a value holds from its ts to the next one. So each
  // interval is stamped at its start. The first interval (from the tracer's start to the first
  // tick: module loading, ~0 delay samples) is not a real one, so it only starts the clock.
  let intervalStart: number | undefined;

  // `nowMs` and `activeMs`: the end of the interval, which the ticker may put in the past (where an
  // idle stretch began, see IdlePolicy) with the loop's busy time as it was then.
  const report = (nowMs = performance.now(), activeMs = ctx.ticker.activeMs(nowMs)) => {
    const utilization = nowMs > prevAtMs ? (activeMs - prevActiveMs) / (nowMs - prevAtMs) : 0;
    prevActiveMs = activeMs;
    prevAtMs = nowMs;
    const start = intervalStart;
    intervalStart = perfMsToUs(nowMs);
    if (start === undefined) {
      delay.reset();
      return;
    }
    // At exit the loop may not have turned since a block that runs into the exit.
    const pendingDelayMs = ctx.enabled("blocks") ? ctx.ticker.lateness(nowMs) : 0;
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
      delayP50: finite(delay.percentile(50)) / 1e3,
      delayP99: Math.max(finite(delay.percentile(99)) / 1e3, pendingDelayMs),
      delayMax: Math.max(finite(delay.max) / 1e3, pendingDelayMs),
      elu: Math.min(1, finite(utilization)),
      heapUsed: heap.used_heap_size,
      heapTotal: heap.total_heap_size,
      ...(rss !== undefined ? { rss } : {}),
      handles,
      requests,
    });
    delay.reset();
  };
  ctx.every(METRICS_INTERVAL_MS, report);
  // The last interval (often the one with the worst block) ends at exit, not at a tick.
  ctx.onExit(() => report());
}

// Event-loop blocks, measured from inside the thread: a heartbeat runs every TICK_MS; when the gap
// between two beats exceeds the threshold, the loop did not turn for that long. The block is
// reported as starting at the last beat seen (the last time the loop was known to turn), so its
// start and duration are exact to within one tick. A thread can't look at itself while it is
// blocked, so the stack comes from elsewhere: on the main thread the watchdog thread reads the
// heartbeat from shared memory and samples the stack while the block lasts (see watchdog.ts); the
// recorder joins samples to blocks by time.

import type { TracerContext } from "../context";
import { perfMsToUs, nowUs } from "../clock";

export const TICK_MS = 10;

/** Heartbeat cells shared with the watchdog: [0] last beat (µs), [1] 1 once the thread is exiting. */
export type Heartbeat = Float64Array;

export function startBlockDetection(ctx: TracerContext, heartbeat: Heartbeat | undefined): void {
  const thresholdMs = ctx.config.blockThresholdMs;
  let last = performance.now();
  let turned = false;
  if (heartbeat) heartbeat[0] = nowUs();

  const check = (now: number, inExit: boolean) => {
    const gap = now - last;
    if (gap > thresholdMs) {
      ctx.send({ t: "block", ts: perfMsToUs(last), dur: gap * 1e3, ...(inExit ? { inExit: true } : {}), ...(turned ? {} : { startup: true }) });
    }
    turned = true;
    last = now;
    if (heartbeat) heartbeat[0] = perfMsToUs(now);
  };
  ctx.every(TICK_MS, now => check(now, false));
  // A program that blocks right up to its exit never gets another tick: check once more here.
  ctx.onExit(() => {
    if (heartbeat) heartbeat[1] = 1;
    check(performance.now(), true);
  });
}

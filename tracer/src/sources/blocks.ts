// Event-loop blocks, measured from inside the thread: a heartbeat runs every TICK_MS while the loop
// is busy (none while it idles, see Ticker in context.ts); when the gap between two beats exceeds
// the threshold, the loop did not turn for that long. The block is
// reported as starting at the last beat seen (the last time the loop was known to turn), so its
// start and duration are exact to within one tick. A thread can't look at itself while it is
// blocked, so the stack comes from elsewhere: on the main thread the watchdog thread reads the
// heartbeat from shared memory and samples the stack while the block lasts (see watchdog.ts); the
// recorder joins samples to blocks by time.

import type { TracerContext } from "../context";
import { perfMsToUs, nowUs } from "../clock";
import { attempt } from "../safe";
import { beatTimesStamper } from "./thread-cpu";

export const TICK_MS = 10;

/**
 * Heartbeat cells shared with the watchdog (and the parent's pool tracks), see watchdog.ts
 * SHARED_BYTES: Float64 [0] last beat (µs), [1] 1 once the thread is exiting (the main thread's
 * times at its beat follow, see thread-cpu.ts BEAT_TIMES_OFFSET); Int32 at
 * IDLE_FLAG_OFFSET: 1 while the loop idles (the ticker stopped beating because nothing runs:
 * a still heartbeat then is no block), notified when it clears; Int32 at WAITING_FLAG_OFFSET
 * (workers): 1 while the thread sleeps in Atomics.wait, notified when it clears.
 */
export type Heartbeat = Float64Array;
export const IDLE_FLAG_OFFSET = 24;
export const WAITING_FLAG_OFFSET = 16;

export function idleFlag(heartbeat: Heartbeat): Int32Array {
  return new Int32Array(heartbeat.buffer, IDLE_FLAG_OFFSET, 1);
}

export function waitingFlag(heartbeat: Heartbeat): Int32Array {
  return new Int32Array(heartbeat.buffer, WAITING_FLAG_OFFSET, 1);
}

export function startBlockDetection(ctx: TracerContext, heartbeat: Heartbeat | undefined): void {
  const thresholdMs = ctx.config.blockThresholdMs;
  let last = performance.now();
  let turned = false;
  // Main thread: its CPU time and run-queue wait go with each beat (thread-cpu.ts BEAT_TIMES_OFFSET).
  const stamp = heartbeat && ctx.isMainThread ? beatTimesStamper(heartbeat.buffer) : undefined;
  stamp?.();
  if (heartbeat) heartbeat[0] = nowUs();
  const idle = heartbeat && heartbeat.buffer.byteLength >= IDLE_FLAG_OFFSET + 4 ? idleFlag(heartbeat) : undefined;

  const check = (now: number, inExit: boolean) => {
    const gap = now - last;
    if (gap > thresholdMs) {
      ctx.send({ t: "block", ts: perfMsToUs(last), dur: gap * 1e3, ...(inExit ? { inExit: true } : {}), ...(turned ? {} : { startup: true }) });
    }
    turned = true;
    last = now;
    stamp?.();
    if (heartbeat) heartbeat[0] = perfMsToUs(now);
  };
  ctx.every(TICK_MS, now => check(now, false), "busy");
  // While the loop idles the heartbeat stands still and says so; the program's next callback
  // restarts it from that callback's start, which is where a block in it would start.
  ctx.ticker.onIdle(() => {
    if (idle) Atomics.store(idle, 0, 1);
  });
  ctx.ticker.onWake(now => {
    turned = true;
    last = now;
    stamp?.();
    if (heartbeat) heartbeat[0] = perfMsToUs(now);
    if (idle) {
      Atomics.store(idle, 0, 0);
      Atomics.notify(idle, 0);
    }
  });
  if (heartbeat && !ctx.isMainThread && heartbeat.buffer.byteLength >= WAITING_FLAG_OFFSET + 4) {
    const flag = waitingFlag(heartbeat);
    // A pool worker that takes its tasks through Atomics.wait (piscina's default) never turns its
    // loop: each return from the wait starts a task as a loop turn would, and going back to wait
    // ends it. So the task is a block of its own when it lasted past the threshold, reported
    // (and flushed: no tick will) before the thread sleeps, at its exact start and length; while
    // the thread sleeps the flag tells the watchdog not to sample it, and tells the parent's pool
    // track that the worker is idle.
    wrapAtomicsWait(
      () => {
        check(performance.now(), false);
        ctx.transport.flush();
        Atomics.store(flag, 0, 1);
      },
      () => {
        const now = performance.now();
        turned = true;
        last = now;
        heartbeat[0] = perfMsToUs(now);
        Atomics.store(flag, 0, 0);
        Atomics.notify(flag, 0);
      },
    );
  }
  // A program that blocks right up to its exit never gets another tick: check once more here.
  // (Not after an idle stretch that no callback ended: nothing ran, so nothing blocked.)
  ctx.onExit(() => {
    if (heartbeat) heartbeat[1] = 1;
    if (!ctx.ticker.idle) check(performance.now(), true);
  });
}

/** Runs `before` and `after` around every Atomics.wait of this thread; the wrapper keeps the original's name, length and behaviour. */
function wrapAtomicsWait(before: () => void, after: () => void): void {
  const original = Atomics.wait;
  const wait = function (this: unknown, ...args: Parameters<typeof Atomics.wait>) {
    attempt(before, undefined);
    try {
      return original.apply(Atomics, args);
    } finally {
      attempt(after, undefined);
    }
  };
  Object.defineProperty(wait, "name", { value: original.name });
  Object.defineProperty(wait, "length", { value: original.length });
  Atomics.wait = wait as typeof Atomics.wait;
}

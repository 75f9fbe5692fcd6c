// Call sites of blocks: the main-thread side of the watchdog (the thread side is
// watchdog-thread.ts).
//
// A thread cannot run JavaScript while it is blocked, so the stack is taken from a second thread:
// a small "watchdog" worker (started by the tracer, unref'd, 16 MB heap cap) watches heartbeats in
// shared memory (the main thread's, and each worker's, announced on a BroadcastChannel). Once a
// heartbeat is older than the block threshold, it sends `Runtime.evaluate` to that thread over an
// inspector session connected to the main thread (`Session.connectToMainThread`; for workers
// through the NodeWorker domain). Node delivers inspector messages to a busy isolate through a
// V8 interrupt, so the expression runs *inside* the blocked task, on top of its stack, and
// returns that stack (function, file, line, column for every frame, callers' call-site lines
// included). It repeats while the block lasts (every 25 ms, then sparser: see watchdog-thread.ts). Samples go straight
// to the recorder, which attaches them to the block event the thread reports when its loop turns
// again (matched by time window).
//
// Cost: while loops turn, about one wake-up of the watchdog thread per 40 ms (none while they idle); during a block,
// each sample takes well under a millisecond of the blocked thread (request→answer 0.3-0.7 ms
// measured, an upper bound). Compared with keeping V8's sampling profiler running (which has to
// be stopped and restarted to read samples and only has line numbers for the innermost frame)
// this is cheaper and gives the callers' lines. A native call (e.g. pbkdf2Sync) is interrupted
// only when it returns to JavaScript: then the sample shows the JS frame right after it, same
// caller line. Not started when a debugger is attached (inspector.url() set): its pauses would
// look like blocks.

import * as inspector from "node:inspector";
import { threadId } from "node:worker_threads";
import type { TracerContext } from "../context";
import { attempt, guard, tracerStats } from "../safe";
import { OriginalWorker } from "./workers";
import { CAPTURE_KEY } from "../capture-hook";
import { BEAT_TIMES_BYTES } from "./thread-cpu";

export const WATCHDOG_KEY = "__loopscopeWatchdog";
/** Key (Symbol.for) of the global where a worker's tracer keeps its threadId for the watchdog. */
export const THREAD_ID_KEY = "loopscope.threadId";
/** Worker threads announce their heartbeat to the watchdog on this BroadcastChannel. */
export const HEARTBEAT_CHANNEL = "loopscope.heartbeats";

// Shared memory: Float64 [0] last heartbeat (µs), [1] 1 once the thread is exiting;
// Int32 at byte 16 (main thread only): 1 once the watchdog has disconnected its inspector session;
//   (workers: 1 while in Atomics.wait, blocks.ts WAITING_FLAG_OFFSET);
// Int32 at byte 20 (main thread only): 1 once the watchdog thread holds all its file descriptors;
// Int32 at byte 24: 1 while the thread's loop idles (blocks.ts IDLE_FLAG_OFFSET);
// Int32 at byte 28 (main thread only): the watchdog's doorbell (DOORBELL_OFFSET);
// bytes 32-55 (main thread only): its CPU time and run-queue wait at its last beat, and the fd
//   they are read from (thread-cpu.ts BEAT_TIMES_OFFSET).
export const SHARED_BYTES = BEAT_TIMES_BYTES;
/**
 * While only the main thread is watched and its loop turns, the watchdog sleeps between its checks
 * in Atomics.wait on this cell rather than in its event loop (see watchdog-thread.ts); the main
 * thread notifies it when the watchdog has messages to take from its loop at once: at exit (the
 * disconnect) and when the program starts a worker (its inspector attach and heartbeat announce).
 */
export const DOORBELL_OFFSET = 28;
let doorbell: Int32Array | undefined;

/** Wakes the watchdog from a synchronous sleep so that it turns its event loop now. */
export function ringWatchdog(): void {
  if (!doorbell) return;
  Atomics.store(doorbell, 0, 1);
  Atomics.notify(doorbell, 0);
}
// The disconnect takes 1-3 ms on a quiet machine; 100 ms was once not enough on a 2-core machine at
// load 10+ (the program's crash output then ended with Node's "Waiting for the debugger to
// disconnect..."). The wait ends as soon as the watchdog answers, so the margin costs nothing then.
const DISCONNECT_WAIT_MS = 500;
/**
 * A thread's event loop, wake-up eventfd and socket take the lowest free fds, and libuv aborts the
 * process when it later closes an fd ≤ 2 (`uv__close: Assertion 'fd > STDERR_FILENO'`). If the
 * program closed stdin, stdout or stderr while the watchdog thread was still starting, the
 * watchdog would get that number and abort the process at exit. libuv never closes fds ≤ 2 itself
 * (its streams leave them open), so only `fs.close`/`fs.closeSync` can: while the watchdog starts,
 * closing fd 0, 1 or 2 first waits until it holds its fds (at most this long; tens of ms, up to
 * ~1 s on a heavily loaded machine). Nothing waits otherwise.
 */
const READY_WAIT_MS = 1000;

/** Watchdog side: its event loop and socket are open; the main thread may go on. */
export function watchdogReady(sab: SharedArrayBuffer): void {
  const ready = new Int32Array(sab, 20, 1);
  Atomics.store(ready, 0, 1);
  Atomics.notify(ready, 0);
}

/** Main thread side: starts the watchdog and returns the heartbeat it watches, or undefined. */
export function startWatchdog(ctx: TracerContext): Float64Array | undefined {
  if (attempt(() => inspector.url() !== undefined, true)) return undefined;
  const sab = new SharedArrayBuffer(SHARED_BYTES);
  const worker = new OriginalWorker(__filename, {
    workerData: { [WATCHDOG_KEY]: { sab } },
    execArgv: [],
    stdout: true,
    stderr: true,
    resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 },
  });
  // Our own worker: its failure must never reach the program as an unhandled 'error'.
  worker.on("error", () => tracerStats.internalErrors++);
  worker.unref();
  const heartbeat = new Float64Array(sab, 0, 2);
  const disconnected = new Int32Array(sab, 16, 1);
  doorbell = new Int32Array(sab, DOORBELL_OFFSET, 1);
  waitBeforeClosingStdFds(new Int32Array(sab, 20, 1));
  // Node prints "Waiting for the debugger to disconnect..." when a process exits through
  // process.exit() or an uncaught exception while an inspector session is connected. So at exit
  // the watchdog is told to disconnect, and this thread waits (at most DISCONNECT_WAIT_MS, usually 1-3 ms
  // measured) in a JS loop: V8 services interrupts there, which is how the disconnect request
  // reaches this thread's inspector.
  ctx.onExit(() => {
    heartbeat[1] = 1;
    worker.postMessage("disconnect");
    ringWatchdog();
    const start = performance.now();
    const spin = () => 0;
    let n = 0;
    while (Atomics.load(disconnected, 0) === 0 && performance.now() - start < DISCONNECT_WAIT_MS) n += spin();
    for (let i = 0; i < 1000; i++) n += spin(); // one more interrupt check after the flag
  });
  return heartbeat;
}

/** See READY_WAIT_MS. The wrappers keep the originals' name and length. */
function waitBeforeClosingStdFds(ready: Int32Array): void {
  const fs = require("node:fs") as Record<"close" | "closeSync", (...args: unknown[]) => unknown>;
  for (const name of ["closeSync", "close"] as const) {
    const original = fs[name];
    if (typeof original !== "function") continue;
    const wrapped = function (this: unknown, ...args: unknown[]): unknown {
      const fd = args[0];
      if ((fd === 0 || fd === 1 || fd === 2) && Atomics.load(ready, 0) === 0) attempt(() => Atomics.wait(ready, 0, 0, READY_WAIT_MS), "timed-out");
      return original.apply(this, args);
    };
    Object.defineProperty(wrapped, "name", { value: original.name });
    Object.defineProperty(wrapped, "length", { value: original.length });
    fs[name] = wrapped;
  }
}

// Evaluated in the blocked thread: calls the capture hook the thread's tracer installed
// (capture-hook.ts), which returns `{ t, s: [[fn, file, line, col], ...] }` as JSON.
export const CAPTURE_EXPRESSION = `(() => { const capture = globalThis[Symbol.for(${JSON.stringify(CAPTURE_KEY)})]; return typeof capture === "function" ? capture() : undefined; })()`;

/**
 * Worker thread side: a heartbeat the watchdog can watch, announced on a BroadcastChannel (and
 * again whenever the watchdog asks, in case it started later). The channel is unref'd.
 */
export function workerHeartbeat(): Float64Array | undefined {
  if (typeof BroadcastChannel !== "function") return undefined;
  Object.defineProperty(globalThis, Symbol.for(THREAD_ID_KEY), { value: threadId, enumerable: false });
  const sab = new SharedArrayBuffer(SHARED_BYTES);
  const announce = { threadId, sab };
  const channel = new BroadcastChannel(HEARTBEAT_CHANNEL);
  channel.onmessage = guard((event: unknown) => {
    if ((event as { data?: unknown }).data === "who") channel.postMessage(announce);
  }) as (event: unknown) => void;
  (channel as unknown as { unref?: () => void }).unref?.();
  channel.postMessage(announce);
  return new Float64Array(sab, 0, 2);
}

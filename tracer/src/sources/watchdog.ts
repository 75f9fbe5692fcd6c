// Call sites of main-thread blocks.
//
// A thread cannot run JavaScript while it is blocked, so the stack is taken from a second thread:
// a small "watchdog" worker (started by the tracer, unref'd, 16 MB heap cap) watches the main
// thread's heartbeat in shared memory. Once the heartbeat is older than the block
// threshold, it sends `Runtime.evaluate` over an inspector session connected to the main thread
// (`Session.connectToMainThread`). Node delivers inspector messages to a busy isolate through a V8
// interrupt, so the expression runs *inside* the blocked task, on top of its stack, and returns
// that stack (function, file, line, column for every frame, callers' call-site lines included).
// It repeats every SAMPLE_EVERY_MS while the block lasts (at most MAX_SAMPLES_PER_BLOCK). Samples
// go straight to the recorder, which attaches them to the block event the main thread reports
// when its loop turns again (matched by time window).
//
// Cost: while the loop turns, one wake-up of the watchdog thread per ~40 ms; ~0.3 ms of the main thread
// per sample during a block. Compared with keeping V8's sampling profiler running (which has to be
// stopped and restarted to read samples and only has line numbers for the innermost frame) this
// is cheaper and gives the caller's line. A native call (e.g. pbkdf2Sync) is interrupted only when
// it returns to JavaScript: then the sample shows the JS frame right after it, same caller line.
// Not started when a debugger is attached (inspector.url() set): its pauses would look like blocks.

import * as inspector from "node:inspector";
import { parentPort } from "node:worker_threads";
import type { TracerContext } from "../context";
import type { WireFrame } from "../../../protocol/src/tracer-wire";
import { nowUs } from "../clock";
import { guard, attempt, tracerStats } from "../safe";
import { OriginalWorker } from "./workers";
import { TICK_MS } from "./blocks";

export const WATCHDOG_KEY = "__loopscopeWatchdog";
const MAX_SAMPLES_PER_BLOCK = 40;
const SAMPLE_EVERY_MS = 25;

// Shared memory: Float64 [0] last heartbeat (µs), [1] 1 once the main thread is exiting;
// Int32 at byte 16: 1 once the watchdog has disconnected its inspector session.
const SHARED_BYTES = 24;
const DISCONNECT_WAIT_MS = 100;

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
  // Node prints "Waiting for the debugger to disconnect..." when a process exits through
  // process.exit() or an uncaught exception while an inspector session is connected. So at exit
  // the watchdog is told to disconnect, and this thread waits (at most DISCONNECT_WAIT_MS, ~1-3 ms
  // measured) in a JS loop: V8 services interrupts there, which is how the disconnect request
  // reaches this thread's inspector.
  ctx.onExit(() => {
    heartbeat[1] = 1;
    worker.postMessage("disconnect");
    const start = performance.now();
    const spin = () => 0;
    let n = 0;
    while (Atomics.load(disconnected, 0) === 0 && performance.now() - start < DISCONNECT_WAIT_MS) n += spin();
    for (let i = 0; i < 1000; i++) n += spin(); // one more interrupt check after the flag
  });
  return heartbeat;
}

// Runs in the main thread when the watchdog asks. Self-contained: it sees nothing of the tracer.
const CAPTURE_EXPRESSION = `(() => {
  const limit = Error.stackTraceLimit, prepare = Error.prepareStackTrace;
  try {
    Error.stackTraceLimit = 64;
    Error.prepareStackTrace = (_e, sites) => sites.map(s => [s.getFunctionName() || "", s.getFileName() || "", s.getLineNumber() || 0, s.getColumnNumber() || 0]);
    const h = process.hrtime();
    return JSON.stringify({ t: h[0] * 1e6 + h[1] / 1e3, s: new Error().stack });
  } finally { Error.stackTraceLimit = limit; Error.prepareStackTrace = prepare; }
})()`;

/** Watchdog thread side. */
export function runWatchdog(ctx: TracerContext, sab: SharedArrayBuffer): void {
  const heartbeat = new Float64Array(sab, 0, 2);
  const disconnected = new Int32Array(sab, 16, 1);
  const session = new inspector.Session();
  session.connectToMainThread();
  parentPort?.once("message", guard(() => {
    heartbeat[1] = 1;
    session.disconnect();
    Atomics.store(disconnected, 0, 1);
  }));
  const thresholdUs = ctx.config.blockThresholdMs * 1e3;
  let beatSeen = 0;
  let samples = 0;
  let nextSampleAt = 0;
  let inFlight = false;

  const onResult = guard((sentAt: number, err: Error | null, result: { result?: { value?: unknown } } | undefined) => {
    inFlight = false;
    if (err || typeof result?.result?.value !== "string") return;
    const parsed = JSON.parse(result.result.value) as { t: number; s: unknown };
    const receivedAt = nowUs();
    // The main thread's clock is the same monotonic clock; fall back if the program faked hrtime.
    const ts = parsed.t >= sentAt - 1e3 && parsed.t <= receivedAt + 1e3 ? parsed.t : receivedAt;
    const stack: WireFrame[] = [];
    for (const f of Array.isArray(parsed.s) ? parsed.s : []) {
      // Frames without a file are this expression's own; the tracer's frames (e.g. its Worker
      // subclass) are not the program's.
      if (!Array.isArray(f) || !f[1] || f[1] === __filename) continue;
      stack.push({ fn: String(f[0]), file: String(f[1]), line: Number(f[2]) || 0, col: Number(f[3]) || 0 });
    }
    if (!stack.length) return;
    ctx.send({ t: "sample", ts, forTid: 0, stack, roundTrip: receivedAt - sentAt });
    ctx.transport.flush(); // now: this thread may be terminated without an exit hook
  });

  // Sleep until the earliest moment the main thread could count as blocked (its last beat plus
  // the threshold) instead of polling: while the loop turns that is one wake-up per
  // (threshold − tick) ≈ 40 ms, and a block is noticed right when it crosses the threshold.
  // (Each wake-up of an idle thread costs ~70 µs of CPU on a small VM, so this matters.)
  const poll = guard(() => {
    const beat = heartbeat[0]!;
    if (!beat || heartbeat[1]) return schedule(TICK_MS);
    if (beat !== beatSeen) {
      beatSeen = beat;
      samples = 0;
      nextSampleAt = beat + thresholdUs;
    }
    const now = nowUs();
    if (inFlight || samples >= MAX_SAMPLES_PER_BLOCK) return schedule(TICK_MS);
    if (now < nextSampleAt) return schedule((nextSampleAt - now) / 1e3);
    inFlight = true;
    samples++;
    nextSampleAt = now + SAMPLE_EVERY_MS * 1e3;
    session.post("Runtime.evaluate", { expression: CAPTURE_EXPRESSION, returnByValue: true, silent: true }, (err, result) =>
      onResult(now, err, result as { result?: { value?: unknown } }));
    schedule(SAMPLE_EVERY_MS);
  });
  // Ref'd on purpose: this thread exists only to watch; the main thread unrefs the worker itself.
  const schedule = (ms: number) => { setTimeout(poll, Math.max(1, Math.min(ms, 1000))); };
  schedule(TICK_MS);
}

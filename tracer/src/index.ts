// The Loopscope tracer: loaded into the user's program with NODE_OPTIONS=--require <dist/tracer.cjs>,
// so it also runs in every worker thread and every Node child process that inherits the env.
// Without LOOPSCOPE_SOCKET and LOOPSCOPE_TOKEN it does nothing at all.
//
// Rules it lives by: never throw into the program (everything is guarded, errors counted), never
// write to stdout/stderr, never change exit codes or signal handling, never keep the process
// alive (all handles unref'd), keep going untouched if the recorder disappears.

import * as wt from "node:worker_threads";
import type { HelloMessage } from "../../protocol/src/tracer-wire";
import { WIRE_VERSION } from "../../protocol/src/tracer-wire";
import { readConfig, type TracerConfig } from "./config";
import { Ticker, type TracerContext } from "./context";
import { nowUs } from "./clock";
import { guard, tracerStats } from "./safe";
import { Transport, statsEvent, FLUSH_AT } from "./transport";
import { startLoopMetrics } from "./sources/loop-metrics";
import { startBlockDetection, TICK_MS } from "./sources/blocks";
import { startGc } from "./sources/gc";
import { startUserTiming, startNetTiming } from "./sources/user-timing";
import { startHttp } from "./sources/http";
import { contextMode, startRequestContext } from "./sources/request-context";
import { startWorkers } from "./sources/workers";
import { startChildren } from "./sources/children";
import { startUncaught } from "./sources/uncaught";
import { startWatchdog, watchdogReady, workerHeartbeat, WATCHDOG_KEY } from "./sources/watchdog";
import { runWatchdog } from "./sources/watchdog-thread";
import { installCaptureHook } from "./capture-hook";
import { startPools } from "./sources/pools";

const LOADED = Symbol.for("loopscope.tracer.loaded");
// Fewer, larger writes: each write also wakes the recorder (the live panel waits 400 ms anyway).
const FLUSH_EVERY_MS = 200;
const STATS_EVERY_MS = 1000;

function watchdogData(): { sab: SharedArrayBuffer } | undefined {
  if (wt.isMainThread) return undefined;
  const data = wt.workerData as Record<string, unknown> | null | undefined;
  const entry = data && typeof data === "object" ? (data as Record<string, unknown>)[WATCHDOG_KEY] : undefined;
  return entry && typeof entry === "object" && (entry as { sab?: unknown }).sab instanceof SharedArrayBuffer
    ? (entry as { sab: SharedArrayBuffer })
    : undefined;
}

function start(config: TracerConfig): void {
  const watchdog = watchdogData();
  const role: HelloMessage["role"] = watchdog ? "watchdog" : wt.isMainThread ? "main" : "worker";
  const hello: HelloMessage = {
    t: "hello",
    v: WIRE_VERSION,
    token: config.token,
    pid: process.pid,
    ppid: process.ppid,
    tid: wt.threadId,
    role,
    argv: process.argv.slice(0, 20),
    execPath: process.execPath,
    nodeVersion: process.version,
    ts: nowUs(),
    blockThresholdMs: config.blockThresholdMs,
  };
  const transport = new Transport(config.socketPath, hello);
  // The heartbeat needs a 10 ms tick while the loop is busy, none while it idles (see Ticker); a
  // thread without block detection only flushes, so it ticks slower. The watchdog sends its
  // samples at once and runs the periodic jobs (stats) whenever it wakes up anyway: it has no
  // timer of its own (every wake-up of an idle thread costs CPU).
  const fastTick = !watchdog && !config.disabled.has("blocks");
  const ticker = new Ticker(fastTick ? TICK_MS : watchdog ? STATS_EVERY_MS : FLUSH_EVERY_MS, !watchdog);
  const exitHooks: Array<() => void> = [];
  const ctx: TracerContext = {
    config,
    isMainThread: wt.isMainThread,
    threadId: wt.threadId,
    transport,
    send: event => transport.send(event),
    every: (ms, fn, idle) => ticker.every(ms, fn, idle),
    onExit: fn => exitHooks.push(guard(fn)),
    enabled: source => !config.disabled.has(source),
    ticker,
  };

  if (watchdog) {
    guard(() => runWatchdog(ctx, watchdog.sab, () => ticker.runDue()))();
    watchdogReady(watchdog.sab); // after the socket and the loop's own fds exist: see watchdog.ts
  } else {
    let heartbeat: Float64Array | undefined;
    if (ctx.enabled("blocks")) {
      if (ctx.enabled("stacks")) {
        guard(installCaptureHook)();
        heartbeat = guardedValue(() => (wt.isMainThread ? startWatchdog(ctx) : workerHeartbeat()));
      }
      guard(() => startBlockDetection(ctx, heartbeat))();
    }
    if (ctx.enabled("loop")) guard(() => startLoopMetrics(ctx))();
    if (ctx.enabled("gc")) guard(() => startGc(ctx))();
    if (ctx.enabled("user")) guard(() => startUserTiming(ctx))();
    if (ctx.enabled("net")) guard(() => startNetTiming(ctx))();
    if (ctx.enabled("http")) {
      if (ctx.enabled("context")) guard(() => startRequestContext(contextMode(process.env, process.version, process.execArgv)))();
      guard(() => startHttp(ctx))();
    }
    if (ctx.enabled("workers")) guard(() => startWorkers(ctx))();
    if (ctx.enabled("children")) guard(() => startChildren(ctx))();
    if (ctx.enabled("pools")) guard(() => startPools(ctx))();
    if (ctx.enabled("errors")) guard(() => startUncaught(ctx))();
  }

  ticker.every(FLUSH_EVERY_MS, () => transport.flush());
  // Stats only when they changed: the recorder keeps the last ones, and an idle thread sends nothing.
  let statsSent = "";
  ticker.every(STATS_EVERY_MS, () => {
    const key = `${transport.dropped} ${tracerStats.internalErrors}`;
    if (key === statsSent) return;
    statsSent = key;
    transport.send(statsEvent(transport, false));
    transport.flush();
  });
  // A burst (e.g. many requests) is sent at the next tick instead of waiting for the flush period.
  if (fastTick)
    ticker.every(
      TICK_MS,
      () => {
        if (transport.queued >= FLUSH_AT) transport.flush();
      },
      "busy",
    );
  // The loop goes idle: what it queued goes out now rather than at the next idle wake-up.
  ticker.onIdle(() => transport.flush());
  if (!watchdog) ticker.start();

  process.on(
    "exit",
    guard(() => {
      for (const hook of exitHooks) hook();
      ticker.stop();
      transport.flushAtExit(statsEvent(transport, true));
    }),
  );
}

function guardedValue<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    tracerStats.internalErrors++;
    return undefined;
  }
}

try {
  const g = globalThis as Record<symbol, unknown>;
  if (!g[LOADED]) {
    g[LOADED] = true;
    const config = readConfig(process.env);
    if (config) start(config);
  }
} catch {
  // Nothing may escape into the program; without a transport there is nowhere to report this.
}

// What every capture source gets: the config, a way to send events, a periodic tick and an exit hook.
// One unref'd timer drives everything periodic in a thread (heartbeat, metrics, flushes), so the
// tracer adds one timer per thread and never keeps a process alive.

import type { WireEventInput } from "../../protocol/src/tracer-wire";
import type { TracerConfig } from "./config";
import type { Transport } from "./transport";
import { attempt, guard } from "./safe";

/**
 * What a periodic job does while the thread's loop idles (see Ticker):
 * - "busy": nothing; it runs only while the loop is busy (the block heartbeat: an idle loop cannot block);
 * - "interval": nothing either, but when the loop wakes after an idle stretch during which the job
 *   became due, it runs twice: as of the stretch's start (`nowMs` in the past: an interval counter
 *   closes its interval there) and as of now (closing the idle stretch as one interval of its
 *   own). A job that stamps intervals must take its times from `nowMs`, not the clock.
 */
export type IdlePolicy = "busy" | "interval";

export interface TracerContext {
  config: TracerConfig;
  isMainThread: boolean;
  threadId: number;
  transport: Transport;
  send(event: WireEventInput): void;
  /** Calls `fn` about every `periodMs` (rounded to the tick) while the loop is busy; see IdlePolicy (default "interval"). */
  every(periodMs: number, fn: (nowMs: number) => void, idle?: IdlePolicy): void;
  /** Called once, synchronously, when this thread exits normally (not when killed). */
  onExit(fn: () => void): void;
  enabled(source: string): boolean;
  /** The thread's ticker: idle/busy state, wake-ups, how late its timer is (see Ticker). */
  ticker: TickerView;
}

export interface TickerView {
  /** The loop went idle: the busy-only jobs stopped; no callback of the program has run since. */
  readonly idle: boolean;
  /** `fn(nowMs)` when the loop gets busy again, before the program's first callback runs. */
  onWake(fn: (nowMs: number) => void): void;
  /** `fn(nowMs)` when the loop goes idle (after the ticks that found it quiet). */
  onIdle(fn: (nowMs: number) => void): void;
  /** The loop does not count as idle while `fn()` is true (work in flight that a source samples). */
  keepBusyWhile(fn: () => boolean): void;
  /** The loop's busy time so far (ms; at an idle stretch's start, as it was then). */
  activeMs(atMs?: number): number;
  /** `fn(lateMs)` at every tick: how late the tracer's timer fired, i.e. the event loop's delay. */
  onLateness(fn: (lateMs: number) => void): void;
  /** How late the next tick already is at `nowMs` (a block running into the exit), ms. */
  lateness(nowMs: number): number;
}

interface Job {
  periodMs: number;
  next: number;
  idle: IdlePolicy;
  fn: (nowMs: number) => void;
}

/**
 * A tick that costs nothing while the program idles.
 *
 * Block detection needs a heartbeat every `tickMs` (10 ms) while the loop runs JavaScript, but a
 * loop that waits in epoll cannot block, and 100 wake-ups a second of an idle server, plus
 * monitorEventLoopDelay's own 10 ms timer, the watchdog's ~25 and the recorder reading each batch,
 * cost 1.7-2% of a core (tracer + recorder, measured on an idle HTTP server with /proc schedstat;
 * bench/tracer-overhead-frameworks.mjs measures it on fastify and express). Options looked at:
 * a longer period when idle cannot time a block that ends before the next tick (the timer fires
 * on time after a block that ended before it was due); the watchdog cannot read another thread's
 * loop idle time (eventLoopUtilization is per thread); sampling the thread's CPU time
 * (/proc/self/task/<tid>/schedstat) from the watchdog still wakes it every few tens of ms, and is
 * Linux-only. Chosen: the loop says itself when it gets busy. After IDLE_AFTER_MS (100 ms) of ticks that
 * found the loop quiet (under QUIET_ACTIVE_MS of work between ticks besides their own), the ticker
 * notes where the idle stretch began, stops its timer and arms an async hook whose only
 * callback is `before`: every callback the loop runs for the program (I/O, timers, immediates,
 * nextTicks, promise reactions) passes through it first. The first one disarms the hook, closes
 * the intervals the stretch spanned (IdlePolicy), calls the wake listeners (the heartbeat restarts there, so a block in
 * that callback is timed from its start) and restarts the timer. While the loop is busy the hook is
 * off (no per-callback cost under load); while it idles nothing of the tracer runs at all: no
 * timer, no watchdog wake-up, nothing sent. Not seen: JavaScript the loop runs outside a callback
 * scope (a native addon calling JS outside MakeCallback, FinalizationRegistry cleanups): a block
 * there that starts while the loop idles is not detected.
 */
export class Ticker implements TickerView {
  private readonly jobs: Job[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lastTickMs = 0;
  private prevActiveMs = 0;
  private quietTicks = 0;
  /** Where the current idle stretch began, and the loop's busy time then. */
  private idleSince = { ms: 0, activeMs: 0 };
  private state: "stopped" | "fast" | "idle" = "stopped";
  private hook: { enable(): unknown; disable(): unknown } | undefined;
  private readonly wakeListeners: Array<(nowMs: number) => void> = [];
  private readonly idleListeners: Array<(nowMs: number) => void> = [];
  private readonly latenessListeners: Array<(lateMs: number) => void> = [];
  private readonly busyWhile: Array<() => boolean> = [];

  /**
   * @param tickMs the period
   * @param canIdle go idle between callbacks (threads with block detection); without it the
   *   thread ticks at `tickMs` always
   */
  constructor(
    private readonly tickMs: number,
    private readonly canIdle: boolean,
  ) {}

  get idle(): boolean {
    return this.state === "idle";
  }

  every(periodMs: number, fn: (nowMs: number) => void, idle: IdlePolicy = "interval"): void {
    this.jobs.push({ periodMs, next: 0, idle, fn: guard(fn) });
  }

  onWake(fn: (nowMs: number) => void): void {
    this.wakeListeners.push(guard(fn));
  }

  onIdle(fn: (nowMs: number) => void): void {
    this.idleListeners.push(guard(fn));
  }

  keepBusyWhile(fn: () => boolean): void {
    this.busyWhile.push(() => attempt(fn, false));
  }

  onLateness(fn: (lateMs: number) => void): void {
    this.latenessListeners.push(guard(fn));
  }

  activeMs(atMs?: number): number {
    return atMs !== undefined && this.state === "idle" && atMs === this.idleSince.ms ? this.idleSince.activeMs : loopActiveMs();
  }

  lateness(nowMs: number): number {
    // An idle loop is waiting, not late.
    return this.state === "fast" ? Math.max(0, nowMs - this.lastTickMs - this.tickMs) : 0;
  }

  start(): void {
    if (this.canIdle) this.hook = createWakeHook(guard(() => this.wake()));
    this.startFast(performance.now());
  }

  stop(): void {
    this.state = "stopped";
    if (this.timer) clearInterval(this.timer);
    this.hook?.disable();
  }

  /** Runs the jobs that are due (for a thread that drives its own wake-ups instead of start()). */
  runDue(): void {
    this.runJobs(performance.now(), false);
  }

  private startFast(nowMs: number): void {
    this.state = "fast";
    this.lastTickMs = nowMs;
    this.prevActiveMs = loopActiveMs();
    this.quietTicks = 0;
    this.timer = setInterval(
      guard(() => this.tick()),
      this.tickMs,
    );
    this.timer.unref();
  }

  private tick(): void {
    if (this.state !== "fast") return;
    const now = performance.now();
    const late = Math.max(0, now - this.lastTickMs - this.tickMs);
    for (const fn of this.latenessListeners) fn(late);
    this.lastTickMs = now;
    this.runJobs(now, false);
    if (!this.hook) return;
    // The loop's work since the previous tick, less this tick's own (which a loaded machine may
    // stretch by descheduling the thread in the middle of it): what else ran.
    const end = performance.now();
    const active = loopActiveMs(end);
    const quiet = active - this.prevActiveMs - (end - now) < QUIET_ACTIVE_MS && !this.busyWhile.some(busy => busy());
    this.prevActiveMs = active;
    this.quietTicks = quiet ? this.quietTicks + 1 : 0;
    if (this.quietTicks * this.tickMs >= IDLE_AFTER_MS) this.goIdle(now);
  }

  private goIdle(nowMs: number): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.idleSince = { ms: nowMs, activeMs: loopActiveMs(nowMs) };
    this.state = "idle";
    for (const fn of this.idleListeners) fn(nowMs);
    this.hook!.enable();
  }

  /** The program's first callback after an idle stretch is about to run. */
  private wake(): void {
    if (this.state !== "idle") return;
    this.hook!.disable();
    const now = performance.now();
    // A report fell due during the stretch: its interval ends where the stretch began, and the
    // stretch is an interval of its own. Otherwise the stretch is idle time in the running interval.
    if (this.jobs.some(job => job.idle === "interval" && job.next <= now)) {
      this.runJobs(this.idleSince.ms, true);
      this.runJobs(now, true);
    }
    for (const fn of this.wakeListeners) fn(now);
    this.startFast(now);
  }

  /** `all`: every interval job now (at an idle transition), whether due or not, and each starts a fresh period. */
  private runJobs(nowMs: number, all: boolean): void {
    for (const job of this.jobs) {
      if (all ? job.idle === "busy" : nowMs < job.next) continue;
      job.next = nowMs + job.periodMs - this.tickMs / 2;
      job.fn(nowMs);
    }
  }
}

/** A tick interval in which the loop ran less than this (besides the tick itself) was quiet. */
const QUIET_ACTIVE_MS = 0.5;
/**
 * Quiet ticks for this long: the loop is idle. Short, because every wake-up of an idle loop (a
 * timer of the program, a GC observed while idle) costs this much ticking afterwards. An idle
 * stretch adds reports only when one fell due during it (two: see IdlePolicy), so a loop woken
 * every 200 ms sends no more interval counters than a busy one.
 */
const IDLE_AFTER_MS = 100;

// The loop's idle time (what eventLoopUtilization is computed from) without the objects that
// eventLoopUtilization() allocates on every call: this is read at every tick.
const nodeTiming = (require("node:perf_hooks") as typeof import("node:perf_hooks")).performance.nodeTiming as { idleTime?: number };
function loopActiveMs(nowMs = performance.now()): number {
  return nowMs - (nodeTiming.idleTime ?? 0);
}

/**
 * An async hook with only `before`, armed while the loop idles: it calls `wake` before the
 * program's first callback. An exception thrown in an async hook ends the process: nothing may
 * escape (`wake` is guarded, and so is this).
 */
function createWakeHook(wake: () => void): { enable(): unknown; disable(): unknown } | undefined {
  try {
    const asyncHooks = require("node:async_hooks") as typeof import("node:async_hooks");
    return asyncHooks.createHook({
      before() {
        try {
          wake();
        } catch {
          // nothing may escape from an async hook
        }
      },
    });
  } catch {
    return undefined;
  }
}

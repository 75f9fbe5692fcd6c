// The watchdog thread (see watchdog.ts for why it exists). It watches heartbeats: the main
// thread's (shared at start) and every worker's (announced on a BroadcastChannel). When one is
// older than the block threshold it asks that thread for its stack:
//   main thread: Runtime.evaluate over a session from Session.connectToMainThread();
//   worker:      the same message wrapped in NodeWorker.sendMessageToWorker on that session
//                (NodeWorker.enable attaches the main thread's inspector to every worker,
//                waitForDebuggerOnStart: false, so workers start and exit as before).
// Each request is delivered to the busy thread by a V8 interrupt, runs on top of the blocked
// task's stack and returns it.
//
// It sleeps until the earliest moment any watched thread could count as blocked (its last beat
// plus the threshold) instead of polling: while loops turn, that is about one wake-up per
// (threshold − tick) ≈ 40 ms, and a block is noticed right when it crosses the threshold. A
// thread whose loop idles (it flags that in its heartbeat memory, see Ticker in context.ts) cannot
// block and is not watched: the watchdog waits on that flag (Atomics.waitAsync) and the thread's
// first callback after the idle stretch notifies it. So while every loop idles the watchdog
// sleeps without a timer. Each wake-up of an idle thread costs ~70 µs of CPU on a small VM, so
// this matters. While only the main thread is watched and its loop turns, the sleeps between
// checks are Atomics.wait on a doorbell cell instead of timers (a futex wake measured ~45 µs
// against ~100 µs through the event loop on the 2-core VM, 20-25 times a second): see poll.

import * as inspector from "node:inspector";
import { parentPort } from "node:worker_threads";
import type { TracerContext } from "../context";
import { isWireRequestContext, type WireFrame } from "../../../protocol/src/tracer-wire";
import { nowUs } from "../clock";
import { guard } from "../safe";
import { IDLE_FLAG_OFFSET, idleFlag, TICK_MS, WAITING_FLAG_OFFSET, waitingFlag } from "./blocks";
import { CAPTURE_EXPRESSION, DOORBELL_OFFSET, HEARTBEAT_CHANNEL, THREAD_ID_KEY } from "./watchdog";
import { beatTimesReader, mainThreadTimesReader, shareTimesFd, type ThreadTimes } from "./thread-cpu";

const SAMPLE_EVERY_MS = 25;
/**
 * A block is sampled for as long as it lasts, with a bounded budget: after every SAMPLES_PER_STEP
 * samples the period doubles (25 ms for the first 0.8 s, 50 ms for the next 1.6 s, ...), so a
 * block of T seconds costs about 32·log2(T/0.4) samples and the recorder weights each sample by
 * the time it stands for.
 */
const SAMPLES_PER_STEP = 32;
/**
 * A thread sleeping in Atomics.wait (a pool worker waiting for its next task) has a still
 * heartbeat too, but it is not busy. A worker's tracer flags its waits (blocks.ts), and a flagged
 * thread is not sampled at all; a wait the tracer did not see shows in the samples (`waiting`),
 * and while it lasts the period backs off to this (a busy phase after it is seen at most this late).
 */
const WAITING_SAMPLE_MAX_MS = 200;
/** At the main thread's exit, how long the disconnect waits for samples running in workers (see below). */
const EXIT_SAMPLE_WAIT_MS = 50;
const PROBE_TRIES = 40;
const PROBE_RETRY_MS = 25;
/** Never wake more often than this, however many threads are watched. */
const MIN_SLEEP_MS = TICK_MS;
/** Sleeping outside the event loop (see poll), it still turns the loop at least this often. */
const YIELD_EVERY_MS = 500;
/** After the main thread rings the doorbell, the sleeps go through the event loop for this long. */
const RUNG_LOOP_MS = 1000;
/**
 * A late main thread's CPU time is read twice this far apart before its first sample (see
 * starvedFor). Reading it costs 40-70 µs of this thread's CPU on the 2-core VM right after a
 * wake-up (against 2.5 µs back to back), so it is read only once a loop is late, never per wake-up.
 */
const CPU_WINDOW_MS = 2;

/** The main thread's CPU time (µs) read at `at` (µs). */
interface TimesReading {
  at: number;
  cpuUs: number;
}

interface Target {
  threadId: number;
  heartbeat: Float64Array;
  /** 1 while the thread's loop idles (absent: a thread that never says so). */
  idle: Int32Array | undefined;
  /** 1 while the worker sleeps in Atomics.wait (absent: the main thread, whose cell is another flag). */
  waitFlag: Int32Array | undefined;
  /** An Atomics.waitAsync on `idle` is pending. */
  awaitingWake: boolean;
  beatSeen: number;
  /** Samples taken at the current period. */
  samples: number;
  periodMs: number;
  /** The last sample found the thread in Atomics.wait. */
  waiting: boolean;
  /** A sample of the current stall was sent. */
  sampled: boolean;
  nextSampleAt: number;
  inFlight: boolean;
  /** Main thread, Linux: the first reading of its CPU time in this stall (its beat's, else taken once it was late). */
  base?: TimesReading;
  /** Main thread, Linux: its times when it wrote the beat `beatSeen` (see beatTimesStamper). */
  beatTimes?: ThreadTimes;
  /** The process's no-CPU µs (this thread's own lateness) counted when this stall's beat was first seen. */
  noCpuAtBeat: number;
  /** A check of this stall found its thread waiting for a CPU rather than blocked (not sampled): until when, and how long it got none. */
  starvedAt: number;
  starvedWaitUs: number;
}

interface EvalResult {
  result?: { value?: unknown };
}

/** `housekeeping`: this thread's periodic jobs (stats, flush), run at its own wake-ups. */
export function runWatchdog(ctx: TracerContext, sab: SharedArrayBuffer, housekeeping: () => void): void {
  const mainHeartbeat = new Float64Array(sab, 0, 2);
  const disconnected = new Int32Array(sab, 16, 1);
  const doorbell = sab.byteLength >= DOORBELL_OFFSET + 4 ? new Int32Array(sab, DOORBELL_OFFSET, 1) : undefined;
  const thresholdUs = ctx.config.blockThresholdMs * 1e3;
  const targets = new Map<number, Target>();
  const addTarget = (threadId: number, heartbeat: Float64Array) =>
    targets.set(threadId, {
      threadId,
      heartbeat,
      idle: heartbeat.buffer.byteLength >= IDLE_FLAG_OFFSET + 4 ? idleFlag(heartbeat) : undefined,
      waitFlag: threadId !== 0 && heartbeat.buffer.byteLength >= WAITING_FLAG_OFFSET + 4 ? waitingFlag(heartbeat) : undefined,
      awaitingWake: false,
      beatSeen: 0,
      samples: 0,
      periodMs: SAMPLE_EVERY_MS,
      waiting: false,
      sampled: false,
      nextSampleAt: 0,
      inFlight: false,
      noCpuAtBeat: 0,
      starvedAt: 0,
      starvedWaitUs: 0,
    });
  addTarget(0, mainHeartbeat);

  // Blocked or starved (main thread, Linux; see thread-cpu.ts): opened now, before this thread
  // says it holds its fds.
  const readMainTimes = mainThreadTimesReader();
  if (readMainTimes) shareTimesFd(sab, readMainTimes.schedstatFd);
  const mainBeatTimes = beatTimesReader(mainHeartbeat);
  /** µs during which this thread's timer found that no thread of the process ran. */
  let processNoCpuUs = 0;
  const readTimes = (at: number): TimesReading | undefined => {
    const cpuUs = readMainTimes?.cpuUs();
    return cpuUs !== undefined ? { at, cpuUs } : undefined;
  };
  const pause = new Int32Array(new SharedArrayBuffer(4));
  /** µs of [from, to] the main thread ran, at the rate it ran between the readings `ref` and `current`. */
  const cpuFor = (ref: TimesReading, current: TimesReading, from: number, to: number): number => {
    if (current.at <= ref.at || to <= from) return 0;
    return Math.min(to - from, (Math.max(0, current.cpuUs - ref.cpuUs) * (to - from)) / (current.at - ref.at));
  };
  /** Tells the recorder that this stall's lateness so far was the thread waiting for a CPU (see StarvedEvent). */
  const sendStarved = (target: Target, end: number, waited: number) => {
    if (!target.starvedAt) return;
    target.starvedAt = 0;
    if (end > target.beatSeen) ctx.send({ t: "starved", ts: target.beatSeen, dur: end - target.beatSeen, forTid: target.threadId, waited });
  };
  /**
   * A late main thread that got (almost) no CPU while it was runnable, or while the whole process
   * got none, is starved, not blocked: not sampled (a sample would land in whatever ordinary code
   * the thread runs when it gets the CPU, and cost it more of it). Its CPU time since the stall
   * began is the reading now less the one it stored with its last beat; without that one (not
   * Linux, or a beat the watchdog missed), it is read when the thread is first found late and
   * CPU_WINDOW_MS later (the rate it runs at stands for the whole stall), then at each look again
   * (the rate since the first reading). Returns ms until it could be blocked, or
   * undefined: blocked (it ran for half the time or for the threshold, or sleeps in a synchronous
   * call) or not known: sample it.
   */
  const starvedFor = (target: Target, now: number): number | undefined => {
    if (target.threadId !== 0 || target.sampled || !readMainTimes) return undefined;
    if (!target.base && target.beatTimes) target.base = { at: target.beatSeen, cpuUs: target.beatTimes.cpuUs };
    if (!target.base) {
      target.base = readTimes(now);
      if (!target.base) return undefined;
      Atomics.wait(pause, 0, 0, CPU_WINDOW_MS);
    }
    const current = readTimes(nowUs());
    if (!current) return undefined;
    now = current.at;
    const span = now - target.beatSeen;
    const cpu = cpuFor(target.base, current, target.beatSeen, now);
    const blocked = cpu >= span / 2 || cpu >= thresholdUs || (readMainTimes.runnable() !== true && processNoCpuUs - target.noCpuAtBeat < span / 2);
    if (blocked) {
      sendStarved(target, now, target.starvedWaitUs);
      return undefined;
    }
    target.starvedAt = now;
    target.starvedWaitUs = span - cpu;
    return Math.max(MIN_SLEEP_MS, Math.min(thresholdUs - cpu, span - 2 * cpu) / 1e3);
  };

  const session = new inspector.Session();
  session.connectToMainThread();

  // Workers: heartbeat announcements, and inspector sessions into them.
  const workerSessions = new Map<number, string>(); // threadId → NodeWorker sessionId
  const pending = new Map<number, (result: EvalResult | undefined) => void>();
  /** Samples sent to workers and not answered yet; at exit, called once there are none. */
  let workerSamplesInFlight = 0;
  let onWorkerSamplesDone: (() => void) | undefined;
  let nextMessageId = 1;
  /** NodeWorker sessions attached (workers of the main thread, this thread's own included). */
  const attached = new Set<string>();
  /** Attached sessions still being asked for their threadId (this thread's own never answers: it is given up after PROBE_TRIES). */
  const probing = new Set<string>();
  if (typeof BroadcastChannel === "function") {
    const channel = new BroadcastChannel(HEARTBEAT_CHANNEL);
    channel.onmessage = guard((event: unknown) => {
      const data = (event as { data?: { threadId?: unknown; sab?: unknown } }).data;
      if (data && typeof data.threadId === "number" && data.sab instanceof SharedArrayBuffer && !targets.has(data.threadId)) {
        addTarget(data.threadId, new Float64Array(data.sab, 0, 2));
        pollNow();
      }
    }) as (event: unknown) => void;
    channel.postMessage("who"); // workers that started before this thread announce themselves again
    // NodeWorker's workerId is not the threadId, so the worker is asked (its tracer keeps its
    // threadId under a global symbol, set once its preload has run: until then, ask again). The
    // question also sets up the worker's end of the session, which happens on its event loop
    // rather than by interrupt: better now, while the worker is most likely idle, than at its
    // first block.
    const probe = (sessionId: string, triesLeft: number) => {
      const id = nextMessageId++;
      pending.set(id, result => {
        const tid = result?.result?.value;
        if (typeof tid === "number") workerSessions.set(tid, sessionId);
        else if (triesLeft > 0 && attached.has(sessionId)) return void setTimeout(() => probe(sessionId, triesLeft - 1), PROBE_RETRY_MS).unref();
        probing.delete(sessionId);
      });
      const expression = `globalThis[Symbol.for(${JSON.stringify(THREAD_ID_KEY)})]`;
      session.post("NodeWorker.sendMessageToWorker", {
        sessionId,
        message: JSON.stringify({ id, method: "Runtime.evaluate", params: { expression, returnByValue: true, silent: true } }),
      });
    };
    session.on(
      "NodeWorker.attachedToWorker",
      guard((message: { params: { sessionId: string } }) => {
        attached.add(message.params.sessionId);
        probing.add(message.params.sessionId);
        probe(message.params.sessionId, PROBE_TRIES);
      }),
    );
    session.on(
      "NodeWorker.detachedFromWorker",
      guard((message: { params: { sessionId: string } }) => {
        attached.delete(message.params.sessionId);
        probing.delete(message.params.sessionId);
        for (const [tid, id] of workerSessions) {
          if (id === message.params.sessionId) {
            workerSessions.delete(tid);
            targets.delete(tid);
          }
        }
      }),
    );
    session.on(
      "NodeWorker.receivedMessageFromWorker",
      guard((message: { params: { message: string } }) => {
        // A worker terminated in the middle of a sample answers "illegal access" (V8's text for
        // the termination exception, see terminate-retry.ts), not JSON: no answer, not an error.
        const text = message.params.message;
        if (typeof text !== "string" || !text.startsWith("{")) return;
        const reply = JSON.parse(text) as { id?: number; result?: EvalResult };
        const done = reply.id !== undefined ? pending.get(reply.id) : undefined;
        if (done) {
          pending.delete(reply.id!);
          done(reply.result);
        }
      }),
    );
    session.post("NodeWorker.enable", { waitForDebuggerOnStart: false });
  }

  // At the main thread's exit: stop sampling, then disconnect (see startWatchdog). Node terminates
  // the workers right after the exit hooks and waits for each to stop; a termination that lands
  // in a sample is lost (terminate-retry.ts) and the process would wait forever. So the samples
  // still running in workers are let finish first (their answers, up to EXIT_SAMPLE_WAIT_MS: the
  // main thread waits at most DISCONNECT_WAIT_MS for the disconnect).
  parentPort?.once(
    "message",
    guard(() => {
      mainHeartbeat[1] = 1;
      const main = targets.get(0);
      if (main?.starvedAt) {
        sendStarved(main, main.starvedAt, main.starvedWaitUs);
        ctx.transport.flush();
      }
      let done = false;
      const finish = guard(() => {
        if (done) return;
        done = true;
        session.disconnect();
        Atomics.store(disconnected, 0, 1);
      });
      if (!workerSamplesInFlight) return finish();
      onWorkerSamplesDone = finish;
      setTimeout(finish, EXIT_SAMPLE_WAIT_MS);
    }),
  );

  const onResult = guard((target: Target, sentAt: number, result: EvalResult | undefined) => {
    target.inFlight = false;
    if (typeof result?.result?.value !== "string") return;
    const parsed = JSON.parse(result.result.value) as { t: number; s: unknown; w?: number; c?: unknown };
    const receivedAt = nowUs();
    // Every thread reads the same monotonic clock; fall back if the program faked hrtime.
    const ts = parsed.t >= sentAt - 1e3 && parsed.t <= receivedAt + 1e3 ? parsed.t : receivedAt;
    const stack: WireFrame[] = [];
    for (const f of Array.isArray(parsed.s) ? parsed.s : []) {
      // Frames without a file are the expression's own; the tracer's frames (e.g. its Worker
      // subclass) are not the program's.
      if (!Array.isArray(f) || !f[1] || f[1] === __filename) continue;
      stack.push({ fn: String(f[0]), file: String(f[1]), line: Number(f[2]) || 0, col: Number(f[3]) || 0 });
    }
    if (!stack.length) return;
    const waiting = parsed.w === 1;
    pace(target, waiting, sentAt);
    target.sampled = true;
    const context = isWireRequestContext(parsed.c) ? parsed.c : undefined;
    ctx.send({
      t: "sample",
      ts,
      forTid: target.threadId,
      stack,
      roundTrip: receivedAt - sentAt,
      since: target.beatSeen,
      ...(waiting ? { waiting } : {}),
      ...(context ? { ctx: context } : {}),
    });
    ctx.transport.flush(); // now: this thread may be terminated without an exit hook
  });

  const request = (target: Target, sentAt: number) => {
    const params = { expression: CAPTURE_EXPRESSION, returnByValue: true, silent: true };
    if (target.threadId === 0) {
      session.post("Runtime.evaluate", params, (err, result) => onResult(target, sentAt, err ? undefined : (result as EvalResult)));
      return;
    }
    const sessionId = workerSessions.get(target.threadId);
    if (!sessionId) {
      target.inFlight = false;
      return;
    }
    const id = nextMessageId++;
    workerSamplesInFlight++;
    pending.set(id, result => {
      workerSamplesInFlight--;
      onResult(target, sentAt, result);
      if (!workerSamplesInFlight) onWorkerSamplesDone?.();
    });
    session.post("NodeWorker.sendMessageToWorker", { sessionId, message: JSON.stringify({ id, method: "Runtime.evaluate", params }) });
  };

  /** The next sample's time: back off while the thread waits, start over when it gets busy again. */
  const pace = (target: Target, waiting: boolean, sentAt: number) => {
    if (waiting) {
      target.periodMs = target.waiting ? Math.min(WAITING_SAMPLE_MAX_MS, target.periodMs * 2) : SAMPLE_EVERY_MS;
      target.samples = 0;
    } else if (target.waiting) {
      target.periodMs = SAMPLE_EVERY_MS;
      target.samples = 0;
    } else if (++target.samples >= SAMPLES_PER_STEP) {
      target.periodMs *= 2;
      target.samples = 0;
    }
    target.waiting = waiting;
    target.nextSampleAt = sentAt + target.periodMs * 1e3;
  };

  /**
   * Wakes this thread when `target` wakes (its idle loop, or its Atomics.wait: `flag` clears);
   * returns ms until it needs looking at again: Infinity (it will notify), 0 (it woke meanwhile),
   * or without Atomics.waitAsync (Node < 16) as often as while it is busy.
   */
  const awaitWake = (target: Target, flag: Int32Array): number => {
    if (target.awaitingWake) return Infinity;
    const waitAsync = (Atomics as { waitAsync?: (a: Int32Array, i: number, v: number) => { async: boolean; value: unknown } }).waitAsync;
    if (!waitAsync) return thresholdUs / 1e3 - TICK_MS;
    const wait = waitAsync(flag, 0, 1);
    if (!wait.async) return 0;
    target.awaitingWake = true;
    (wait.value as Promise<unknown>).then(
      guard(() => {
        target.awaitingWake = false;
        pollNow();
      }),
    );
    return Infinity;
  };

  /** Samples `target` if it is blocked; returns ms until it needs looking at again. */
  const check = (target: Target, now: number): number => {
    // The flags first: a thread writes its new beat before it clears them.
    const idle = target.idle !== undefined && Atomics.load(target.idle, 0) === 1;
    const inWait = target.waitFlag !== undefined && Atomics.load(target.waitFlag, 0) === 1;
    const beat = target.heartbeat[0]!;
    if (!beat || target.heartbeat[1]) return target.heartbeat[1] && target.threadId !== 0 ? (targets.delete(target.threadId), Infinity) : TICK_MS;
    if (beat !== target.beatSeen) {
      // The loop turned after a sampled stall: the thread reports that block itself if it was
      // one (its own clock may put it just under the threshold, then it was none).
      if (target.sampled) ctx.send({ t: "turned", ts: now, forTid: target.threadId, since: target.beatSeen });
      const beatTimes = target.threadId === 0 ? mainBeatTimes?.(beat) : undefined;
      if (target.threadId === 0 && target.starvedAt) {
        // Both ends stamped: the run-queue wait between them, exactly (both read while the thread ran).
        const current = beatTimes && target.beatTimes ? undefined : readTimes(now);
        if (beatTimes && target.beatTimes) sendStarved(target, beat, Math.min(beat - target.beatSeen, Math.max(0, beatTimes.waitUs - target.beatTimes.waitUs)));
        else if (current && target.base) sendStarved(target, beat, beat - target.beatSeen - cpuFor(target.base, current, target.beatSeen, beat));
        else sendStarved(target, target.starvedAt, target.starvedWaitUs);
      }
      target.beatTimes = beatTimes;
      target.base = undefined;
      target.noCpuAtBeat = processNoCpuUs;
      target.starvedAt = 0;
      target.sampled = false;
      target.beatSeen = beat;
      target.samples = 0;
      target.periodMs = SAMPLE_EVERY_MS;
      target.waiting = false;
      target.nextSampleAt = beat + thresholdUs;
    }
    if (idle) return awaitWake(target, target.idle!);
    if (inWait) return awaitWake(target, target.waitFlag!);
    if (target.inFlight) return TICK_MS;
    if (now < target.nextSampleAt) return (target.nextSampleAt - now) / 1e3;
    const starved = starvedFor(target, now);
    if (starved !== undefined) {
      target.nextSampleAt = now + starved * 1e3;
      return starved;
    }
    target.inFlight = true;
    // Until the answer sets the real next time (a lost answer must not stop the sampling).
    target.nextSampleAt = now + target.periodMs * 1e3;
    request(target, now);
    return target.periodMs;
  };

  // This thread's own lateness tells whether the whole process got CPU: when its timer fires a
  // threshold or more late, no thread of the process ran (stopped, or starved by the machine or
  // its cgroup), so a block of the same time without samples is not the program's doing.
  // (Only while a timer was set: a thread woken by a notification was not late.)
  let wakeAt = 0;
  let timer: NodeJS.Timeout | undefined;
  /** Until then (performance.now ms) the sleeps go through the event loop: messages are expected. */
  let loopUntil = 0;
  /** When the current stretch of synchronous sleeps began (performance.now ms). */
  let syncSince = -1;
  /** Nothing this thread waits for arrives through its event loop: it may sleep outside it. */
  const mayWaitOutsideLoop = (): boolean => {
    if (!doorbell || mainHeartbeat[1] || targets.size !== 1 || probing.size || workerSessions.size || pending.size || workerSamplesInFlight) return false;
    for (const target of targets.values()) if (target.inFlight || target.awaitingWake) return false;
    return true;
  };
  const pollOnce = (): number => {
    const now = nowUs();
    if (wakeAt && now - wakeAt >= thresholdUs) {
      ctx.send({ t: "starved", ts: wakeAt, dur: now - wakeAt });
      processNoCpuUs += now - wakeAt;
    }
    wakeAt = 0;
    let sleep = Infinity;
    if (!mainHeartbeat[1]) {
      for (const target of [...targets.values()]) sleep = Math.min(sleep, check(target, now));
    }
    housekeeping();
    if (sleep === Infinity) ctx.transport.flush(); // nothing else will until a thread wakes
    return sleep;
  };
  const poll = guard(() => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    for (;;) {
      const sleep = pollOnce();
      const delay = Math.max(MIN_SLEEP_MS, Math.min(sleep, 1000));
      const nowMs = performance.now();
      if (syncSince < 0) syncSince = nowMs;
      // While only the main thread is watched and its loop turns, this thread wakes 20-25 times a
      // second just to see a fresh heartbeat: a wake-up through the event loop (timer, callback,
      // microtasks) cost 100-150 µs of CPU each on this 2-core machine, a futex wake a fraction of
      // that. So it sleeps in Atomics.wait, and turns its event loop at least every
      // YIELD_EVERY_MS (messages: BroadcastChannel announcements of workers the main thread did
      // not start itself), right away when the main thread rings (exit, a new worker), and
      // whenever it waits for anything that arrives through the loop (a sample's answer, an idle
      // thread's wake-up, workers' sessions).
      if (sleep === Infinity || nowMs < loopUntil || nowMs + delay - syncSince > YIELD_EVERY_MS || !mayWaitOutsideLoop()) {
        syncSince = -1;
        schedule(sleep);
        return;
      }
      wakeAt = nowUs() + delay * 1e3;
      // Rung before the wait began (the cell reads 1) or during it: turn the loop for a while.
      if (Atomics.wait(doorbell!, 0, 0, delay) !== "timed-out") {
        Atomics.store(doorbell!, 0, 0);
        loopUntil = performance.now() + RUNG_LOOP_MS;
      }
    }
  });
  // Ref'd on purpose: this thread exists only to watch; the main thread unrefs the worker itself.
  // Infinity: every watched loop idles and will notify (the parent port keeps this thread alive).
  const schedule = (ms: number) => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    wakeAt = 0;
    if (ms === Infinity) return;
    const delay = Math.max(MIN_SLEEP_MS, Math.min(ms, 1000));
    wakeAt = nowUs() + delay * 1e3;
    timer = setTimeout(poll, delay);
  };
  function pollNow(): void {
    poll();
  }
  schedule(TICK_MS);
}

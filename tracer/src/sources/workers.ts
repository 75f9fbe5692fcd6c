// Worker threads: lifecycle (created/online/exit/error) and messages posted each way.
//
// `worker_threads.Worker` is replaced by a subclass (same name, instances still `instanceof` the
// original) so the tracer sees the constructor's arguments and call site on every Node version
// (the 'worker_threads' diagnostics channel does not exist on Node 18 and carries no filename).
// 'online' and 'exit' are seen through listeners; 'error' is never listened to (a listener would
// stop an unhandled worker error from crashing the program): the worker's own tracer reports its
// uncaught exception instead (see uncaught.ts). The preload runs before any ESM import, so ESM's
// `import { Worker } from "node:worker_threads"` sees the subclass too.
// Bytes per message are the structured-clone size (v8.serialize) of the first SIZED_PER_INTERVAL
// messages of each interval and extrapolated for the rest, which bounds the cost on chatty pools.

import * as v8 from "node:v8";
import * as wt from "node:worker_threads";
import type { TracerContext } from "../context";
import { nowUs, perfMsToUs } from "../clock";
import { guard, attempt } from "../safe";
import { captureFrames, userSite } from "../stack";
import { METRICS_INTERVAL_MS } from "./loop-metrics";
import { watchWorker, workerPosted, workerTerminating } from "./pools";
import { keepTerminating } from "./terminate-retry";
import { ringWatchdog } from "./watchdog";

const SIZED_PER_INTERVAL = 100;

interface Counter {
  count: number;
  sized: number;
  sizedBytes: number;
}

function messageBytes(value: unknown): number {
  if (typeof value === "string") return value.length;
  if (value instanceof ArrayBuffer) return value.byteLength;
  if (ArrayBuffer.isView(value)) return value.byteLength;
  return attempt(() => v8.serialize(value).length, 0);
}

class MessageCounters {
  private readonly byPeer = new Map<number, Counter>();
  /** Counters are step functions: each interval is stamped at its start (see loop-metrics.ts). */
  private intervalStart = nowUs();

  count(peer: number, value: unknown): void {
    let c = this.byPeer.get(peer);
    if (!c) this.byPeer.set(peer, (c = { count: 0, sized: 0, sizedBytes: 0 }));
    c.count++;
    if (c.sized < SIZED_PER_INTERVAL) {
      c.sized++;
      c.sizedBytes += messageBytes(value);
    }
  }

  /** One event per peer that was active; a peer that went quiet gets one zero so counters drop back. */
  /** Closes the interval at `endUs` (the ticker's time: see IdlePolicy). */
  report(ctx: TracerContext, endUs = nowUs()): void {
    const ts = this.intervalStart;
    this.intervalStart = endUs;
    for (const [peer, c] of this.byPeer) {
      const bytes = c.sized ? Math.round((c.sizedBytes / c.sized) * c.count) : 0;
      ctx.send({ t: "wmsg", ts, peer, count: c.count, bytes });
      if (c.count === 0) this.byPeer.delete(peer);
      else Object.assign(c, { count: 0, sized: 0, sizedBytes: 0 });
    }
  }
}

/** The original Worker class, for the tracer's own watchdog. */
export const OriginalWorker = wt.Worker;

export function startWorkers(ctx: TracerContext): void {
  const counters = new MessageCounters();
  ctx.every(METRICS_INTERVAL_MS, nowMs => counters.report(ctx, perfMsToUs(nowMs)));
  ctx.onExit(() => counters.report(ctx));

  // Messages this worker posts to its parent.
  const port = wt.parentPort;
  if (port) {
    const post = port.postMessage;
    port.postMessage = function (this: unknown, ...args: unknown[]) {
      guard(() => counters.count(-1, args[0]))();
      return (post as (...a: unknown[]) => void).apply(this, args);
    } as typeof port.postMessage;
  }

  // threadId reads -1 once the worker has exited, so each worker's id is kept from its creation.
  const ids = new WeakMap<object, number>();
  class Worker extends OriginalWorker {
    constructor(...args: ConstructorParameters<typeof OriginalWorker>) {
      const ts = nowUs();
      super(...args);
      guard(() => {
        const [filename, options] = args;
        const file = options?.eval ? "[eval]" : String(filename instanceof URL ? filename.href : filename);
        const site = userSite(captureFrames(20, Worker));
        const id = this.threadId;
        ids.set(this, id);
        if (ctx.enabled("pools")) watchWorker(this, id, file);
        // The watchdog attaches to the new worker from its event loop (it may be sleeping outside it).
        if (ctx.isMainThread) ringWatchdog();
        ctx.send({ t: "worker", phase: "created", ts, worker: id, file, ...(site ? { site } : {}) });
        this.once(
          "online",
          guard(() => ctx.send({ t: "worker", phase: "online", ts: nowUs(), worker: id })),
        );
        this.once(
          "exit",
          guard((code: number) => ctx.send({ t: "worker", phase: "exit", ts: nowUs(), worker: id, code: Number(code) || 0 })),
        );
      })();
    }

    override postMessage(...args: Parameters<wt.Worker["postMessage"]>): void {
      guard(() => {
        const id = ids.get(this) ?? this.threadId;
        counters.count(id, args[0]);
        workerPosted(id);
      })();
      return super.postMessage(...args);
    }

    // See terminate-retry.ts: a terminate() that lands in one of the watchdog's samples is lost.
    override terminate(...args: Parameters<wt.Worker["terminate"]>): ReturnType<wt.Worker["terminate"]> {
      guard(() => workerTerminating(ids.get(this) ?? this.threadId))();
      const result = super.terminate(...args);
      guard(() => keepTerminating(this, () => OriginalWorker.prototype.terminate.call(this)))();
      return result;
    }
  }

  // Bundlers may rename the class; programs that print `constructor.name` must still see "Worker".
  Object.defineProperty(Worker, "name", { value: "Worker" });
  // The module object itself (not an ESM namespace, whose bindings are read-only).
  const moduleObject = require("node:worker_threads") as { Worker: typeof OriginalWorker };
  moduleObject.Worker = Worker;
}

// Pool and queue saturation (issue 13, 2.3): for each pool a thread uses, how much work was
// running and how much was waiting, sampled every SAMPLE_MS and sent per interval as the worst
// sample (`pool` events, drawn as counter tracks).
//
// - libuv's thread pool (fs, dns.lookup, crypto, zlib): fs and dns requests are listed by
//   process.getActiveResourcesInfo(); crypto jobs and zlib writes are not, so the async crypto
//   functions that run on the pool and zlib's `_transform` are wrapped to count them. The pool
//   has UV_THREADPOOL_SIZE threads (4): the first `size` pending operations run, the rest wait.
// - http.Agent: each agent seen on a client request (the `http.client.request.start` channel),
//   per host: sockets in use (active) and requests waiting for a socket (queued).
// - Worker pools: the workers this thread created, grouped by their file. A worker is busy when
//   its heartbeat (shared memory, see watchdog.ts) is stale and it is not sleeping in
//   Atomics.wait (which worker threads flag in the same memory); messages posted to a busy worker
//   and not yet answered, beyond the one it runs, wait in its port. A pool that keeps its own queue
//   in the main thread (piscina) shows its busy workers; that queue itself is not visible.

import * as wt from "node:worker_threads";
import type { TracerContext } from "../context";
import { nowUs, perfMsToUs } from "../clock";
import { attempt, guard } from "../safe";
import { subscribe } from "./channels";
import { IDLE_FLAG_OFFSET, idleFlag, TICK_MS, WAITING_FLAG_OFFSET } from "./blocks";
import { METRICS_INTERVAL_MS } from "./loop-metrics";
import { HEARTBEAT_CHANNEL } from "./watchdog";

const SAMPLE_MS = 50;
/** A heartbeat this old means the worker's loop is not turning: it is running a task. */
const BUSY_AFTER_US = 3 * TICK_MS * 1e3;
const MAX_AGENTS = 32;
const MAX_AGENT_HOSTS = 16;

type PoolKind = "libuv" | "agent" | "workers";
interface Pool {
  kind: PoolKind;
  name: string;
  size?: number;
  /** The largest size the interval's samples saw (a worker that exits mid-interval ran in it). */
  intervalSize?: number;
  active: number;
  queued: number;
  /** The last interval had work: the next quiet one is sent once, so the tracks drop to 0. */
  wasBusy: boolean;
}

const threadPool = { crypto: 0, zlib: 0 };

/** Runs `fn` with its last function argument wrapped to count one pending pool operation. */
function countCallback(counter: "crypto" | "zlib", original: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  return function (this: unknown, ...args: unknown[]) {
    const at = args.length - 1;
    const callback = args[at];
    if (typeof callback !== "function") return original.apply(this, args);
    let done = false;
    args[at] = function (this: unknown, ...results: unknown[]) {
      if (!done) {
        done = true;
        threadPool[counter]--;
      }
      return (callback as (...a: unknown[]) => unknown).apply(this, results);
    };
    threadPool[counter]++;
    try {
      return original.apply(this, args);
    } catch (error) {
      // Bad arguments throw before any work was queued: the program sees its own error unchanged.
      if (!done) {
        done = true;
        threadPool[counter]--;
      }
      throw error;
    }
  };
}

function wrapMethod(owner: Record<string, unknown>, name: string, counter: "crypto" | "zlib"): void {
  const original = owner[name];
  if (typeof original !== "function") return;
  const wrapped = countCallback(counter, original as (...args: unknown[]) => unknown);
  // Every own property, symbols included: util.promisify reads Node's own marks on some of these
  // (generateKeyPair resolves to { publicKey, privateKey } through one).
  for (const key of Reflect.ownKeys(original)) {
    if (key === "prototype") continue;
    const descriptor = Object.getOwnPropertyDescriptor(original, key);
    if (descriptor) Object.defineProperty(wrapped, key, descriptor);
  }
  owner[name] = wrapped;
}

/** crypto's asynchronous functions that run on libuv's pool, and zlib's streams (every async zlib call goes through `_transform`). */
function countThreadPoolWork(): void {
  const crypto = require("node:crypto") as Record<string, unknown>;
  for (const name of ["pbkdf2", "scrypt", "randomBytes", "randomFill", "generateKeyPair", "generatePrime", "checkPrime", "hkdf"])
    wrapMethod(crypto, name, "crypto");
  const zlib = require("node:zlib") as Record<string, { prototype?: object } | undefined>;
  const done = new Set<object>();
  for (const cls of ["Gzip", "BrotliCompress"]) {
    for (let proto = zlib[cls]?.prototype as object | null | undefined; proto; proto = Object.getPrototypeOf(proto)) {
      if (Object.hasOwn(proto, "_transform")) {
        if (!done.has(proto)) wrapMethod(proto as Record<string, unknown>, "_transform", "zlib");
        done.add(proto);
        break;
      }
    }
  }
  // ESM's `import { pbkdf2 } from "node:crypto"` reads the module's exports as they are now.
  attempt(() => (require("node:module") as { syncBuiltinESMExports?: () => void }).syncBuiltinESMExports?.(), undefined);
}

/** The size of libuv's pool: UV_THREADPOOL_SIZE as libuv reads it (1..1024), else 4. */
export function threadPoolSize(env: NodeJS.ProcessEnv): number {
  const n = Number.parseInt(env.UV_THREADPOOL_SIZE ?? "", 10);
  return Number.isFinite(n) && n > 0 ? Math.min(1024, n) : 4;
}

interface WatchedWorker {
  file: string;
  heartbeat?: Float64Array;
  waiting?: Int32Array;
  /** Set while the worker's loop idles (its heartbeat stands still then too). */
  idle?: Int32Array;
  /** This thread waits (Atomics.waitAsync) for the worker's loop to wake. */
  awaitingWake?: boolean;
  posted: number;
  answered: number;
}

const workers = new Map<number, WatchedWorker>();
let heartbeats: InstanceType<typeof BroadcastChannel> | undefined;

/** The Worker subclass (workers.ts) reports each worker this thread creates. */
export function watchWorker(worker: wt.Worker, threadId: number, file: string): void {
  const watched: WatchedWorker = { file, posted: 0, answered: 0 };
  workers.set(threadId, watched);
  worker.on(
    "message",
    guard(() => watched.answered++),
  );
  worker.once(
    "exit",
    guard(() => workers.delete(threadId)),
  );
  if (!heartbeats && typeof BroadcastChannel === "function") {
    heartbeats = new BroadcastChannel(HEARTBEAT_CHANNEL);
    heartbeats.onmessage = guard((event: unknown) => {
      const data = (event as { data?: { threadId?: unknown; sab?: unknown } }).data;
      if (!data || typeof data.threadId !== "number" || !(data.sab instanceof SharedArrayBuffer)) return;
      const w = workers.get(data.threadId);
      if (w && !w.heartbeat) {
        w.heartbeat = new Float64Array(data.sab, 0, 2);
        w.waiting = new Int32Array(data.sab, WAITING_FLAG_OFFSET, 1);
        if (data.sab.byteLength >= IDLE_FLAG_OFFSET + 4) w.idle = idleFlag(w.heartbeat);
      }
    }) as (event: unknown) => void;
    (heartbeats as unknown as { unref?: () => void }).unref?.();
    heartbeats.postMessage("who"); // workers that announced before this channel existed
  }
}

/**
 * The program called terminate() on one of its workers: its heartbeat says "exiting", so the
 * watchdog stops sampling it (a sample at that moment can swallow the termination: terminate-retry.ts).
 * Known only once the worker announced its heartbeat, and only with this source on.
 */
export function workerTerminating(threadId: number): void {
  const heartbeat = workers.get(threadId)?.heartbeat;
  if (heartbeat) heartbeat[1] = 1;
}

/** A message the program posted to one of its workers. */
export function workerPosted(threadId: number): void {
  const w = workers.get(threadId);
  if (w) w.posted++;
}

export function startPools(ctx: TracerContext): void {
  countThreadPoolWork();
  const size = threadPoolSize(process.env);
  const pools = new Map<string, Pool>();
  const pool = (kind: PoolKind, name: string): Pool => {
    const key = `${kind}\u0000${name}`;
    let p = pools.get(key);
    if (!p) pools.set(key, (p = { kind, name, active: 0, queued: 0, wasBusy: false }));
    return p;
  };
  // The last sample found work in a pool: the loop may wait for it, idle, but its pool is not,
  // so the thread keeps ticking (and sampling every SAMPLE_MS) until the work is done.
  let sawWork = false;
  ctx.ticker.keepBusyWhile(() => sawWork);
  // The workers' track is sampled here: while a worker's loop is not idle (it runs, or sleeps in
  // Atomics.wait inside a task callback, as piscina's do) this thread keeps ticking; while all idle,
  // this thread may idle too, and a worker's wake-up (it clears its idle flag and notifies, see
  // blocks.ts) wakes this thread: the waitAsync's promise reaction runs through the ticker's wake hook.
  const workerAwake = (w: WatchedWorker) => !!w.idle && Atomics.load(w.idle, 0) === 0;
  ctx.ticker.keepBusyWhile(() => {
    for (const w of workers.values()) if (workerAwake(w)) return true;
    return false;
  });
  const waitAsync = (Atomics as { waitAsync?: (a: Int32Array, i: number, v: number) => { async: boolean; value: unknown } }).waitAsync;
  ctx.ticker.onIdle(() => {
    for (const w of workers.values()) {
      if (!w.idle || !waitAsync || w.awaitingWake) continue;
      const wait = waitAsync(w.idle, 0, 1);
      if (!wait.async) {
        setImmediate(() => {}); // it woke in between: so does this thread (through the wake hook)
        continue;
      }
      w.awaitingWake = true;
      (wait.value as Promise<unknown>).then(
        guard(() => {
          w.awaitingWake = false;
        }),
      );
    }
  });
  const note = (p: Pool, active: number, queued: number, poolSize: number | undefined) => {
    if (active > 0 || queued > 0) sawWork = true;
    p.active = Math.max(p.active, active);
    p.queued = Math.max(p.queued, queued);
    if (poolSize !== undefined && Number.isFinite(poolSize)) {
      p.size = poolSize;
      p.intervalSize = Math.max(p.intervalSize ?? 0, poolSize);
    }
  };

  const agents: WeakRef<Record<string, unknown>>[] = [];
  const seen = new WeakSet<object>();
  subscribe("http.client.request.start", m => {
    const agent = (m as { request?: { agent?: unknown } }).request?.agent;
    if (!agent || typeof agent !== "object" || seen.has(agent) || agents.length >= MAX_AGENTS) return;
    seen.add(agent);
    agents.push(new WeakRef(agent as Record<string, unknown>));
  });

  const getResources = (process as unknown as { getActiveResourcesInfo?: () => string[] }).getActiveResourcesInfo;
  const sample = () => {
    sawWork = false;
    let pending = threadPool.crypto + threadPool.zlib;
    if (getResources)
      for (const name of getResources.call(process))
        if (name === "FSReqCallback" || name === "FSReqPromise" || name === "GetAddrInfoReqWrap" || name === "GetNameInfoReqWrap") pending++;
    note(pool("libuv", "thread pool"), Math.min(pending, size), Math.max(0, pending - size), size);

    let hosts = 0;
    agents.forEach((ref, index) => {
      const agent = ref.deref();
      if (!agent) return;
      const sockets = (agent.sockets ?? {}) as Record<string, unknown[] | undefined>;
      const requests = (agent.requests ?? {}) as Record<string, unknown[] | undefined>;
      for (const name of new Set([...Object.keys(sockets), ...Object.keys(requests)])) {
        if (hosts++ >= MAX_AGENT_HOSTS) return;
        const label = `${name.replace(/:+$/, "")}${index ? ` (agent ${index + 1})` : ""}`;
        note(pool("agent", label), sockets[name]?.length ?? 0, requests[name]?.length ?? 0, Number(agent.maxSockets));
      }
    });

    if (workers.size) {
      const now = nowUs();
      const byFile = new Map<string, { live: number; busy: number; waiting: number }>();
      for (const w of workers.values()) {
        const beat = w.heartbeat?.[0] ?? 0;
        const busy = beat > 0 && now - beat > BUSY_AFTER_US && Atomics.load(w.waiting!, 0) === 0 && !(w.idle && Atomics.load(w.idle, 0) === 1);
        const g = byFile.get(w.file) ?? { live: 0, busy: 0, waiting: 0 };
        g.live++;
        if (busy) g.busy++;
        // An idle loop takes its port's messages at once: only a busy worker has any waiting. (A
        // pool whose workers answer elsewhere, piscina's own ports, leaves posted ahead of answered.)
        if (busy) g.waiting += Math.max(0, w.posted - w.answered - 1);
        byFile.set(w.file, g);
      }
      for (const [file, g] of byFile) note(pool("workers", file), g.busy, g.waiting, g.live);
    }
  };

  let intervalStart = nowUs();
  const report = (nowMs?: number) => {
    const ts = intervalStart;
    intervalStart = nowMs === undefined ? nowUs() : perfMsToUs(nowMs);
    for (const [key, p] of pools) {
      const busy = p.active > 0 || p.queued > 0;
      if (busy || p.wasBusy) {
        const size = p.intervalSize ?? p.size;
        ctx.send({ t: "pool", ts, kind: p.kind, name: p.name, active: p.active, queued: p.queued, ...(size !== undefined ? { size } : {}) });
      }
      p.wasBusy = busy;
      p.active = p.queued = 0;
      p.intervalSize = undefined;
      if (!busy && p.kind !== "libuv") pools.delete(key);
    }
  };
  ctx.every(SAMPLE_MS, sample);
  ctx.every(METRICS_INTERVAL_MS, report);
  ctx.onExit(() => {
    sample();
    report();
  });
}

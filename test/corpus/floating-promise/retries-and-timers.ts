// Retries, backoff, timers and callbacks that run later.
import { setTimeout as sleep } from "node:timers/promises";
import { cache, db, logger, metrics } from "../_lib/web.js";

export async function withRetry<T>(op: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await op(); // expect: retry-without-backoff
    } catch (error) {
      if (i + 1 >= attempts) throw error;
      sleep(100 * 2 ** i); // expect: floating-promise
    }
  }
}

// Awaited, but the backoff has no jitter (retry-without-backoff, information).
export async function withRetryV2<T>(op: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await op(); // expect: retry-without-backoff
    } catch (error) {
      if (i + 1 >= attempts) throw error;
      await sleep(100 * 2 ** i); // ok: floating-promise
    }
  }
}

export async function delay(ms: number) {
  new Promise(resolve => setTimeout(resolve, ms)); // expect: floating-promise
}

export function scheduleCleanup() {
  setInterval(() => {
    db.query("delete from sessions where expires_at < now()"); // expect: floating-promise
  }, 60_000).unref(); // ok: floating-promise
}

export function scheduleCleanupV2() {
  setInterval(() => {
    db.query("delete from sessions where expires_at < now()").catch(error => logger.error("cleanup failed", { error })); // ok: floating-promise
  }, 60_000).unref();
}

export function warmCache(keys: string[]) {
  setImmediate(async () => { // expect: promise-in-void-callback
    for (const key of keys) await cache.get(key); // ok: floating-promise
  });
  queueMicrotask(() => { metrics.flush(); }); // expect: floating-promise
}

export function refresh(load: () => Promise<void>) {
  load().then(() => metrics.increment("refreshed")); // expect: floating-promise -- known-miss: load is a callback the caller passes: no evidence it rejects (reportUnproven reports it)
  load().catch(); // expect: floating-promise -- known-miss: the same callback; .catch() without a handler is no evidence either
  load().then(() => metrics.increment("refreshed"), error => logger.error("refresh failed", { error })); // ok: floating-promise
}

export interface Hooks { onComplete?: (id: string) => Promise<void> }
export async function complete(hooks: Hooks, id: string) {
  hooks.onComplete?.(id); // expect: floating-promise
  await hooks.onComplete?.(id); // ok: floating-promise
}

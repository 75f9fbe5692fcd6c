// Patterns met in real code bases (Unleash, viem, ioredis, BullMQ, TypeORM) while measuring precision.
import { EventEmitter } from "node:events";
import { db, logger } from "../_lib/web.js";

// Unleash's addons: an integration event is recorded without waiting; a database error would be an unhandled rejection.
export class Addon {
  constructor(private readonly events: EventEmitter) {}
  async registerEvent(event: object): Promise<void> {
    await db.insert("integration_events", event);
    this.events.emit("handled", event);
  }
  async handleEvent(event: object) {
    this.registerEvent(event); // expect: floating-promise
    await this.registerEvent(event); // ok: floating-promise
  }
}

// Unleash's scheduler: an async method that catches everything cannot reject; scheduling without awaiting is fine.
export class Scheduler {
  private readonly ids: NodeJS.Timeout[] = [];
  async schedule(job: () => Promise<unknown>, ms: number): Promise<void> {
    this.ids.push(setInterval(() => { job().catch(error => logger.error("job failed", { error })); }, ms).unref());
    try {
      await job();
    } catch (error) {
      logger.error("initial run failed", { error });
    }
  }
}
export function scheduleAll(s: Scheduler) {
  s.schedule(() => db.query("delete from sessions"), 60_000); // ok: floating-promise
}

// viem's watchers: a catch-all async IIFE.
export function watch(onError: (error: unknown) => void) {
  let active = true;
  (async () => { // ok: floating-promise
    try {
      while (active) await db.query("select 1");
    } catch (error) {
      onError(error);
    }
  })();
  return () => { active = false; };
}

// viem's poll loop: the recursive call's rejection is unhandled when fn fails.
export function poll(fn: () => Promise<void>, interval: number) {
  const loop = async () => {
    await fn();
    await new Promise(resolve => setTimeout(resolve, interval));
    loop(); // expect: floating-promise -- known-miss: the only rejection would come from fn, a callback the caller passes (no evidence it rejects: see the rule's Precision section)
  };
  loop(); // expect: floating-promise -- known-miss: as above, the rejection would come from the caller's fn
}

// ioredis-style dual API: with a node-style callback, errors go to the callback.
interface RedisLike { get(key: string, callback?: (err: Error | null, value?: string | null) => void): Promise<string | null> }
export function readFlag(redis: RedisLike, done: (value: string | null) => void) {
  redis.get("flag", (err, value) => { // ok: floating-promise
    if (err) logger.error("redis get failed", { err });
    done(value ?? null);
  });
  redis.get("flag"); // expect: floating-promise
}

// TypeORM's QueryLock: removing an entry from a queue of promises is not dropping new work.
export function release(queue: Promise<void>[], done: Promise<void>) {
  queue.splice(queue.indexOf(done), 1); // ok: floating-promise
}

// A project that already reviewed the statement for typescript-eslint.
export function startCli(run: () => Promise<void>) {
  // eslint-disable-next-line @typescript-eslint/no-floating-promises
  run(); // ok: floating-promise
}

// An optional error callback may be undefined: the rejection may stay unhandled.
export function load(onError?: (error: unknown) => void) {
  db.query("select 1").catch(onError); // expect: floating-promise
  db.query("select 1").catch(error => onError?.(error)); // ok: floating-promise
}

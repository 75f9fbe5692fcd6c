// Background jobs on intervals: cache sweepers, pollers, metrics flushers.
import { setInterval as every } from "node:timers/promises";

declare function syncAccounts(): Promise<number>;
declare function sweepExpired(): void;
declare const log: { error(e: unknown): void };

setInterval(sweepExpired, 60_000); // expect: timer-lifecycle -- known-miss: dropped handles are reported only with checkDroppedHandles (off by default: such modules were loaded only by long-running processes on real code)

const flusher = setInterval(sweepExpired, 10_000); // ok: timer-lifecycle (unref'd below)
flusher.unref();

export function startSync() {
  return setInterval(async () => { // expect: timer-lifecycle
    await syncAccounts();
  }, 5_000);
}

let syncing = false;
export function startGuardedSync() {
  return setInterval(async () => { // ok: timer-lifecycle (skips a run while one is busy, catches failures)
    if (syncing) return;
    syncing = true;
    try {
      await syncAccounts();
    } catch (error) {
      log.error(error);
    } finally {
      syncing = false;
    }
  }, 5_000);
}

export async function syncForever(signal: AbortSignal) {
  for await (const _ of every(5_000, undefined, { signal })) await syncAccounts(); // ok: timer-lifecycle
}

export class SessionStore {
  private readonly sessions = new Map<string, number>();
  constructor() {
    setInterval(() => this.sessions.clear(), 3_600_000); // expect: timer-lifecycle -- known-miss: checkDroppedHandles is off by default
  }
}

export class TokenCache {
  private readonly sweeper = setInterval(sweepExpired, 60_000); // ok: timer-lifecycle (cleared in close)
  close() {
    clearInterval(this.sweeper);
  }
}

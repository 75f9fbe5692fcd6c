// What every capture source gets: the config, a way to send events, a periodic tick and an exit hook.
// One unref'd interval drives everything periodic in a thread (heartbeat, metrics, flushes), so the
// tracer adds one timer per thread and never keeps a process alive.

import type { WireEventInput } from "../../protocol/src/tracer-wire";
import type { TracerConfig } from "./config";
import type { Transport } from "./transport";
import { guard } from "./safe";

export interface TracerContext {
  config: TracerConfig;
  isMainThread: boolean;
  threadId: number;
  transport: Transport;
  send(event: WireEventInput): void;
  /** Calls `fn` about every `periodMs` (rounded to the tick). */
  every(periodMs: number, fn: (nowMs: number) => void): void;
  /** Called once, synchronously, when this thread exits normally (not when killed). */
  onExit(fn: () => void): void;
  enabled(source: string): boolean;
}

interface Job {
  periodMs: number;
  next: number;
  fn: (nowMs: number) => void;
}

export class Ticker {
  private readonly jobs: Job[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly tickMs: number) {}

  every(periodMs: number, fn: (nowMs: number) => void): void {
    this.jobs.push({ periodMs, next: 0, fn: guard(fn) });
  }

  start(): void {
    const tick = guard(() => {
      const now = performance.now();
      for (const job of this.jobs) {
        if (now >= job.next) {
          job.next = now + job.periodMs - this.tickMs / 2;
          job.fn(now);
        }
      }
    });
    this.timer = setInterval(tick, this.tickMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

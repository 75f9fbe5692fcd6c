// Blocks that no thread reported: a thread reports a block when its loop turns again, so one that
// never turns it again (a worker computing until it is terminated, a pool worker that takes its
// tasks through Atomics.wait and never returns to its loop, a main thread killed while blocked)
// would leave only the watchdog's samples. Every sample carries `since` (the heartbeat the
// watchdog saw: when the loop last turned), so the samples of one stall belong together; a stall
// whose end nobody saw (no block reported at that time, and the watchdog never saw the loop turn
// again: `turned`) becomes an *ongoing* block, closed when the thread ended
// (its worker's exit, the thread's next sign of life) or when the run ended.
// A worker's stall is split where the samples found it sleeping in Atomics.wait: only the busy
// stretches are blocks (waiting for the next task is what such a worker is for). A main thread's
// stall is one block whatever it did: nothing else could run on that loop.

import type { BlockEvent } from "../../../protocol/src/tracer-wire";
import type { StackSample } from "./event-converters";

/** How a block that no thread reported came to an end: its thread or the run ended, or it went back to Atomics.wait. */
export type OngoingEnd = "thread ended" | "run ended" | "waited";

/** A block event as the recorder converts it: reported by the thread, or made from samples. */
export type RecorderBlock = Omit<BlockEvent, "seq"> & { ongoing?: OngoingEnd };

/** Reported block starts and the heartbeat of a stall are the same number: allow for rounding. */
const SAME_START_US = 1000;

export interface ThreadStalls {
  threadId: number;
  samples: readonly StackSample[];
  /** Start times (µs) of the blocks the thread reported. */
  reported: readonly number[];
  /** Starts (µs) of stalls the watchdog saw end (the loop turned again): the thread itself reports those that were blocks. */
  turned: readonly number[];
  /** Times (µs) the thread was seen alive with its loop turning (loop metrics, stats), in order. */
  alive: readonly number[];
  /** When the thread ended (its worker's exit), if known. */
  endedAt?: number;
}

export function unreportedBlocks(thread: ThreadStalls, runEndUs: number, thresholdMs: number): RecorderBlock[] {
  const bySince = new Map<number, StackSample[]>();
  for (const s of thread.samples) {
    if (s.since === undefined || [...thread.reported, ...thread.turned].some(ts => Math.abs(ts - s.since!) < SAME_START_US)) continue;
    const list = bySince.get(s.since) ?? [];
    list.push(s);
    bySince.set(s.since, list);
  }
  const blocks: RecorderBlock[] = [];
  for (const [since, samples] of bySince) {
    const last = samples[samples.length - 1]!.ts;
    const nextAlive = thread.alive.find(ts => ts > last);
    const candidates: Array<[number, OngoingEnd]> = [[runEndUs, "run ended"]];
    if (thread.endedAt !== undefined && thread.endedAt >= last) candidates.push([thread.endedAt, "thread ended"]);
    if (nextAlive !== undefined) candidates.push([nextAlive, "thread ended"]);
    const [end, ongoing] = candidates.reduce((a, b) => (b[0] < a[0] ? b : a));
    const stretches = thread.threadId === 0 ? [{ start: since, end, waited: false }] : busyStretches(samples, since, end);
    for (const s of stretches) {
      if (s.end - s.start >= thresholdMs * 1e3) blocks.push({ t: "block", ts: s.start, dur: s.end - s.start, ongoing: s.waited ? "waited" : ongoing });
    }
  }
  return blocks;
}

/** Stretches between waiting samples that hold at least one busy sample. */
function busyStretches(samples: readonly StackSample[], since: number, end: number): Array<{ start: number; end: number; waited: boolean }> {
  const out: Array<{ start: number; end: number; waited: boolean }> = [];
  let start = since;
  let busy = false;
  for (const s of samples) {
    if (s.waiting) {
      if (busy) out.push({ start, end: s.ts, waited: true });
      start = s.ts;
      busy = false;
    } else {
      busy = true;
    }
  }
  if (busy) out.push({ start, end, waited: false });
  return out;
}

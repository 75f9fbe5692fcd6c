// What one `TraceBuilder.build` hands to the next when a run is built in small batches.
import type { HelloMessage } from "../../../protocol/src/tracer-wire";
import type { ChildArgs, TraceEvent, WorkerArgs } from "../../../protocol/src/trace";

/** Where a worker or child was started: the tail of its flow arrow. */
export interface StartSite {
  pid: number;
  tid: number;
  ts: number;
  flowId: string;
}

/**
 * What one `build` hands to the next when a run is built in small batches (the live view,
 * client/src/timeline/liveFeed.ts): span ids, the worker and child spans still open, where each
 * worker and child was started and which lanes already have their flow arrow, and what is known
 * of each process and thread, so that a span opened in one batch is closed in a later one and
 * names only ever improve. The trace file is built in one go, with a fresh one.
 */
export class BuildCarry {
  nextId = 1;
  /** Every thread lane seen so far (watchdogs are not lanes), by stream key, in the order they were seen. */
  readonly lanes = new Map<string, HelloMessage>();
  readonly processOrder = new Map<number, number>();
  readonly mainByPid = new Map<number, HelloMessage>();
  /** `${pid}:${threadId}` of workers the process's code was seen creating. */
  readonly createdWorkers = new Set<string>();

  /** A worker no code of its process was seen creating: one Node started itself (the hooks thread). */
  isInternalThread(pid: number, threadId: number): boolean {
    return threadId !== 0 && !this.createdWorkers.has(`${pid}:${threadId}`);
  }
  /** `${pid}:${threadId}` → the worker's file. */
  readonly workerFiles = new Map<string, string>();
  /** Child pid → where it was spawned. */
  readonly spawnSites = new Map<number, StartSite>();
  /** `${pid}:${threadId}` → where the worker was created. */
  readonly workerSites = new Map<string, StartSite>();
  readonly openChildren = new Map<string, { b: TraceEvent; args: ChildArgs }>();
  readonly openWorkers = new Map<string, { args: WorkerArgs; pid: number; tid: number; spanId: string }>();
  /** Stream keys whose lane got its flow arrow. */
  readonly flowed = new Set<string>();
}

// Whether the I/O that one item's work reaches (as the interprocedural summaries found it) uses a
// capacity-limited resource: sockets and HTTP clients, database clients, file handles, child
// processes, worker threads. An asynchronous call nothing more is known about still counts (most
// asynchronous APIs wait on I/O), except where the calls show that the work is dispatch to
// registered hooks or listeners, or an object's own initialisation: as many as the program
// registered, each doing whatever it does, and no resource of its own.
import type { IoEffect } from "./io-kinds";

/** The per-item call itself: `runHooks()`, `emit()`, `doc.$init()`. */
const dispatchCall = /(^|\.)(\$?init|emit|emitAsync|broadcast|(run|call|exec|invoke|trigger|apply)[A-Z]?\w*Hooks?)\(\)$/;
/** Where the summaries' chain ends: a hook runner (`hooks.execPre()`, `model.runHooks()`). */
const hookRunner = /(^|\.)((run|call|exec|invoke|trigger|apply)[A-Z]?\w*Hooks?|exec(Pre|Post)|broadcast)\(\)$/;
/**
 * Where the chain's first wait is a lock (`this.lock.acquire()`, `mutex.runExclusive()`): the
 * callee takes the items one at a time, whatever the fan-out starts.
 */
export const lockWait = /(^|\.)[\w$]*(lock|mutex|semaphore|sema)\.(acquire|runExclusive|lock|wait)\(\)$/i;

export function reachesLimitedResource(effect: IoEffect): boolean {
  if (effect.kind !== "async") return true;
  const last = effect.chain?.length ? effect.chain[effect.chain.length - 1]!.label : effect.label;
  return !dispatchCall.test(effect.label) && !hookRunner.test(last) && !lockWait.test(last);
}

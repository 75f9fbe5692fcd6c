// Whether the I/O that one item's work reaches (as the interprocedural summaries found it) uses a
// capacity-limited resource: sockets and HTTP clients, database clients, file handles, child
// processes, worker threads. An asynchronous call nothing more is known about still counts (most
// asynchronous APIs wait on I/O), except where the calls show that the work is dispatch to
// registered hooks or listeners, or an object's own initialisation: as many as the program
// registered, each doing whatever it does, and no resource of its own; or where its name says it
// computes. A command over a connection the client keeps open (Redis) opens nothing per item.
import type { IoEffect } from "./io-kinds";

/** The per-item call itself: `runHooks()`, `emit()`, `doc.$init()`. */
const dispatchCall = /(^|\.)(\$?init|emit|emitAsync|broadcast|(run|call|exec|invoke|trigger|apply)[A-Z]?\w*Hooks?)\(\)$/;
/** Where the summaries' chain ends: a hook runner (`hooks.execPre()`, `model.runHooks()`). */
const hookRunner = /(^|\.)((run|call|exec|invoke|trigger|apply)[A-Z]?\w*Hooks?|exec(Pre|Post)|broadcast)\(\)$/;
/**
 * Where the chain's first wait is a lock (`this.lock.acquire()`, `mutex.runExclusive()`) or a
 * reservation on a counted budget (`fileBudget.reserve()`, `permits.acquire()`: a semaphore by
 * another name): the callee takes the items one at a time, or as many at a time as the budget
 * holds, whatever the fan-out starts.
 */
export const lockWait = /(^|\.)[\w$]*(lock|mutex|semaphore|sema|budget|permits)\.(acquire|runExclusive|lock|wait|reserve)\(\)$/i;

/**
 * Where the chain ends in an unknown asynchronous call whose name says it computes
 * (`crypto.decryptEvent()`, `signer.signTransaction()`): a backend that works in-process, not a
 * resource opened per item. Names that also say what they read (`hashFile()`) or that sign in
 * somewhere (`signIn()`) are not.
 */
const computingCall =
  /(^|\.)#?(decrypt|encrypt|sign(?!In|Up|Out|On)|hash|digest|compress|decompress|encode|decode|serialize|deserialize)(?![\w$]*(File|Path|Dir|Url|URL|Stream|Remote))([A-Z]\w*)?\(\)$/;

export function reachesLimitedResource(effect: IoEffect): boolean {
  // A command over a connection that is already open opens nothing per item.
  if (effect.kind === "command") return false;
  if (effect.kind !== "async") return true;
  const last = effect.chain?.length ? effect.chain[effect.chain.length - 1]!.label : effect.label;
  return !dispatchCall.test(effect.label) && !hookRunner.test(last) && !lockWait.test(last) && !computingCall.test(last);
}

// Which kinds of serving evidence count (the rule's `callerEvidence` option), where the code is
// found and through its callers. The "measured" choice keeps only the kinds that were right often
// enough on the tuning set; the numbers behind each choice are given where it is made.
import { isOwnBodyEvidence } from "./startup-callers";

/**
 * Which serving evidence counts (the rule's `callerEvidence` option): "all" kinds, in the code
 * they are found in and for every function that code calls; or the "measured" ones (see
 * countsThroughCallers): no callback of `map` inside `Promise.all` that is not async
 * (0 of 1 true at the call, 4 of 5 through callers), and through callers only the kinds below.
 */
export type CallerEvidence = "measured" | "all";

/**
 * A file watcher's callback (`watch(path, cb)`, `fs.watchFile(path, cb)`, a build tool's
 * `delegate.watch(cb)`) too, since session 36's recall round: it reruns what it reaches on every
 * change, in a process that watches while it serves (a dev server, an emulator, a hot-reloading
 * broker). On the tuning set, blocking calls reached through such a callback were 10 of 11 true
 * (an emulator's trigger discovery, rerun per change of the functions' sources; a hot reload's
 * service check), the false one a restart of the whole program from its watcher. Listeners of a
 * watcher object's events (`watcher.on("change", cb)`) are listeners, and stay own-body evidence.
 */
const measuredThroughCallers = new Set(["fan-out:limiter", "fan-out:pool", "handler:job", "handler:watch", "handler:watchFile"]);
/** Request handlers: for the functions they call themselves (4/4), not for what those call (9/12). */
const oneCallThroughCallers = new Set(["request-params", "handler:route", "handler:createServer"]);

/** Evidence mode: whether evidence of this kind, found around code, shows that the code serves. */
export function countsWhereFound(kind: string | undefined, callerEvidence: CallerEvidence): boolean {
  return kind !== undefined && (callerEvidence === "all" || kind !== "fan-out:combinator");
}

/**
 * Whether a caller's evidence (`why`: its kind, after one "<" per call and "x<" per file on the
 * way) also makes the functions it calls serve. "measured" keeps the kinds that were right at
 * least 9 times in 10 through callers on both halves of the tuning set (session 7): a
 * concurrency limiter's or queue's task (3/3) and a job queue's processor (the same shape, no
 * finding) for everything they reach, as a hand-written pool's task does (session 13: 4/4); a
 * request handler for the functions it calls itself (4/4). Request handlers further away (9/12),
 * event listeners (7/9), file watchers (1/2; since session 36 they count: 10 of 11 on the larger
 * tuning set) and fan-out callbacks (13/17) were not: what such code reaches several calls away is as often a
 * one-time step (a shutdown, a cached plugin load, an error path that disables a daemon once,
 * a child's one message) as per-request work.
 */
export function countsThroughCallers(why: string | undefined, callerEvidence: CallerEvidence): boolean {
  if (isOwnBodyEvidence(why)) return false;
  if (callerEvidence === "all") return true;
  const kind = (why ?? "?").replace(/^[x<]+/, "");
  return measuredThroughCallers.has(kind) || (oneCallThroughCallers.has(kind) && kind === why);
}

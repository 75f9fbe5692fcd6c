// Whether the I/O that one item's work reaches (as the interprocedural summaries found it) uses a
// capacity-limited resource: sockets and HTTP clients, database clients, file handles, child
// processes, worker threads. An asynchronous call nothing more is known about still counts (most
// asynchronous APIs wait on I/O), except where the chain shows what it is instead: loading a
// module (cached by the module system after the first load) or dispatching to registered hooks
// and listeners (as many as the program registered, each doing whatever it does).
import type { IoEffect } from "../../analysis/io-calls";

const moduleLoad = /^(import|require)\(\)$/;
const hookDispatch = /(^|\.)(\$?init|emit|emitAsync|(run|call|exec|invoke|trigger|apply)[A-Z]?\w*Hooks?|exec(Pre|Post))\(\)$/;

export function reachesLimitedResource(effect: IoEffect): boolean {
  if (effect.kind !== "async") return true;
  const labels = [effect.label, ...(effect.chain ?? []).map(site => site.label)];
  if (moduleLoad.test(labels[labels.length - 1]!)) return false;
  return !labels.some(label => hookDispatch.test(label));
}

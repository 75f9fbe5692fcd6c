// The basis of a blocking-call-in-async report (Report.basis): which serving evidence started the
// path to the blocking call, and how far from it the call is. The precision benchmark measures
// precision per basis (`score.mjs --by-evidence`); a kind of evidence earns its place among the
// default reports by its precision across many code bases, so the tags must stay stable.
//
// Tags: the kind (below), then `@1` when the call is in a function that the serving code calls
// itself, `@2+` when it is further away; nothing when the call is in the serving code (or in a
// callback written in it). Synchronous handlers: `sync:<kind>`.
import type { Node } from "../../analysis/typescript";
import { rangeOf, shortLocation } from "../../analysis/positions";

/** Evidence kinds (serving-evidence.ts, startup-callers.ts) by their tags. */
const kindTags: Record<string, string> = {
  "handler:listener": "listener",
  "handler:route": "route",
  "handler:createServer": "server-request",
  "handler:setInterval": "interval",
  "handler:watch": "watcher",
  "handler:watchFile": "watcher",
  "handler:job": "job-processor",
  "request-params": "request-params",
  "fan-out:async-map": "fan-out-item",
  "fan-out:combinator": "fan-out-sync-map",
  "fan-out:limiter": "limiter-task",
  "fan-out:pool": "pool-task",
  "uncalled-public-class-method": "public-class-method",
  "uncalled-export": "uncalled-export",
  "registered-by-reference": "registered-reference",
  "wrapper-registered": "registered-reference",
  "registered-in-other-file": "registered-reference",
};

/**
 * The tag of an evidence chain as startup-paths.ts notes it: the kind after one `<` per call on
 * the way (`x<` when the call crosses into another file).
 */
export function basisOfEvidence(why: string | undefined): string {
  if (why === undefined) return "unknown";
  const hops = (why.match(/</g) ?? []).length;
  const kind = why.replace(/^[x<]+/, "");
  const tag = kindTags[kind] ?? (kind === "?" ? "unknown" : kind);
  return hops === 0 ? tag : hops === 1 ? `${tag}@1` : `${tag}@2+`;
}

/** The tag of a synchronous handler (serving-evidence.ts syncHandlerKindOf): `sync:route`, `sync:listener:message`. */
export function basisOfSyncHandler(kind: string): string {
  if (kind === "watch" || kind === "watchFile") return "sync:watcher";
  if (kind === "createServer") return "sync:server-request";
  return `sync:${kind}`;
}

/**
 * Kinds of evidence that are not reported by default: right less than 9 times in 10 on the
 * tuning set (docs/rules/blocking-call-in-async.md, "Precision"). The rule's `moreEvidence`
 * option names the ones to report too. Keyed by tag (without the `@1`/`@2+` distance).
 */
export const offByDefaultEvidence: Readonly<Record<string, string>> = {
  // Session 9, tuning set (114 code bases): 3 of 4 true, in 3 code bases; the false one a one-shot
  // command that tails a log file, with nothing else in the process.
  "sync:watcher": "a synchronous file watcher's callback",
};

/** Whether a report of this basis is off by default and not asked for in `more`. */
export function isOffByDefault(basis: string, more: ReadonlySet<string>): boolean {
  const kind = basis.replace(/@.*$/, "");
  return kind in offByDefaultEvidence && !more.has(kind);
}

/** The evidence of each tag in words, for the message (evidencePhrase). */
const kindWords: Record<string, string> = {
  listener: "the event listener",
  route: "the route handler",
  "server-request": "the server's request listener",
  interval: "the repeating timer's callback",
  watcher: "the file watcher's callback",
  "job-processor": "the job processor",
  "request-params": "the request handler",
  "fan-out-item": "the fan-out item",
  "fan-out-sync-map": "the map callback inside a Promise combinator",
  "limiter-task": "the limiter's task",
  "pool-task": "the pool's task",
  "public-class-method": "the public method",
  "uncalled-export": "the exported function",
  "registered-reference": "the registered handler",
};

/**
 * The evidence of a report in words, with where it is, as a sentence of the message: " It runs in
 * the route handler at app.ts:12.", " It is reached from the request handler at server.ts:40.";
 * "" when the basis names none.
 */
export function evidencePhrase(basis: string, at: Node | undefined): string {
  const tag = basis.replace(/@.*$/, "");
  const words = kindWords[tag];
  if (!words || !at) return "";
  const sf = at.getSourceFile();
  const where = shortLocation(sf.fileName, rangeOf(sf, at).start.line);
  const uncalled = tag === "public-class-method" || tag === "uncalled-export" ? ", which nothing in the project calls" : "";
  return ` It ${basis.includes("@") ? "is reached from" : "runs in"} ${words} at ${where}${uncalled}.`;
}

// The sentences runtime evidence is shown in: the same words in the hover, the CodeLens, the
// `observed-block` diagnostic and the CLI, so a user who saw one recognises the others.
import type { BlockStats } from "./run-evidence";

export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s`;
  return `${Math.round(ms)} ms`;
}

export function times(n: number): string {
  return n === 1 ? "once" : n === 2 ? "twice" : `${n} times`;
}

/** "(GET /report)", "(GET /a, POST /b and 2 more)", "(at start-up)", or "". */
export function whenText(stats: BlockStats): string {
  if (stats.requests.length) {
    const shown = stats.requests.slice(0, 2).map(r => r.label);
    const more = stats.requests.length - shown.length;
    return ` (${shown.join(", ")}${more > 0 ? ` and ${more} more` : ""})`;
  }
  return stats.atStartup === stats.count ? " (at start-up)" : "";
}

/** "blocked the event loop 3 times, max 412 ms, total 0.9 s in the last run (GET /report)". */
export function blockedText(stats: BlockStats): string {
  return `blocked the event loop ${times(stats.count)}, max ${formatMs(stats.maxMs)}, total ${formatMs(stats.totalMs)} in the last run${whenText(stats)}`;
}

/** What a static finding's line did in the last run, or undefined when it says nothing worth adding. */
export function findingEvidenceText(stats: BlockStats, thresholdMs: number | undefined): string | undefined {
  const blocks = `${stats.count === 1 ? "1 block" : `${stats.count} blocks`} of the event loop${thresholdMs !== undefined ? ` over ${formatMs(thresholdMs)}` : ""}`;
  if (stats.duringRequests > 0) {
    return `Observed on a request path in the last run: on the stack of ${blocks}${whenText({ ...stats, atStartup: 0 })}, max ${formatMs(stats.maxMs)}, total ${formatMs(stats.totalMs)}.`;
  }
  if (stats.atStartup === stats.count) {
    return `Ran only at start-up in the last run (on the stack of ${blocks}, ${formatMs(stats.totalMs)} in all, before the first request).`;
  }
  return `Observed in the last run: on the stack of ${blocks}, max ${formatMs(stats.maxMs)}, total ${formatMs(stats.totalMs)}.`;
}

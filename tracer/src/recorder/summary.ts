// The few lines `loopscope run` prints to stderr when the program has ended.

import type { RunMetadata, RunSummary, SourceLocation } from "../../../protocol/src/trace";
import { relative, isAbsolute } from "node:path";

export function formatSummary(meta: RunMetadata, summary: RunSummary, tracePath: string | undefined, cwd: string): string {
  const where = (s: SourceLocation | undefined, startup?: boolean, noCpu?: boolean) => {
    if (!s)
      return startup
        ? "(startup: loading the program, before the first loop turn)"
        : noCpu
          ? "(no stack: the process got no CPU: it was stopped or starved)"
          : "(no stack: not sampled in time)";
    const file = isAbsolute(s.file) ? relative(cwd, s.file) || s.file : s.file;
    return `${s.functionName || "(anonymous)"}  ${file}:${s.line}:${s.column}`;
  };
  const ms = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${Math.round(n)} ms`);
  const ended = meta.signal ? `was killed by ${meta.signal}` : `exited with code ${meta.exitCode}`;
  const lines = [
    `loopscope: ${meta.command.join(" ")} ${ended} after ${ms(meta.durationMs)}`,
    `  blocks over ${meta.blockThresholdMs} ms: ${summary.blocks}${summary.blocks ? ` (${ms(summary.blocksTotalMs)} in total)` : ""}`,
  ];
  for (const b of summary.worstBlocks.slice(0, 3)) {
    const thread = `${b.threadId === 0 ? "main" : `worker ${b.threadId}`}${b.launcher ? `, ${b.launcher} launcher` : b.internalThread ? ", Node's loader thread" : ""}`;
    const request = b.request ? `  for ${b.request.length > 80 ? `${b.request.slice(0, 79)}…` : b.request}` : "";
    lines.push(
      `    ${ms(b.durationMs).padStart(8)} at ${ms(b.startMs).padStart(8)}  ${where(b.source, b.startup, b.noCpu)}${request}  [pid ${b.pid} ${thread}]`,
    );
  }
  lines.push(`  event-loop delay p99 (worst interval, main threads): ${summary.delayP99Ms.toFixed(1)} ms`);
  lines.push(`  processes traced: ${summary.processes}, workers seen: ${summary.workers}, child processes seen: ${summary.children}`);
  const drops =
    (meta.eventsDropped ? `, ${meta.eventsDropped} DROPPED` : meta.streamsCutOff ? "" : ", 0 dropped") +
    (meta.streamsCutOff
      ? `, an unknown number LOST: ${meta.streamsCutOff} thread${meta.streamsCutOff === 1 ? "" : "s"} ended without the tracer's final batch (killed or terminated; up to 200 ms of events each)`
      : "");
  const extra = [
    summary.rejected ? `${summary.rejected} rejected` : "",
    summary.tracerErrors
      ? `${summary.tracerErrors} tracer error${summary.tracerErrors === 1 ? "" : "s"} (your program did not see ${summary.tracerErrors === 1 ? "it" : "them"})`
      : "",
  ]
    .filter(Boolean)
    .join(", ");
  lines.push(`  events: ${meta.eventsReceived} received${drops}${extra ? `, ${extra}` : ""}`);
  const thinning = meta.thinning;
  if (thinning) {
    const thinned = Object.entries(thinning.kinds).filter(([, c]) => c.thinned > 0);
    if (thinned.length) {
      const p = thinning.policy;
      const what = thinned.map(([kind, c]) => `${c.thinned.toLocaleString("en-US")} of ${c.received.toLocaleString("en-US")} ${kind}`).join(", ");
      lines.push(
        `  thinned for size: ${what} spans not kept (per thread and kind: the first ${p.burst.toLocaleString("en-US")}, then ${p.perSecond}/s plus ${p.outlierPerSecond}/s slow or failed; request counts and times stay exact in the HTTP counters)`,
      );
    }
    if (thinning.counters.written < thinning.counters.received) {
      lines.push(
        `  counters after each thread's first ${ms(thinning.policy.counterFullResolutionMs)}: merged into ${ms(thinning.policy.counterBinMs)} bins (counts summed, worst values kept)`,
      );
    }
    if (thinning.spillError !== undefined)
      lines.push(`  the recorder's spill file could not be written (${thinning.spillError}): later events were kept in its memory`);
    if (thinning.capReachedAtMs !== undefined) {
      lines.push(
        `  size cap of ${Math.round(thinning.policy.capBytes / 1024 / 1024)} MB reached at ${ms(thinning.capReachedAtMs)}: after it only blocks, counters and rare events were kept (${thinning.thinnedByCap.toLocaleString("en-US")} spans not kept)`,
      );
    }
  }
  if (summary.firstTracerError) lines.push(`  first tracer error: ${summary.firstTracerError} (please report it)`);
  if (tracePath) lines.push(`  trace: ${tracePath}  (open in Perfetto or \`loopscope report\`)`);
  return lines.join("\n") + "\n";
}

// The recorder's half of bench/long-run.mjs, run in a process of its own (so its memory is the
// recorder's): a synthetic wire-event stream of a server at 5k requests/s, as its tracer sends it
// (every request in the per-500 ms counters, spans at 1,000/s plus the slow and failed ones: the
// tracer's budget before it became 100/s, still what LOOPSCOPE_HTTP_SPANS_PER_SEC=1000 sends, and the
// recorder's worst case), for a simulated 8 hours, through the recorder's boundary check
// (parseWireMessage) and a long run's TraceBuilder (thinning, spill file) exactly as `Recorder`
// builds it. Time is simulated: event times advance, the clock does not.
// With --live, the editor's live view runs in the same process, as in the extension host: the
// events the recorder keeps go through the live feed (client/src/timeline/liveFeed.ts) into a
// LiveTrace whose events are in a file (liveEventLog.ts), a delta taken every 250 ms (what the
// page would get); the process's memory is then the recorder's and the live view's together.
// Prints one JSON line per simulated half hour, then writes the trace and prints a last line.
// usage: node --expose-gc --import tsx bench/long-run-sim.ts <out.json> [--hours 8] [--rate 5000] [--live]
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TraceBuilder } from "../tracer/src/recorder/trace-builder";
import { thinningFromEnv } from "../tracer/src/recorder/thinning";
import { SourceMapper } from "../tracer/src/recorder/source-maps";
import { writeTraceFileStreaming } from "../tracer/src/recorder/write-trace";
import { parseWireMessage, WIRE_VERSION, type HelloMessage, type WireEvent } from "../protocol/src/tracer-wire";
import { LiveFeed } from "../client/src/timeline/liveFeed";
import { LiveEventLog } from "../client/src/timeline/liveEventLog";
import { LiveTrace } from "../timeline-model/src/live-trace";
import type { AnyTraceEvent } from "../protocol/src/trace-validate";

const args = process.argv.slice(2);
const out = args[0]!;
const flag = (name: string, dflt: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const hours = flag("--hours", 8);
const rate = flag("--rate", 5000);
const live = args.includes("--live");
const TRACER_SPANS_PER_SEC = 1000;

const origin = 1e12;
const dir = mkdtempSync(join(tmpdir(), "loopscope-long-run-"));
const builder = new TraceBuilder(origin, 50, { thinning: thinningFromEnv(process.env, 50), spillDir: dir });
const hello = (tid: number, role: "main" | "worker"): HelloMessage => ({
  t: "hello",
  v: WIRE_VERSION,
  token: "t",
  pid: 4242,
  ppid: 1,
  tid,
  role,
  argv: ["node", "server.js"],
  execPath: "node",
  nodeVersion: process.version,
  ts: origin,
  blockThresholdMs: 50,
});
const main = builder.open("4242:0:0", hello(0, "main"));
const worker = builder.open("4242:1:1", hello(1, "worker"));
const watchdog = builder.open("4242:0:2", { ...hello(0, "watchdog"), role: "watchdog" });
// The live view, on simulated time (its feed holds events 400 ms by their arrival).
let simulatedMs = 0;
const liveFeed = live ? new LiveFeed(origin, 50, new SourceMapper(), () => simulatedMs) : undefined;
const liveLog = live ? new LiveEventLog(dir) : undefined;
const liveTrace = live ? new LiveTrace(50, liveLog) : undefined;
let deltaBytes = 0;
for (const s of [main, worker, watchdog]) liveFeed?.open(s);
/** What the extension does every 250 ms of a live run: the feed's ready events into the live trace, and a delta for the page. */
function liveUpdate(): void {
  if (!liveFeed || !liveTrace) return;
  liveTrace.add(liveFeed.take() as unknown as AnyTraceEvent[]);
  const delta = liveTrace.delta();
  if (delta) deltaBytes += delta.blob.byteLength + JSON.stringify(delta.header).length;
}

const seqs = new Map<object, number>();
let wire = 0;
function send(stream: typeof main, event: Record<string, unknown>): void {
  const seq = seqs.get(stream) ?? 0;
  seqs.set(stream, seq + 1);
  const message = parseWireMessage({ ...event, seq });
  if (!message || message.t === "hello") throw new Error(`the simulation sent what the recorder refuses: ${JSON.stringify(event)}`);
  for (const kept of builder.add(stream, message as WireEvent)) liveFeed?.add(stream, kept);
  wire++;
}

// A small deterministic PRNG: the same stream every run.
let seed = 42;
const random = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
const frames = [
  { fn: "renderReport", file: "/srv/app/report.js", line: 35, col: 9 },
  { fn: "handle", file: "/srv/app/server.js", line: 12, col: 3 },
];

const stepUs = 500_000;
const steps = Math.round((hours * 3600e6) / stepUs);
const perStep = rate / 2;
const rows: unknown[] = [];
const started = performance.now();
let requests = 0;
for (let step = 0; step < steps; step++) {
  const t = origin + step * stepUs;
  // The tracer's own budget: 100 spans per 100 ms window, then only slow (≥ 10 ms) or failed ones.
  let sentInWindow = 0,
    windowStart = 0;
  for (let r = 0; r < perStep; r++) {
    requests++;
    const ts = t + (r * stepUs) / perStep;
    if (ts - windowStart >= 100_000) {
      windowStart = ts;
      sentInWindow = 0;
    }
    const x = random();
    const slow = x < 0.01,
      failed = x > 0.999;
    const dur = slow ? 10_000 + random() * 200_000 : 500 + random() * 4_000;
    if (sentInWindow < TRACER_SPANS_PER_SEC / 10 || slow || failed) {
      sentInWindow++;
      send(main, { t: "http", ts, dur, side: "server", method: "GET", url: `/items/${requests % 5000}?page=${requests % 7}`, status: failed ? 503 : 200 });
    }
  }
  send(main, {
    t: "httpstats",
    ts: t,
    side: "server",
    count: perStep,
    errors: Math.round(perStep / 1000),
    notSent: perStep - 100,
    p50: 2.3,
    p99: 60,
    max: 210,
  });
  // An outbound client: DNS and connects at 20/s, and its requests at 50/s.
  for (let i = 0; i < 10; i++)
    send(main, { t: "net", ts: t + i * 50_000, dur: 300 + random() * 2_000, op: i % 2 ? "dns" : "connect", host: "db.internal", port: 5432 });
  for (let i = 0; i < 25; i++)
    send(main, {
      t: "http",
      ts: t + i * 20_000,
      dur: 1_000 + random() * 9_000,
      side: "client",
      method: "POST",
      url: "http://auth.internal/check",
      status: 200,
    });
  send(main, { t: "httpstats", ts: t, side: "client", count: 25, errors: 0, notSent: 0, p50: 4, p99: 9, max: 10 });
  for (const [stream, heap] of [
    [main, 80e6],
    [worker, 20e6],
  ] as const) {
    send(stream, {
      t: "loop",
      ts: t,
      delayP50: 1.1,
      delayP99: 4 + random() * 3,
      delayMax: 12,
      elu: 0.6 + random() * 0.2,
      heapUsed: heap + random() * 1e7,
      heapTotal: heap * 1.5,
      rss: stream === main ? 250e6 : undefined,
      handles: 180,
      requests: 3,
    });
  }
  // GC: 8 scavenges/s on the main thread, 2/s on the worker, a 15 ms mark-sweep every 30 s.
  for (let i = 0; i < 4; i++) send(main, { t: "gc", ts: t + i * 120_000, dur: 600 + random() * 900, kind: "scavenge" });
  send(worker, { t: "gc", ts: t + 250_000, dur: 800, kind: "scavenge" });
  if (step % 60 === 30) send(main, { t: "gc", ts: t + 300_000, dur: 15_000, kind: "mark-sweep-compact" });
  send(worker, { t: "wmsg", ts: t, peer: -1, count: 400, bytes: 120_000 });
  // A 120 ms block every minute (3 samples), a 2 s block every hour (40 samples).
  if (step % 120 === 60) {
    for (let i = 0; i < 3; i++)
      send(watchdog, { t: "sample", ts: t + 100_000 + 50_000 + i * 20_000, forTid: 0, stack: frames, roundTrip: 300, since: t + 100_000 });
    send(main, { t: "block", ts: t + 100_000, dur: 120_000 });
  }
  if (step % 7200 === 3600) {
    for (let i = 0; i < 40; i++) send(watchdog, { t: "sample", ts: t + 60_000 + i * 48_000, forTid: 0, stack: frames, roundTrip: 400, since: t + 10_000 });
    send(main, { t: "block", ts: t + 10_000, dur: 2_000_000 });
  }
  simulatedMs += 250;
  liveUpdate();
  simulatedMs += 250;
  liveUpdate();
  if ((step + 1) % 3600 === 0) {
    (globalThis as { gc?: () => void }).gc?.();
    const m = process.memoryUsage();
    const row = {
      simulatedHours: ((step + 1) * stepUs) / 3600e6,
      wallMs: performance.now() - started,
      wireEvents: wire,
      requests,
      spilledBytes: builder.spilledBytes,
      rss: m.rss,
      heapUsed: m.heapUsed,
      ...(liveTrace && liveLog
        ? { liveEvents: liveLog.count, liveHeldRecords: liveTrace.heldRecords, liveModelEvents: liveTrace.modelEventCount, liveDeltaBytes: deltaBytes }
        : {}),
    };
    rows.push(row);
    process.stdout.write(JSON.stringify({ kind: "progress", ...row }) + "\n");
  }
}
for (const s of [main, worker, watchdog]) {
  send(s, { t: "stats", ts: origin + steps * stepUs, dropped: 0, errors: 0, final: true });
  builder.close(s);
  liveFeed?.close(s);
}
if (liveTrace) {
  simulatedMs += 1000;
  liveUpdate();
  liveTrace.finish();
  liveTrace.delta();
}
liveLog?.dispose();
const writeStarted = performance.now();
const run = {
  version: "bench",
  command: ["node", "server.js"],
  cwd: "/srv/app",
  startedAtEpochMs: Date.now(),
  durationMs: hours * 3600e3,
  exitCode: 0,
  signal: null,
};
const { trace, summary, spilled } = builder.buildForFile(run, origin + steps * stepUs, new SourceMapper());
await writeTraceFileStreaming(out, trace, spilled);
builder.dispose();
rmSync(dir, { recursive: true, force: true });
(globalThis as { gc?: () => void }).gc?.();
const m = process.memoryUsage();
process.stdout.write(
  JSON.stringify({
    kind: "done",
    bytes: statSync(out).size,
    events: trace.traceEvents.length,
    writeMs: performance.now() - writeStarted,
    wallMs: performance.now() - started,
    rss: m.rss,
    heapUsed: m.heapUsed,
    wireEvents: wire,
    requests,
    blocks: summary.blocks,
    thinning: trace.metadata?.loopscope?.thinning,
  }) + "\n",
);

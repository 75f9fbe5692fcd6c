// Long runs (issue 13, 1.6) on a small scale: the recorder thins high-rate spans past a stated
// budget with every count kept, caps the trace's size, keeps high-rate events out of its memory
// (a spill file), writes and reads gzip traces, and reads a big trace without one giant string.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { gunzipSync, gzipSync } from "node:zlib";
import { writeReportFromFile } from "../../server/src/cli/report";
import { ensureBuilt } from "../helpers/built";
import { spawn } from "node:child_process";
import { root, tempDir, tracerPath } from "./helpers";
import { chromeTraceProblems } from "./chrome-trace-rules";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TraceBuilder } from "../../tracer/src/recorder/trace-builder";
import { DEFAULT_THINNING, type ThinningPolicy } from "../../tracer/src/recorder/thinning";
import { SourceMapper } from "../../tracer/src/recorder/source-maps";
import { writeTraceFileStreaming } from "../../tracer/src/recorder/write-trace";
import { readTraceFile } from "../../tracer/src/recorder/read-trace";
import { formatSummary } from "../../tracer/src/recorder/summary";
import { COUNTERS, type RunMetadata, type TraceEvent, type TraceFile } from "../../protocol/src/trace";
import { parseTraceText, validateTrace } from "../../protocol/src/trace-validate";
import { parseTraceChunks } from "../../protocol/src/trace-stream";
import type { HelloMessage, WireEvent } from "../../protocol/src/tracer-wire";

const ORIGIN = 1e9;
const hello: HelloMessage = {
  t: "hello",
  v: 1,
  token: "x",
  pid: 100,
  ppid: 1,
  tid: 0,
  role: "main",
  argv: ["node", "server.js"],
  execPath: "node",
  nodeVersion: "v22.0.0",
  ts: ORIGIN,
  blockThresholdMs: 50,
};
const run = { version: "test", command: ["node", "server.js"], cwd: "/app", startedAtEpochMs: 0, durationMs: 0, exitCode: 0, signal: null };

interface Sent {
  requests: number;
  slowOrFailed: number;
  blocks: number;
  events: number;
}

/**
 * A server's wire stream: `rate` requests a second for `seconds`, every one counted in
 * per-500 ms `httpstats`, each sent as a span (as a tracer under its own budget would not; the
 * recorder must not depend on it), one in 50 slow, one in 97 failed; a 120 ms block every 5 s.
 */
function feed(builder: TraceBuilder, seconds: number, rate: number, midway?: () => void): Sent {
  const stream = builder.open("100:0:0", hello);
  let seq = 0;
  const sent: Sent = { requests: 0, slowOrFailed: 0, blocks: 0, events: 0 };
  const add = (event: WireEvent) => {
    builder.add(stream, event);
    sent.events++;
  };
  const perInterval = rate / 2;
  for (let i = 0; i < seconds * 2; i++) {
    if (i === seconds) midway?.();
    const start = ORIGIN + i * 500_000;
    for (let r = 0; r < perInterval; r++) {
      const n = sent.requests++;
      const slow = n % 50 === 0,
        failed = n % 97 === 0;
      if (slow || failed) sent.slowOrFailed++;
      add({
        t: "http",
        seq: seq++,
        ts: start + (r * 500_000) / perInterval,
        dur: slow ? 80_000 : 2_000,
        side: "server",
        method: "GET",
        url: `/item/${n}`,
        status: failed ? 500 : 200,
      });
    }
    add({ t: "httpstats", seq: seq++, ts: start, side: "server", count: perInterval, errors: 0, notSent: 0, p50: 2, p99: 80, max: 80 });
    add({ t: "loop", seq: seq++, ts: start, delayP50: 1, delayP99: 2, delayMax: 3, elu: 0.5, heapUsed: 1e7, heapTotal: 2e7, handles: 3, requests: 0 });
    add({ t: "gc", seq: seq++, ts: start + 20_000, dur: 700, kind: "scavenge" });
    if (i % 10 === 9) {
      // Pauses that straddle the block's start and its end: the trace must still nest.
      add({ t: "gc", seq: seq++, ts: start + 90_000, dur: 20_000, kind: "mark-sweep-compact" });
      add({ t: "gc", seq: seq++, ts: start + 210_000, dur: 30_000, kind: "mark-sweep-compact" });
      add({ t: "block", seq: seq++, ts: start + 100_000, dur: 120_000 });
      sent.blocks++;
    }
  }
  add({ t: "stats", seq: seq++, ts: ORIGIN + seconds * 1e6, dropped: 0, errors: 0, final: true } as WireEvent);
  builder.close(stream);
  return sent;
}

const policy = (over: Partial<ThinningPolicy> = {}): ThinningPolicy => ({
  ...DEFAULT_THINNING,
  burst: 100,
  perSecond: 5,
  outlierBurst: 20,
  outlierPerSecond: 3,
  outlierMs: 50,
  counterFullResolutionMs: 10_000,
  counterBinMs: 5_000,
  ...over,
});
const httpSpans = (events: TraceEvent[]) => events.filter(e => e.cat === "loopscope.http" && e.ph === "b");
const meta = (trace: TraceFile) => trace.metadata!.loopscope! as RunMetadata;

test("past its burst, the recorder keeps a stated number of spans a second; every request is still counted, in the counters and in the metadata", () => {
  const builder = new TraceBuilder(ORIGIN, 50, { thinning: policy() });
  const seconds = 60;
  const sent = feed(builder, seconds, 1000);
  const { trace, summary } = builder.build(run, ORIGIN + seconds * 1e6, new SourceMapper());
  const kept = httpSpans(trace.traceEvents).length;
  const thinning = meta(trace).thinning!;
  const counts = thinning.kinds["http server"]!;
  assert.equal(counts.received, sent.requests, "every span the recorder got is counted");
  assert.equal(counts.kept, kept);
  assert.equal(counts.kept + counts.thinned, sent.requests);
  // The budget: the burst, then perSecond, plus the outliers' own burst and rate.
  const bound = 100 + 5 * seconds + 20 + 3 * seconds;
  assert.ok(kept <= bound && kept >= bound - 10, `${kept} spans kept, bound ${bound}`);
  // Slow and failed spans come first from their own budget: every kept one past the burst is one of the budgeted.
  const slowKept = httpSpans(trace.traceEvents).filter(
    e => (e.args as { durationMs: number }).durationMs >= 50 || (e.args as { status: number }).status >= 500,
  ).length;
  assert.ok(slowKept >= 20 + 3 * (seconds - 1), `${slowKept} slow or failed spans kept`);
  // The thinned counter's bins add up to what was thinned.
  const bins = trace.traceEvents.filter(e => e.ph === "C" && e.name === COUNTERS.thinned);
  assert.ok(bins.length >= seconds - 2, `${bins.length} bins`);
  assert.equal(
    bins.reduce((n, e) => n + ((e.args as Record<string, number>)["http server"] ?? 0), 0),
    counts.thinned,
  );
  // The tracer's counters are binned after the first 10 s (5 s bins), never thinned: the requests they count add up exactly.
  const stats = trace.traceEvents.filter(e => e.ph === "C" && e.name === COUNTERS.httpServer);
  assert.equal(
    stats.reduce((n, e) => n + (e.args as { requests: number }).requests, 0),
    sent.requests,
  );
  assert.equal(stats.length, 20 + 50 / 5, "10 s at full resolution (every 500 ms), then one per 5 s bin");
  assert.deepEqual(meta(trace).thinning!.counters, { received: 2 * 2 * seconds, written: 2 * (20 + 10) });
  assert.equal(summary.blocks, sent.blocks, "every block is kept");
  assert.ok(validateTrace(trace).ok);
  assert.deepEqual(chromeTraceProblems(trace), [], "a valid Chrome trace (Perfetto)");
  const text = formatSummary(meta(trace), summary, undefined, "/app");
  assert.match(
    text,
    new RegExp(`thinned for size: ${counts.thinned.toLocaleString("en-US")} of ${sent.requests.toLocaleString("en-US")} http server spans not kept`),
  );
});

test("a run within the burst keeps every span, and says so in the metadata (the policy, nothing thinned)", () => {
  const builder = new TraceBuilder(ORIGIN, 50, { thinning: policy({ burst: 10_000 }) });
  const sent = feed(builder, 5, 400);
  const { trace, summary } = builder.build(run, ORIGIN + 5e6, new SourceMapper());
  assert.equal(httpSpans(trace.traceEvents).length, sent.requests);
  assert.equal(meta(trace).thinning!.kinds["http server"]!.thinned, 0);
  assert.equal(meta(trace).thinning!.policy.burst, 10_000);
  assert.equal(
    trace.traceEvents.filter(e => e.ph === "C" && e.name === COUNTERS.httpServer).length,
    10,
    "counters within the full-resolution time are as sent",
  );
  assert.equal(trace.traceEvents.filter(e => e.name === COUNTERS.thinned).length, 0);
  assert.doesNotMatch(formatSummary(meta(trace), summary, undefined, "/app"), /thinned/);
});

test("past the size cap only blocks, counters and rare events are kept, and the trace and the summary say when the cap was reached", () => {
  const builder = new TraceBuilder(ORIGIN, 50, { thinning: policy({ capBytes: 200_000 }) });
  const seconds = 60;
  const sent = feed(builder, seconds, 1000);
  const { trace, summary } = builder.build(run, ORIGIN + seconds * 1e6, new SourceMapper());
  const thinning = meta(trace).thinning!;
  assert.ok(thinning.capReachedAtMs !== undefined && thinning.capReachedAtMs < seconds * 1000, `cap reached at ${thinning.capReachedAtMs}`);
  const capUs = thinning.capReachedAtMs! * 1000;
  assert.equal(httpSpans(trace.traceEvents).filter(e => e.ts > capUs + 1e6).length, 0, "no span kept after the cap");
  assert.ok(thinning.thinnedByCap > 0);
  const lastLoop = Math.max(...trace.traceEvents.filter(e => e.ph === "C" && e.name === COUNTERS.delay).map(e => e.ts));
  assert.ok(lastLoop >= (seconds - 5) * 1e6, "counters go on after the cap (in their last 5 s bin)");
  assert.equal(summary.blocks, sent.blocks, "blocks go on after the cap");
  assert.equal(thinning.kinds["http server"]!.received, sent.requests);
  assert.match(
    formatSummary(meta(trace), summary, undefined, "/app"),
    /size cap of 0 MB reached at .*: after it only blocks, counters and rare events were kept/,
  );
});

test("a long run's spans and counters wait in a spill file, not in memory, and a gzip trace written from it reads back as the in-memory build", async () => {
  const dir = mkdtempSync(join(tmpdir(), "loopscope-longrun-"));
  try {
    const spilled = new TraceBuilder(ORIGIN, 50, { thinning: policy(), spillDir: dir });
    const sent = feed(spilled, 30, 1000);
    assert.ok(statSync(join(dir, "spill.ndjson")).size > 0, "the spill file holds the events");
    assert.equal(
      (spilled as unknown as { events: unknown[] }).events.length,
      sent.blocks,
      "only the blocks are held as wire events (GC pauses are spilled too)",
    );
    const inMemory = new TraceBuilder(ORIGIN, 50, { thinning: policy() });
    feed(inMemory, 30, 1000);
    const expected = inMemory.build(run, ORIGIN + 30e6, new SourceMapper()).trace;
    const { trace, spilled: lines } = spilled.buildForFile(run, ORIGIN + 30e6, new SourceMapper());
    const path = join(dir, "trace.json.gz");
    await writeTraceFileStreaming(path, trace, lines);
    spilled.dispose();
    const read = await readTraceFile(path);
    assert.equal(read.gzip, true);
    assert.ok(read.check.ok, !read.check.ok ? read.check.error : "");
    if (!read.check.ok) return;
    const key = (e: { ph: string; name?: string; ts: number; dur?: number }) => `${e.ph} ${e.name} ${e.ts} ${e.dur}`;
    assert.deepEqual(read.check.events.map(key).sort(), expected.traceEvents.map(key).sort());
    assert.deepEqual(read.check.metadata?.loopscope?.thinning, meta(expected).thinning);
    assert.deepEqual(
      chromeTraceProblems({ traceEvents: read.check.events as TraceEvent[], metadata: read.check.metadata }),
      [],
      "the written file is a valid Chrome trace",
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the chunked reader gives what the one-string parser gives, in chunks of any size", () => {
  const texts = [
    JSON.stringify({
      traceEvents: [
        { ph: "X", name: 'a]},"[{', ts: 1, dur: 2, pid: 1, tid: 1, args: { s: '\\"', u: "é🙂" } },
        { ph: "i", name: "m", ts: 3, pid: 1, tid: 1 },
        7,
      ],
      metadata: { loopscope: { command: ["x"] } },
      displayTimeUnit: "ms",
    }),
    JSON.stringify([{ ph: "C", name: "c", ts: 1, pid: 1, tid: 1, args: { v: 1 } }]),
    `{"metadata":{"a":[1,2]},"traceEvents":[\n{"ph":"X","name":"b","ts":1,"dur":1,"pid":1,"tid":1},\n{"ph":"X","name":"c","ts":2,"dur":1,"pid":1,"tid":1}\n]}`,
    `{"other": 1}`,
    "",
    `{"traceEvents":[{"ph":"X","name":"b","ts":1,"dur":1,"pid":1,"tid":1},{"ph":"X","na`,
    `{"traceEvents":[{"ph":"X"}]]}`,
    "this is not json",
    "42",
    `  "a string"`,
  ];
  for (const text of texts) {
    const whole = parseTraceText(text, { salvageTruncated: true });
    for (const size of [1, 7, 64, 1 << 20]) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      const streamed = parseTraceChunks(chunks, { salvageTruncated: true });
      assert.equal(streamed.ok, whole.ok, `${text.slice(0, 40)} in chunks of ${size}`);
      if (streamed.ok && whole.ok) {
        assert.deepEqual(streamed.events, whole.events);
        assert.deepEqual(streamed.metadata, whole.metadata);
        assert.deepEqual(streamed.warnings.length, whole.warnings.length);
      }
    }
  }
});

test("a big trace is read without one giant string: no chunk and no JSON.parse sees more than a small part of it", async () => {
  const dir = mkdtempSync(join(tmpdir(), "loopscope-bigtrace-"));
  const parse = JSON.parse;
  try {
    const event = (i: number) =>
      JSON.stringify({ ph: "X", cat: "loopscope.gc", name: `GC scavenge ${"x".repeat(100)}`, ts: i * 10, dur: 5, pid: 1, tid: 1, args: { kind: "scavenge" } });
    const parts: string[] = [];
    for (let i = 0; i < 120_000; i++) parts.push(event(i));
    const path = join(dir, "big.json");
    writeFileSync(path, `{"traceEvents":[\n${parts.join(",\n")}\n],"metadata":{"loopscope":{"command":["node"]}}}`);
    const size = statSync(path).size;
    assert.ok(size > 15e6, `${size} bytes`);
    let longest = 0;
    JSON.parse = ((text: string, reviver?: never) => {
      longest = Math.max(longest, text.length);
      return parse(text, reviver);
    }) as typeof JSON.parse;
    const read = await readTraceFile(path);
    JSON.parse = parse;
    assert.ok(read.check.ok);
    if (read.check.ok) assert.equal(read.check.events.length, 120_000);
    assert.ok(longest < 1000, `the longest text parsed at once: ${longest} characters of ${size}`);
  } finally {
    JSON.parse = parse;
    rmSync(dir, { recursive: true, force: true });
  }
});

test("loopscope report opens a gzip trace and embeds its compressed bytes as they are", async () => {
  ensureBuilt("webview");
  const dir = mkdtempSync(join(tmpdir(), "loopscope-gzreport-"));
  try {
    const builder = new TraceBuilder(ORIGIN, 50, { thinning: policy() });
    feed(builder, 10, 200);
    const text = JSON.stringify(builder.build(run, ORIGIN + 10e6, new SourceMapper()).trace);
    const path = join(dir, "run.json.gz");
    writeFileSync(path, gzipSync(text));
    const result = await writeReportFromFile(path, join(dir, "run.html"));
    assert.equal(result.events, (JSON.parse(text) as TraceFile).traceEvents.length);
    const html = readFileSync(join(dir, "run.html"), "utf8");
    const embedded = /data-encoding="gzip\+base64"[^>]*>([^<]+)</.exec(html)?.[1];
    assert.ok(embedded, "the trace is embedded gzip+base64");
    assert.equal(gunzipSync(Buffer.from(embedded, "base64")).toString("utf8"), text);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a build during the run (the editor's Save Trace) changes nothing: the final trace is the same as without it", () => {
  const once = new TraceBuilder(ORIGIN, 50, { thinning: policy() });
  const twice = new TraceBuilder(ORIGIN, 50, { thinning: policy() });
  feed(once, 30, 1000);
  feed(twice, 30, 1000, () => twice.build(run, ORIGIN + 15e6, new SourceMapper()));
  const a = once.build(run, ORIGIN + 30e6, new SourceMapper()).trace;
  const b = twice.build(run, ORIGIN + 30e6, new SourceMapper()).trace;
  assert.deepEqual(b.traceEvents, a.traceEvents);
  assert.deepEqual(meta(b).thinning, meta(a).thinning);
});

test("loopscope run on a real server: spans thinned past a (small) budget, every request in the counters, a .json.gz trace and its report, and the summary says so", async () => {
  ensureBuilt("webview");
  const cwd = tempDir("long-run-real");
  const program = `
    const http = require("node:http");
    const server = http.createServer((req, res) => res.end("ok"));
    server.listen(0, async () => {
      const { port } = server.address();
      for (let i = 0; i < 400; i++) await fetch("http://127.0.0.1:" + port + "/r/" + i).then(r => r.text());
      server.close();
    });`;
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(root, "test/tracer/run-entry.ts"), "--out", "t.json.gz", "--report", "t.html", "--", process.execPath, "-e", program],
    {
      cwd,
      env: { ...process.env, LOOPSCOPE_TRACER_PATH: await tracerPath(), LOOPSCOPE_SPANS_BURST: "50", LOOPSCOPE_SPANS_PER_SEC: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
  const code = await new Promise<number | null>(resolve => child.on("close", c => resolve(c)));
  clearTimeout(timer);
  assert.equal(code, 0, `loopscope run (killed after 90 s if stuck): ${stderr}`);
  const read = await readTraceFile(join(cwd, "t.json.gz"));
  assert.equal(read.gzip, true);
  assert.ok(read.check.ok, !read.check.ok ? read.check.error : "");
  if (!read.check.ok) return;
  const thinning = read.check.metadata!.loopscope!.thinning!;
  const server = thinning.kinds["http server"]!;
  assert.ok(server.thinned > 0 && server.kept < 400, JSON.stringify(thinning.kinds));
  assert.equal(server.kept, read.check.events.filter(e => e.ph === "b" && e.cat === "loopscope.http" && String(e.name).startsWith("⇦")).length);
  const counted = read.check.events
    .filter(e => e.ph === "C" && e.name === COUNTERS.httpServer)
    .reduce((n, e) => n + Number((e.args as { requests: number }).requests), 0);
  assert.equal(counted, 400, "every request is counted");
  assert.deepEqual(chromeTraceProblems({ traceEvents: read.check.events as TraceEvent[], metadata: read.check.metadata }), []);
  assert.match(stderr, /thinned for size: \d+ of \d+ http server/);
  assert.ok(statSync(join(cwd, "t.html")).size > 0, stderr);
});

test("a spill file that cannot be written (a full disk) loses nothing and kills nothing: the events stay in memory and the trace says why", {
  skip: existsSync("/dev/full") ? false : "no /dev/full here to fill the disk",
}, () => {
  const dir = mkdtempSync(join(tmpdir(), "loopscope-fulldisk-"));
  try {
    symlinkSync("/dev/full", join(dir, "spill.ndjson"));
    const full = new TraceBuilder(ORIGIN, 50, { thinning: policy(), spillDir: dir });
    feed(full, 30, 1000);
    const expected = new TraceBuilder(ORIGIN, 50, { thinning: policy() });
    feed(expected, 30, 1000);
    const a = full.build(run, ORIGIN + 30e6, new SourceMapper());
    const b = expected.build(run, ORIGIN + 30e6, new SourceMapper());
    full.dispose();
    assert.equal(a.trace.traceEvents.length, b.trace.traceEvents.length);
    const thinning = meta(a.trace).thinning!;
    assert.match(thinning.spillError ?? "", /ENOSPC|no space/i);
    assert.match(formatSummary(meta(a.trace), a.summary, undefined, "/"), /spill file could not be written \(.*\): later events were kept in its memory/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

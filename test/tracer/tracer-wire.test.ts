// The recorder boundary: wire messages are validated, tokens are checked, garbage is refused and
// counted; the trace builder turns streams into a file that obeys the Chrome format's rules.

import { test } from "node:test";
import assert from "node:assert/strict";
import * as net from "node:net";
import { parseWireMessage, WIRE_VERSION, type HelloMessage } from "../../protocol/src/tracer-wire";
import { Recorder } from "../../tracer/src/recorder/recorder";
import { SourceMapper } from "../../tracer/src/recorder/source-maps";
import { chromeTraceProblems } from "./chrome-trace-rules";
import { DEFAULT_THINNING } from "../../tracer/src/recorder/thinning";

const hello = (token: string, extra: Partial<HelloMessage> = {}): HelloMessage => ({
  t: "hello",
  v: WIRE_VERSION,
  token,
  pid: 4242,
  ppid: 1,
  tid: 0,
  role: "main",
  argv: ["/usr/bin/node", "/app/server.js"],
  execPath: "/usr/bin/node",
  nodeVersion: "v20.0.0",
  ts: 0,
  blockThresholdMs: 50,
  ...extra,
});

test("parseWireMessage accepts each event kind and rejects wrong shapes", () => {
  const good = [
    hello("t"),
    { t: "block", seq: 0, ts: 1, dur: 60000 },
    { t: "sample", seq: 1, ts: 2, forTid: 0, stack: [{ fn: "f", file: "/a.js", line: 1, col: 2 }] },
    { t: "loop", seq: 2, ts: 3, delayP50: 1, delayP99: 2, delayMax: 3, elu: 0.5, heapUsed: 1, heapTotal: 2, handles: 1, requests: 0 },
    { t: "gc", seq: 3, ts: 4, dur: 5, kind: "minor" },
    { t: "http", seq: 4, ts: 5, dur: 6, side: "server", method: "GET", url: "/", status: 200 },
    { t: "net", seq: 5, ts: 6, dur: 7, op: "dns", host: "localhost" },
    { t: "mark", seq: 6, ts: 7, name: "m" },
    { t: "measure", seq: 7, ts: 8, dur: 1, name: "m" },
    { t: "worker", seq: 8, ts: 9, phase: "created", worker: 1, file: "/w.js" },
    { t: "wmsg", seq: 9, ts: 10, peer: 1, count: 3, bytes: 30 },
    { t: "child", seq: 10, ts: 11, phase: "exit", key: 1, child: 99, code: null, signal: "SIGTERM" },
    { t: "stats", seq: 11, ts: 12, dropped: 0, errors: 0, final: true },
    { t: "starved", seq: 12, ts: 13, dur: 60000 },
    { t: "starved", seq: 13, ts: 14, dur: 60000, forTid: 0, waited: 55000 },
  ];
  for (const m of good) assert.ok(parseWireMessage(m), JSON.stringify(m));
  const bad: unknown[] = [
    null,
    [],
    "x",
    { t: "nope", seq: 0, ts: 0 },
    { t: "block", seq: 0, ts: 1 },
    { t: "block", seq: "0", ts: 1, dur: 1 },
    { t: "block", seq: 0, ts: Infinity, dur: 1 },
    { t: "http", seq: 0, ts: 1, dur: 1, side: "sideways", method: "GET", url: "/" },
    { t: "sample", seq: 0, ts: 1, forTid: 0, stack: [{ fn: "f", file: 3, line: 1, col: 1 }] },
    { t: "child", seq: 0, ts: 1, phase: "spawn", key: 1, args: [1, 2] },
    { t: "starved", seq: 0, ts: 1, dur: 60000, forTid: "main" },
    { t: "starved", seq: 0, ts: 1, dur: 60000, forTid: 0, waited: -1 },
    { ...hello("t"), role: "admin" },
    { ...hello("t"), argv: "node app.js" },
  ];
  for (const m of bad) assert.equal(parseWireMessage(m), undefined, JSON.stringify(m));
});

async function send(socketPath: string, lines: unknown[]): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const socket = net.createConnection(socketPath, () => {
      socket.end(lines.map(l => (typeof l === "string" ? l : JSON.stringify(l))).join("\n") + "\n");
    });
    socket.on("error", reject);
    socket.on("close", () => resolve());
  });
}

test("the recorder refuses a wrong token and malformed lines, counts them, and keeps good streams", async () => {
  const recorder = await Recorder.start({ blockThresholdMs: 50 });
  try {
    await send(recorder.socketPath, [hello("wrong-token"), { t: "mark", seq: 0, ts: recorder.originUs + 10, name: "intruder" }]);
    await send(recorder.socketPath, ["not json at all"]);
    const t0 = recorder.originUs;
    await send(recorder.socketPath, [
      hello(recorder.token, { ts: t0 + 1000 }),
      { t: "mark", seq: 0, ts: t0 + 2000, name: "kept" },
      "{broken",
      { t: "block", seq: 1, ts: t0 + 3000, dur: 80_000 },
      { t: "sample", seq: 2, ts: t0 + 40_000, forTid: 0, stack: [{ fn: "handler", file: "/app/server.js", line: 12, col: 5 }] },
      // seq 3 is missing: counted as lost
      { t: "child", seq: 4, ts: t0 + 90_000, phase: "spawn", key: 1, child: 777, file: "ls", args: ["-l"] },
      { t: "stats", seq: 5, ts: t0 + 100_000, dropped: 2, errors: 1, firstError: "TypeError: x is undefined (at sampler (/t.js:1:2))", final: true },
    ]);
    await recorder.waitForIdle(1000);
    assert.equal(recorder.builder.rejected, 3);
    const { trace, summary } = recorder.builder.build(
      { version: "test", command: ["node", "server.js"], cwd: "/app", startedAtEpochMs: 0, durationMs: 100, exitCode: 0, signal: null },
      t0 + 200_000,
      new SourceMapper(),
    );
    assert.deepEqual(chromeTraceProblems(trace), []);
    const names = trace.traceEvents.map(e => e.name);
    assert.ok(names.includes("kept"));
    assert.ok(!names.includes("intruder"));
    const block = trace.traceEvents.find(e => e.cat === "loopscope.block")!;
    assert.equal(block.ts, 3000, "µs since the recorder started");
    assert.deepEqual((block.args as { source: unknown }).source, { file: "/app/server.js", line: 12, column: 5, functionName: "handler" });
    assert.equal(summary.blocks, 1);
    assert.equal(summary.tracerErrors, 1);
    assert.match(
      summary.firstTracerError ?? "",
      /^TypeError: x is undefined \(at sampler \(\/t\.js:1:2\)\) \[pid \d+\]$/,
      "what the error was, and in which thread",
    );
    assert.equal(trace.metadata?.loopscope?.eventsDropped, 3, "2 reported by the tracer + 1 sequence gap");
    // the child never exited during the run: its span is closed at the end and marked unfinished
    const childEnd = trace.traceEvents.find(e => e.cat === "loopscope.child" && e.ph === "e")!;
    assert.equal((childEnd.args as { unfinished?: boolean }).unfinished, true);
    assert.ok(trace.traceEvents.some(e => e.cat === "loopscope.tracer" && e.name.includes("dropped 3")));
  } finally {
    await recorder.close();
  }
});

test("a long run's recorder passes on to live views only the spans its trace keeps, and counts the rest", async () => {
  let live = 0;
  const recorder = await Recorder.start({
    blockThresholdMs: 50,
    thinning: { ...DEFAULT_THINNING, burst: 30, perSecond: 1, outlierBurst: 5, outlierPerSecond: 1 },
    onEvent: (_s, e) => {
      if (e.t === "http") live++;
    },
  });
  try {
    const t0 = recorder.originUs;
    const spans = Array.from({ length: 200 }, (_, i) => ({
      t: "http",
      seq: i,
      ts: t0 + 1000 + i * 1000,
      dur: 500,
      side: "server",
      method: "GET",
      url: `/r/${i}`,
      status: 200,
    }));
    await send(recorder.socketPath, [
      hello(recorder.token, { ts: t0 }),
      ...spans,
      { t: "stats", seq: 200, ts: t0 + 300_000, dropped: 0, errors: 0, final: true },
    ]);
    await recorder.waitForIdle(1000);
    const { trace } = recorder.builder.build(
      { version: "test", command: ["node"], cwd: "/", startedAtEpochMs: 0, durationMs: 300, exitCode: 0, signal: null },
      t0 + 400_000,
      new SourceMapper(),
    );
    const kept = trace.traceEvents.filter(e => e.cat === "loopscope.http" && e.ph === "b").length;
    assert.equal(kept, 30, "the burst (the 0.2 s of the run refills less than one span)");
    assert.equal(live, kept, "the live view got exactly the spans the trace kept");
    assert.deepEqual(trace.metadata?.loopscope?.thinning?.kinds["http server"], { received: 200, kept: 30, thinned: 170 });
  } finally {
    await recorder.close();
  }
});

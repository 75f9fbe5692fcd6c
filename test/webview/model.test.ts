// The timeline's pure model under Node: trace parsing/validation, lanes, rows, async pairing,
// flows, drops, and live appends matching a whole-file load.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parseTraceText, validateTrace, type AnyTraceEvent } from "../../protocol/src/trace-validate";
import { TimelineModel, type SpanRow } from "../../timeline-model/src/timeline-model";
import { LIFECYCLE_FAILED_CLASS, HTTP_ERROR_CLASS } from "../../timeline-model/src/classify";
import { CHILD_PID, HOSTILE_THREAD, KNOWN_BLOCKS, SERVER_PID, generateTrace } from "./trace-generator";
import { fixtureFiles, fixturesDir } from "./make-fixtures";
import { liveRun } from "./live-run";

const fixture = (name: string) => readFileSync(join(fixturesDir, name), "utf8");

function load(events: readonly AnyTraceEvent[], metadata?: unknown): TimelineModel {
  const model = new TimelineModel({ metadata: (metadata as { loopscope?: never } | undefined)?.loopscope });
  model.addEvents(events);
  model.finish();
  model.prepare();
  return model;
}

describe("trace parsing", () => {
  it("committed fixtures match the generator (regenerate with test/webview/make-fixtures.ts)", () => {
    for (const [name, text] of Object.entries(fixtureFiles())) assert.equal(fixture(name), text, name);
  });

  it("accepts the fixture and keeps every event", () => {
    const check = parseTraceText(fixture("server-run.json"));
    assert.ok(check.ok, "check.ok");
    assert.equal(check.events.length, generateTrace().traceEvents.length);
    assert.deepEqual(check.warnings, []);
    assert.equal(check.metadata?.loopscope?.blockThresholdMs, 50);
  });

  it("recovers the complete events of a truncated file, and says so", () => {
    const text = fixture("truncated.json");
    assert.equal(parseTraceText(text).ok, false);
    assert.match((parseTraceText(text) as { error: string }).error, /truncated/);
    const check = parseTraceText(text, { salvageTruncated: true });
    assert.ok(check.ok, "check.ok");
    assert.ok(check.truncated && check.truncated.keptChars < text.length, "check.truncated && check.truncated.keptChars < text.length");
    assert.ok(
      check.events.length > 100 && check.events.length < generateTrace().traceEvents.length,
      "check.events.length > 100 && check.events.length < generateTrace().traceEvents.length",
    );
    assert.match(check.warnings[0], /truncated.*showing the \d+ complete events/);
  });

  it("explains files that are not traces, not JSON, or have no usable events", () => {
    const notTrace = parseTraceText(fixture("not-a-trace.json"));
    assert.ok(!notTrace.ok, "!notTrace.ok");
    assert.match(notTrace.error, /not a trace file.*"traceEvents".*"name", "version"/);
    const invalid = parseTraceText(fixture("invalid.json"), { salvageTruncated: true });
    assert.ok(!invalid.ok, "!invalid.ok");
    assert.match(invalid.error, /not valid JSON/);
    const bad = parseTraceText(fixture("bad-events.json"));
    assert.ok(!bad.ok, "!bad.ok");
    assert.match(bad.error, /None of the 4 entries/);
    assert.match((parseTraceText("") as { error: string }).error, /empty/);
    assert.match((validateTrace(null) as { error: string }).error, /found null/);
  });

  it("skips malformed events with a count, and accepts the bare-array form", () => {
    const check = validateTrace([
      { ph: "X", name: "a", ts: 1, dur: 2, pid: 1, tid: 1 },
      { ph: "X", name: "b", ts: 1, pid: 1 },
      { ph: "P", name: "sample", ts: 1, pid: 1 },
      { ph: "X", name: "c", ts: "1", dur: 1, pid: 1 },
    ]);
    assert.ok(check.ok, "check.ok");
    assert.equal(check.events.length, 1);
    assert.equal(check.warnings.length, 3);
    assert.ok(
      check.warnings.some(w => /without a non-negative "dur"/.test(w)),
      'check.warnings.some(w => /without a non-negative "dur"/.test(w))',
    );
    assert.ok(
      check.warnings.some(w => /Ignored 1 event of phases/.test(w)),
      "check.warnings.some(w => /Ignored 1 event of phases/.test(w))",
    );
  });
});

describe("recorded traces (loopscope run on test/fixtures/programs)", () => {
  const loadFixture = (name: string) => {
    const check = parseTraceText(fixture(name));
    assert.ok(check.ok, name);
    assert.deepEqual(check.warnings, [], name);
    return load(check.events, check.metadata);
  };

  it("blocking-server: the blocks and their call sites", () => {
    const m = loadFixture("recorded-blocking-server.json");
    const loop = m.rows().find(r => r.kind === "spans" && r.category === "loop") as SpanRow;
    const lines = [...Array(loop.store.n).keys()]
      .map(i => m.records[loop.store.ref[i]].args?.source as { file: string; line: number } | undefined)
      .filter(s => s?.file.endsWith("blocking-server.mjs"))
      .map(s => s!.line);
    for (const line of [16, 21, 27]) assert.ok(lines.includes(line), `a block at blocking-server.mjs:${line}`);
    assert.ok(
      m.rows().some(r => r.kind === "spans" && r.category === "http-server" && r.store.n > 0),
      "HTTP server spans",
    );
  });

  it("worker-pool: a lane per worker thread, with flows from where they were started", () => {
    const m = loadFixture("recorded-worker-pool.json");
    const [lane] = m.orderedLanes();
    assert.equal(lane.threads.length, 4);
    assert.deepEqual(
      lane.threads.map(t => m.threadLabel(lane.process.pid, t.tid)).map(n => n.split(" ")[0]),
      ["main", "worker", "worker", "worker"],
    );
    assert.equal(m.flows.length, 3);
  });

  it("children: traced Node children are processes of their own, linked to the spawn site", () => {
    const m = loadFixture("recorded-children.json");
    assert.equal(m.orderedLanes().length, 3);
    assert.ok(m.flows.length >= 2 && m.flows.every(f => f.toPid !== f.fromPid), "flows into the child processes");
  });
});

describe("timeline model", () => {
  const trace = generateTrace();
  const model = load(trace.traceEvents, trace.metadata);

  it("has one lane per process, named by command and pid, in the trace's sort order", () => {
    const lanes = model.orderedLanes();
    assert.deepEqual(
      lanes.map(l => l.process.pid),
      [SERVER_PID, CHILD_PID],
    );
    assert.equal(model.processLabel(SERVER_PID), `node server.js [${SERVER_PID}]`);
    assert.deepEqual(
      lanes[0].threads.map(t => model.threadLabel(SERVER_PID, t.tid)),
      ["main thread", "worker 1 resize.js", HOSTILE_THREAD],
    );
    // Without a name in the trace, the pid is added.
    const bare = load([
      { ph: "M", name: "process_name", ts: 0, pid: 7, tid: 7, args: { name: "node x.js" } },
      { ph: "X", name: "b", ts: 0, dur: 1, pid: 7, tid: 7 },
    ]);
    assert.equal(bare.processLabel(7), "node x.js (pid 7)");
    assert.equal(bare.threadLabel(7, 7), "main thread");
  });

  it("puts events into rows by category, with counters named without the worker suffix", () => {
    const main = model.processes.get(SERVER_PID)!.threads.get(SERVER_PID)!;
    assert.deepEqual(
      main.rows.map(r => r.label),
      [
        "event loop",
        "GC",
        "HTTP server",
        "HTTP client",
        "DNS / connect",
        "user timings",
        "workers / children",
        "event loop delay (ms)",
        "event loop utilization (%)",
        "memory (MB)",
        "active resources",
        "messages ↔ worker 1",
        "messages ↔ worker 2",
        "queue depth",
      ],
    );
    const worker = model.processes.get(SERVER_PID)!.threads.get(1)!;
    assert.ok(
      worker.rows.some(r => r.id === `${SERVER_PID}:1:counter:event loop delay (ms) (worker 1)` && r.label === "event loop delay (ms)"),
      "worker.rows.some(r => r.id === `${SERVER_PID}:1:counter:event loop delay (ms) (worker 1...",
    );
    const delay = worker.rows.find(r => r.label === "event loop delay (ms)")!;
    assert.equal(delay.kind, "counter");
    assert.equal(delay.kind === "counter" && delay.unit, "ms");
    assert.deepEqual(delay.kind === "counter" && delay.store.series, ["p50", "p99", "max"]);
  });

  it("pairs async begin/end events into spans and colours outcomes", () => {
    const expectedHttp = trace.traceEvents.filter(e => e.cat === "loopscope.http" && e.ph === "b").length;
    const server = model.row(`${SERVER_PID}:${SERVER_PID}:http-server`)!;
    const client = model.row(`${SERVER_PID}:${SERVER_PID}:http-client`)!;
    assert.equal(server.store.n + client.store.n, expectedHttp);
    assert.ok(server.kind === "spans" && server.store.levels > 1, "overlapping requests stack on levels");
    const errors = trace.traceEvents.filter(e => e.ph === "b" && e.cat === "loopscope.http" && ((e.args?.status as number) >= 500 || e.args?.error)).length;
    let coloured = 0;
    for (const row of [server, client]) for (let i = 0; i < row.store.n; i++) if (row.kind === "spans" && row.store.colour[i] === HTTP_ERROR_CLASS) coloured++;
    assert.equal(coloured, errors);
    // `git` exited 128 (known only from the end event): a failed lifecycle.
    const lifecycle = model.row(`${SERVER_PID}:${SERVER_PID}:lifecycle`)!;
    assert.equal(lifecycle.kind, "spans");
    const git = [...Array(lifecycle.store.n).keys()].find(i => model.records[lifecycle.store.ref[i]].name.startsWith("child 4400"))!;
    assert.equal(lifecycle.store.colour[git], LIFECYCLE_FAILED_CLASS);
    assert.equal(model.records[lifecycle.store.ref[git]].endArgs?.exitCode, 128);
  });

  it("keeps blocks with their durations, start times sorted, and the threshold from the metadata", () => {
    assert.equal(model.thresholdUs, 50_000);
    const loop = model.row(`${SERVER_PID}:${SERVER_PID}:loop`) as SpanRow;
    for (let i = 1; i < loop.store.n; i++) assert.ok(loop.store.start[i - 1] <= loop.store.start[i], "loop.store.start[i - 1] <= loop.store.start[i]");
    const known = KNOWN_BLOCKS.filter(b => b.worker === 0);
    for (const b of known) {
      const i = [...Array(loop.store.n).keys()].find(j => loop.store.end[j] - loop.store.start[j] === b.dur);
      assert.ok(i !== undefined, `block of ${b.dur} µs`);
    }
  });

  it("links flows from where workers and the child were started to their lanes", () => {
    assert.equal(model.flows.length, 3);
    const toChild = model.flows.find(f => f.toPid === CHILD_PID)!;
    assert.deepEqual([toChild.fromPid, toChild.fromTid, toChild.toTid], [SERVER_PID, SERVER_PID, CHILD_PID]);
    assert.ok(toChild.toTs > toChild.fromTs, "toChild.toTs > toChild.fromTs");
    assert.deepEqual(
      model.flows
        .filter(f => f.toPid === SERVER_PID)
        .map(f => f.toTid)
        .sort(),
      [1, 2],
    );
  });

  it("reports drops from the metadata, else from tracer notes", () => {
    assert.equal(model.dropped, 12);
    const withoutMetadata = load(trace.traceEvents);
    assert.equal(withoutMetadata.dropped, 12);
    assert.deepEqual(withoutMetadata.dropsByStream, { [`${SERVER_PID}:2`]: 12 });
  });

  it("builds the same rows from live batches (out of order across streams) as from the whole file", () => {
    const run = liveRun();
    const events = trace.traceEvents;
    for (let i = 0; i < events.length; i += 97) run.add(events.slice(i, i + 97));
    run.finish();
    const live = run.page;
    assert.equal(live.eventCount, model.eventCount);
    const whole = model
      .rows()
      .map(r => [r.id, r.store.n, Array.from(r.kind === "spans" ? r.store.start.subarray(0, r.store.n) : r.store.time.subarray(0, r.store.n))]);
    const streamed = live
      .rows()
      .map(r => [r.id, r.store.n, Array.from(r.kind === "spans" ? r.store.start.subarray(0, r.store.n) : r.store.time.subarray(0, r.store.n))]);
    assert.deepEqual(new Map(streamed as [string, unknown][]), new Map(whole as [string, unknown][]));
  });

  it("closes begins without an end at the end of the trace, marked unfinished", () => {
    const m = load([
      { ph: "b", cat: "loopscope.http", name: "⇦ GET /slow", id: "h1", ts: 100, pid: 1, tid: 1, args: { side: "server" } },
      { ph: "X", cat: "loopscope.block", name: "block", ts: 500, dur: 1000, pid: 1, tid: 1 },
    ]);
    const row = m.row("1:1:http-server") as SpanRow;
    assert.equal(row.store.n, 1);
    assert.equal(row.store.end[0], 1500);
    assert.equal(m.records[row.store.ref[0]].unfinished, true);
  });
});

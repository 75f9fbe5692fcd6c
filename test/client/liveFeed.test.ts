// The live feed on its own, under Node: stream events in the order a recorder hands them over
// (hello, events, close), batch by batch, and the trace events the panel gets. Spans that start in
// one batch and end in another keep their id; lanes start at hello and end at close; names and
// sort orders do not change back; what the batches add up to agrees with the final trace.
import { test } from "node:test";
import assert from "node:assert/strict";
import { LiveFeed } from "../../client/src/timeline/liveFeed";
import { TraceBuilder, type StreamInfo } from "../../tracer/src/recorder/trace-builder";
import { SourceMapper } from "../../tracer/src/recorder/source-maps";
import { WIRE_VERSION, type HelloMessage, type WireEvent, type WireEventInput } from "../../protocol/src/tracer-wire";
import type { TraceEvent } from "../../protocol/src/trace";

const PID = 4242;
const CHILD = 4300;
const ORIGIN = 1_000_000;

/** A recorder without the socket: its builder keeps each stream's state, the feed gets what it would. */
class FakeRecorder {
  readonly builder = new TraceBuilder(ORIGIN, 50);
  readonly feed = new LiveFeed(ORIGIN, 50, new SourceMapper(), () => 0);
  private readonly seqs = new Map<StreamInfo, number>();
  private n = 0;

  hello(extra: Partial<HelloMessage>): StreamInfo {
    const hello: HelloMessage = {
      t: "hello",
      v: WIRE_VERSION,
      token: "t",
      pid: PID,
      ppid: 1,
      tid: 0,
      role: "main",
      argv: ["/usr/bin/node", "/app/main.js"],
      execPath: "/usr/bin/node",
      nodeVersion: "v20.0.0",
      ts: ORIGIN,
      blockThresholdMs: 50,
      ...extra,
    };
    const stream = this.builder.open(`${hello.pid}:${hello.tid}:${this.n++}`, hello);
    this.feed.open(stream);
    return stream;
  }

  send(stream: StreamInfo, event: WireEventInput): void {
    const seq = this.seqs.get(stream) ?? 0;
    this.seqs.set(stream, seq + 1);
    const e = { ...event, seq } as WireEvent;
    this.builder.add(stream, e);
    this.feed.add(stream, e);
  }

  close(stream: StreamInfo): void {
    this.send(stream, { t: "stats", ts: stream.lastTs, dropped: 0, errors: 0, final: true });
    this.builder.close(stream);
    this.feed.close(stream);
  }
}

test("live batches: worker and child spans and lanes open at once and close in later batches with the same ids", () => {
  const r = new FakeRecorder();
  const batches: TraceEvent[][] = [];
  const take = () => {
    const b = r.feed.take(0);
    batches.push(b);
    return b;
  };
  const us = (ms: number) => ORIGIN + ms * 1000;

  const main = r.hello({ ts: us(0) });
  let batch = take();
  assert.deepEqual(
    batch.filter(e => e.ph === "b").map(e => [e.cat, e.name, e.pid, e.tid]),
    [["loopscope.child", "process", PID, PID]],
    "the main lane starts at hello",
  );
  assert.ok(batch.some(e => e.ph === "M" && e.name === "process_name" && (e.args as { name: string }).name === `node main.js [${PID}]`));

  r.send(main, { t: "worker", phase: "created", ts: us(10), worker: 1, file: "/app/pool.js" });
  r.send(main, { t: "child", phase: "spawn", ts: us(20), key: 1, child: CHILD, file: "/usr/bin/node", args: ["task.js"] });
  r.send(main, { t: "child", phase: "spawn", ts: us(25), key: 2, child: CHILD + 1, file: "sh", args: ["-c", "sleep 1"] });
  batch = take();
  const opened = batch.filter(e => e.ph === "b");
  assert.deepEqual(
    opened.map(e => e.name),
    ["worker 1", `child ${CHILD} /usr/bin/node task.js`, `child ${CHILD + 1} sh -c sleep 1`],
  );
  assert.ok(!batch.some(e => e.ph === "e"), "nothing ended yet");

  // The worker's tracer connects and reports a block; the child's says hello only.
  const worker = r.hello({ tid: 1, role: "worker", ts: us(40), argv: ["/usr/bin/node"] });
  r.send(worker, { t: "block", ts: us(100), dur: 80_000 });
  const child = r.hello({ pid: CHILD, ppid: PID, ts: us(60), argv: ["/usr/bin/node", "/app/task.js"] });
  batch = take();
  assert.deepEqual(
    batch.filter(e => e.ph === "b").map(e => [e.name, e.pid, e.tid]),
    [
      ["thread", PID, 1],
      ["process", CHILD, CHILD],
    ],
  );
  assert.ok(
    batch.some(e => e.ph === "M" && e.name === "thread_name" && e.tid === 1 && (e.args as { name: string }).name === "worker 1 pool.js"),
    "the worker's lane is named after its file",
  );
  assert.ok(
    batch.some(e => e.ph === "X" && e.cat === "loopscope.block" && e.tid === 1),
    "the worker's block",
  );
  const flows = batch.filter(e => e.ph === "s" || e.ph === "f");
  assert.equal(flows.length, 4, "a flow to each new lane, its start from an earlier batch");
  assert.ok(!batch.some(e => e.ph === "M" && e.name === "process_name" && e.pid === PID), "the process's name is not sent again");

  // Exits: the worker with code 2, the Node child with 0; the worker's and child's streams close.
  r.send(main, { t: "worker", phase: "exit", ts: us(300), worker: 1, code: 2 });
  r.send(main, { t: "child", phase: "exit", ts: us(310), key: 1, child: CHILD, code: 0, signal: null });
  r.send(child, { t: "gc", ts: us(200), dur: 1000, kind: "minor" });
  r.close(worker);
  r.close(child);
  batch = take();
  const ended = batch.filter(e => e.ph === "e") as Array<TraceEvent & { id: string }>;
  const byId = (id: string) => opened.concat(batches.flat().filter(e => e.ph === "b")).find(e => (e as { id?: string }).id === id);
  assert.deepEqual(
    ended.map(e => [e.name, byId(e.id)?.name, e.args]),
    [
      ["worker 1", "worker 1", { exitCode: 2 }],
      [`child ${CHILD} /usr/bin/node task.js`, `child ${CHILD} /usr/bin/node task.js`, { exitCode: 0, signal: null }],
      ["thread", "thread", { complete: true }],
      ["process", "process", { complete: true }],
    ],
  );
  assert.equal(ended.find(e => e.name === "thread")!.ts, 180_000, "the worker's lane ends with its last event");
  r.close(main);
  take();

  const all = batches.flat();
  // No process or thread name was ever sent back to a worse one, sort orders once.
  const meta = all.filter(e => e.ph === "M").map(e => `${e.name} ${e.pid}:${e.tid}`);
  assert.equal(new Set(meta).size, meta.length, JSON.stringify(meta));
  // Every span began once and ended at most once, by id; the sh child is still running.
  const ids = (ph: string) => all.filter(e => e.ph === ph).map(e => (e as { id: string }).id);
  assert.equal(new Set(ids("b")).size, ids("b").length);
  assert.deepEqual(
    ids("b")
      .filter(id => !ids("e").includes(id))
      .map(id => byId(id)!.name),
    [`child ${CHILD + 1} sh -c sleep 1`],
  );

  // The same spans as the trace file built in one go.
  const { trace } = r.builder.build(
    { version: "t", command: [], cwd: "", startedAtEpochMs: 0, durationMs: 0, exitCode: 0, signal: null },
    us(400),
    new SourceMapper(),
  );
  const spans = (events: TraceEvent[]) =>
    events
      .filter(
        e =>
          (e.ph === "b" || e.ph === "e") &&
          (e.cat === "loopscope.worker" || e.cat === "loopscope.child") &&
          e.name !== "thread" &&
          e.name !== "process" &&
          !(e.args as { unfinished?: boolean } | undefined)?.unfinished,
      )
      .map(e => `${e.ph} ${e.name} ${e.pid}:${e.tid} ${e.ts}`)
      .sort();
  assert.deepEqual(spans(all), spans(trace.traceEvents));
  const isLane = (e: TraceEvent) => e.name === "thread" || e.name === "process";
  const liveLanes = all
    .filter(e => isLane(e) && e.ph === "b")
    .map(b => {
      const end = all.find(e => isLane(e) && e.ph === "e" && (e as { id: string }).id === (b as { id: string }).id);
      return `${b.pid}:${b.tid} ${b.ts}-${end?.ts}`;
    })
    .sort();
  const fileLanes = trace.traceEvents
    .filter(e => isLane(e) && e.ph === "X")
    .map(e => `${e.pid}:${e.tid} ${e.ts}-${e.ts + (e as { dur: number }).dur}`)
    .sort();
  assert.deepEqual(liveLanes, fileLanes, "the same lanes, from and to the same times");
});

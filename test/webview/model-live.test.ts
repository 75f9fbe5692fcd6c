// A live run's model: the extension's (LiveTrace, fed the recorder's batches) and the page's, grown
// from its snapshot deltas with its events served on request, as the panel's page is during a run.
// A worker or child process whose begin arrived without its end is drawn as ongoing up to the
// newest event, its end in a later batch completes the same record (exit code, colour), and the
// rows end up as those of the whole file, whatever the batches.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parseTraceText, type AnyTraceEvent } from "../../protocol/src/trace-validate";
import { TimelineModel, type ModelEvent, type SpanRow } from "../../timeline-model/src/timeline-model";
import { liveRun } from "./live-run";
import { LIFECYCLE_FAILED_CLASS } from "../../timeline-model/src/classify";
import { generateTrace } from "./trace-generator";
import { fixturesDir } from "./make-fixtures";

const MAIN = 100;
const WORKER = 2;
const CHILD = 200;

/** What the live feed sends during a run with one worker and one Node child (times in µs). */
const batches: Record<string, unknown>[][] = [
  [
    { ph: "M", name: "process_name", ts: 0, pid: MAIN, tid: MAIN, args: { name: `node app.js [${MAIN}]` } },
    { ph: "M", name: "thread_name", ts: 0, pid: MAIN, tid: MAIN, args: { name: "main thread" } },
    { ph: "M", name: "thread_sort_index", ts: 0, pid: MAIN, tid: MAIN, args: { sort_index: 0 } },
    { ph: "M", name: "thread_name", ts: 0, pid: MAIN, tid: WORKER, args: { name: "worker 2 pool.js" } },
    { ph: "M", name: "thread_sort_index", ts: 0, pid: MAIN, tid: WORKER, args: { sort_index: WORKER } },
    {
      ph: "b",
      cat: "loopscope.child",
      name: "process",
      id: `lane.${MAIN}.${MAIN}`,
      ts: 0,
      pid: MAIN,
      tid: MAIN,
      args: { pid: MAIN, threadId: 0, role: "main", complete: false },
    },
    { ph: "X", cat: "loopscope.worker", name: "new Worker pool.js", ts: 1000, dur: 1, pid: MAIN, tid: MAIN, args: { threadId: WORKER } },
    { ph: "b", cat: "loopscope.worker", name: "worker 2", id: "worker1", ts: 1000, pid: MAIN, tid: MAIN, args: { threadId: WORKER, file: "pool.js" } },
    { ph: "s", cat: "loopscope.flow", name: "started", id: "flow2", ts: 1000, pid: MAIN, tid: MAIN },
    { ph: "X", cat: "loopscope.child", name: "spawn node task.js", ts: 2000, dur: 1, pid: MAIN, tid: MAIN, args: { childPid: CHILD } },
    {
      ph: "b",
      cat: "loopscope.child",
      name: `child ${CHILD} node task.js`,
      id: "child3",
      ts: 2000,
      pid: MAIN,
      tid: MAIN,
      args: { childPid: CHILD, file: "node", args: ["task.js"], traced: false },
    },
    { ph: "s", cat: "loopscope.flow", name: "spawned", id: "flow4", ts: 2000, pid: MAIN, tid: MAIN },
    {
      ph: "b",
      cat: "loopscope.worker",
      name: "thread",
      id: `lane.${MAIN}.${WORKER}`,
      ts: 5000,
      pid: MAIN,
      tid: WORKER,
      args: { pid: MAIN, threadId: WORKER, role: "worker", complete: false },
    },
    { ph: "f", bp: "e", cat: "loopscope.flow", name: "started", id: "flow2", ts: 5000, pid: MAIN, tid: WORKER },
    { ph: "X", cat: "loopscope.block", name: "block 50 ms", ts: 10_000, dur: 50_000, pid: MAIN, tid: WORKER, args: { thresholdMs: 50 } },
  ],
  [
    { ph: "M", name: "process_name", ts: 0, pid: CHILD, tid: CHILD, args: { name: `node task.js [${CHILD}]` } },
    { ph: "M", name: "thread_name", ts: 0, pid: CHILD, tid: CHILD, args: { name: "main thread" } },
    {
      ph: "b",
      cat: "loopscope.child",
      name: "process",
      id: `lane.${CHILD}.${CHILD}`,
      ts: 8000,
      pid: CHILD,
      tid: CHILD,
      args: { pid: CHILD, threadId: 0, role: "main", complete: false },
    },
    { ph: "f", bp: "e", cat: "loopscope.flow", name: "spawned", id: "flow4", ts: 8000, pid: CHILD, tid: CHILD },
    { ph: "X", cat: "loopscope.block", name: "block 60 ms", ts: 100_000, dur: 60_000, pid: CHILD, tid: CHILD, args: { thresholdMs: 50 } },
  ],
  [
    { ph: "e", cat: "loopscope.child", name: "process", id: `lane.${CHILD}.${CHILD}`, ts: 169_000, pid: CHILD, tid: CHILD, args: { complete: true } },
    {
      ph: "e",
      cat: "loopscope.child",
      name: `child ${CHILD} node task.js`,
      id: "child3",
      ts: 170_000,
      pid: MAIN,
      tid: MAIN,
      args: { exitCode: 0, signal: null },
    },
    { ph: "e", cat: "loopscope.worker", name: "thread", id: `lane.${MAIN}.${WORKER}`, ts: 199_000, pid: MAIN, tid: WORKER, args: { complete: true } },
    { ph: "e", cat: "loopscope.worker", name: "worker 2", id: "worker1", ts: 200_000, pid: MAIN, tid: MAIN, args: { exitCode: 1 } },
  ],
];

function spans(model: TimelineModel, pid: number, tid: number): Array<{ record: ModelEvent; end: number; colour: number }> {
  const rows = (model.processes.get(pid)?.threads.get(tid)?.rows ?? []).filter((r): r is SpanRow => r.kind === "spans");
  return rows.flatMap(r =>
    Array.from({ length: r.store.n }, (_, i) => ({ record: model.record(r.store.ref[i])!, end: r.store.end[i], colour: r.store.colour[i] })),
  );
}
const named = (model: TimelineModel, pid: number, tid: number, name: string) => {
  const found = spans(model, pid, tid).find(s => s.record.name === name);
  assert.ok(found, `${name} in ${pid}:${tid}: ${JSON.stringify(spans(model, pid, tid).map(s => s.record.name))}`);
  return found;
};

/** Every span row as sorted [start, end, colour, name, unfinished, ongoing, end args, level] tuples, with the row's number of levels. */
function rowsOf(model: TimelineModel): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const row of model.rows()) {
    if (row.kind !== "spans") {
      out.set(row.id, Array.from(row.store.time.subarray(0, row.store.n)));
      continue;
    }
    const s = row.store;
    const list = Array.from({ length: s.n }, (_, i) => {
      const r = model.record(s.ref[i])!;
      return [
        s.start[i],
        Math.round(s.end[i] * 1000) / 1000,
        s.colour[i],
        r.name,
        r.unfinished === true,
        r.ongoing === true,
        JSON.stringify(r.endArgs ?? null),
        s.level[i],
      ];
    });
    list.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    out.set(row.id, { levels: s.levels, list, maxEnd: s.n ? Math.round(s.maxEndPrefix[s.n - 1]! * 1000) / 1000 : null });
  }
  return out;
}

function fromFile(events: readonly unknown[]): TimelineModel {
  const model = new TimelineModel({ blockThresholdMs: 50 });
  model.addEvents(events as AnyTraceEvent[]);
  model.finish();
  model.prepare();
  return model;
}

function streamed(events: readonly unknown[], size: number): TimelineModel {
  const live = liveRun();
  for (let i = 0; i < events.length; i += size) live.add(events.slice(i, i + size));
  live.finish();
  return live.page;
}

describe("live worker and child lanes in the model", () => {
  it("a worker and a child started in one batch are laid out at once and drawn as ongoing to the newest event", () => {
    const live = liveRun();
    live.add(batches[0]!);
    const model = live.page;
    assert.deepEqual(
      model.orderedLanes().map(l => [l.process.pid, l.threads.map(t => t.tid)]),
      [[MAIN, [MAIN, WORKER]]],
    );
    assert.equal(model.threadLabel(MAIN, WORKER), "worker 2 pool.js");
    assert.equal(model.endUs, 60_000);
    for (const [pid, tid, name] of [
      [MAIN, MAIN, "worker 2"],
      [MAIN, MAIN, `child ${CHILD} node task.js`],
      [MAIN, MAIN, "process"],
      [MAIN, WORKER, "thread"],
    ] as const) {
      const span = named(model, pid, tid, name);
      assert.equal(span.record.ongoing, true, name);
      assert.equal(span.record.unfinished, true, name);
      assert.equal(span.end, 60_000, `${name} reaches the newest event`);
    }
    assert.equal(model.flows.length, 1, "the flow to the worker's lane");
    // The worker's lane has its own rows: the lifetime and its block.
    assert.deepEqual(
      model.processes
        .get(MAIN)!
        .threads.get(WORKER)!
        .rows.map(r => r.label),
      ["event loop", "workers / children"],
    );
  });

  it("later batches stretch the ongoing spans and add the child's lane; ends complete the same records", () => {
    const live = liveRun();
    live.add(batches[0]!);
    const model = live.page;
    const lifecycle = model.row(`${MAIN}:${MAIN}:lifecycle`) as SpanRow;
    const before = lifecycle.store.n;

    live.add(batches[1]!);
    assert.equal(model.endUs, 160_000);
    assert.equal(named(model, MAIN, MAIN, "worker 2").end, 160_000);
    assert.equal(named(model, MAIN, WORKER, "thread").end, 160_000);
    assert.equal(named(model, CHILD, CHILD, "process").record.ongoing, true);
    assert.deepEqual(
      model.orderedLanes().map(l => l.process.pid),
      [MAIN, CHILD],
    );
    assert.equal(model.flows.length, 2, "the flow to the child's lane, its start from the first batch");
    assert.equal(lifecycle.store.n, before, "no new record for a span already drawn");

    live.add(batches[2]!);
    assert.equal(lifecycle.store.n, before);
    const worker = named(model, MAIN, MAIN, "worker 2");
    assert.equal(worker.end, 200_000);
    assert.equal(worker.record.dur, 199_000);
    assert.equal(worker.record.ongoing, undefined);
    assert.equal(worker.record.unfinished, undefined);
    assert.deepEqual(worker.record.endArgs, { exitCode: 1 });
    assert.equal(worker.colour, LIFECYCLE_FAILED_CLASS, "a worker that exited with code 1 is drawn as failed");
    const child = named(model, MAIN, MAIN, `child ${CHILD} node task.js`);
    assert.equal(child.end, 170_000);
    assert.equal(child.colour, 1, "a child that exited with 0");
    assert.equal(named(model, CHILD, CHILD, "process").end, 169_000);
    assert.deepEqual(named(model, MAIN, WORKER, "thread").record.endArgs, { complete: true });
    // The main process is still running: it reaches the newest event, the worker's exit.
    const main = named(model, MAIN, MAIN, "process");
    assert.equal(main.record.ongoing, true);
    assert.equal(main.end, 200_000);
    // Levels are laid out again with the real ends.
    assert.ok(lifecycle.store.levels >= 2, `overlapping lifetimes stack: ${lifecycle.store.levels}`);

    // The run ends without the main lane's end: drawn to the end, unfinished, no longer ongoing.
    live.finish();
    const ended = named(model, MAIN, MAIN, "process");
    assert.equal(ended.record.ongoing, undefined);
    assert.equal(ended.record.unfinished, true);
    assert.equal(ended.record.dur, 200_000);
  });

  it("the streamed rows equal those of the same events loaded as a file, for any batch size", () => {
    const all = batches.flat();
    const whole = rowsOf(fromFile(all));
    for (const size of [1, 2, 5, all.length]) assert.deepEqual(rowsOf(streamed(all, size)), whole, `batches of ${size}`);
  });

  it("recorded and generated traces cut into batches give the rows, levels, ends and colours of the whole file", () => {
    const files = ["recorded-worker-pool.json", "recorded-children.json", "recorded-blocking-server.json"].map(name => {
      const check = parseTraceText(readFileSync(join(fixturesDir, name), "utf8"));
      assert.ok(check.ok, name);
      return [name, check.events] as const;
    });
    files.push(["generated", generateTrace({ durationSec: 2 }).traceEvents as unknown as AnyTraceEvent[]]);
    for (const [name, events] of files) {
      const whole = rowsOf(fromFile(events));
      for (const size of [1, 13, 97]) assert.deepEqual(rowsOf(streamed(events, size)), whole, `${name} in batches of ${size}`);
    }
  });

  it("an end that never arrives during the run is closed by finish() like a file's unfinished begin", () => {
    const begin = {
      ph: "b",
      cat: "loopscope.child",
      name: "child 9 sleep",
      id: "c1",
      ts: 100,
      pid: 1,
      tid: 1,
      args: { childPid: 9, file: "sleep", args: [], traced: false },
    };
    const later = { ph: "X", cat: "loopscope.block", name: "block", ts: 500, dur: 1000, pid: 1, tid: 1 };
    const live = liveRun();
    live.add([begin]);
    assert.equal(named(live.page, 1, 1, "child 9 sleep").end, 100, "a begin alone is drawn from its start");
    live.add([later]);
    live.finish();
    assert.deepEqual(rowsOf(live.page), rowsOf(fromFile([begin, later])));
  });
});

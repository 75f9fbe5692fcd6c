// The live stream on a real program: while a worker thread and a child process are still running,
// their lanes, their lifetime spans (drawn as ongoing) and their own blocks are already in the live
// timeline; their exits (with the exit codes) arrive before the run ends; and what was streamed
// agrees with the trace file written at the end. The stream is the one the extension's timeline
// panel draws from (LiveRun: the recorder of `loopscope run` and its live feed), kept by the
// extension's LiveView and sent as the panel's page gets it: snapshot deltas, events on request.

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { LiveRun } from "../../client/src/timeline/liveRun";
import { LiveView } from "../../client/src/timeline/liveView";
import { LivePage } from "../helpers/live-page";
import { TimelineModel, type ModelEvent, type SpanRow } from "../../timeline-model/src/timeline-model";
import { validateTrace } from "../../protocol/src/trace-validate";
import type { TraceEvent } from "../../protocol/src/trace";
import { programs, tracerPath } from "./helpers";
import { chromeTraceProblems } from "./chrome-trace-rules";

const spansOf = (model: TimelineModel, pid: number, tid: number): ModelEvent[] => {
  const rows = model.processes.get(pid)?.threads.get(tid)?.rows ?? [];
  return rows.filter((r): r is SpanRow => r.kind === "spans").flatMap(r => Array.from(r.store.ref.subarray(0, r.store.n), ref => model.record(ref)!));
};

test("live: a running worker and child have their lanes, ongoing spans and blocks before the program ends", { timeout: 90_000 }, async () => {
  const file = join(programs, "live-lanes.cjs");
  const view = new LiveView("live-lanes.trace.json", 50, 100);
  const page = new LivePage((serial, indices) => view.eventsAt(serial, indices));
  view.attach(page.receive, 1);
  const model = page.model!;
  const streamed: TraceEvent[] = [];
  let output = "";
  const run = await LiveRun.start({
    command: process.execPath,
    args: [file],
    cwd: programs,
    tracerPath: await tracerPath(),
    blockThresholdMs: 50,
    onOutput: text => {
      output += text;
    },
    onEvents: events => {
      streamed.push(...events);
      view.add(events);
    },
  });
  // The run's end, or a kill of its whole process group when it does not come.
  const ended = async () => {
    const timer = setTimeout(() => run.signal("SIGKILL"), 20_000);
    try {
      return await run.done;
    } finally {
      clearTimeout(timer);
    }
  };
  try {
    const mainPid = run.pid!;
    // The moment the live model shows both, with their blocks.
    const seen = () => {
      const main = model.processes.get(mainPid);
      const worker = [...(main?.threads.values() ?? [])].find(t => t.tid !== mainPid && t.rows.length > 0);
      const child = [...model.processes.values()].find(p => p.pid !== mainPid && [...p.threads.values()].some(t => t.rows.length > 0));
      if (!worker || !child) return undefined;
      const workerBlock = spansOf(model, mainPid, worker.tid).find(e => e.cat === "loopscope.block" && (e.dur ?? 0) >= 100_000);
      const childBlock = spansOf(model, child.pid, child.pid).find(e => e.cat === "loopscope.block" && (e.dur ?? 0) >= 100_000);
      return workerBlock && childBlock ? { worker, child, workerBlock, childBlock } : undefined;
    };
    const deadline = Date.now() + 30_000;
    let found = seen();
    while (!found && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 50));
      found = seen();
    }
    assert.ok(
      found,
      `worker and child lanes with their blocks, live; lanes so far: ${JSON.stringify(model.orderedLanes().map(l => [l.process.pid, l.threads.map(t => [t.tid, t.name, t.rows.map(r => r.label)])]))}`,
    );
    assert.ok(run.running, "the program is still running");
    assert.match(output, /^ready\n$/, "the program's output so far, unchanged");

    const { worker, child, workerBlock, childBlock } = found;
    // Lanes as the page lays them out, named.
    const lanes = model.orderedLanes();
    assert.ok(
      lanes.some(l => l.process.pid === mainPid && l.threads.some(t => t.tid === worker.tid)),
      "the worker's lane is laid out",
    );
    assert.ok(
      lanes.some(l => l.process.pid === child.pid),
      "the child's lane is laid out",
    );
    assert.match(worker.name ?? "", /^worker \d+ live-lanes\.cjs$/);
    assert.match(model.processLabel(child.pid), new RegExp(`live-lanes\\.cjs child \\[${child.pid}\\]`));
    // The blocks carry their call sites (on a loaded machine a sample may land between two timer
    // callbacks and show only Node's own frames: one of the two is enough).
    const site = (e: ModelEvent) => (e.args as { source?: { file: string } } | undefined)?.source?.file;
    assert.ok(site(workerBlock) === file || site(childBlock) === file, `a live block at its call site: ${site(workerBlock)}, ${site(childBlock)}`);
    // Lifetime spans, ongoing: in the parent's lane (worker, child) and each lane's own.
    const ongoing = (e: ModelEvent | undefined) => !!e && e.ongoing === true && Math.abs(e.ts + (e.dur ?? 0) - model.endUs) < 1e-3;
    const parentSpans = spansOf(model, mainPid, mainPid);
    const workerSpan = parentSpans.find(e => e.cat === "loopscope.worker" && e.name === `worker ${worker.tid}`);
    const childSpan = parentSpans.find(e => e.cat === "loopscope.child" && e.name.startsWith(`child ${child.pid} `));
    assert.ok(ongoing(workerSpan), `worker span ongoing: ${JSON.stringify(workerSpan)}`);
    assert.ok(ongoing(childSpan), `child span ongoing: ${JSON.stringify(childSpan)}`);
    assert.ok(ongoing(spansOf(model, mainPid, worker.tid).find(e => e.name === "thread")), "the worker's lane slice is ongoing");
    assert.ok(ongoing(spansOf(model, child.pid, child.pid).find(e => e.name === "process")), "the child's lane slice is ongoing");
    // Flows from where each was started to its lane.
    assert.ok(
      model.flows.some(f => f.fromPid === mainPid && f.toPid === mainPid && f.toTid === worker.tid),
      "flow to the worker",
    );
    assert.ok(
      model.flows.some(f => f.fromPid === mainPid && f.toPid === child.pid),
      "flow to the child",
    );

    run.write("stop\n");
    const result = await ended();
    assert.equal(result.exitCode, 0);
    assert.equal(output, "ready\ndone child:5 worker:0\n");

    // The exits came through the live stream: the same records now end, with their codes.
    await new Promise(r => setTimeout(r, 150)); // the view's last update
    const after = spansOf(model, mainPid, mainPid);
    const workerEnded = after.find(e => e.cat === "loopscope.worker" && e.name === `worker ${worker.tid}`);
    const childEnded = after.find(e => e.cat === "loopscope.child" && e.name.startsWith(`child ${child.pid} `));
    assert.equal(workerEnded!.ongoing, undefined);
    assert.equal(workerEnded!.unfinished, undefined);
    assert.equal(workerEnded!.endArgs?.exitCode, 0);
    assert.equal(childEnded!.ongoing, undefined);
    assert.equal(childEnded!.endArgs?.exitCode, 5);
    assert.equal(streamed.filter(e => e.ph === "b").length, streamed.filter(e => e.ph === "e").length, "every live span was ended during the run");

    // Against the trace file: valid, and the streamed spans are the file's.
    const trace = result.trace!;
    assert.deepEqual(chromeTraceProblems(trace), []);
    const check = validateTrace(JSON.parse(JSON.stringify(trace)));
    assert.ok(check.ok && check.warnings.length === 0, JSON.stringify(check.ok ? check.warnings : check.error));
    const fileModel = new TimelineModel({ blockThresholdMs: 50 });
    fileModel.addEvents(check.events);
    fileModel.finish();
    fileModel.prepare();
    view.end({ loopscope: result.metadata }, "exited with code 0");
    assert.ok(page.ended);
    const laneKeys = (m: TimelineModel) =>
      m
        .orderedLanes()
        .flatMap(l => l.threads.map(t => `${t.pid}:${t.tid} ${t.name}`))
        .sort();
    assert.deepEqual(laneKeys(model), laneKeys(fileModel));
    const all = (m: TimelineModel) => [...m.processes.values()].flatMap(p => [...p.threads.values()].flatMap(t => spansOf(m, p.pid, t.tid)));
    // Lifetimes with their outcome (whether a child is traced may be learnt after its span started).
    const lifecycle = (m: TimelineModel) =>
      all(m)
        .filter(e => e.cat === "loopscope.worker" || e.cat === "loopscope.child")
        .map(e => ({ key: `${e.pid}:${e.tid} ${e.name} ${JSON.stringify({ ...e.args, ...e.endArgs, traced: undefined })}`, ts: e.ts, dur: e.dur ?? 0 }));
    sameTimes(lifecycle(model), lifecycle(fileModel), "lifetimes");
    // Blocks at the same times (a stack sample may arrive too late for the live view's block).
    const blocks = (m: TimelineModel) =>
      all(m)
        .filter(e => e.cat === "loopscope.block")
        .map(e => ({ key: `${e.pid}:${e.tid}`, ts: e.ts, dur: e.dur ?? 0 }));
    sameTimes(blocks(model), blocks(fileModel), "blocks");
  } finally {
    if (run.running) run.signal("SIGKILL");
    await ended();
  }
});

/**
 * The same events at the same times, to 0.002 µs: a lane's slice is one event (ts, dur) in the file
 * and a begin and an end live, and the two ways of subtracting may round the last of the three
 * decimals the trace keeps apart.
 */
function sameTimes(live: { key: string; ts: number; dur: number }[], file: { key: string; ts: number; dur: number }[], what: string): void {
  const order = (a: { key: string; ts: number }, b: { key: string; ts: number }) => a.key.localeCompare(b.key) || a.ts - b.ts;
  const show = (list: { key: string; ts: number; dur: number }[]) => list.map(e => `${e.key} ${e.ts.toFixed(3)} ${e.dur.toFixed(3)}`);
  live.sort(order);
  file.sort(order);
  const close = (a: number, b: number) => Math.abs(a - b) <= 0.002;
  const same = live.length === file.length && live.every((e, i) => e.key === file[i]!.key && close(e.ts, file[i]!.ts) && close(e.dur, file[i]!.dur));
  assert.ok(same, `${what}, live and in the file:\n${show(live).join("\n")}\n---\n${show(file).join("\n")}`);
}

// A live run's memory on a real program (issue 13, 1.6): a busy HTTP server whose clients are a
// worker thread and a child process, traced with a small thinning budget so the run is "long" in
// a few seconds. The extension's side keeps the run's events in its events file, not in memory:
// once a delta has sent them, its model holds no event records (only the spans still ongoing); a
// page that starts again mid-run is sent the run so far from the file and then shows what the
// trace file has (the same thinned spans, every block); and thinning is not reported as dropped
// events (thinned spans skip sequence numbers).
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LiveRun } from "../../client/src/timeline/liveRun";
import { LiveView } from "../../client/src/timeline/liveView";
import { LiveEventLog } from "../../client/src/timeline/liveEventLog";
import { DEFAULT_THINNING } from "../../tracer/src/recorder/thinning";
import { LivePage } from "../helpers/live-page";
import { modelOfTrace, type ModelEvent, type SpanRow, type TimelineModel } from "../../timeline-model/src/timeline-model";
import { validateTrace } from "../../protocol/src/trace-validate";
import { programs, tracerPath } from "./helpers";

/** Every span of a category as `pid:tid ts dur` (to the µs's thousandth), sorted. */
function spans(model: TimelineModel, cat: (c: string | undefined) => boolean): string[] {
  const out: string[] = [];
  for (const row of model.rows()) {
    if (row.kind !== "spans") continue;
    for (let i = 0; i < row.store.n; i++) {
      const e: ModelEvent | undefined = model.record((row as SpanRow).store.ref[i]!);
      if (e && cat(e.cat)) out.push(`${e.pid}:${e.tid} ${e.name} ${Math.round(e.ts * 1000) / 1000} ${Math.round((e.dur ?? 0) * 1000) / 1000}`);
    }
  }
  return out.sort();
}

test("live: a busy run's events are served from the events file, the view keeps no records, and shows what the trace has", { timeout: 90_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "loopscope-live-memory-"));
  const log = new LiveEventLog(dir);
  const view = new LiveView("live-busy.trace.json", 50, 100, undefined, log);
  const page = new LivePage((serial, indices) => view.eventsAt(serial, indices));
  view.attach(page.receive, 1);
  const tracePath = join(dir, "live-busy.trace.json");
  let streamed = 0;
  let dropsReported = 0;
  const held: number[] = [];
  const run = await LiveRun.start({
    command: process.execPath,
    args: [join(programs, "live-busy.cjs"), "4"],
    cwd: programs,
    tracerPath: await tracerPath(),
    blockThresholdMs: 50,
    tracePath,
    // A long run's policy, scaled down: the burst is spent in the first second.
    thinning: {
      ...DEFAULT_THINNING,
      burst: 100,
      perSecond: 20,
      outlierBurst: 10,
      outlierPerSecond: 5,
      outlierMs: 50,
      counterFullResolutionMs: 1000,
      counterBinMs: 1000,
    },
    onOutput: () => undefined,
    onEvents: events => {
      streamed += events.length;
      view.add(events);
    },
    onDrops: drops => {
      dropsReported = Math.max(dropsReported, drops.total);
    },
  });
  const watch = setInterval(() => held.push((view as unknown as { trace: { heldRecords: number } }).trace.heldRecords), 150);
  let again: LivePage | undefined;
  const reload = setTimeout(() => {
    // A page that starts again mid-run gets the run so far, from the events file.
    again = new LivePage((serial, indices) => view.eventsAt(serial, indices));
    view.attach(again.receive, 2);
  }, 2500);
  const timer = setTimeout(() => run.signal("SIGKILL"), 40_000);
  try {
    const result = await run.done;
    clearInterval(watch);
    clearTimeout(reload);
    assert.equal(result.exitCode, 0, result.error);
    assert.equal(result.written, tracePath);
    await new Promise(r => setTimeout(r, 150)); // the view's last update
    view.end({ loopscope: result.metadata }, "exited with code 0");
    assert.ok(again?.ended, "the page that started again followed the run to its end");

    const check = validateTrace(JSON.parse(readFileSync(tracePath, "utf8")));
    assert.ok(check.ok);
    const thinning = result.metadata.thinning!;
    assert.ok((thinning.kinds["http server"]?.thinned ?? 0) > 0, `the run was thinned: ${JSON.stringify(thinning.kinds)}`);
    assert.equal(result.metadata.eventsDropped, 0, "the tracers dropped nothing");
    assert.equal(dropsReported, 0, "thinned spans are not reported as dropped live");

    // The events are in the file, and the view's model let go of them once sent.
    assert.equal(log.count, streamed);
    const model = again!.model!;
    assert.ok(model.recordCount > 300, `a busy run: ${model.recordCount} records`);
    assert.ok(held.length >= 10, `the view's held records were watched during the run: ${held.length}`);
    // Between two deltas the view holds one update's worth of records (a delta every 100 ms), never the run's:
    // most of the time a few, and at most a stretch of the run when a loaded machine delays the deltas
    // (a view that kept its records would hold half the run's at the median and all of them at the end).
    const median = [...held].sort((a, b) => a - b)[Math.floor(held.length / 2)]!;
    assert.ok(median < model.recordCount / 10, `records held during the run (median ${median}): ${held.join(", ")} of ${model.recordCount}`);
    assert.ok(Math.max(...held) < model.recordCount / 2, `records held during the run: ${held.join(", ")} of ${model.recordCount}`);
    assert.equal((view as unknown as { trace: { heldRecords: number } }).trace.heldRecords, 0, "none held once the run ended");

    // What both pages show is the trace file's: its kept (thinned) requests and every block.
    const file = modelOfTrace(check);
    const http = (c: string | undefined) => c === "loopscope.http";
    const blocks = (c: string | undefined) => c === "loopscope.block";
    assert.ok(spans(file, blocks).length >= 3, `a block per thread: ${spans(file, blocks).join("; ")}`);
    // The first page is no longer served once the second one started: the second shows the run.
    assert.deepEqual(spans(model, http), spans(file, http), "the trace's requests");
    // Blocks by lane and time (their names may differ: a stack sample may arrive too late for the live view's block).
    const where = (s: string) => {
      const parts = s.split(" ");
      return { lane: parts[0], ts: Number(parts.at(-2)), dur: Number(parts.at(-1)) };
    };
    const liveBlocks = spans(model, blocks).map(where),
      fileBlocks = spans(file, blocks).map(where);
    assert.equal(liveBlocks.length, fileBlocks.length, "every block");
    for (const b of fileBlocks)
      assert.ok(
        liveBlocks.some(l => l.lane === b.lane && Math.abs(l.ts - b.ts) < 0.01 && Math.abs(l.dur - b.dur) < 0.01),
        `the trace's block ${JSON.stringify(b)} is live: ${JSON.stringify(liveBlocks)}`,
      );
  } finally {
    clearTimeout(timer);
    clearInterval(watch);
    if (run.running) run.signal("SIGKILL");
    await run.done;
    view.dispose();
    assert.equal(existsSync(log.dir), false, "the events file goes with the view");
    rmSync(dir, { recursive: true, force: true });
  }
});

// The extension's side of a live run in the panel (LiveView), under Node with the page's side of
// the messages (test/helpers/live-page.ts): a fast program's batches reach the page as a few
// snapshot deltas a second, the page's model grows into the trace file's, its events are served
// by index for the serial the page was given, and a page that starts again gets the run so far.
import { test } from "node:test";
import assert from "node:assert/strict";
import { LiveView } from "../../client/src/timeline/liveView";
import type { TraceEvent } from "../../protocol/src/trace";
import { validateTrace } from "../../protocol/src/trace-validate";
import { modelOfTrace, type TimelineModel } from "../../timeline-model/src/timeline-model";
import { generateTrace } from "../webview/trace-generator";
import { LivePage } from "../helpers/live-page";

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** A busy server's trace: thousands of events a second. */
const check = validateTrace(generateTrace({ durationSec: 4, requestsPerSec: 700 }));
assert.ok(check.ok);
const events = check.events as unknown as TraceEvent[];

function counts(model: TimelineModel) {
  return {
    eventCount: model.eventCount,
    rows: model
      .rows()
      .map(r => `${r.id} ${r.store.n}`)
      .sort(),
    endUs: model.endUs,
  };
}

test("a program's thousands of events a second reach the page as a few deltas a second, and nothing is lost", { timeout: 60_000 }, async t => {
  const intervalMs = 250;
  const view = new LiveView("busy.trace.json", 50, intervalMs);
  const page = new LivePage((serial, indices) => view.eventsAt(serial, indices));
  view.attach(page.receive, 7);
  assert.deepEqual(
    page.received.map(m => m.type),
    ["liveStart", "eventsServed"],
  );
  // 50 events every 10 ms (5,000 a second when timers are on time), as the recorder's feed hands them on.
  const started = performance.now();
  const laneCounts: number[] = [];
  let batches = 0;
  for (let i = 0; i < events.length; i += 50, batches++) {
    view.add(events.slice(i, i + 50));
    await sleep(10);
    const total = page.model!.eventCount;
    if (laneCounts.at(-1) !== total) laneCounts.push(total);
  }
  const seconds = (performance.now() - started) / 1000;
  view.end({ loopscope: check.metadata?.loopscope }, "exited with code 0");
  const deltas = page.count("snapshotDelta");
  t.diagnostic(`${events.length} events in ${batches} batches over ${seconds.toFixed(1)} s: ${deltas} deltas`);
  assert.ok(deltas * 4 < batches, `far fewer updates than batches: ${deltas} for ${batches}`);
  // At most one per interval, plus the last one at the end.
  assert.ok(deltas <= Math.ceil((seconds * 1000) / intervalMs) + 2, `${deltas} deltas in ${seconds.toFixed(1)} s for ${events.length} events`);
  assert.ok(deltas >= 3, `updates during the run, not only at its end: ${deltas}`);
  // The count the page shows kept growing during the run.
  assert.ok(laneCounts.length >= 3 && laneCounts.every((n, i) => i === 0 || n > laneCounts[i - 1]!), `counts during the run: ${laneCounts.join(", ")}`);
  assert.equal(page.received.at(-1)?.type, "liveEnd");
  // Nothing lost: the page's model is the trace file's.
  assert.deepEqual(counts(page.model!), counts(modelOfTrace(check)));
});

test("the page's requests for events are answered for the run it was given, and a page that starts again gets the run so far", async () => {
  const view = new LiveView("run.trace.json", 50, 0);
  const page = new LivePage((serial, indices) => view.eventsAt(serial, indices));
  view.attach(page.receive, 1);
  view.add(events.slice(0, 1000));
  await sleep(5);
  const model = page.model!;
  const block = model.rows().find(r => r.kind === "spans" && r.category === "loop");
  assert.ok(block && block.kind === "spans");
  assert.equal(model.record(block.store.ref[0]!)?.cat, "loopscope.block", "the event behind a record, served by index");
  assert.equal(view.eventsAt(2, [0]), undefined, "no answer for another serial");
  view.setDrops(3, { "1:1": 3 });
  // Reloaded: a new page, a new serial, the whole run so far, then the drops.
  const again = new LivePage((serial, indices) => view.eventsAt(serial, indices));
  view.attach(again.receive, 2);
  assert.deepEqual(
    again.received.map(m => m.type),
    ["liveStart", "eventsServed", "snapshotDelta", "liveStatus"],
  );
  assert.deepEqual(counts(again.model!), counts(model));
  assert.equal(view.eventsAt(1, [0]), undefined, "the old page's serial is no longer served");
  view.add(events.slice(1000));
  await sleep(5);
  view.end(undefined, "stopped");
  assert.deepEqual(counts(again.model!), counts(modelOfTrace(check)));
  // A page that starts again after the run ended (its trace file could not be written) learns it ended.
  const late = new LivePage((serial, indices) => view.eventsAt(serial, indices));
  view.attach(late.receive, 3);
  assert.equal(late.received.at(-1)?.type, "liveEnd");
  assert.deepEqual(counts(late.model!), counts(modelOfTrace(check)));
  // A detached view (the panel shows another trace) posts nothing more.
  view.detach();
  const before = late.received.length;
  view.setDrops(1, {});
  await sleep(5);
  assert.equal(late.received.length, before);
});

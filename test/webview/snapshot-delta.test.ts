// A live run's snapshot deltas (timeline-model/src/snapshot-delta.ts, protocol/src/timeline-delta.ts):
// each carries only what the extension's model gained, the page's model grown from them equals the
// model of the trace file, a page that starts again gets the whole run in one delta, and a delta
// is checked against its blob where it arrives, each kind of damage refused with a reason.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkSnapshotDelta, type SnapshotDelta } from "../../protocol/src/timeline-delta";
import { validateTrace, type AnyTraceEvent } from "../../protocol/src/trace-validate";
import { parseHostToWebviewMessage } from "../../protocol/src/webview-messages";
import { LiveTrace } from "../../timeline-model/src/live-trace";
import { applySnapshotDelta, emptyLiveModel } from "../../timeline-model/src/snapshot-delta";
import { modelOfTrace, type SpanRow, type TimelineModel } from "../../timeline-model/src/timeline-model";
import { generateTrace } from "./trace-generator";

const check = validateTrace(generateTrace({ durationSec: 6 }));
assert.ok(check.ok);
const events = check.events;

/** Every row as [id, n, sorted (start, end, colour) or (time, values)] and the model's counts. */
function shapeOf(model: TimelineModel) {
  const rows = model
    .rows()
    .map(row => {
      if (row.kind === "counter") {
        const c = row.store;
        return [row.id, row.label, row.unit, c.n, Array.from(c.time.subarray(0, c.n)), c.series, c.values.map(v => Array.from(v.subarray(0, c.n)))];
      }
      const s = row.store;
      return [
        row.id,
        row.label,
        s.n,
        s.levels,
        Array.from({ length: s.n }, (_, i) => [s.start[i], Math.round(s.end[i]! * 1000) / 1000, s.colour[i], s.level[i]]),
      ];
    })
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  const lanes = model.orderedLanes().map(l => [model.processLabel(l.process.pid), l.threads.map(t => model.threadLabel(t.pid, t.tid))]);
  return { rows, lanes, eventCount: model.eventCount, startUs: model.startUs, endUs: model.endUs, flows: model.flows.length, records: model.recordCount };
}

function grow(page: TimelineModel, delta: { header: SnapshotDelta; blob: Uint8Array }): void {
  const { header, blob } = structuredClone(delta);
  const c = checkSnapshotDelta(header, blob.byteLength);
  assert.ok(c.ok, c.ok ? "" : c.error);
  applySnapshotDelta(page, c.delta, blob);
  page.prepare();
}

describe("live snapshot deltas", () => {
  it("carry only what changed, and grow the page's model into the trace file's", () => {
    const live = new LiveTrace(50);
    const page = emptyLiveModel(50);
    let sentRecords = 0;
    for (let i = 0; i < events.length; i += 100) {
      live.add(events.slice(i, i + 100));
      const delta = live.delta()!;
      assert.equal(delta.header.records.first, sentRecords, "each delta starts where the one before ended");
      sentRecords += delta.header.records.n;
      assert.ok(delta.header.records.n <= 100 + 20, `a batch's records, not the run's: ${delta.header.records.n}`);
      grow(page, delta);
      assert.equal(live.delta(), undefined, "nothing changed, nothing to send");
    }
    live.finish();
    const last = live.delta();
    if (last) grow(page, last);
    const file = modelOfTrace(check);
    assert.deepEqual(shapeOf(page), { ...shapeOf(file), records: page.recordCount });
    assert.equal(page.sourceEventCount, events.length);
  });

  it("give a page that starts again the whole run so far, built again from the events in chunks", () => {
    const live = new LiveTrace(50);
    const first = emptyLiveModel(50);
    const [a, b] = [Math.floor(events.length * 0.6), Math.floor(events.length * 0.7)];
    live.add(events.slice(0, a));
    grow(first, live.delta()!);
    live.add(events.slice(a, b));
    grow(first, live.delta()!);
    assert.ok(live.heldRecords < first.recordCount / 10, `sent records are let go of: ${live.heldRecords} held of ${first.recordCount}`);
    const again = emptyLiveModel(50);
    const resent: { header: SnapshotDelta; blob: Uint8Array }[] = [];
    live.resend(d => resent.push(d), 1000);
    assert.equal(resent[0]!.header.records.first, 0);
    assert.ok(resent.length >= Math.floor(b / 1000), `one delta per chunk: ${resent.length} for ${b} events`);
    for (const d of resent) grow(again, d);
    assert.equal(live.delta(), undefined, "the resent deltas are the run so far");
    assert.deepEqual(shapeOf(again), shapeOf(first));
    assert.equal(again.sourceEventCount, b);
    // And the new page goes on from there (the old one is no longer served) into the trace file's model.
    live.add(events.slice(b));
    grow(again, live.delta()!);
    live.finish();
    const last = live.delta();
    if (last) grow(again, last);
    assert.deepEqual(shapeOf(again), { ...shapeOf(modelOfTrace(check)), records: again.recordCount });
    // A delta that does not continue the page's model is refused, not drawn as garbage.
    live.add(events.slice(0, 10));
    const later = live.delta()!;
    assert.throws(() => applySnapshotDelta(emptyLiveModel(50), later.header, later.blob), /a live update is missing/);
  });

  it("serve each record's events by index, as for a trace file", () => {
    const live = new LiveTrace(50);
    const page = emptyLiveModel(50);
    page.serveEventsFrom(indices => live.eventsAt(indices));
    live.add(events);
    grow(page, live.delta()!);
    const block = page.rows().find((r): r is SpanRow => r.kind === "spans" && r.category === "loop")!;
    const record = page.record(block.store.ref[0]!)!;
    assert.equal(record.cat, "loopscope.block");
    assert.equal(record.ts, block.store.start[0]);
    assert.deepEqual(live.eventsAt([-1, events.length]), [null, null]);
  });

  describe("are checked where they arrive", () => {
    const live = new LiveTrace(50);
    live.add(events.slice(0, Math.floor(events.length / 2)) as AnyTraceEvent[]);
    const { header, blob } = live.delta()!;
    const copy = (): SnapshotDelta => JSON.parse(JSON.stringify(header));
    const rowsOf = (h: SnapshotDelta) => h.processes.flatMap(p => p.threads.flatMap(t => t.rows));
    const spanRow = (h: SnapshotDelta) => rowsOf(h).find(r => r.kind === "spans")!;
    const counterRow = (h: SnapshotDelta) => rowsOf(h).find(r => r.kind === "counter")!;

    it("passes a real delta, through JSON and through structured clone", () => {
      for (const h of [header, copy(), structuredClone(header)]) assert.deepEqual(checkSnapshotDelta(h, blob.byteLength), { ok: true, delta: h });
      assert.ok(spanRow(header) && counterRow(header));
    });

    const damaged: [string, (h: SnapshotDelta & Record<string, unknown>) => void, RegExp][] = [
      ["another version", h => (h.version = 2), /unsupported snapshot version 2/],
      ["a span column past the blob's end", h => (spanRow(h).start.offset = h.byteLength), /start lies outside the blob/],
      ["changed spans without their ends", h => (spanRow(h).changed.n = 3), /changed\.ref has 0 elements where 3 were expected/],
      ["a counter without values for a series", h => counterRow(h).values.pop(), /no series or values/],
      ["records past the blob", h => (h.records.n = 1e9), /records\.nameIndex has/],
      ["records without a place", h => ((h.records as { first: unknown }).first = -1), /no records/],
      ["no changed records", h => delete (h as Partial<SnapshotDelta>).changedRecords, /no changed records/],
      ["an unknown span category", h => ((spanRow(h) as { category: string }).category = "<img>"), /unknown category/],
      ["a thread without rows", h => delete (h.processes[0]!.threads[0] as Partial<SnapshotDelta["processes"][0]["threads"][0]>).rows, /has no rows/],
      ["no event count", h => delete (h as Partial<SnapshotDelta>).sourceEvents, /no event count/],
      ["a NaN time", h => (h.endUs = Number.NaN), /time range/],
    ];
    for (const [what, damage, reason] of damaged) {
      it(`refuses ${what}`, () => {
        const h = copy() as SnapshotDelta & Record<string, unknown>;
        damage(h);
        const c = checkSnapshotDelta(h, blob.byteLength);
        assert.match(c.ok ? "(accepted)" : c.error, reason);
      });
    }

    it("refuses a blob shorter than the delta says, in the panel's message validator too", () => {
      const c = checkSnapshotDelta(header, blob.byteLength - 1);
      assert.match(c.ok ? "(accepted)" : c.error, /truncated/);
      const message = { type: "snapshotDelta", serial: 3, header: copy(), blob: blob.slice() };
      assert.deepEqual(parseHostToWebviewMessage(message), message);
      assert.equal(parseHostToWebviewMessage({ ...message, blob: blob.slice(0, blob.length - 8) }), undefined);
      assert.equal(parseHostToWebviewMessage({ ...message, serial: -1 }), undefined);
    });
  });
});

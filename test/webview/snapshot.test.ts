// Model snapshots (big reports draw from them before reading the trace): a restored model has the
// same lanes, rows, columns, flows and statistics, and the same event records once their events are served.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeSnapshot, encodeSnapshot } from "../../timeline-model/src/snapshot";
import { rangeStats } from "../../timeline-model/src/stats";
import { layoutTimeline } from "../../timeline-model/src/layout";
import { TimelineModel } from "../../timeline-model/src/timeline-model";
import { generateTrace } from "./trace-generator";

describe("model snapshot", () => {
  const trace = generateTrace();
  // A begin without an end, to check unfinished spans survive.
  trace.traceEvents.push({
    ph: "b",
    cat: "loopscope.http",
    name: "⇦ GET /hangs",
    id: "open-1",
    ts: 7_000_000,
    pid: 4242,
    tid: 4242,
    args: { side: "server", method: "GET", url: "/hangs" },
  });
  const model = new TimelineModel({ metadata: trace.metadata?.loopscope });
  model.addEvents(trace.traceEvents);
  model.finish();
  model.prepare();
  const { header, blob } = encodeSnapshot(model);
  // Through JSON and a copy at an odd offset, as the page gets them.
  const shifted = new Uint8Array(blob.length + 3);
  shifted.set(blob, 3);
  const restored = decodeSnapshot(JSON.parse(JSON.stringify(header)), shifted.subarray(3));

  it("restores lanes, rows and their columns", () => {
    const shape = (m: TimelineModel) => layoutTimeline(m, new Set()).items.map(({ row, ...rest }) => ({ ...rest, rowKind: row?.kind }));
    assert.deepEqual(shape(restored), shape(model));
    for (const row of model.rows()) {
      const other = restored.row(row.id)!;
      assert.ok(other, row.id);
      assert.equal(other.store.n, row.store.n);
      if (row.kind === "spans" && other.kind === "spans") {
        for (const k of ["start", "end", "ref", "colour", "level", "maxEndPrefix"] as const)
          assert.deepEqual(other.store[k].subarray(0, row.store.n), row.store[k].subarray(0, row.store.n), `${row.id} ${k}`);
        assert.equal(other.store.levels, row.store.levels);
      } else if (row.kind === "counter" && other.kind === "counter") {
        assert.deepEqual(other.store.series, row.store.series);
        assert.deepEqual(other.store.max, row.store.max);
        assert.equal(other.unit, row.unit);
        row.store.values.forEach((v, i) => assert.deepEqual(other.store.values[i].subarray(0, row.store.n), v.subarray(0, row.store.n)));
      }
    }
    assert.deepEqual(restored.flows, model.flows);
    assert.equal(restored.dropped, 12);
    assert.equal(restored.eventCount, model.eventCount);
    assert.deepEqual(rangeStats(restored, model.startUs, model.endUs), rangeStats(model, model.startUs, model.endUs));
  });

  it("has names and times at once, and full records at once from a keeper that answers at once", () => {
    assert.equal(restored.recordCount, model.records.length);
    for (let ref = 0; ref < model.records.length; ref += 7) {
      assert.equal(restored.recordName(ref), model.records[ref].name);
      assert.equal(restored.recordTs(ref), model.records[ref].ts);
    }
    assert.equal(restored.record(0), undefined);
    restored.serveEventsFrom(indices => indices.map(i => trace.traceEvents[i] ?? null));
    for (let ref = 0; ref < model.records.length; ref++) {
      const a = restored.record(ref)!,
        b = model.records[ref];
      assert.deepEqual({ ...a, ph: a.ph === "n" ? "i" : a.ph }, { ...b }, `record ${ref} (${b.name})`);
    }
    assert.ok(
      model.records.some(r => r.unfinished && r.name === "⇦ GET /hangs"),
      'model.records.some(r => r.unfinished && r.name === "⇦ GET /hangs")',
    );
  });

  it("served by the host: a record asks for its events once, and is complete when they arrive", () => {
    const served = decodeSnapshot(JSON.parse(JSON.stringify(header)), blob);
    const asked: number[][] = [];
    served.serveEvents(indices => asked.push(indices));
    const pair = model.records.findIndex(r => r.ph === "X" && r.name.startsWith("⇦"));
    const refs = [0, pair >= 0 ? pair : 1, model.records.length - 1];
    for (const ref of refs) assert.equal(served.record(ref), undefined, "loading");
    for (const ref of refs) served.record(ref);
    const wanted = asked.flat();
    assert.equal(new Set(wanted).size, wanted.length, "each event asked once");
    // An answer for indices nobody asked, and a malformed event, are not taken.
    assert.deepEqual(served.eventsArrived([wanted[0]!, 999_999], [{ ph: "X", name: 5 }, trace.traceEvents[0]]), { accepted: 0, rejected: 1 });
    assert.equal(served.record(refs[0]!), undefined, "still loading");
    assert.deepEqual(
      served.eventsArrived(
        wanted,
        wanted.map(i => trace.traceEvents[i]),
      ),
      { accepted: wanted.length, rejected: 0 },
    );
    for (const ref of refs) {
      const a = served.record(ref)!,
        b = model.records[ref]!;
      assert.deepEqual({ ...a, ph: a.ph === "n" ? "i" : a.ph }, { ...b }, `record ${ref} (${b.name})`);
    }
  });
});

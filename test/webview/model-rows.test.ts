// Report UI defects of issue 13, 1.7 that live in the model (under Node): 200 workers' "worker
// messages N" tracks in numeric order (not as strings: 1, 10, 100, 101, ...), and overlapping
// child/worker spans on their own levels (they overprinted from the 4th on), with the row saying
// how many share its last level past its bound.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { validateTrace } from "../../protocol/src/trace-validate";
import { TimelineModel, type SpanRow } from "../../timeline-model/src/timeline-model";
import { layoutTimeline } from "../../timeline-model/src/layout";
import { encodeSnapshot, decodeSnapshot } from "../../timeline-model/src/snapshot";

const PID = 77;
function model(events: unknown[]): TimelineModel {
  const check = validateTrace({ traceEvents: events });
  assert.ok(check.ok);
  const m = new TimelineModel();
  m.addEvents(check.events);
  m.finish();
  m.prepare();
  return m;
}

/** `n` children of one process, all running at once (spawned 1 ms apart, each lives 1 s). */
function children(n: number): unknown[] {
  return Array.from({ length: n }, (_, i) => [
    {
      ph: "b",
      cat: "loopscope.child",
      name: `child ${i}`,
      id: `c${i}`,
      ts: 1000 + i * 1000,
      pid: PID,
      tid: PID,
      args: { file: "node", args: [], traced: false },
    },
    { ph: "e", cat: "loopscope.child", name: `child ${i}`, id: `c${i}`, ts: 1_001_000 + i * 1000, pid: PID, tid: PID },
  ]).flat();
}
const lifecycle = (m: TimelineModel) => m.rows().find((r): r is SpanRow => r.kind === "spans" && r.category === "lifecycle")!;

describe("rows of many workers and children", () => {
  it("orders 200 workers' message tracks by worker number", () => {
    const events = Array.from({ length: 200 }, (_, i) => ({
      ph: "C",
      name: `worker messages ${200 - i}`,
      ts: 1000,
      pid: PID,
      tid: PID,
      args: { toWorker: 1 },
    }));
    const m = model(events);
    const names = m
      .orderedLanes()[0]!
      .threads[0]!.rows.filter(r => r.kind === "counter")
      .map(r => r.label);
    assert.equal(names.length, 200);
    const numbers = names.map(n => Number(/(\d+)/.exec(n)![1]));
    assert.deepEqual(
      numbers,
      Array.from({ length: 200 }, (_, i) => i + 1),
    );
  });

  it("gives each of 6 overlapping children its own level", () => {
    const row = lifecycle(model(children(6)));
    assert.equal(row.store.levels, 6);
    assert.equal(row.store.overflowed, 0);
    const levels = new Set(Array.from(row.store.level.subarray(0, row.store.n)));
    assert.equal(levels.size, 6, "no two children share a level");
  });

  it("past its bound, says how many spans share the last level (also after a snapshot)", () => {
    const m = model(children(40));
    const row = lifecycle(m);
    assert.equal(row.store.levels, 32);
    assert.equal(row.store.overflowed, 8);
    const item = layoutTimeline(m, new Set()).items.find(it => it.kind === "row" && it.id === row.id)!;
    assert.match(item.label, /\(\+8 overlapping\)$/);
    const { header, blob } = encodeSnapshot(m);
    const restored = decodeSnapshot(header, blob);
    const again = restored.rows().find((r): r is SpanRow => r.kind === "spans" && r.category === "lifecycle")!;
    assert.equal(again.store.overflowed, 8);
  });
});

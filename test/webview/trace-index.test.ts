// The trace text index of big reports: the events it finds are exactly those JSON.parse finds,
// in the same order, whatever the formatting, the strings inside, the slice size; a cut-off
// or mismatched text is never taken as complete.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TraceEventIndex } from "../../timeline-model/src/trace-index";
import { generateTrace } from "./trace-generator";

function indexAll(text: string, budget = 1 << 30): TraceEventIndex {
  const index = new TraceEventIndex(text);
  while (!index.scan(budget));
  return index;
}

function eventsOf(index: TraceEventIndex): unknown[] {
  return Array.from({ length: index.count }, (_, i) => index.event(i));
}

const tricky = [
  { ph: "X", name: "brackets ] } [ { , : in a name", ts: 1, dur: 2, pid: 1, tid: 1 },
  { ph: "i", name: 'quotes " and \\" and \\\\', ts: 2, pid: 1, tid: 1, args: { s: '\\\\"]}', nested: [[1, [2]], { a: { b: [] } }] } },
  { ph: "X", name: "unicode é 日本 \u2028 \ud83d\ude00", ts: 3, dur: 1, pid: 1, tid: 1 },
  null,
  5,
  "a string element, ]",
  [1, 2, { x: "]" }],
  true,
  { ph: "X", name: "last", ts: 4, dur: 1, pid: 1, tid: 1 },
];

describe("trace text index", () => {
  it("finds exactly the events JSON.parse finds, compact or pretty, object or bare array", () => {
    const trace = generateTrace({ durationSec: 2 });
    const withMetadataFirst = {
      metadata: { note: "traceEvents", traceEvents: "not this one" },
      displayTimeUnit: "ms",
      traceEvents: [...trace.traceEvents.slice(0, 50), ...tricky],
      otherData: { traceEvents: [1] },
    };
    for (const [name, text] of [
      ["generated, compact", JSON.stringify(trace)],
      ["generated, pretty", JSON.stringify(trace, null, 2)],
      ["metadata first, tricky elements", JSON.stringify(withMetadataFirst)],
      ["tricky, pretty with tabs", JSON.stringify(withMetadataFirst, null, "\t")],
      ["bare array", JSON.stringify(tricky)],
      ["bare array, spaced", ` \n ${JSON.stringify(tricky, null, 3)} \n`],
      ["empty", JSON.stringify({ traceEvents: [] })],
    ] as const) {
      const parsed = JSON.parse(text) as { traceEvents?: unknown[] } | unknown[];
      const expected = Array.isArray(parsed) ? parsed : parsed.traceEvents!;
      const index = indexAll(text);
      assert.ok(index.complete, name);
      assert.equal(index.count, expected.length, name);
      assert.deepEqual(eventsOf(index), expected, name);
      // In small slices (a budget that cuts strings, escapes and numbers): the same.
      assert.deepEqual(eventsOf(indexAll(text, 7)), expected, `${name}, in slices`);
    }
  });

  it("a cut-off or malformed text is not complete; what it found before the cut is exact", () => {
    const text = JSON.stringify({ traceEvents: tricky });
    const cut = indexAll(text.slice(0, text.indexOf('"last"')));
    assert.equal(cut.complete, false);
    assert.deepEqual(eventsOf(cut), tricky.slice(0, -1));
    assert.equal(indexAll(`${text.slice(0, -1)}]`).complete, false, "mismatched closing bracket");
    assert.equal(indexAll(JSON.stringify({ other: [] })).complete, false, "no events array");
    assert.equal(new TraceEventIndex(text).event(0), undefined, "nothing before it is scanned");
  });
});

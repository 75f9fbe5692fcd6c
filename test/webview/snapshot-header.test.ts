// The snapshot header crosses two boundaries (the extension's worker → the panel, the CLI → the
// report's page) and is checked where it arrives: the header of a real model passes, through JSON
// and through structured clone, and each kind of damage is refused with a reason, in the panel's
// message validator too.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkSnapshotHeader, type SnapshotHeader } from "../../protocol/src/timeline-snapshot";
import { parseHostToWebviewMessage } from "../../protocol/src/webview-messages";
import { encodeSnapshot } from "../../timeline-model/src/snapshot";
import { modelOfTrace } from "../../timeline-model/src/timeline-model";
import { validateTrace } from "../../protocol/src/trace-validate";
import { generateTrace } from "./trace-generator";

describe("snapshot header check", () => {
  const check = validateTrace(generateTrace());
  assert.ok(check.ok);
  const { header, blob } = encodeSnapshot(modelOfTrace(check));
  const copy = (): SnapshotHeader => JSON.parse(JSON.stringify(header));
  const firstSpanRow = (h: SnapshotHeader) => h.processes.flatMap(p => p.threads.flatMap(t => t.rows)).find(r => r.kind === "spans")!;
  const firstCounterRow = (h: SnapshotHeader) => h.processes.flatMap(p => p.threads.flatMap(t => t.rows)).find(r => r.kind === "counter")!;

  it("passes the header of a real model, through JSON and through structured clone", () => {
    for (const h of [header, copy(), structuredClone(header)]) assert.deepEqual(checkSnapshotHeader(h, blob.byteLength), { ok: true, header: h });
    assert.ok(firstSpanRow(header) && firstCounterRow(header), "the generated trace has span and counter rows");
  });

  const damaged: [string, (h: SnapshotHeader & Record<string, unknown>) => void, RegExp][] = [
    ["another version", h => (h.version = 2), /unsupported snapshot version 2/],
    ["a row's array past the blob's end", h => (firstSpanRow(h).start.offset = h.byteLength), /start lies outside the blob/],
    ["a misaligned f64 array", h => (firstSpanRow(h).end.offset += 4), /end is not aligned/],
    ["an array shorter than its row", h => (firstSpanRow(h).ref.length -= 1), /ref has \d+ elements where \d+ were expected/],
    ["an array of the wrong kind", h => (firstSpanRow(h).colour.kind = "f64"), /colour is not a u8 array/],
    ["an unknown span category", h => ((firstSpanRow(h) as { category: string }).category = "<img>"), /unknown category/],
    ["a counter without values for a series", h => firstCounterRow(h).values.pop(), /no series or values/],
    ["a counter with an unknown unit", h => ((firstCounterRow(h) as { unit: string }).unit = "furlongs"), /unknown unit/],
    ["records past the blob", h => (h.records.n = 1e9), /records\.nameIndex has/],
    ["a process without threads", h => delete (h.processes[0] as Partial<SnapshotHeader["processes"][0]>).threads, /has no threads/],
    ["a name that is not a string", h => ((h.names as unknown[])[0] = 7), /names are not strings/],
    ["a malformed flow", h => h.flows.push({ name: "x" } as never), /flows are malformed/],
    ["run metadata without a block threshold", h => (h.metadata = {} as never), /run metadata is malformed/],
    ["a NaN time", h => (h.startUs = Number.NaN), /time range/],
    ["no header at all", h => Object.keys(h).forEach(k => delete h[k]), /unsupported snapshot version/],
  ];
  for (const [what, damage, reason] of damaged) {
    it(`refuses ${what}`, () => {
      const h = copy() as SnapshotHeader & Record<string, unknown>;
      damage(h);
      const check = checkSnapshotHeader(h, blob.byteLength);
      assert.match(check.ok ? "(accepted)" : check.error, reason);
    });
  }

  it("refuses a blob shorter than the header says", () => {
    const check = checkSnapshotHeader(header, blob.byteLength - 1);
    assert.match(check.ok ? "(accepted)" : check.error, /truncated/);
  });

  it("the panel's loadSnapshot message is checked against its blob", () => {
    const message = { type: "loadSnapshot", header: copy(), blob: blob.slice(), source: "t.json" };
    assert.deepEqual(parseHostToWebviewMessage(message), message);
    assert.equal(parseHostToWebviewMessage({ ...message, blob: blob.slice(0, blob.length - 8) }), undefined, "a truncated blob");
    const bad = copy();
    firstSpanRow(bad).level.offset = bad.byteLength;
    assert.equal(parseHostToWebviewMessage({ ...message, header: bad }), undefined, "an array outside the blob");
    assert.equal(parseHostToWebviewMessage({ ...message, header: { version: 1 } }), undefined, "a header with nothing in it");
  });
});

// The panel's way of opening trace files: the extension host lays out the timeline (in a worker
// thread) and the page parses the same bytes for details. The snapshot must be the page's own
// model of the file, its records must point into the events the page parses, files the page
// cannot show get the page's own messages, and the worker answers every case without hanging.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { parseTraceText } from "../../protocol/src/trace-validate";
import { decodeSnapshot } from "../../timeline-model/src/snapshot";
import { layoutTimeline } from "../../timeline-model/src/layout";
import { TimelineModel } from "../../timeline-model/src/timeline-model";
import { CANNOT_SHOW, NO_EVENTS, snapshotOfTraceText } from "../../timeline-model/src/trace-snapshot";
import { loadTraceInWorker, type SnapshotWorkerReply, type TraceLoad } from "../../client/src/timeline/traceLoader";
import { generateTrace, HOSTILE_FUNCTION, HOSTILE_THREAD } from "../webview/trace-generator";
import { root, tempDir } from "../tracer/helpers";

const trace = generateTrace();
// A begin without an end: drawn to the end of the trace, in both models.
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
const text = JSON.stringify(trace);

/** The model the page lays out when it has the text itself (TimelineView.loadText, before its snapshot). */
function pageModel(source: string): TimelineModel {
  const check = parseTraceText(source, { salvageTruncated: true });
  assert.ok(check.ok, "the page can parse it");
  const model = new TimelineModel({ metadata: check.metadata?.loopscope });
  model.addEvents(check.events);
  model.finish();
  model.prepare();
  return model;
}

/** The page's model from the host's snapshot, its events served from the same file's parse. */
function snapshotModel(source: string): TimelineModel {
  const snapshot = snapshotOfTraceText(source);
  assert.ok(snapshot.ok, "the host can lay it out");
  const restored = decodeSnapshot(structuredClone(snapshot.header), structuredClone(snapshot.blob));
  const check = parseTraceText(source, { salvageTruncated: true });
  assert.ok(check.ok);
  restored.serveEventsFrom(indices => indices.map(i => check.events[i] ?? null));
  return restored;
}

function assertSameTimeline(restored: TimelineModel, model: TimelineModel): void {
  const shape = (m: TimelineModel) => layoutTimeline(m, new Set()).items.map(({ row, ...rest }) => ({ ...rest, rowKind: row?.kind, n: row?.store.n }));
  assert.deepEqual(shape(restored), shape(model));
  assert.equal(restored.eventCount, model.eventCount);
  assert.equal(restored.startUs, model.startUs);
  assert.equal(restored.endUs, model.endUs);
  assert.equal(restored.thresholdUs, model.thresholdUs);
  assert.deepEqual(restored.flows, model.flows);
  assert.equal(restored.recordCount, model.records.length);
  for (let ref = 0; ref < model.records.length; ref++) {
    const a = restored.record(ref)!,
      b = model.records[ref];
    assert.deepEqual({ ...a, ph: a.ph === "n" ? "i" : a.ph }, { ...b }, `record ${ref} (${b.name})`);
  }
}

describe("trace snapshot for the panel", () => {
  it("is the page's own timeline of the file, with every record's details once its events are served", () => {
    const restored = snapshotModel(text);
    assertSameTimeline(restored, pageModel(text));
    assert.ok(restored.records.length === 0 && restored.lazy, "drawn from the snapshot, not rebuilt");
    assert.ok(
      restored.rows().some(r => r.kind === "spans" && r.store.n > 0),
      "spans laid out",
    );
  });

  it("keeps hostile strings as they are (the page renders them as text)", () => {
    const snapshot = snapshotOfTraceText(text);
    assert.ok(snapshot.ok);
    assert.ok(
      snapshot.header.names.some(n => n.includes(HOSTILE_FUNCTION)),
      "a block named after the hostile function",
    );
    const threads = snapshot.header.processes.flatMap(p => p.threads.map(t => t.name));
    assert.ok(threads.includes(HOSTILE_THREAD), `thread names: ${threads.join(", ")}`);
  });

  it("salvages a truncated file up to its last complete event, as the page does, and says so", () => {
    const cut = text.slice(0, Math.floor(text.length * 0.6));
    const snapshot = snapshotOfTraceText(cut);
    assert.ok(snapshot.ok, "a truncated trace is still shown");
    assert.match(snapshot.warnings.join(" "), /truncated/);
    const restored = snapshotModel(cut);
    assertSameTimeline(restored, pageModel(cut));
    assert.ok(restored.eventCount < pageModel(text).eventCount, "fewer events than the whole file");
  });

  it("gives the page's messages for files it cannot show", () => {
    const bad = snapshotOfTraceText('{"traceEvents": [{"ph": "X", "ts": 1,, }');
    const page = parseTraceText('{"traceEvents": [{"ph": "X", "ts": 1,, }', { salvageTruncated: true });
    assert.ok(!bad.ok && !page.ok);
    assert.equal(bad.title, CANNOT_SHOW);
    assert.equal(bad.error, page.error);
    for (const [input, message] of [
      ["", /empty/],
      ["<html>", /not valid JSON/],
      ['{"a": 1}', /expected a JSON object with a "traceEvents" array/],
      ["[1, 2]", /None of the 2 entries/],
    ] as const) {
      const result = snapshotOfTraceText(input);
      assert.ok(!result.ok, input);
      assert.equal(result.title, CANNOT_SHOW, input);
      assert.match(result.error, message, input);
    }
    for (const input of ['{"traceEvents": []}', JSON.stringify({ traceEvents: [{ ph: "M", name: "process_name", pid: 1, tid: 1, args: { name: "x" } }] })]) {
      const empty = snapshotOfTraceText(input);
      assert.ok(!empty.ok, input);
      assert.equal(empty.title, NO_EVENTS);
      assert.match(empty.error, /contains no events the timeline can draw/);
    }
  });

  it("uses the trace's own block threshold only from Loopscope's run metadata", () => {
    const custom = snapshotOfTraceText(JSON.stringify({ ...trace, metadata: { loopscope: { ...trace.metadata!.loopscope!, blockThresholdMs: 120 } } }));
    assert.ok(custom.ok);
    assert.equal(custom.header.thresholdUs, 120_000);
    const foreign = snapshotOfTraceText(JSON.stringify({ ...trace, metadata: { loopscope: { blockThresholdMs: "soon" } } }));
    assert.ok(foreign.ok);
    assert.equal(foreign.header.thresholdUs, 50_000);
    assert.equal(foreign.header.metadata, undefined);
  });
});

describe("trace loader worker", () => {
  const dir = tempDir("trace-loader");
  // A worker bundle private to this test, from the sources (as scripts/build.mjs makes it).
  const workerFile = join(dir, "trace-snapshot-worker.cjs");
  const built = build({
    entryPoints: [join(root, "client/src/timeline/snapshotWorker.ts")],
    outfile: workerFile,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    logLevel: "error",
  });
  const loads: TraceLoad[] = [];
  after(() => {
    for (const l of loads) l.cancel();
  });
  const open = async (path: string): Promise<{ reply: SnapshotWorkerReply; loaded: TraceLoad }> => {
    await built;
    const loaded = loadTraceInWorker(path, workerFile);
    loads.push(loaded);
    const result = await loaded.result;
    assert.notEqual(result.kind, "cancelled");
    return { reply: result as SnapshotWorkerReply, loaded };
  };
  const load = async (path: string) => (await open(path)).reply;

  it("reads and lays out a file off the main thread, then serves its events by index until cancelled", async () => {
    const file = join(dir, "run.trace.json");
    writeFileSync(file, text);
    const { reply, loaded } = await open(file);
    assert.equal(reply.kind, "snapshot");
    if (reply.kind !== "snapshot") return;
    const local = snapshotOfTraceText(text);
    assert.ok(local.ok);
    assert.deepEqual(reply.header, local.header);
    assert.deepEqual(reply.blob, local.blob);
    assert.ok(reply.timings.totalMs >= reply.timings.parseMs, JSON.stringify(reply.timings));
    const indices = [local.events.length - 1, 0, 3, local.events.length + 5];
    assert.deepEqual(await loaded.events(indices), [local.events.at(-1), local.events[0], local.events[3], null], "the events the snapshot's records point to");
    loaded.cancel();
    await assert.rejects(loaded.events([0]), /no longer shown/);
  });

  it("reads a file with a byte order mark as the page decodes it", async () => {
    const file = join(dir, "bom.trace.json");
    writeFileSync(file, "\uFEFF" + text);
    const { reply, loaded } = await open(file);
    assert.equal(reply.kind, "snapshot");
    const local = snapshotOfTraceText(text);
    assert.ok(local.ok);
    assert.deepEqual(await loaded.events([0, 1]), local.events.slice(0, 2), "TextDecoder drops the mark: the same events");
  });

  it("reports files it cannot read, and files the timeline cannot show", async () => {
    const missing = await load(join(dir, "gone.trace.json"));
    assert.equal(missing.kind, "unreadable");
    if (missing.kind === "unreadable") assert.equal(missing.code, "ENOENT");
    const folder = await load(dir);
    assert.equal(folder.kind, "unreadable");
    const file = join(dir, "bad.trace.json");
    writeFileSync(file, "this is not JSON <script>alert(1)</script>");
    const { reply: bad, loaded } = await open(file);
    assert.deepEqual(bad, {
      kind: "invalid",
      title: CANNOT_SHOW,
      error: (parseTraceText("this is not JSON <script>alert(1)</script>") as { error: string }).error,
    });
    await assert.rejects(loaded.events([0]), /stopped/, "no trace, no events");
  });

  it("can be cancelled, and fails cleanly when the worker cannot run", async () => {
    await built;
    const file = join(dir, "cancel.trace.json");
    writeFileSync(file, text);
    const pending = loadTraceInWorker(file, workerFile);
    pending.cancel();
    assert.deepEqual(await pending.result, { kind: "cancelled" });
    const broken = await loadTraceInWorker(file, join(dir, "no-such-worker.cjs")).result;
    assert.equal(broken.kind, "failed");
  });

  it("fails with the reason when the worker's snapshot header does not fit its blob", async () => {
    const local = snapshotOfTraceText(text);
    assert.ok(local.ok);
    const header = { ...local.header, byteLength: local.header.byteLength + 8 };
    const liar = join(dir, "lying-worker.cjs");
    writeFileSync(
      liar,
      `const reply = ${JSON.stringify({ kind: "snapshot", header, warnings: [], timings: {} })};\n` +
        `reply.blob = new Uint8Array(${local.blob.byteLength});\n` +
        `require("node:worker_threads").parentPort.postMessage(reply);\n`,
    );
    const result = await loadTraceInWorker(join(dir, "unused.trace.json"), liar).result;
    assert.deepEqual(result, { kind: "failed", message: "the trace reader sent a malformed snapshot: the snapshot is truncated" });
  });
});

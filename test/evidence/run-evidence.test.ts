// The evidence model (server/src/evidence): which request a block ran in, what counts as
// start-up, what a hostile trace cannot make it do, and how evidence follows edits.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { evidenceFromTrace, isEvidenceEvent, mayBeEvidenceEvent } from "../../server/src/evidence/run-evidence";
import { TraceTextStream } from "../../protocol/src/trace-stream";
import { readTraceFile } from "../../tracer/src/recorder/read-trace";
import { AnchoredFile } from "../../server/src/evidence/line-anchors";
import { withEvidence } from "../../server/src/evidence/annotate";
import { loadEvidence } from "../../server/src/evidence/read-evidence";
import type { AnyTraceEvent } from "../../protocol/src/trace-validate";
import type { Finding } from "../../server/src/analysis/findings";

const FILE = "/srv/app/src/handler.ts";
const frame = (line: number, functionName = "handler", file = FILE) => ({ file, line, column: 3, functionName });
const block = (ts: number, durMs: number, stack: unknown[], extra: Record<string, unknown> = {}, pid = 1): AnyTraceEvent => ({
  ph: "X",
  cat: "loopscope.block",
  name: "block",
  ts,
  dur: durMs * 1000,
  pid,
  tid: pid,
  args: { thresholdMs: 50, stack, ...extra },
});
const request = (ts: number, durMs: number, url: string, pid = 1, method = "GET"): AnyTraceEvent => ({
  ph: "X",
  cat: "loopscope.http",
  name: `⇦ ${method} ${url}`,
  ts,
  dur: durMs * 1000,
  pid,
  tid: pid,
  args: { side: "server", method, url },
});

describe("evidenceFromTrace", () => {
  it("a block during requests belongs to the request that started last before it ended; the others were only delayed", () => {
    const run = evidenceFromTrace({
      events: [
        request(1_000_000, 900, "/slow?id=1"),
        request(1_200_000, 300, "/report?name=x"),
        block(1_250_000, 120, [frame(10), frame(30, "route", "/srv/app/src/routes.ts")]),
        request(1_600_000, 100, "/report"),
        block(1_610_000, 60, [frame(10)]),
      ],
    });
    const line = run.files.get(FILE)!.get(10)!;
    assert.deepEqual(line.blocked?.requests, [{ label: "GET /report", blocks: 2 }]);
    assert.equal(line.blocked?.count, 2);
    assert.equal(line.blocked?.maxMs, 120);
    assert.equal(line.blocked?.totalMs, 180);
    assert.equal(line.blocked?.duringRequests, 2);
    // The caller's line was on the stack, not at its top.
    const caller = run.files.get("/srv/app/src/routes.ts")!.get(30)!;
    assert.equal(caller.blocked, undefined);
    assert.equal(caller.onStack.count, 1);
  });

  it("start-up: flagged by the tracer, or before the process's first request; without requests, a later block is neither", () => {
    const run = evidenceFromTrace({
      events: [
        block(0, 300, [frame(1, "load")], { startup: true }),
        block(500_000, 80, [frame(2, "warm")]),
        request(2_000_000, 100, "/x"),
        block(3_000_000, 70, [frame(3, "tick")]),
        block(500_000, 90, [frame(4, "other process")], {}, 2),
      ],
    });
    const lines = run.files.get(FILE)!;
    assert.equal(lines.get(1)!.blocked!.atStartup, 1);
    assert.equal(lines.get(2)!.blocked!.atStartup, 1, "before the first request of its process");
    assert.equal(lines.get(3)!.blocked!.atStartup, 0);
    assert.equal(lines.get(3)!.blocked!.duringRequests, 0);
    assert.equal(lines.get(4)!.blocked!.atStartup, 0, "process 2 served no request: its later blocks are not start-up");
  });

  it("async (b/e) request spans pair by process and id; the top frame of the program's code is where it blocked, not a library's", () => {
    const run = evidenceFromTrace({
      events: [
        { ph: "b", cat: "loopscope.http", name: "⇦ POST /upload", id: "h1", ts: 100, pid: 1, tid: 1, args: { side: "server", method: "POST", url: "/upload" } },
        block(200, 60, [frame(5, "parse", "/srv/app/node_modules/lib/index.js"), frame(12, "upload"), frame(40, "main")], {
          source: frame(5, "parse", "/srv/app/node_modules/lib/index.js"),
        }),
        { ph: "e", cat: "loopscope.http", name: "⇦ POST /upload", id: "h1", ts: 90_000, pid: 1, tid: 1 },
      ],
    });
    const lines = run.files.get(FILE)!;
    assert.deepEqual(lines.get(12)!.blocked!.requests, [{ label: "POST /upload", blocks: 1 }]);
    assert.equal(lines.get(40)!.blocked, undefined);
    assert.equal(run.files.has("/srv/app/node_modules/lib/index.js"), false);
  });

  it("hostile fields are ignored or made inert: bad lines, relative or odd paths, control characters, huge labels", () => {
    const run = evidenceFromTrace({
      events: [
        request(0, 1000, `/a\u001b[31m\nInjected: yes${"x".repeat(500)}`),
        block(10, 60, [
          { file: FILE, line: 0 },
          { file: FILE, line: 1.5 },
          { file: FILE, line: 1e12 },
          { file: "relative/x.ts", line: 3 },
          { file: "node:internal/x", line: 3 },
          { file: `${FILE}\u0000.ts`, line: 3 },
          { file: 42, line: 3 },
          "frame",
          null,
          frame(7, "fn\nname"),
        ]),
        block(20, 60, "not a stack" as unknown as unknown[]),
      ],
    });
    assert.deepEqual([...run.files.keys()], [FILE]);
    assert.deepEqual([...run.files.get(FILE)!.keys()], [7]);
    const line = run.files.get(FILE)!.get(7)!;
    assert.equal(line.functionName, "fn name");
    const label = line.blocked!.requests[0]!.label;
    assert.ok(!/[\u0000-\u001f]/.test(label) && label.length <= 80 && label.startsWith("GET /a [31m Injected: yes"), label);
    assert.equal(run.blocks, 2);
    assert.equal(run.attributedBlocks, 1);
  });
});

describe("related locations: where a caller's blocks were blocked", () => {
  it("a finding on a caller's line points at the line that blocked, as that file is now", () => {
    const helper = "/srv/app/src/helper.ts";
    const run = evidenceFromTrace({ events: [request(0, 500, "/r"), block(10, 120, [frame(2, "slow", helper), frame(4)])] });
    const here = new AnchoredFile("a;\nb;\nc;\n  callSlow();\n", run.files.get(FILE)!.values());
    const there = new AnchoredFile("x;\n  loopForever();\n", run.files.get(helper)!.values());
    there.follow("// moved\nx;\n  loopForever();\n");
    const finding: Finding = {
      ruleId: "blocking-call-in-async",
      messageId: "blocking",
      severity: "warning",
      message: "Blocks.",
      fileName: FILE,
      range: { start: { line: 3, character: 2 }, end: { line: 3, character: 12 } },
      related: [],
      fixes: [],
    };
    const joined = withEvidence({ fileName: FILE, findings: [finding] }, here, 50, file => (file === helper ? there : undefined));
    assert.deepEqual(joined.findings[0]!.related, [
      {
        fileName: helper,
        range: { start: { line: 2, character: 2 }, end: { line: 2, character: 16 } },
        message: "The event loop was blocked here in the last run (1 block, max 120 ms).",
      },
    ]);
    assert.deepEqual(joined.observed, [], "the caller's line did not block itself");
  });
});

describe("AnchoredFile: evidence follows edits", () => {
  const text = ["import x from 'y';", "", "export async function f() {", "  blockHere();", "}", ""].join("\n");
  const observation = (line: number) => ({ line, blockedAt: [], onStack: { count: 1, maxMs: 60, totalMs: 60, duringRequests: 1, atStartup: 0, requests: [] } });

  it("moves with lines inserted or deleted above, and stays through edits elsewhere", () => {
    const file = new AnchoredFile(text, [observation(4)]);
    assert.equal(file.lines[0]!.line, 3);
    file.follow(`// a\n// b\n${text}`);
    assert.equal(file.lines[0]!.line, 5);
    file.follow(`// b\n${text}`.replace("export async", "export  async"));
    assert.equal(file.lines[0]!.line, 4, "an edit on another line leaves it in place");
    file.follow(`// b\n${text}`.replace("export  async", "export async").replace(/\n/g, "\r\n"));
    assert.equal(file.lines[0]!.line, 4, "line breaks are not the line's text: CRLF keeps it");
  });

  it("an edit of the line itself or a rewrite drops it", () => {
    const edited = new AnchoredFile(text, [observation(4)]);
    edited.follow(text.replace("blockHere();", "blockHere(2);"));
    assert.equal(edited.lines.length, 0);
    const rewritten = new AnchoredFile(text, [observation(4)]);
    rewritten.follow("export const g = 1;\n");
    assert.equal(rewritten.lines.length, 0);
    const blank = new AnchoredFile(text, [observation(2), observation(99)]);
    assert.equal(blank.lines.length, 0, "blank lines and lines past the end are never anchored");
  });

  it("withEvidence: findings on an observed line say so; observed-block findings span the line's code", () => {
    const file = new AnchoredFile(text, [{ ...observation(4), blocked: observation(4).onStack }]);
    const finding: Finding = {
      ruleId: "blocking-call-in-async",
      messageId: "blocking",
      severity: "warning",
      message: "Blocks.",
      fileName: FILE,
      range: { start: { line: 3, character: 2 }, end: { line: 3, character: 13 } },
      related: [],
      fixes: [],
    };
    const elsewhere: Finding = { ...finding, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 6 } } };
    const joined = withEvidence({ fileName: FILE, findings: [finding, elsewhere] }, file, 50);
    assert.equal(joined.findings[0]!.evidence?.kind, "request");
    assert.match(
      joined.findings[0]!.message,
      /^Blocks\. Observed on a request path in the last run: on the stack of 1 block of the event loop over 50 ms, max 60 ms, total 60 ms\.$/,
    );
    assert.equal(joined.findings[1], elsewhere);
    assert.deepEqual(
      joined.observed.map(f => [f.ruleId, f.severity, f.range, f.message]),
      [
        [
          "observed-block",
          "info",
          { start: { line: 3, character: 2 }, end: { line: 3, character: 14 } },
          "blocked the event loop once, max 60 ms, total 60 ms in the last run",
        ],
      ],
    );
  });
});

describe("loadEvidence: reading a trace file", () => {
  const dir = mkdtempSync(join(tmpdir(), "loopscope-evidence-"));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));

  it("a gzip bomb or a trace over the limit stops at the limit with a sentence", async () => {
    const bomb = join(dir, "bomb.json.gz");
    // 64 MB of spaces inside an unfinished array: ~64 KB compressed.
    writeFileSync(bomb, gzipSync(Buffer.concat([Buffer.from('{"traceEvents":['), Buffer.alloc(64 * 1024 * 1024, 0x20)])));
    const load = await loadEvidence(bomb, { maxChars: 8 * 1024 * 1024 });
    assert.deepEqual(load, {
      ok: false,
      error: `Cannot use ${bomb} as runtime evidence: The trace file is too large: more than 8,388,608 characters once decompressed.`,
    });
  });

  it("only blocks and requests are kept; source files are read only when they are scripts on disk, unchanged since the run", async () => {
    const src = join(dir, "src");
    mkdirSync(src, { recursive: true });
    writeFileSync(join(src, "a.ts"), "const a = 1;\nblock();\n");
    writeFileSync(join(src, "later.ts"), "x();\nblock();\n");
    const startedAtEpochMs = Date.now() - 10_000;
    utimesSync(join(src, "a.ts"), new Date(startedAtEpochMs - 5000), new Date(startedAtEpochMs - 5000));
    const counters = Array.from({ length: 1000 }, (_, i) => ({ ph: "C", name: "event loop delay (ms)", ts: i, pid: 1, tid: 1, args: { p99: 1 } }));
    const trace = join(dir, "t.json");
    writeFileSync(
      trace,
      JSON.stringify({
        traceEvents: [
          ...counters,
          block(10, 60, [{ file: join(src, "a.ts"), line: 2 }]),
          block(20, 60, [{ file: join(src, "later.ts"), line: 2 }]),
          block(30, 60, [{ file: "/etc/passwd", line: 1 }]),
        ],
        metadata: { loopscope: { startedAtEpochMs, blockThresholdMs: 50 } },
      }),
    );
    const load = await loadEvidence(trace);
    assert.ok(load.ok);
    assert.deepEqual([...load.evidence.files.keys()], [join(src, "a.ts")]);
    assert.equal(load.evidence.files.get(join(src, "a.ts"))!.lines[0]!.text, "block();");
    assert.deepEqual(load.evidence.notes, [`1 file was changed after the run, so its evidence is left out: ${join(src, "later.ts")}`]);
    // Objects the quick look rejects are not parsed at all (parsing is most of a read); anything else still is.
    const stream = new TraceTextStream({ keepEvent: isEvidenceEvent, mayKeep: mayBeEvidenceEvent });
    stream.write(`{"traceEvents":[{"ph":"C","name":"x",unparsed},${JSON.stringify(block(1, 60, [frame(1)]))}]}`);
    const skipped = stream.end();
    assert.ok(skipped.ok, JSON.stringify(skipped));
    assert.equal(skipped.events.length, 1);
    const strict = new TraceTextStream({ keepEvent: isEvidenceEvent, mayKeep: mayBeEvidenceEvent });
    strict.write(`{"traceEvents":[oops,${JSON.stringify(block(1, 60, [frame(1)]))}]}`);
    assert.match((strict.end() as { error: string }).error, /not valid JSON/);
    // The streaming reader held the 3 blocks, not the 1,000 counters.
    const read = await readTraceFile(trace, { keepEvent: isEvidenceEvent });
    assert.ok(read.check.ok);
    assert.deepEqual(
      read.check.events.map(e => e.cat),
      ["loopscope.block", "loopscope.block", "loopscope.block"],
    );
  });
});

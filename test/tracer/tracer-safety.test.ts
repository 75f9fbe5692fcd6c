// The tracer must not change the program: same exit code, same stdout bytes, same stderr;
// nothing buffered is lost at exit; no recorder (or a recorder that goes away) changes nothing;
// signals reach the program.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { loopscopeRun, plainRun, programs, blocksOf, byCat, tracerPath, tempDir } from "./helpers";
import { chromeTraceProblems } from "./chrome-trace-rules";
import { Recorder } from "../../tracer/src/recorder/recorder";

test("uncaught exception: exit code and the program's stderr are unchanged", async () => {
  const cmd = ["node", join(programs, "crash.cjs")];
  const plain = await plainRun(cmd);
  const traced = await loopscopeRun(cmd);
  assert.equal(plain.code, 1);
  assert.equal(traced.code, plain.code);
  assert.equal(traced.stdout.toString(), plain.stdout.toString());
  // loopscope's own summary comes after everything the program wrote
  const summaryAt = traced.stderr.indexOf("loopscope: ");
  assert.ok(summaryAt > 0, traced.stderr);
  assert.equal(traced.stderr.slice(0, summaryAt), plain.stderr);
  assert.match(traced.stderr, /exited with code 1/);
  assert.doesNotMatch(traced.stderr, /Waiting for the debugger/);
  assert.equal(traced.trace?.metadata?.loopscope?.exitCode, 1);
  assert.deepEqual(chromeTraceProblems(traced.trace!), []);
});

test("process.exit() and a late uncaught exception: same exit code and stderr (no inspector notice)", async () => {
  for (const how of ["exit", "throw"]) {
    const cmd = ["node", join(programs, "late-exit.cjs"), how];
    const plain = await plainRun(cmd);
    const traced = await loopscopeRun(cmd);
    assert.equal(traced.code, plain.code, how);
    const summaryAt = traced.stderr.indexOf("loopscope: ");
    assert.equal(traced.stderr.slice(0, summaryAt), plain.stderr, how);
  }
});

test("an unhandled worker error still crashes the program the same way, and is in the trace", async () => {
  const cmd = ["node", join(programs, "worker-error.cjs")];
  const plain = await plainRun(cmd);
  const traced = await loopscopeRun(cmd);
  assert.equal(plain.code, 1);
  assert.equal(traced.code, plain.code);
  assert.equal(traced.stdout.toString(), "starting worker\n");
  const summaryAt = traced.stderr.indexOf("loopscope: ");
  // The same error text. Stack frame lines are left out: Node itself delivers the worker's error
  // either from its message handler or from its exit handler (it varies between plain runs too).
  const stable = (text: string) =>
    text
      .split("\n")
      .filter(l => !l.startsWith("    at "))
      .join("\n")
      .replace(/\d+/g, "N");
  assert.equal(stable(traced.stderr.slice(0, summaryAt)), stable(plain.stderr));
  assert.doesNotMatch(traced.stderr, /tracer\.cjs/, "no tracer frame in the program's error output");
  const trace = traced.trace!;
  assert.deepEqual(chromeTraceProblems(trace), []);
  const errors = trace.traceEvents.filter(e => e.cat === "loopscope.error" && (e.args as { message?: string }).message === "worker failed on purpose");
  assert.ok(
    errors.some(e => e.tid !== e.pid),
    "the worker's uncaught exception on its own lane",
  );
  assert.ok(
    errors.some(e => e.tid === e.pid),
    "and the same error reaching the main thread",
  );
  const workerSpan = trace.traceEvents.find(e => e.cat === "loopscope.worker" && e.ph === "b")!;
  assert.equal((workerSpan.args as { error?: string }).error, "worker failed on purpose");
});

test("100 MB on stdout comes through byte for byte", async () => {
  const expected = createHash("sha256");
  const chunk = Buffer.alloc(64 * 1024);
  for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 31 + 7) & 0xff;
  for (let i = 0; i < 1600; i++) expected.update(chunk);
  const run = await loopscopeRun(["node", join(programs, "big-stdout.cjs")], { timeoutMs: 120_000 });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout.length, 100 * 1024 * 1024);
  assert.equal(createHash("sha256").update(run.stdout).digest("hex"), expected.digest("hex"));
});

test("a program that exits while events are buffered loses nothing", async () => {
  const count = 5000;
  const run = await loopscopeRun(["node", join(programs, "buffered-exit.cjs"), String(count)]);
  assert.equal(run.code, 0, run.stderr);
  const trace = run.trace!;
  assert.deepEqual(chromeTraceProblems(trace), []);
  const marks = byCat(trace, "loopscope.user", "i").map(e => e.name);
  assert.equal(marks.length, count);
  assert.equal(new Set(marks).size, count);
  assert.equal(
    byCat(trace, "loopscope.user", "b")
      .map(e => e.name)
      .join(),
    "all marks",
    "the measure is a span",
  );
  assert.equal(trace.metadata?.loopscope?.eventsDropped, 0);
  // the busy loop right before process.exit() is reported by the exit hook
  const exitBlock = blocksOf(trace).find(b => (b.args as { inExit?: boolean }).inExit);
  assert.ok(exitBlock && exitBlock.dur >= 70_000, JSON.stringify(blocksOf(trace)));
  // the stream ended with the tracer's final batch (no "ended without" note)
  // (other tracer notes, such as "the process got no CPU" on a loaded machine, may be there)
  assert.deepEqual(
    byCat(trace, "loopscope.tracer").filter(e => /ended without|dropped/.test(e.name)),
    [],
  );
});

test("more events than the bounded buffer holds: the excess is dropped, counted and shown", async () => {
  const count = 50_000; // all made in one synchronous burst: the buffer (20 000 events) overflows
  const run = await loopscopeRun(["node", join(programs, "buffered-exit.cjs"), String(count)]);
  assert.equal(run.code, 0, run.stderr);
  const trace = run.trace!;
  assert.deepEqual(chromeTraceProblems(trace), []);
  const kept = byCat(trace, "loopscope.user", "i").length;
  // The recorder keeps a burst of marks and thins the rest (stated per kind in the metadata): what
  // arrived from the tracer is what the buffer held.
  const markKind = trace.metadata?.loopscope?.thinning?.kinds.mark;
  const marks = markKind?.received ?? kept;
  assert.equal(kept, markKind ? markKind.kept : kept, "kept marks are in the trace");
  const dropped = trace.metadata?.loopscope?.eventsDropped ?? 0;
  assert.ok(marks >= 19_000 && marks <= 20_000, `marks received: ${marks} (the buffer holds 20 000 events)`);
  assert.ok(dropped >= count - marks, `dropped ${dropped}, marks ${marks}`);
  assert.match(run.stderr, new RegExp(`${dropped} DROPPED`));
  assert.ok(byCat(trace, "loopscope.tracer").some(e => e.name === `tracer dropped ${dropped} events`));
});

test("without LOOPSCOPE_SOCKET/TOKEN the tracer does nothing; with a dead socket the program runs unchanged", async () => {
  const tracer = await tracerPath();
  const probe =
    "const { Worker } = require('node:worker_threads'); const w = new Worker('0', { eval: true }); console.log('worker threadId', w.threadId, typeof require('node:worker_threads').Worker.prototype.postMessage); w.on('exit', c => console.log('exit', c));";
  const base: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: `--require ${JSON.stringify(tracer)}` };
  delete base.LOOPSCOPE_SOCKET;
  delete base.LOOPSCOPE_TOKEN;
  const runWith = (env: NodeJS.ProcessEnv) =>
    new Promise<{ code: number | null; out: string; err: string }>(resolve => {
      const child = spawn(process.execPath, ["-e", probe], { env, stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      let err = "";
      child.stdout.on("data", d => (out += d));
      child.stderr.on("data", d => (err += d));
      child.on("close", code => resolve({ code, out, err }));
    });
  const off = await runWith(base);
  // no watchdog thread was started, so the program's first worker is thread 1
  assert.deepEqual(off, { code: 0, out: "worker threadId 1 function\nexit 0\n", err: "" });
  const dead = await runWith({ ...base, LOOPSCOPE_SOCKET: join(tempDir("dead"), "nobody.sock"), LOOPSCOPE_TOKEN: "x" });
  assert.equal(dead.code, 0);
  assert.equal(dead.err, "");
  assert.match(dead.out, /^worker threadId \d+ function\nexit 0\n$/);
});

test("the recorder going away mid-run does not disturb the program", async () => {
  const recorder = await Recorder.start({ blockThresholdMs: 50 });
  const tracer = await tracerPath();
  const program =
    "let n = 0; const t = setInterval(() => { performance.mark('m' + n); if (++n === 60) { clearInterval(t); console.log('finished', n); } }, 10);";
  const child = spawn(process.execPath, ["-e", program], {
    env: { ...process.env, ...recorder.env(), NODE_OPTIONS: `--require ${JSON.stringify(tracer)}` },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", d => (out += d));
  child.stderr.on("data", d => (err += d));
  // close the recorder as soon as the first events have arrived, while the program still runs
  const poll = setInterval(() => {
    if (recorder.builder.received > 0) {
      clearInterval(poll);
      void recorder.close();
    }
  }, 5);
  const code = await new Promise<number | null>(resolve => child.on("close", c => resolve(c)));
  assert.equal(code, 0);
  clearInterval(poll);
  assert.equal(out, "finished 60\n");
  assert.equal(err, "");
  assert.ok(recorder.builder.received > 0, "events arrived before the recorder went away");
});

test("SIGINT and SIGTERM sent to loopscope reach the program; exit status follows the program", async () => {
  const sendWhenReady = (signal: NodeJS.Signals) => (child: import("node:child_process").ChildProcess) => {
    child.stdout!.on("data", (d: Buffer) => {
      if (d.toString().includes("ready")) setTimeout(() => child.kill(signal), 200);
    });
  };
  const interrupted = await loopscopeRun(["node", join(programs, "signals.cjs")], { onStart: sendWhenReady("SIGINT") });
  assert.equal(interrupted.stdout.toString(), "ready\ngot SIGINT\n");
  assert.equal(interrupted.code, 0, interrupted.stderr);
  const terminated = await loopscopeRun(["node", join(programs, "signals.cjs")], { onStart: sendWhenReady("SIGTERM") });
  assert.equal(terminated.code, 128 + 15, terminated.stderr);
  assert.match(terminated.stderr, /killed by SIGTERM/);
  assert.equal(terminated.trace?.metadata?.loopscope?.signal, "SIGTERM");
  assert.deepEqual(chromeTraceProblems(terminated.trace!), []);
});

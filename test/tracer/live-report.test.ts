// `loopscope run --live`: the lines printed while a program runs, from wire events (unit), and
// on a real program with workers (end to end, under `loopscope run`).
import { describe, it, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { LiveReport } from "../../tracer/src/recorder/live-report";
import type { HelloMessage, WireEvent } from "../../protocol/src/tracer-wire";
import { loopscopeRun, loopscopeRunGivenCpu, markerLine, programs } from "./helpers";

const origin = 1_000_000_000;
const hello = (pid: number, tid = 0, role: HelloMessage["role"] = "main"): { key: string; hello: HelloMessage } => ({
  key: `${pid}:${tid}:${role}`,
  hello: {
    t: "hello",
    v: 1,
    token: "t",
    pid,
    ppid: 1,
    tid,
    role,
    argv: ["/usr/bin/node", "/srv/app/server.js", "--port", "80"],
    execPath: "/usr/bin/node",
    nodeVersion: "v20",
    ts: origin,
    blockThresholdMs: 50,
  },
});

function report() {
  const lines: string[] = [];
  const live = new LiveReport({ originUs: origin, cwd: "/srv/app", write: line => lines.push(line) });
  return { live, lines };
}

describe("live report lines", () => {
  it("a block names the program's own frame from the stacks sampled during it", () => {
    const { live, lines } = report();
    const main = hello(10),
      watchdog = hello(10, 1, "watchdog");
    live.hello(main);
    const frames = [
      { fn: "readFileSync", file: "node:fs", line: 1, col: 1 },
      { fn: "load", file: pathToFileURL("/srv/app/node_modules/lib/index.js").href, line: 3, col: 2 },
      { fn: "handle", file: pathToFileURL("/srv/app/routes/user.js").href, line: 42, col: 7 },
    ];
    live.event(watchdog, { t: "sample", seq: 0, ts: origin + 2_100_000, forTid: 0, stack: frames } as WireEvent);
    live.event(main, { t: "block", seq: 0, ts: origin + 2_000_000, dur: 182_000 } as WireEvent);
    live.event(main, { t: "block", seq: 1, ts: origin + 5_000_000, dur: 60_000 } as WireEvent);
    live.event(main, { t: "block", seq: 2, ts: origin + 10, dur: 75_000, startup: true } as WireEvent);
    assert.deepEqual(lines, [
      "loopscope: [   2.0 s] 182 ms block in handle routes/user.js:42:7  [pid 10 main]\n",
      "loopscope: [   5.0 s] 60 ms block  [pid 10 main]\n",
      "loopscope: [   0.0 s] 75 ms block while loading the program  [pid 10 main]\n",
    ]);
  });

  it("workers and child processes, with hostile text kept to one line", () => {
    const { live, lines } = report();
    const main = hello(10);
    live.hello(main);
    live.event(main, { t: "worker", seq: 0, ts: origin + 1e6, phase: "online", worker: 2 } as WireEvent);
    live.event(main, { t: "worker", seq: 1, ts: origin + 2e6, phase: "exit", worker: 2, code: 1, file: "/srv/app/jobs/resize.js" } as WireEvent);
    live.event(main, {
      t: "child",
      seq: 2,
      ts: origin + 3e6,
      phase: "spawn",
      key: 1,
      child: 77,
      file: "git",
      args: ["git", "log", "--oneline\n\u001b[2Jcleared"],
    } as WireEvent);
    live.event(main, { t: "child", seq: 3, ts: origin + 4e6, phase: "exit", key: 1, child: 77, code: null, signal: "SIGKILL" } as WireEvent);
    live.event(main, { t: "uncaught", seq: 4, ts: origin + 5e6, message: "boom\nsecond line", origin: "uncaughtException" } as WireEvent);
    assert.deepEqual(lines, [
      "loopscope: [   2.0 s] worker 2 (jobs/resize.js) exited with code 1  [pid 10]\n",
      "loopscope: [   3.0 s] child 77 started: git log --oneline [2Jcleared  [by pid 10]\n",
      "loopscope: [   4.0 s] child 77 killed by SIGKILL\n",
      "loopscope: [   5.0 s] uncaught uncaughtException: boom second line  [pid 10 main]\n",
    ]);
  });

  it("the periodic line: worst loop numbers, memory of all processes, HTTP of the interval, drops of every stream", () => {
    const { live, lines } = report();
    live.tick(origin + 1e6);
    assert.deepEqual(lines, [], "nothing before a traced process said hello");
    const a = hello(10),
      b = hello(20),
      worker = hello(10, 2, "worker");
    live.hello(a);
    live.hello(b);
    live.hello(worker);
    const loop = (delayP99: number, elu: number, rss: number) =>
      ({ t: "loop", seq: 0, ts: origin, delayP50: 1, delayP99, delayMax: delayP99, elu, heapUsed: 1, heapTotal: 2, rss, handles: 1, requests: 0 }) as WireEvent;
    live.event(a, loop(12.34, 0.43, 100 * 2 ** 20));
    live.event(b, loop(3, 0.9, 50 * 2 ** 20));
    live.event(worker, { ...loop(400, 1, 0), rss: undefined } as WireEvent);
    live.event(a, { t: "httpstats", seq: 1, ts: origin, side: "server", count: 120, errors: 2, notSent: 100, p50: 3, p99: 30, max: 80 } as WireEvent);
    live.event(a, { t: "httpstats", seq: 2, ts: origin, side: "client", count: 999, errors: 0, notSent: 0, p50: 1, p99: 1, max: 1 } as WireEvent);
    live.event(a, { t: "stats", seq: 3, ts: origin, dropped: 3, errors: 0 } as WireEvent);
    live.event(a, { t: "stats", seq: 4, ts: origin, dropped: 5, errors: 0 } as WireEvent);
    live.event(worker, { t: "stats", seq: 1, ts: origin, dropped: 2, errors: 0 } as WireEvent);
    live.tick(origin + 5e6);
    live.tick(origin + 10e6);
    assert.deepEqual(lines, [
      "loopscope: [   5.0 s] loop delay p99 12.3 ms · utilisation 90% · memory 150 MB · processes 2 · workers 0 · children 0 · http 120 requests, p99 30 ms, 2 errors · events 8 (7 DROPPED)\n",
      "loopscope: [  10.0 s] loop delay p99 12.3 ms · utilisation 90% · memory 150 MB · processes 2 · workers 0 · children 0 · events 8 (7 DROPPED)\n",
    ]);
  });
});

test("loopscope run --live prints the worker's block, the workers' exits and the numbers while the program runs; its output is untouched", {
  timeout: 120_000,
}, async () => {
  const file = join(programs, "worker-pool.cjs");
  const line = markerLine(file, "WORKER:block");
  const liveBlock = (stderr: string) =>
    stderr
      .split("\n")
      .filter(l => l.startsWith("loopscope: ["))
      .find(l => / block in .*worker-pool\.cjs:(\d+):/.exec(l)?.[1] === String(line));
  const run = await loopscopeRunGivenCpu(["node", file], { args: ["--live=0.2"] }, 3, r => !!liveBlock(r.stderr));
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout.toString(), "pool done, 3 workers\n");
  const liveLines = run.stderr.split("\n").filter(l => l.startsWith("loopscope: ["));
  const summaryAt = run.stderr.indexOf("loopscope: node ");
  assert.ok(summaryAt > 0, run.stderr);
  const block = liveBlock(run.stderr);
  assert.ok(block, `a live block line at worker-pool.cjs:${line}:\n${run.stderr}`);
  assert.match(block, /^loopscope: \[ *\d+\.\d s\] \d+ ms block in .* \[pid \d+ worker \d+\]$/);
  assert.equal(liveLines.filter(l => / worker \d+ exited with code 0 /.test(`${l} `)).length, 3, run.stderr);
  assert.ok(
    liveLines.some(l => l.includes("loop delay p99") && l.includes("events ")),
    `a periodic line:\n${run.stderr}`,
  );
  assert.ok(run.stderr.indexOf(block) < summaryAt, "printed before the summary");
});

test("without --live nothing is printed while the program runs", { timeout: 120_000 }, async () => {
  const run = await loopscopeRun(["node", join(programs, "worker-pool.cjs")]);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(
    run.stderr.split("\n").filter(l => l.startsWith("loopscope: [")),
    [],
  );
});

// A pool worker that never turns its loop and sleeps in Atomics.wait between tasks (piscina's
// default): each task just over the block threshold is a block of its own with the length the
// worker timed (not stretched to the watchdog's samples around it, taken up to 200 ms apart while
// the thread waited), attributed to the task's line by its own samples, never to the wait; the
// task still running when the worker is terminated is an ongoing block with its samples.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { loopscopeRun, programs, blocksOf, markerLine } from "./helpers";
import { chromeTraceProblems } from "./chrome-trace-rules";
import type { BlockArgs } from "../../protocol/src/trace";

const args = (e: { args?: unknown }) => e.args as BlockArgs & { samples: number };

test("an Atomics.wait pool worker: every task is a block of its own length, at its line, the last one ongoing", { timeout: 120_000 }, async () => {
  const file = join(programs, "pool-short-tasks.cjs");
  const traced = await loopscopeRun(["node", file, "120"], { timeoutMs: 90_000 });
  assert.equal(traced.code, 0, traced.stderr);
  const stdout = traced.stdout.toString();
  assert.match(stdout, /pool worker terminated/);
  // Each task's length as the worker timed it: on a loaded machine a 120 ms task may take longer.
  const took = /^tasks (.*)$/m.exec(stdout)![1]!.split(" ").map(Number);
  assert.equal(took.length, 8, stdout);
  const trace = traced.trace!;
  assert.deepEqual(chromeTraceProblems(trace), []);
  const worker = blocksOf(trace)
    .filter(b => b.tid !== b.pid)
    .sort((a, b) => a.ts - b.ts);
  const describe = () => JSON.stringify(worker.map(b => [Math.round(b.ts / 1e3), Math.round(b.dur / 1e3), args(b).samples, args(b).source?.line]));

  // The worker's last nine blocks are its tasks (any before are its start-up), each as long as the
  // worker timed it: from the return of one Atomics.wait to the next, not stretched to the
  // samples around it.
  assert.ok(worker.length >= 9, describe());
  const tasks = worker.slice(-9, -1);
  tasks.forEach((t, i) => assert.ok(Math.abs(t.dur / 1e3 - took[i]!) <= 5, `task ${i + 1} took ${took[i]} ms, its block ${t.dur / 1e3} ms: ${describe()}`));
  // Attributed by their own samples: to the task's line, never to the Atomics.wait between tasks
  // (a loaded machine may leave a task without a sample, not most of them).
  const shortLine = markerLine(file, "SHORT-TASK");
  const attributed = tasks.filter(t => args(t).source?.line === shortLine);
  assert.ok(attributed.length >= 5, `tasks at their line: ${describe()}`);
  assert.ok(!worker.some(b => args(b).source?.line === markerLine(file, "WAIT-LINE")), `sleeping in Atomics.wait is no block: ${describe()}`);
  // The task still running at terminate() is an ongoing block, with its samples.
  const last = worker.at(-1)!;
  assert.equal(args(last).source?.line, markerLine(file, "LAST-TASK"), describe());
  assert.equal(args(last).ongoing, true);
  assert.equal(args(last).endedBy, "thread ended");
  assert.ok(last.dur >= 800e3 && args(last).samples >= 5, `the task running at terminate(): ${describe()}`);
});

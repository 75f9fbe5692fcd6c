// A program that closes its standard streams must run under the tracer exactly as without it.
// libuv aborts the process when it closes an fd ≤ 2 it opened itself, so the tracer must never
// open one (reading RSS, starting its watchdog thread) after the program freed those numbers.

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { loopscopeRun, plainRun, programs } from "./helpers";
import { chromeTraceProblems } from "./chrome-trace-rules";
import { COUNTERS } from "../../protocol/src/trace";

const cases = [
  ...["0", "1", "2", "0,1,2"].map(fds => ({ name: `fd ${fds}`, cmd: ["node", join(programs, "close-std.cjs"), fds] })),
  { name: "fd 0 from an ES module", cmd: ["node", join(programs, "close-std.mjs")] },
];
for (const { name, cmd } of cases) {
  test(`closing ${name}: same exit code and output as without the tracer, and the run is traced`, async () => {
    const plain = await plainRun(cmd);
    assert.equal(plain.code, 7, plain.stderr);
    const traced = await loopscopeRun(cmd, { timeoutMs: 30_000 });
    assert.doesNotMatch(traced.stderr, /Assertion|uv__close/);
    assert.equal(traced.code, plain.code, traced.stderr);
    assert.equal(traced.stdout.toString(), plain.stdout.toString());
    const summaryAt = traced.stderr.indexOf("loopscope: ");
    assert.equal(traced.stderr.slice(0, summaryAt), plain.stderr);
    const trace = traced.trace!;
    assert.deepEqual(chromeTraceProblems(trace), []);
    const memory = trace.traceEvents.filter(e => e.ph === "C" && e.name === COUNTERS.memory);
    assert.ok(memory.length >= 2, "loop metrics kept coming after the fds were closed");
    if (process.platform === "linux")
      assert.ok(
        memory.every(e => typeof (e.args as { rss?: number }).rss === "number"),
        "RSS is still read (from the fd opened at start)",
      );
  });
}

// The tracer swallows its own errors (the program must never see them) but says what the first
// one was: a count alone cannot be reported or fixed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { attempt, guard, tracerStats } from "../../tracer/src/safe";
import { formatSummary } from "../../tracer/src/recorder/summary";

test("guard and attempt count every error and keep the first one's message and place", () => {
  const before = tracerStats.internalErrors;
  tracerStats.firstError = undefined;
  guard(() => {
    throw new TypeError("boom");
  })();
  assert.equal(
    attempt(() => {
      throw new RangeError("second");
    }, 7),
    7,
  );
  guard(() => {
    throw "a string";
  })();
  assert.equal(tracerStats.internalErrors, before + 3);
  assert.match(tracerStats.firstError ?? "", /^TypeError: boom \(at .+tracer-errors\.test\.ts:\d+:\d+\)?/);
  tracerStats.firstError = undefined;
  guard(() => {
    throw "a string";
  })();
  assert.equal(tracerStats.firstError, "Error: a string");
  tracerStats.firstError = undefined;
});

test("the run summary names the first tracer error and says the program did not see it", () => {
  const meta = {
    version: "t",
    command: ["node", "x.js"],
    cwd: "/",
    startedAtEpochMs: 0,
    durationMs: 1,
    exitCode: 0,
    signal: null,
    blockThresholdMs: 50,
    eventsReceived: 9,
    eventsDropped: 0,
  };
  const summary = {
    blocks: 0,
    blocksTotalMs: 0,
    worstBlocks: [],
    delayP99Ms: 0,
    processes: 1,
    workers: 0,
    children: 0,
    rejected: 0,
    tracerErrors: 2,
    firstTracerError: "TypeError: boom (at f (/t.js:1:1)) [pid 4]",
  };
  const text = formatSummary(meta, summary, undefined, "/");
  assert.match(text, /2 tracer errors \(your program did not see them\)/);
  assert.match(text, /first tracer error: TypeError: boom \(at f \(\/t\.js:1:1\)\) \[pid 4\]/);
  assert.doesNotMatch(formatSummary(meta, { ...summary, tracerErrors: 0, firstTracerError: undefined }, undefined, "/"), /tracer error/);
});

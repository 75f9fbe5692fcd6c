// Which stalls become blocks the thread never reported: only those whose end nobody saw.
import { test } from "node:test";
import assert from "node:assert/strict";
import { unreportedBlocks } from "../../tracer/src/recorder/stalls";
import type { StackSample } from "../../tracer/src/recorder/event-converters";

const stack = [{ fn: "work", file: "/app/w.js", line: 3, col: 1 }];
const samples: StackSample[] = [60_000, 85_000, 110_000].map(ts => ({ ts, stack, since: 1000 }));

test("a sampled stall that nobody saw end is an ongoing block up to the thread's end", () => {
  const blocks = unreportedBlocks({ threadId: 2, samples, reported: [], turned: [], alive: [], endedAt: 400_000 }, 1e6, 50);
  assert.deepEqual(blocks, [{ t: "block", ts: 1000, dur: 399_000, ongoing: "thread ended" }]);
});

test("a stall the thread reported, or whose end the watchdog saw (the loop turned, just under the threshold by the thread's clock), is not made up", () => {
  assert.deepEqual(unreportedBlocks({ threadId: 0, samples, reported: [1000.2], turned: [], alive: [] }, 1e6, 50), []);
  assert.deepEqual(unreportedBlocks({ threadId: 0, samples, reported: [], turned: [1000], alive: [500_000] }, 1e6, 50), []);
});

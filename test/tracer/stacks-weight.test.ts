// A block's stack is chosen by the time its samples stand for, not by their number: the watchdog
// samples a long block more and more sparsely, so early samples are many and each stands for less.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chooseStack, hotspots } from "../../tracer/src/recorder/stacks";
import type { WireFrame } from "../../protocol/src/tracer-wire";

const frame = (fn: string, line: number): WireFrame => ({ fn, file: "/app/job.js", line, col: 1 });
const inner = frame("spin", 3);

test("40 samples of 25 ms in phaseA lose to 10 samples of 400 ms in phaseB", () => {
  const a = Array.from({ length: 40 }, () => ({ stack: [inner, frame("phaseA", 10)], us: 25_000 }));
  const b = Array.from({ length: 10 }, () => ({ stack: [inner, frame("phaseB", 20)], us: 400_000 }));
  const chosen = chooseStack([...a, ...b]);
  assert.equal(chosen?.[1]?.fn, "phaseB");
  const spots = hotspots([...a, ...b]);
  assert.deepEqual(
    spots.map(s => [s.path[1]!.fn, s.us, s.n]),
    [
      ["phaseB", 4_000_000, 10],
      ["phaseA", 1_000_000, 40],
    ],
  );
});

test("the same line reached from two callers counts as two call paths; node internals are left out of the path", () => {
  const internal: WireFrame = { fn: "emit", file: "node:events", line: 1, col: 1 };
  const spots = hotspots([
    { stack: [internal, inner, frame("a", 10)], us: 10 },
    { stack: [inner, frame("a", 10)], us: 10 },
    { stack: [inner, frame("b", 20)], us: 15 },
  ]);
  assert.deepEqual(
    spots.map(s => [s.frame.line, s.path.map(f => f.line).join(">"), s.us]),
    [
      [3, "3>10", 20],
      [3, "3>20", 15],
    ],
  );
});

// Time-axis ticks fall on round offsets from the trace start even when the trace's clock is not round.
import assert from "node:assert/strict";
import { test } from "node:test";
import { formatTick, offsetTicks } from "../../timeline-model/src/time-ticks";

test("ticks are round offsets from a trace start that is not round", () => {
  const origin = 1_733_000_123_456_789;
  const ticks = offsetTicks({ t0: origin + 170_000, t1: origin + 24_830_000 }, origin, 5);
  assert.deepEqual(
    ticks.map(t => formatTick(t - origin, ticks[1] - ticks[0])),
    ["5 s", "10 s", "15 s", "20 s"],
  );
});

test("tick labels carry the decimals their step needs, in the step's unit", () => {
  assert.equal(formatTick(2_500_000, 500_000), "2.5 s");
  assert.equal(formatTick(4_000_000, 2_000_000), "4 s");
  assert.equal(formatTick(250_000, 50_000), "250 ms");
  assert.equal(formatTick(1_500, 500), "1.5 ms");
  assert.equal(formatTick(7, 1), "7 µs");
  assert.equal(formatTick(0, 2_000_000), "0 s");
});

test("a model without events yet (a live run's start) still gets finite ticks", () => {
  const ticks = offsetTicks({ t0: 0, t1: 10_000_000 }, Infinity, 5);
  assert.ok(ticks.length > 0 && ticks.every(Number.isFinite), String(ticks));
});

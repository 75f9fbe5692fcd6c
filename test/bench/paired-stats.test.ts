// The statistics the tracer overhead bench judges its targets with (bench/lib/paired-stats.mjs):
// paired changes, the median's distribution-free interval, and the verdict against a limit.
import { describe, test } from "node:test";
import assert from "node:assert/strict";

interface Interval {
  n: number;
  median: number;
  low: number;
  high: number;
  coverage: number;
}
interface Stats {
  binomialHalfCdf(k: number, n: number): number;
  medianInterval(xs: number[], confidence?: number): Interval;
  medianAndQuartiles(xs: number[]): { n: number; median: number; q1: number; q3: number };
  pairedChanges(pairs: object[], a: string, b: string, metric: string, kind: "loss" | "more"): number[];
  judge(interval: Interval, limit: number, minCoverage?: number): { verdict: string; why?: string };
  MIN_COVERAGE: number;
}
const load = async (): Promise<Stats> => (await import(new URL("../../bench/lib/paired-stats.mjs", import.meta.url).href)) as Stats;

describe("paired statistics of the overhead bench", () => {
  test("the binomial CDF at p = 1/2", async () => {
    const { binomialHalfCdf } = await load();
    assert.equal(binomialHalfCdf(-1, 5), 0);
    assert.equal(binomialHalfCdf(0, 5), 1 / 32);
    assert.equal(binomialHalfCdf(1, 4), 5 / 16);
    assert.equal(binomialHalfCdf(6, 6), 1);
    assert.ok(Math.abs(binomialHalfCdf(3, 16) - 697 / 65536) < 1e-12);
    assert.ok(Math.abs(binomialHalfCdf(100, 200) - 0.5281742) < 1e-6, "large n without overflow");
  });

  test("the median's interval: the widest-coverage order statistics that reach the confidence", async () => {
    const { medianInterval } = await load();
    const sixteen = Array.from({ length: 16 }, (_, i) => 16 - i); // 16..1, unsorted on purpose
    const i16 = medianInterval(sixteen);
    // k = 4: coverage 1 - 2·P(B ≤ 3) = 97.9%; k = 5 would be 92.3% < 95%.
    assert.deepEqual([i16.n, i16.median, i16.low, i16.high], [16, 8.5, 4, 13]);
    assert.ok(Math.abs(i16.coverage - (1 - (2 * 697) / 65536)) < 1e-12);
    const i6 = medianInterval([5, 1, 3, 2, 6, 4]);
    assert.deepEqual([i6.low, i6.high, i6.median], [1, 6, 3.5], "6 values: only the range reaches 95% (96.9%)");
    assert.ok(Math.abs(i6.coverage - 31 / 32) < 1e-12);
    const i5 = medianInterval([1, 2, 3, 4, 5]);
    assert.deepEqual([i5.low, i5.high], [1, 5]);
    assert.ok(i5.coverage < 0.95, "5 values cannot reach 95%: the coverage says so (93.8%)");
    const i2 = medianInterval([2, 1]);
    assert.equal(i2.coverage, 0.5);
    const i80 = medianInterval([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.8);
    assert.deepEqual([i80.low, i80.high], [3, 8], "a lower confidence narrows it");
    const none = medianInterval([Number.NaN]);
    assert.equal(none.n, 0);
    assert.ok(Number.isNaN(none.median));
  });

  test("quartiles and the median, interpolated", async () => {
    const { medianAndQuartiles } = await load();
    assert.deepEqual(medianAndQuartiles([4, 1, 3, 2]), { n: 4, median: 2.5, q1: 1.75, q3: 3.25 });
    assert.deepEqual(medianAndQuartiles([7]), { n: 1, median: 7, q1: 7, q3: 7 });
  });

  test("paired changes in percent: a throughput loss and a CPU increase, pairs with a side missing skipped", async () => {
    const { pairedChanges } = await load();
    const pairs = [
      { plain: { rps: 100, us: 50 }, traced: { rps: 97, us: 54 } },
      { plain: { rps: 200, us: 40 }, traced: { rps: 210, us: 40 } },
      { plain: { rps: 0, us: 0 }, traced: { rps: 1, us: 1 } },
      { plain: { rps: 100, us: 50 } },
    ];
    const loss = pairedChanges(pairs, "plain", "traced", "rps", "loss");
    assert.equal(loss.length, 2);
    assert.ok(Math.abs(loss[0] - 3) < 1e-9 && Math.abs(loss[1] + 5) < 1e-9);
    const more = pairedChanges(pairs, "plain", "traced", "us", "more");
    assert.ok(Math.abs(more[0] - 8) < 1e-9 && Math.abs(more[1]) < 1e-9);
  });

  test("verdicts: met, not met, and not conclusive when the interval straddles the limit or is too thin", async () => {
    const { judge, MIN_COVERAGE } = await load();
    const at = (low: number, high: number, coverage = 0.96, n = 16) => ({ n, median: (low + high) / 2, low, high, coverage });
    assert.deepEqual(judge(at(1, 3), 3), { verdict: "met" }, "the upper end at the limit is within it");
    assert.deepEqual(judge(at(3.1, 9), 3), { verdict: "not met" });
    const straddle = judge(at(2, 4), 3);
    assert.equal(straddle.verdict, "not conclusive");
    assert.match(straddle.why ?? "", /straddles 3/);
    const thin = judge(at(0, 1, 0.5, 2), 3);
    assert.equal(thin.verdict, "not conclusive");
    assert.match(thin.why ?? "", /too few pairs/);
    assert.ok(MIN_COVERAGE >= 0.9);
    assert.equal(judge({ n: 0, median: Number.NaN, low: Number.NaN, high: Number.NaN, coverage: 0 }, 3).verdict, "not conclusive");
  });
});

// Statistics for interleaved A/B benchmarks on a noisy machine: each measurement window of build B
// is paired with the window of build A next to it in time, and what is reported is the median of
// the paired ratios with a distribution-free confidence interval (no assumption that the noise is
// normal: a shared VM's noise is not). A verdict against a target is "met" only when the whole
// interval is within it, "not met" only when the whole interval is beyond it, else "not
// conclusive": more pairs (or a quieter machine) narrow the interval.

/** Sorted copy of the finite numbers in xs. */
const sortedFinite = xs => xs.filter(x => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);

/** P(X <= k) for X ~ Binomial(n, 1/2). */
export function binomialHalfCdf(k, n) {
  if (k < 0) return 0;
  if (k >= n) return 1;
  // Sum of C(n, i) / 2^n for i = 0..k, computed in logs so that large n does not overflow.
  let logC = 0; // log C(n, 0)
  let sum = 0;
  for (let i = 0; i <= k; i++) {
    if (i > 0) logC += Math.log(n - i + 1) - Math.log(i);
    sum += Math.exp(logC - n * Math.LN2);
  }
  return Math.min(1, sum);
}

/** Linear-interpolation quantile (q in 0..1) of a sorted array. */
function sortedQuantile(s, q) {
  if (!s.length) return NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

/** Median and interquartile range (25th and 75th percentiles, interpolated) of the finite values. */
export function medianAndQuartiles(xs) {
  const s = sortedFinite(xs);
  return { n: s.length, median: sortedQuantile(s, 0.5), q1: sortedQuantile(s, 0.25), q3: sortedQuantile(s, 0.75) };
}

/**
 * The median of xs with a distribution-free confidence interval: the order statistics
 * [x(k), x(n+1-k)] with the largest k whose coverage 1 - 2·P(Binomial(n, ½) ≤ k-1) is at least
 * `confidence` (the sign-test interval; it holds for any continuous distribution of independent
 * pairs). With too few values for that coverage the interval is the whole range and `coverage`
 * says what it is worth (e.g. 5 values: 93.8%; 2 values: 50%).
 */
export function medianInterval(xs, confidence = 0.95) {
  const s = sortedFinite(xs);
  const n = s.length;
  if (!n) return { n, median: NaN, low: NaN, high: NaN, coverage: 0 };
  let k = 1;
  while (k + 1 <= Math.floor((n + 1) / 2) && 1 - 2 * binomialHalfCdf(k, n) >= confidence) k++;
  const coverage = 1 - 2 * binomialHalfCdf(k - 1, n);
  return { n, median: sortedQuantile(s, 0.5), low: s[k - 1], high: s[n - k], coverage };
}

/**
 * Per-pair change of `metric` from side `a` to side `b`, in percent: (b/a - 1)·100 ("more": CPU
 * per request) or (1 - b/a)·100 ("loss": throughput). Pairs missing either side are skipped.
 */
export function pairedChanges(pairs, a, b, metric, kind) {
  const out = [];
  for (const p of pairs) {
    const x = p[a]?.[metric];
    const y = p[b]?.[metric];
    if (!(x > 0) || !(y >= 0)) continue;
    out.push(kind === "loss" ? (1 - y / x) * 100 : (y / x - 1) * 100);
  }
  return out;
}

/** The least coverage an interval needs for a verdict that is not "not conclusive". */
export const MIN_COVERAGE = 0.9;

/**
 * Verdict of an interval against an upper limit: "met" when all of it is at or under the limit,
 * "not met" when all of it is over, otherwise "not conclusive" with the reason.
 */
export function judge(interval, limit, minCoverage = MIN_COVERAGE) {
  if (!interval.n || Number.isNaN(interval.low)) return { verdict: "not conclusive", why: "no measurements" };
  if (interval.coverage < minCoverage)
    return { verdict: "not conclusive", why: `too few pairs (${interval.n}: the interval covers the median with ${(interval.coverage * 100).toFixed(0)}%)` };
  if (interval.high <= limit) return { verdict: "met" };
  if (interval.low > limit) return { verdict: "not met" };
  return { verdict: "not conclusive", why: `the interval ${interval.low.toFixed(1)} to ${interval.high.toFixed(1)} straddles ${limit}` };
}

// Time-axis ticks on round offsets from the trace start (5 s, 10 s — not 4.83 s): the trace's
// absolute timestamps (µs since some clock's epoch) are not round, so ticks are chosen in offset
// space and moved back.
import { scaleLinear } from "d3-scale";

/** Absolute µs of ticks whose offsets from `originUs` are round numbers (1, 2 or 5 × 10ⁿ µs apart). */
export function offsetTicks(view: { t0: number; t1: number }, originUs: number, count: number): number[] {
  // A live run's model has no start before its first event.
  const origin = Number.isFinite(originUs) ? originUs : 0;
  return scaleLinear()
    .domain([view.t0 - origin, view.t1 - origin])
    .ticks(count)
    .map(t => t + origin);
}

/** A tick's label: the unit from the tick step, and only as many decimals as the step needs ("5 s", "2.5 s", "250 ms"). */
export function formatTick(offsetUs: number, stepUs: number): string {
  const [unit, scale] = stepUs >= 1e5 ? ["s", 1e6] : stepUs >= 100 ? ["ms", 1e3] : ["µs", 1];
  const step = stepUs / scale;
  const decimals = step > 0 ? Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9))) : 0;
  // Steps such as 2.5 or 0.25 need one more decimal than their power of ten.
  const exact = Number((Math.round(step * 10 ** decimals) / 10 ** decimals).toFixed(decimals)) === Number(step.toPrecision(12)) ? decimals : decimals + 1;
  const value = (offsetUs / scale).toFixed(exact);
  return `${value === "-0" ? "0" : value} ${unit}`;
}

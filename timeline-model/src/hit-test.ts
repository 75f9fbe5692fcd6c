// Which span is under the pointer: the one on the pointed level that contains the time, the
// shortest when several do; else the nearest within the tolerance.
import type { SpanStore } from "./span-store";

export function spanAt(store: SpanStore, t: number, level: number, toleranceUs: number): number {
  const [lo, hi] = store.visibleRange(t - toleranceUs, t + toleranceUs);
  let best = -1,
    bestScore = Infinity;
  for (let i = lo; i < hi; i++) {
    if (store.level[i] !== level) continue;
    const s = store.start[i],
      e = store.end[i];
    const distance = t < s ? s - t : t > e ? t - e : 0;
    if (distance > toleranceUs) continue;
    // Containing spans beat near ones; among containing, the shortest (innermost) wins.
    const score = distance > 0 ? 1e15 + distance : e - s;
    if (score < bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return best;
}

/** The next span on any level of the row after index `i` in start order (-1 when none). */
export function neighbourSpan(store: SpanStore, i: number, direction: 1 | -1): number {
  const j = i + direction;
  return j >= 0 && j < store.n ? j : -1;
}

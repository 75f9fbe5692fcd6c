// Complete events (ph X) on one thread must nest: a slice that starts inside another has to end
// inside it too, or Perfetto reports a misplaced end and drops slices. Block times are measured to
// within one heartbeat and GC times come from another clock reading, so edges can overlap by a
// fraction of a millisecond; this pass clips such a slice to its parent (args.clipped = true).
// It also sorts: metadata first, then by time.

import type { TraceEvent, CompleteEvent } from "../../../protocol/src/trace";

export function nestCompleteEvents(events: TraceEvent[]): TraceEvent[] {
  const byLane = new Map<string, CompleteEvent[]>();
  for (const ev of events) {
    if (ev.ph !== "X") continue;
    const key = `${ev.pid}:${ev.tid}`;
    const lane = byLane.get(key) ?? [];
    lane.push(ev);
    byLane.set(key, lane);
  }
  for (const lane of byLane.values()) {
    lane.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    const open: CompleteEvent[] = [];
    for (const ev of lane) {
      while (open.length && open[open.length - 1]!.ts + open[open.length - 1]!.dur <= ev.ts) open.pop();
      const parent = open[open.length - 1];
      if (parent && ev.ts + ev.dur > parent.ts + parent.dur) {
        ev.dur = Math.max(0, Math.round((parent.ts + parent.dur - ev.ts) * 1000) / 1000);
        ev.args = { ...ev.args, clipped: true };
      }
      open.push(ev);
    }
  }
  const meta = events.filter(e => e.ph === "M");
  const rest = events.filter(e => e.ph !== "M").sort((a, b) => a.ts - b.ts);
  return [...meta, ...rest];
}

// Complete events (ph X) on one thread must nest: a slice that starts inside another has to end
// inside it too, or Perfetto reports a misplaced end and drops slices. Block times are measured to
// within one heartbeat and GC times come from another clock reading, so edges can overlap by a
// fraction of a millisecond (and V8 reports incremental-marking GC as one long span); this pass
// resolves such overlaps by clipping the less important slice (args.clipped = true).
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
      for (;;) {
        while (open.length && end(open[open.length - 1]!) <= ev.ts + TOUCH_US) snapEnd(open.pop()!, ev.ts);
        const parent = open[open.length - 1];
        if (!parent || end(ev) <= end(parent) + TOUCH_US) {
          // Within a hair of the parent's end (two clocks, float sums): end exactly inside it.
          if (parent) snapEnd(ev, end(parent));
          break;
        }
        // Partial overlap. The less important of the two gives way: a GC that straddles the start
        // of a block ends where the block starts; a GC inside a block's end is cut at it.
        if (rank(ev) > rank(parent)) {
          clip(parent, ev.ts - parent.ts);
          open.pop();
          continue;
        }
        clip(ev, end(parent) - ev.ts);
        break;
      }
      open.push(ev);
    }
  }
  const meta = events.filter(e => e.ph === "M");
  const rest = events.filter(e => e.ph !== "M").sort((a, b) => a.ts - b.ts);
  return [...meta, ...rest];
}

const end = (e: CompleteEvent) => e.ts + e.dur;
/**
 * Back-to-back slices (a block that starts at the beat the previous one ended at) touch: ts + dur
 * in floating point may come out a hair past the next start, which must not count as an overlap
 * (it clipped the second block to 0).
 */
const TOUCH_US = 0.01;

/** A slice that touches the next one ends exactly where it starts (readers compare ts + dur as is). */
function snapEnd(e: CompleteEvent, next: number): void {
  if (end(e) <= next) return;
  e.dur = Math.max(0, next - e.ts);
  while (e.dur > 0 && end(e) > next) e.dur = Math.max(0, e.dur - 1e-6);
}

function clip(e: CompleteEvent, dur: number): void {
  e.dur = Math.max(0, Math.round(dur * 1000) / 1000);
  e.args = { ...e.args, clipped: true };
}

/** Lane-long spans first, then blocks (the thread's real state), then the rest (GC, markers). */
function rank(e: CompleteEvent): number {
  if ((e.cat === "loopscope.child" || e.cat === "loopscope.worker") && (e.name === "process" || e.name === "thread")) return 3;
  return e.cat === "loopscope.block" ? 2 : 1;
}

/**
 * A long run's GC pause, converted as it arrived and written after the nested events
 * (trace-builder.ts, spill.ts), fitted to its lane's blocks as `nestCompleteEvents` would:
 * `blocks` are the lane's blocks after nesting (disjoint), sorted by time. A pause that straddles
 * a block's start ends where the block starts; one that starts inside a block ends with it.
 */
export function fitPauseToBlocks(ev: CompleteEvent, blocks: readonly CompleteEvent[]): void {
  // The last block starting at or before the pause, then every block starting inside it.
  let lo = 0,
    hi = blocks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (blocks[mid]!.ts <= ev.ts) lo = mid + 1;
    else hi = mid;
  }
  for (let i = Math.max(0, lo - 1); i < blocks.length && blocks[i]!.ts < end(ev); i++) {
    const block = blocks[i]!;
    if (end(block) <= ev.ts + TOUCH_US) continue;
    if (ev.ts >= block.ts) {
      if (end(ev) > end(block) + TOUCH_US) clip(ev, end(block) - ev.ts);
      else snapEnd(ev, end(block));
      return;
    }
    if (end(ev) <= block.ts + TOUCH_US) return;
    // The block starts inside the pause: the pause gives way unless the block ends inside it too.
    if (end(block) > end(ev) + TOUCH_US) {
      clip(ev, block.ts - ev.ts);
      return;
    }
  }
}

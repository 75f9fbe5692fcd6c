// Vertical layout: a header per process lane, then each thread's rows. Pure, so the view and the
// tests agree on where everything is.
import type { Row, TimelineModel } from "./timeline-model";

export interface LayoutSizes {
  processHeader: number;
  levelHeight: number;
  rowPadding: number;
  counterHeight: number;
  laneGap: number;
}

export const DEFAULT_SIZES: LayoutSizes = { processHeader: 24, levelHeight: 14, rowPadding: 6, counterHeight: 34, laneGap: 8 };

export interface LayoutItem {
  kind: "process" | "row";
  /** Top edge and height in CSS pixels from the top of the track area. */
  y: number;
  height: number;
  /** The process lane's id (`p:<pid>`) for headers; the row's id for rows. */
  id: string;
  pid: number;
  label: string;
  /** Rows only. */
  row?: Row;
  tid?: number;
  threadLabel?: string;
  firstOfThread?: boolean;
  /** Headers only. */
  collapsed?: boolean;
  /** Headers only: events in the lane (for the collapsed summary and screen readers). */
  eventCount?: number;
}

export interface Layout {
  items: LayoutItem[];
  height: number;
}

export function rowHeight(row: Row, sizes: LayoutSizes = DEFAULT_SIZES): number {
  return row.kind === "counter" ? sizes.counterHeight : row.store.levels * sizes.levelHeight + sizes.rowPadding;
}

function countEvents(threads: Iterable<{ rows: Iterable<{ store: { n: number } }> }>): number {
  let n = 0;
  for (const t of threads) for (const r of t.rows) n += r.store.n;
  return n;
}

/** The events of each process lane (by id `p:<pid>`) now: during a live run they grow between layouts. */
export function laneEventCounts(model: TimelineModel): Map<string, number> {
  return new Map(model.orderedLanes().map(({ process, threads }) => [`p:${process.pid}`, countEvents(threads)]));
}

export function layoutTimeline(model: TimelineModel, collapsed: ReadonlySet<string>, sizes: LayoutSizes = DEFAULT_SIZES): Layout {
  const items: LayoutItem[] = [];
  let y = 0;
  for (const { process, threads } of model.orderedLanes()) {
    const id = `p:${process.pid}`;
    const isCollapsed = collapsed.has(id);
    const eventCount = countEvents(threads);
    items.push({
      kind: "process",
      y,
      height: sizes.processHeader,
      id,
      pid: process.pid,
      label: model.processLabel(process.pid),
      collapsed: isCollapsed,
      eventCount,
    });
    y += sizes.processHeader;
    if (!isCollapsed) {
      for (const thread of threads) {
        const threadLabel = model.threadLabel(process.pid, thread.tid);
        thread.rows.forEach((row, i) => {
          const height = rowHeight(row, sizes);
          items.push({ kind: "row", y, height, id: row.id, pid: process.pid, tid: thread.tid, label: rowLabel(row), row, threadLabel, firstOfThread: i === 0 });
          y += height;
        });
      }
    }
    y += sizes.laneGap;
  }
  return { items, height: y };
}

/** The item at vertical position y (binary search; items are sorted by y). */
export function itemAtY(layout: Layout, y: number): LayoutItem | undefined {
  const items = layout.items;
  let lo = 0,
    hi = items.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const it = items[mid];
    if (y < it.y) hi = mid - 1;
    else if (y >= it.y + it.height) lo = mid + 1;
    else return it;
  }
  return undefined;
}

/** Index of the first item whose bottom is below y (for drawing only what is on screen). */
export function firstItemBelow(layout: Layout, y: number): number {
  const items = layout.items;
  let lo = 0,
    hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].y + items[mid].height <= y) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A row's label, saying when spans share its last level because more overlapped than it has levels. */
function rowLabel(row: Row): string {
  const over = row.kind === "spans" ? row.store.overflowed : 0;
  return over > 0 ? `${row.label} (+${over} overlapping)` : row.label;
}

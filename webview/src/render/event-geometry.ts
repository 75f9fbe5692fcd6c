// Where a span is on screen and which span is under a point: the two directions between the
// model's rows and the track canvas, shared by the overlay, the pointer and the keyboard.
import { spanAt } from "../../../timeline-model/src/hit-test";
import { DEFAULT_SIZES as sizes, itemAtY, type LayoutItem } from "../../../timeline-model/src/layout";
import type { SpanRow } from "../../../timeline-model/src/timeline-model";
import type { EventRef, ViewState } from "./view-state";

export interface Hit {
  item: LayoutItem;
  ref?: EventRef;
  t: number;
}

/** The row, time and span (if any) under a point given in the track area's coordinates, before scrolling. */
export function hitTest(state: ViewState, px: number, py: number, scrollTop: number): Hit | undefined {
  if (!state.model) return undefined;
  const item = itemAtY(state.layout, py + scrollTop);
  if (!item) return undefined;
  const t = state.viewScale().invert(px);
  if (item.row?.kind !== "spans") return { item, t };
  const level = Math.floor((py + scrollTop - item.y - sizes.rowPadding / 2) / sizes.levelHeight);
  const store = item.row.store;
  if (level < 0 || level >= store.levels) return { item, t };
  // Four pixels of slack, so that spans drawn thinner than the pointer can still be hit.
  const i = spanAt(store, t, level, (4 * (state.view.t1 - state.view.t0)) / Math.max(1, state.width));
  return { item, t, ref: i >= 0 ? { rowId: item.id, ref: store.ref[i] } : undefined };
}

/** The on-screen box of an event, in viewport coordinates. */
export function boxOf(state: ViewState, ref: EventRef, scrollTop: number): { x: number; y: number; w: number; h: number } | undefined {
  const item = state.layout.items.find(it => it.id === ref.rowId);
  const row = item?.row;
  if (!item || !row || row.kind !== "spans") return undefined;
  const i = indexOfRef(row, ref.ref, state.model!.recordTs(ref.ref));
  if (i < 0) return undefined;
  const x = state.viewScale();
  const x0 = x(row.store.start[i]),
    x1 = x(row.store.end[i]);
  return {
    x: x0 - 1,
    y: item.y - scrollTop + sizes.rowPadding / 2 + row.store.level[i] * sizes.levelHeight - 1,
    w: Math.max(3, x1 - x0) + 2,
    h: sizes.levelHeight,
  };
}

/** The index of a record in a row's span store, or -1. */
export function indexOfRef(row: SpanRow, ref: number, ts: number): number {
  const store = row.store;
  if (Number.isNaN(ts)) return -1;
  const [lo, hi] = store.visibleRange(ts, ts);
  for (let i = lo; i < hi; i++) if (store.ref[i] === ref) return i;
  for (let i = 0; i < store.n; i++) if (store.ref[i] === ref) return i; // out-of-order record (b/e pairs)
  return -1;
}

// What the tests and the benchmark read of a running view (`window.loopscopeTimeline.debugInfo()`):
// the visible range and selection in µs from the trace start, the live state, the track area,
// the laid-out rows with their sizes and counts, the last frame's cost and the load timings.
import type { FrameStats } from "./tracks";
import type { TrackArea } from "./track-area";
import type { ViewState } from "./view-state";

export type DebugInfo = ReturnType<typeof debugInfo>;

export function debugInfo(s: ViewState, tracks: TrackArea, lastFrame: FrameStats & { ms: number }, timings: Record<string, number>) {
  const r = tracks.viewport.getBoundingClientRect();
  const origin = s.model?.startUs ?? 0;
  return {
    view: { t0: s.view.t0 - origin, t1: s.view.t1 - origin },
    selection: s.selection && { t0: s.selection.t0 - origin, t1: s.selection.t1 - origin },
    live: s.live,
    follow: s.follow,
    paused: s.paused,
    pending: s.pendingCount,
    viewport: { left: r.left, top: r.top, width: s.width, height: s.height, scrollTop: tracks.scrollTop },
    rows: s.layout.items.map(it => ({
      id: it.id,
      kind: it.kind,
      label: it.label,
      thread: it.threadLabel,
      y: it.y,
      height: it.height,
      levels: it.row?.kind === "spans" ? it.row.store.levels : 1,
      count: it.row?.store.n ?? 0,
    })),
    eventCount: s.model?.eventCount ?? 0,
    lastFrame,
    timings,
  };
}

// The pointer on the tracks: hovering shows a tooltip and outlines the span, clicking pins the
// span in the details panel (and, in VS Code, opens its source). Wheel and drag belong to d3-zoom
// (zoom-pan.ts); dragging on the time axis to the brush (time-axis.ts).
import { sourceOf } from "./describe";
import { hitTest } from "./event-geometry";
import type { HostBridge } from "./host-bridge";
import { counterTooltip, eventTooltip, type Tooltip } from "./tooltip";
import type { EventRef, ViewState } from "./view-state";

export interface PointerActions {
  selectEvent(ref: EventRef | undefined, openSource: boolean): void;
  drawOverlay(): void;
  requestRender(): void;
}

export function listenToPointer(
  state: ViewState,
  viewport: HTMLElement,
  scroller: HTMLElement,
  tooltip: Tooltip,
  hostKind: HostBridge["kind"],
  actions: PointerActions,
): void {
  const hitAt = (e: MouseEvent) => {
    const r = viewport.getBoundingClientRect();
    return hitTest(state, e.clientX - r.left, e.clientY - r.top, scroller.scrollTop);
  };

  viewport.addEventListener("pointermove", e => {
    // A drag pans: a tooltip would follow the pointer over spans that slide under it.
    if (e.buttons) {
      tooltip.hide();
      return;
    }
    const hit = hitAt(e);
    const before = state.hover;
    state.hover = hit?.ref;
    state.hoverAt = hit?.ref ? { x: e.clientX, y: e.clientY } : undefined;
    if (hit?.ref) tooltip.show(e.clientX, e.clientY, eventTooltip(state, hit.ref, hostKind));
    else if (hit?.item.row?.kind === "counter") tooltip.show(e.clientX, e.clientY, counterTooltip(state, hit.item, hit.t));
    else tooltip.hide();
    const hovered = hit?.ref && state.eventOf(hit.ref);
    viewport.style.cursor = hovered && sourceOf(hovered) ? "pointer" : "default";
    if (before?.ref !== state.hover?.ref || before?.rowId !== state.hover?.rowId) actions.drawOverlay();
  });

  viewport.addEventListener("pointerleave", () => {
    state.hover = undefined;
    state.hoverAt = undefined;
    tooltip.hide();
    actions.drawOverlay();
  });

  viewport.addEventListener("click", e => {
    const hit = hitAt(e);
    if (hit) state.focusedRow = state.layout.items.indexOf(hit.item);
    actions.selectEvent(hit?.ref, true);
    actions.requestRender();
  });
}

// The keyboard on the focused track area: pan, zoom, move between rows, step through a row's
// events, select ranges, live controls, so that the timeline can be used without a pointer (each
// step is announced for screen readers). shortcuts-help.ts lists the keys: change both together.
import type { SourceLocation } from "../../../protocol/src/trace";
import { DEFAULT_SIZES as sizes } from "../../../timeline-model/src/layout";
import { formatLocation, sourceOf } from "./describe";
import { indexOfRef } from "./event-geometry";
import type { EventRef, ViewState } from "./view-state";

export interface KeyboardActions {
  panBy(fraction: number): void;
  zoomBy(factor: number): void;
  fitAll(): void;
  setView(t0: number, t1: number): void;
  /** The end of the zoomed-out view (µs, absolute). */
  viewEnd(): number;
  setFollow(on: boolean): void;
  setPaused(on: boolean): void;
  setSelection(t0: number, t1: number): void;
  selectEvent(ref: EventRef | undefined, openSource: boolean): void;
  openSource(source: SourceLocation): void;
  toggleHelp(): void;
  announce(text: string): void;
  focusedRowChanged(): void;
  requestRender(): void;
}

export function listenToKeyboard(state: ViewState, viewport: HTMLElement, scroller: HTMLElement, actions: KeyboardActions): void {
  const a = actions;

  const moveRowFocus = (direction: 1 | -1) => {
    const items = state.layout.items;
    let i = state.focusedRow;
    do {
      i += direction;
    } while (i >= 0 && i < items.length && items[i].kind !== "row");
    if (i < 0 || i >= items.length) return;
    state.focusedRow = i;
    const it = items[i];
    const top = scroller.scrollTop;
    if (it.y < top) scroller.scrollTop = it.y - sizes.processHeader;
    else if (it.y + it.height > top + state.height) scroller.scrollTop = it.y + it.height - state.height;
    const n = it.row?.store.n ?? 0;
    a.announce(`${it.threadLabel ?? ""} ${it.label}: ${n} ${it.row?.kind === "counter" ? "samples" : "events"}`);
    a.focusedRowChanged();
  };

  /** Selects the next/previous span of the focused row (after/before the selected one or the view's start). */
  const stepEvent = (direction: 1 | -1) => {
    if (state.focusedRow < 0 || state.layout.items[state.focusedRow]?.kind !== "row") moveRowFocus(1);
    const item = state.layout.items[state.focusedRow];
    const row = item?.row;
    if (!row || row.kind !== "spans" || row.store.n === 0) return;
    const store = row.store;
    const view = state.view;
    let i: number;
    const current = state.selected && state.selected.rowId === row.id ? indexOfRef(row, state.selected.ref, state.model!.recordTs(state.selected.ref)) : -1;
    if (current >= 0) i = current + direction;
    else {
      const [lo] = store.visibleRange(view.t0, view.t0);
      i = direction > 0 ? lo : lo - 1;
      while (direction > 0 && i < store.n && store.start[i] < view.t0) i++;
    }
    if (i < 0 || i >= store.n) {
      a.announce("No more events in this row");
      return;
    }
    const s = store.start[i],
      e = store.end[i];
    if (e < view.t0 || s > view.t1) {
      const span = view.t1 - view.t0;
      a.setView(s - span * 0.3, s + span * 0.7);
    }
    a.selectEvent({ rowId: row.id, ref: store.ref[i] }, false);
  };

  const openSelectedSource = () => {
    const ev = state.selected && state.eventOf(state.selected);
    const s = ev && sourceOf(ev);
    if (s) {
      a.openSource(s);
      a.announce(`Opening ${formatLocation(s)}`);
    }
  };

  viewport.addEventListener("keydown", e => {
    if (!state.model || e.altKey || e.ctrlKey || e.metaKey) return;
    const handled = (() => {
      switch (e.key) {
        case "ArrowLeft":
          a.panBy(e.shiftKey ? -0.5 : -0.15);
          return true;
        case "ArrowRight":
          a.panBy(e.shiftKey ? 0.5 : 0.15);
          return true;
        case "ArrowUp":
          moveRowFocus(-1);
          return true;
        case "ArrowDown":
          moveRowFocus(1);
          return true;
        case "+":
        case "=":
          a.zoomBy(1.8);
          return true;
        case "-":
        case "_":
          a.zoomBy(1 / 1.8);
          return true;
        case "0":
        case "Home":
          a.fitAll();
          return true;
        case "End":
          if (state.live) a.setFollow(true);
          else a.setView(a.viewEnd() - (state.view.t1 - state.view.t0), a.viewEnd());
          return true;
        case "]":
          stepEvent(1);
          return true;
        case "[":
          stepEvent(-1);
          return true;
        case "Enter":
          openSelectedSource();
          return true;
        case "Escape":
          a.selectEvent(undefined, false);
          a.setSelection(0, 0);
          return true;
        case "a":
        case "A":
          a.setSelection(state.view.t0, state.view.t1);
          a.announce("Selected the visible range");
          return true;
        case "z":
        case "Z":
          if (state.selection) a.setView(state.selection.t0, state.selection.t1);
          return true;
        case " ":
        case "p":
        case "P":
          a.setPaused(!state.paused);
          return true;
        case "f":
        case "F":
          a.setFollow(!state.follow);
          return true;
        case "?":
          a.toggleHelp();
          return true;
        default:
          return false;
      }
    })();
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
      a.requestRender();
    }
  });
}

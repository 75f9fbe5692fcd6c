// What survives a VS Code panel being hidden or reloaded (the webview's `setState`): the view,
// selection, collapsed lanes, scroll and follow mode, restored only for the same trace.
import type { ViewState } from "./view-state";

/** Times are µs from the trace start. */
export interface PersistedState {
  version: 1;
  source?: string;
  traceKey?: string;
  view?: { t0: number; t1: number };
  selection?: { t0: number; t1: number };
  collapsed?: string[];
  scrollTop?: number;
  follow?: boolean;
}

/** The state VS Code handed back, if it is ours. */
export function asPersisted(v: unknown): PersistedState | undefined {
  return typeof v === "object" && v !== null && (v as PersistedState).version === 1 ? (v as PersistedState) : undefined;
}

/** Tells traces apart: the same file recorded again must not get the old view. */
export function traceKey(state: ViewState): string {
  const m = state.model;
  return `${state.source ?? ""}|${m?.metadata?.startedAtEpochMs ?? ""}|${m && Number.isFinite(m.startUs) ? m.startUs : ""}`;
}

export function persistedState(state: ViewState, collapsed: ReadonlySet<string>, scrollTop: number): PersistedState {
  const origin = state.model?.startUs ?? 0;
  return {
    version: 1,
    source: state.source,
    traceKey: traceKey(state),
    view: state.model ? { t0: state.view.t0 - origin, t1: state.view.t1 - origin } : undefined,
    selection: state.selection ? { t0: state.selection.t0 - origin, t1: state.selection.t1 - origin } : undefined,
    collapsed: [...collapsed],
    scrollTop,
    follow: state.follow,
  };
}

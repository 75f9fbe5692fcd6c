// Where a newly shown model starts: the view, selection, folds, scroll and follow mode the panel
// had for this very trace before a reload (its persisted state), else those of the live run that
// the run's trace file replaces, else the whole trace. Times are absolute µs.
import type { TimelineModel } from "../../../timeline-model/src/timeline-model";
import type { PersistedState } from "./persisted-state";
import type { TimeRange } from "./view-state";

/** The view when a live run ended, for the recorded trace that replaces it. */
export interface AfterLiveRun {
  view: TimeRange;
  scrollTop: number;
  collapsed: string[];
}

export interface StartingView {
  /** undefined: the whole trace. */
  view?: TimeRange;
  selection?: TimeRange;
  /** undefined: the default folds. */
  collapsed?: readonly string[];
  scrollTop?: number;
  follow?: boolean;
}

export function startingView(model: TimelineModel, live: boolean, restore: PersistedState | undefined, afterLiveRun: AfterLiveRun | undefined): StartingView {
  const origin = model.startUs;
  const at = (r: TimeRange) => ({ t0: origin + r.t0, t1: origin + r.t1 });
  // A run's view carries over to its trace file only (a live model replaced by another is not one).
  const run = afterLiveRun && !live ? afterLiveRun : undefined;
  const runView = run && run.view.t1 > model.startUs && run.view.t0 < model.endUs ? run.view : undefined;
  return {
    view: restore?.view && !live ? at(restore.view) : runView,
    selection: restore?.selection && at(restore.selection),
    collapsed: restore ? (restore.collapsed ?? []) : run?.collapsed,
    scrollTop: restore?.scrollTop ?? run?.scrollTop,
    follow: live ? restore?.follow : undefined,
  };
}

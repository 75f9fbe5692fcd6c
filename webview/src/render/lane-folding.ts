// Which lanes are folded: the user's choice, and the default before it (processes that only
// launch the program, npm or tsx, start folded, also when they appear mid-run). A trace shown
// again (a reloaded panel, a run's trace file replacing the run) keeps the folds it had.
import { isLauncherLabel } from "../../../protocol/src/trace";
import type { TimelineModel } from "../../../timeline-model/src/timeline-model";

export class LaneFolding {
  readonly collapsed = new Set<string>();
  /** Lanes already given their default fold (the user's choice then holds). */
  private readonly defaulted = new Set<string>();

  /** A new model: no folds, or `kept` (the folds it had before), the user's for every lane it has. */
  reset(model: TimelineModel, kept: readonly string[] | undefined): void {
    this.collapsed.clear();
    this.defaulted.clear();
    if (!kept) return;
    for (const id of kept) this.collapsed.add(id);
    for (const { process } of model.orderedLanes()) this.defaulted.add(`p:${process.pid}`);
  }

  /** Folds the launchers not seen before. */
  foldLaunchers(model: TimelineModel): void {
    for (const { process } of model.orderedLanes()) {
      const id = `p:${process.pid}`;
      if (this.defaulted.has(id)) continue;
      this.defaulted.add(id);
      if (isLauncherLabel(process.labels)) this.collapsed.add(id);
    }
  }

  toggle(id: string): void {
    if (this.collapsed.has(id)) this.collapsed.delete(id);
    else this.collapsed.add(id);
  }
}

// Flow events (`s`, `t`, `f`) joined into arrows: from where something was started to where it runs.
import type { Flow, ModelEvent } from "./model-types";

export class FlowIndex {
  readonly flows: Flow[] = [];
  /** The last step of each flow still open, by `cat:id`. */
  private readonly open = new Map<string, { ts: number; pid: number; tid: number; name: string }>();

  add(e: ModelEvent & { id?: string | number }, tid: number): void {
    const key = `${e.cat ?? ""}:${e.id}`;
    const from = this.open.get(key);
    if (from) {
      this.flows.push({ name: from.name || e.name, fromTs: from.ts, fromPid: from.pid, fromTid: from.tid, toTs: e.ts, toPid: e.pid, toTid: tid });
    }
    if (e.ph === "f") this.open.delete(key);
    else this.open.set(key, { ts: e.ts, pid: e.pid, tid, name: e.name });
  }
}

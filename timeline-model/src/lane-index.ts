// The model's structure: processes (lanes), their threads and each thread's rows, found by id,
// with a version the view compares to know when to lay out again.
import type { ModelEvent, ProcessLane, Row, ThreadLane } from "./model-types";

export class LaneIndex {
  readonly processes = new Map<number, ProcessLane>();
  /** Bumped whenever rows or processes are added or renamed. */
  version = 0;
  private readonly byId = new Map<string, Row>();
  private readonly threadRows = new Map<string, Map<string, Row>>();
  private cachePid = NaN;
  private cacheTid = NaN;
  private cacheRows = new Map<string, Row>();

  /**
   * The rows of one thread by row key. Events come in runs per thread: the last thread's small
   * map is kept at hand, so most events build no key string.
   */
  rowsOfThread(pid: number, tid: number): Map<string, Row> {
    if (pid !== this.cachePid || tid !== this.cacheTid) {
      this.cachePid = pid;
      this.cacheTid = tid;
      const threadKey = `${pid}:${tid}`;
      let rows = this.threadRows.get(threadKey);
      if (!rows) this.threadRows.set(threadKey, (rows = new Map()));
      this.cacheRows = rows;
    }
    return this.cacheRows;
  }

  row(id: string): Row | undefined {
    return this.byId.get(id);
  }
  rows(): IterableIterator<Row> {
    return this.byId.values();
  }

  ensureProcess(pid: number): ProcessLane {
    let p = this.processes.get(pid);
    if (!p) {
      p = { pid, name: undefined, labels: undefined, sortIndex: undefined, threads: new Map() };
      this.processes.set(pid, p);
      this.version++;
    }
    return p;
  }

  ensureThread(pid: number, tid: number): ThreadLane {
    const p = this.ensureProcess(pid);
    let t = p.threads.get(tid);
    if (!t) {
      t = { key: `${pid}:${tid}`, pid, tid, name: undefined, sortIndex: undefined, rows: [] };
      p.threads.set(tid, t);
      this.version++;
    }
    return t;
  }

  insertRow(pid: number, tid: number, row: Row): void {
    const t = this.ensureThread(pid, tid);
    t.rows.push(row);
    // Numbers in labels in numeric order: "worker messages 2" before "worker messages 10".
    t.rows.sort((a, b) => a.order - b.order || a.label.localeCompare(b.label, "en", { numeric: true }));
    this.byId.set(row.id, row);
    this.version++;
  }

  /** A metadata event (`ph: "M"`): process and thread names and sort order. */
  applyMetadata(e: ModelEvent, tid: number): void {
    const args = e.args ?? {};
    const process = this.ensureProcess(e.pid);
    switch (e.name) {
      case "process_name":
        if (typeof args.name === "string") process.name = args.name;
        break;
      case "process_labels":
        if (typeof args.labels === "string") process.labels = args.labels;
        break;
      case "process_sort_index":
        if (typeof args.sort_index === "number") process.sortIndex = args.sort_index;
        break;
      case "thread_name":
        if (typeof args.name === "string") this.ensureThread(e.pid, tid).name = args.name;
        break;
      case "thread_sort_index":
        if (typeof args.sort_index === "number") this.ensureThread(e.pid, tid).sortIndex = args.sort_index;
        break;
    }
    this.version++;
  }

  /** Processes in display order, each with its threads in display order (rows already ordered). */
  ordered(): { process: ProcessLane; threads: ThreadLane[] }[] {
    const bySort = (a: { sortIndex: number | undefined }, b: { sortIndex: number | undefined }) => (a.sortIndex ?? 0) - (b.sortIndex ?? 0);
    return [...this.processes.values()]
      .filter(p => [...p.threads.values()].some(t => t.rows.length > 0))
      .sort((a, b) => bySort(a, b) || a.pid - b.pid)
      .map(process => ({
        process,
        threads: [...process.threads.values()].filter(t => t.rows.length > 0).sort((a, b) => bySort(a, b) || a.tid - b.tid),
      }));
  }

  processLabel(pid: number): string {
    const p = this.processes.get(pid);
    // The recorder already writes "node server.js [4242]"; other traces only the command.
    return p?.name ? (p.name.includes(String(pid)) ? p.name : `${p.name} (pid ${pid})`) : `pid ${pid}`;
  }

  threadLabel(pid: number, tid: number): string {
    const t = this.processes.get(pid)?.threads.get(tid);
    return t?.name ?? (tid === 0 || tid === pid ? "main thread" : `thread ${tid}`);
  }
}

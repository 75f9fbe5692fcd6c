// Begin events still waiting for their end: async `b`/`e` pairs matched by pid → cat → id
// (Chrome's matching key) and `B`/`E` pairs per thread, each a stack when the same key nests.
// Keys are deleted when closed, so the maps stay small.
import type { ModelEvent } from "./model-types";

type OpenMap = Map<string | number, ModelEvent | ModelEvent[]>;

export class OpenBegins {
  private readonly async = new AsyncIndex();
  private readonly perThread: OpenMap = new Map();

  pushAsync(e: ModelEvent, id: string | number): void {
    this.async.push(e.pid, e.cat ?? "", id, e);
  }
  popAsync(pid: number, cat: string, id: string | number): ModelEvent | undefined {
    return this.async.pop(pid, cat, id);
  }
  pushThread(e: ModelEvent, tid: number): void {
    openPush(this.perThread, `${e.pid}:${tid}`, e);
  }
  popThread(pid: number, tid: number): ModelEvent | undefined {
    return openPop(this.perThread, `${pid}:${tid}`);
  }

  /** Every open begin: async ones first, then the threads'. */
  *values(): Iterable<ModelEvent> {
    yield* this.async.values();
    for (const entry of this.perThread.values()) yield* Array.isArray(entry) ? entry : [entry];
  }

  /** Every open begin, forgetting them (the end of a file or a run). */
  *drain(): Iterable<ModelEvent> {
    yield* this.async.drain();
    for (const entry of this.perThread.values()) yield* Array.isArray(entry) ? entry : [entry];
    this.perThread.clear();
  }
}

function openPush(open: OpenMap, key: string, e: ModelEvent): void {
  const entry = open.get(key);
  if (entry === undefined) open.set(key, e);
  else if (Array.isArray(entry)) entry.push(e);
  else open.set(key, [entry, e]);
}

function openPop(open: OpenMap, key: string): ModelEvent | undefined {
  const entry = open.get(key);
  if (entry === undefined) return undefined;
  if (!Array.isArray(entry)) {
    open.delete(key);
    return entry;
  }
  const e = entry.pop();
  if (entry.length === 0) open.delete(key);
  return e;
}

/** Open async begins by pid → cat → id, without building key strings per event. */
class AsyncIndex {
  private readonly byPid = new Map<number, Map<string, OpenMap>>();

  private ids(pid: number, cat: string): OpenMap {
    let cats = this.byPid.get(pid);
    if (!cats) this.byPid.set(pid, (cats = new Map()));
    let ids = cats.get(cat);
    if (!ids) cats.set(cat, (ids = new Map()));
    return ids;
  }

  push(pid: number, cat: string, id: string | number, e: ModelEvent): void {
    openPush(this.ids(pid, cat), typeof id === "number" ? String(id) : id, e);
  }

  pop(pid: number, cat: string, id: string | number): ModelEvent | undefined {
    return openPop(this.ids(pid, cat), typeof id === "number" ? String(id) : id);
  }

  *values(): Iterable<ModelEvent> {
    for (const cats of this.byPid.values()) for (const ids of cats.values()) for (const entry of ids.values()) yield* Array.isArray(entry) ? entry : [entry];
  }

  *drain(): Iterable<ModelEvent> {
    yield* this.values();
    this.byPid.clear();
  }
}

/** A span record for a begin/end pair: explicit fields (cheaper than a spread over a million events). */
export function spanFromPair(begin: ModelEvent, endTs: number, endArgs: Record<string, unknown> | undefined, unfinished: boolean): ModelEvent {
  const span: ModelEvent = {
    name: begin.name,
    cat: begin.cat,
    ph: "X",
    ts: begin.ts,
    dur: Math.max(0, endTs - begin.ts),
    pid: begin.pid,
    tid: begin.tid,
    args: begin.args,
  };
  if (endArgs !== undefined) span.endArgs = endArgs;
  if (unfinished) span.unfinished = true;
  return span;
}

// Where each record came from in a file's event array, for snapshots (snapshot.ts): its (begin)
// event and the end event of a pair. A begin's index is remembered until its end arrives.
import type { ModelEvent, RecordSources } from "./model-types";

export class SourceIndex {
  readonly sources: RecordSources = { begin: new Int32Array(1024), end: new Int32Array(1024), n: 0 };
  /** The index (in the trace's event array) of the event being added, or -1 while none is. */
  current = -1;
  private readonly beginIndex = new Map<ModelEvent, number>();

  note(ref: number, begin: number, end: number): void {
    const src = this.sources;
    if (ref >= src.begin.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(Math.max(a.length * 2, ref + 1));
        b.set(a);
        return b;
      };
      src.begin = grow(src.begin);
      src.end = grow(src.end);
    }
    src.begin[ref] = begin;
    src.end[ref] = end;
    if (ref >= src.n) src.n = ref + 1;
  }

  /** Remembers a begin event's index in the file until its end arrives (snapshots need both). */
  rememberBegin(e: ModelEvent): void {
    if (this.current >= 0) this.beginIndex.set(e, this.current);
  }

  /** A begin's index while its end has not arrived (a live span drawn as ongoing), or -1. */
  beginOf(e: ModelEvent): number {
    return this.beginIndex.get(e) ?? -1;
  }

  takeBegin(e: ModelEvent): number {
    const i = this.beginIndex.get(e);
    if (i === undefined) return -1;
    this.beginIndex.delete(e);
    return i;
  }
}

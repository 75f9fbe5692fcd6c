// New ends (and colours) of spans already in a store, collected during a batch and applied once
// per batch: one pass per store instead of one per span.
import type { SpanStore } from "./span-store";

export class StoreUpdates {
  private readonly pending = new Map<SpanStore, Map<number, { end: number; colour: number }>>();
  /** Told of every change applied (a live run's deltas send them on). */
  listener: ((store: SpanStore, changes: ReadonlyMap<number, { end: number; colour: number }>) => void) | undefined;

  queue(store: SpanStore, ref: number, end: number, colour: number): void {
    let updates = this.pending.get(store);
    if (!updates) this.pending.set(store, (updates = new Map()));
    updates.set(ref, { end, colour });
  }

  apply(): void {
    if (!this.pending.size) return;
    for (const [store, updates] of this.pending) {
      store.update(updates);
      this.listener?.(store, updates);
    }
    this.pending.clear();
  }
}

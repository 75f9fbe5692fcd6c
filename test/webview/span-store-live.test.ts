// A span row fed the way a live run feeds the page (spans added at their end, so out of start
// order; ends of recent spans changed; `prepare` after every update) is laid out exactly as the
// same spans added at once, whatever the order and the update sizes: only the added part is sorted
// and merged in, and the layout starts again from the checkpoint before the first change.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SpanStore } from "../../timeline-model/src/span-store";

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Span {
  start: number;
  end: number;
  ref: number;
  colour: number;
}

function columns(store: SpanStore) {
  const n = store.n;
  return {
    n,
    levels: store.levels,
    overflowed: store.overflowed,
    start: Array.from(store.start.subarray(0, n)),
    end: Array.from(store.end.subarray(0, n)),
    ref: Array.from(store.ref.subarray(0, n)),
    colour: Array.from(store.colour.subarray(0, n)),
    level: Array.from(store.level.subarray(0, n)),
    maxEndPrefix: Array.from(store.maxEndPrefix.subarray(0, n)),
  };
}

describe("a live span row", () => {
  for (const seed of [1, 2, 3]) {
    it(`lays out as the whole row does, updated in parts (seed ${seed})`, () => {
      const random = rng(seed);
      // Concurrent requests: starts mostly rising, durations spread, some sharing a start.
      const spans: Span[] = [];
      let t = 0;
      for (let ref = 0; ref < 6000; ref++) {
        t += random() < 0.1 ? 0 : Math.floor(random() * 200);
        spans.push({ start: t, end: t + Math.floor(random() * 3000), ref, colour: Math.floor(random() * 3) });
      }
      const live = new SpanStore(6);
      // Added when they end; some drawn first as ongoing (to the newest time) and ended later.
      const byEnd = [...spans].sort((a, b) => a.end - b.end || a.ref - b.ref);
      const ongoing = new Set(spans.filter(() => random() < 0.05).map(s => s.ref));
      const added = new Set<number>();
      let i = 0;
      while (i < byEnd.length) {
        const now = byEnd[Math.min(byEnd.length - 1, i + Math.floor(random() * 400))]!.end;
        const changes = new Map<number, { end: number; colour: number }>();
        for (const s of spans) {
          if (!ongoing.has(s.ref) || s.start > now) continue;
          const end = s.end <= now ? s.end : now;
          if (!added.has(s.ref)) {
            live.push(s.start, end, s.ref, s.colour);
            added.add(s.ref);
          } else changes.set(s.ref, { end, colour: s.end <= now ? s.colour : 0 });
        }
        while (i < byEnd.length && byEnd[i]!.end <= now) {
          const s = byEnd[i++]!;
          if (!added.has(s.ref)) {
            live.push(s.start, s.end, s.ref, s.colour);
            added.add(s.ref);
          }
        }
        if (changes.size) live.update(changes);
        live.prepare();
        for (const s of spans) if (ongoing.has(s.ref) && s.end <= now) ongoing.delete(s.ref);
      }
      const whole = new SpanStore(6);
      for (const s of spans) whole.push(s.start, s.end, s.ref, s.colour);
      whole.prepare();
      assert.equal(live.n, spans.length);
      assert.deepEqual(columns(live), columns(whole));
    });
  }
});

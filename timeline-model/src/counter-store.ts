// One counter track (a `ph: "C"` name on one thread): sample times and one value column per
// series (each numeric key of the counter's args). A series that appears later is NaN before.
import { lowerBound, upperBound } from "./span-store";

export class CounterStore {
  n = 0;
  time: Float64Array = new Float64Array(64);
  readonly series: string[] = [];
  values: Float64Array[] = [];
  /** Largest finite value per series (the track's y scale is stable while panning). */
  readonly max: number[] = [];
  readonly min: number[] = [];
  private sorted = true;

  /** Takes over columns from a snapshot. */
  restore(n: number, time: Float64Array, series: string[], values: Float64Array[], min: number[], max: number[]): void {
    this.n = n;
    this.time = time;
    this.series.splice(0, this.series.length, ...series);
    this.values = values;
    this.min.splice(0, this.min.length, ...min);
    this.max.splice(0, this.max.length, ...max);
    this.sorted = true;
  }

  push(time: number, args: Record<string, unknown>): void {
    if (this.n === this.time.length) this.grow(Math.max(64, this.n * 2));
    const i = this.n++;
    if (i > 0 && time < this.time[i - 1]) this.sorted = false;
    this.time[i] = time;
    for (const s of this.values) s[i] = NaN;
    for (const key in args) {
      const v = args[key];
      if (typeof v !== "number" || !Number.isFinite(v)) continue;
      let k = this.series.indexOf(key);
      if (k < 0) {
        k = this.series.push(key) - 1;
        this.values.push(new Float64Array(this.time.length).fill(NaN));
        this.max.push(-Infinity);
        this.min.push(Infinity);
      }
      this.values[k][i] = v;
      if (v > this.max[k]) this.max[k] = v;
      if (v < this.min[k]) this.min[k] = v;
    }
  }

  /** Samples from a live delta: `values[k]` is series `series[k]`'s column (NaN where a sample has none). */
  append(n: number, time: Float64Array, series: readonly string[], values: readonly Float64Array[]): void {
    for (let i = 0; i < n; i++) {
      const args: Record<string, number> = {};
      series.forEach((name, k) => {
        const v = values[k]![i]!;
        if (!Number.isNaN(v)) args[name] = v;
      });
      this.push(time[i]!, args);
    }
  }

  prepare(): void {
    if (this.sorted) return;
    const n = this.n,
      time = this.time;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => time[a] - time[b] || a - b);
    const permute = (a: Float64Array) => {
      const b = new Float64Array(a.length);
      for (let i = 0; i < n; i++) b[i] = a[order[i]];
      return b;
    };
    this.time = permute(time);
    this.values = this.values.map(permute);
    this.sorted = true;
  }

  /** Samples [lo, hi) with time in [t0, t1], widened by one on each side so lines reach the edges. */
  visibleRange(t0: number, t1: number): [number, number] {
    const lo = lowerBound(this.time, this.n, t0);
    const hi = upperBound(this.time, this.n, t1);
    return [Math.max(0, lo - 1), Math.min(this.n, hi + 1)];
  }

  /** The latest value of `series` at or before time t (NaN when none). */
  valueAt(seriesIndex: number, t: number): number {
    const i = upperBound(this.time, this.n, t) - 1;
    const col = this.values[seriesIndex];
    for (let j = i; j >= 0 && j > i - 64; j--) if (!Number.isNaN(col[j])) return col[j];
    return NaN;
  }

  get firstTime(): number {
    return this.n ? this.time[0] : Infinity;
  }
  get lastTime(): number {
    return this.n ? this.time[this.n - 1] : -Infinity;
  }

  private grow(capacity: number): void {
    const grow = (a: Float64Array, fill: number) => {
      const b = new Float64Array(capacity).fill(fill);
      b.set(a.subarray(0, this.n));
      return b;
    };
    this.time = grow(this.time, 0);
    this.values = this.values.map(v => grow(v, NaN));
  }
}

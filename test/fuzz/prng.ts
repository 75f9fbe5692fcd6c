// A small deterministic PRNG (mulberry32): the same seed gives the same mutations on every
// machine, so a seed printed by a failing run reproduces its inputs.
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A uniform float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max] (both included). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (!items.length) throw new Error("pick from an empty list");
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** A size skewed towards small values (log-uniform in [min, max]): most inputs small, some huge. */
  size(min: number, max: number): number {
    return Math.round(Math.exp(Math.log(min) + this.next() * (Math.log(max) - Math.log(min))));
  }

  /** A child generator: session i of a run gets its own stream, so one session can be re-run alone. */
  fork(salt: number): Rng {
    return new Rng((Math.imul(this.state ^ 0x9e3779b9, 2654435761) + salt) >>> 0);
  }
}

/** The seed of session `index` of a run started with `seed`. */
export function sessionSeed(seed: number, index: number): number {
  return (Math.imul(seed >>> 0, 2654435761) + Math.imul(index + 1, 0x85ebca6b)) >>> 0;
}

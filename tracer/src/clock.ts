// One clock for every process and thread of a run: absolute µs of the machine's monotonic clock
// (the clock `process.hrtime` reads). performance.now() reads the same clock relative to this
// thread's own time origin (each worker has a different one), so converting needs one offset per
// thread, measured once at start-up; after that `nowUs()` costs one performance.now() call.

function measureOriginUs(): number {
  const before = performance.now();
  const [s, ns] = process.hrtime();
  const after = performance.now();
  return s * 1e6 + ns / 1e3 - ((before + after) / 2) * 1e3;
}

const originUs = measureOriginUs();

/** Now, in absolute monotonic µs. */
export function nowUs(): number {
  return originUs + performance.now() * 1e3;
}

/** A PerformanceEntry time (ms since this thread's time origin) in absolute monotonic µs. */
export function perfMsToUs(ms: number): number {
  return originUs + ms * 1e3;
}

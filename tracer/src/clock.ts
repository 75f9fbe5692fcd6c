// One clock for every process and thread of a run: absolute µs of the machine's monotonic clock
// (the clock `process.hrtime` reads). performance.now() reads the same clock relative to this
// thread's own time origin (each worker has a different one), so converting needs one offset per
// thread, measured once at start-up; after that `nowUs()` costs one performance.now() call.

import { performance as perf } from "node:perf_hooks";

// perf_hooks' own object (above), not the global `performance`: that is an accessor on
// globalThis (a getter call on every read), and the HTTP source reads the clock twice per request.

function measureOriginUs(): number {
  const before = perf.now();
  const [s, ns] = process.hrtime();
  const after = perf.now();
  return s * 1e6 + ns / 1e3 - ((before + after) / 2) * 1e3;
}

const originUs = measureOriginUs();

/** Now, in absolute monotonic µs. */
export function nowUs(): number {
  return originUs + perf.now() * 1e3;
}

/** A PerformanceEntry time (ms since this thread's time origin) in absolute monotonic µs. */
export function perfMsToUs(ms: number): number {
  return originUs + ms * 1e3;
}

// The tracer runs inside the user's program: nothing it does may throw into that program.
// Every callback the tracer hands to Node (timers, observers, channel subscribers, wrappers) goes
// through `guard`, which swallows and counts errors; the count is reported in the trace.

export const tracerStats = { internalErrors: 0 };

export function guard<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
  return (...args: A) => {
    try {
      fn(...args);
    } catch {
      tracerStats.internalErrors++;
    }
  };
}

/** Runs `fn`; an error is counted and `fallback` returned. */
export function attempt<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    tracerStats.internalErrors++;
    return fallback;
  }
}

// The tracer runs inside the user's program: nothing it does may throw into that program.
// Every callback the tracer hands to Node (timers, observers, channel subscribers, wrappers) goes
// through `guard`, which swallows and counts errors; the count, and what the first one was, are
// reported in the trace (a count alone cannot be acted on).

export const tracerStats: { internalErrors: number; firstError?: string } = { internalErrors: 0 };

function count(error: unknown): void {
  tracerStats.internalErrors++;
  if (tracerStats.firstError !== undefined) return;
  try {
    const e = error as { name?: unknown; message?: unknown; stack?: unknown };
    const head = `${typeof e?.name === "string" ? e.name : "Error"}: ${typeof e?.message === "string" ? e.message : String(error)}`;
    const at = typeof e?.stack === "string" ? /\n\s+at (.+)/.exec(e.stack)?.[1] : undefined;
    tracerStats.firstError = `${head}${at ? ` (at ${at})` : ""}`.slice(0, 300);
  } catch {
    tracerStats.firstError = "an error that could not be described";
  }
}

export function guard<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
  return (...args: A) => {
    try {
      fn(...args);
    } catch (error) {
      count(error);
    }
  };
}

/** Runs `fn`; an error is counted and `fallback` returned. */
export function attempt<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch (error) {
    count(error);
    return fallback;
  }
}

// Observers and channels the tracer subscribes must stay reachable for the life of the thread
// (older Node versions hold diagnostics channels weakly and drop their subscribers on GC).
const kept: unknown[] = [];
export function keep(value: unknown): void {
  kept.push(value);
}

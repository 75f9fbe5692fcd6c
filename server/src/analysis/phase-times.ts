// Where a lint's time goes on our side (`LOOPSCOPE_TIMING=1 loopscope lint`): the time spent in
// each phase of the engine and each rule, summed over the files. Wall time, read from the
// monotonic clock: this process's CPU time (getrusage) cost ~20 µs a reading on a virtual
// machine, 2 s over a 3,000-file project. A phase's time includes the compiler's answers it
// waited for; the run's Node CPU time is printed beside it. A phase started inside another counts
// to the outer one: a rule's decision that analyses another file counts to that rule.

export class PhaseTimes {
  readonly totals = new Map<string, number>();
  private running = false;

  run<T>(phase: string, work: () => T): T {
    if (this.running) return work();
    this.running = true;
    const start = performance.now();
    try {
      return work();
    } finally {
      this.totals.set(phase, (this.totals.get(phase) ?? 0) + performance.now() - start);
      this.running = false;
    }
  }
}

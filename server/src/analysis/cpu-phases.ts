// Where a lint's own CPU time goes (`LOOPSCOPE_TIMING=1 loopscope lint`): this process's CPU
// time (not wall time, which waits for the compiler and for other processes on a busy machine)
// summed per phase of the engine and per rule. A phase started inside another counts to the
// outer one: a rule's decision that analyses another file counts to that rule.

export class CpuPhases {
  readonly totals = new Map<string, number>();
  private running = false;

  run<T>(phase: string, work: () => T): T {
    if (this.running) return work();
    this.running = true;
    const start = process.cpuUsage();
    try {
      return work();
    } finally {
      const used = process.cpuUsage(start);
      this.totals.set(phase, (this.totals.get(phase) ?? 0) + (used.user + used.system) / 1000);
      this.running = false;
    }
  }
}

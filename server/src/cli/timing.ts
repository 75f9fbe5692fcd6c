// `LOOPSCOPE_TIMING=1 loopscope lint ...`: one stderr line per phase of the run, with what the
// compiler loaded so far, for benchmarks and for users asking why a run is slow.
import type { Linter } from "../analysis/linter";

export class Timing {
  private last = performance.now();

  constructor(
    private readonly linter: Linter,
    private readonly io: { stderr: (text: string) => void },
  ) {}

  mark(what: string): void {
    const now = performance.now();
    const s = this.linter.loadStats;
    const cpu = process.cpuUsage();
    this.io.stderr(
      `loopscope: timing: ${what}: ${Math.round(now - this.last)} ms; Node CPU so far ${Math.round((cpu.user + cpu.system) / 1000)} ms` +
        ` (so far: ${s.projectsOpened} ${s.projectsOpened === 1 ? "project" : "projects"} opened, ${s.filesOpened} files opened one by one, ${s.loads} loads in ${Math.round(s.loadMs)} ms)\n`,
    );
    this.last = now;
  }

  /** The time spent per phase of the engine and per rule (waits for the compiler included), most first. */
  phases(): void {
    const phases = [...this.linter.timeByPhase].sort((a, b) => b[1] - a[1]);
    if (phases.length) this.io.stderr(`loopscope: timing: time by phase: ${phases.map(([p, ms]) => `${p} ${Math.round(ms)} ms`).join(", ")}\n`);
  }

  /** The requests made to the compiler, per method, most first. */
  requests(): void {
    const counts = [...this.linter.requestsByMethod].sort((a, b) => b[1] - a[1]);
    const total = counts.reduce((n, [, c]) => n + c, 0);
    this.io.stderr(
      `loopscope: timing: ${total} requests to the compiler (${this.linter.prefetchedAnswers} of them sent ahead and answered while we worked): ${counts.map(([m, c]) => `${m} ${c}`).join(", ")}\n`,
    );
    const oneByOne = [...this.linter.oneByOneRequests].sort((a, b) => b[1] - a[1]);
    const waited = oneByOne.reduce((n, [, c]) => n + c, 0);
    this.io.stderr(`loopscope: timing: ${waited} of them made one at a time, waiting for each: ${oneByOne.map(([m, c]) => `${m} ${c}`).join(", ")}\n`);
    const sites = [...(this.linter.requestSites ?? [])].sort((a, b) => b[1] - a[1]).slice(0, 40);
    for (const [site, count] of sites) this.io.stderr(`loopscope: timing: ${count} ${site}\n`);
    const analyses = [...this.linter.otherFileAnalyses].sort((a, b) => b[1] - a[1]);
    const files = analyses.reduce((n, [, c]) => n + c, 0);
    this.io.stderr(`loopscope: timing: ${files} files analysed apart for summaries${files ? `: ${analyses.map(([k, c]) => `${k} ${c}`).join(", ")}` : ""}\n`);
  }
}

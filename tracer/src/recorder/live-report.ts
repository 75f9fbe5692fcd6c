// `loopscope run --live`: what the traced program does, printed while it runs. Long blocks (with
// the line they were in, when a stack was sampled), workers and child processes starting and
// ending, uncaught exceptions, and every few seconds one line of the numbers that decide capacity
// (loop delay, utilisation, memory, HTTP throughput and latency, events and drops).
// Lines are whole (one write each), so they never cut into a line of the program's own output.

import { isAbsolute, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { LoopEvent, WireEvent, WireFrame } from "../../../protocol/src/tracer-wire";
import { chooseStack, processLabel } from "./stacks";
import type { StreamInfo } from "./trace-builder";

export interface LiveReportOptions {
  /** µs on the run's clock when it started (the recorder's origin). */
  originUs: number;
  cwd: string;
  write(line: string): void;
}

type Stream = Pick<StreamInfo, "key" | "hello">;

/** Samples older than this (µs) can no longer belong to a block still to be reported. */
const SAMPLE_WINDOW_US = 60_000_000;

export class LiveReport {
  private readonly samples: { pid: number; tid: number; ts: number; stack: WireFrame[] }[] = [];
  /** Latest loop metrics per process main thread, by pid. */
  private readonly loops = new Map<number, LoopEvent>();
  private readonly http = { count: 0, errors: 0, p99: 0, max: 0 };
  private events = 0;
  /** The tracers' own count of dropped events, per stream (each count is that stream's total so far). */
  private readonly dropped = new Map<string, number>();
  private workers = 0;
  private children = 0;
  private readonly labels = new Map<number, string>();

  constructor(private readonly options: LiveReportOptions) {}

  hello(stream: Stream): void {
    if (stream.hello.role === "main" && !this.labels.has(stream.hello.pid)) this.labels.set(stream.hello.pid, processLabel(stream.hello.argv));
  }

  event(stream: Stream, e: WireEvent): void {
    this.events++;
    const { pid, tid } = stream.hello;
    switch (e.t) {
      case "sample":
        this.samples.push({ pid, tid: e.forTid, ts: e.ts, stack: e.stack });
        while (this.samples.length && this.samples[0]!.ts < e.ts - SAMPLE_WINDOW_US) this.samples.shift();
        return;
      case "block": {
        const during = this.samples.filter(s => s.pid === pid && s.tid === tid && s.ts >= e.ts - 1000 && s.ts <= e.ts + e.dur + 1000);
        const where = e.startup
          ? " while loading the program"
          : prefixed(" in ", this.where(chooseStack(during.map((s, i) => ({ stack: s.stack, us: Math.max(0, (during[i + 1]?.ts ?? e.ts + e.dur) - s.ts) })))));
        this.line(e.ts, `${ms(e.dur / 1000)} block${where}  [${this.thread(pid, tid)}]`);
        return;
      }
      case "loop":
        if (tid === 0) this.loops.set(pid, e);
        return;
      case "httpstats":
        if (e.side !== "server") return;
        this.http.count += e.count;
        this.http.errors += e.errors;
        this.http.p99 = Math.max(this.http.p99, e.p99);
        this.http.max = Math.max(this.http.max, e.max);
        return;
      case "worker":
        if (e.phase === "online") this.workers++;
        if (e.phase === "exit" || e.phase === "error") {
          this.workers = Math.max(0, this.workers - (e.phase === "exit" ? 1 : 0));
          this.line(
            e.ts,
            `worker ${e.worker}${e.file ? ` (${this.file(e.file)})` : ""} ${e.phase === "exit" ? `exited with code ${e.code ?? "?"}` : `failed: ${oneLine(e.error ?? "")}`}  [pid ${pid}]`,
          );
        }
        return;
      case "child":
        if (e.phase === "spawn") {
          this.children++;
          this.line(e.ts, `child ${e.child ?? "?"} started: ${oneLine([e.file, ...(e.args ?? []).slice(1)].filter(Boolean).join(" "))}  [by pid ${pid}]`);
        } else {
          this.children = Math.max(0, this.children - 1);
          this.line(
            e.ts,
            `child ${e.child ?? "?"} ${e.phase === "error" ? `failed: ${oneLine(e.error ?? "")}` : e.signal ? `killed by ${e.signal}` : `exited with code ${e.code ?? "?"}`}`,
          );
        }
        return;
      case "uncaught":
        this.line(e.ts, `uncaught ${e.origin}: ${oneLine(e.message)}${e.site ? ` at ${this.where([e.site])}` : ""}  [${this.thread(pid, tid)}]`);
        return;
      case "stats":
        // Per stream and cumulative: the newest count of each stream is its total.
        this.dropped.set(stream.key, e.dropped);
        return;
      default:
        return;
    }
  }

  /** The periodic line: the numbers of the last interval, across the run's processes. */
  tick(nowUs: number): void {
    // Nothing traced yet (the command has not started a Node process): nothing to say.
    if (!this.labels.size) return;
    const loops = [...this.loops.values()];
    const parts: string[] = [];
    if (loops.length) {
      parts.push(`loop delay p99 ${Math.max(...loops.map(l => l.delayP99)).toFixed(1)} ms`);
      parts.push(`utilisation ${Math.round(Math.max(...loops.map(l => l.elu)) * 100)}%`);
      const rss = loops.reduce((sum, l) => sum + (l.rss ?? 0), 0);
      if (rss) parts.push(`memory ${Math.round(rss / 2 ** 20)} MB`);
    }
    parts.push(`processes ${this.labels.size}`, `workers ${this.workers}`, `children ${this.children}`);
    if (this.http.count) parts.push(`http ${this.http.count} requests, p99 ${ms(this.http.p99)}, ${this.http.errors} errors`);
    const dropped = [...this.dropped.values()].reduce((a, b) => a + b, 0);
    parts.push(`events ${this.events.toLocaleString("en-US")}${dropped ? ` (${dropped} DROPPED)` : ""}`);
    this.line(nowUs, parts.join(" · "));
    this.http.count = this.http.errors = this.http.p99 = this.http.max = 0;
  }

  private line(tsUs: number, text: string): void {
    const at = Math.max(0, (tsUs - this.options.originUs) / 1e6);
    this.options.write(`loopscope: [${at.toFixed(1).padStart(6)} s] ${text}\n`);
  }

  private thread(pid: number, tid: number): string {
    return `pid ${pid} ${tid === 0 ? "main" : `worker ${tid}`}`;
  }

  private where(stack: WireFrame[] | undefined): string | undefined {
    const own = stack?.filter(f => !f.file.startsWith("node:") && !f.file.startsWith("internal/"));
    const f = own?.find(x => !x.file.includes("/node_modules/")) ?? own?.[0];
    return f ? `${f.fn || "(anonymous)"} ${this.file(f.file)}:${f.line}:${f.col}` : undefined;
  }

  private file(file: string): string {
    let path = file;
    if (path.startsWith("file://")) {
      try {
        path = fileURLToPath(path);
      } catch {
        /* keep the URL */
      }
    }
    return oneLine(isAbsolute(path) ? relative(this.options.cwd, path) || path : path);
  }
}

function prefixed(prefix: string, text: string | undefined): string {
  return text ? `${prefix}${text}` : "";
}

function ms(n: number): string {
  return n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${Math.round(n)} ms`;
}

/** Text from the traced program, made safe for one terminal line: no control characters, bounded. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ").trim();
  return clean.length > 160 ? `${clean.slice(0, 157)}...` : clean;
}

// One program run under the tracer, recorded in this process (the extension host): the recorder
// of `loopscope run` (tracer/src/recorder), a live feed of trace events for the panel, and the
// program's output for a terminal. Unlike `loopscope run`, the output goes through pipes (the
// terminal is a Pseudoterminal), so the program sees no TTY. No vscode import: tested under Node.

import { SourceMapper } from "../../../tracer/src/recorder/source-maps";
import { TracedRun } from "../../../tracer/src/recorder/traced-run";
import type { ThinningPolicy } from "../../../tracer/src/recorder/thinning";
import type { RunMetadata, RunSummary, TraceEvent, TraceFile } from "../../../protocol/src/trace";
import { LiveFeed, type LiveDrops } from "./liveFeed";

export interface LiveRunOptions {
  command: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** dist/tracer.cjs */
  tracerPath: string;
  blockThresholdMs: number;
  /** The program's stdout and stderr, as they come. */
  onOutput(text: string): void;
  /** New trace events for the live view. */
  onEvents(events: TraceEvent[]): void;
  /** Called when the drop count changes. */
  onDrops?(drops: LiveDrops): void;
  flushEveryMs?: number;
  /**
   * Where the trace is written when the run ends, as `loopscope run --out` writes it (a long
   * run's events streamed from the recorder's spill file, never held whole; gzip for `.gz`).
   * Without it the result holds the trace.
   */
  tracePath?: string;
  /** How a long run's spans are thinned and counters binned (default: the stated policy, tracer/README.md "Long runs"). */
  thinning?: ThinningPolicy;
}

export interface LiveRunResult {
  /** The trace, when no `tracePath` was given or writing it failed. */
  trace?: TraceFile;
  metadata: RunMetadata;
  summary: RunSummary;
  /** The trace file written (`tracePath`). */
  written?: string;
  /** Why `tracePath` could not be written. */
  writeError?: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The command could not be started (e.g. not found). */
  error?: string;
  durationMs: number;
}

export class LiveRun {
  readonly done: Promise<LiveRunResult>;
  private readonly timer: ReturnType<typeof setInterval>;
  private lastDrops = 0;
  private exited = false;

  private constructor(
    private readonly options: LiveRunOptions,
    private readonly run: TracedRun,
    private readonly feed: LiveFeed,
    private readonly mapper: SourceMapper,
  ) {
    const child = run.child;
    child.stdout!.setEncoding("utf8").on("data", (text: string) => options.onOutput(text));
    child.stderr!.setEncoding("utf8").on("data", (text: string) => options.onOutput(text));
    child.stdin!.on("error", () => undefined); // the program closed its stdin: nothing to tell
    // Exited as soon as the program is gone, before its tracers have drained.
    const markExited = () => {
      this.exited = true;
    };
    child.once("exit", markExited).once("error", markExited);
    this.timer = setInterval(() => this.flush(false), options.flushEveryMs ?? 200);
    this.done = this.finish();
  }

  static async start(options: LiveRunOptions): Promise<LiveRun> {
    let feed: LiveFeed | undefined;
    const run = await TracedRun.start({
      command: options.command,
      args: options.args,
      cwd: options.cwd,
      env: options.env ?? process.env,
      tracerPath: options.tracerPath,
      stdio: ["pipe", "pipe", "pipe"],
      detached: process.platform !== "win32",
      recorder: {
        blockThresholdMs: options.blockThresholdMs,
        ...(options.thinning ? { thinning: options.thinning } : {}),
        onEvent: (stream, event) => feed!.add(stream, event),
        onHello: stream => feed!.open(stream),
        onClose: stream => feed!.close(stream),
      },
    });
    const mapper = new SourceMapper();
    feed = new LiveFeed(run.recorder.originUs, options.blockThresholdMs, mapper);
    return new LiveRun(options, run, feed, mapper);
  }

  private get child() {
    return this.run.child;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return !this.exited;
  }

  /** Text for the program's stdin. */
  write(text: string): void {
    if (!this.exited && this.child.stdin?.writable) this.child.stdin.write(text);
  }

  /** Closes the program's stdin (Ctrl+D on an empty line). */
  endInput(): void {
    if (!this.exited) this.child.stdin?.end();
  }

  /** Sends a signal to the program and everything it started. */
  signal(signal: NodeJS.Signals = "SIGTERM"): void {
    if (this.exited || this.child.pid === undefined) return;
    try {
      if (process.platform !== "win32") process.kill(-this.child.pid, signal);
      else this.child.kill(signal);
    } catch {
      this.child.kill(signal);
    }
  }

  /** The trace recorded so far (Save Trace As during a run); the run goes on. */
  snapshot(): TraceFile {
    return this.build(null).trace;
  }

  private flush(all: boolean): void {
    const events = this.feed.take(all ? 0 : undefined);
    if (events.length) this.options.onEvents(events);
    const drops = this.feed.liveDrops();
    if (drops.total !== this.lastDrops) {
      this.lastDrops = drops.total;
      this.options.onDrops?.(drops);
    }
  }

  private build(exit: { code: number | null; signal: NodeJS.Signals | null; durationMs: number } | null): { trace: TraceFile; summary: RunSummary } {
    return this.run.build(exit, this.mapper);
  }

  private async finish(): Promise<LiveRunResult> {
    const exit = await this.run.exited;
    clearInterval(this.timer);
    this.flush(true);
    const ended = { exitCode: exit.code, signal: exit.signal, durationMs: exit.durationMs, ...(exit.error ? { error: exit.error } : {}) };
    let writeError: string | undefined;
    const path = this.options.tracePath;
    if (path && !exit.error) {
      try {
        const { metadata, summary } = await this.run.writeTrace(path, exit, this.mapper);
        await this.run.close();
        return { metadata, summary, written: path, ...ended };
      } catch (error) {
        writeError = (error as Error).message;
      }
    }
    const { trace, summary } = this.build(exit);
    await this.run.close();
    return { trace, metadata: trace.metadata!.loopscope!, summary, ...ended, ...(writeError !== undefined ? { writeError } : {}) };
  }
}

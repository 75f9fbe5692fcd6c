// One program run under the tracer, recorded in this process (the extension host): the recorder
// of `loopscope run` (tracer/src/recorder), a live feed of trace events for the panel, and the
// program's output for a terminal. Unlike `loopscope run`, the output goes through pipes (the
// terminal is a Pseudoterminal), so the program sees no TTY. No vscode import: tested under Node.

import { spawn, type ChildProcess } from "node:child_process";
import { Recorder } from "../../../tracer/src/recorder/recorder";
import { SourceMapper } from "../../../tracer/src/recorder/source-maps";
import type { RunMetadata, RunSummary, TraceEvent, TraceFile } from "../../../protocol/src/trace";
import { LiveFeed, type LiveDrops } from "./liveFeed";

/** After the program exits, how long its tracers (and children still running) get to hang up. */
const DRAIN_TIMEOUT_MS = 3000;
const VERSION = "0.1.0";

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
}

export interface LiveRunResult {
  trace: TraceFile;
  summary: RunSummary;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The command could not be started (e.g. not found). */
  error?: string;
  durationMs: number;
}

/** NODE_OPTIONS with the tracer preloaded (kept in front of the user's own options). */
export function tracedEnv(base: NodeJS.ProcessEnv, tracerPath: string, recorderEnv: Record<string, string>): NodeJS.ProcessEnv {
  // NODE_OPTIONS takes double-quoted values with backslash escapes, which JSON quoting produces.
  const nodeOptions = [base.NODE_OPTIONS, `--require ${JSON.stringify(tracerPath)}`].filter(Boolean).join(" ");
  return { ...base, ...recorderEnv, NODE_OPTIONS: nodeOptions };
}

export class LiveRun {
  readonly done: Promise<LiveRunResult>;
  private readonly child: ChildProcess;
  private readonly started = performance.now();
  private readonly startedAtEpochMs = Date.now();
  private readonly timer: ReturnType<typeof setInterval>;
  private lastDrops = 0;
  private exited = false;

  private constructor(private readonly options: LiveRunOptions, private readonly recorder: Recorder, private readonly feed: LiveFeed, private readonly mapper: SourceMapper) {
    this.child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: tracedEnv(options.env ?? process.env, options.tracerPath, recorder.env()),
      stdio: ["pipe", "pipe", "pipe"],
      // Its own process group: stopping the run stops what it started too (npm → sh → node).
      detached: process.platform !== "win32",
    });
    this.child.stdout!.setEncoding("utf8").on("data", (text: string) => options.onOutput(text));
    this.child.stderr!.setEncoding("utf8").on("data", (text: string) => options.onOutput(text));
    this.child.stdin!.on("error", () => undefined); // the program closed its stdin: nothing to tell
    this.timer = setInterval(() => this.flush(false), options.flushEveryMs ?? 200);
    this.done = this.finish();
  }

  static async start(options: LiveRunOptions): Promise<LiveRun> {
    let feed: LiveFeed | undefined;
    const recorder = await Recorder.start({
      blockThresholdMs: options.blockThresholdMs,
      onEvent: (stream, event) => feed!.add(stream, event),
      onHello: stream => feed!.open(stream),
      onClose: stream => feed!.close(stream),
    });
    const mapper = new SourceMapper();
    feed = new LiveFeed(recorder.originUs, options.blockThresholdMs, mapper);
    return new LiveRun(options, recorder, feed, mapper);
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
    return this.build(null, null).trace;
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

  private build(exitCode: number | null, signal: NodeJS.Signals | null): { trace: TraceFile; summary: RunSummary } {
    const [s, ns] = process.hrtime();
    const meta: Omit<RunMetadata, "eventsReceived" | "eventsDropped" | "dropsByStream" | "blockThresholdMs"> = {
      version: VERSION,
      command: [this.options.command, ...this.options.args],
      cwd: this.options.cwd,
      startedAtEpochMs: this.startedAtEpochMs,
      durationMs: Math.round((performance.now() - this.started) * 1000) / 1000,
      exitCode,
      signal,
    };
    return this.recorder.builder.build(meta, s * 1e6 + ns / 1e3, this.mapper);
  }

  private async finish(): Promise<LiveRunResult> {
    const result = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>(done => {
      this.child.once("error", error => done({ code: null, signal: null, error }));
      this.child.once("exit", (code, signal) => done({ code, signal }));
    });
    const durationMs = performance.now() - this.started;
    this.exited = true;
    if (!result.error) await this.recorder.waitForIdle(DRAIN_TIMEOUT_MS);
    clearInterval(this.timer);
    this.flush(true);
    const { trace, summary } = this.build(result.code, result.signal);
    await this.recorder.close();
    const error = result.error
      ? ((result.error as NodeJS.ErrnoException).code === "ENOENT" ? `command not found: ${this.options.command}` : result.error.message)
      : undefined;
    return { trace, summary, exitCode: result.code, signal: result.signal, durationMs, ...(error ? { error } : {}) };
  }
}

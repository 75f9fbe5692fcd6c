// One program run under the tracer: the recorder, the program started with the tracer preloaded,
// its exit, the drain of its tracers and the trace built from what they sent. `loopscope run`
// (server/src/cli/run.ts, the terminal's stdio) and the VS Code client (client/src/timeline/
// liveRun.ts, pipes and a live feed) are both this, with their own stdio and callbacks.

import { spawn, type ChildProcess, type StdioOptions } from "node:child_process";
import { Recorder, type RecorderOptions } from "./recorder";
import type { SourceMapper } from "./source-maps";
import type { RunMetadata, RunSummary, TraceFile } from "../../../protocol/src/trace";
import { LOOPSCOPE_VERSION } from "../../../protocol/src/version";
import { writeTraceFileStreaming } from "./write-trace";

/** After the program exits, how long its tracers (and children still running) get to hang up. */
export const DRAIN_TIMEOUT_MS = 3000;

/** NODE_OPTIONS with the tracer preloaded (kept in front of the user's own options). */
export function tracedEnv(base: NodeJS.ProcessEnv, tracerPath: string, recorderEnv: Record<string, string>): NodeJS.ProcessEnv {
  // NODE_OPTIONS takes double-quoted values with backslash escapes, which JSON quoting produces.
  const nodeOptions = [base.NODE_OPTIONS, `--require ${JSON.stringify(tracerPath)}`].filter(Boolean).join(" ");
  return { ...base, ...recorderEnv, NODE_OPTIONS: nodeOptions };
}

export interface TracedRunOptions {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** dist/tracer.cjs */
  tracerPath: string;
  stdio: StdioOptions;
  /** Its own process group, so that stopping the run stops what it started too (npm → sh → node). */
  detached?: boolean;
  recorder: RecorderOptions;
}

export interface ProgramExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The command could not be started: a sentence for the user. */
  error?: string;
  /** The command was not found (exit 127 by shell convention). */
  notFound?: boolean;
  durationMs: number;
}

export class TracedRun {
  /** Resolves when the program has exited and its tracers have hung up (or the drain timed out). */
  readonly exited: Promise<ProgramExit>;
  private readonly started = performance.now();
  private readonly startedAtEpochMs = Date.now();

  private constructor(
    readonly recorder: Recorder,
    readonly child: ChildProcess,
    private readonly options: TracedRunOptions,
  ) {
    this.exited = this.waitForExit();
  }

  static async start(options: TracedRunOptions): Promise<TracedRun> {
    const recorder = await Recorder.start(options.recorder);
    const child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: tracedEnv(options.env, options.tracerPath, recorder.env()),
      stdio: options.stdio,
      ...(options.detached ? { detached: true } : {}),
    });
    return new TracedRun(recorder, child, options);
  }

  /** The trace of what was recorded so far; exit code and signal are null while the program runs. */
  build(exit: Pick<ProgramExit, "code" | "signal" | "durationMs"> | null, mapper: SourceMapper): { trace: TraceFile; summary: RunSummary } {
    const [s, ns] = process.hrtime();
    return this.recorder.builder.build(this.runFields(exit), s * 1e6 + ns / 1e3, mapper);
  }

  /**
   * Writes the run's trace to `path` (gzip when it ends in `.gz`) without holding a long run's
   * events in memory (TraceBuilder.buildForFile). Call before `close`: the spilled events live
   * in the recorder's temp dir.
   */
  async writeTrace(
    path: string,
    exit: Pick<ProgramExit, "code" | "signal" | "durationMs"> | null,
    mapper: SourceMapper,
  ): Promise<{ metadata: RunMetadata; summary: RunSummary }> {
    const [s, ns] = process.hrtime();
    const { trace, summary, spilled } = this.recorder.builder.buildForFile(this.runFields(exit), s * 1e6 + ns / 1e3, mapper);
    await writeTraceFileStreaming(path, trace, spilled);
    return { metadata: trace.metadata!.loopscope!, summary };
  }

  private runFields(
    exit: Pick<ProgramExit, "code" | "signal" | "durationMs"> | null,
  ): Omit<RunMetadata, "eventsReceived" | "eventsDropped" | "dropsByStream" | "blockThresholdMs" | "thinning"> {
    return {
      version: LOOPSCOPE_VERSION,
      command: [this.options.command, ...this.options.args],
      cwd: this.options.cwd,
      startedAtEpochMs: this.startedAtEpochMs,
      durationMs: exit?.durationMs ?? Math.round((performance.now() - this.started) * 1000) / 1000,
      exitCode: exit?.code ?? null,
      signal: exit?.signal ?? null,
    };
  }

  close(): Promise<void> {
    return this.recorder.close();
  }

  private async waitForExit(): Promise<ProgramExit> {
    const result = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>(done => {
      this.child.once("error", error => done({ code: null, signal: null, error }));
      this.child.once("exit", (code, signal) => done({ code, signal }));
    });
    const durationMs = Math.round((performance.now() - this.started) * 1000) / 1000;
    if (result.error) {
      const notFound = (result.error as NodeJS.ErrnoException).code === "ENOENT";
      return { code: null, signal: null, durationMs, notFound, error: notFound ? `command not found: ${this.options.command}` : result.error.message };
    }
    await this.recorder.waitForIdle(DRAIN_TIMEOUT_MS);
    return { code: result.code, signal: result.signal, durationMs };
  }
}

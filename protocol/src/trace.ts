// The trace file: Chrome Trace Event Format (the JSON object form), which Perfetto and Chrome
// DevTools open as is. Loopscope's own fields live under `args` and `metadata.loopscope`, so
// other viewers ignore them and the timeline webview reads them.
// Spec: "Trace Event Format" (Google doc linked from Perfetto's docs). Timestamps are µs.

/** A source location, 1-based line and column, as shown to users and used for click-to-source. */
export interface SourceLocation {
  /** Absolute file path, or a URL when the program's code came from one (e.g. `node:internal/...`). */
  file: string;
  line: number;
  column: number;
  functionName?: string;
}

/** Categories Loopscope writes; the webview lays out rows from them. */
export type LoopscopeCategory =
  | "loopscope.block" // an event-loop block longer than the threshold (ph X)
  | "loopscope.task" // a shorter event-loop task worth drawing (ph X)
  | "loopscope.http" // HTTP server/client request (ph X, or b/e when spans overlap)
  | "loopscope.net" // DNS lookups and connects (ph X)
  | "loopscope.gc" // garbage collection pauses (ph X)
  | "loopscope.user" // performance.measure (ph X) and performance.mark (ph i)
  | "loopscope.worker" // worker lifecycle (ph X span from creation to exit, ph i for error)
  | "loopscope.child" // child process lifecycle (ph X span from spawn to exit)
  | "loopscope.metric" // counters (ph C)
  | "loopscope.flow" // flow arrows from where a worker/child was started to its lane (ph s/f)
  | "loopscope.tracer" // the tracer's own notes: drops, recorder lost (ph i)
  | "loopscope.error"; // an uncaught exception in a thread (ph i), args: message, origin, source

interface TraceEventBase {
  name: string;
  cat?: string;
  /** Microseconds on a clock shared by every process of one run. */
  ts: number;
  pid: number;
  tid: number;
  args?: Record<string, unknown>;
}

/** Complete event: a span with a duration. */
export interface CompleteEvent extends TraceEventBase {
  ph: "X";
  dur: number;
}
/** Instant event; `s` is its scope (thread, process, global). */
export interface InstantEvent extends TraceEventBase {
  ph: "i" | "I";
  s?: "t" | "p" | "g";
}
/** Counter event: each numeric entry of `args` is one series of the counter track `name`. */
export interface CounterEvent extends TraceEventBase {
  ph: "C";
  args: Record<string, number>;
}
/** Async (nestable) span begin/end/instant, matched by `cat` + `id`. */
export interface AsyncEvent extends TraceEventBase {
  ph: "b" | "e" | "n";
  id: string;
}
/** Flow events link a start (`s`) to a finish (`f`), matched by `cat` + `id`. */
export interface FlowEvent extends TraceEventBase {
  ph: "s" | "t" | "f";
  id: string;
  bp?: "e";
}
/** Metadata: process_name, thread_name, process_sort_index, thread_sort_index, process_labels. */
export interface MetadataEvent extends TraceEventBase {
  ph: "M";
  args: { name?: string; sort_index?: number; labels?: string };
}

export type TraceEvent = CompleteEvent | InstantEvent | CounterEvent | AsyncEvent | FlowEvent | MetadataEvent;

/** Args of a `loopscope.block` event. */
export interface BlockArgs {
  /** Innermost frame of the user's code that was running (click-to-source target). */
  source?: SourceLocation;
  /** Top of the stack first. */
  stack?: SourceLocation[];
  thresholdMs: number;
  /** Where the samples were, by call path of the program's frames, with the time each stands for (most first): when more than one. */
  hotspots?: Array<{ source: SourceLocation; callers: SourceLocation[]; sampledMs: number }>;
  /** The thread never reported this block (its loop never turned again): made from samples. */
  ongoing?: boolean;
  endedBy?: "thread ended" | "run ended" | "waited";
  /** ms of the block during which no thread of the process got CPU (stopped or starved), or its thread waited for a CPU, when ≥ the threshold. */
  noCpuMs?: number;
  /** No stack and no CPU for most of the block (or so long that without it there was no block): the machine's doing, not the program's. */
  noCpu?: boolean;
  /** What ran during the block: its samples merged into a call tree (outermost frame at the root), bounded in size. */
  callTree?: CallTreeNode;
  /** The HTTP server request the blocked code ran for, read from the async context inside its samples. */
  request?: BlockRequest;
}

/** The request a block ran for (`BlockArgs.request`). */
export interface BlockRequest {
  method: string;
  url: string;
  /** The framework's route pattern (express, fastify), when it told. */
  route?: string;
  /** Trace µs of the request's start: its `loopscope.http` server span starts at the same time. */
  startTs: number;
  /** The block ran after the request's response was sent (still the request's own code). */
  afterResponse?: boolean;
  /** ms of the block's samples that ran for this request. */
  sampledMs: number;
  /** How many other requests some of the block's samples ran for. */
  others?: number;
}

/**
 * One node of a block's call tree: a frame (function and place) under its caller, with the time
 * the samples that passed through it stand for (`totalMs`) and those that stopped in it (`selfMs`).
 * The root is a synthetic node for the whole block (`fn` "(block)"). Small branches are merged
 * into one "(other)" child so a tree stays a few hundred nodes.
 */
export interface CallTreeNode {
  fn: string;
  file?: string;
  line?: number;
  column?: number;
  totalMs: number;
  selfMs: number;
  children?: CallTreeNode[];
}

/** Args of a `loopscope.http` event. */
export interface HttpArgs {
  side: "server" | "client";
  method: string;
  url: string;
  route?: string;
  status?: number;
  error?: string;
}

/** Summary of one run, also printed by `loopscope run`. */
export interface RunMetadata {
  version: string;
  command: string[];
  cwd: string;
  /** Wall-clock ms since the epoch at ts = 0. */
  startedAtEpochMs: number;
  durationMs: number;
  exitCode: number | null;
  signal: string | null;
  blockThresholdMs: number;
  /** Events the recorder received, per stream `pid:tid`. */
  eventsReceived: number;
  /** Events the tracers could not send (bounded buffer full, recorder gone), summed over streams. */
  eventsDropped: number;
  /** Per-stream drop counts, `pid:tid` → count, only streams that dropped. */
  dropsByStream?: Record<string, number>;
  /**
   * Threads (not the tracer's own) whose stream ended without the tracer's final batch: the
   * process was killed (SIGKILL, or a signal with its default action) or the worker terminated.
   * Their events since their last flush (up to 200 ms) are lost and cannot be counted.
   */
  streamsCutOff?: number;
  /** What the recorder thinned to keep a long or busy run's trace small (tracer/README.md, "Long runs"). */
  thinning?: ThinningReport;
}

/**
 * The recorder's thinning of high-rate events, stated in the trace so that nothing is dropped
 * silently. Counts are wire events (one span each); the per-interval HTTP counters stay exact.
 */
export interface ThinningReport {
  policy: {
    /**
     * Per thread and kind, a budget of `burst` spans that refills at `perSecond` (trace time): a
     * span is kept while the budget lasts, so a short run keeps every span and a long one grows
     * by at most `perSecond` spans per second per thread and kind.
     */
    burst: number;
    perSecond: number;
    /** Slow or failed spans have their own budget on top (same rule). */
    outlierBurst: number;
    outlierPerSecond: number;
    /** A span this long (ms) or longer, or one that failed, is an outlier (GC: `gcOutlierMs`). */
    outlierMs: number;
    gcOutlierMs: number;
    /** Width (ms) of the bins of the `spans thinned by the recorder` counter. */
    binMs: number;
    /** Once the trace holds this many bytes of high-rate events, no more spans are kept (blocks, counters and rare events still are). */
    capBytes: number;
    /**
     * A thread's counters (loop, HTTP statistics, worker messages) are written as sent for its first
     * `counterFullResolutionMs`, then merged into bins of `counterBinMs`: counts summed, delays,
     * HTTP p99/max and memory as the bin's maximum, utilisation averaged, HTTP p50 averaged by count.
     */
    counterFullResolutionMs: number;
    counterBinMs: number;
  };
  /** Counter events (wire) received, and written after binning. */
  counters: { received: number; written: number };
  /** Per kind (`http server`, `http client`, `net`, `gc`, `measure`, `mark`): events received, kept and thinned. */
  kinds: Record<string, { received: number; kept: number; thinned: number }>;
  /** Trace time (ms) at which the size cap was reached; absent when it was not. */
  capReachedAtMs?: number;
  /** Spans not kept because of the cap (part of `thinned`). */
  thinnedByCap: number;
  /** The recorder's spill file could not be written (e.g. a full disk): the events went on in its memory. */
  spillError?: string;
}

export interface TraceFile {
  traceEvents: TraceEvent[];
  displayTimeUnit?: "ms" | "ns";
  metadata?: { loopscope?: RunMetadata } & Record<string, unknown>;
}

// ---- added with the tracer (issue 4) ----

/**
 * Counter track names the recorder writes (ph C). Each arg of a counter event is one series.
 * Worker threads get the same names with ` (worker <threadId>)` appended, because Chrome/Perfetto
 * key counters by process and name.
 */
/**
 * In a process's `process_labels`: the process only launches the program (npm, tsx, nodemon, ...).
 * The timeline lists such processes after the others and shows them folded.
 */
export const LAUNCHER_LABEL = "launcher";
/** Whether `process_labels` marks a launcher ("node v20.1.0, launcher (npm)"). */
export function isLauncherLabel(labels: string | undefined): boolean {
  return labels !== undefined && labels.split(", ").some(part => part.startsWith(`${LAUNCHER_LABEL} (`));
}
/** In a thread's name: a thread Node started for itself (the module loader's hooks thread). */
export const INTERNAL_THREAD_LABEL = "(internal to Node)";

export const COUNTERS = {
  /** args: p50, p99, max (ms) over the last interval, from monitorEventLoopDelay. */
  delay: "event loop delay (ms)",
  /** args: utilization (percent of the interval the loop was busy). */
  utilization: "event loop utilization (%)",
  /** args: heapUsed, heapTotal, rss (MB; rss only for main threads). */
  memory: "memory (MB)",
  /** args: handles, requests (the tracer's own excluded). */
  resources: "active resources",
  /** Per interval: requests, errors (5xx or failed), notDrawn (above the span budget), p50, p99, max (ms). */
  httpServer: "http server requests",
  httpClient: "http client requests",
  /** Prefix; full name `worker messages <threadId>`. args: toWorker, fromWorker (count), toWorkerKB, fromWorkerKB. */
  workerMessages: "worker messages",
  /** Prefix; full name `pool: <libuv thread pool | http.Agent host | workers file>`. args: active, queued (the interval's worst sample), size. */
  pool: "pool:",
  /** Per window of the recorder's thinning, the spans it did not keep, one series per kind (ThinningReport). */
  thinned: "spans thinned by the recorder",
} as const;

/** Args of the process-lifetime / thread-lifetime span (ph X, cat loopscope.worker or loopscope.child) on a traced lane. */
export interface LaneArgs {
  pid: number;
  threadId: number;
  role: "main" | "worker";
  argv?: string[];
  nodeVersion?: string;
  /** False when the stream ended without the tracer's final batch (killed, or worker terminated). */
  complete: boolean;
}

/** Args of a child-process span (async b/e, cat loopscope.child) in the parent's lane. */
export interface ChildArgs {
  childPid?: number;
  file: string;
  args: string[];
  exitCode?: number | null;
  signal?: string | null;
  error?: string;
  /** Where the program started the child. */
  source?: SourceLocation;
  /** True when the child loaded the tracer and has its own process in the trace. */
  traced: boolean;
}

/** Args of a worker span (async b/e, cat loopscope.worker) in the creating thread's lane. */
export interface WorkerArgs {
  threadId: number;
  file: string;
  exitCode?: number;
  error?: string;
  source?: SourceLocation;
}

/** What `loopscope run` prints at the end, also stored in the trace's metadata. */
export interface RunSummaryBlock {
  pid: number;
  threadId: number;
  /** ms since trace start. */
  startMs: number;
  durationMs: number;
  source?: SourceLocation;
  /** Before the loop's first turn: loading and running the entry module. */
  startup?: boolean;
  /** Never reported by its thread: still running when the thread or the run ended. */
  ongoing?: boolean;
  /** No stack, and for most of the block no thread of the process got CPU: not the program's doing. */
  noCpu?: boolean;
  /** In a process that only launches the program (`npm`, `tsx`, ...): its name. */
  launcher?: string;
  /** In a thread Node started for itself (the module loader's hooks thread). */
  internalThread?: boolean;
  /** The HTTP request it ran for (`METHOD url`), when its samples read one (`BlockArgs.request`). */
  request?: string;
}

export interface RunSummary {
  blocks: number;
  blocksTotalMs: number;
  /** Worst first, at most 10. */
  worstBlocks: RunSummaryBlock[];
  /** Highest per-interval p99 event-loop delay of any main thread, ms. */
  delayP99Ms: number;
  processes: number;
  workers: number;
  children: number;
  /** Lines the recorder refused (bad token, malformed). */
  rejected: number;
  /** Tracer-internal errors swallowed in the program, summed. */
  tracerErrors: number;
  /** The first tracer error's message and place, when there was one. */
  firstTracerError?: string;
}

/** Optional extra fields in RunMetadata.summary. */
export interface RunMetadataWithSummary extends RunMetadata {
  summary?: RunSummary;
}

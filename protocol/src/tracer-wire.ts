// Tracer → recorder wire format: NDJSON over a local socket, one message per line.
// Every thread (main thread, each worker, the tracer's own watchdog) opens its own connection and
// first sends `hello` with the run's token; after that each line is one `WireEvent`.
// Times are absolute microseconds on the machine's monotonic clock (`process.hrtime`), which every
// process of one run shares, so the recorder can place events of many processes on one axis.
// `parseWireMessage` is the recorder's boundary check: anything that does not match is rejected.

export const WIRE_VERSION = 1;

/** A stack frame as the tracer sees it: generated positions, 1-based line and column. */
export interface WireFrame {
  fn: string;
  /** Path or URL (`file:///...`, `node:internal/...`). */
  file: string;
  line: number;
  col: number;
}

export interface HelloMessage {
  t: "hello";
  v: number;
  token: string;
  pid: number;
  ppid: number;
  /** `worker_threads.threadId`: 0 on the main thread. */
  tid: number;
  /** "main" for a process's main thread, "worker" for a user worker, "watchdog" for the tracer's own helper. */
  role: "main" | "worker" | "watchdog";
  argv: string[];
  execPath: string;
  nodeVersion: string;
  /** Worker name or file for workers. */
  threadName?: string;
  /** µs when the tracer started in this thread. */
  ts: number;
  blockThresholdMs: number;
}

interface EventBase {
  /** Per-connection sequence number, 0, 1, 2, ...: a gap means lines were lost. */
  seq: number;
  ts: number;
}

/** The event loop of this thread did not turn for `dur` µs (≥ threshold). */
export interface BlockEvent extends EventBase {
  t: "block";
  dur: number;
  /** The block ran into the thread's exit (found by the exit hook, not a heartbeat). */
  inExit?: boolean;
  /** The block came before the loop's first turn: loading and running the entry module. */
  startup?: boolean;
}
/** The HTTP server request a sampled task ran for, read from its async context inside the task. */
export interface WireRequestContext {
  method: string;
  /** As the client asked for it (express's `originalUrl`), at most 300 characters. */
  url: string;
  /** The framework's route pattern when it told us (express `req.route`, fastify's channel). */
  route?: string;
  /** µs: the request's start, the same time as its `http` event's `ts`. */
  start: number;
  /** Its response had been sent already. */
  afterResponse?: boolean;
}

/** A stack of the main thread captured by the watchdog while that thread was blocked. */
export interface StackSampleEvent extends EventBase {
  t: "sample";
  forTid: number;
  stack: WireFrame[];
  /** µs from the watchdog's request to its answer: an upper bound of what the sample cost the blocked thread. */
  roundTrip?: number;
  /** µs: the thread's last heartbeat, i.e. when its loop last turned (the same for every sample of one stall). */
  since?: number;
  /** The thread was sleeping in Atomics.wait (e.g. a pool worker between tasks): not busy. */
  waiting?: boolean;
  /** The HTTP server request the sampled task ran for, when its async context told. */
  ctx?: WireRequestContext;
}
/**
 * Sent by the watchdog: its own timer fired `dur` µs late, so for that long no thread of this
 * process got CPU (the process was stopped, or the machine or its cgroup starved it). With
 * `forTid`: that thread's loop did not turn from `ts` for `dur` µs, but for `waited` µs of it
 * the thread was runnable and waiting for a CPU (Linux schedstat), so little that the watchdog
 * did not take it for a block and did not sample it.
 */
export interface StarvedEvent extends EventBase {
  t: "starved";
  dur: number;
  forTid?: number;
  waited?: number;
}
/** Sent by the watchdog: the loop of thread `forTid` turned again after a sampled stall that began at `since` (µs). */
export interface TurnedEvent extends EventBase {
  t: "turned";
  forTid: number;
  since: number;
}
/** Per-interval loop metrics of this thread. Delay in ms (from monitorEventLoopDelay), elu 0..1. */
export interface LoopEvent extends EventBase {
  t: "loop";
  delayP50: number;
  delayP99: number;
  delayMax: number;
  elu: number;
  heapUsed: number;
  heapTotal: number;
  /** Process-wide; only sent by main threads. */
  rss?: number;
  handles: number;
  requests: number;
}
export interface GcEvent extends EventBase {
  t: "gc";
  dur: number;
  kind: string;
}
export interface HttpEvent extends EventBase {
  t: "http";
  dur: number;
  side: "server" | "client";
  method: string;
  url: string;
  status?: number;
  error?: string;
}
/**
 * Every HTTP request of the last interval, counted and timed, including those not sent as spans
 * (above the per-second span budget, only slow or failed requests are sent one by one).
 * Durations in ms.
 */
export interface HttpStatsEvent extends EventBase {
  t: "httpstats";
  side: "server" | "client";
  count: number;
  errors: number;
  notSent: number;
  p50: number;
  p99: number;
  max: number;
}
export interface NetEvent extends EventBase {
  t: "net";
  dur: number;
  op: "dns" | "connect";
  host: string;
  port?: number;
  error?: string;
}
export interface MarkEvent extends EventBase {
  t: "mark";
  name: string;
}
export interface MeasureEvent extends EventBase {
  t: "measure";
  dur: number;
  name: string;
}
export interface WorkerLifecycleEvent extends EventBase {
  t: "worker";
  phase: "created" | "online" | "exit" | "error";
  /** threadId of the worker. */
  worker: number;
  file?: string;
  code?: number;
  error?: string;
  /** Where `new Worker` was called. */
  site?: WireFrame;
}
/** Messages posted during the last interval: by the main thread to `peer` (a worker), or by a worker to its parent (`peer` -1). */
export interface WorkerMessagesEvent extends EventBase {
  t: "wmsg";
  peer: number;
  count: number;
  bytes: number;
}
export interface ChildLifecycleEvent extends EventBase {
  t: "child";
  phase: "spawn" | "exit" | "error";
  /** OS pid of the child (absent when spawning failed). */
  child?: number;
  /** Key linking spawn/exit/error of one child within this stream. */
  key: number;
  file?: string;
  args?: string[];
  code?: number | null;
  signal?: string | null;
  error?: string;
  site?: WireFrame;
}
/** An exception nobody caught reached this thread (seen through 'uncaughtExceptionMonitor', which changes nothing). */
export interface UncaughtEvent extends EventBase {
  t: "uncaught";
  message: string;
  origin: string;
  site?: WireFrame;
}
/**
 * A pool's saturation over the last interval (worst of its samples): work running (`active`) and
 * work waiting for it (`queued`). libuv's thread pool (`name` "thread pool"), an http.Agent's
 * sockets per host (`name` host:port), or the workers this thread created from one file (`name` the file).
 */
export interface PoolEvent extends EventBase {
  t: "pool";
  kind: "libuv" | "agent" | "workers";
  name: string;
  active: number;
  queued: number;
  /** Threads, sockets per host (maxSockets, when finite) or live workers. */
  size?: number;
}
/** The tracer's own counters, sent periodically and in the last batch. */
export interface TracerStatsEvent extends EventBase {
  t: "stats";
  /** Events dropped so far (buffer full or recorder unreachable). */
  dropped: number;
  /** Internal errors swallowed so far (the user's program never sees them). */
  errors: number;
  /** What the first of those errors was (message and where), so it can be reported and fixed. */
  firstError?: string;
  /** True in the final batch written at exit. */
  final?: boolean;
}

export type WireEvent =
  | BlockEvent
  | StackSampleEvent
  | StarvedEvent
  | TurnedEvent
  | LoopEvent
  | GcEvent
  | HttpEvent
  | HttpStatsEvent
  | NetEvent
  | MarkEvent
  | MeasureEvent
  | WorkerLifecycleEvent
  | WorkerMessagesEvent
  | ChildLifecycleEvent
  | UncaughtEvent
  | PoolEvent
  | TracerStatsEvent;

export type WireMessage = HelloMessage | WireEvent;

/** Events without the fields the transport adds. */
export type WireEventInput = WireEvent extends infer E ? (E extends WireEvent ? Omit<E, "seq"> : never) : never;

// ---- validation (recorder boundary) ----

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const num = (o: Obj, k: string) => typeof o[k] === "number" && Number.isFinite(o[k]);
const optNum = (o: Obj, k: string) => o[k] === undefined || num(o, k);
const str = (o: Obj, k: string) => typeof o[k] === "string";
const optStr = (o: Obj, k: string) => o[k] === undefined || str(o, k);
const optNumOrNull = (o: Obj, k: string) => o[k] === undefined || o[k] === null || num(o, k);
const optStrOrNull = (o: Obj, k: string) => o[k] === undefined || o[k] === null || str(o, k);

export function isWireFrame(v: unknown): v is WireFrame {
  return isObj(v) && str(v, "fn") && str(v, "file") && num(v, "line") && num(v, "col");
}
const optFrame = (o: Obj, k: string) => o[k] === undefined || isWireFrame(o[k]);

export function isWireRequestContext(v: unknown): v is WireRequestContext {
  return (
    isObj(v) &&
    str(v, "method") &&
    str(v, "url") &&
    optStr(v, "route") &&
    num(v, "start") &&
    (v.afterResponse === undefined || typeof v.afterResponse === "boolean")
  );
}

const eventChecks: Record<WireEvent["t"], (o: Obj) => boolean> = {
  block: o => num(o, "dur") && (o.inExit === undefined || typeof o.inExit === "boolean") && (o.startup === undefined || typeof o.startup === "boolean"),
  sample: o =>
    num(o, "forTid") &&
    Array.isArray(o.stack) &&
    o.stack.every(isWireFrame) &&
    optNum(o, "roundTrip") &&
    optNum(o, "since") &&
    (o.waiting === undefined || typeof o.waiting === "boolean") &&
    (o.ctx === undefined || isWireRequestContext(o.ctx)),
  starved: o => num(o, "dur") && (o.dur as number) >= 0 && optNum(o, "forTid") && optNum(o, "waited") && !((o.waited as number) < 0),
  turned: o => num(o, "forTid") && num(o, "since"),
  loop: o => ["delayP50", "delayP99", "delayMax", "elu", "heapUsed", "heapTotal", "handles", "requests"].every(k => num(o, k)) && optNum(o, "rss"),
  gc: o => num(o, "dur") && str(o, "kind"),
  http: o => num(o, "dur") && (o.side === "server" || o.side === "client") && str(o, "method") && str(o, "url") && optNum(o, "status") && optStr(o, "error"),
  httpstats: o => (o.side === "server" || o.side === "client") && ["count", "errors", "notSent", "p50", "p99", "max"].every(k => num(o, k)),
  net: o => num(o, "dur") && (o.op === "dns" || o.op === "connect") && str(o, "host") && optNum(o, "port") && optStr(o, "error"),
  mark: o => str(o, "name"),
  measure: o => num(o, "dur") && str(o, "name"),
  worker: o =>
    ["created", "online", "exit", "error"].includes(o.phase as string) &&
    num(o, "worker") &&
    optStr(o, "file") &&
    optNum(o, "code") &&
    optStr(o, "error") &&
    optFrame(o, "site"),
  wmsg: o => num(o, "peer") && num(o, "count") && num(o, "bytes"),
  child: o =>
    ["spawn", "exit", "error"].includes(o.phase as string) &&
    num(o, "key") &&
    optNum(o, "child") &&
    optStr(o, "file") &&
    (o.args === undefined || (Array.isArray(o.args) && o.args.every(a => typeof a === "string"))) &&
    optNumOrNull(o, "code") &&
    optStrOrNull(o, "signal") &&
    optStr(o, "error") &&
    optFrame(o, "site"),
  uncaught: o => str(o, "message") && str(o, "origin") && optFrame(o, "site"),
  pool: o => (o.kind === "libuv" || o.kind === "agent" || o.kind === "workers") && str(o, "name") && num(o, "active") && num(o, "queued") && optNum(o, "size"),
  stats: o => num(o, "dropped") && num(o, "errors") && optStr(o, "firstError") && (o.final === undefined || typeof o.final === "boolean"),
};

/** Checks one decoded line. Returns the message when its shape is right, otherwise undefined. */
export function parseWireMessage(value: unknown): WireMessage | undefined {
  if (!isObj(value) || typeof value.t !== "string") return undefined;
  if (value.t === "hello") {
    const ok =
      num(value, "v") &&
      str(value, "token") &&
      num(value, "pid") &&
      num(value, "ppid") &&
      num(value, "tid") &&
      (value.role === "main" || value.role === "worker" || value.role === "watchdog") &&
      Array.isArray(value.argv) &&
      value.argv.every(a => typeof a === "string") &&
      str(value, "execPath") &&
      str(value, "nodeVersion") &&
      optStr(value, "threadName") &&
      num(value, "ts") &&
      num(value, "blockThresholdMs");
    return ok ? (value as unknown as HelloMessage) : undefined;
  }
  const check = eventChecks[value.t as WireEvent["t"]];
  if (!check || !num(value, "seq") || !num(value, "ts")) return undefined;
  return check(value) ? (value as unknown as WireEvent) : undefined;
}

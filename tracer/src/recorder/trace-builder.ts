// Turns the tracer streams of one run into a Chrome Trace Event Format file.
//
// Layout: one trace process per OS process (pid), one thread per JS thread (tid = pid for a main
// thread, the worker's threadId for workers). Blocks and GC are complete events (X) on the thread;
// things that overlap freely (HTTP requests, DNS/connects, measures, worker and child lifetimes)
// are async spans (b/e with ids); metrics are counters (C); flows (s/f) link the place a worker or
// child was started to the first slice of its own lane. Loopscope's details live under `args`.

import type { WireEvent, WireFrame, HelloMessage } from "../../../protocol/src/tracer-wire";
import type {
  TraceEvent, TraceFile, SourceLocation, RunMetadata, RunSummary, RunSummaryBlock, BlockArgs, HttpArgs, ChildArgs, WorkerArgs, LaneArgs,
} from "../../../protocol/src/trace";
import { COUNTERS } from "../../../protocol/src/trace";
import { nestCompleteEvents } from "./nesting";
import { chooseStack, userFrame, shortFile, processLabel } from "./stacks";
import type { SourceMapper } from "./source-maps";

export interface StreamInfo {
  key: string;
  hello: HelloMessage;
  lastSeq: number;
  /** Lines missing by sequence number. */
  gaps: number;
  dropped: number;
  errors: number;
  complete: boolean;
  lastTs: number;
  closed: boolean;
}

interface Pending<T> { stream: StreamInfo; event: T }

interface Site { pid: number; tid: number; ts: number; flowId: string }

/**
 * What one `build` hands to the next when a run is built in small batches (the live view,
 * client/src/timeline/liveFeed.ts): span ids, the worker and child spans still open, where each
 * worker and child was started and which lanes already have their flow arrow, and what is known
 * of each process and thread, so that a span opened in one batch is closed in a later one and
 * names only ever improve. The trace file is built in one go, with a fresh one.
 */
export class BuildCarry {
  nextId = 1;
  /** Every thread lane seen so far (watchdogs are not lanes), by stream key, in the order they were seen. */
  readonly lanes = new Map<string, HelloMessage>();
  readonly processOrder = new Map<number, number>();
  readonly mainByPid = new Map<number, HelloMessage>();
  /** `${pid}:${threadId}` → the worker's file. */
  readonly workerFiles = new Map<string, string>();
  /** Child pid → where it was spawned. */
  readonly spawnSites = new Map<number, Site>();
  /** `${pid}:${threadId}` → where the worker was created. */
  readonly workerSites = new Map<string, Site>();
  readonly openChildren = new Map<string, { b: TraceEvent; args: ChildArgs }>();
  readonly openWorkers = new Map<string, { args: WorkerArgs; pid: number; tid: number; spanId: string }>();
  /** Stream keys whose lane got its flow arrow. */
  readonly flowed = new Set<string>();
}

const round = (us: number) => Math.round(us * 1000) / 1000;
/** Samples this close to a block's end are taken as "after the blocking call". */
const LATE_SAMPLE_US = 3000;

export class TraceBuilder {
  private readonly streams = new Map<string, StreamInfo>();
  private readonly events: Array<Pending<WireEvent>> = [];
  received = 0;
  rejected = 0;

  constructor(readonly originUs: number, readonly blockThresholdMs: number) {}

  /** A new connection said hello. Returns its stream. */
  open(key: string, hello: HelloMessage): StreamInfo {
    const stream: StreamInfo = { key, hello, lastSeq: -1, gaps: 0, dropped: 0, errors: 0, complete: false, lastTs: hello.ts, closed: false };
    this.streams.set(key, stream);
    return stream;
  }

  add(stream: StreamInfo, event: WireEvent): void {
    this.received++;
    if (event.seq > stream.lastSeq + 1) stream.gaps += event.seq - stream.lastSeq - 1;
    stream.lastSeq = Math.max(stream.lastSeq, event.seq);
    stream.lastTs = Math.max(stream.lastTs, event.ts + ("dur" in event ? event.dur : 0));
    if (event.t === "stats") {
      stream.dropped = Math.max(stream.dropped, event.dropped);
      stream.errors = Math.max(stream.errors, event.errors);
      if (event.final) stream.complete = true;
      return;
    }
    this.events.push({ stream, event });
  }

  close(stream: StreamInfo): void {
    stream.closed = true;
  }

  get openStreams(): number {
    let n = 0;
    for (const s of this.streams.values()) if (!s.closed) n++;
    return n;
  }

  get dropped(): number {
    let n = 0;
    for (const s of this.streams.values()) n += s.dropped + s.gaps;
    return n;
  }

  /**
   * The trace of everything added, as of `endUs` (spans still open end there, marked unfinished).
   * With `carry`, the events added here continue those of earlier builds given the same carry
   * (live batches); without, they are the whole run.
   */
  build(run: Omit<RunMetadata, "eventsReceived" | "eventsDropped" | "dropsByStream" | "blockThresholdMs">, endUs: number, mapper: SourceMapper, carry = new BuildCarry()): { trace: TraceFile; summary: RunSummary } {
    const out: TraceEvent[] = [];
    const ts = (us: number) => round(Math.max(0, us - this.originUs));
    const endTs = ts(endUs);
    const laneTid = (pid: number, threadId: number) => (threadId === 0 ? pid : threadId);
    const loc = (f: WireFrame | undefined): SourceLocation | undefined => (f ? mapper.map(f) : undefined);
    const id = (prefix: string) => `${prefix}${carry.nextId++}`;

    // ---- processes and threads ----
    const lanes = [...this.streams.values()].filter(s => s.hello.role !== "watchdog").sort((a, b) => a.hello.ts - b.hello.ts);
    const { processOrder, mainByPid, workerFiles } = carry;
    for (const s of lanes) {
      carry.lanes.set(s.key, s.hello);
      if (!processOrder.has(s.hello.pid)) processOrder.set(s.hello.pid, processOrder.size);
      if (s.hello.role === "main") mainByPid.set(s.hello.pid, s.hello);
    }
    for (const { stream, event } of this.events) {
      if (event.t === "worker" && event.phase === "created" && event.file) workerFiles.set(`${stream.hello.pid}:${event.worker}`, event.file);
    }
    for (const [pid, order] of processOrder) {
      const main = mainByPid.get(pid);
      const argv = main?.argv ?? [];
      const name = `${processLabel(argv)} [${pid}]`;
      out.push({ ph: "M", name: "process_name", ts: 0, pid, tid: pid, args: { name } });
      out.push({ ph: "M", name: "process_sort_index", ts: 0, pid, tid: pid, args: { sort_index: order } });
      if (main) out.push({ ph: "M", name: "process_labels", ts: 0, pid, tid: pid, args: { labels: `node ${main.nodeVersion}` } });
    }
    for (const hello of carry.lanes.values()) {
      const { pid, tid: threadId, role } = hello;
      const tid = laneTid(pid, threadId);
      const file = workerFiles.get(`${pid}:${threadId}`);
      const name = role === "main" ? "main thread" : `worker ${threadId}${file ? ` ${shortFile(file)}` : ""}`;
      out.push({ ph: "M", name: "thread_name", ts: 0, pid, tid, args: { name } });
      out.push({ ph: "M", name: "thread_sort_index", ts: 0, pid, tid, args: { sort_index: threadId } });
    }
    for (const s of lanes) {
      const { pid, tid: threadId, role } = s.hello;
      const tid = laneTid(pid, threadId);
      const laneArgs: LaneArgs = { pid, threadId, role: role === "main" ? "main" : "worker", argv: s.hello.argv, nodeVersion: s.hello.nodeVersion, complete: s.complete };
      const start = ts(s.hello.ts);
      const end = Math.max(start, s.closed || s.complete ? ts(s.lastTs) : endTs);
      out.push({ ph: "X", cat: role === "main" ? "loopscope.child" : "loopscope.worker", name: role === "main" ? "process" : "thread", ts: start, dur: round(end - start), pid, tid, args: { ...laneArgs } });
      if (!s.complete) {
        out.push({ ph: "i", s: "t", cat: "loopscope.tracer", name: "stream ended without the tracer's final batch", ts: end, pid, tid, args: { lastSeq: s.lastSeq } });
      }
      if (s.dropped || s.gaps) {
        out.push({ ph: "i", s: "t", cat: "loopscope.tracer", name: `tracer dropped ${s.dropped + s.gaps} events`, ts: end, pid, tid, args: { dropped: s.dropped, lost: s.gaps } });
      }
    }

    // ---- stack samples (from watchdogs), per pid, sorted ----
    const samplesByThread = new Map<string, Array<{ ts: number; stack: WireFrame[]; roundTrip?: number }>>(); // pid:threadId
    for (const { stream, event } of this.events) {
      if (event.t !== "sample") continue;
      const key = `${stream.hello.pid}:${event.forTid}`;
      const list = samplesByThread.get(key) ?? [];
      list.push({ ts: event.ts, stack: event.stack, ...(event.roundTrip !== undefined ? { roundTrip: event.roundTrip } : {}) });
      samplesByThread.set(key, list);
    }
    for (const list of samplesByThread.values()) list.sort((a, b) => a.ts - b.ts);

    // ---- events ----
    const blocks: RunSummaryBlock[] = [];
    let delayP99Ms = 0;
    let workers = 0;
    let children = 0;
    const { spawnSites, workerSites, openChildren, openWorkers } = carry;
    const tracedPids = new Set(mainByPid.keys());
    const suffix = (threadId: number) => (threadId === 0 ? "" : ` (worker ${threadId})`);

    // Streams arrive interleaved and each flushes on its own schedule: process in time order.
    const ordered = [...this.events].sort((a, b) => a.event.ts - b.event.ts);
    for (const { stream, event } of ordered) {
      const pid = stream.hello.pid;
      const threadId = stream.hello.tid;
      const tid = laneTid(pid, threadId);
      switch (event.t) {
        case "block": {
          const samples = (samplesByThread.get(`${pid}:${threadId}`) ?? []).filter(s => s.ts >= event.ts && s.ts <= event.ts + event.dur);
          // A sample taken in the block's last moments most likely ran after the blocking call had
          // returned (a native call can't be interrupted): use the others when there are any.
          const early = samples.filter(s => s.ts < event.ts + event.dur - LATE_SAMPLE_US);
          const chosen = chooseStack((early.length ? early : samples).map(s => s.stack));
          const stack = chosen?.map(f => mapper.map(f));
          const source = stack ? userFrame(stack) : undefined;
          const args: BlockArgs & Record<string, unknown> = { thresholdMs: this.blockThresholdMs, durationMs: round(event.dur / 1e3), samples: samples.length, ...(samples.length ? { sampleRoundTripMs: round(median(samples.map(x => x.roundTrip ?? 0)) / 1e3) } : {}), ...(source ? { source } : {}), ...(stack ? { stack } : {}), ...(event.inExit ? { inExit: true } : {}), ...(event.startup ? { startup: true } : {}) };
          const where = source ? ` ${source.functionName || "(anonymous)"} ${shortFile(source.file)}:${source.line}` : "";
          out.push({ ph: "X", cat: "loopscope.block", name: `${event.startup ? "startup " : ""}block ${Math.round(event.dur / 1e3)} ms${where}`, ts: ts(event.ts), dur: round(event.dur), pid, tid, args });
          blocks.push({ pid, threadId, startMs: round(ts(event.ts) / 1e3), durationMs: round(event.dur / 1e3), ...(source ? { source } : {}), ...(event.startup ? { startup: true } : {}) });
          break;
        }
        case "loop": {
          const sfx = suffix(threadId);
          const t = ts(event.ts);
          out.push({ ph: "C", name: COUNTERS.delay + sfx, ts: t, pid, tid, args: { p50: round(event.delayP50), p99: round(event.delayP99), max: round(event.delayMax) } });
          out.push({ ph: "C", name: COUNTERS.utilization + sfx, ts: t, pid, tid, args: { utilization: Math.round(event.elu * 1000) / 10 } });
          const mb = (n: number) => Math.round(n / 1e4) / 100;
          out.push({ ph: "C", name: COUNTERS.memory + sfx, ts: t, pid, tid, args: { heapUsed: mb(event.heapUsed), heapTotal: mb(event.heapTotal), ...(event.rss !== undefined ? { rss: mb(event.rss) } : {}) } });
          out.push({ ph: "C", name: COUNTERS.resources + sfx, ts: t, pid, tid, args: { handles: event.handles, requests: event.requests } });
          if (threadId === 0) delayP99Ms = Math.max(delayP99Ms, event.delayP99);
          break;
        }
        case "gc":
          out.push({ ph: "X", cat: "loopscope.gc", name: `GC ${event.kind}`, ts: ts(event.ts), dur: round(event.dur), pid, tid, args: { kind: event.kind } });
          break;
        case "http": {
          const args: HttpArgs & Record<string, unknown> = { side: event.side, method: event.method, url: event.url, ...(event.status !== undefined ? { status: event.status } : {}), ...(event.error ? { error: event.error } : {}), durationMs: round(event.dur / 1e3) };
          pushSpan(out, "loopscope.http", `${event.side === "server" ? "⇦" : "⇨"} ${event.method} ${event.url}`, id("http"), pid, tid, ts(event.ts), ts(event.ts + event.dur), args);
          break;
        }
        case "httpstats": {
          const name = (event.side === "server" ? COUNTERS.httpServer : COUNTERS.httpClient) + suffix(threadId);
          out.push({ ph: "C", name, ts: ts(event.ts), pid, tid, args: { requests: event.count, errors: event.errors, notDrawn: event.notSent, p50: round(event.p50), p99: round(event.p99), max: round(event.max) } });
          break;
        }
        case "net": {
          const name = event.op === "dns" ? `dns ${event.host}` : `connect ${event.host}${event.port !== undefined ? `:${event.port}` : ""}`;
          pushSpan(out, "loopscope.net", name, id("net"), pid, tid, ts(event.ts), ts(event.ts + event.dur), { op: event.op, host: event.host, ...(event.port !== undefined ? { port: event.port } : {}) });
          break;
        }
        case "mark":
          out.push({ ph: "i", s: "t", cat: "loopscope.user", name: event.name, ts: ts(event.ts), pid, tid });
          break;
        case "measure":
          pushSpan(out, "loopscope.user", event.name, id("measure"), pid, tid, ts(event.ts), ts(event.ts + event.dur), { durationMs: round(event.dur / 1e3) });
          break;
        case "worker": {
          const key = `${pid}:${event.worker}`;
          if (event.phase === "created") {
            workers++;
            const flowId = id("flow");
            const t = ts(event.ts);
            const site = loc(event.site);
            out.push({ ph: "X", cat: "loopscope.worker", name: `new Worker ${event.file ?? ""}`, ts: t, dur: 1, pid, tid, args: { threadId: event.worker, ...(site ? { source: site } : {}) } });
            workerSites.set(key, { pid, tid, ts: t, flowId });
            const args: WorkerArgs = { threadId: event.worker, file: event.file ?? "", ...(site ? { source: site } : {}) };
            const spanId = id("worker");
            out.push({ ph: "b", cat: "loopscope.worker", name: `worker ${event.worker}`, id: spanId, ts: t, pid, tid, args: args as unknown as Record<string, unknown> });
            openWorkers.set(key, { args, pid, tid, spanId });
          } else if (event.phase === "exit") {
            const open = openWorkers.get(key);
            if (open) {
              open.args.exitCode = event.code;
              out.push({ ph: "e", cat: "loopscope.worker", name: `worker ${event.worker}`, id: open.spanId, ts: ts(event.ts), pid: open.pid, tid: open.tid, args: { exitCode: event.code } });
              openWorkers.delete(key);
            }
          } else {
            out.push({ ph: "i", s: "t", cat: "loopscope.worker", name: `worker ${event.worker} ${event.phase}`, ts: ts(event.ts), pid, tid, args: event.error ? { error: event.error } : {} });
            const open = openWorkers.get(key);
            if (open && event.error) open.args.error = event.error;
          }
          break;
        }
        case "wmsg": {
          const toWorker = event.peer >= 0;
          const worker = toWorker ? event.peer : threadId;
          const kb = Math.round(event.bytes / 10.24) / 100;
          out.push({ ph: "C", name: `${COUNTERS.workerMessages} ${worker}`, ts: ts(event.ts), pid, tid: pid, args: toWorker ? { toWorker: event.count, toWorkerKB: kb } : { fromWorker: event.count, fromWorkerKB: kb } });
          break;
        }
        case "child": {
          const key = `${pid}:${threadId}:${event.key}`;
          if (event.phase === "spawn") {
            children++;
            const t = ts(event.ts);
            const site = loc(event.site);
            const label = [event.file ?? "", ...(event.args ?? [])].join(" ").slice(0, 120);
            out.push({ ph: "X", cat: "loopscope.child", name: `spawn ${label}`, ts: t, dur: 1, pid, tid, args: { childPid: event.child, ...(site ? { source: site } : {}) } });
            const flowId = id("flow");
            if (event.child) spawnSites.set(event.child, { pid, tid, ts: t, flowId });
            const args: ChildArgs = { ...(event.child ? { childPid: event.child } : {}), file: event.file ?? "", args: event.args ?? [], ...(site ? { source: site } : {}), traced: event.child !== undefined && tracedPids.has(event.child) };
            const b: TraceEvent = { ph: "b", cat: "loopscope.child", name: `child ${event.child ?? "?"} ${label}`, id: id("child"), ts: t, pid, tid, args: args as unknown as Record<string, unknown> };
            out.push(b);
            openChildren.set(key, { b, args });
          } else {
            const open = openChildren.get(key);
            if (event.phase === "error") {
              out.push({ ph: "i", s: "t", cat: "loopscope.child", name: `child error`, ts: ts(event.ts), pid, tid, args: { error: event.error ?? "" } });
              if (open) open.args.error = event.error;
            }
            if (open && (event.phase === "exit" || !event.child)) {
              if (event.phase === "exit") Object.assign(open.args, { exitCode: event.code ?? null, signal: event.signal ?? null });
              const b = open.b as TraceEvent & { id: string };
              out.push({ ph: "e", cat: "loopscope.child", name: b.name, id: b.id, ts: Math.max(b.ts, ts(event.ts)), pid: b.pid, tid: b.tid, args: { exitCode: event.code ?? null, signal: event.signal ?? null, ...(event.error ? { error: event.error } : {}) } });
              openChildren.delete(key);
            }
          }
          break;
        }
        case "uncaught": {
          const source = loc(event.site);
          out.push({ ph: "i", s: "t", cat: "loopscope.error", name: `uncaught: ${event.message}`.slice(0, 160), ts: ts(event.ts), pid, tid, args: { message: event.message, origin: event.origin, ...(source ? { source } : {}) } });
          const open = threadId !== 0 ? openWorkers.get(`${pid}:${threadId}`) : undefined;
          if (open) open.args.error = event.message;
          break;
        }
        case "sample":
        case "stats":
          break;
      }
    }

    // Spans still open when the run ended (a child outliving the run, a terminated worker).
    for (const { b } of openChildren.values()) {
      const open = b as TraceEvent & { id: string };
      out.push({ ph: "e", cat: open.cat ?? "loopscope.child", name: open.name, id: open.id, ts: Math.max(open.ts, endTs), pid: open.pid, tid: open.tid, args: { unfinished: true } });
    }
    for (const [key, w] of openWorkers) {
      out.push({ ph: "e", cat: "loopscope.worker", name: `worker ${key.split(":")[1]}`, id: w.spanId, ts: endTs, pid: w.pid, tid: w.tid, args: { unfinished: true } });
    }

    // ---- flows: start site → the started thread's or process's lane ----
    for (const [key, hello] of carry.lanes) {
      const { pid, tid: threadId, role } = hello;
      const site = role === "main" ? spawnSites.get(pid) : workerSites.get(`${pid}:${threadId}`);
      if (!site || carry.flowed.has(key)) continue;
      carry.flowed.add(key);
      const targetTs = ts(hello.ts);
      out.push({ ph: "s", cat: "loopscope.flow", name: role === "main" ? "spawned" : "started", id: site.flowId, ts: site.ts, pid: site.pid, tid: site.tid });
      out.push({ ph: "f", bp: "e", cat: "loopscope.flow", name: role === "main" ? "spawned" : "started", id: site.flowId, ts: Math.max(targetTs, site.ts), pid, tid: laneTid(pid, threadId) });
    }

    const traceEvents = nestCompleteEvents(out);
    blocks.sort((a, b) => b.durationMs - a.durationMs);
    let tracerErrors = 0;
    const dropsByStream: Record<string, number> = {};
    for (const s of this.streams.values()) {
      tracerErrors += s.errors;
      if (s.dropped + s.gaps) dropsByStream[s.key] = s.dropped + s.gaps;
    }
    const summary: RunSummary = {
      blocks: blocks.length,
      blocksTotalMs: round(blocks.reduce((n, b) => n + b.durationMs, 0)),
      worstBlocks: blocks.slice(0, 10),
      delayP99Ms: round(delayP99Ms),
      processes: processOrder.size,
      workers,
      children,
      rejected: this.rejected,
      tracerErrors,
    };
    const metadata: RunMetadata & { summary: RunSummary } = {
      ...run,
      blockThresholdMs: this.blockThresholdMs,
      eventsReceived: this.received,
      eventsDropped: this.dropped,
      ...(Object.keys(dropsByStream).length ? { dropsByStream } : {}),
      summary,
    };
    return { trace: { traceEvents, displayTimeUnit: "ms", metadata: { loopscope: metadata } }, summary };
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : 0;
}

function pushSpan(out: TraceEvent[], cat: string, name: string, spanId: string, pid: number, tid: number, start: number, end: number, args: Record<string, unknown>): void {
  out.push({ ph: "b", cat, name, id: spanId, ts: start, pid, tid, args });
  out.push({ ph: "e", cat, name, id: spanId, ts: Math.max(start, end), pid, tid });
}

// Turns the tracer streams of one run into a Chrome Trace Event Format file.
//
// Layout: one trace process per OS process (pid), one thread per JS thread (tid = pid for a main
// thread, the worker's threadId for workers). Blocks and GC are complete events (X) on the thread;
// things that overlap freely (HTTP requests, DNS/connects, measures, worker and child lifetimes)
// are async spans (b/e with ids); metrics are counters (C); flows (s/f) link the place a worker or
// child was started to the first slice of its own lane. Loopscope's details live under `args`.

import type { WireEvent, HelloMessage } from "../../../protocol/src/tracer-wire";
import type { CompleteEvent, TraceEvent, TraceFile, RunMetadata, RunSummary, RunSummaryBlock, LaneArgs } from "../../../protocol/src/trace";
import { fitPauseToBlocks, nestCompleteEvents } from "./nesting";
import { shortFile, processLabel } from "./stacks";
import { launcherOf } from "./launchers";
import { INTERNAL_THREAD_LABEL, LAUNCHER_LABEL } from "../../../protocol/src/trace";
import type { SourceMapper } from "./source-maps";
import { BuildCarry } from "./build-carry";
import { convertEvent, round, type ConvertContext, type EventPlace, type StackSample, type StarvedSpan } from "./event-converters";
import { unreportedBlocks } from "./stalls";
import { Thinner, thinKind, type ThinningPolicy } from "./thinning";
import { ARROW_ESCAPE_EXTRA, httpSpanLines } from "./http-span-lines";
import { Spill } from "./spill";
import { CounterBinner, isBinnedCounter } from "./counter-bins";

export { BuildCarry } from "./build-carry";

export interface StreamInfo {
  key: string;
  hello: HelloMessage;
  lastSeq: number;
  /** Lines missing by sequence number. */
  gaps: number;
  dropped: number;
  errors: number;
  firstError?: string;
  complete: boolean;
  lastTs: number;
  closed: boolean;
}

interface Pending<T> {
  stream: StreamInfo;
  event: T;
}

/**
 * A long run's trace (tracer/README.md, "Long runs"): high-rate spans thinned by `thinning`, and
 * the events that need nothing from other events (spans, counters, marks) converted on arrival
 * and kept in a spill file under `spillDir` (in memory without one) instead of as wire events.
 */
export interface LongRunOptions {
  thinning: ThinningPolicy;
  spillDir?: string;
}

/**
 * Wire events whose trace events depend on no other event: converted on arrival in a long run.
 * GC pauses only need fitting to their lane's blocks, done as the file is written (`fitPauseToBlocks`).
 */
const SPILLED = new Set<WireEvent["t"]>(["http", "httpstats", "net", "measure", "mark", "loop", "wmsg", "gc", "pool"]);

type RunFields = Omit<RunMetadata, "eventsReceived" | "eventsDropped" | "dropsByStream" | "blockThresholdMs" | "thinning">;

/** Sort indexes from here on are for what is not the program: launchers and Node's own threads. */
const launcherSortBase = 1000;

export class TraceBuilder {
  private readonly streams = new Map<string, StreamInfo>();
  private readonly events: Array<Pending<WireEvent>> = [];
  received = 0;
  rejected = 0;
  private readonly thinner?: Thinner;
  private readonly spill?: Spill;
  private readonly spillCtx?: ConvertContext;
  private readonly binner?: CounterBinner<EventPlace>;

  constructor(
    readonly originUs: number,
    readonly blockThresholdMs: number,
    longRun?: LongRunOptions,
  ) {
    if (!longRun) return;
    const spill = new Spill(longRun.spillDir);
    const ts = (us: number) => round(Math.max(0, us - originUs));
    const thinner = new Thinner(longRun.thinning, ts, event => spill.append(event));
    let nextId = 1;
    this.spill = spill;
    this.thinner = thinner;
    this.binner = new CounterBinner({ fullResolutionMs: longRun.thinning.counterFullResolutionMs, binMs: longRun.thinning.counterBinMs });
    this.spillCtx = {
      out: [],
      carry: new BuildCarry(),
      mapper: undefined as never,
      blockThresholdMs,
      tracedPids: new Set(),
      samples: new Map(),
      starved: new Map(),
      ts,
      // Distinct from the ids of `build` ("http12"): both end up in one file.
      id: prefix => `${prefix}-${nextId++}`,
      tally: { blocks: [], delayP99Ms: 0, workers: 0, children: 0 },
    };
  }

  /** Bytes of high-rate events held for the trace (the spill), when this is a long run's builder. */
  get spilledBytes(): number {
    return this.spill?.bytes ?? 0;
  }

  /** Closes the spill file (its dir is the recorder's, removed with it). */
  dispose(): void {
    this.spill?.close();
  }

  /** A new connection said hello. Returns its stream. */
  open(key: string, hello: HelloMessage): StreamInfo {
    const stream: StreamInfo = { key, hello, lastSeq: -1, gaps: 0, dropped: 0, errors: 0, complete: false, lastTs: hello.ts, closed: false };
    this.streams.set(key, stream);
    return stream;
  }

  /**
   * Adds a stream's event. Returns the stream's events the trace keeps for it, for live views to
   * show what the trace will: the event itself; nothing when a long run's thinning did not keep it
   * or it is a counter merged into a bin still open; the bins it closed (a long run's counters
   * after the first hour).
   */
  add(stream: StreamInfo, event: WireEvent): readonly WireEvent[] {
    this.received++;
    if (event.seq > stream.lastSeq + 1) stream.gaps += event.seq - stream.lastSeq - 1;
    stream.lastSeq = Math.max(stream.lastSeq, event.seq);
    stream.lastTs = Math.max(stream.lastTs, event.ts + ("dur" in event ? event.dur : 0));
    if (event.t === "stats") {
      stream.dropped = Math.max(stream.dropped, event.dropped);
      stream.errors = Math.max(stream.errors, event.errors);
      if (event.firstError !== undefined) stream.firstError ??= event.firstError;
      if (event.final) stream.complete = true;
      return [event];
    }
    if (this.thinner) {
      const { pid, tid: threadId } = stream.hello;
      const place = { pid, threadId, tid: laneTid(pid, threadId) };
      const kind = thinKind(event);
      if (kind && !this.thinner.keep(stream.key, place, kind, event, this.thinner.capReachedAtMs !== undefined)) return [];
      if (isBinnedCounter(event)) {
        const written = this.binner!.offer(stream.key, place, event);
        for (const binned of written) this.spillEvent(binned.event, binned.place);
        // Copies: a bin's event is the one later samples merge into until it closes.
        return written.map(binned => ({ ...binned.event }));
      }
      if (SPILLED.has(event.t)) {
        this.spillEvent(event, place);
        return [event];
      }
    }
    this.events.push({ stream, event });
    return [event];
  }

  /** A long run's bins still open (thinned spans, binned counters): in this build, left open for later events. */
  private openBins(out: TraceEvent[]): void {
    if (!this.thinner || !this.binner || !this.spillCtx) return;
    out.push(...this.thinner.openBins());
    const ctx = this.spillCtx;
    for (const { event, place } of this.binner.openBins()) convertEvent(ctx, event, place);
    out.push(...ctx.out);
    ctx.out.length = 0;
  }

  private spillEvent(event: WireEvent, place: EventPlace): void {
    const ctx = this.spillCtx!,
      spill = this.spill!,
      thinner = this.thinner!;
    if (event.t === "http") {
      // The highest-rate event, written without the converter's objects (http-span-lines.ts).
      for (const line of httpSpanLines(ctx, event, place)) spill.appendJson(line, ARROW_ESCAPE_EXTRA);
    } else {
      convertEvent(ctx, event, place);
      for (const e of ctx.out) spill.append(e);
      ctx.out.length = 0;
    }
    if (thinner.capReachedAtMs === undefined && spill.bytes >= thinner.policy.capBytes) thinner.capReachedAtMs = round(ctx.ts(event.ts) / 1e3);
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
  build(run: RunFields, endUs: number, mapper: SourceMapper, batchCarry?: BuildCarry): { trace: TraceFile; summary: RunSummary } {
    const built = this.buildParts(run, endUs, mapper, batchCarry);
    if (this.spill) built.trace.traceEvents = nestCompleteEvents([...built.trace.traceEvents, ...this.spill.readAll()]);
    return built;
  }

  /**
   * As `build` for the whole run, but a long run's spilled events are not read back: `spilled`
   * gives them as chunks of JSON lines for the writer to copy (write-trace.ts), so writing an
   * 8-hour trace never holds it in memory.
   */
  buildForFile(run: RunFields, endUs: number, mapper: SourceMapper): { trace: TraceFile; summary: RunSummary; spilled?: () => Iterable<string> } {
    const built = this.buildParts(run, endUs, mapper);
    const spill = this.spill;
    if (!spill) return built;
    const blocksByLane = new Map<string, CompleteEvent[]>();
    for (const e of built.trace.traceEvents) {
      if (e.ph !== "X" || e.cat !== "loopscope.block") continue;
      const lane = blocksByLane.get(`${e.pid}:${e.tid}`) ?? [];
      lane.push(e);
      blocksByLane.set(`${e.pid}:${e.tid}`, lane);
    }
    for (const lane of blocksByLane.values()) lane.sort((a, b) => a.ts - b.ts);
    return { ...built, spilled: () => fitPauses(spill.chunks(), blocksByLane) };
  }

  private buildParts(run: RunFields, endUs: number, mapper: SourceMapper, batchCarry?: BuildCarry): { trace: TraceFile; summary: RunSummary } {
    // Stalls no thread reported are only known once the run is whole (their samples span batches).
    const whole = batchCarry === undefined;
    const carry = batchCarry ?? new BuildCarry();
    const out: TraceEvent[] = [];
    const ts = (us: number) => round(Math.max(0, us - this.originUs));
    const endTs = ts(endUs);
    this.laneEvents(out, carry, ts, endTs, whole);
    this.openBins(out);
    const ctx: ConvertContext = {
      out,
      carry,
      mapper,
      blockThresholdMs: this.blockThresholdMs,
      tracedPids: new Set(carry.mainByPid.keys()),
      samples: this.stackSamples(),
      starved: this.starvation(),
      ts,
      id: prefix => `${prefix}${carry.nextId++}`,
      tally: { blocks: [], delayP99Ms: 0, workers: 0, children: 0 },
    };
    // Streams arrive interleaved and each flushes on its own schedule: process in time order.
    const ordered = [...this.events, ...(whole ? this.unreportedBlocks(endUs) : [])].sort((a, b) => a.event.ts - b.event.ts);
    for (const { stream, event } of ordered) {
      const { pid, tid: threadId } = stream.hello;
      convertEvent(ctx, event, { pid, threadId, tid: laneTid(pid, threadId) });
    }
    closeOpenSpans(out, carry, endTs);
    flowArrows(out, carry, ts);
    return this.finish(run, nestCompleteEvents(out), ctx.tally, carry);
  }

  /** Process and thread names and order, one span per lane, and the lane's own warnings. */
  private laneEvents(out: TraceEvent[], carry: BuildCarry, ts: (us: number) => number, endTs: number, whole: boolean): void {
    const lanes = [...this.streams.values()].filter(s => s.hello.role !== "watchdog").sort((a, b) => a.hello.ts - b.hello.ts);
    const { processOrder, mainByPid, workerFiles } = carry;
    for (const s of lanes) {
      carry.lanes.set(s.key, s.hello);
      if (!processOrder.has(s.hello.pid)) processOrder.set(s.hello.pid, processOrder.size);
      if (s.hello.role === "main") mainByPid.set(s.hello.pid, s.hello);
    }
    for (const { stream, event } of this.events) {
      if (event.t === "worker" && event.phase === "created") {
        carry.createdWorkers.add(`${stream.hello.pid}:${event.worker}`);
        if (event.file) workerFiles.set(`${stream.hello.pid}:${event.worker}`, event.file);
      }
    }
    for (const [pid, order] of processOrder) {
      const main = mainByPid.get(pid);
      const argv = main?.argv ?? [];
      const name = `${processLabel(argv)} [${pid}]`;
      const launcher = launcherOf(argv);
      // The program first: launchers after every program process, in their own start order.
      out.push({ ph: "M", name: "process_name", ts: 0, pid, tid: pid, args: { name } });
      out.push({ ph: "M", name: "process_sort_index", ts: 0, pid, tid: pid, args: { sort_index: launcher ? launcherSortBase + order : order } });
      if (main)
        out.push({
          ph: "M",
          name: "process_labels",
          ts: 0,
          pid,
          tid: pid,
          args: { labels: `node ${main.nodeVersion}${launcher ? `, ${LAUNCHER_LABEL} (${launcher})` : ""}` },
        });
    }
    for (const hello of carry.lanes.values()) {
      const { pid, tid: threadId, role } = hello;
      const tid = laneTid(pid, threadId);
      const file = workerFiles.get(`${pid}:${threadId}`);
      // Node's own threads (the loader's hooks thread for --import/register) are listed last.
      const internal = role !== "main" && whole && carry.isInternalThread(pid, threadId);
      const name = role === "main" ? "main thread" : `worker ${threadId}${file ? ` ${shortFile(file)}` : internal ? ` ${INTERNAL_THREAD_LABEL}` : ""}`;
      out.push({ ph: "M", name: "thread_name", ts: 0, pid, tid, args: { name } });
      out.push({ ph: "M", name: "thread_sort_index", ts: 0, pid, tid, args: { sort_index: internal ? launcherSortBase + threadId : threadId } });
    }
    for (const s of lanes) {
      const { pid, tid: threadId, role } = s.hello;
      const tid = laneTid(pid, threadId);
      const laneArgs: LaneArgs = {
        pid,
        threadId,
        role: role === "main" ? "main" : "worker",
        argv: s.hello.argv,
        nodeVersion: s.hello.nodeVersion,
        complete: s.complete,
      };
      const start = ts(s.hello.ts);
      const end = Math.max(start, s.closed || s.complete ? ts(s.lastTs) : endTs);
      out.push({
        ph: "X",
        cat: role === "main" ? "loopscope.child" : "loopscope.worker",
        name: role === "main" ? "process" : "thread",
        ts: start,
        dur: round(end - start),
        pid,
        tid,
        args: { ...laneArgs },
      });
      if (!s.complete) {
        out.push({
          ph: "i",
          s: "t",
          cat: "loopscope.tracer",
          name: "stream ended without the tracer's final batch",
          ts: end,
          pid,
          tid,
          args: { lastSeq: s.lastSeq },
        });
      }
      if (s.dropped || s.gaps) {
        out.push({
          ph: "i",
          s: "t",
          cat: "loopscope.tracer",
          name: `tracer dropped ${s.dropped + s.gaps} events`,
          ts: end,
          pid,
          tid,
          args: { dropped: s.dropped, lost: s.gaps },
        });
      }
    }
  }

  /** Blocks made from the samples of stalls their thread never reported (see stalls.ts). */
  private unreportedBlocks(endUs: number): Array<Pending<WireEvent>> {
    const out: Array<Pending<WireEvent>> = [];
    const samples = this.stackSamples();
    const exits = new Map<string, number>();
    const turned = new Map<string, number[]>();
    for (const { stream, event } of this.events) {
      if (event.t === "worker" && event.phase === "exit") exits.set(`${stream.hello.pid}:${event.worker}`, event.ts);
      if (event.t === "turned") {
        const key = `${stream.hello.pid}:${event.forTid}`;
        turned.set(key, [...(turned.get(key) ?? []), event.since]);
      }
    }
    for (const stream of this.streams.values()) {
      const { pid, tid: threadId, role } = stream.hello;
      const threadSamples = role === "watchdog" ? undefined : samples.get(`${pid}:${threadId}`);
      if (!threadSamples?.length) continue;
      const mine = this.events.filter(p => p.stream === stream).map(p => p.event);
      const endedAt = exits.get(`${pid}:${threadId}`);
      const blocks = unreportedBlocks(
        {
          threadId,
          samples: threadSamples,
          reported: mine.filter(e => e.t === "block").map(e => e.ts),
          turned: turned.get(`${pid}:${threadId}`) ?? [],
          alive: mine
            .filter(e => e.t === "loop")
            .map(e => e.ts)
            .sort((a, b) => a - b),
          ...(endedAt !== undefined ? { endedAt } : {}),
        },
        endUs,
        this.blockThresholdMs,
      );
      for (const block of blocks) out.push({ stream, event: { ...block, seq: -1 } as WireEvent });
    }
    return out;
  }

  /** Per pid, when its watchdog found that no thread of the process had CPU, or that one thread waited for it. */
  private starvation(): Map<number, StarvedSpan[]> {
    const byPid = new Map<number, StarvedSpan[]>();
    for (const { stream, event } of this.events) {
      if (event.t !== "starved") continue;
      const list = byPid.get(stream.hello.pid) ?? [];
      const thread = event.forTid !== undefined ? { forTid: event.forTid, waited: Math.min(event.dur, event.waited ?? 0) } : {};
      list.push({ ts: event.ts, end: event.ts + event.dur, ...thread });
      byPid.set(stream.hello.pid, list);
    }
    return byPid;
  }

  /** The watchdogs' stack samples per `${pid}:${threadId}` of the thread they sampled, in time order. */
  private stackSamples(): Map<string, StackSample[]> {
    const byThread = new Map<string, StackSample[]>();
    for (const { stream, event } of this.events) {
      if (event.t !== "sample") continue;
      const key = `${stream.hello.pid}:${event.forTid}`;
      const list = byThread.get(key) ?? [];
      list.push({
        ts: event.ts,
        stack: event.stack,
        ...(event.roundTrip !== undefined ? { roundTrip: event.roundTrip } : {}),
        ...(event.since !== undefined ? { since: event.since } : {}),
        ...(event.waiting ? { waiting: true } : {}),
        ...(event.ctx ? { ctx: event.ctx } : {}),
      });
      byThread.set(key, list);
    }
    for (const list of byThread.values()) list.sort((a, b) => a.ts - b.ts);
    return byThread;
  }

  private finish(run: RunFields, traceEvents: TraceEvent[], tally: ConvertContext["tally"], carry: BuildCarry): { trace: TraceFile; summary: RunSummary } {
    for (const b of tally.blocks) {
      const launcher = launcherOf(carry.mainByPid.get(b.pid)?.argv ?? []);
      if (launcher) b.launcher = launcher;
      if (carry.isInternalThread(b.pid, b.threadId)) b.internalThread = true;
    }
    // The program's blocks first: a launcher's start-up is not what the user asked about.
    const tool = (b: RunSummaryBlock) => (b.launcher || b.internalThread ? 1 : 0);
    const blocks = [...tally.blocks].sort((a, b) => tool(a) - tool(b) || b.durationMs - a.durationMs);
    let tracerErrors = 0;
    let firstTracerError: string | undefined;
    const dropsByStream: Record<string, number> = {};
    let streamsCutOff = 0;
    for (const s of this.streams.values()) {
      if (!s.complete && s.hello.role !== "watchdog") streamsCutOff++;
      tracerErrors += s.errors;
      if (s.firstError !== undefined)
        firstTracerError ??= `${s.firstError} [pid ${s.hello.pid}${s.hello.role === "main" ? "" : ` ${s.hello.role} ${s.hello.tid}`}]`;
      if (s.dropped + s.gaps) dropsByStream[s.key] = s.dropped + s.gaps;
    }
    const summary: RunSummary = {
      blocks: blocks.length,
      blocksTotalMs: round(blocks.reduce((n, b) => n + b.durationMs, 0)),
      worstBlocks: blocks.slice(0, 10),
      delayP99Ms: round(Math.max(tally.delayP99Ms, this.spillCtx?.tally.delayP99Ms ?? 0)),
      processes: carry.processOrder.size,
      workers: tally.workers,
      children: tally.children,
      rejected: this.rejected,
      tracerErrors,
      ...(firstTracerError !== undefined ? { firstTracerError } : {}),
    };
    const metadata: RunMetadata & { summary: RunSummary } = {
      ...run,
      blockThresholdMs: this.blockThresholdMs,
      eventsReceived: this.received,
      eventsDropped: this.dropped,
      ...(Object.keys(dropsByStream).length ? { dropsByStream } : {}),
      ...(streamsCutOff ? { streamsCutOff } : {}),
      ...(this.thinner
        ? {
            thinning: {
              ...this.thinner.report({ received: this.binner!.received, written: this.binner!.written + this.binner!.openCount }),
              ...(this.spill?.failed !== undefined ? { spillError: this.spill.failed } : {}),
            },
          }
        : {}),
      summary,
    };
    return { trace: { traceEvents, displayTimeUnit: "ms", metadata: { loopscope: metadata } }, summary };
  }
}

const laneTid = (pid: number, threadId: number) => (threadId === 0 ? pid : threadId);

/** The spilled lines, with each GC pause fitted to its lane's blocks (the rest copied as they are). */
function* fitPauses(chunks: Iterable<string>, blocksByLane: ReadonlyMap<string, CompleteEvent[]>): Generator<string> {
  for (const chunk of chunks) {
    if (!chunk.includes('"loopscope.gc"')) {
      yield chunk;
      continue;
    }
    yield chunk
      .split("\n")
      .map(line => {
        if (!line.includes('"cat":"loopscope.gc"')) return line;
        const pause = JSON.parse(line) as CompleteEvent;
        const blocks = blocksByLane.get(`${pause.pid}:${pause.tid}`);
        if (!blocks) return line;
        fitPauseToBlocks(pause, blocks);
        return JSON.stringify(pause);
      })
      .join("\n");
  }
}

/** Spans still open when the run ended (a child outliving the run, a terminated worker). */
function closeOpenSpans(out: TraceEvent[], carry: BuildCarry, endTs: number): void {
  for (const { b } of carry.openChildren.values()) {
    const open = b as TraceEvent & { id: string };
    out.push({
      ph: "e",
      cat: open.cat ?? "loopscope.child",
      name: open.name,
      id: open.id,
      ts: Math.max(open.ts, endTs),
      pid: open.pid,
      tid: open.tid,
      args: { unfinished: true },
    });
  }
  for (const [key, w] of carry.openWorkers) {
    out.push({
      ph: "e",
      cat: "loopscope.worker",
      name: `worker ${key.split(":")[1]}`,
      id: w.spanId,
      ts: endTs,
      pid: w.pid,
      tid: w.tid,
      args: { unfinished: true },
    });
  }
}

/** Flows from where a worker or child was started to the first slice of its own lane. */
function flowArrows(out: TraceEvent[], carry: BuildCarry, ts: (us: number) => number): void {
  for (const [key, hello] of carry.lanes) {
    const { pid, tid: threadId, role } = hello;
    const site = role === "main" ? carry.spawnSites.get(pid) : carry.workerSites.get(`${pid}:${threadId}`);
    if (!site || carry.flowed.has(key)) continue;
    carry.flowed.add(key);
    const targetTs = ts(hello.ts);
    out.push({ ph: "s", cat: "loopscope.flow", name: role === "main" ? "spawned" : "started", id: site.flowId, ts: site.ts, pid: site.pid, tid: site.tid });
    out.push({
      ph: "f",
      bp: "e",
      cat: "loopscope.flow",
      name: role === "main" ? "spawned" : "started",
      id: site.flowId,
      ts: Math.max(targetTs, site.ts),
      pid,
      tid: laneTid(pid, threadId),
    });
  }
}

// One converter per wire event type: how a tracer event becomes Chrome trace events. The table's
// type maps every `WireEvent["t"]` to its converter, so a new wire event type that passes
// validation (protocol/src/tracer-wire.ts `eventChecks`) cannot silently never reach the trace:
// the compiler asks for its converter.

import type { WireEvent, WireFrame, WireRequestContext } from "../../../protocol/src/tracer-wire";
import type { BlockArgs, BlockRequest, ChildArgs, HttpArgs, RunSummaryBlock, SourceLocation, TraceEvent, WorkerArgs } from "../../../protocol/src/trace";
import { COUNTERS } from "../../../protocol/src/trace";
import type { BuildCarry } from "./build-carry";
import type { SourceMapper } from "./source-maps";
import { callTree } from "./call-tree";
import { chooseStack, hotspots, shortFile, userFrame, type WeightedStack } from "./stacks";
import type { OngoingEnd, RecorderBlock } from "./stalls";

export const round = (us: number) => Math.round(us * 1000) / 1000;
/**
 * A complete slice's duration as the difference of its rounded start and end: rounding the
 * duration on its own could end a slice 1 ns after the slice it nests in (both ending at the
 * same moment), which viewers draw as an overlap.
 */
export const durationBetween = (ctx: Pick<ConvertContext, "ts">, startUs: number, durUs: number) => round(ctx.ts(startUs + durUs) - ctx.ts(startUs));
const ONGOING_LABEL: Record<OngoingEnd, string> = {
  "thread ended": "still running when the thread ended",
  "run ended": "still running when the run ended",
  waited: "between Atomics.wait calls: the loop never turned",
};
/** Samples this close to a block's end are taken as "after the blocking call". */
const LATE_SAMPLE_US = 3000;

export interface StackSample {
  ts: number;
  stack: WireFrame[];
  roundTrip?: number;
  since?: number;
  waiting?: boolean;
  ctx?: WireRequestContext;
}

/** The lane an event belongs to: its process, its JS thread (0 = main) and the trace's tid for it. */
export interface EventPlace {
  pid: number;
  threadId: number;
  tid: number;
}

/** What converters share during one build. */
export interface ConvertContext {
  readonly out: TraceEvent[];
  readonly carry: BuildCarry;
  readonly mapper: SourceMapper;
  readonly blockThresholdMs: number;
  /** Pids of processes that run a tracer (their children's spans say "traced"). */
  readonly tracedPids: ReadonlySet<number>;
  /** Stack samples per `${pid}:${threadId}`, in time order. */
  readonly samples: ReadonlyMap<string, StackSample[]>;
  /** Per pid, the times (µs) no thread of that process got CPU (its watchdog's timer lateness) or one thread waited for it. */
  readonly starved: ReadonlyMap<number, ReadonlyArray<StarvedSpan>>;
  /** Recorder clock (µs) → trace time (µs since the run's origin). */
  ts(us: number): number;
  /** A fresh span or flow id. */
  id(prefix: string): string;
  /** What the summary counts. */
  readonly tally: { blocks: RunSummaryBlock[]; delayP99Ms: number; workers: number; children: number };
}

/**
 * A time no thread of the process got CPU (`forTid` absent), or one during which the loop of
 * thread `forTid` did not turn while the thread waited `waited` µs for a CPU.
 */
export interface StarvedSpan {
  ts: number;
  end: number;
  forTid?: number;
  waited?: number;
}

type Converter<K extends WireEvent["t"]> = (ctx: ConvertContext, event: Extract<WireEvent, { t: K }>, at: EventPlace) => void;

const loc = (ctx: ConvertContext, f: WireFrame | undefined): SourceLocation | undefined => (f ? ctx.mapper.map(f) : undefined);
const suffix = (threadId: number) => (threadId === 0 ? "" : ` (worker ${threadId})`);

function pushSpan(
  out: TraceEvent[],
  cat: string,
  name: string,
  spanId: string,
  at: EventPlace,
  start: number,
  end: number,
  args: Record<string, unknown>,
): void {
  out.push({ ph: "b", cat, name, id: spanId, ts: start, pid: at.pid, tid: at.tid, args });
  out.push({ ph: "e", cat, name, id: spanId, ts: Math.max(start, end), pid: at.pid, tid: at.tid });
}

/**
 * Each sample stands for the time until the next one (the watchdog samples more sparsely as a
 * block goes on); the last one for as long as the one before it, at most until the block's end.
 */
function weighSamples(samples: StackSample[], end: number): WeightedStack[] {
  return samples.map((s, i) => {
    const next = samples[i + 1];
    const gap = next ? next.ts - s.ts : Math.min(Math.max(0, end - s.ts), i > 0 ? s.ts - samples[i - 1]!.ts : Infinity);
    return { stack: s.stack, us: Number.isFinite(gap) ? Math.max(0, gap) : 0 };
  });
}

/** The request most of the block's sampled time ran for (samples weighted as for the call tree). */
function blockRequest(ctx: ConvertContext, samples: StackSample[], weighted: WeightedStack[]): BlockRequest | undefined {
  const byRequest = new Map<number, { context: WireRequestContext; us: number }>();
  // `weighted` was made from `samples`, one for one.
  for (let i = 0; i < weighted.length; i++) {
    const context = samples[i]?.ctx;
    if (!context) continue;
    const entry = byRequest.get(context.start) ?? { context, us: 0 };
    entry.us += weighted[i]!.us;
    byRequest.set(context.start, entry);
  }
  if (!byRequest.size) return undefined;
  const best = [...byRequest.values()].sort((a, b) => b.us - a.us)[0]!;
  const { context } = best;
  return {
    method: context.method,
    url: context.url,
    ...(context.route ? { route: context.route } : {}),
    startTs: ctx.ts(context.start),
    ...(context.afterResponse ? { afterResponse: true } : {}),
    sampledMs: round(best.us / 1e3),
    ...(byRequest.size > 1 ? { others: byRequest.size - 1 } : {}),
  };
}

/**
 * µs of [start, end) during which no thread of the process got CPU (`processUs`), and (spans of
 * `threadId`) that thread waited for one (`threadUs`: a thread's wait is spread over its span in proportion).
 */
function noCpuOverlap(spans: ReadonlyArray<StarvedSpan>, threadId: number, start: number, end: number): { processUs: number; threadUs: number } {
  let processUs = 0;
  let threadUs = 0;
  for (const s of spans) {
    const us = Math.max(0, Math.min(end, s.end) - Math.max(start, s.ts));
    if (s.forTid === undefined) processUs += us;
    else if (s.forTid === threadId && s.end > s.ts) threadUs += ((s.waited ?? 0) * us) / (s.end - s.ts);
  }
  return { processUs, threadUs };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : 0;
}

export const eventConverters: { [K in WireEvent["t"]]: Converter<K> } = {
  block(ctx, wire, at) {
    const { pid, threadId, tid } = at;
    const event = wire as RecorderBlock;
    const end = event.ts + event.dur;
    // A block made from samples (ongoing) is only its busy stretch: the Atomics.wait samples at its edges are not its own.
    const samples = (ctx.samples.get(`${pid}:${threadId}`) ?? []).filter(s => s.ts >= event.ts && s.ts <= end && !(event.ongoing && s.waiting));
    // A sample taken in the block's last moments most likely ran after the blocking call had
    // returned (a native call can't be interrupted): use the others when there are any.
    const early = samples.filter(s => s.ts < end - LATE_SAMPLE_US);
    const weighted = weighSamples(early.length ? early : samples, end);
    const spots = hotspots(weighted);
    const chosen = chooseStack(weighted);
    const stack = chosen?.map(f => ctx.mapper.map(f));
    const source = stack ? userFrame(stack) : undefined;
    const args: BlockArgs & Record<string, unknown> = {
      thresholdMs: ctx.blockThresholdMs,
      durationMs: round(event.dur / 1e3),
      samples: samples.length,
      ...(samples.length ? { sampleRoundTripMs: round(median(samples.map(x => x.roundTrip ?? 0)) / 1e3) } : {}),
      ...(source ? { source } : {}),
      ...(stack ? { stack } : {}),
      ...(event.inExit ? { inExit: true } : {}),
      ...(event.startup ? { startup: true } : {}),
      ...(spots.length > 1
        ? {
            hotspots: spots
              .slice(0, 5)
              .map(h => ({ source: ctx.mapper.map(h.frame), callers: h.path.slice(1, 4).map(f => ctx.mapper.map(f)), sampledMs: round(h.us / 1e3) })),
          }
        : {}),
      ...(event.ongoing ? { ongoing: true, endedBy: event.ongoing } : {}),
    };
    const tree = callTree(weighted, f => ctx.mapper.map(f));
    if (tree) args.callTree = tree;
    const request = blockRequest(ctx, early.length ? early : samples, weighted);
    if (request) args.request = request;
    // No stack, and no CPU for the process during most of the block, or no CPU for the process or
    // the thread waiting for one so long that without it there would have been no block: the
    // machine's doing, not the program's. (A thread's wait is measured, and so is what it ran: a
    // block it ran for the threshold or longer is the program's, however long it also waited.)
    const { processUs, threadUs } = noCpuOverlap(ctx.starved.get(pid) ?? [], threadId, event.ts, end);
    const noCpuUs = Math.max(processUs, threadUs);
    const noCpu = !source && noCpuUs > 0 && (processUs >= event.dur / 2 || event.dur - noCpuUs < ctx.blockThresholdMs * 1e3);
    if (noCpuUs >= ctx.blockThresholdMs * 1e3) args.noCpuMs = round(noCpuUs / 1e3);
    if (noCpu) args.noCpu = true;
    const where = source ? ` ${source.functionName || "(anonymous)"} ${shortFile(source.file)}:${source.line}` : noCpu ? " (the process got no CPU)" : "";
    const label = `${event.startup ? "startup " : ""}block ${Math.round(event.dur / 1e3)} ms${event.ongoing ? ` (${ONGOING_LABEL[event.ongoing]})` : ""}`;
    ctx.out.push({
      ph: "X",
      cat: "loopscope.block",
      name: `${label}${where}`,
      ts: ctx.ts(event.ts),
      dur: durationBetween(ctx, event.ts, event.dur),
      pid,
      tid,
      args,
    });
    ctx.tally.blocks.push({
      pid,
      threadId,
      startMs: round(ctx.ts(event.ts) / 1e3),
      durationMs: round(event.dur / 1e3),
      ...(source ? { source } : {}),
      ...(event.startup ? { startup: true } : {}),
      ...(event.ongoing ? { ongoing: true } : {}),
      ...(noCpu ? { noCpu: true } : {}),
      ...(request ? { request: `${request.method} ${request.url}` } : {}),
    });
  },

  starved(ctx, event, { pid }) {
    if (event.forTid !== undefined) {
      // A thread's loop that was late because it waited for a CPU (see StarvedEvent). Only the
      // main thread is measured (its lane's tid is the pid).
      const waited = Math.min(event.dur, event.waited ?? 0);
      ctx.out.push({
        ph: "i",
        s: "t",
        cat: "loopscope.tracer",
        name: `the process got no CPU: the loop waited ${Math.round(waited / 1e3)} of ${Math.round(event.dur / 1e3)} ms for a CPU`,
        ts: ctx.ts(event.ts),
        pid,
        tid: pid,
        args: { durationMs: round(event.dur / 1e3), waitedMs: round(waited / 1e3) },
      });
      return;
    }
    ctx.out.push({
      ph: "i",
      s: "t",
      cat: "loopscope.tracer",
      name: `the process got no CPU for ${Math.round(event.dur / 1e3)} ms`,
      ts: ctx.ts(event.ts),
      pid,
      tid: pid,
      args: { durationMs: round(event.dur / 1e3) },
    });
  },

  loop(ctx, event, { pid, threadId, tid }) {
    const sfx = suffix(threadId);
    const t = ctx.ts(event.ts);
    const mb = (n: number) => Math.round(n / 1e4) / 100;
    ctx.out.push(
      { ph: "C", name: COUNTERS.delay + sfx, ts: t, pid, tid, args: { p50: round(event.delayP50), p99: round(event.delayP99), max: round(event.delayMax) } },
      { ph: "C", name: COUNTERS.utilization + sfx, ts: t, pid, tid, args: { utilization: Math.round(event.elu * 1000) / 10 } },
      {
        ph: "C",
        name: COUNTERS.memory + sfx,
        ts: t,
        pid,
        tid,
        args: { heapUsed: mb(event.heapUsed), heapTotal: mb(event.heapTotal), ...(event.rss !== undefined ? { rss: mb(event.rss) } : {}) },
      },
      { ph: "C", name: COUNTERS.resources + sfx, ts: t, pid, tid, args: { handles: event.handles, requests: event.requests } },
    );
    if (threadId === 0) ctx.tally.delayP99Ms = Math.max(ctx.tally.delayP99Ms, event.delayP99);
  },

  gc(ctx, event, { pid, tid }) {
    ctx.out.push({
      ph: "X",
      cat: "loopscope.gc",
      name: `GC ${event.kind}`,
      ts: ctx.ts(event.ts),
      dur: durationBetween(ctx, event.ts, event.dur),
      pid,
      tid,
      args: { kind: event.kind },
    });
  },

  http(ctx, event, at) {
    const args: HttpArgs & Record<string, unknown> = {
      side: event.side,
      method: event.method,
      url: event.url,
      ...(event.status !== undefined ? { status: event.status } : {}),
      ...(event.error ? { error: event.error } : {}),
      durationMs: round(event.dur / 1e3),
    };
    pushSpan(
      ctx.out,
      "loopscope.http",
      `${event.side === "server" ? "⇦" : "⇨"} ${event.method} ${event.url}`,
      ctx.id("http"),
      at,
      ctx.ts(event.ts),
      ctx.ts(event.ts + event.dur),
      args,
    );
  },

  pool(ctx, event, { pid, threadId, tid }) {
    const what = event.kind === "libuv" ? "libuv thread pool" : event.kind === "agent" ? `http.Agent ${event.name}` : `workers ${shortFile(event.name)}`;
    ctx.out.push({
      ph: "C",
      name: `${COUNTERS.pool} ${what}${suffix(threadId)}`,
      ts: ctx.ts(event.ts),
      pid,
      tid,
      args: { active: event.active, queued: event.queued, ...(event.size !== undefined ? { size: event.size } : {}) },
    });
  },

  httpstats(ctx, event, { pid, threadId, tid }) {
    const name = (event.side === "server" ? COUNTERS.httpServer : COUNTERS.httpClient) + suffix(threadId);
    ctx.out.push({
      ph: "C",
      name,
      ts: ctx.ts(event.ts),
      pid,
      tid,
      args: { requests: event.count, errors: event.errors, notDrawn: event.notSent, p50: round(event.p50), p99: round(event.p99), max: round(event.max) },
    });
  },

  net(ctx, event, at) {
    const name = event.op === "dns" ? `dns ${event.host}` : `connect ${event.host}${event.port !== undefined ? `:${event.port}` : ""}`;
    pushSpan(ctx.out, "loopscope.net", name, ctx.id("net"), at, ctx.ts(event.ts), ctx.ts(event.ts + event.dur), {
      op: event.op,
      host: event.host,
      ...(event.port !== undefined ? { port: event.port } : {}),
    });
  },

  mark(ctx, event, { pid, tid }) {
    ctx.out.push({ ph: "i", s: "t", cat: "loopscope.user", name: event.name, ts: ctx.ts(event.ts), pid, tid });
  },

  measure(ctx, event, at) {
    pushSpan(ctx.out, "loopscope.user", event.name, ctx.id("measure"), at, ctx.ts(event.ts), ctx.ts(event.ts + event.dur), {
      durationMs: round(event.dur / 1e3),
    });
  },

  worker(ctx, event, { pid, tid }) {
    const { openWorkers, workerSites } = ctx.carry;
    const key = `${pid}:${event.worker}`;
    if (event.phase === "created") {
      ctx.tally.workers++;
      const flowId = ctx.id("flow");
      const t = ctx.ts(event.ts);
      const site = loc(ctx, event.site);
      ctx.out.push({
        ph: "X",
        cat: "loopscope.worker",
        name: `new Worker ${event.file ?? ""}`,
        ts: t,
        dur: 1,
        pid,
        tid,
        args: { threadId: event.worker, ...(site ? { source: site } : {}) },
      });
      workerSites.set(key, { pid, tid, ts: t, flowId });
      const args: WorkerArgs = { threadId: event.worker, file: event.file ?? "", ...(site ? { source: site } : {}) };
      const spanId = ctx.id("worker");
      ctx.out.push({
        ph: "b",
        cat: "loopscope.worker",
        name: `worker ${event.worker}`,
        id: spanId,
        ts: t,
        pid,
        tid,
        args: args as unknown as Record<string, unknown>,
      });
      openWorkers.set(key, { args, pid, tid, spanId });
    } else if (event.phase === "exit") {
      const open = openWorkers.get(key);
      if (open) {
        open.args.exitCode = event.code;
        ctx.out.push({
          ph: "e",
          cat: "loopscope.worker",
          name: `worker ${event.worker}`,
          id: open.spanId,
          ts: ctx.ts(event.ts),
          pid: open.pid,
          tid: open.tid,
          args: { exitCode: event.code },
        });
        openWorkers.delete(key);
      }
    } else {
      ctx.out.push({
        ph: "i",
        s: "t",
        cat: "loopscope.worker",
        name: `worker ${event.worker} ${event.phase}`,
        ts: ctx.ts(event.ts),
        pid,
        tid,
        args: event.error ? { error: event.error } : {},
      });
      const open = openWorkers.get(key);
      if (open && event.error) open.args.error = event.error;
    }
  },

  wmsg(ctx, event, { pid, threadId }) {
    const toWorker = event.peer >= 0;
    const worker = toWorker ? event.peer : threadId;
    const kb = Math.round(event.bytes / 10.24) / 100;
    ctx.out.push({
      ph: "C",
      name: `${COUNTERS.workerMessages} ${worker}`,
      ts: ctx.ts(event.ts),
      pid,
      tid: pid,
      args: toWorker ? { toWorker: event.count, toWorkerKB: kb } : { fromWorker: event.count, fromWorkerKB: kb },
    });
  },

  child(ctx, event, { pid, threadId, tid }) {
    const { openChildren, spawnSites } = ctx.carry;
    const key = `${pid}:${threadId}:${event.key}`;
    if (event.phase === "spawn") {
      ctx.tally.children++;
      const t = ctx.ts(event.ts);
      const site = loc(ctx, event.site);
      const label = [event.file ?? "", ...(event.args ?? [])].join(" ").slice(0, 120);
      ctx.out.push({
        ph: "X",
        cat: "loopscope.child",
        name: `spawn ${label}`,
        ts: t,
        dur: 1,
        pid,
        tid,
        args: { childPid: event.child, ...(site ? { source: site } : {}) },
      });
      const flowId = ctx.id("flow");
      if (event.child) spawnSites.set(event.child, { pid, tid, ts: t, flowId });
      const args: ChildArgs = {
        ...(event.child ? { childPid: event.child } : {}),
        file: event.file ?? "",
        args: event.args ?? [],
        ...(site ? { source: site } : {}),
        traced: event.child !== undefined && ctx.tracedPids.has(event.child),
      };
      const b: TraceEvent = {
        ph: "b",
        cat: "loopscope.child",
        name: `child ${event.child ?? "?"} ${label}`,
        id: ctx.id("child"),
        ts: t,
        pid,
        tid,
        args: args as unknown as Record<string, unknown>,
      };
      ctx.out.push(b);
      openChildren.set(key, { b, args });
      return;
    }
    const open = openChildren.get(key);
    if (event.phase === "error") {
      ctx.out.push({ ph: "i", s: "t", cat: "loopscope.child", name: `child error`, ts: ctx.ts(event.ts), pid, tid, args: { error: event.error ?? "" } });
      if (open) open.args.error = event.error;
    }
    if (open && (event.phase === "exit" || !event.child)) {
      if (event.phase === "exit") Object.assign(open.args, { exitCode: event.code ?? null, signal: event.signal ?? null });
      const b = open.b as TraceEvent & { id: string };
      ctx.out.push({
        ph: "e",
        cat: "loopscope.child",
        name: b.name,
        id: b.id,
        ts: Math.max(b.ts, ctx.ts(event.ts)),
        pid: b.pid,
        tid: b.tid,
        args: { exitCode: event.code ?? null, signal: event.signal ?? null, ...(event.error ? { error: event.error } : {}) },
      });
      openChildren.delete(key);
    }
  },

  uncaught(ctx, event, { pid, threadId, tid }) {
    const source = loc(ctx, event.site);
    ctx.out.push({
      ph: "i",
      s: "t",
      cat: "loopscope.error",
      name: `uncaught: ${event.message}`.slice(0, 160),
      ts: ctx.ts(event.ts),
      pid,
      tid,
      args: { message: event.message, origin: event.origin, ...(source ? { source } : {}) },
    });
    const open = threadId !== 0 ? ctx.carry.openWorkers.get(`${pid}:${threadId}`) : undefined;
    if (open) open.args.error = event.message;
  },

  // Samples are read by the blocks they fall in, `turned` by stalls.ts; stats update the stream's loss accounting.
  sample() {},
  turned() {},
  stats() {},
};

export function convertEvent(ctx: ConvertContext, event: WireEvent, at: EventPlace): void {
  (eventConverters[event.t] as Converter<WireEvent["t"]>)(ctx, event as never, at);
}

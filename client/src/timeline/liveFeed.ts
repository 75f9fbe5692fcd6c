// Turns the recorder's stream events into Chrome trace events while the program runs, for the
// panel's live mode (liveView.ts keeps them and the model they make). It reuses the recorder's own TraceBuilder on each small batch, so a live
// block, request or counter looks exactly like the one in the trace file written at the end.
//
// Batches continue each other through one BuildCarry: a worker or child span opened in one batch
// (`b`) is closed in the batch that has its exit (`e`, with the exit code), names learnt once stay,
// and the flow arrow to a new lane is drawn once both ends are known. A thread's or process's
// lane-long slice starts (`b`) as soon as its tracer says hello, before it sends anything else,
// and ends (`e`) when its connection closes; until then the timeline draws these spans as ongoing.
// End-of-stream markers are left to the final trace (the panel loads it when the run ends); drops
// are reported live through `liveDrops`. No vscode import: tested under Node.

import { BuildCarry, TraceBuilder, type StreamInfo } from "../../../tracer/src/recorder/trace-builder";
import type { SourceMapper } from "../../../tracer/src/recorder/source-maps";
import type { WireEvent } from "../../../protocol/src/tracer-wire";
import type { TraceEvent } from "../../../protocol/src/trace";

/**
 * Events are held this long after they arrive before they are converted: a block's stack samples
 * come from the watchdog thread's own connection, flushed every 100 ms, and may arrive after the
 * block itself.
 */
export const DEFAULT_LAG_MS = 400;
/** Samples are kept this long (by their own time) for blocks that arrive after them. */
const SAMPLE_WINDOW_US = 60_000_000;

/** What arrived from the recorder: an event, or a connection that opened (hello) or closed. */
type Received = { kind: "event"; stream: StreamInfo; event: WireEvent; at: number } | { kind: "open" | "close"; stream: StreamInfo; at: number };
type ReceivedEvent = Extract<Received, { kind: "event" }>;
/** A lane-long slice sent as `b`, waiting for its stream to close. */
interface OpenLane {
  cat: string;
  name: string;
  id: string;
  ts: number;
  pid: number;
  tid: number;
}

export interface LiveDrops {
  total: number;
  byStream: Record<string, number>;
}

export class LiveFeed {
  private pending: Received[] = [];
  private samples: ReceivedEvent[] = [];
  private readonly carry = new BuildCarry();
  /** Lane slices sent, by `pid:tid` of the lane (undefined once ended). */
  private readonly lanes = new Map<string, OpenLane | undefined>();
  /** Metadata events already sent, by what they describe → their JSON (sent again only when changed). */
  private readonly sentMeta = new Map<string, string>();
  /** Every stream seen, for its drop counts (the recorder's: thinning skips sequence numbers, drops are the stream's gaps). */
  private readonly streams = new Map<string, StreamInfo>();

  constructor(
    private readonly originUs: number,
    private readonly blockThresholdMs: number,
    private readonly mapper: SourceMapper,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The recorder's `onEvent`. */
  add(stream: StreamInfo, event: WireEvent): void {
    this.streams.set(stream.key, stream);
    if (event.t === "stats") return;
    this.pending.push({ kind: "event", stream, event, at: this.now() });
  }

  /** The recorder's `onHello`: a thread's tracer connected; its lane starts now. */
  open(stream: StreamInfo): void {
    this.streams.set(stream.key, stream);
    if (stream.hello.role !== "watchdog") this.pending.push({ kind: "open", stream, at: this.now() });
  }

  /** The recorder's `onClose`: a thread's connection ended; its lane ends at its last event. */
  close(stream: StreamInfo): void {
    if (stream.hello.role !== "watchdog") this.pending.push({ kind: "close", stream, at: this.now() });
  }

  /** Drops so far (never silent): what the tracers reported plus sequence gaps (the recorder's counts), by `pid:threadId`. */
  liveDrops(): LiveDrops {
    const byStream: Record<string, number> = {};
    let total = 0;
    for (const s of this.streams.values()) {
      const n = s.dropped + s.gaps;
      if (!n) continue;
      // Reported under pid:threadId, the panel's naming of lanes.
      const lane = `${s.hello.pid}:${s.hello.tid}`;
      byStream[lane] = (byStream[lane] ?? 0) + n;
      total += n;
    }
    return { total, byStream };
  }

  /** Trace events for what arrived at least `lagMs` ago (everything with `lagMs` 0). */
  take(lagMs = DEFAULT_LAG_MS): TraceEvent[] {
    const cutoff = this.now() - lagMs;
    let n = 0;
    while (n < this.pending.length && this.pending[n]!.at <= cutoff) n++;
    if (!n) return [];
    const ready = this.pending.slice(0, n);
    this.pending = this.pending.slice(n);

    const builder = new TraceBuilder(this.originUs, this.blockThresholdMs);
    const streams = new Map<string, StreamInfo>();
    const streamFor = (s: StreamInfo) => {
      let local = streams.get(s.key);
      if (!local) {
        local = builder.open(s.key, s.hello);
        streams.set(s.key, local);
      }
      return local;
    };
    let latestTs = -Infinity;
    for (const r of ready) {
      if (r.kind !== "event") continue;
      if (r.event.t === "sample") this.samples.push(r);
      else latestTs = Math.max(latestTs, r.event.ts);
    }
    // Samples only attach to blocks; they make no events of their own.
    this.samples = this.samples.filter(s => s.event.ts >= latestTs - SAMPLE_WINDOW_US);
    for (const s of this.samples) builder.add(streamFor(s.stream), s.event);
    for (const r of ready) {
      if (r.kind === "open")
        streamFor(r.stream); // a lane without events yet still gets its names and slice
      else if (r.kind === "event" && r.event.t !== "sample") builder.add(streamFor(r.stream), r.event);
    }

    const run = { version: "live", command: [], cwd: "", startedAtEpochMs: 0, durationMs: 0, exitCode: null, signal: null };
    const { trace } = builder.build(run, this.originUs, this.mapper, this.carry);
    const out: TraceEvent[] = [];
    for (const e of trace.traceEvents) {
      if (e.ph === "M") {
        const key = `${e.name}|${e.pid}|${e.tid}`;
        // Names may improve (a worker's file becomes known); sort orders are per batch: keep the first.
        const json = e.name.endsWith("_sort_index") ? "" : JSON.stringify(e);
        if (this.sentMeta.has(key) && (json === "" || this.sentMeta.get(key) === json)) continue;
        this.sentMeta.set(key, json);
        out.push(e);
        continue;
      }
      if (isLaneSlice(e)) {
        // The batch's lane slice ends with the batch; live, it starts once and ends when its stream closes.
        const key = `${e.pid}:${e.tid}`;
        if (this.lanes.has(key)) continue;
        const lane: OpenLane = { cat: e.cat!, name: e.name, id: `lane.${e.pid}.${e.tid}`, ts: e.ts, pid: e.pid, tid: e.tid };
        this.lanes.set(key, lane);
        out.push({ ph: "b", cat: lane.cat, name: lane.name, id: lane.id, ts: lane.ts, pid: lane.pid, tid: lane.tid, args: { ...e.args } });
        continue;
      }
      if (e.cat === "loopscope.tracer") continue;
      // A worker or child still running at the batch's end: a later batch (or the final trace) ends it.
      if (e.ph === "e" && (e.args as { unfinished?: unknown } | undefined)?.unfinished) continue;
      // The builder adds the exit code to an open span's args later: send a copy.
      out.push(e.ph === "b" ? { ...e, args: { ...e.args } } : e);
    }
    for (const r of ready) {
      if (r.kind !== "close") continue;
      const { pid, tid: threadId } = r.stream.hello;
      const key = `${pid}:${threadId === 0 ? pid : threadId}`;
      const lane = this.lanes.get(key);
      if (!lane) continue;
      this.lanes.set(key, undefined);
      const end = Math.max(lane.ts, Math.round(Math.max(0, r.stream.lastTs - this.originUs) * 1000) / 1000);
      out.push({ ph: "e", cat: lane.cat, name: lane.name, id: lane.id, ts: end, pid: lane.pid, tid: lane.tid, args: { complete: r.stream.complete } });
    }
    return out;
  }

  /** Whether events are waiting for `take`. */
  get hasPending(): boolean {
    return this.pending.length > 0;
  }
}

/** The slice spanning a whole process or thread lane (the final trace has the true one). */
function isLaneSlice(e: TraceEvent): boolean {
  return e.ph === "X" && (e.cat === "loopscope.child" || e.cat === "loopscope.worker") && (e.name === "process" || e.name === "thread");
}

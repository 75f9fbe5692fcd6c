// Turns the recorder's stream events into Chrome trace events while the program runs, for the
// panel's live mode. It reuses the recorder's own TraceBuilder on each small batch, so a live
// block, request or counter looks exactly like the one in the trace file written at the end.
//
// What a batch cannot know is left to the final trace (the panel loads it when the run ends):
// lane-long process/thread slices, spans whose start and end fall into different batches
// (worker and child lifetimes), and the end-of-stream markers. No vscode import: tested under Node.

import { TraceBuilder, type StreamInfo } from "../../../tracer/src/recorder/trace-builder";
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

interface Received { stream: StreamInfo; event: WireEvent; at: number }
interface Drops { lane: string; seq: number; gaps: number; dropped: number }

export interface LiveDrops { total: number; byStream: Record<string, number> }

export class LiveFeed {
  private pending: Received[] = [];
  private samples: Received[] = [];
  /** Metadata events already sent, by what they describe → their JSON (sent again only when changed). */
  private readonly sentMeta = new Map<string, string>();
  private readonly drops = new Map<string, Drops>();
  private batch = 0;

  constructor(
    private readonly originUs: number,
    private readonly blockThresholdMs: number,
    private readonly mapper: SourceMapper,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The recorder's `onEvent`. */
  add(stream: StreamInfo, event: WireEvent): void {
    this.countDrops(stream, event);
    if (event.t === "stats") return;
    this.pending.push({ stream, event, at: this.now() });
  }

  /** Drops so far (never silent): what the tracers reported plus sequence gaps, by `pid:threadId`. */
  liveDrops(): LiveDrops {
    const byStream: Record<string, number> = {};
    let total = 0;
    for (const d of this.drops.values()) {
      const n = d.dropped + d.gaps;
      if (!n) continue;
      byStream[d.lane] = (byStream[d.lane] ?? 0) + n;
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
      if (!local) { local = builder.open(s.key, s.hello); streams.set(s.key, local); }
      return local;
    };
    let latestTs = -Infinity;
    for (const r of ready) {
      if (r.event.t === "sample") this.samples.push(r);
      else latestTs = Math.max(latestTs, r.event.ts);
    }
    // Samples only attach to blocks; they make no events of their own.
    this.samples = this.samples.filter(s => s.event.ts >= latestTs - SAMPLE_WINDOW_US);
    for (const s of this.samples) builder.add(streamFor(s.stream), s.event);
    for (const r of ready) if (r.event.t !== "sample") builder.add(streamFor(r.stream), r.event);

    const run = { version: "live", command: [], cwd: "", startedAtEpochMs: 0, durationMs: 0, exitCode: null, signal: null };
    const { trace } = builder.build(run, this.originUs, this.mapper);
    const prefix = `live${++this.batch}.`;
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
      if (isLaneSlice(e) || e.cat === "loopscope.tracer") continue;
      // A worker or child still running at the batch's end: its end comes with the final trace.
      if (e.ph === "e" && (e.args as { unfinished?: unknown } | undefined)?.unfinished) continue;
      // Each batch numbers its spans and flows from 1: keep ids unique across batches.
      out.push("id" in e && typeof e.id === "string" ? { ...e, id: prefix + e.id } : e);
    }
    return out;
  }

  /** Whether events are waiting for `take`. */
  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  private countDrops(stream: StreamInfo, event: WireEvent): void {
    let d = this.drops.get(stream.key);
    // Reported under pid:threadId, the panel's naming of lanes.
    if (!d) { d = { lane: `${stream.hello.pid}:${stream.hello.tid}`, seq: -1, gaps: 0, dropped: 0 }; this.drops.set(stream.key, d); }
    if (event.seq > d.seq + 1) d.gaps += event.seq - d.seq - 1;
    d.seq = Math.max(d.seq, event.seq);
    if (event.t === "stats") d.dropped = Math.max(d.dropped, event.dropped);
  }
}

/** The slice spanning a whole process or thread lane (the final trace has the true one). */
function isLaneSlice(e: TraceEvent): boolean {
  return e.ph === "X" && (e.cat === "loopscope.child" || e.cat === "loopscope.worker") && (e.name === "process" || e.name === "thread");
}

// Which request a block ran for, and which requests it delayed (issue 13, 2.2).
// The cause is what the tracer read from the async context inside the blocked task
// (`args.request`, see tracer/src/sources/request-context.ts). The delayed requests are the HTTP
// server requests of the same thread in flight while the block ran: their handlers could not run,
// so each one's latency grew by the part of the block after it started. Every such request lasts
// at least as long as that overlap, so the tracer's span budget (all requests of 10 ms or more
// are kept) never hides one that a block over the threshold delayed.
import type { BlockRequest } from "../../protocol/src/trace";
import { BLOCK_CLASS } from "./classify";
import type { SpanRow, TimelineModel } from "./timeline-model";

export interface DelayedRequest {
  ref: number;
  /** The span's name ("⇦ GET /path"). */
  name: string;
  /** µs the block added to this request's latency. */
  delayUs: number;
}

export interface BlockRequests {
  /** The request the block ran for, when the tracer read it; `ref` is its span when it was found. */
  cause: (BlockRequest & { ref?: number }) | undefined;
  /** Other server requests of the thread in flight during the block, most delayed first. */
  delayed: DelayedRequest[];
  delayedUs: number;
}

/** Reads `args.request` of a block event; undefined when absent or malformed (a trace is input from anywhere). */
export function blockRequestOf(args: Record<string, unknown> | undefined): BlockRequest | undefined {
  const r = args?.request as Record<string, unknown> | undefined;
  if (!r || typeof r !== "object") return undefined;
  if (typeof r.method !== "string" || typeof r.url !== "string" || typeof r.startTs !== "number" || !Number.isFinite(r.startTs)) return undefined;
  const sampledMs = typeof r.sampledMs === "number" && Number.isFinite(r.sampledMs) ? r.sampledMs : 0;
  return {
    method: r.method,
    url: r.url,
    ...(typeof r.route === "string" && r.route ? { route: r.route } : {}),
    startTs: r.startTs,
    ...(r.afterResponse === true ? { afterResponse: true } : {}),
    sampledMs,
    ...(typeof r.others === "number" && r.others > 0 ? { others: r.others } : {}),
  };
}

function serverRows(model: TimelineModel, pid: number, tid: number): SpanRow[] {
  const thread = model.processes.get(pid)?.threads.get(tid);
  return (thread?.rows ?? []).filter((r): r is SpanRow => r.kind === "spans" && r.category === "http-server");
}

/** The block's cause and the requests it delayed. `start`/`end` in µs (the model's clock). */
export function blockRequests(
  model: TimelineModel,
  pid: number,
  tid: number,
  start: number,
  end: number,
  args: Record<string, unknown> | undefined,
): BlockRequests {
  const request = blockRequestOf(args);
  const cause: BlockRequests["cause"] = request ? { ...request } : undefined;
  const delayed: DelayedRequest[] = [];
  for (const row of serverRows(model, pid, tid)) {
    const store = row.store;
    const [lo, hi] = store.visibleRange(start, end);
    for (let i = lo; i < hi; i++) {
      const s = store.start[i],
        e = store.end[i];
      const overlap = Math.min(end, e) - Math.max(start, s);
      if (!(overlap > 0)) continue;
      const ref = store.ref[i];
      if (cause && Math.abs(s - cause.startTs) < 1) {
        cause.ref = ref;
        continue;
      }
      delayed.push({ ref, name: model.recordName(ref), delayUs: overlap });
    }
  }
  delayed.sort((a, b) => b.delayUs - a.delayUs);
  return { cause, delayed, delayedUs: delayed.reduce((sum, d) => sum + d.delayUs, 0) };
}

/** The route a request is grouped by: the framework's pattern, else the path without its query. */
export function routeKey(request: Pick<BlockRequest, "method" | "url" | "route">): string {
  const path = request.route ?? request.url.split("?")[0]!.split("#")[0]!;
  return `${request.method} ${path}`.trim();
}

export const NO_REQUEST = "(no request context)";

export interface RouteRow {
  /** `METHOD /route`, or NO_REQUEST for blocks whose samples ran for no known request. */
  route: string;
  blocks: number;
  blockedUs: number;
  maxUs: number;
  /** Other requests these blocks delayed, and the latency they added in total. */
  delayedRequests: number;
  delayedUs: number;
}

export interface BlocksByRoute {
  rows: RouteRow[];
  /** Blocks whose details a snapshot-restored model does not have yet (counted nowhere). */
  pending: number;
}

/**
 * A record whose events are already here. A model whose trace the VS Code host keeps asks it for
 * events only as the user looks at them (hover, click): a table must not ask for every block.
 */
function recordIfHere(model: TimelineModel, ref: number) {
  const lazy = model.lazy;
  if (lazy && !lazy.served?.atOnce && !lazy.served?.arrived.has(lazy.begin[ref]!)) return undefined;
  return model.record(ref);
}

/** Blocks that start in [t0, t1] (µs) grouped by the route they ran for, most blocked time first. */
export function blocksByRoute(model: TimelineModel, t0: number, t1: number): BlocksByRoute {
  const byRoute = new Map<string, RouteRow>();
  let pending = 0;
  for (const { process, threads } of model.orderedLanes()) {
    for (const thread of threads) {
      for (const row of thread.rows) {
        if (row.kind !== "spans" || row.category !== "loop") continue;
        const store = row.store;
        const [lo, hi] = store.visibleRange(t0, t1);
        for (let i = lo; i < hi; i++) {
          const s = store.start[i],
            e = store.end[i];
          if (store.colour[i] < BLOCK_CLASS || s < t0 || s > t1) continue;
          const record = recordIfHere(model, store.ref[i]);
          if (!record) {
            pending++;
            continue;
          }
          const found = blockRequests(model, process.pid, thread.tid, s, e, record.args);
          const route = found.cause ? routeKey(found.cause) : NO_REQUEST;
          let r = byRoute.get(route);
          if (!r) byRoute.set(route, (r = { route, blocks: 0, blockedUs: 0, maxUs: 0, delayedRequests: 0, delayedUs: 0 }));
          r.blocks++;
          r.blockedUs += e - s;
          r.maxUs = Math.max(r.maxUs, e - s);
          r.delayedRequests += found.delayed.length;
          r.delayedUs += found.delayedUs;
        }
      }
    }
  }
  // Blocks that ran for no request (start-up, timers) last: the table is about the routes.
  const rows = [...byRoute.values()].sort((a, b) => Number(a.route === NO_REQUEST) - Number(b.route === NO_REQUEST) || b.blockedUs - a.blockedUs);
  return { rows, pending };
}

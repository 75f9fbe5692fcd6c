// HTTP server and client requests from the built-in diagnostics channels (Node 18+):
//   http.server.request.start → http.server.response.finish   (server side)
//   http.client.request.start → http.client.response.finish   (node:http clients)
//   http.client.request.error                                 (Node 22+; older versions: no error event)
//   undici:request:create → undici:request:headers / :error   (fetch)
// A request's start time rides on Node's own request/response object under a private symbol
// (a WeakMap insert per request was the tracer's largest cost in a profile of a loaded server).
//
// Cost control: a busy server handles tens of thousands of requests a second, and one span each
// would cost more than the 5% budget (measured: bench/tracer-overhead.mjs). So every request is
// counted and timed into a per-interval histogram (`httpstats`, a log-bucket array), while
// individual spans are sent up to SPANS_PER_SECOND per thread and side; past that only slow
// (≥ SLOW_MS) and failed requests get a span. LOOPSCOPE_HTTP_SPANS_PER_SEC changes the budget.

import type { TracerContext } from "../context";
import { nowUs, perfMsToUs } from "../clock";
import { subscribe } from "./channels";
import { METRICS_INTERVAL_MS } from "./loop-metrics";
import { LogHistogram } from "./histogram";
import { enterRequest } from "./request-context";

type Msg = Record<string | symbol, any>;
const START = Symbol("loopscope.start");
const SLOW_MS = 10;
const WINDOW_MS = 100;

class SideStats {
  private readonly histogram = new LogHistogram();
  private count = 0;
  private errors = 0;
  private notSent = 0;
  private windowStart = 0;
  private sentInWindow = 0;
  /** Counters are step functions: each interval is stamped at its start (see loop-metrics.ts). */
  private intervalStart = nowUs();
  private quiet = true;

  constructor(
    private readonly side: "server" | "client",
    private readonly perWindow: number,
  ) {}

  /** Records the request (ended at `endUs`); true when it should also be sent as a span. */
  record(durUs: number, failed: boolean, endUs: number): boolean {
    this.count++;
    if (failed) this.errors++;
    this.histogram.record(durUs);
    if (endUs - this.windowStart >= WINDOW_MS * 1e3) {
      this.windowStart = endUs;
      this.sentInWindow = 0;
    }
    if (this.sentInWindow < this.perWindow || failed || durUs >= SLOW_MS * 1e3) {
      this.sentInWindow++;
      return true;
    }
    this.notSent++;
    return false;
  }

  /** Closes the interval at `endUs` (the ticker's time: see IdlePolicy). */
  report(ctx: TracerContext, endUs = nowUs()): void {
    const start = this.intervalStart;
    this.intervalStart = endUs;
    // A quiet interval after a busy one is sent once, so the counter drops back to 0.
    if (!this.count && this.quiet) return;
    this.quiet = !this.count;
    const h = this.histogram;
    ctx.send({
      t: "httpstats",
      side: this.side,
      ts: start,
      count: this.count,
      errors: this.errors,
      notSent: this.notSent,
      p50: h.percentile(50) / 1e3,
      p99: h.percentile(99) / 1e3,
      max: h.max / 1e3,
    });
    this.histogram.reset();
    this.count = this.errors = this.notSent = 0;
  }
}

export function startHttp(ctx: TracerContext): void {
  const perSecond = Number(process.env.LOOPSCOPE_HTTP_SPANS_PER_SEC ?? 1000);
  const perWindow = Number.isFinite(perSecond) && perSecond >= 0 ? Math.ceil((perSecond * WINDOW_MS) / 1000) : 100;
  const stats = { server: new SideStats("server", perWindow), client: new SideStats("client", perWindow) };
  const report = (nowMs?: number) => {
    const endUs = nowMs === undefined ? nowUs() : perfMsToUs(nowMs);
    stats.server.report(ctx, endUs);
    stats.client.report(ctx, endUs);
  };
  ctx.every(METRICS_INTERVAL_MS, report);
  ctx.onExit(() => report());

  const span = (side: "server" | "client", start: number, method: unknown, url: () => string, status: number | undefined, error: string | undefined) => {
    const end = nowUs();
    const failed = !!error || (side === "server" ? (status ?? 0) >= 500 : status === undefined);
    if (!stats[side].record(end - start, failed, end)) return;
    const event: { t: "http"; side: "server" | "client"; ts: number; dur: number; method: string; url: string; status?: number; error?: string } = {
      t: "http",
      side,
      ts: start,
      dur: end - start,
      method: String(method ?? ""),
      url: url(),
    };
    if (status) event.status = status;
    if (error) event.error = error;
    ctx.send(event);
  };

  subscribe("http.server.request.start", m => {
    const { request, response } = m as Msg;
    if (!response) return;
    const start = nowUs();
    response[START] = start;
    enterRequest(request, response, start);
  });
  subscribe("http.server.response.finish", m => {
    const { request, response } = m as Msg;
    const start = response?.[START];
    if (start === undefined) return;
    response[START] = undefined;
    span("server", start, request?.method, () => String(request?.url ?? ""), Number(response.statusCode) || 0, undefined);
  });

  subscribe("http.client.request.start", m => {
    const { request } = m as Msg;
    if (request) request[START] = nowUs();
  });
  const clientUrl = (request: Msg) => () => {
    const protocol = String(request.protocol ?? "http:");
    // The Host header carries the port; `request.host` does not.
    const header = typeof request.getHeader === "function" ? request.getHeader("host") : undefined;
    return `${protocol}//${String(header ?? request.host ?? "")}${String(request.path ?? "")}`;
  };
  const finishClient = (request: Msg, status: number | undefined, error: string | undefined) => {
    const start = request[START];
    if (start === undefined) return;
    request[START] = undefined;
    span("client", start, request.method, clientUrl(request), status, error);
  };
  subscribe("http.client.response.finish", m => {
    const { request, response } = m as Msg;
    if (request) finishClient(request, Number(response?.statusCode) || undefined, undefined);
  });
  subscribe("http.client.request.error", m => {
    const { request, error } = m as Msg;
    if (request) finishClient(request, undefined, String(error?.message ?? error));
  });

  // fetch() (undici bundled in Node)
  subscribe("undici:request:create", m => {
    const { request } = m as Msg;
    if (request) request[START] = nowUs();
  });
  const finishFetch = (request: Msg, status: number | undefined, error: string | undefined) => {
    const start = request[START];
    if (start === undefined) return;
    request[START] = undefined;
    span("client", start, request.method, () => `${String(request.origin ?? "")}${String(request.path ?? "")}`, status, error);
  };
  subscribe("undici:request:headers", m => {
    const { request, response } = m as Msg;
    if (request) finishFetch(request, Number(response?.statusCode) || undefined, undefined);
  });
  subscribe("undici:request:error", m => {
    const { request, error } = m as Msg;
    if (request) finishFetch(request, undefined, String(error?.message ?? error));
  });
}

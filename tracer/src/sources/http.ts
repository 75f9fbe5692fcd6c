// HTTP server and client requests from the built-in diagnostics channels (Node 18+):
//   http.server.request.start → http.server.response.finish   (server side)
//   http.client.request.start → http.client.response.finish   (node:http clients)
//   http.client.request.error                                 (Node 22+; older versions: no error event)
//   undici:request:create → undici:request:headers / :error   (fetch)
// A request's start time rides on Node's own request/response object under a private symbol
// (a WeakMap insert per request was the tracer's largest cost in a profile of a loaded server);
// a server response keeps it (request-context.ts reads it there), and nothing else is allocated
// for a request that gets no span.
//
// Cost control: a busy server handles tens of thousands of requests a second, and one span each
// would cost more than the whole overhead budget (measured: bench/tracer-overhead-frameworks.mjs).
// So every request is counted and timed into a per-interval histogram (`httpstats`, a log-bucket
// array), while individual spans are drawn from a token bucket per thread and side: a burst of
// SPAN_BURST, refilled at SPANS_PER_SECOND; past it only slow (≥ SLOW_MS) and failed requests get
// a span, and the rest are counted as not drawn (`httpstats.notSent`). A span costs about 8 µs of
// CPU between the tracer (serializing, writing) and the recorder (parsing, converting: 4-6 µs,
// bench/recorder-span-cost.ts), and the recorder keeps only a burst of 10,000 per thread and then
// 1 a second anyway (thinning.ts): 100 a second (it was 1,000, 0.8% of a core) keeps a sustained
// load's spans across 100 s of the recorder's burst instead of 10, and every burst of up to 100
// requests whole. LOOPSCOPE_HTTP_SPANS_PER_SEC changes the rate (the burst is a tenth of it, at
// least SPAN_BURST; 0: no spans but slow and failed ones).

import type { TracerContext } from "../context";
import { nowUs, perfMsToUs } from "../clock";
import { subscribe } from "./channels";
import { METRICS_INTERVAL_MS } from "./loop-metrics";
import { LogHistogram } from "./histogram";
import { enterRequest, START } from "./request-context";

type Msg = Record<string | symbol, any>;
const SLOW_MS = 10;
const SPANS_PER_SECOND = 100;
const SPAN_BURST = 100;

class SideStats {
  private readonly histogram = new LogHistogram();
  private count = 0;
  private errors = 0;
  private notSent = 0;
  private tokens: number;
  private refilledAt = nowUs();
  /** Counters are step functions: each interval is stamped at its start (see loop-metrics.ts). */
  private intervalStart = nowUs();
  private quiet = true;

  constructor(
    private readonly side: "server" | "client",
    private readonly burst: number,
    private readonly perUs: number,
  ) {
    this.tokens = burst;
  }

  /** Records the request (ended at `endUs`); true when it should also be sent as a span. */
  record(durUs: number, failed: boolean, endUs: number): boolean {
    this.count++;
    if (failed) this.errors++;
    this.histogram.record(durUs);
    this.tokens = Math.min(this.burst, this.tokens + (endUs - this.refilledAt) * this.perUs);
    this.refilledAt = endUs;
    if (this.tokens >= 1) {
      this.tokens--;
      return true;
    }
    if (failed || durUs >= SLOW_MS * 1e3) return true;
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
  const asked = Number(process.env.LOOPSCOPE_HTTP_SPANS_PER_SEC ?? SPANS_PER_SECOND);
  const perSecond = Number.isFinite(asked) && asked >= 0 ? asked : SPANS_PER_SECOND;
  const burst = perSecond > 0 ? Math.max(SPAN_BURST, Math.ceil(perSecond / 10)) : 0;
  const stats = { server: new SideStats("server", burst, perSecond / 1e6), client: new SideStats("client", burst, perSecond / 1e6) };
  const report = (nowMs?: number) => {
    const endUs = nowMs === undefined ? nowUs() : perfMsToUs(nowMs);
    stats.server.report(ctx, endUs);
    stats.client.report(ctx, endUs);
  };
  ctx.every(METRICS_INTERVAL_MS, report);
  ctx.onExit(() => report());

  /** The request ended now: counted, and its span sent when kept. `url` is only read for a span. */
  const span = <T>(
    side: "server" | "client",
    start: number,
    method: unknown,
    url: (target: T) => string,
    target: T,
    status: number | undefined,
    error: string | undefined,
  ) => {
    const end = nowUs();
    const failed = !!error || (side === "server" ? (status ?? 0) >= 500 : status === undefined);
    if (!stats[side].record(end - start, failed, end)) return;
    const event: { t: "http"; side: "server" | "client"; ts: number; dur: number; method: string; url: string; status?: number; error?: string } = {
      t: "http",
      side,
      ts: start,
      dur: end - start,
      method: String(method ?? ""),
      url: url(target),
    };
    if (status) event.status = status;
    if (error) event.error = error;
    ctx.send(event);
  };

  subscribe("http.server.request.start", m => {
    const { response } = m as Msg;
    if (!response) return;
    response[START] = nowUs();
    enterRequest(response);
  });
  // Node publishes a response's finish once. Its start stays on it: a block in code that runs
  // for the request after the response names it (request-context.ts).
  const serverUrl = (request: Msg | undefined) => String(request?.url ?? "");
  subscribe("http.server.response.finish", m => {
    const { request, response } = m as Msg;
    const start = response?.[START];
    if (start === undefined) return;
    span("server", start, request?.method, serverUrl, request, Number(response.statusCode) || 0, undefined);
  });

  subscribe("http.client.request.start", m => {
    const { request } = m as Msg;
    if (request) request[START] = nowUs();
  });
  const clientUrl = (request: Msg) => {
    const protocol = String(request.protocol ?? "http:");
    // The Host header carries the port; `request.host` does not.
    const header = typeof request.getHeader === "function" ? request.getHeader("host") : undefined;
    return `${protocol}//${String(header ?? request.host ?? "")}${String(request.path ?? "")}`;
  };
  const finishClient = (request: Msg, status: number | undefined, error: string | undefined) => {
    const start = request[START];
    if (start === undefined) return;
    request[START] = undefined;
    span("client", start, request.method, clientUrl, request, status, error);
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
  const fetchUrl = (request: Msg) => `${String(request.origin ?? "")}${String(request.path ?? "")}`;
  const finishFetch = (request: Msg, status: number | undefined, error: string | undefined) => {
    const start = request[START];
    if (start === undefined) return;
    request[START] = undefined;
    span("client", start, request.method, fetchUrl, request, status, error);
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

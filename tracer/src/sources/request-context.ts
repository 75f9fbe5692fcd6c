// Which HTTP server request a piece of code runs for (issue 13, 2.2). When a server request
// starts (http.ts's `http.server.request.start` subscriber), the request is made the current
// async context; the capture hook (capture-hook.ts), which runs *inside* the blocked task,
// reads it back, so each stack sample says which request the blocked code ran for.
//
// What is carried is the request's ServerResponse itself: it knows its request (`res.req`), its
// start time (`res[START]`, written by http.ts for its span anyway) and, with fastify, the route
// (`res[ROUTE]`). No object is allocated per request.
//
// Two ways to carry the context, chosen by what they cost:
// - "als": an AsyncLocalStorage entered at the request's start follows it through awaits,
//   timers and stream events. On Node 24+ (and 22 with --experimental-async-context-frame)
//   that is an async-context frame, nearly free. Older Node implements it with async hooks and
//   promise hooks, which cost every promise of the program (+3 to +10% CPU per request measured
//   on a small JSON server on Node 20), so there it is only used when asked for.
// - "resource" (the default on older Node): the response is filed under the async id of the
//   callback that runs the request handler (`executionAsyncId()`: on a server, the connection's
//   HTTP parser, the same for each request of a keep-alive connection, so the newest request
//   replaces the last), and looked up by the async id running when a sample is taken. It only
//   sees the handler's synchronous part (the most common place of a blocking call); after an
//   await or a timer the sample has no context and the timeline falls back to the requests in
//   flight. Not `executionAsyncResource()`, though it would save the table: its first call tells
//   Node that the program uses it, and from then on every callback Node makes into JavaScript
//   (socket reads, parser events, write completions...) goes through a JavaScript trampoline
//   that records the resource: a cost on every callback of the program, for the rest of its life.
// LOOPSCOPE_ASYNC_CONTEXT=als|resource|off overrides the choice.

import * as asyncHooks from "node:async_hooks";
import { subscribe } from "./channels";

export type ContextMode = "als" | "resource" | "off";

/** What the capture hook reports of the request the blocked code runs for (sample's `ctx`). */
export interface CapturedContext {
  method: string;
  url: string;
  route?: string;
  /** µs: when the request started (the same time as its HTTP span's start). */
  start: number;
  /** The response had already been sent: the blocking code ran after it, still for this request. */
  afterResponse?: boolean;
}

/** µs: when a request started, on its server response or client request (http.ts). */
export const START = Symbol("loopscope.start");
/** The route pattern a framework matched (fastify's own channel), on the server response. */
const ROUTE = Symbol("loopscope.route");
const MAX_TEXT = 300;
/** The "resource" table is pruned of finished responses when it reaches this size (or twice its size after the last pruning): a closed connection's last response is held at most that long. */
const PRUNE_AT = 128;

type Obj = Record<string | symbol, unknown>;
type Response = Obj & { req?: unknown };

let read: (() => Response | undefined) | undefined;
let enter: ((res: Response) => void) | undefined;

export function contextMode(env: NodeJS.ProcessEnv, nodeVersion: string, execArgv: readonly string[]): ContextMode {
  const asked = env.LOOPSCOPE_ASYNC_CONTEXT;
  if (asked === "als" || asked === "resource" || asked === "off") return asked;
  const flags = [...execArgv, ...(env.NODE_OPTIONS ?? "").split(/\s+/)];
  const major = Number(nodeVersion.replace(/^v/, "").split(".")[0]);
  const frames = major >= 24 ? !flags.includes("--no-async-context-frame") : major >= 22 && flags.includes("--experimental-async-context-frame");
  return frames ? "als" : "resource";
}

/** Sets up the chosen way of carrying the context. Called once per thread before the http source subscribes. */
export function startRequestContext(mode: ContextMode): void {
  if (mode === "off") return;
  if (mode === "als" && typeof asyncHooks.AsyncLocalStorage === "function") {
    const storage = new asyncHooks.AsyncLocalStorage<Response>();
    enter = res => storage.enterWith(res);
    read = () => storage.getStore();
  } else if (typeof asyncHooks.executionAsyncId === "function") {
    const executionAsyncId = asyncHooks.executionAsyncId;
    const byAsyncId = new Map<number, Response>();
    let pruneAt = PRUNE_AT;
    enter = res => {
      const id = executionAsyncId();
      // 0: no context; 1: the program's top level, not a request's own.
      if (!(id > 1)) return;
      byAsyncId.set(id, res);
      if (byAsyncId.size < pruneAt) return;
      // Connections come and go: the entries of answered requests (or broken ones) go, the ones in flight stay.
      for (const [key, old] of byAsyncId) if (old.writableFinished === true || old.destroyed === true) byAsyncId.delete(key);
      pruneAt = Math.max(PRUNE_AT, byAsyncId.size * 2);
    };
    read = () => byAsyncId.get(executionAsyncId());
  }
  // fastify names the route it matched on its own channel (fastify 5), with the raw response.
  subscribe("tracing:fastify.request.handler:start", message => {
    const m = message as { reply?: { raw?: Obj }; route?: { url?: unknown } };
    const res = m.reply?.raw;
    if (res && res[START] !== undefined && typeof m.route?.url === "string") res[ROUTE] = m.route.url;
  });
}

/** A server request starts (inside http.ts's subscriber, which wrote its start on the response). */
export function enterRequest(res: unknown): void {
  if (enter && res && typeof res === "object") enter(res as Response);
}

const text = (v: unknown): string => (typeof v === "string" ? v.slice(0, MAX_TEXT) : "");

/** Express's matched route: the router's mount path and the route's path, once the route runs. */
function expressRoute(req: Obj): string | undefined {
  const route = req.route as { path?: unknown } | undefined;
  if (!route || typeof route !== "object") return undefined;
  const path = route.path;
  if (typeof path !== "string") return path instanceof RegExp ? text(String(path)) : undefined;
  return text(`${typeof req.baseUrl === "string" ? req.baseUrl : ""}${path}`);
}

/** Called by the capture hook, in the blocked task: the request it runs for, or undefined. Never throws. */
export function currentRequest(): CapturedContext | undefined {
  try {
    const res = read?.();
    const req = res?.req as Obj | undefined;
    const start = res?.[START];
    if (!res || !req || typeof req !== "object" || typeof start !== "number") return undefined;
    const route = typeof res[ROUTE] === "string" ? (res[ROUTE] as string) : expressRoute(req);
    // Express rewrites req.url inside mounted routers; originalUrl is what the client asked for.
    const url = text(typeof req.originalUrl === "string" ? req.originalUrl : req.url);
    const context: CapturedContext = { method: text(req.method), url, start };
    if (route) context.route = route;
    if (res.writableFinished === true) context.afterResponse = true;
    return context;
  } catch {
    return undefined;
  }
}

// Which HTTP server request a piece of code runs for (issue 13, 2.2). When a server request
// starts (http.ts's `http.server.request.start` subscriber), the request is made the current
// async context; the capture hook (capture-hook.ts), which runs *inside* the blocked task,
// reads it back, so each stack sample says which request the blocked code ran for.
//
// Two ways to carry the context, chosen by what they cost:
// - "als": an AsyncLocalStorage entered at the request's start follows it through awaits,
//   timers and stream events. On Node 24+ (and 22 with --experimental-async-context-frame)
//   that is an async-context frame, nearly free. Older Node implements it with async hooks and
//   promise hooks, which cost every promise of the program (+3 to +10% CPU per request measured
//   on a small JSON server on Node 20), so there it is only used when asked for.
// - "resource" (the default on older Node): the request is written on the async resource that
//   runs the request handler (`executionAsyncResource()`, an HTTPServerAsyncResource), read
//   back from the resource running when a sample is taken. Free, but it only sees the handler's
//   synchronous part (the most common place of a blocking call); after an await or a timer the
//   sample has no context and the timeline falls back to the requests in flight.
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

interface RequestInfo {
  req: Record<string | symbol, unknown>;
  res: Record<string | symbol, unknown> | undefined;
  start: number;
  /** Told by a framework's own diagnostics channel (fastify). */
  route?: string;
}

const INFO = Symbol("loopscope.requestContext");
const MAX_TEXT = 300;

let read: (() => RequestInfo | undefined) | undefined;
let enter: ((info: RequestInfo) => void) | undefined;

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
    const storage = new asyncHooks.AsyncLocalStorage<RequestInfo>();
    enter = info => storage.enterWith(info);
    read = () => storage.getStore();
  } else if (typeof asyncHooks.executionAsyncResource === "function") {
    enter = info => {
      const resource = asyncHooks.executionAsyncResource() as Record<symbol, unknown> | undefined;
      if (resource && typeof resource === "object") resource[INFO] = info;
    };
    read = () => {
      const resource = asyncHooks.executionAsyncResource() as Record<symbol, unknown> | undefined;
      return resource && typeof resource === "object" ? (resource[INFO] as RequestInfo | undefined) : undefined;
    };
  }
  // fastify names the route it matched on its own channel (fastify 5); the raw request carries our info.
  subscribe("tracing:fastify.request.handler:start", message => {
    const m = message as { request?: { raw?: Record<symbol, unknown> }; route?: { url?: unknown } };
    const info = m.request?.raw?.[INFO] as RequestInfo | undefined;
    if (info && typeof m.route?.url === "string") info.route = m.route.url;
  });
}

/** A server request starts (inside http.ts's subscriber, which has the start time). */
export function enterRequest(req: unknown, res: unknown, start: number): void {
  if (!enter || !req || typeof req !== "object") return;
  const info: RequestInfo = { req: req as RequestInfo["req"], res: res as RequestInfo["res"], start };
  (req as Record<symbol, unknown>)[INFO] = info;
  enter(info);
}

const text = (v: unknown): string => (typeof v === "string" ? v.slice(0, MAX_TEXT) : "");

/** Express's matched route: the router's mount path and the route's path, once the route runs. */
function expressRoute(req: Record<string | symbol, unknown>): string | undefined {
  const route = req.route as { path?: unknown } | undefined;
  if (!route || typeof route !== "object") return undefined;
  const path = route.path;
  if (typeof path !== "string") return path instanceof RegExp ? text(String(path)) : undefined;
  return text(`${typeof req.baseUrl === "string" ? req.baseUrl : ""}${path}`);
}

/** Called by the capture hook, in the blocked task: the request it runs for, or undefined. Never throws. */
export function currentRequest(): CapturedContext | undefined {
  try {
    const info = read?.();
    if (!info) return undefined;
    const { req, res } = info;
    const route = info.route ?? expressRoute(req);
    // Express rewrites req.url inside mounted routers; originalUrl is what the client asked for.
    const url = text(typeof req.originalUrl === "string" ? req.originalUrl : req.url);
    const context: CapturedContext = { method: text(req.method), url, start: info.start };
    if (route) context.route = route;
    if (res && res.writableFinished === true) context.afterResponse = true;
    return context;
  } catch {
    return undefined;
  }
}

// HTTP server and client requests from the built-in diagnostics channels (Node 18+):
//   http.server.request.start → http.server.response.finish   (server side)
//   http.client.request.start → http.client.response.finish   (node:http clients)
//   http.client.request.error                                 (Node 22+; older versions: no error event)
//   undici:request:create → undici:request:headers / :error   (fetch)
// Start times live in WeakMaps keyed by the request object, so nothing is added to user objects.

import type { TracerContext } from "../context";
import { nowUs } from "../clock";
import { subscribe } from "./channels";

type Msg = Record<string, any>;

export function startHttp(ctx: TracerContext): void {
  const serverStarts = new WeakMap<object, number>();
  const clientStarts = new WeakMap<object, number>();

  subscribe("http.server.request.start", (m) => {
    const { response } = m as Msg;
    if (response) serverStarts.set(response, nowUs());
  });
  subscribe("http.server.response.finish", (m) => {
    const { request, response } = m as Msg;
    const start = response && serverStarts.get(response);
    if (start === undefined) return;
    serverStarts.delete(response);
    ctx.send({ t: "http", side: "server", ts: start, dur: nowUs() - start, method: String(request?.method ?? ""), url: String(request?.url ?? ""), status: Number(response.statusCode) || 0 });
  });

  subscribe("http.client.request.start", (m) => {
    const { request } = m as Msg;
    if (request) clientStarts.set(request, nowUs());
  });
  const clientUrl = (request: Msg) => {
    const protocol = String(request.protocol ?? "http:");
    // The Host header carries the port; `request.host` does not.
    const header = typeof request.getHeader === "function" ? request.getHeader("host") : undefined;
    const host = String(header ?? request.host ?? "");
    return `${protocol}//${host}${String(request.path ?? "")}`;
  };
  const finishClient = (request: Msg, status: number | undefined, error: string | undefined) => {
    const start = clientStarts.get(request);
    if (start === undefined) return;
    clientStarts.delete(request);
    ctx.send({ t: "http", side: "client", ts: start, dur: nowUs() - start, method: String(request.method ?? ""), url: clientUrl(request), ...(status ? { status } : {}), ...(error ? { error } : {}) });
  };
  subscribe("http.client.response.finish", (m) => {
    const { request, response } = m as Msg;
    if (request) finishClient(request, Number(response?.statusCode) || undefined, undefined);
  });
  subscribe("http.client.request.error", (m) => {
    const { request, error } = m as Msg;
    if (request) finishClient(request, undefined, String(error?.message ?? error));
  });

  // fetch() (undici bundled in Node)
  const fetchStarts = new WeakMap<object, number>();
  subscribe("undici:request:create", (m) => {
    const { request } = m as Msg;
    if (request) fetchStarts.set(request, nowUs());
  });
  const finishFetch = (request: Msg, status: number | undefined, error: string | undefined) => {
    const start = fetchStarts.get(request);
    if (start === undefined) return;
    fetchStarts.delete(request);
    ctx.send({ t: "http", side: "client", ts: start, dur: nowUs() - start, method: String(request.method ?? ""), url: `${String(request.origin ?? "")}${String(request.path ?? "")}`, ...(status ? { status } : {}), ...(error ? { error } : {}) });
  };
  subscribe("undici:request:headers", (m) => {
    const { request, response } = m as Msg;
    if (request) finishFetch(request, Number(response?.statusCode) || undefined, undefined);
  });
  subscribe("undici:request:error", (m) => {
    const { request, error } = m as Msg;
    if (request) finishFetch(request, undefined, String(error?.message ?? error));
  });
}

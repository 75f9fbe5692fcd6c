// The tracer's per-request path, measured where a shared machine's noise does not reach (session
// 23): real IncomingMessage/ServerResponse pairs published through the two HTTP server channels
// and fastify's tracing channel (as fastify 5 does once anything subscribes), in one process; CPU
// time per request, median of REPS batches of N (the loop turns between batches, so the tracer's
// tick runs and no batch is a block).
//   plain:  taskset -c 0 node bench/tracer-request-path.cjs
//   traced: taskset -c 0 node dist/cli.mjs run --out /tmp/t.json -- node bench/tracer-request-path.cjs
//   usage:  node bench/tracer-request-path.cjs [N=10000] [REPS=60]
const http = require("node:http");
const dc = require("node:diagnostics_channel");
const start = dc.channel("http.server.request.start");
const finish = dc.channel("http.server.response.finish");
const fch = dc.tracingChannel("fastify.request.handler");
const N = Number(process.argv[2] || 10000);
const REPS = Number(process.argv[3] || 60);
const inner = (err, req, res, store) => {
  res.statusCode = 200;
};
function one() {
  const req = new http.IncomingMessage(null);
  req.method = "GET";
  req.url = "/items?offset=7";
  const res = new http.ServerResponse(req);
  if (start.hasSubscribers) start.publish({ request: req, response: res, socket: null, server: null });
  if (!fch.hasSubscribers) inner(null, req, res);
  else {
    const store = { request: req, reply: { raw: res }, async: false, route: { url: "/items", method: "GET" } };
    fch.start.runStores(store, inner, undefined, null, req, res, store);
    fch.end.publish(store);
  }
  if (finish.hasSubscribers) finish.publish({ request: req, response: res, socket: null, server: null });
}
const results = [];
let r = -5;
function rep() {
  const c0 = process.cpuUsage();
  for (let i = 0; i < N; i++) one();
  const c = process.cpuUsage(c0);
  if (r >= 0) results.push(((c.user + c.system) * 1e3) / N);
  if (++r < REPS) setImmediate(rep);
  else {
    results.sort((a, b) => a - b);
    process.stderr.write(`ns/request (cpu): q1 ${results[REPS >> 2].toFixed(0)} median ${results[REPS >> 1].toFixed(0)}\n`);
  }
}
setImmediate(rep);

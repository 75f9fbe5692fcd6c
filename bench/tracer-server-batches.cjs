// The frameworks bench's server (bench/tracer-overhead-frameworks.mjs: the same fastify or express
// route and JSON work) measuring its own CPU per request over real sockets, in batches: every N
// requests it reads process.cpuUsage() (every thread of the process, the tracer's watchdog
// included), and after 5 warm-up batches and REPS measured ones prints the quartiles and exits.
// Session 37: the median of 40 batches of 4,000 moved by about ±1 µs between runs of one build on
// a quiet machine, against ±3 to ±6 µs for the frameworks bench's 4 s windows; run the builds
// interleaved, several times each, and compare the runs' medians round by round.
// Needs the frameworks installed (run bench/tracer-overhead-frameworks.mjs once). Load it from the
// other core until it exits, e.g.:
//   plain:  setsid taskset -c 0 node bench/tracer-server-batches.cjs fastify &
//   traced: setsid taskset -c 1 node dist/cli.mjs run --out /tmp/t.json -- taskset -c 0 node bench/tracer-server-batches.cjs fastify &
//   then:   taskset -c 1 node_modules/.bin/autocannon -c 50 -d 60 http://127.0.0.1:<port>/items?offset=7   (port: its "listening" line; stop it when the server exits)
//   usage:  node bench/tracer-server-batches.cjs [fastify|express] [N=4000] [REPS=40]
const { createRequire } = require("node:module");
const { join } = require("node:path");
const fw = process.argv[2] || "fastify";
const N = Number(process.argv[3] || 4000);
const REPS = Number(process.argv[4] || 40);
const req = createRequire(join(__dirname, ".work", "tracer-frameworks", "package.json"));
const catalog = Array.from({ length: 200 }, (_, i) => ({ id: i, name: `item-${i}`, price: (i * 7.3) % 100, tags: ["a", "b", "c"].slice(0, (i % 3) + 1) }));
const page = offset => {
  const from = (Number(offset) || 0) % 180;
  const items = catalog.slice(from, from + 20).map(it => ({ ...it, total: Math.round(it.price * 1.2 * 100) / 100 }));
  return { offset: from, count: items.length, items, at: Date.now() };
};
let n = 0;
let r = -5;
let c0 = process.cpuUsage();
const out = [];
const count = () => {
  if (++n < N) return;
  n = 0;
  const c = process.cpuUsage(c0);
  c0 = process.cpuUsage();
  if (r++ >= 0) out.push((c.user + c.system) / N);
  if (r < REPS) return;
  out.sort((a, b) => a - b);
  const q = i => out[i].toFixed(2);
  process.stderr.write(`us/request (server cpu): q1 ${q(REPS >> 2)} median ${q(REPS >> 1)} q3 ${q((3 * REPS) >> 2)}\n`);
  setImmediate(() => process.exit(0));
};
const ready = port => console.log(`listening ${port} ${process.pid}`);
if (fw === "fastify") {
  const app = req("fastify")({ logger: false });
  app.get("/items", async q => {
    count();
    return page(q.query.offset);
  });
  app.listen({ port: 0, host: "127.0.0.1" }).then(() => ready(app.server.address().port));
} else {
  const app = req("express")();
  app.get("/items", (q, s) => {
    count();
    s.json(page(q.query.offset));
  });
  const server = app.listen(0, "127.0.0.1", () => ready(server.address().port));
}

// `npm run demo`: lints the bundled example service (examples/) and prints the findings, then runs
// the service under `loopscope run` with a short, bounded load on loopback and writes its trace and
// standalone HTML timeline. usage: node scripts/demo.mjs [--screenshot]
//   --screenshot  also saves docs/images/demo-timeline.png (the report in headless Chromium)
// Everything it writes goes to examples/.build/ (git-ignored); every process it starts is stopped.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import http from "node:http";
import { createServer } from "node:net";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const work = join(root, "examples/.build");
const tracePath = join(work, "demo-trace.json");
const reportPath = join(work, "demo-timeline.html");
/** The load: requests per route, sent 8 at a time (the blocking routes stall the others). */
const LOAD = [
  ["/greeting", 150],
  ["/hash", 60],
  ["/report", 40],
  ["/hash-blocking", 30],
  ["/report-blocking", 20],
];
const CONCURRENCY = 8;
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
const show = path => relative(process.cwd(), path) || path;

// ---- 1. the static half
console.log("$ loopscope lint examples\n");
const lint = spawnSync(process.execPath, ["dist/cli.mjs", "lint", "examples"], { cwd: root, stdio: "inherit" });
if (lint.status !== 0 && lint.status !== 1) process.exit(lint.status ?? 2);

// ---- 2. the dynamic half: build the service (with source maps, so blocks point into src/*.ts)
mkdirSync(work, { recursive: true });
await build({
  entryPoints: [join(root, "examples/src/server.ts")],
  outfile: join(work, "server.js"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: "linked",
  logLevel: "warning",
});
// What the handlers read: the service's config and a report big enough that gzipSync is felt.
writeFileSync(join(work, "service.json"), JSON.stringify({ greeting: "hello" }));
const rows = Array.from({ length: 8_000 }, (_, i) => ({
  id: i,
  customer: `customer-${i % 977}`,
  amount: ((i * 7919) % 10_000) / 100,
  region: ["eu", "us", "apac"][i % 3],
  note: `order ${i} shipped`.repeat(1 + (i % 3)),
}));
writeFileSync(join(work, "report.json"), JSON.stringify({ month: "2026-11", rows }));

const port = await freePort();
// `node` from the PATH (npm puts the running one first): the timeline names the process after it.
const command = ["node", "server.js"];
console.log(`\n$ loopscope run --out ${show(tracePath)} --report ${show(reportPath)} -- node server.js   (in ${show(work)}, port ${port})\n`);
const run = spawn(process.execPath, [join(root, "dist/cli.mjs"), "run", "--out", tracePath, "--report", reportPath, "--", ...command], {
  cwd: work,
  env: { ...process.env, PORT: String(port) },
  stdio: ["ignore", "inherit", "inherit"],
  detached: true,
});
const exited = new Promise(resolve => run.once("exit", (code, signal) => resolve({ code, signal })));
const stopAll = () => {
  try {
    process.kill(-run.pid, "SIGKILL");
  } catch {
    /* already gone */
  }
};
process.on("exit", () => {
  if (run.exitCode === null && run.signalCode === null) stopAll();
});
for (const signal of ["SIGINT", "SIGTERM"])
  process.on(signal, () => {
    stopAll();
    process.exit(130);
  });
const guard = setTimeout(() => {
  console.error("demo: the recorded run took over 60 s; stopping it");
  stopAll();
  process.exit(1);
}, 60_000);

try {
  await waitForPort(port, exited);
  const started = performance.now();
  const stats = await sendLoad(port);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `\ndemo: sent ${stats.total} requests in ${seconds.toFixed(1)} s (${stats.byStatus}); slowest ${stats.slowest.toFixed(0)} ms, p50 ${stats.p50.toFixed(0)} ms`,
  );
} catch (error) {
  console.error(`demo: ${error.message}`);
  stopAll();
  process.exit(1);
}
// The service shuts down on SIGTERM (examples/src/server.ts); `loopscope run` forwards it.
process.kill(run.pid, "SIGTERM");
const result = await exited;
clearTimeout(guard);
if (result.code !== 0) {
  console.error(`demo: loopscope run ended with ${result.signal ?? `code ${result.code}`}`);
  process.exit(1);
}
console.log(`\nTrace (Chrome Trace Event Format; opens in Perfetto and chrome://tracing): ${show(tracePath)}`);
console.log(`Timeline report (open in any browser, works offline):            ${show(reportPath)}`);
console.log(`                                                                  ${pathToFileURL(reportPath).href}`);
console.log('In VS Code: "Loopscope: Open Trace File..." shows the same trace; "Loopscope: Run Current File with Timeline" records live.');

if (process.argv.includes("--screenshot")) {
  const out = join(root, "docs/images/demo-timeline.png");
  const { screenshotReport } = await import("./screenshot-report.mjs");
  await screenshotReport(reportPath, out);
  console.log(`Screenshot: ${show(out)}`);
}

// ---------------------------------------------------------------- helpers

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port, exited) {
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (gone) throw new Error("the service exited before it listened");
    try {
      await request(port, "/greeting");
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`the service did not answer on port ${port} within 15 s`);
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  }
}

function request(port, path) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.get({ host: "127.0.0.1", port, path, agent, timeout: 10_000 }, res => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode, ms: performance.now() - started }));
    });
    req.on("timeout", () => req.destroy(new Error(`${path} timed out`)));
    req.on("error", reject);
  });
}

async function sendLoad(port) {
  // Interleaved, so every route meets the blocking ones.
  const queue = [];
  const left = new Map(LOAD);
  while ([...left.values()].some(n => n > 0)) {
    for (const [path, n] of left)
      if (n > 0) {
        queue.push(path);
        left.set(path, n - 1);
      }
  }
  const results = [];
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let path = queue.shift(); path; path = queue.shift()) results.push(await request(port, path));
    }),
  );
  agent.destroy();
  const statuses = new Map();
  for (const r of results) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
  const ms = results.map(r => r.ms).sort((a, b) => a - b);
  return {
    total: results.length,
    byStatus: [...statuses].map(([s, n]) => `${n}× ${s}`).join(", "),
    slowest: ms[ms.length - 1] ?? 0,
    p50: ms[Math.floor(ms.length / 2)] ?? 0,
  };
}

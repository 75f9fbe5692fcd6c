// Pool and queue saturation tracks (issue 13, 2.3) on real programs: libuv's thread pool (crypto,
// zlib, fs), an http.Agent with a socket limit, a plain worker pool, and piscina (installed from
// npm outside the repository; skipped with the reason when it can't be).

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { loopscopeRun, plainRun, programs } from "./helpers";
import { chromeTraceProblems } from "./chrome-trace-rules";
import type { TraceFile } from "../../protocol/src/trace";
import { threadPoolSize } from "../../tracer/src/sources/pools";

type PoolArgs = { active: number; queued: number; size?: number };
/** The samples of the main thread's counter track whose name starts with `prefix`, in time order. */
function track(trace: TraceFile, prefix: string): PoolArgs[] {
  return trace.traceEvents
    .filter(e => e.ph === "C" && e.name.startsWith(prefix) && !e.name.includes("(worker "))
    .sort((a, b) => a.ts - b.ts)
    .map(e => e.args as PoolArgs);
}
const max = (xs: PoolArgs[], k: "active" | "queued") => Math.max(0, ...xs.map(x => x[k]));

test("libuv thread pool, http.Agent sockets and a plain worker pool: tracks of active and queued work", async () => {
  const file = join(programs, "pools.cjs");
  const env = { UV_THREADPOOL_SIZE: "2" };
  const traced = await loopscopeRun(["node", file], { env, timeoutMs: 120_000 });
  assert.equal(traced.code, 0, traced.stderr);
  const plain = await plainRun(["node", file]);
  assert.equal(traced.stdout.toString(), plain.stdout.toString());
  const trace = traced.trace!;
  assert.deepEqual(chromeTraceProblems(trace), []);

  const libuv = track(trace, "pool: libuv thread pool");
  assert.ok(libuv.length > 0, "a libuv thread pool track");
  assert.equal(max(libuv, "active"), 2, `2 threads busy: ${JSON.stringify(libuv)}`);
  // 12 operations for 2 threads: at the first sample at least 6 wait (crypto and zlib are counted by their wrappers, fs by Node).
  assert.ok(max(libuv, "queued") >= 6, `work waits for the pool: ${JSON.stringify(libuv)}`);
  assert.ok(libuv.every(s => s.size === 2));
  const saturated = libuv.findIndex(s => s.queued >= 6);
  const dropsBack = libuv.slice(saturated).some(s => s.active === 0 && s.queued === 0);
  if (!dropsBack) console.log(`# libuv track: ${JSON.stringify(libuv)}`);
  assert.ok(dropsBack, "the track drops back to 0 after the burst");

  const agent = track(trace, "pool: http.Agent 127.0.0.1:");
  assert.ok(agent.length > 0, "an http.Agent track");
  assert.equal(max(agent, "active"), 2, `maxSockets 2: ${JSON.stringify(agent)}`);
  assert.ok(max(agent, "queued") >= 2, `requests wait for a socket: ${JSON.stringify(agent)}`);
  assert.deepEqual({ ...agent.at(-1) }, { active: 0, queued: 0, size: 2 });

  const workers = track(trace, "pool: workers pools.cjs");
  assert.ok(workers.length > 0, "a worker pool track");
  assert.equal(max(workers, "active"), 2, `both workers busy: ${JSON.stringify(workers)}`);
  // 3 tasks posted to each worker at once: while it runs the first, up to 2 wait in its port.
  assert.ok(max(workers, "queued") >= 2, `tasks wait in the workers' ports: ${JSON.stringify(workers)}`);
  assert.ok(max(workers, "queued") <= 4);
  assert.ok(
    workers.every(s => s.size === 2),
    `size: ${JSON.stringify(workers)}`,
  );
});

test("UV_THREADPOOL_SIZE as libuv reads it", () => {
  assert.equal(threadPoolSize({}), 4);
  assert.equal(threadPoolSize({ UV_THREADPOOL_SIZE: "16" }), 16);
  assert.equal(threadPoolSize({ UV_THREADPOOL_SIZE: "0" }), 4);
  assert.equal(threadPoolSize({ UV_THREADPOOL_SIZE: "5000" }), 1024);
});

const piscinaDir = process.env.LOOPSCOPE_PISCINA_DIR ?? join(homedir(), ".cache", "loopscope-piscina");
function installPiscina(): string | undefined {
  if (existsSync(join(piscinaDir, "node_modules", "piscina", "package.json"))) return undefined;
  mkdirSync(piscinaDir, { recursive: true });
  const r = spawnSync("npm", ["install", "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--prefix", piscinaDir, "piscina@5"], {
    encoding: "utf8",
    timeout: 240_000,
  });
  return r.status === 0 ? undefined : `could not install piscina: ${(r.stderr || r.error?.message || "").trim().split("\n").slice(-2).join(" ")}`;
}

test("piscina (Atomics.wait mode): busy threads while tasks run, none while the threads wait", { timeout: 300_000 }, async t => {
  const missing = installPiscina();
  if (missing) {
    console.log(`# skipped piscina: ${missing}`);
    t.skip(missing);
    return;
  }
  const file = join(programs, "pool-piscina.cjs");
  const traced = await loopscopeRun(["node", file], { env: { PISCINA_DIR: piscinaDir }, timeoutMs: 120_000 });
  assert.equal(traced.code, 0, traced.stderr);
  assert.equal(traced.stdout.toString(), "tasks done\npool destroyed\n");
  const trace = traced.trace!;
  const pool = track(trace, "pool: workers ");
  assert.ok(pool.length > 0, "a track for piscina's workers");
  assert.equal(max(pool, "active"), 2, `both threads ran tasks: ${JSON.stringify(pool)}`);
  assert.ok(pool.every(s => s.size === 2));
  // After the tasks the threads sleep in Atomics.wait for a second: idle, with nothing waiting.
  const busyAt = pool.findLastIndex(s => s.active > 0);
  assert.ok(busyAt < pool.length - 1, `the track drops back: ${JSON.stringify(pool)}`);
  assert.ok(
    pool.slice(busyAt + 1).every(s => s.active === 0 && s.queued === 0),
    JSON.stringify(pool),
  );
});

test("the counting wrappers change nothing the program can see: promisify marks, names, lengths, errors", async () => {
  const code = [
    `const crypto = require("node:crypto"), util = require("node:util"), zlib = require("node:zlib");`,
    // The two thread-pool jobs one after the other: their order is the program's, not the pool's.
    `util.promisify(crypto.generateKeyPair)("ed25519").then(k => {`,
    `  console.log(Object.keys(k).join(","));`,
    `  zlib.gzip("x", (err, out) => console.log(err, zlib.gunzipSync(out).toString()));`,
    `});`,
    `console.log(crypto.pbkdf2.name, crypto.pbkdf2.length, crypto.scrypt.name, zlib.Gzip.prototype._transform.name);`,
    `try { crypto.pbkdf2("a", "b", -1, 64, "sha512", () => {}); } catch (e) { console.log(e.code); }`,
  ].join("\n");
  const traced = await loopscopeRun(["node", "-e", code], { timeoutMs: 60_000 });
  assert.equal(traced.code, 0, traced.stderr);
  const plain = await plainRun(["node", "-e", code]);
  assert.equal(traced.stdout.toString(), plain.stdout.toString());
  assert.match(plain.stdout.toString(), /publicKey,privateKey\nnull x\n$/);
});

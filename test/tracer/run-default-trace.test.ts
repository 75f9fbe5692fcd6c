// `loopscope run` without --out: the trace goes to .loopscope/ (ignored by git), never the project's top level.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { root, tempDir, tracerPath } from "./helpers";
import { defaultTracePath } from "../../server/src/cli/run";

test("without --out the trace is written to .loopscope/trace-<time>.json, a folder git ignores, and its path is printed", async () => {
  const cwd = tempDir("run-default");
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "test/tracer/run-entry.ts"), "--", process.execPath, "-e", "console.log('hi')"], {
    cwd,
    env: { ...process.env, LOOPSCOPE_TRACER_PATH: await tracerPath() },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const code = await new Promise<number | null>(resolve => child.on("close", c => resolve(c)));
  clearTimeout(timer);
  assert.equal(code, 0, stderr);
  assert.equal(stdout, "hi\n");
  assert.deepEqual(readdirSync(cwd), [".loopscope"], "nothing else is written into the working folder");
  const traces = readdirSync(join(cwd, ".loopscope")).filter(f => f.endsWith(".json"));
  assert.equal(traces.length, 1);
  assert.match(traces[0]!, /^trace-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z\.json$/);
  assert.match(readFileSync(join(cwd, ".loopscope", ".gitignore"), "utf8"), /^\*$/m);
  assert.ok(stderr.includes(`trace: ${join(cwd, ".loopscope", traces[0]!)}`), stderr);
  assert.ok(JSON.parse(readFileSync(join(cwd, ".loopscope", traces[0]!), "utf8")).traceEvents.length > 0);
});

test("default trace names differ from run to run and contain no characters that file systems reject", () => {
  const a = defaultTracePath("/p", new Date("2026-12-03T14:05:09.123Z"));
  const b = defaultTracePath("/p", new Date("2026-12-03T14:05:09.124Z"));
  assert.equal(a, "/p/.loopscope/trace-2026-12-03T14-05-09-123Z.json");
  assert.notEqual(a, b);
});

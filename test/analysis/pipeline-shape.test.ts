// The request pipeline depends on private shapes of the pinned compiler client (pipeline-self-check.ts).
// The first test fails on a typescript upgrade that changes any of them; the others show that a
// client of another shape turns the pipeline off loudly, and linting goes on through the client's
// own path.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { API } from "typescript/unstable/sync";
import { RequestPipeline } from "../../server/src/analysis/typescript/pipeline";
import { pipelineShapeProblems } from "../../server/src/analysis/typescript/pipeline-self-check";

const onWindows = process.platform === "win32" ? "the pipeline is off on Windows" : false;

function withApi(run: (api: API, dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), "loopscope-pipeline-shape-"));
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true } }));
  writeFileSync(join(dir, "a.ts"), "export const a = 1;\n");
  const api = new API({ cwd: dir });
  try {
    run(api, dir);
  } finally {
    api.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test("the pinned compiler client has every shape the pipeline relies on (fails on an upgrade that changes them)", { skip: onWindows, timeout: 60_000 }, () => {
  withApi(api => {
    assert.deepEqual(pipelineShapeProblems(api), []);
    const channel = (api as unknown as { client: { channel: object } }).client.channel;
    assert.equal(Object.hasOwn(channel, "writeTuple"), false, "the check leaves the channel as it was");
    const logged: string[] = [];
    const pipeline = new RequestPipeline(api, line => logged.push(line));
    assert.equal(pipeline.enabled, true);
    assert.deepEqual(logged, []);
  });
});

test("a client of another shape turns the pipeline off, says why once, and requests take the client's own path", { skip: onWindows, timeout: 60_000 }, () => {
  withApi((api, dir) => {
    const handle = (api as unknown as { client: { channel: { child: { stdout: { _handle: Record<string, unknown> } } } } }).client.channel.child.stdout._handle;
    // As if a new client no longer let Node's stream reading be stopped (the pipeline would hang).
    handle.readStop = undefined;
    try {
      const logged: string[] = [];
      const pipeline = new RequestPipeline(api, line => logged.push(line));
      assert.equal(pipeline.enabled, false);
      assert.deepEqual(pipeline.shapeProblems, ["channel.child.stdout._handle.readStop is not a function"]);
      assert.equal(pipeline.enabled, false, "checked once");
      assert.equal(logged.length, 1, logged.join("\n"));
      assert.match(
        logged[0]!,
        /^The TypeScript API client \(typescript@7\.\d+\.\d+\) is not shaped as Loopscope's request pipeline expects \(channel\.child\.stdout\._handle\.readStop is not a function\)\. Linting goes on without queuing/,
      );
      const config = join(dir, "tsconfig.json");
      const snapshot = api.updateSnapshot({ openProjects: [config] });
      const program = snapshot.getProject(config)!.program;
      pipeline.prefetch(() => program.getSourceFile(join(dir, "a.ts")));
      assert.equal(pipeline.pending, 0, "nothing queued");
      assert.equal(pipeline.writes, 0, "nothing written by the pipeline");
      assert.equal(program.getSourceFile(join(dir, "a.ts"))?.statements.length, 1, "the ordinary request is answered");
    } finally {
      delete handle.readStop;
    }
  });
});

test("a compiler that is gone when the check runs is the caller's failure, not a shape problem", { skip: onWindows, timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "loopscope-pipeline-shape-"));
  const api = new API({ cwd: dir });
  try {
    const child = (api as unknown as { client: { channel: { child: import("node:child_process").ChildProcess } } }).client.channel.child;
    child.kill("SIGKILL");
    // The client unrefs its child: a timer keeps the event loop turning until the exit is seen.
    for (let waited = 0; child.exitCode === null && child.signalCode === null; waited += 20) {
      if (waited > 20_000) throw new Error("the killed compiler did not exit within 20 s");
      await sleep(20);
    }
    const logged: string[] = [];
    const pipeline = new RequestPipeline(api, line => logged.push(line));
    assert.throws(() => pipeline.enabled);
    assert.deepEqual(logged, [], "no shape message for a dead compiler");
    assert.equal(pipeline.enabled, false, "off for this compiler (a new compiler gets a new pipeline)");
  } finally {
    api.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("each missing piece is named", () => {
  assert.deepEqual(pipelineShapeProblems({}), ["the API object has no `client`"]);
  assert.deepEqual(pipelineShapeProblems({ client: { apiRequest() {}, apiRequestBinary() {}, echo() {}, encoder: { encode() {} } } }), [
    "client.channel is missing",
  ]);
  const channel = {
    writeTuple() {},
    readTuple() {},
    getMethodBuf() {},
    writeAllBuf() {},
    requestSync() {},
    _type: 0,
    _msgName: Buffer.alloc(0),
    _msgPayload: "",
    child: { stdout: { _handle: { readStop() {} } } },
  };
  assert.deepEqual(pipelineShapeProblems({ client: { apiRequest() {}, echo() {}, encoder: {}, channel } }), [
    "client.apiRequestBinary is not a function",
    "client.encoder.encode is not a function",
    "channel.handleCall is not a function",
    "channel.requestBinarySync is not a function",
    "channel._msgType is not a number",
    "channel._msgPayload is not a Buffer",
  ]);
});

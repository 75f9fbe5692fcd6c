// The request pipeline (typescript/pipeline.ts) and the event loop: answers queued ahead must
// reach the sync channel even when the event loop runs in between (the language server awaits
// between messages), and the editor path must not leave requests queued.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { TsService } from "../../server/src/analysis/typescript";
import { RequestPipeline } from "../../server/src/analysis/typescript/pipeline";
import { API } from "typescript/unstable/sync";
import { Linter } from "../../server/src/analysis/linter";
import { repoRoot } from "../helpers/built";

let root: string;
before(() => {
  mkdirSync(join(repoRoot, "test/.tmp"), { recursive: true });
  root = mkdtempSync(join(repoRoot, "test/.tmp", "pipeline-"));
  writeFileSync(join(root, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", types: ["node"] } }));
  writeFileSync(join(root, "package.json"), `{"name":"pipeline","type":"module"}`);
});
after(() => rmSync(root, { recursive: true, force: true }));

// Big enough that its syntax tree (well over 64 KiB) is still arriving when the event loop runs.
const bigFile = Array.from({ length: 3000 }, (_, i) => `export const value${i} = { id: ${i}, name: "item ${i}", tags: ["a", "b"] };`).join("\n") + "\n";

test("an answer queued ahead is read intact after the event loop ran", {
  skip: process.platform === "win32" ? "the pipeline is off on Windows" : false,
  timeout: 60_000,
}, async () => {
  const file = join(root, "big.ts");
  writeFileSync(file, bigFile);
  const service = new TsService({ cwd: root, log: () => {} });
  try {
    const project = service.projectFor(file)!;
    assert.ok(service.pipeline.enabled, "pipeline on");
    service.pipeline.prefetch(() => project.program.getSourceFile(file));
    assert.equal(service.pipeline.pending, 1);
    for (let i = 0; i < 5; i++) await sleep(20);
    const hits = service.pipeline.hits;
    const tree = project.program.getSourceFile(file)!;
    assert.equal(service.pipeline.hits, hits + 1, "answered from the queue");
    assert.equal(tree.statements.length, 3000);
    assert.equal(tree.text, bigFile);
  } finally {
    service.close();
  }
});

test("requests queued together are written together, and each answer reaches its caller", {
  skip: process.platform === "win32" ? "the pipeline is off on Windows" : false,
  timeout: 60_000,
}, () => {
  const files = ["a", "b", "c"].map(name => {
    const file = join(root, `${name}.ts`);
    writeFileSync(file, `export const ${name} = ${JSON.stringify(name)};\n`);
    return file;
  });
  const service = new TsService({ cwd: root, log: () => {} });
  try {
    const project = service.projectFor(files[0]!)!;
    const writes = service.pipeline.writes;
    service.pipeline.prefetchAll(files.map(f => () => project.program.getSourceFile(f)));
    assert.equal(service.pipeline.pending, 3);
    assert.equal(service.pipeline.writes, writes + 1, "one write for the three requests");
    // Asked in another order than queued: each still gets its own tree.
    for (const f of [...files].reverse()) assert.equal(project.program.getSourceFile(f)!.fileName, f);
    assert.equal(service.pipeline.pending, 0);
  } finally {
    service.close();
  }
});

test("requests during which the compiler calls back (opening projects) are never queued", {
  skip: process.platform === "win32" ? "the pipeline is off on Windows" : false,
  timeout: 60_000,
}, () => {
  const dir = mkdtempSync(join(repoRoot, "test/.tmp", "pipeline-callback-"));
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true } }));
  writeFileSync(join(dir, "a.ts"), "export const a = 1;\n");
  let callbacks = 0;
  const api = new API({
    cwd: dir,
    fs: {
      readFile: () => {
        callbacks++;
        return undefined;
      },
    },
  });
  const pipeline = new RequestPipeline(api);
  try {
    api.parseConfigFile(join(dir, "tsconfig.json"));
    const writes = pipeline.writes;
    pipeline.prefetchAll([() => api.updateSnapshot({ openProjects: [join(dir, "tsconfig.json")] }), () => api.parseConfigFile(join(dir, "tsconfig.json"))]);
    assert.equal(pipeline.pending, 0, "nothing queued");
    assert.equal(pipeline.writes, writes, "nothing written");
    const before = callbacks;
    const snapshot = api.updateSnapshot({ openProjects: [join(dir, "tsconfig.json")] });
    assert.ok(callbacks > before, "opening the project called back");
    assert.equal(snapshot.getProject(join(dir, "tsconfig.json"))?.program.getSourceFile(join(dir, "a.ts"))?.statements.length, 1);
  } finally {
    api.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("lintFile leaves nothing queued (import aliases are asked ahead, then drained)", { timeout: 60_000 }, async () => {
  const helper = join(root, "helper.ts");
  // (A body shown to reject one call below: an empty async function cannot, and by default a throw
  // written in the called function itself is not evidence: reportCalleeThrows.)
  writeFileSync(
    helper,
    `async function write(): Promise<void> { throw new Error("unsaved"); }\nexport async function save(): Promise<void> { await write(); }\nexport const sync = () => 1;\n`,
  );
  // floating-promise (off by default) and missing-timeout (whose callees are import aliases too): turned on for this folder.
  writeFileSync(join(root, "loopscope.config.json"), JSON.stringify({ rules: { "floating-promise": "warning", "missing-timeout": "warning" } }));
  const file = join(root, "main.ts");
  writeFileSync(
    file,
    `import { save, sync as s } from "./helper.js";\nimport * as h from "./helper.js";\nexport async function f() {\n  save();\n  h.save();\n  s();\n}\n`,
  );
  const linter = new Linter({ cwd: root });
  try {
    const first = linter.lintFile(file)!;
    const service = (linter as unknown as { service: TsService }).service;
    assert.ok(service.pipeline.hits > 0, "the aliases were asked through the pipeline");
    assert.equal(service.pipeline.pending, 0);
    await sleep(50);
    const again = linter.lintFile(file)!;
    assert.deepEqual(
      again.findings.map(f => f.range.start.line),
      first.findings.map(f => f.range.start.line),
    );
    assert.deepEqual(
      first.findings.map(f => `${f.range.start.line + 1}:${f.ruleId}`),
      ["4:floating-promise", "5:floating-promise"],
    );
    // Cancelled right after the batch: the aliases asked ahead have no reader left, and are drained anyway.
    writeFileSync(file, `${readFileSync(file, "utf8")}// edited\n`);
    linter.fileChanged(file);
    let polls = 0;
    assert.equal(linter.lintFile(file, { isCancelled: () => ++polls >= 3 }), undefined, "cancelled");
    assert.equal(polls, 3, "cancelled after the batch");
    assert.equal(service.pipeline.pending, 0);
  } finally {
    linter.close();
  }
});

test("a call sent later (an old snapshot's release) waits for sendUnawaited or the next update, is never waited for, and its error is only told", {
  skip: process.platform === "win32" ? "the pipeline is off on Windows" : false,
  timeout: 60_000,
}, () => {
  const file = join(root, "later.ts");
  writeFileSync(file, "export const x = 1;\n");
  const logs: string[] = [];
  const service = new TsService({ cwd: root, log: line => logs.push(line) });
  try {
    const project = service.projectFor(file)!;
    assert.ok(service.pipeline.enabled, "pipeline on");
    const releases = () => service.pipeline.requestsByMethod.get("release") ?? 0;
    service.pipeline.sendUnawaited();
    const sent = releases();
    // An edit: the snapshot it replaces is released later, not during the update.
    service.setOverlay(file, "export const x = 2;\n");
    service.projectFor(file);
    assert.equal(releases(), sent, "held");
    service.pipeline.sendUnawaited();
    assert.equal(releases(), sent + 1, "sent");
    assert.equal(service.pipeline.oneByOne.get("release") ?? 0, 0, "never waited for one by one");
    assert.equal(service.pipeline.pending, 1, "its answer is read with the next one");
    assert.ok(service.projectFor(file)!.program.getSourceFile(file)!.text.includes("x = 2"));
    assert.equal(service.pipeline.pending, 0);
    // A failing call sent later: its error goes to its handler, never to the request that reads it.
    const client = (project as unknown as { client: { apiRequest(method: string, params: unknown): unknown } }).client;
    const errors: string[] = [];
    assert.ok(
      service.pipeline.sendLater(
        () => client.apiRequest("getSourceFile", { snapshot: 987654, project: "/nowhere", file: "/nowhere.ts" }),
        m => errors.push(m),
      ),
    );
    service.pipeline.sendUnawaited();
    assert.ok(service.projectFor(file)!.program.getSourceFile(file));
    service.pipeline.drain();
    assert.equal(errors.length, 1, "told once");
    assert.deepEqual(
      logs.filter(l => l.includes("did not release")),
      [],
    );
  } finally {
    service.close();
  }
});

// Diagnostics over real JSON-RPC from the built server: push and pull, incremental edits,
// rapid edits never publishing a stale version, cancellation.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { CancellationTokenSource, DiagnosticSeverity, type Diagnostic, type FullDocumentDiagnosticReport } from "vscode-languageserver-protocol/node";
import { ensureServerBuilt, makeProject, TestLspClient } from "./lspClient";
import { blockingOnConfig } from "../helpers/blocking-on";

const blocking = `import fs from "node:fs";
export async function handler(req, res) {
  return fs.readFileSync("x", "utf8");
}
`;
const clean = `export async function handler(req, res) {
  return 1;
}
`;

let project: ReturnType<typeof makeProject>;
before(() => {
  ensureServerBuilt();
  project = makeProject({
    "loopscope.config.json": blockingOnConfig,
    "src/a.ts": blocking,
    "src/b.ts": clean,
    "src/c.ts": clean,
    "src/d.ts": blocking,
    "src/e.ts": clean,
  });
});
after(() => project.dispose());

function assertBlockingDiagnostic(d: Diagnostic | undefined) {
  assert.ok(d, "a diagnostic");
  assert.equal(d.source, "loopscope");
  assert.equal(d.code, "blocking-call-in-async");
  assert.equal(d.severity, DiagnosticSeverity.Warning);
  assert.match(String(d.message), /fs\.readFileSync blocks the event loop/);
  // The call, not the statement.
  assert.deepEqual(d.range, { start: { line: 2, character: 9 }, end: { line: 2, character: 37 } });
  assert.match(d.codeDescription?.href ?? "", /^file:\/\/.*\/docs\/rules\/blocking-call-in-async\.md$/);
}

test("push: open → diagnostics for that version; an incremental edit updates them; close clears them", async () => {
  const client = await TestLspClient.start({ settings: () => ({}) });
  try {
    assert.equal(client.initializeResult.capabilities.diagnosticProvider, undefined, "no pull support advertised by the client → push");
    const uri = project.uri("src/a.ts");
    await client.open(uri, blocking);
    const first = await client.waitForPublish(uri, p => p.version === 1);
    assert.equal(first.diagnostics.length, 1);
    assertBlockingDiagnostic(first.diagnostics[0]);

    // Incremental: replace `fs.readFileSync("x", "utf8")` with a literal.
    const from = client.published.length;
    await client.change(uri, 2, [{ range: { start: { line: 2, character: 9 }, end: { line: 2, character: 37 } }, text: `"x"` }]);
    const second = await client.waitForPublish(uri, p => p.version === 2, from);
    assert.deepEqual(second.diagnostics, []);

    // And back, as two small incremental edits in one notification.
    const from3 = client.published.length;
    await client.change(uri, 3, [
      { range: { start: { line: 2, character: 9 }, end: { line: 2, character: 12 } }, text: `fs.readFileSync("x", "utf8")` },
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: `// a comment\n` },
    ]);
    const third = await client.waitForPublish(uri, p => p.version === 3, from3);
    assert.equal(third.diagnostics.length, 1);
    assert.equal(third.diagnostics[0]!.range.start.line, 3, "the inserted comment line moved the finding down");

    const from4 = client.published.length;
    await client.close(uri);
    const cleared = await client.waitForPublish(uri, () => true, from4);
    assert.deepEqual(cleared.diagnostics, []);
  } finally {
    await client.stop();
  }
});

test("push: a burst of edits publishes only the newest version", async () => {
  const client = await TestLspClient.start({ settings: () => ({}) });
  try {
    const uri = project.uri("src/b.ts");
    await client.open(uri, clean);
    await client.waitForPublish(uri, p => p.version === 1);
    const from = client.published.length;
    // v2..v11 alternate between clean and blocking text; v11 (odd) is blocking.
    for (let v = 2; v <= 11; v++) await client.change(uri, v, [{ text: v % 2 ? blocking : clean }]);
    const last = await client.waitForPublish(uri, p => p.version === 11, from);
    assert.equal(last.diagnostics.length, 1);
    await client.sleep(400); // would any stale publish still come?
    const versions = client.published
      .slice(from)
      .filter(p => p.uri === uri)
      .map(p => p.version);
    assert.deepEqual(versions, [11], `published versions after the burst: ${versions.join(", ")}`);
  } finally {
    await client.stop();
  }
});

test("push: typing with pauses shorter and longer than the lint never publishes an older version after a newer one was sent", async () => {
  // A file that takes the server noticeably long to lint, so edits land while it works.
  const big = Array.from({ length: 400 }, (_, i) => `export async function h${i}(req, res) { return fs.readFileSync("f${i}", "utf8"); }`).join("\n");
  const text = `import fs from "node:fs";\n${big}\n`;
  const client = await TestLspClient.start({ settings: () => ({}), initializationOptions: { debounceMs: 0 } });
  try {
    const uri = project.uri("src/c.ts");
    await client.open(uri, text);
    await client.waitForPublish(uri, p => p.version === 1, 0, 60_000);
    const sentAt: number[] = [];
    const from = client.published.length;
    let version = 1;
    for (let i = 0; i < 30; i++) {
      version++;
      sentAt[version] = Date.now();
      // Remove one function per edit (from the end), so each version's findings count is known.
      await client.change(uri, version, [{ range: { start: { line: 400 - i, character: 0 }, end: { line: 401 - i, character: 0 } }, text: "" }]);
      await client.sleep([0, 3, 15, 40][i % 4]!);
    }
    const last = await client.waitForPublish(uri, p => p.version === version, from, 60_000);
    assert.equal(last.diagnostics.length, 400 - 30);
    await client.sleep(300);
    const published = client.published.slice(from).filter(p => p.uri === uri);
    const versions = published.map(p => p.version!);
    // Stale: published although the next version had been sent well before (so the server had it).
    // 50 ms leaves room for a busy machine delaying this process; without the server's checks
    // such results arrive 100-800 ms after the next edit was sent.
    const stale = published
      .filter(p => {
        const next = sentAt[p.version! + 1];
        return next !== undefined && next < client.publishedAt[client.published.indexOf(p)]! - 50;
      })
      .map(p => p.version);
    assert.deepEqual(stale, [], `stale versions published (of ${versions.join(", ")})`);
    for (let i = 1; i < versions.length; i++) assert.ok(versions[i]! > versions[i - 1]!, `versions go only forward: ${versions.join(", ")}`);
    for (const p of published) assert.equal(p.diagnostics.length, 400 - (p.version! - 1), `v${p.version}'s diagnostics match v${p.version}'s text`);
    assert.equal(versions.at(-1), version);
  } finally {
    await client.stop();
  }
});

test("pull: the server offers textDocument/diagnostic when the client supports it, and reports unchanged results", async () => {
  const client = await TestLspClient.start({ pull: true, settings: () => ({}) });
  try {
    assert.deepEqual(client.initializeResult.capabilities.diagnosticProvider, {
      identifier: "loopscope",
      interFileDependencies: true,
      workspaceDiagnostics: false,
    });
    const uri = project.uri("src/d.ts");
    await client.open(uri, blocking);
    const report = (await client.pull(uri)) as FullDocumentDiagnosticReport;
    assert.equal(report.kind, "full");
    assert.equal(report.items.length, 1);
    assertBlockingDiagnostic(report.items[0]);
    assert.ok(report.resultId);
    assert.deepEqual(await client.pull(uri, undefined, report.resultId), { kind: "unchanged", resultId: report.resultId });

    await client.change(uri, 2, [
      { range: { start: { line: 2, character: 9 }, end: { line: 2, character: 37 } }, text: `await fs.promises.readFile("x", "utf8")` },
    ]);
    const after = (await client.pull(uri, undefined, report.resultId)) as FullDocumentDiagnosticReport;
    assert.equal(after.kind, "full");
    assert.deepEqual(after.items, []);
    await client.sleep(200);
    assert.equal(client.published.length, 0, "nothing is pushed to a pull client");
  } finally {
    await client.stop();
  }
});

test("pull: a cancelled request answers RequestCancelled; a request overtaken by an edit answers ServerCancelled (retrigger)", async () => {
  const client = await TestLspClient.start({ pull: true, settings: () => ({}) });
  try {
    const uri = project.uri("src/e.ts");
    await client.open(uri, blocking);
    const source = new CancellationTokenSource();
    const cancelled = client.pull(uri, source.token);
    source.cancel();
    await assert.rejects(cancelled, (e: { code?: number }) => e.code === -32800);

    // The server asks the client for settings first (a round trip), so the edit is in by then.
    const uri2 = project.uri("src/a.ts");
    await client.open(uri2, blocking);
    const overtaken = client.pull(uri2);
    await client.change(uri2, 2, [{ text: clean }]);
    await assert.rejects(overtaken, (e: { code?: number; data?: { retriggerRequest?: boolean } }) => e.code === -32802 && e.data?.retriggerRequest === true);
    const fresh = (await client.pull(uri2)) as FullDocumentDiagnosticReport;
    assert.deepEqual(fresh.items, []);
  } finally {
    await client.stop();
  }
});

test("push: a finding through a helper in another file carries the chain as related information, and editing the helper re-checks the caller", async () => {
  const helper = `import { readFileSync } from "node:fs";
export function loadConfig(path: string): string {
  return readFileSync(path, "utf8");
}
`;
  const caller = `import { loadConfig } from "./helper.js";
export async function handle(req, res) {
  return loadConfig("config.json");
}
`;
  const cross = makeProject({ "loopscope.config.json": blockingOnConfig, "src/helper.ts": helper, "src/caller.ts": caller });
  const client = await TestLspClient.start({ settings: () => ({}) });
  try {
    const helperUri = cross.uri("src/helper.ts"),
      callerUri = cross.uri("src/caller.ts");
    await client.open(callerUri, caller);
    await client.open(helperUri, helper);
    const first = await client.waitForPublish(callerUri, p => p.diagnostics.length === 1);
    const d = first.diagnostics[0]!;
    assert.deepEqual(d.range.start, { line: 2, character: 9 }, "reported at the call in async code");
    assert.ok(
      d.relatedInformation?.some(r => r.location.uri === helperUri && r.location.range.start.line === 2),
      `the chain points into helper.ts: ${JSON.stringify(d.relatedInformation)}`,
    );

    // Make the helper non-blocking: the caller's finding goes away without touching the caller.
    const from = client.published.length;
    await client.change(helperUri, 2, [{ text: `export function loadConfig(path: string): string {\n  return path;\n}\n` }]);
    await client.waitForPublish(callerUri, p => p.diagnostics.length === 0, from);
  } finally {
    await client.stop();
    cross.dispose();
  }
});

test("push: a file that is not open changes on disk (workspace/didChangeWatchedFiles) → open dependants are re-checked", async () => {
  const caller = `import { loadConfig } from "./helper.js";
export async function handle(req, res) {
  return loadConfig("config.json");
}
`;
  const disk = makeProject({
    "loopscope.config.json": blockingOnConfig,
    "src/helper.ts": `import { readFileSync } from "node:fs";\nexport function loadConfig(path: string): string {\n  return readFileSync(path, "utf8");\n}\n`,
    "src/caller.ts": caller,
  });
  const client = await TestLspClient.start({ settings: () => ({}) });
  try {
    const callerUri = disk.uri("src/caller.ts");
    await client.open(callerUri, caller);
    await client.waitForPublish(callerUri, p => p.diagnostics.length === 1);
    writeFileSync(disk.path("src/helper.ts"), `export function loadConfig(path: string): string {\n  return path;\n}\n`);
    const from = client.published.length;
    await client.filesChanged([{ uri: disk.uri("src/helper.ts"), type: 2 }]);
    await client.waitForPublish(callerUri, p => p.diagnostics.length === 0, from);
  } finally {
    await client.stop();
    disk.dispose();
  }
});

// The server never dies on bad input: broken syntax, a rule that throws, documents it cannot
// lint, garbage requests. Over real JSON-RPC against the built server.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { FullDocumentDiagnosticReport } from "vscode-languageserver-protocol/node";
import { ensureServerBuilt, makeProject, TestLspClient } from "./lspClient";

const blocking = `import fs from "node:fs";
export async function h() {
  return fs.readFileSync("x", "utf8");
}
`;

let project: ReturnType<typeof makeProject>;
before(() => {
  ensureServerBuilt();
  project = makeProject({ "src/broken.ts": "", "src/ok.ts": blocking, "src/other.ts": blocking });
});
after(() => project.dispose());

test("a file with broken syntax is linted as far as it parses, and the server keeps serving", async () => {
  const client = await TestLspClient.start({ pull: true, settings: () => ({}) });
  try {
    const uri = project.uri("src/broken.ts");
    const broken = `${blocking}export async function g( {\n  const x = fs.readFileSync("y";\n  ))) }}} <<<\n`;
    await client.open(uri, broken);
    const report = await client.pull(uri) as FullDocumentDiagnosticReport;
    assert.equal(report.kind, "full");
    assert.ok(report.items.some(d => d.range.start.line === 2), "the finding before the broken part is still reported");
    // Unbalanced everything, then an edit that makes it worse, then binary-looking text.
    await client.change(uri, 2, [{ text: "(((((((((((((((((((((((((((((((((((((((((((((((((((" .repeat(200) }]);
    assert.equal((await client.pull(uri) as FullDocumentDiagnosticReport).kind, "full");
    await client.change(uri, 3, [{ text: "\u0000\u0001\u0002garbage\uFFFD".repeat(100) }]);
    assert.equal((await client.pull(uri) as FullDocumentDiagnosticReport).kind, "full");
    // Still alive and correct for a good file.
    const ok = project.uri("src/ok.ts");
    await client.open(ok, blocking);
    assert.equal((await client.pull(ok) as FullDocumentDiagnosticReport).items.length, 1);
    assert.equal(client.exited, false);
  } finally {
    await client.stop();
  }
});

test("a rule that throws is logged once, and the other rules' diagnostics still arrive", async () => {
  const client = await TestLspClient.start({ pull: true, settings: () => ({}), env: { LOOPSCOPE_TEST_THROWING_RULE: "always-throws" } });
  try {
    for (const name of ["src/ok.ts", "src/other.ts"]) {
      const uri = project.uri(name);
      await client.open(uri, blocking);
      for (let v = 2; v <= 4; v++) {
        const report = await client.pull(uri) as FullDocumentDiagnosticReport;
        assert.deepEqual(report.items.map(d => d.code), ["blocking-call-in-async"], "the other rule still reports");
        await client.change(uri, v, [{ text: blocking + `// edit ${v}\n` }]);
      }
    }
    await client.sleep(100);
    const mentions = client.logs.filter(l => l.message.includes("always-throws"));
    assert.equal(mentions.length, 1, `logged once: ${JSON.stringify(mentions)}`);
    assert.match(mentions[0]!.message, /always-throws is a test rule that always throws/);
  } finally {
    await client.stop();
  }
});

test("documents that are not files, unknown documents and unknown methods get answers, not crashes", async () => {
  const client = await TestLspClient.start({ pull: true, settings: () => ({}) });
  try {
    const untitled = "untitled:Untitled-1";
    await client.open(untitled, blocking);
    assert.deepEqual(await client.pull(untitled), { kind: "full", resultId: "none", items: [] });
    assert.deepEqual(await client.pull(project.uri("src/not-open.ts")), { kind: "full", items: [] });
    await assert.rejects(client.connection.sendRequest("loopscope/noSuchMethod", {}), (e: { code?: number }) => e.code === -32601);
    // A change for a document that was never opened, and a close of an unknown document.
    await client.change(project.uri("src/ghost.ts"), 7, [{ text: "x" }]);
    await client.close(project.uri("src/ghost.ts"));
    const ok = project.uri("src/ok.ts");
    await client.open(ok, blocking);
    assert.equal((await client.pull(ok) as FullDocumentDiagnosticReport).items.length, 1);
    assert.equal(client.exited, false);
  } finally {
    await client.stop();
  }
});

test("status notifications for the extension's status bar: ready after start, linting while a lint runs, ready after", async () => {
  const client = await TestLspClient.start({ pull: true, settings: () => ({}), initializationOptions: { statusNotifications: true } });
  try {
    await client.waitFor(() => client.statuses.some(s => s.state === "ready") || undefined, "ready");
    const uri = project.uri("src/ok.ts");
    await client.open(uri, blocking);
    await client.pull(uri);
    await client.waitFor(() => client.statuses.at(-1)?.state === "ready" || undefined, "ready again");
    assert.deepEqual(client.statuses.map(s => s.state), ["ready", "linting", "ready"]);
  } finally {
    await client.stop();
  }
  const quiet = await TestLspClient.start({ pull: true, settings: () => ({}) });
  try {
    await quiet.open(project.uri("src/ok.ts"), blocking);
    await quiet.pull(project.uri("src/ok.ts"));
    assert.deepEqual(quiet.statuses, [], "other editors do not get Loopscope's private notifications");
  } finally {
    await quiet.stop();
  }
});

test("shutdown then exit ends the process with code 0", async () => {
  const client = await TestLspClient.start({});
  await client.stop();
  assert.equal(client.exited, true);
  assert.equal(client.process.exitCode, 0);
});

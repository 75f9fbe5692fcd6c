// The server never dies on bad input: broken syntax, a rule that throws, documents it cannot
// lint, garbage requests. Over real JSON-RPC against the built server.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, rmSync } from "node:fs";
import type { Diagnostic, FullDocumentDiagnosticReport } from "vscode-languageserver-protocol/node";
import { ensureServerBuilt, makeProject, TestLspClient } from "./lspClient";
import { slowToCheck, withTimeout } from "./compilerProcess";
import { serverNoticeNotification } from "../../protocol/src/languageServer";

/** The four rules of the first version, named as a user would turn them on (all but missing-timeout are off by default). */
const fourRules = () => ({
  rules: { "blocking-call-in-async": "warning", "floating-promise": "warning", "unbounded-concurrency": "warning", "missing-timeout": "warning" },
});

const blocking = `import fs from "node:fs";
export async function h(req, res) {
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
  const client = await TestLspClient.start({ pull: true, settings: fourRules });
  try {
    const uri = project.uri("src/broken.ts");
    const broken = `${blocking}export async function g( {\n  const x = fs.readFileSync("y";\n  ))) }}} <<<\n`;
    await client.open(uri, broken);
    const report = (await client.pull(uri)) as FullDocumentDiagnosticReport;
    assert.equal(report.kind, "full");
    assert.ok(
      report.items.some(d => d.range.start.line === 2),
      "the finding before the broken part is still reported",
    );
    // Unbalanced everything, then an edit that makes it worse, then binary-looking text.
    await client.change(uri, 2, [{ text: "(((((((((((((((((((((((((((((((((((((((((((((((((((".repeat(200) }]);
    assert.equal(((await client.pull(uri)) as FullDocumentDiagnosticReport).kind, "full");
    await client.change(uri, 3, [{ text: "\u0000\u0001\u0002garbage\uFFFD".repeat(100) }]);
    assert.equal(((await client.pull(uri)) as FullDocumentDiagnosticReport).kind, "full");
    // Still alive and correct for a good file.
    const ok = project.uri("src/ok.ts");
    await client.open(ok, blocking);
    assert.equal(((await client.pull(ok)) as FullDocumentDiagnosticReport).items.length, 1);
    assert.equal(client.exited, false);
  } finally {
    await client.stop();
  }
});

test("a rule that throws is logged once, the other rules' diagnostics still arrive, and the file says it was checked only in part", async () => {
  const client = await TestLspClient.start({ pull: true, settings: fourRules, env: { LOOPSCOPE_TEST_THROWING_RULE: "always-throws" } });
  try {
    for (const name of ["src/ok.ts", "src/other.ts"]) {
      const uri = project.uri(name);
      await client.open(uri, blocking);
      for (let v = 2; v <= 4; v++) {
        const report = (await client.pull(uri)) as FullDocumentDiagnosticReport;
        assert.deepEqual(
          report.items.map(d => d.code),
          ["partly-checked", "blocking-call-in-async"],
          "the other rule still reports, and the list says it is incomplete",
        );
        assert.match(
          String(report.items[0]!.message),
          /^Loopscope checked this file only in part: rule always-throws failed on it \(always-throws is a test rule that always throws\), so its findings are missing/,
        );
        await client.change(uri, v, [{ text: blocking + `// edit ${v}\n` }]);
      }
    }
    await client.sleep(100);
    const mentions = client.logs.filter(l => l.message.includes("always-throws"));
    assert.equal(mentions.length, 1, `logged once: ${JSON.stringify(mentions)}`);
    assert.match(String(mentions[0]!.message), /always-throws is a test rule that always throws/);
  } finally {
    await client.stop();
  }
});

test("documents that are not files, unknown documents and unknown methods get answers, not crashes", async () => {
  const client = await TestLspClient.start({ pull: true, settings: fourRules });
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
    assert.equal(((await client.pull(ok)) as FullDocumentDiagnosticReport).items.length, 1);
    assert.equal(client.exited, false);
  } finally {
    await client.stop();
  }
});

test("status notifications for the extension's status bar: ready after start, linting while a lint runs, ready after", async () => {
  const client = await TestLspClient.start({ pull: true, settings: fourRules, initializationOptions: { statusNotifications: true } });
  try {
    await client.waitFor(() => client.statuses.some(s => s.state === "ready") || undefined, "ready");
    const uri = project.uri("src/ok.ts");
    await client.open(uri, blocking);
    await client.pull(uri);
    await client.waitFor(() => client.statuses.at(-1)?.state === "ready" || undefined, "ready again");
    assert.deepEqual(
      client.statuses.map(s => s.state),
      ["ready", "linting", "ready"],
    );
  } finally {
    await client.stop();
  }
  const quiet = await TestLspClient.start({ pull: true, settings: fourRules });
  try {
    await quiet.open(project.uri("src/ok.ts"), blocking);
    await quiet.pull(project.uri("src/ok.ts"));
    assert.deepEqual(quiet.statuses, [], "other editors do not get Loopscope's private notifications");
  } finally {
    await quiet.stop();
  }
});

test("a document linted with every rule off: the user is told once why nothing is reported (a notice, and the log)", async () => {
  // missing-timeout is on by default (since session 27): the user's settings turn it off.
  const client = await TestLspClient.start({
    pull: true,
    settings: () => ({ rules: { "missing-timeout": "off" } }),
    initializationOptions: { statusNotifications: true },
  });
  const notices: string[] = [];
  client.connection.onNotification(serverNoticeNotification, params => {
    notices.push(params.message);
  });
  try {
    for (const name of ["src/ok.ts", "src/other.ts"]) {
      const uri = project.uri(name);
      await client.open(uri, blocking);
      assert.deepEqual(await pullItems(client, uri, name), [], "every rule is off");
    }
    await client.waitFor(() => notices.length || undefined, "the notice");
    assert.equal(notices.length, 1, JSON.stringify(notices));
    assert.match(
      notices[0]!,
      /no rule is on for .*ok\.ts, so nothing is checked: the configuration turned off the one rule on by default \(missing-timeout\), and the others are off by default .*"missing-timeout": "warning"/,
    );
    assert.ok(client.logs.some(l => l.message.includes("no rule is on")));
  } finally {
    await client.stop();
  }
  const on = await TestLspClient.start({ pull: true, settings: fourRules, initializationOptions: { statusNotifications: true } });
  try {
    await on.open(project.uri("src/ok.ts"), blocking);
    assert.equal((await pullItems(on, project.uri("src/ok.ts"), "ok.ts")).length, 1);
    assert.ok(!on.logs.some(l => l.message.includes("no rule is on")), "no notice once a rule is on");
  } finally {
    await on.stop();
  }
});

const pullItems = async (client: TestLspClient, uri: string, what: string): Promise<Diagnostic[]> =>
  ((await withTimeout(client.pull(uri), 30_000, what)) as FullDocumentDiagnosticReport).items;

test("a lone UTF-16 surrogate in the text does not wedge the compiler: the pull is answered at the same positions, and so is everything after", async () => {
  const client = await TestLspClient.start({ pull: true, settings: fourRules });
  try {
    const uri = project.uri("x.ts");
    await client.open(uri, "export const a = 1;\n");
    assert.deepEqual(await pullItems(client, uri, "the first pull"), []);
    await client.change(uri, 2, [{ text: "export const s = '\uD800';\n" }]);
    assert.deepEqual(await pullItems(client, uri, "the pull of the text with a lone surrogate"), []);
    // Findings after lone surrogates (low, high, at the end) are where they are with other characters there.
    const text = (c: [string, string, string]) => `const t = '${c[0]}${c[1]}x';\n${blocking}// ${c[2]}`;
    await client.change(uri, 3, [{ text: text(["a", "b", "c"]) }]);
    const expected = (await pullItems(client, uri, "the pull without surrogates")).map(d => [d.code, d.range]);
    assert.equal(expected.length, 1);
    await client.change(uri, 4, [{ text: text(["\uDC00", "\uD800", "\uD83D"]) }]);
    assert.deepEqual(
      (await pullItems(client, uri, "the pull with surrogates")).map(d => [d.code, d.range]),
      expected,
    );
    const ok = project.uri("src/ok.ts");
    await client.open(ok, blocking);
    assert.equal((await pullItems(client, ok, "another file")).length, 1);
  } finally {
    await client.stop();
  }
});

test("a project folder deleted while one of its files is open: the file is still linted, and after the folder is restored and the file re-opened", async () => {
  const tsconfig = JSON.stringify({ compilerOptions: { strict: true, types: ["node"], module: "nodenext" }, include: ["src"] });
  const folder = makeProject({ "pkg/src/a.ts": blocking, "pkg/tsconfig.json": tsconfig });
  const client = await TestLspClient.start({ pull: true, settings: fourRules });
  try {
    const uri = folder.uri("pkg/src/a.ts");
    const deleted = [folder.uri("pkg/src/a.ts"), folder.uri("pkg/tsconfig.json")];
    await client.open(uri, blocking);
    assert.equal((await pullItems(client, uri, "before")).length, 1);
    cpSync(folder.path("pkg"), folder.path("pkg.bak"), { recursive: true });
    rmSync(folder.path("pkg"), { recursive: true });
    await client.filesChanged(deleted.map(u => ({ uri: u, type: 3 as const })));
    await client.change(uri, 2, [{ text: blocking + "\n" }]);
    assert.deepEqual(
      (await pullItems(client, uri, "while deleted")).map(d => d.code),
      ["blocking-call-in-async"],
    );
    cpSync(folder.path("pkg.bak"), folder.path("pkg"), { recursive: true });
    await client.filesChanged(deleted.map(u => ({ uri: u, type: 1 as const })));
    await client.change(uri, 3, [{ text: blocking }]);
    assert.deepEqual(
      (await pullItems(client, uri, "restored")).map(d => d.code),
      ["blocking-call-in-async"],
    );
    await client.close(uri);
    await client.open(uri, blocking, "typescript", 4);
    assert.deepEqual(
      (await pullItems(client, uri, "re-opened")).map(d => d.code),
      ["blocking-call-in-async"],
    );
    assert.equal(
      client.logs.some(l => /project not found/.test(l.message)),
      false,
      client.logs.map(l => l.message).join("\n"),
    );
  } finally {
    await client.stop();
    folder.dispose();
  }
});

test("push mode: a version that could not be checked replaces the previous version's diagnostics with one saying so", async () => {
  const client = await TestLspClient.start({ settings: fourRules, initializationOptions: { lintBudgetMs: 3_000 } });
  try {
    const uri = project.uri("src/other.ts");
    await client.open(uri, blocking);
    await client.waitForPublish(uri, p => p.diagnostics.some(d => d.code === "blocking-call-in-async"));
    const from = client.published.length;
    await client.change(uri, 2, [{ text: blocking + slowToCheck(500) }]);
    const published = await client.waitForPublish(uri, p => p.version === 2, from, 60_000);
    assert.deepEqual(
      published.diagnostics.map(d => d.code),
      ["not-checked"],
      "not the old squiggles",
    );
    assert.match(String(published.diagnostics[0]!.message), /too slow/);
  } finally {
    await client.stop();
  }
});

test("shutdown then exit ends the process with code 0", async () => {
  const client = await TestLspClient.start({});
  await client.stop();
  assert.equal(client.exited, true);
  assert.equal(client.process.exitCode, 0);
});

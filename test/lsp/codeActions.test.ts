// Code actions over real JSON-RPC: the rule's fix, "ignore this line", "fix all <rule>",
// source.fixAll.loopscope; each applied to the text and re-checked by the server.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { CodeAction, FullDocumentDiagnosticReport } from "vscode-languageserver-protocol/node";
import { writeFileSync } from "node:fs";
import { applyTextEdits, editsFor, ensureServerBuilt, makeProject, TestLspClient } from "./lspClient";
import { actionLimits } from "../../server/src/lsp/codeActions";
import { maxDiagnosticsPerFile } from "../../server/src/lsp/fileProblems";

const twoCalls = `import fs from "node:fs";

export async function loadBoth(req, res) {
  const a = fs.readFileSync("a.json", "utf8");
  if (a) {
    const b = fs.readFileSync("b.json", "utf8");
    return a + b;
  }
  return a;
}
`;

let project: ReturnType<typeof makeProject>;
let client: TestLspClient;
before(async () => {
  ensureServerBuilt();
  project = makeProject({ "src/two.ts": twoCalls, "src/one.ts": twoCalls, "src/all.ts": twoCalls, "src/save.ts": twoCalls });
  // floating-promise and blocking-call-in-async are off by default: on here, as a user turns them on
  // with their settings (their quick-fixes are tested below).
  client = await TestLspClient.start({
    pull: true,
    settings: () => ({ rules: { "floating-promise": "warning", "blocking-call-in-async": "warning" } }),
  });
});
after(async () => {
  await client.stop();
  project.dispose();
});

async function openAndPull(name: string, text: string) {
  const uri = project.uri(name);
  await client.open(uri, text);
  const report = (await client.pull(uri)) as FullDocumentDiagnosticReport;
  return { uri, diagnostics: report.items };
}

/** Applies the action like an editor, sends the result as the next version, and pulls again. */
async function apply(uri: string, text: string, version: number, action: CodeAction) {
  const versioned = (action.edit?.documentChanges ?? []).find(c => "textDocument" in c && c.textDocument.uri === uri);
  if (versioned && "textDocument" in versioned)
    assert.equal(versioned.textDocument.version, version - 1, "edits are tied to the version they were computed for");
  const fixed = applyTextEdits(text, editsFor(action, uri));
  await client.change(uri, version, [{ text: fixed }]);
  const report = (await client.pull(uri)) as FullDocumentDiagnosticReport;
  return { fixed, diagnostics: report.items };
}

test("the rule's quick-fix is offered first, marked preferred, and applies cleanly", async () => {
  const { uri, diagnostics } = await openAndPull("src/one.ts", twoCalls);
  assert.equal(diagnostics.length, 2);
  const first = diagnostics[0]!;
  const actions = await client.codeActions(uri, first.range, [first]);
  assert.deepEqual(
    actions.map(a => a.title),
    [
      "Use fs.promises.readFile and await it",
      "Fix all blocking-call-in-async problems in this file",
      "Ignore blocking-call-in-async on this line",
      "Disable blocking-call-in-async for this file",
    ],
  );
  const fix = actions[0]!;
  assert.equal(fix.kind, "quickfix");
  assert.equal(fix.isPreferred, true);
  assert.deepEqual(fix.diagnostics, [first], "linked to the editor's diagnostic");
  const { fixed, diagnostics: left } = await apply(uri, twoCalls, 2, fix);
  assert.match(fixed, /const a = await fs\.promises\.readFile\("a\.json", "utf8"\);/);
  assert.equal(left.length, 1, "the other call is still reported");
  assert.equal(left[0]!.range.start.line, 5);
});

test("'Ignore … on this line' inserts the suppression comment with the line's indentation, and the finding goes away", async () => {
  const { uri, diagnostics } = await openAndPull("src/two.ts", twoCalls);
  const second = diagnostics[1]!;
  const actions = await client.codeActions(uri, second.range, [second]);
  const ignore = actions.find(a => a.title === "Ignore blocking-call-in-async on this line")!;
  assert.ok(ignore);
  const { fixed, diagnostics: left } = await apply(uri, twoCalls, 2, ignore);
  assert.match(fixed, /\n {4}\/\/ loopscope-ignore-next-line blocking-call-in-async -- \n {4}const b = fs\.readFileSync/);
  assert.deepEqual(
    left.map(d => d.range.start.line),
    [3],
    "only the other call is left",
  );
});

test("'Fix all blocking-call-in-async problems in this file' fixes every finding in one edit", async () => {
  const { uri, diagnostics } = await openAndPull("src/all.ts", twoCalls);
  const actions = await client.codeActions(uri, diagnostics[0]!.range, [diagnostics[0]!]);
  const all = actions.find(a => a.title === "Fix all blocking-call-in-async problems in this file")!;
  assert.equal(editsFor(all, uri).length, 1, "one minimal edit");
  const { fixed, diagnostics: left } = await apply(uri, twoCalls, 2, all);
  assert.deepEqual(left, []);
  assert.equal((fixed.match(/await fs\.promises\.readFile/g) ?? []).length, 2);
});

test("source.fixAll.loopscope (editor.codeActionsOnSave) returns one action with every preferred fix; nothing when clean", async () => {
  const { uri } = await openAndPull("src/save.ts", twoCalls);
  const whole = { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } };
  const actions = await client.codeActions(uri, whole, [], ["source.fixAll"]);
  assert.deepEqual(
    actions.map(a => [a.kind, a.title]),
    [["source.fixAll.loopscope", "Fix all Loopscope problems in this file"]],
  );
  const { fixed, diagnostics } = await apply(uri, twoCalls, 2, actions[0]!);
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(await client.codeActions(uri, whole, [], ["source.fixAll.loopscope"]), []);
  // Not in the light-bulb (quickfix) menu.
  assert.ok((await client.codeActions(uri, whole, [], ["quickfix"])).every(a => a.kind === "quickfix"));
  assert.ok(fixed.includes("await fs.promises.readFile"));
});

test("no actions for a range without findings, or for a document the server does not have", async () => {
  const { uri } = await openAndPull("src/clean.ts", "export const x = 1;\n");
  assert.deepEqual(await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } }, []), []);
  assert.deepEqual(await client.codeActions(project.uri("src/never-opened.ts"), { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, []), []);
});

test("a request over one huge line with thousands of findings gets a short, deduplicated answer", async () => {
  const calls = 2000;
  const text = `import fs from "node:fs"; export async function f(req, res) { ${'fs.readFileSync("a"); '.repeat(calls)}}\n`;
  const uri = project.uri("src/huge-line.ts");
  await client.open(uri, text);
  const report = (await client.pull(uri)) as FullDocumentDiagnosticReport;
  // The first findings, and one diagnostic that says how many there are.
  assert.equal(report.items.length, maxDiagnosticsPerFile + 1);
  assert.equal(report.items[0]!.code, "more-findings");
  assert.match(String(report.items[0]!.message), new RegExp(`^Loopscope shows the first ${maxDiagnosticsPerFile} of ${calls} findings in this file`));
  const started = Date.now();
  const actions = await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: text.length - 1 } }, report.items);
  const took = Date.now() - started;
  const titles = actions.map(a => a.title);
  // The first findings' own fixes up to the limit, one fix-all, one "ignore" for the rule on this line, one "disable" for the file.
  assert.equal(titles.length, actionLimits.findingFixes + 3, `${titles.length} actions`);
  assert.deepEqual(titles.slice(actionLimits.findingFixes), [
    "Fix all blocking-call-in-async problems in this file",
    "Ignore blocking-call-in-async on this line",
    "Disable blocking-call-in-async for this file",
  ]);
  assert.ok(titles.slice(0, actionLimits.findingFixes).every(t => t === "Use fs.promises.readFile and await it"));
  const fixAll = actions.find(a => a.title.startsWith("Fix all"))!;
  assert.equal(
    (applyTextEdits(text, editsFor(fixAll, uri)).match(/await fs\.promises\.readFile\("a"\)/g) ?? []).length,
    calls,
    "fix-all still fixes every call",
  );
  assert.ok(took < 30_000, `answered in ${took} ms`);
});

test("'Allow dropping the promise of publish() everywhere' creates loopscope.config.json, then updates it keeping the rest; the findings go", async () => {
  const bus = `declare function send(topic: string): Promise<void>;\nexport async function publish(topic: string) { await send(topic); }\nexport async function flush(req, res) { await send("/flush"); }\n`;
  const use = `import { flush, publish } from "./bus.js";\nexport function onEvent() {\n  publish("a");\n  publish("b");\n  flush();\n}\n`;
  const own = makeProject({ "src/bus.ts": bus, "src/use.ts": use });
  try {
    const uri = own.uri("src/use.ts");
    await client.open(uri, use);
    const before = ((await client.pull(uri)) as FullDocumentDiagnosticReport).items;
    assert.deepEqual(
      before.map(d => d.range.start.line),
      [2, 3, 4],
    );
    const title = "Allow dropping the promise of publish() everywhere (loopscope.config.json)";
    const action = (await client.codeActions(uri, before[0]!.range, [before[0]!])).find(a => a.title === title);
    assert.ok(action, `offered: ${title}`);
    const configUri = own.uri("loopscope.config.json");
    const changes = action.edit?.documentChanges ?? [];
    assert.deepEqual(changes[0], { kind: "create", uri: configUri, options: { ignoreIfExists: true } }, "the file is created first");
    const created = applyTextEdits("", editsFor(action, configUri));
    assert.deepEqual(JSON.parse(created), {
      rules: {
        "floating-promise": { options: { allowForKnownSafeCalls: ["node:test#describe", "node:test#it", "node:test#test", "node:test#suite", "publish"] } },
      },
    });
    writeFileSync(own.path("loopscope.config.json"), created);
    await client.filesChanged([{ uri: configUri, type: 1 }]);
    const after = ((await client.pull(uri)) as FullDocumentDiagnosticReport).items;
    assert.deepEqual(
      after.map(d => d.range.start.line),
      [4],
      "both publish() calls are allowed; flush() is still reported",
    );

    // An existing config: its other settings and the rule's severity and options stay.
    const existing = `{\n    "ignore": ["dist/**"],\n    "rules": { "floating-promise": ["error", { "ignoreVoid": false }] }\n}\n`;
    writeFileSync(own.path("loopscope.config.json"), existing);
    await client.filesChanged([{ uri: configUri, type: 2 }]);
    const flushFinding = ((await client.pull(uri)) as FullDocumentDiagnosticReport).items.find(d => d.range.start.line === 4)!;
    const update = (await client.codeActions(uri, flushFinding.range, [flushFinding])).find(
      a => a.title === "Allow dropping the promise of flush() everywhere (loopscope.config.json)",
    );
    assert.ok(update, "offered for flush()");
    const updated = applyTextEdits(existing, editsFor(update, configUri));
    assert.deepEqual(JSON.parse(updated), {
      ignore: ["dist/**"],
      rules: {
        "floating-promise": [
          "error",
          { ignoreVoid: false, allowForKnownSafeCalls: ["node:test#describe", "node:test#it", "node:test#test", "node:test#suite", "flush"] },
        ],
      },
    });
    assert.match(updated, /\n {4}"ignore"/, "the file's indentation is kept");
  } finally {
    own.dispose();
  }
});

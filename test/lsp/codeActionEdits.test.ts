// The code actions' own edits, without a server: suppression comments (with the reason as a
// snippet placeholder where the client supports snippet edits), "disable for this file",
// "show documentation", and a fix that leaves an import unused.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { CodeAction, TextDocumentEdit } from "vscode-languageserver";
import { codeActionsFor, type CodeActionInput } from "../../server/src/lsp/codeActions";
import type { Finding, Fix } from "../../server/src/analysis/findings";
import { applyEdits } from "../../server/src/lsp/textEdits";

const fileName = "/p/src/a.ts";
const uri = "file:///p/src/a.ts";

function finding(line: number, fixes: Fix[] = [], ruleId = "blocking-call-in-async"): Finding {
  return {
    ruleId,
    messageId: "m",
    severity: "warning",
    message: "m",
    fileName,
    range: { start: { line, character: 2 }, end: { line, character: 8 } },
    related: [],
    fixes,
  };
}

function actionsFor(text: string, findings: Finding[], extra: Partial<CodeActionInput> = {}): CodeAction[] {
  return codeActionsFor({
    uri,
    version: 3,
    text,
    result: { fileName, findings, problems: [] },
    range: findings[0]!.range,
    diagnostics: [],
    documentChanges: true,
    diagnosticOptions: { relatedInformation: true, codeDescription: true },
    relint: () => undefined,
    ...extra,
  });
}

const editsOf = (action: CodeAction) => (action.edit!.documentChanges![0] as TextDocumentEdit).edits;
const plainText = (text: string, action: CodeAction) =>
  applyEdits(
    text,
    editsOf(action).map(e => ({ range: e.range, newText: "newText" in e ? e.newText : "" })),
  );

const code = `import fs from "node:fs";\nexport async function f() {\n  fs.readFileSync("a");\n}\n`;

test("'Ignore … on this line' leaves the reason as a placeholder selected to type over (snippet edit) where the client supports it", () => {
  const ignore = actionsFor(code, [finding(2)], { snippetEdits: true }).find(a => a.title === "Ignore blocking-call-in-async on this line")!;
  assert.deepEqual(editsOf(ignore), [
    {
      range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } },
      snippet: { kind: "snippet", value: "  // loopscope-ignore-next-line blocking-call-in-async -- ${1:reason}\n" },
    },
  ]);
});

test("'Ignore … on this line' without snippet support ends the comment at '-- ' (no literal 'reason' to delete)", () => {
  const ignore = actionsFor(code, [finding(2)]).find(a => a.title === "Ignore blocking-call-in-async on this line")!;
  assert.equal(
    plainText(code, ignore),
    `import fs from "node:fs";\nexport async function f() {\n  // loopscope-ignore-next-line blocking-call-in-async -- \n  fs.readFileSync("a");\n}\n`,
  );
});

test("'Disable <rule> for this file' adds a file comment at the top (after a shebang), or joins one", () => {
  const withShebang = `#!/usr/bin/env node\n${code}`;
  const disable = actionsFor(withShebang, [finding(3)]).find(a => a.title === "Disable blocking-call-in-async for this file")!;
  assert.ok(disable, "offered");
  assert.equal(plainText(withShebang, disable), `#!/usr/bin/env node\n// loopscope-ignore-file blocking-call-in-async -- \n${code}`);
  const snippet = actionsFor(code, [finding(2)], { snippetEdits: true }).find(a => a.title === "Disable blocking-call-in-async for this file")!;
  assert.deepEqual(
    editsOf(snippet).map(e => ("snippet" in e ? e.snippet.value : e.newText)),
    ["// loopscope-ignore-file blocking-call-in-async -- ${1:reason}\n"],
  );
  const existing = `// loopscope-ignore-file missing-timeout -- slow network is fine here\n${code}`;
  const join = actionsFor(existing, [finding(3)]).find(a => a.title === "Disable blocking-call-in-async for this file")!;
  assert.equal(plainText(existing, join).split("\n")[0], "// loopscope-ignore-file missing-timeout, blocking-call-in-async -- slow network is fine here");
});

test("'Show documentation for <rule>' runs the client's command with the rule id, only when the client has one", () => {
  const without = actionsFor(code, [finding(2)]);
  assert.equal(
    without.some(a => a.title.startsWith("Show documentation")),
    false,
  );
  const docs = actionsFor(code, [finding(2)], { showDocumentationCommand: "loopscope.showRuleDocumentation" }).find(
    a => a.title === "Show documentation for blocking-call-in-async",
  )!;
  assert.deepEqual(docs.command, {
    title: "Show documentation for blocking-call-in-async",
    command: "loopscope.showRuleDocumentation",
    arguments: ["blocking-call-in-async"],
  });
  assert.equal(docs.edit, undefined);
});

test("a quick-fix that leaves a named import unused removes it in the same edit; a suggestion is never preferred", () => {
  const text = `import { execSync, exec } from "node:child_process";\nexport async function f() {\n  execSync("ls");\n}\n`;
  const fix: Fix = {
    title: "t",
    isPreferred: true,
    mayLeaveUnused: [{ module: "child_process", localName: "execSync" }],
    edits: [{ fileName, range: { start: { line: 2, character: 2 }, end: { line: 2, character: 10 } }, newText: "await exec" }],
  };
  const [action] = actionsFor(text, [finding(2, [fix])]);
  assert.equal(plainText(text, action!), `import { exec } from "node:child_process";\nexport async function f() {\n  await exec("ls");\n}\n`);
  assert.equal(action!.isPreferred, true);
  const [suggested] = actionsFor(text, [finding(2, [{ ...fix, suggestion: true }])]);
  assert.equal(suggested!.isPreferred, undefined);
});

test("fix-all never applies a suggestion, even a finding's only fix", async () => {
  const { fixForFixAll } = await import("../../server/src/lsp/fixAll");
  const only: Fix = {
    title: "t",
    suggestion: true,
    edits: [{ fileName, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: "x" }],
  };
  assert.equal(fixForFixAll(finding(2, [only])), undefined);
  assert.equal(fixForFixAll(finding(2, [{ ...only, suggestion: false }]))?.title, "t");
});

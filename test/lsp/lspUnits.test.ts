// The LSP layer's pure parts: text edits, fix-all merging, suppression comments, settings → override.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { FileResult, Finding, Fix } from "../../server/src/analysis/findings";
import { compatibleEdits, fixAllInText } from "../../server/src/lsp/fixAll";
import { ignoreLineEdit } from "../../server/src/lsp/codeActions";
import { toSettingsOverride } from "../../server/src/lsp/settings";
import { applyEdits, minimalEdit, rangesConflict } from "../../server/src/lsp/textEdits";
import { TextDocument } from "vscode-languageserver-textdocument";

const r = (l1: number, c1: number, l2: number, c2: number) => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });
const finding = (ruleId: string, range: ReturnType<typeof r>, fixes: Fix[] = []): Finding => ({
  ruleId,
  messageId: "m",
  severity: "warning",
  message: "m",
  fileName: "/p/a.ts",
  range,
  related: [],
  fixes,
});
const fix = (edits: [ReturnType<typeof r>, string][], isPreferred = true): Fix => ({
  title: "t",
  isPreferred,
  edits: edits.map(([range, newText]) => ({ fileName: "/p/a.ts", range, newText })),
});

test("minimalEdit keeps the common prefix and suffix, and never splits a surrogate pair", () => {
  assert.equal(minimalEdit("same", "same"), undefined);
  assert.deepEqual(minimalEdit("a\nfoo(x)\nb", "a\nawait foo(x)\nb"), { range: r(1, 0, 1, 0), newText: "await " });
  const before = "x = '😀';",
    after = "x = '😁';";
  const edit = minimalEdit(before, after)!;
  assert.equal(applyEdits(before, [edit]), after);
  assert.equal(edit.newText, "😁");
});

test('minimalEdit never puts an edit boundary inside a "\\r\\n" (no LSP position lies there): an editor applying it gets the new text', () => {
  const pairs: [string, string][] = [
    ["a\r\nb", "a\rX\nb"],
    ["a\r\nb", "a\r\r\nb"],
    ["a\r\nb", "a\rb"],
    ["a\r\nb", "a\nb"],
    ["x\r\n", "x\r"],
    ["\r\n", "\rX\n"],
  ];
  const parts = ["a", "\r", "\n", "\r\n", "X"];
  for (let i = 0; i < 400; i++) {
    const pick = (n: number) => Array.from({ length: n }, (_, k) => parts[(i * 7 + k * 13 + (i >> 2) * k) % parts.length]).join("");
    pairs.push([pick(i % 6), pick((i >> 1) % 7)]);
  }
  for (const [before, after] of pairs) {
    const edit = minimalEdit(before, after);
    if (!edit) {
      assert.equal(before, after);
      continue;
    }
    const applied = TextDocument.applyEdits(TextDocument.create("file:///x.ts", "typescript", 0, before), [edit]);
    assert.equal(applied, after, `${JSON.stringify(before)} → ${JSON.stringify(after)} via ${JSON.stringify(edit)}`);
  }
});

test("rangesConflict: overlapping text or two insertions at one point conflict; touching ranges do not", () => {
  assert.equal(rangesConflict(r(0, 0, 0, 5), r(0, 3, 0, 8)), true);
  assert.equal(rangesConflict(r(0, 0, 0, 5), r(0, 5, 0, 8)), false);
  assert.equal(rangesConflict(r(0, 5, 0, 5), r(0, 5, 0, 5)), true);
  assert.equal(rangesConflict(r(0, 5, 0, 5), r(0, 3, 0, 8)), true);
  assert.equal(rangesConflict(r(0, 3, 0, 3), r(0, 3, 0, 8)), false);
});

test("compatibleEdits counts an identical edit (the same added import) once and defers conflicting fixes", () => {
  const importLine: [ReturnType<typeof r>, string] = [r(0, 0, 0, 0), "import x from 'x';\n"];
  const { edits, deferred } = compatibleEdits([fix([importLine, [r(2, 0, 2, 3), "A"]]), fix([importLine, [r(4, 0, 4, 3), "B"]]), fix([[r(4, 1, 4, 2), "C"]])]);
  assert.equal(edits.length, 3);
  assert.equal(deferred, 1);
});

test("fixAllInText re-lints after conflicts and stops when nothing is left", () => {
  const text = "aaa\n";
  const results: FileResult[] = [
    {
      fileName: "/p/a.ts",
      problems: [],
      findings: [finding("x", r(0, 0, 0, 3), [fix([[r(0, 0, 0, 3), "bbb"]])]), finding("x", r(0, 1, 0, 2), [fix([[r(0, 1, 0, 2), "Z"]])])],
    },
  ];
  const relinted: string[] = [];
  const out = fixAllInText(
    text,
    results[0]!,
    f => f.fixes[0],
    t => {
      relinted.push(t);
      return { fileName: "/p/a.ts", problems: [], findings: t === "bbb\n" ? [finding("x", r(0, 1, 0, 2), [fix([[r(0, 1, 0, 2), "Z"]])])] : [] };
    },
  );
  assert.equal(out, "bZb\n");
  assert.deepEqual(relinted, ["bbb\n"]);
});

test("ignoreLineEdit uses the line's indentation and joins an existing directive on the line above", () => {
  const text = "function f() {\n\t  return g();\n}\n";
  const edit = ignoreLineEdit({ text }, finding("blocking-call-in-async", r(1, 10, 1, 13)));
  assert.equal(applyEdits(text, [edit]), "function f() {\n\t  // loopscope-ignore-next-line blocking-call-in-async -- \n\t  return g();\n}\n");
  const crlf = "a();\r\n  b();\r\n";
  assert.equal(
    applyEdits(crlf, [ignoreLineEdit({ text: crlf }, finding("r1", r(1, 2, 1, 5)))]),
    "a();\r\n  // loopscope-ignore-next-line r1 -- \r\n  b();\r\n",
  );
  const cr = "a();\r  b();\r";
  assert.equal(
    applyEdits(cr, [ignoreLineEdit({ text: cr }, finding("r1", r(1, 2, 1, 5)))]),
    "a();\r  // loopscope-ignore-next-line r1 -- \r  b();\r",
    "a lone-CR file gets a lone CR",
  );
  const existing = "  // loopscope-ignore-next-line other-rule -- because\n  b();\n";
  assert.equal(
    applyEdits(existing, [ignoreLineEdit({ text: existing }, finding("r1", r(1, 2, 1, 5)))]),
    "  // loopscope-ignore-next-line other-rule, r1 -- because\n  b();\n",
  );
});

test("toSettingsOverride: severities per rule, 'default' means no override, editor options reach the rules that have them", () => {
  const rules = [
    { id: "blocking-call-in-async", defaultOptions: { extraBlockingApis: [], workerThreadFiles: "info" } },
    { id: "missing-timeout", defaultOptions: { defaultTimeoutMs: 10000 } },
  ];
  assert.deepEqual(toSettingsOverride({ rules: { "blocking-call-in-async": "error", "missing-timeout": "default", "no-such-rule": "off" } }, rules), {
    rules: { "blocking-call-in-async": { severity: "error" } },
  });
  assert.deepEqual(toSettingsOverride({ defaultTimeoutMs: 5000, extraBlockingApis: ["better-sqlite3#Statement.run"] }, rules), {
    rules: {
      "blocking-call-in-async": { options: { extraBlockingApis: ["better-sqlite3#Statement.run"] } },
      "missing-timeout": { options: { defaultTimeoutMs: 5000 } },
    },
  });
  assert.deepEqual(toSettingsOverride({ defaultTimeoutMs: null, extraBlockingApis: [], rules: { "blocking-call-in-async": 3 } }, rules), {});
  assert.deepEqual(toSettingsOverride(null, rules), {});
});

// One code-action request over a huge line (generated code, a minified bundle) can cover
// thousands of findings: the answer stays small, deduplicated, in a fixed order, and quick.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { CodeAction } from "vscode-languageserver";
import type { FileResult, Finding, Fix, TextEdit } from "../../server/src/analysis/findings";
import { actionLimits, codeActionsFor, type CodeActionInput } from "../../server/src/lsp/codeActions";
import { compatibleEdits } from "../../server/src/lsp/fixAll";
import { applyEdits, comparePositions, rangesConflict } from "../../server/src/lsp/textEdits";

const fileName = "/p/a.ts";
const calls = 10_000;
const text = "x();".repeat(calls) + "\ny();\n";
const at = (line: number, character: number) => ({ line, character });

function findings(): Finding[] {
  const out: Finding[] = [];
  for (let i = 0; i < calls; i++) {
    const range = { start: at(0, i * 4), end: at(0, i * 4 + 3) };
    out.push({
      ruleId: "floating",
      messageId: "m",
      severity: "warning",
      message: "m",
      fileName,
      range,
      related: [],
      fixes: [{ title: "Await it", isPreferred: true, edits: [{ fileName, range: { start: range.start, end: range.start }, newText: "await " }] }],
    });
    out.push({ ruleId: "blocking", messageId: "m", severity: "warning", message: "m", fileName, range, related: [], fixes: [] });
  }
  // Two findings whose fix is the same edit: one action for both.
  for (const ruleId of ["r1", "r2"]) {
    out.push({
      ruleId,
      messageId: "m",
      severity: "warning",
      message: "m",
      fileName,
      range: { start: at(1, 0), end: at(1, 3) },
      related: [],
      fixes: [{ title: "Remove y", edits: [{ fileName, range: { start: at(1, 0), end: at(1, 5) }, newText: "" }] }],
    });
  }
  return out;
}

function request(all: Finding[], range = { start: at(0, 0), end: at(1, 5) }): CodeAction[] {
  const input: CodeActionInput = {
    uri: "file:///p/a.ts",
    version: 1,
    text,
    result: { fileName, findings: all, problems: [] } satisfies FileResult,
    range,
    diagnostics: [],
    documentChanges: false,
    diagnosticOptions: { relatedInformation: true, codeDescription: false },
    relint: () => undefined,
  };
  return codeActionsFor(input);
}

test("thousands of findings on one line: at most the limits, one 'ignore' per rule and line, one fix-all per rule, in a fixed order", () => {
  const started = performance.now();
  const actions = request(findings());
  const elapsed = performance.now() - started;
  assert.deepEqual(
    actions.map(a => a.title),
    [
      // The findings' own fixes by position, up to the limit (line 1's "Remove y" is past it).
      ...Array.from({ length: actionLimits.findingFixes }, () => "Await it"),
      // One per rule with at least two fixable findings in the file.
      "Fix all floating problems in this file",
      // One per rule and line.
      "Ignore blocking on this line",
      "Ignore floating on this line",
      "Ignore r1 on this line",
      "Ignore r2 on this line",
      // One per rule.
      "Disable blocking for this file",
      "Disable floating for this file",
      "Disable r1 for this file",
      "Disable r2 for this file",
    ],
  );
  const fixes = actions.filter(a => a.title === "Await it");
  assert.deepEqual(
    fixes.map(a => a.edit!.changes!["file:///p/a.ts"]![0]!.range.start.character),
    Array.from({ length: actionLimits.findingFixes }, (_, i) => i * 4),
    "the first ones by position",
  );
  for (const action of actions)
    assert.ok((action.diagnostics?.length ?? 0) <= actionLimits.linkedDiagnostics, `${action.title}: ${action.diagnostics?.length} linked diagnostics`);
  assert.ok(elapsed < 10_000, `answered in ${Math.round(elapsed)} ms`);

  const fixAll = actions.find(a => a.title === "Fix all floating problems in this file")!;
  assert.equal(
    applyEdits(text, fixAll.edit!.changes!["file:///p/a.ts"]!),
    "await x();".repeat(calls) + "\ny();\n",
    "fix-all still fixes every finding in the file",
  );
});

test("the same edit from two findings is one action linked to both", () => {
  const actions = request(findings(), { start: at(1, 0), end: at(1, 5) });
  const remove = actions.filter(a => a.title === "Remove y");
  assert.equal(remove.length, 1);
  assert.deepEqual(
    remove[0]!.diagnostics!.map(d => d.code),
    ["r1", "r2"],
  );
});

test("the answer does not depend on the order of the findings", () => {
  const shuffled = findings();
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = (i * 7919) % (i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  const strip = (actions: CodeAction[]) => actions.map(a => ({ ...a, diagnostics: a.diagnostics?.map(d => ({ range: d.range, code: d.code })) }));
  assert.deepEqual(strip(request(shuffled)), strip(request(findings())));
});

test("compatibleEdits takes the same edits as checking every pair (random fixes), and is fast on thousands", () => {
  let seed = 7;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const edit = (): TextEdit => {
    const line = next(3),
      start = next(12),
      length = next(3) === 0 ? 0 : next(4);
    return { fileName, range: { start: at(line, start), end: at(line, start + length) }, newText: ["a", "b", ""][next(3)]! };
  };
  for (let round = 0; round < 300; round++) {
    const fixes: Fix[] = Array.from({ length: 1 + next(8) }, () => ({ title: "t", edits: Array.from({ length: 1 + next(2) }, edit) }));
    assert.deepEqual(sorted(compatibleEdits(fixes).edits), sorted(naiveCompatible(fixes)), JSON.stringify(fixes));
  }
  const many: Fix[] = Array.from({ length: 20_000 }, (_, i) => ({
    title: "t",
    edits: [
      { fileName, range: { start: at(0, i), end: at(0, i) }, newText: "x" },
      { fileName, range: { start: at(1, 0), end: at(1, 0) }, newText: "import" },
    ],
  }));
  const started = performance.now();
  assert.equal(compatibleEdits(many).edits.length, 20_001);
  assert.ok(performance.now() - started < 5_000, `${Math.round(performance.now() - started)} ms for 20,000 fixes`);
});

/** The definition: fixes in order of their first edit; a fix whose new edits conflict with taken ones waits. */
function naiveCompatible(fixes: Fix[]): TextEdit[] {
  const first = (fix: Fix) => fix.edits.reduce((min, e) => (comparePositions(e.range.start, min) < 0 ? e.range.start : min), fix.edits[0]!.range.start);
  const same = (a: TextEdit, b: TextEdit) =>
    a.newText === b.newText && comparePositions(a.range.start, b.range.start) === 0 && comparePositions(a.range.end, b.range.end) === 0;
  const accepted: TextEdit[] = [];
  for (const fix of [...fixes].sort((a, b) => comparePositions(first(a), first(b)))) {
    const fresh = fix.edits.filter(e => !accepted.some(o => same(e, o)));
    if (fresh.some(e => accepted.some(o => rangesConflict(e.range, o.range)))) continue;
    accepted.push(...fresh);
  }
  return accepted;
}

const sorted = (edits: TextEdit[]) => edits.map(e => JSON.stringify([e.range, e.newText])).sort();

test("'Allow dropping the promise of f() everywhere': one per callee, however many calls the range holds, and capped (fuzz: 4,005 actions)", () => {
  const all: Finding[] = [];
  for (let i = 0; i < calls; i++) {
    const range = { start: at(0, i * 4), end: at(0, i * 4 + 3) };
    const name = i % 2 === 0 ? "x" : `f${i}`;
    all.push({
      ruleId: "floating-promise",
      messageId: "m",
      severity: "warning",
      message: "m",
      fileName,
      range,
      related: [],
      fixes: [],
      subject: { label: `${name}()`, name },
    });
  }
  const input: CodeActionInput = {
    uri: "file:///p/a.ts",
    version: 1,
    text,
    result: { fileName, findings: all, problems: [] } satisfies FileResult,
    range: { start: at(0, 0), end: at(1, 5) },
    diagnostics: [],
    documentChanges: false,
    diagnosticOptions: { relatedInformation: true, codeDescription: false },
    relint: () => undefined,
    allowList: { target: { path: "/p/loopscope.config.json", text: "{}\n" }, defaults: [] },
  };
  const allows = codeActionsFor(input).filter(a => a.title.startsWith("Allow dropping"));
  assert.equal(allows.length, actionLimits.allowEverywhere);
  assert.equal(new Set(allows.map(a => a.title)).size, allows.length, "one per callee");
  assert.equal(allows[0]!.title, "Allow dropping the promise of x() everywhere (loopscope.config.json)");
  assert.equal(allows[0]!.diagnostics!.length, actionLimits.linkedDiagnostics, "linked to the callee's findings, up to the limit");
});

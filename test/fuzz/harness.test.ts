// The fuzz harness's own parts: LSP line semantics, the checks, the mutations' determinism,
// delta debugging, and the process-tree watch on a real server.
import { test } from "node:test";
import assert from "node:assert/strict";
import { applyTextEdits, ensureServerBuilt, makeProject } from "../lsp/lspClient";
import { checkActions, checkDiagnostics, checkFixParses, maxActionsPerRequest, overlapProblem } from "./checks";
import { aboutThisDocument, findingsOf } from "./driver";
import { FailureError } from "./failures";
import { lineLengths, rangeProblem, singleChange } from "./lspText";
import { allKinds, mutations } from "./mutations";
import { Rng } from "./prng";
import { descendants } from "./processTree";
import { repair } from "./replay";
import { ServerUnderTest } from "./serverUnderTest";
import { ddmin, splitLines } from "./shrink";

const r = (sl: number, sc: number, el: number, ec: number) => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });

test("lines end at CR, LF and CRLF only; U+2028/U+2029 are characters of the line", () => {
  assert.deepEqual(lineLengths("a\r\nbb\rc\u2028d\u2029e\nf"), [1, 2, 5, 1]);
  const text = "x\r\ny";
  assert.equal(rangeProblem(text, r(0, 0, 0, 1)), undefined);
  assert.match(rangeProblem(text, r(0, 0, 0, 2))!, /past the end of line 0/, "the CR of CRLF is not part of the line");
  assert.match(rangeProblem(text, r(2, 0, 2, 0))!, /past the last line/);
  assert.match(rangeProblem(text, r(1, 1, 1, 0))!, /before start/);
});

test("the one-range change an editor sends turns the old text into the new one and never splits CRLF or a surrogate pair", () => {
  const rng = new Rng(7);
  const alphabet = ["a", "\r", "\n", "\r\n", "\u2028", "\uD83D\uDE00", "\uD800", "{", " "];
  const random = () => Array.from({ length: rng.int(0, 12) }, () => rng.pick(alphabet)).join("");
  for (let i = 0; i < 2000; i++) {
    const from = random(),
      to = random();
    const change = singleChange(from, to);
    assert.equal(applyTextEdits(from, [{ range: change.range, newText: change.text }]), to, JSON.stringify({ from, to, change }));
  }
  assert.deepEqual(singleChange("a\r\nb", "a\rb").range, r(0, 1, 1, 0), "the whole CRLF is replaced");
});

test("range checks catch diagnostics and edits outside the document", () => {
  const text = "const a = 1;\r\n";
  const diagnostic = { range: r(0, 0, 0, 13), message: "m", code: "rule" };
  assert.deepEqual(
    checkDiagnostics(text, "file:///x.ts", [diagnostic], "op").map(f => f.kind),
    ["diagnostic-range"],
  );
  assert.deepEqual(checkDiagnostics(text, "file:///x.ts", [{ ...diagnostic, range: r(0, 0, 1, 0) }], "op"), []);
  const action = (edits: { range: ReturnType<typeof r>; newText: string }[], version = 3) => ({
    title: "fix",
    edit: { documentChanges: [{ textDocument: { uri: "file:///x.ts", version }, edits }] },
  });
  assert.deepEqual(checkActions(text, "file:///x.ts", 3, [action([{ range: r(0, 0, 0, 5), newText: "let" }])], "op"), []);
  assert.deepEqual(
    checkActions(text, "file:///x.ts", 3, [action([{ range: r(0, 12, 0, 14), newText: "" }])], "op").map(f => f.kind),
    ["edit-range"],
  );
  assert.deepEqual(
    checkActions(
      text,
      "file:///x.ts",
      3,
      [
        action([
          { range: r(0, 0, 0, 5), newText: "" },
          { range: r(0, 4, 0, 6), newText: "" },
        ]),
      ],
      "op",
    ).map(f => f.kind),
    ["edit-overlap"],
  );
  assert.deepEqual(
    checkActions(text, "file:///x.ts", 4, [action([])], "op").map(f => f.kind),
    ["edit-version"],
  );
  const many = Array.from({ length: maxActionsPerRequest + 1 }, () => ({ title: "ignore" }));
  assert.deepEqual(
    checkActions(text, "file:///x.ts", 3, many, "op").map(f => f.kind),
    ["too-many-actions"],
  );
});

test("edits overlap only when they change the same text twice; inserts at one place do not", () => {
  assert.equal(
    overlapProblem([
      { range: r(0, 1, 0, 1), newText: "a" },
      { range: r(0, 1, 0, 1), newText: "b" },
      { range: r(0, 1, 0, 3), newText: "" },
    ]),
    undefined,
  );
  assert.equal(
    overlapProblem([
      { range: r(0, 0, 0, 2), newText: "" },
      { range: r(0, 2, 0, 2), newText: "x" },
    ]),
    undefined,
  );
  assert.match(
    overlapProblem([
      { range: r(1, 0, 2, 0), newText: "" },
      { range: r(1, 5, 1, 5), newText: "x" },
    ])!,
    /overlaps/,
  );
});

test("a fix is blamed only when it breaks code that parsed", () => {
  assert.equal(checkFixParses("export const a = 1;", "export const a = 2;", "x.ts", "t", "op"), undefined);
  assert.equal(checkFixParses("export const a = (;", "export const a = ((;", "x.ts", "t", "op"), undefined);
  assert.equal(checkFixParses("export function f() {\n}\n", "}\n", "x.ts", "t", "op")?.kind, "fix-parse");
});

test("mutations are deterministic for a seed and every kind changes some text", () => {
  const text = 'import fs from "node:fs";\nexport async function f() {\n  return fs.readFileSync("x");\n}\n';
  for (const [kind, mutate] of Object.entries(mutations)) {
    const a = [1, 2, 3, 4, 5].map(seed => mutate(text, new Rng(seed)));
    assert.deepEqual(
      a,
      [1, 2, 3, 4, 5].map(seed => mutate(text, new Rng(seed))),
      kind,
    );
    assert.ok(
      a.some(t => t !== text),
      `${kind} never changed the text`,
    );
  }
  assert.ok(allKinds.includes("odd-document"));
});

test("ddmin finds the two items a failure needs", async () => {
  const items = Array.from({ length: 100 }, (_, i) => i);
  let calls = 0;
  const result = await ddmin(
    items,
    async c => {
      calls++;
      return c.includes(17) && c.includes(42);
    },
    () => true,
  );
  assert.deepEqual(result, [17, 42]);
  assert.ok(calls < 200, `${calls} calls`);
  assert.deepEqual(splitLines("a\r\nb\rc\u2028d\n"), ["a\r\n", "b\r", "c\u2028", "d\n"]);
});

test("a shortened step list still runs: a document's first change becomes its open", () => {
  assert.deepEqual(
    repair([
      { op: "diagnose", name: "a.ts" },
      { op: "change", name: "a.ts", text: "x", why: "m" },
      { op: "diagnose", name: "a.ts" },
      { op: "close", name: "b.ts" },
    ]),
    [
      { op: "open", name: "a.ts", languageId: "typescript", text: "x" },
      { op: "diagnose", name: "a.ts" },
    ],
  );
});

test("a request left unanswered is named as stuck, and the compiler is gone within 2 s of a SIGKILL to the server", { timeout: 120_000 }, async () => {
  ensureServerBuilt();
  const project = makeProject({ "src/a.ts": "export const a = 1;\n" });
  // Generous deadline for the real requests: the machine may be busy.
  const server = await ServerUnderTest.start("pull", 60_000);
  try {
    await server.client.open(project.uri("src/a.ts"), "export const a = 1;\n");
    await server.pull(project.uri("src/a.ts"), "first pull");
    server.checkAlive("after the first pull");
    assert.ok(descendants(server.pid).length >= 1, "the compiler runs under the server");
    await assert.rejects(
      server.answer("a request nobody answers", () => new Promise(() => {}), 1000),
      (error: unknown) => {
        assert.ok(error instanceof FailureError);
        assert.equal(error.failure.kind, "stuck");
        assert.equal(error.failure.op, "a request nobody answers");
        assert.match(error.failure.message, /still answers other requests/);
        return true;
      },
    );
    assert.equal(await server.end(true), undefined, "no orphaned compiler");
  } finally {
    await server.end(true);
    project.dispose();
  }
});

test("a fresh server's answer counts as findings only without the diagnostics that say a file was not (fully) checked", () => {
  const at = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const fresh = [
    { range: at, code: "not-checked", message: "Loopscope skipped this file: too slow" },
    { range: at, code: "partly-checked", message: "Loopscope checked this file only in part" },
    { range: at, code: "more-findings", message: "Loopscope shows the first 1000 of 1200 findings" },
    { range: at, code: "floating-promise", message: "a finding" },
  ];
  assert.deepEqual(
    findingsOf(fresh).map(d => d.code),
    ["floating-promise"],
  );
  assert.deepEqual(findingsOf(fresh.slice(0, 1)), []);
});

test("a logged skip of another document is not a failure of this one; other failures count for every document", () => {
  const lines = ["Skipped /w/proxy.pac: skipped: too slow", "Skipped /w/src/fuzz.ts: skipped: too slow", "rule x threw: RangeError"];
  assert.deepEqual(aboutThisDocument(lines, "file:///w/src/fuzz.ts"), lines.slice(1));
});

// Every line break a file can have ("\n", "\r\n", a lone "\r", and U+2028/U+2029, which end
// JavaScript lines but not the editor's): findings at the editor's positions, suppression
// comments that apply to the editor's next line, and every fix (the rule's, fix-all, "ignore on
// this line", "remove the unused suppression") giving exactly the expected text.
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Linter } from "../../server/src/analysis/linter";
import type { Finding, Position } from "../../server/src/analysis/findings";
import { ignoreLineEdit } from "../../server/src/lsp/codeActions";
import { fixAllInText, fixForFixAll } from "../../server/src/lsp/fixAll";
import { applyEdits } from "../../server/src/lsp/textEdits";
import { repoRoot } from "../helpers/built";
import { stripJsonComments } from "../../server/src/analysis/typescript";

const rule = "blocking-call-in-async";
const lines = [
  `import fs from "node:fs";`,
  `// loopscope-ignore-next-line ${rule} -- left over`,
  `export function g() {`,
  `  return 1;`,
  `}`,
  `export async function f() {`,
  `  // loopscope-ignore-next-line ${rule} -- on purpose`,
  `  fs.readFileSync("b");`,
  `  return fs.readFileSync("a");`,
  `}`,
  ``,
];
const fixedA = `  return await fs.promises.readFile("a");`;

interface Variant {
  name: string;
  eol: string;
  /** The first line, when it differs (to put U+2028/U+2029 inside a comment of a "\n" file). */
  first?: string;
  /** The editor sees one line: U+2028/U+2029 are not LSP line breaks. */
  oneLine: boolean;
}

const variants: Variant[] = [
  { name: "LF", eol: "\n", oneLine: false },
  { name: "CRLF", eol: "\r\n", oneLine: false },
  { name: "CR", eol: "\r", oneLine: false },
  { name: "LF with U+2028 and U+2029 in a comment", eol: "\n", first: `${lines[0]} /* \u2028 \u2029 */`, oneLine: false },
  { name: "U+2028", eol: "\u2028", oneLine: true },
  { name: "U+2029", eol: "\u2029", oneLine: true },
];

mkdirSync(join(repoRoot, "test", ".tmp"), { recursive: true });
const dir = mkdtempSync(join(repoRoot, "test", ".tmp", "line-terminators-"));
writeFileSync(
  join(dir, "tsconfig.json"),
  JSON.stringify({ compilerOptions: { strict: true, target: "es2022", module: "nodenext", types: ["node"], noEmit: true } }),
);
const linter = new Linter({ cwd: dir });
after(() => {
  linter.close();
  rmSync(dir, { recursive: true, force: true });
});
const settings = { rules: { [rule]: { severity: "warning" as const, options: { uncalledExports: "all" } } } };

for (const v of variants) {
  const joinLines = (ls: string[]) => ls.map((l, i) => (i === 0 && v.first && l === lines[0] ? v.first : l)).join(v.eol);
  const text = joinLines(lines);
  /** Where line `line`, column `character` of `lines` is in the editor (independent of the code under test). */
  const at = (line: number, character: number): Position => {
    if (!v.oneLine) return { line, character };
    let offset = character;
    for (let l = 0; l < line; l++) offset += lines[l]!.length + 1;
    return { line: 0, character: offset };
  };
  const span = (line: number, from: number, to: number) => ({ start: at(line, from), end: at(line, to) });
  const file = join(dir, `${v.name.replace(/\W+/g, "-")}.ts`);
  const lint = (content: string) => {
    linter.setOverlay(file, content);
    const r = linter.lintFile(file, { settings });
    assert.ok(r, "not cancelled");
    return r.findings;
  };
  const summary = (findings: Finding[]) => findings.map(f => ({ ruleId: f.ruleId, range: f.range }));
  const relint = (content: string) => ({ fileName: file, problems: [], findings: lint(content) });

  describe(v.name, () => {
    writeFileSync(file, text);

    test("findings at the editor's positions; the comment applies to the editor's next line", () => {
      const expected = v.oneLine
        ? [
            // One editor line: neither comment has a next line with the call, so both calls are reported and both comments are unused.
            { ruleId: "unused-suppression", range: span(1, 0, lines[1]!.length) },
            { ruleId: "unused-suppression", range: span(6, 2, lines[6]!.length) },
            { ruleId: rule, range: span(7, 2, 22) },
            { ruleId: rule, range: span(8, 9, 29) },
          ]
        : [
            { ruleId: "unused-suppression", range: span(1, 0, lines[1]!.length) },
            { ruleId: rule, range: span(8, 9, 29) },
          ];
      assert.deepEqual(summary(lint(text)), expected);
    });

    test("'Remove the unused suppression' removes exactly the comment's line", () => {
      const unused = lint(text).find(f => f.ruleId === "unused-suppression")!;
      const fixed = applyEdits(text, unused.fixes[0]!.edits);
      assert.equal(fixed, joinLines(lines.filter((_, i) => i !== 1)));
      assert.deepEqual(
        summary(lint(fixed)).map(f => f.ruleId),
        v.oneLine ? ["unused-suppression", rule, rule] : [rule],
      );
    });

    test("the rule's fix edits the call", () => {
      const finding = lint(text).find(f => f.ruleId === rule && f.range.end.character === at(8, 29).character)!;
      const fix = finding.fixes.find(x => x.isPreferred)!;
      assert.equal(applyEdits(text, fix.edits), joinLines(lines.map((l, i) => (i === 8 ? fixedA : l))));
    });

    test("'Ignore on this line' adds a comment that hides the finding", () => {
      const finding = lint(text).find(f => f.ruleId === rule && f.range.end.character === at(8, 29).character)!;
      const fixed = applyEdits(text, [ignoreLineEdit({ text }, finding)]);
      const comment = `// loopscope-ignore-next-line ${rule} -- `;
      // Above the editor's line, in the file's own line break ("\n" when the editor sees none).
      assert.equal(fixed, v.oneLine ? `${comment}\n${text}` : joinLines([...lines.slice(0, 8), `  ${comment}`, ...lines.slice(8)]));
      assert.deepEqual(
        summary(lint(fixed)).filter(f => f.ruleId === rule),
        [],
        "no finding of the rule is left",
      );
    });

    test("fix all: every finding's fix, one text", () => {
      const findings = lint(text);
      const fixed = fixAllInText(text, { fileName: file, problems: [], findings }, fixForFixAll, relint);
      const expected = v.oneLine
        ? joinLines(
            lines
              .filter((_, i) => i !== 1 && i !== 6)
              .map(l => (l === `  fs.readFileSync("b");` ? `  await fs.promises.readFile("b");` : l === lines[8] ? fixedA : l)),
          )
        : joinLines(lines.filter((_, i) => i !== 1).map((l, i) => (i === 7 ? fixedA : l)));
      assert.equal(fixed, expected);
      assert.deepEqual(lint(fixed), []);
    });
  });
}

test("a tsconfig's // comment ends at a lone \\r, U+2028 or U+2029 (it ate the rest of the file)", () => {
  for (const eol of ["\r", "\u2028", "\u2029", "\r\n", "\n"]) {
    const tsconfig = ["{", "  // strict on purpose", `  "compilerOptions": { "strict": true }`, "}"].join(eol);
    const stripped = stripJsonComments(tsconfig);
    assert.equal(stripped, tsconfig.replace("// strict on purpose", ""), JSON.stringify(eol));
    // (JSON itself takes no U+2028/U+2029 between tokens; TypeScript's reader does.)
    if (/^\r?\n?$/.test(eol)) assert.deepEqual(JSON.parse(stripped), { compilerOptions: { strict: true } }, JSON.stringify(eol));
  }
});

// Files with every kind of line break, over real JSON-RPC: the diagnostics' exact ranges, each
// quick-fix applied the way an editor applies it (LSP's TextDocument) with the exact resulting
// text, and the CLI printing the same lines and columns as the editor shows.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import type { CodeAction, Diagnostic, FullDocumentDiagnosticReport, Position, Range } from "vscode-languageserver-protocol/node";
import { ensureBuilt } from "../helpers/built";
import { blockingOnConfig } from "../helpers/blocking-on";
import { applyTextEdits, editsFor, ensureServerBuilt, makeProject, TestLspClient } from "./lspClient";

const rule = "blocking-call-in-async";
const lines = [
  `import fs from "node:fs";`,
  `// loopscope-ignore-next-line ${rule} -- left over`,
  `export function g() {`,
  `  return 1;`,
  `}`,
  `export async function f(req, res) {`,
  `  // loopscope-ignore-next-line ${rule} -- on purpose`,
  `  fs.readFileSync("b");`,
  `  const c = fs.readFileSync("c");`,
  `  return c + fs.readFileSync("a");`,
  `}`,
  ``,
];
const fixed: Record<number, string> = {
  7: `  await fs.promises.readFile("b");`,
  8: `  const c = await fs.promises.readFile("c");`,
  9: `  return c + await fs.promises.readFile("a");`,
};

interface Variant {
  name: string;
  file: string;
  eol: string;
  first?: string;
  oneLine: boolean;
}
const variants: Variant[] = [
  { name: "LF", file: "lf.ts", eol: "\n", oneLine: false },
  { name: "CRLF", file: "crlf.ts", eol: "\r\n", oneLine: false },
  { name: "CR", file: "cr.ts", eol: "\r", oneLine: false },
  { name: "LF with U+2028 and U+2029 in a comment", file: "ls-in-comment.ts", eol: "\n", first: `${lines[0]} /* \u2028 \u2029 */`, oneLine: false },
  { name: "U+2028", file: "ls.ts", eol: "\u2028", oneLine: true },
  { name: "U+2029", file: "ps.ts", eol: "\u2029", oneLine: true },
];
const joinLines = (v: Variant, ls: readonly string[]) => ls.map((l, i) => (i === 0 && v.first && l === lines[0] ? v.first : l)).join(v.eol);

let project: ReturnType<typeof makeProject>;
let client: TestLspClient;
before(async () => {
  ensureServerBuilt();
  // The project turns the rule on (off by default) for the editor and the CLI alike.
  project = makeProject({ "loopscope.config.json": blockingOnConfig, ...Object.fromEntries(variants.map(v => [`src/${v.file}`, joinLines(v, lines)])) });
  client = await TestLspClient.start({ pull: true, settings: () => ({}) });
});
after(async () => {
  await client.stop();
  project.dispose();
});

for (const v of variants) {
  const text = joinLines(v, lines);
  /** Line `line`, column `character` of `lines` as the editor counts (written out here, not computed by the code under test). */
  const at = (line: number, character: number): Position => {
    if (!v.oneLine) return { line, character };
    let offset = character;
    for (let l = 0; l < line; l++) offset += lines[l]!.length + 1;
    return { line: 0, character: offset };
  };
  const span = (line: number, from: number, to: number): Range => ({ start: at(line, from), end: at(line, to) });
  const call = (line: number) => span(line, lines[line]!.indexOf("fs."), lines[line]!.indexOf(")") + 1);
  let version = 1;
  let uri: string;

  const pull = async () => ((await client.pull(uri)) as FullDocumentDiagnosticReport).items;
  /** Applies an action to the ORIGINAL text as the editor would, sends it, pulls, then restores the original. */
  const apply = async (action: CodeAction) => {
    const result = applyTextEdits(text, editsFor(action, uri));
    await client.change(uri, ++version, [{ text: result }]);
    const diagnostics = await pull();
    await client.change(uri, ++version, [{ text }]);
    return { result, diagnostics };
  };
  const actionsAt = async (diagnostic: Diagnostic, only?: string[]) => client.codeActions(uri, diagnostic.range, [diagnostic], only);

  describe(v.name, () => {
    let diagnostics: Diagnostic[];
    before(async () => {
      uri = project.uri(`src/${v.file}`);
      await client.open(uri, text);
      diagnostics = await pull();
    });

    test("diagnostics at the editor's positions; suppressions apply to the editor's next line", () => {
      const expected = v.oneLine
        ? [
            { code: "unused-suppression", range: span(1, 0, lines[1]!.length) },
            { code: "unused-suppression", range: span(6, 2, lines[6]!.length) },
            { code: rule, range: call(7) },
            { code: rule, range: call(8) },
            { code: rule, range: call(9) },
          ]
        : [
            { code: "unused-suppression", range: span(1, 0, lines[1]!.length) },
            { code: rule, range: call(8) },
            { code: rule, range: call(9) },
          ];
      assert.deepEqual(
        diagnostics.map(d => ({ code: d.code, range: d.range })),
        expected,
      );
    });

    test("the CLI prints the editor's lines and columns (1-based)", () => {
      const cli = ensureBuilt("cli");
      const r = spawnSync(process.execPath, [cli, "lint", `src/${v.file}`, "--format", "json"], { cwd: project.dir, encoding: "utf8", timeout: 60_000 });
      assert.equal(r.error, undefined, `the CLI did not finish: ${r.error?.message}`);
      const [report] = JSON.parse(r.stdout) as { messages: { ruleId: string; line: number; column: number; endLine: number; endColumn: number }[] }[];
      assert.deepEqual(
        report!.messages.map(m => ({
          code: m.ruleId,
          range: { start: { line: m.line - 1, character: m.column - 1 }, end: { line: m.endLine - 1, character: m.endColumn - 1 } },
        })),
        diagnostics.map(d => ({ code: d.code, range: d.range })),
      );
    });

    test("the rule's quick-fix", async () => {
      const target = diagnostics.find(d => d.code === rule && d.range.start.character === call(9).start.character)!;
      const fix = (await actionsAt(target)).find(a => a.isPreferred)!;
      const { result } = await apply(fix);
      assert.equal(
        result,
        joinLines(
          v,
          lines.map((l, i) => (i === 9 ? fixed[9]! : l)),
        ),
      );
    });

    test("'Ignore … on this line' hides the finding and adds no unused suppression", async () => {
      const target = diagnostics.find(d => d.code === rule && d.range.start.character === call(9).start.character)!;
      const ignore = (await actionsAt(target)).find(a => a.title === `Ignore ${rule} on this line`)!;
      const { result, diagnostics: after } = await apply(ignore);
      const comment = `// loopscope-ignore-next-line ${rule} -- `;
      if (v.oneLine) {
        // The editor sees one line: the comment goes above it, with "\n", and covers the rule on that whole line.
        assert.equal(result, `${comment}\n${text}`);
        assert.deepEqual(
          after.map(d => d.code),
          ["unused-suppression", "unused-suppression"],
        );
      } else {
        assert.equal(result, joinLines(v, [...lines.slice(0, 9), `  ${comment}`, ...lines.slice(9)]));
        assert.deepEqual(
          after.map(d => [d.code, d.range.start.line]),
          [
            ["unused-suppression", 1],
            [rule, 8],
          ],
        );
      }
    });

    test("'Remove the unused suppression' removes the comment's line and nothing else", async () => {
      const unused = diagnostics.find(d => d.code === "unused-suppression")!;
      const remove = (await actionsAt(unused)).find(a => a.title === "Remove the unused suppression")!;
      const { result, diagnostics: after } = await apply(remove);
      assert.equal(
        result,
        joinLines(
          v,
          lines.filter((_, i) => i !== 1),
        ),
      );
      assert.equal(after.filter(d => d.code === "unused-suppression").length, v.oneLine ? 1 : 0);
    });

    test("'Fix all … problems in this file' and source.fixAll", async () => {
      const target = diagnostics.find(d => d.code === rule)!;
      const all = (await actionsAt(target)).find(a => a.title === `Fix all ${rule} problems in this file`)!;
      const { result, diagnostics: after } = await apply(all);
      const fixedLines = (i: number) => (v.oneLine || i !== 7 ? fixed[i] : undefined);
      assert.equal(
        result,
        joinLines(
          v,
          lines.map((l, i) => fixedLines(i) ?? l),
        ),
      );
      assert.deepEqual(
        after.map(d => d.code),
        v.oneLine ? ["unused-suppression", "unused-suppression"] : ["unused-suppression"],
      );

      const whole = { start: { line: 0, character: 0 }, end: at(lines.length - 1, 0) };
      const [save] = await client.codeActions(uri, whole, [], ["source.fixAll.loopscope"]);
      // Preferred fixes only: the unused suppressions stay for the user to decide.
      const { result: saved } = await apply(save!);
      assert.equal(
        saved,
        joinLines(
          v,
          lines.map((l, i) => fixedLines(i) ?? l),
        ),
      );
    });
  });
}

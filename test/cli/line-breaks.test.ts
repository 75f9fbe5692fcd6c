// The CLI's line:column in files with a lone "\r" or U+2028/U+2029 (which TypeScript counts as
// line breaks and the editor does not): every format prints the editor's lines, and SARIF says
// which sequences it counted.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensureBuilt, repoRoot } from "../helpers/built";
import { blockingOnConfig } from "../helpers/blocking-on";

let cli: string;
let dir: string;
const code = (eol: string, first = `import fs from "node:fs";`) =>
  [first, `export async function f(req, res) {`, `  return fs.readFileSync("a");`, `}`, ``].join(eol);

before(() => {
  cli = ensureBuilt("cli");
  mkdirSync(join(repoRoot, "test/.tmp"), { recursive: true });
  dir = mkdtempSync(join(repoRoot, "test/.tmp", "cli-eol-"));
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, target: "es2022", module: "nodenext", types: ["node"] } }));
  writeFileSync(join(dir, "loopscope.config.json"), blockingOnConfig);
  writeFileSync(join(dir, "cr.ts"), code("\r"));
  // U+2028/U+2029 inside a comment: two more lines for TypeScript, none for the editor.
  writeFileSync(join(dir, "ls.ts"), code("\n", `import fs from "node:fs"; /* \u2028 \u2029 */`));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function lint(args: string[]) {
  const r = spawnSync(process.execPath, [cli, "lint", ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 60_000 });
  assert.equal(r.error, undefined, `the CLI did not finish: ${r.error?.message}`);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

test("stylish and json: the call on the editor's line 3, column 10", () => {
  for (const file of ["cr.ts", "ls.ts"]) {
    assert.match(lint([file]), /^\s+3:10\s+warning\s+fs\.readFileSync blocks/m, file);
    const [report] = JSON.parse(lint([file, "--format", "json"])) as { messages: object[] }[];
    assert.deepEqual(
      report!.messages.map(m => ({ ...m, message: undefined })),
      [
        {
          ruleId: "blocking-call-in-async",
          messageId: "direct",
          basis: "request-params",
          severity: 1,
          line: 3,
          column: 10,
          endLine: 3,
          endColumn: 30,
          message: undefined,
        },
      ],
      file,
    );
  }
});

test("sarif: the same regions, and the newline sequences they were counted with", () => {
  const sarif = JSON.parse(lint(["cr.ts", "ls.ts", "--format", "sarif"]));
  const run = sarif.runs[0];
  assert.deepEqual(run.newlineSequences, ["\r\n", "\n", "\r"]);
  assert.deepEqual(
    run.results.map((r: { locations: { physicalLocation: { region: object } }[] }) => r.locations[0]!.physicalLocation.region),
    [
      { startLine: 3, startColumn: 10, endLine: 3, endColumn: 30 },
      { startLine: 3, startColumn: 10, endLine: 3, endColumn: 30 },
    ],
  );
  const replacement = run.results[0].fixes[0].artifactChanges[0].replacements[0];
  assert.deepEqual(replacement.deletedRegion, { startLine: 3, startColumn: 10, endLine: 3, endColumn: 30 });
});

// `loopscope lint --format`: every output format is one entry of formatters/index.ts's table.
// Adding one there makes it parse, show in --help and run; this test makes sure it also formats a
// finding, is named in the README, and that no formatter file is left out of the table.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { formatNames, outputFormats } from "../../server/src/cli/formatters";
import { toFileReport } from "../../server/src/cli/formatters/report";
import { lintUsage, parseLintArgs } from "../../server/src/cli/lint-args";
import { allRules } from "../../server/src/rules/registry";
import { repoRoot } from "../helpers/built";

const formattersDir = join(repoRoot, "server/src/cli/formatters");

test("output formats: each one parses as --format, is listed in --help and formats a finding", () => {
  assert.ok(formatNames.length >= 3);
  const range = { start: { line: 2, character: 4 }, end: { line: 2, character: 9 } };
  const report = toFileReport({
    fileName: join(repoRoot, "a.ts"),
    findings: [
      {
        ruleId: "floating-promise",
        messageId: "floating",
        severity: "warning",
        message: "a promise nobody awaits",
        fileName: join(repoRoot, "a.ts"),
        range,
        related: [],
        fixes: [],
      },
    ],
    problems: [],
  });
  for (const name of formatNames) {
    const args = parseLintArgs(["--format", name, "x.ts"]);
    assert.ok(typeof args !== "string", `--format ${name}: ${String(args)}`);
    assert.equal(args.format, name);
    assert.match(lintUsage, new RegExp(`\\b${name} \\(${outputFormats[name].summary.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\)`), `--help describes ${name}`);
    const output = outputFormats[name].format([report], { cwd: repoRoot, color: false, version: () => "0.0.0-test", rules: allRules.map(r => r.meta) });
    assert.match(output, /floating-promise/, `${name} prints the finding's rule`);
    assert.match(output, /a promise nobody awaits/, `${name} prints the finding's message`);
  }
  const refused = parseLintArgs(["--format", "xml"]);
  assert.equal(refused, `--format must be ${formatNames.slice(0, -1).join(", ")} or ${formatNames.at(-1)} (got xml)`);
});

test("output formats: the README's usage line lists exactly the formats of the table", () => {
  const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
  const listed = /\[--format ([a-z|]+)\]/.exec(readme)?.[1];
  assert.equal(listed, formatNames.join("|"));
});

test("output formats: every formatter file that exports a format function is in the table", () => {
  const index = readFileSync(join(formattersDir, "index.ts"), "utf8");
  const missing = readdirSync(formattersDir)
    .filter(f => f.endsWith(".ts") && f !== "index.ts")
    .filter(f => /export function format[A-Z]/.test(readFileSync(join(formattersDir, f), "utf8")))
    .filter(f => !index.includes(`from "./${f.slice(0, -3)}"`));
  assert.deepEqual(missing, []);
});

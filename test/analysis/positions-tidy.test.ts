// Architecture Invariant (ARCHITECTURE.md): every offset ↔ line/character conversion goes through
// server/src/analysis/positions.ts. This fails when another file of the engine, the language
// server or the CLI counts lines itself (TypeScript's line API, scanning or splitting on "\n",
// LSP's TextDocument), which is how findings, fixes and suppressions drifted apart before.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { repoRoot } from "../helpers/built";

const owner = "server/src/analysis/positions.ts";
const forbidden: [RegExp, string][] = [
  [/\bget(LineAndCharacterOfPosition|PositionOfLineAndCharacter|LineStarts)\b|\bcomputeLineStarts\b/, "TypeScript's lines (they end at U+2028/U+2029 too)"],
  [/\b(last)?[iI]ndexOf\(\s*["'`]\\[rn]/, "a scan for a line break"],
  [/\.split\(\s*(["'`]\\[rn]|\/\\r\?\\n\/|\/\\n\/)/, "splitting into lines"],
  [/charCodeAt\([^)]*\)\s*[!=]==?\s*(10|13)\b/, "a test for a line break"],
  [/[!=]==?\s*["'`]\\[rn]["'`]|["'`]\\[rn]["'`]\s*[!=]==?/, "a test for a line break"],
  [/\.includes\(\s*["'`]\\[rn]["'`]\s*\)/, "a test for a line break"],
  [/\bTextDocument\.(create|applyEdits)\(/, "LSP's TextDocument as a line counter"],
];
// The first line of a message is text, not a position.
const allowed = [/\.split\("\\n"\)\[0\]/];

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) sources(full, out);
    else if (name.endsWith(".ts")) out.push(full);
  }
  return out;
}

/** Each offending line, as `file:line: why: code`. */
function lineCountingOutside(root: string): string[] {
  const found: string[] = [];
  for (const file of sources(join(root, "server/src"))) {
    const rel = relative(root, file).split("\\").join("/");
    if (rel === owner) continue;
    readFileSync(file, "utf8")
      .split(/\r?\n/)
      .forEach((line, i) => {
        const code = allowed.reduce((l, a) => l.replace(a, ""), line.replace(/^\s*\/\/.*$/, ""));
        for (const [pattern, why] of forbidden) if (pattern.test(code)) found.push(`${rel}:${i + 1}: ${why}: ${line.trim()}`);
      });
  }
  return found;
}

test("only positions.ts turns offsets into lines (server, engine, CLI)", () => {
  assert.deepEqual(lineCountingOutside(repoRoot), [], "use server/src/analysis/positions.ts (LSP's lines: \\n, \\r\\n, \\r) instead");
});

test("the check sees each way of counting lines", () => {
  const samples = [
    `const p = sf.getLineAndCharacterOfPosition(pos);`,
    `const start = text.lastIndexOf("\\n", pos - 1) + 1;`,
    `for (const line of text.split(/\\r?\\n/)) {}`,
    `if (text.charCodeAt(i) === 10) starts.push(i + 1);`,
    `while (text[i] !== "\\n") i++;`,
    `const multi = text.includes("\\n");`,
    `const doc = TextDocument.create("x", "ts", 0, text);`,
  ];
  for (const sample of samples)
    assert.ok(
      forbidden.some(([p]) => p.test(sample)),
      sample,
    );
  assert.ok(!forbidden.some(([p]) => p.test(`status(failed?.split("\\n")[0])`.replace(allowed[0]!, ""))));
});

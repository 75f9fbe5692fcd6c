// The names a file turns into source text (file-kinds.ts `serializedNames`) are searched form by
// form from their literal parts; they must be exactly those one expression over the whole text
// finds, on real code and on text made to sit on every edge (dots, spaces, digits, `$`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { serializedNames } from "../../server/src/analysis/file-kinds";
import { repoRoot } from "../helpers/built";

const id = "[A-Za-z_$][\\w$]*";
const oneExpression = new RegExp(`(?<![\\w$.])(${id})\\s*\\.\\s*toString\\s*\\(|\\$\\{\\s*(${id})\\s*\\}|(?<![\\w$.])String\\s*\\(\\s*(${id})\\s*\\)`, "g");
const expected = (text: string) => new Set([...text.matchAll(oneExpression)].map(m => (m[1] ?? m[2] ?? m[3])!));
const sorted = (names: Set<string>) => [...names].sort();

test("the same names as one expression over the text, on this repository's own sources", () => {
  const files: string[] = [];
  const collect = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) collect(full);
      else if (/\.[cm]?[jt]s$/.test(name)) files.push(full);
    }
  };
  for (const dir of ["server/src", "tracer/src", "webview/src", "test/analysis"]) collect(join(repoRoot, dir));
  assert.ok(files.length > 100);
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    assert.deepEqual(sorted(serializedNames({ text })), sorted(expected(text)), file);
  }
});

test("the same names on text made of the pieces the forms are built from", () => {
  const pieces = ["a", "b1", "$x", "_", "1", "9z", ".", " ", "\n", "\t", "toString", "String", "(", ")", "${", "}", "$", "x.toString", "tostring", "\u00a0"];
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < 20000; i++) {
    const length = 1 + Math.floor(random() * 12);
    const text = Array.from({ length }, () => pieces[Math.floor(random() * pieces.length)]).join("");
    assert.deepEqual(sorted(serializedNames({ text })), sorted(expected(text)), JSON.stringify(text));
  }
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PackageDependencies, declaredMajorVersion } from "../../server/src/analysis/package-dependencies";

function majorOf(range: string): number | undefined {
  const dir = mkdtempSync(join(tmpdir(), "loopscope-deps-"));
  try {
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "p", dependencies: { express: range } }));
    mkdirSync(join(dir, "src"));
    return declaredMajorVersion(new PackageDependencies().of(join(dir, "src", "app.ts")), "express");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("the major version a package is declared at, read from the nearest package.json", () => {
  for (const [range, major] of [
    ["^4.18.2", 4],
    ["~4.17.1", 4],
    ["4.x", 4],
    ["4", 4],
    [">=4.17.0 <5.0.0", 4],
    [">=4.17 <5", 4],
    ["=3.21.2", 3],
    ["^5.1.0", 5],
    ["5.0.0-beta.3", 5],
  ] as const)
    assert.equal(majorOf(range), major, range);
  for (const range of ["*", "latest", "4 || 5", ">=4", "npm:express@4", "github:expressjs/express", ">=4 <=5.1"])
    assert.equal(majorOf(range), undefined, range);
});

test("a package that is not declared, and a plain set of names, have no version", () => {
  assert.equal(declaredMajorVersion(new Set(["express"]), "express"), undefined);
  assert.equal(declaredMajorVersion(undefined, "express"), undefined);
});

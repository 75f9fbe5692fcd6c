// The tree is formatted by Biome (biome.json; `npm run format` writes it). A file that is not
// formatted fails here with Biome's diff, so CI checks the format as well as the behaviour.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { repoRoot } from "./helpers/built";

test("every source file is formatted as biome.json says (run `npm run format`)", () => {
  const biome = join(repoRoot, "node_modules", ".bin", "biome");
  const result = spawnSync(biome, ["format", "--max-diagnostics=5", "."], { cwd: repoRoot, encoding: "utf8", timeout: 120_000 });
  assert.equal(result.error, undefined, `biome did not run: ${result.error?.message}`);
  assert.equal(result.status, 0, `not formatted (npm run format fixes it):\n${(result.stdout + result.stderr).slice(0, 4000)}`);
});

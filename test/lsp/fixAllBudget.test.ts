// The fix-all passes of one code-action request share one lint budget: a file whose every pass
// takes the whole budget must not hold the server for passes x budget.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DocumentLinter } from "../../server/src/lsp/documentLinter";
import { testOnlyRules } from "../../server/src/lsp/testHooks";
import { repoRoot } from "../helpers/built";

test("fix-all passes stop once they took half the budget; each pass still has the whole budget", () => {
  mkdirSync(join(repoRoot, "test/.tmp"), { recursive: true });
  const dir = mkdtempSync(join(repoRoot, "test/.tmp", "fixall-"));
  const linter = new DocumentLinter({ log: () => undefined, status: () => undefined, compilerRestarted: () => undefined });
  try {
    const file = join(dir, "a.ts");
    writeFileSync(file, "export const a = 1;\n");
    linter.start({ cwd: dir, budgetMs: 1_500, extraRules: testOnlyRules({ LOOPSCOPE_TEST_SLOW_RULE: "walks-for-a-minute" }) });
    linter.setText(file, "export const a = 1;\n", "typescript");
    // Warm: the project is loaded before the clock matters.
    assert.ok(linter.lint("file:///a.ts", file, 1, "k", {}, () => false));
    const relint = linter.relinter(file, () => "export const a = 1;\n", {});
    const started = performance.now();
    const passes: string[] = [];
    for (let pass = 0; pass < 4; pass++) {
      const result = relint(`export const a = ${pass};\n// slow-rule-here\n`);
      passes.push(result ? result.problems.map(p => p.reason).join() : "no more passes");
    }
    const ms = performance.now() - started;
    assert.deepEqual(passes, ["too-slow", "no more passes", "no more passes", "no more passes"]);
    assert.ok(ms < 3_000, `the passes took ${Math.round(ms)} ms`);
  } finally {
    linter.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

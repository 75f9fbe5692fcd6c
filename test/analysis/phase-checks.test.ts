// Under test, a rule whose `decide` reads a type or symbol its `visit` did not request fails
// loudly (issue 11): the rule tester and the corpus test turn `phaseChecks.strict` on, and this
// test makes sure that switch really turns a silent `undefined` into a rule crash naming the node.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Linter } from "../../server/src/analysis/linter";
import { phaseChecks } from "../../server/src/analysis/typescript/queries";
import { SyntaxKind, type Node } from "../../server/src/analysis/typescript";
import type { Rule } from "../../server/src/rules/rule";
import { repoRoot } from "../helpers/built";

/** Reports each call whose type it could read; requests the types only when `request` says so. */
function readsCallTypes(request: boolean): Rule<object> {
  return {
    meta: {
      id: "reads-call-types",
      description: "Reads the type of every call, to test the phase checks.",
      defaultSeverity: "warning",
      fixable: false,
      messages: { typed: "typed call" },
    },
    defaultOptions: {},
    validateOptions: () => [],
    create: context => {
      const calls: Node[] = [];
      return {
        visitKinds: [SyntaxKind.CallExpression],
        visit: node => {
          if (node.kind !== SyntaxKind.CallExpression) return;
          calls.push(node);
          if (request) context.queries.needType(node);
        },
        decide: () => {
          for (const call of calls) if (context.queries.typeOf(call)) context.report({ node: call, messageId: "typed" });
        },
      };
    },
  };
}

test("strict phases: reading an unrequested type in decide crashes the rule, naming the node; a requested one is answered", () => {
  mkdirSync(join(repoRoot, "test/.tmp"), { recursive: true });
  const dir = mkdtempSync(join(repoRoot, "test/.tmp", "phase-checks-"));
  const file = join(dir, "a.ts");
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", noEmit: true } }));
  writeFileSync(file, "export const n = Math.max(1, 2);\n");
  const settings = { rules: { "reads-call-types": { severity: "warning" as const } } };
  const was = phaseChecks.strict;
  phaseChecks.strict = true;
  const careful = new Linter({ cwd: dir, extraRules: [readsCallTypes(true)], log: () => undefined });
  const careless = new Linter({ cwd: dir, extraRules: [readsCallTypes(false)], log: () => undefined });
  try {
    const good = careful.lintFile(file, { settings })!;
    assert.deepEqual(
      good.findings.filter(f => f.ruleId === "reads-call-types").map(f => f.messageId),
      ["typed"],
    );
    const bad = careless.lintFile(file, { settings })!;
    const crash = bad.problems.find(p => p.kind === "rule-crashed" && p.ruleId === "reads-call-types");
    assert.ok(crash, `the careless rule crashed; problems: ${JSON.stringify(bad.problems)}`);
    assert.match(crash.message, /type of a CallExpression node at \d+ read in phase 2 but not requested in phase 1/);
  } finally {
    phaseChecks.strict = was;
    careful.close();
    careless.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

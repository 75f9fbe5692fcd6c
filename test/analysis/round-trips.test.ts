// Round trips to the compiler a lint makes: questions asked one by one where one batch does
// (each round trip costs both processes time, thousands of them seconds on a large code base).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Linter } from "../../server/src/analysis/linter";
import { scratchFolder } from "../helpers/scratch";

const { write } = scratchFolder("round-trips");

describe("floating-promise", () => {
  // `many<T>` returns `T[]`: its declared return type does not say whether the awaited value is
  // an array of promises, so every `await many(...)` statement needs the call's own type.
  const source = [
    `declare function many<T>(x: T): T[];`,
    `export async function f() {`,
    `  await many(1);`,
    `  await many("a");`,
    `  await many(Promise.reject(new Error("3")));`,
    `  await many(true);`,
    `  many(Promise.reject(new Error("5")));`,
    `}`,
    ``,
  ].join("\n");

  for (const mode of ["editor", "bulk"] as const) {
    test(`the calls whose declared return type does not decide are checked in one round trip (${mode})`, () => {
      const file = write(`fp-${mode}/src/calls.ts`, source);
      const project = write(`fp-${mode}/tsconfig.json`, JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", types: [] } }));
      const linter = new Linter();
      try {
        const off = { severity: "off" as const };
        const settings = {
          rules: { "floating-promise": { severity: "warning" as const }, "blocking-call-in-async": off, "missing-timeout": off, "unbounded-concurrency": off },
        };
        let findings: string[] = [];
        if (mode === "editor") findings = linter.lintFile(file, { settings })!.findings.map(f => `${f.range.start.line + 1}:${f.messageId}`);
        else {
          linter.openProject(project);
          linter.lintFiles([file], { project, settings }, r => (findings = r.findings.map(f => `${f.range.start.line + 1}:${f.messageId}`)));
        }
        assert.deepEqual(findings, ["7:array"]);
        // One at a time, these were 4 (bulk: the awaits) or 5 (editor: the calls too) getTypeAtLocation requests.
        assert.equal(linter.requestsByMethod.get("getTypeAtLocation") ?? 0, 0, JSON.stringify([...linter.requestsByMethod]));
      } finally {
        linter.close();
      }
    });
  }
});

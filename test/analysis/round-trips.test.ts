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

  // Each awaited call's callee is a different function: its call signatures and their declared
  // return types (what `await` gives) are questions about a type, asked of the checker one by one.
  const callees = [
    `declare function one(): Promise<number>;`,
    `declare function two(): Promise<string[]>;`,
    `declare function three(x: number): Promise<void>;`,
    `declare function three(x: string): Promise<void>;`,
    `declare function four(): Promise<Promise<number>[]>;`,
    `declare function five(): number;`,
    `export async function f() {`,
    `  await one();`,
    `  await two();`,
    `  await three(1);`,
    `  await four();`,
    `  await five();`,
    `  one();`,
    `}`,
    ``,
  ].join("\n");

  for (const mode of ["editor", "bulk"] as const) {
    test(`the callees' signatures and declared return types are asked together, not one round trip each (${mode})`, () => {
      const file = write(`fp-declared-${mode}/src/calls.ts`, callees);
      const project = write(`fp-declared-${mode}/tsconfig.json`, JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", types: [] } }));
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
        assert.deepEqual(findings, ["10:array", "13:floating"]);
        const asked = (method: string) => linter.requestsByMethod.get(method) ?? 0;
        const oneByOne = (method: string) => linter.oneByOneRequests.get(method) ?? 0;
        // Asked: the five awaited callees' signatures (six with the editor's plain call of `one`, asked by its callee too) and their six return types.
        assert.ok(asked("getSignaturesOfType") >= 5 && asked("getReturnTypeOfSignature") >= 6, JSON.stringify([...linter.requestsByMethod]));
        // One at a time, these were 11 or more round trips.
        assert.equal(oneByOne("getSignaturesOfType") + oneByOne("getReturnTypeOfSignature"), 0, JSON.stringify([...linter.oneByOneRequests]));
      } finally {
        linter.close();
      }
    });
  }
});

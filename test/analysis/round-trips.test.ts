// Round trips to the compiler a lint makes: questions asked one by one where one batch does
// (each round trip costs both processes time, thousands of them seconds on a large code base).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Linter } from "../../server/src/analysis/linter";
import { scratchFolder } from "../helpers/scratch";

const { write } = scratchFolder("round-trips");

/** Lints `source` as `<dir>/src/calls.ts` with floating-promise alone, in the editor or in bulk: its findings as `line:messageId`. */
function lintFloating(linter: Linter, dir: string, source: string, mode: "editor" | "bulk"): string[] {
  const file = write(`${dir}/src/calls.ts`, source);
  const project = write(`${dir}/tsconfig.json`, JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", types: [] } }));
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
  return findings;
}

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
      const linter = new Linter();
      try {
        assert.deepEqual(lintFloating(linter, `fp-${mode}`, source, mode), ["7:array"]);
        // One at a time, these were 4 (bulk: the awaits) or 5 (editor: the calls too) getTypeAtLocation requests.
        assert.equal(linter.requestsByMethod.get("getTypeAtLocation") ?? 0, 0, JSON.stringify([...linter.requestsByMethod]));
      } finally {
        linter.close();
      }
    });
  }

  // Each awaited call's callee is a different function: its call signatures, their declared
  // return types (what `await` gives) and what those types are made of are questions about a
  // type, each of which the checker answers one round trip at a time.
  const callees = [
    `declare function one(): Promise<number>;`,
    `declare function two(): Promise<string[]>;`,
    `declare function three(x: number): Promise<void>;`,
    `declare function three(x: string): Promise<void>;`,
    `declare function four(): Promise<Promise<number>[]>;`,
    `declare function five(): number;`,
    `declare function six(): Promise<number>[];`,
    `export async function f() {`,
    `  await one();`,
    `  await two();`,
    `  await three(1);`,
    `  await four();`,
    `  await five();`,
    `  one();`,
    `  six();`,
    `  await (five() ? one() : two());`,
    `}`,
    ``,
  ].join("\n");

  for (const mode of ["editor", "bulk"] as const) {
    test(`the callees' signatures and declared return types are asked together, not one round trip each (${mode})`, () => {
      const linter = new Linter();
      try {
        // The same findings as when each question was asked on its own.
        assert.deepEqual(lintFloating(linter, `fp-declared-${mode}`, callees, mode), ["14:floating", "15:array"]);
        const asked = (method: string) => linter.requestsByMethod.get(method) ?? 0;
        // Questions about types (not about nodes, the file or the project) made one at a time.
        const oneByOne = [...linter.oneByOneRequests].filter(([method]) => !/AtLocation|Diagnostics|SourceFile/.test(method));
        // Asked: the five awaited callees' signatures and their six return types (in the editor, those of `one` and `six` too).
        assert.ok(asked("getSignaturesOfType") >= 5 && asked("getReturnTypeOfSignature") >= 6, JSON.stringify([...linter.requestsByMethod]));
        // Asked one at a time, each waiting for the one before, these were 30 round trips in bulk.
        assert.deepEqual(oneByOne, [], JSON.stringify([...linter.oneByOneRequests]));
      } finally {
        linter.close();
      }
    });
  }
});

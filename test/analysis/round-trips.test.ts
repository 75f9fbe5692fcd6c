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
  // An expression statement whose type is an intersection with a union of many object types (a
  // configuration type over every driver's options, merged with `Object.assign`): is any member
  // a promise, or a thenable? Each member's questions waited for one another.
  const manyOptions = [
    ...Array.from({ length: 30 }, (_, i) => `interface Options${i} { type: "t${i}"; value${i}?: number; }`),
    `type Options = ${Array.from({ length: 30 }, (_, i) => `Options${i}`).join(" | ")};`,
    `export class Source {`,
    `  constructor(private options: Options) {}`,
    `  set(options: Partial<Options>) {`,
    `    Object.assign(this.options, options);`,
    `  }`,
    `}`,
    ``,
  ].join("\n");

  for (const mode of ["editor", "bulk"] as const) {
    test(`the members of a large union are asked about together, not one round trip each (${mode})`, () => {
      const linter = new Linter();
      try {
        assert.deepEqual(lintFloating(linter, `fp-union-${mode}`, manyOptions, mode), []);
        // One at a time, these were a getTypesOfType and a getPropertyOfType ("then") per member of the
        // intersection distributed over both unions: 885 and 886 round trips.
        const members = [...linter.oneByOneRequests].filter(([method]) => method === "getTypesOfType" || method === "getPropertyOfType");
        assert.ok(members.reduce((n, [, count]) => n + count, 0) <= 2, JSON.stringify([...linter.oneByOneRequests]));
      } finally {
        linter.close();
      }
    });
  }
});

describe("the I/O facts of another file (unbounded-concurrency's summary)", () => {
  // unbounded-concurrency alone (`ignoreTestFiles`: the scratch folder is under test/).
  const unboundedOnly = {
    rules: {
      "unbounded-concurrency": { severity: "warning" as const, options: { ignoreTestFiles: false } },
      "missing-timeout": { severity: "off" as const },
    },
  };
  // `work` (another file) calls six functions of the project and three methods of an interface
  // declared in a third file: for each call the facts ask the callee's parent module (is it one
  // of Node's?) and, for a declaration without a body, that declaration's file (is it async?).
  const files = {
    "src/lib.ts": [
      ...Array.from({ length: 5 }, (_, i) => `export async function step${i}(u: string): Promise<string> { return u; }`),
      `export async function step5(u: string): Promise<string> { return (await fetch(u)).text(); }`,
      ``,
    ].join("\n"),
    "src/client.ts": `export interface Client {\n  get(u: string): Promise<string>;\n  put(u: string): Promise<void>;\n  head(u: string): Promise<boolean>;\n}\n`,
    "src/work.ts": [
      `import * as lib from "./lib.js";`,
      `import type { Client } from "./client.js";`,
      `export async function work(client: Client, u: string) {`,
      ...Array.from({ length: 6 }, (_, i) => `  await lib.step${i}(u);`),
      `  await client.get(u);`,
      `  await client.put(u);`,
      `  return client.head(u);`,
      `}`,
      ``,
    ].join("\n"),
    "src/calls.ts": [
      `import type { Client } from "./client.js";`,
      `import { work } from "./work.js";`,
      `export async function all(client: Client) {`,
      `  const ids = process.argv.slice(2);`,
      `  return Promise.all(ids.map(id => work(client, id)));`,
      `}`,
      ``,
    ].join("\n"),
  };

  test("the callees' parent modules and declaration files are asked together, not one round trip per callee (editor)", () => {
    for (const [name, text] of Object.entries(files)) write(`uc-io/${name}`, text);
    write("uc-io/tsconfig.json", JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", types: ["node"] } }));
    const linter = new Linter();
    try {
      const result = linter.lintFile(write("uc-io/src/calls.ts", files["src/calls.ts"]), { settings: unboundedOnly })!;
      // The same finding as when each question was asked on its own (the interface's methods: unknown async work).
      assert.deepEqual(
        result.findings.map(f => `${f.range.start.line + 1}:${f.ruleId}`),
        ["5:unbounded-concurrency"],
      );
      // One at a time, the callees' parents were three round trips here, each waiting for the one before.
      assert.equal(linter.oneByOneRequests.get("getParentOfSymbol") ?? 0, 0, JSON.stringify([...linter.oneByOneRequests]));
      // The trees fetched one at a time: the linted file's and work.ts's (whose facts are asked);
      // client.ts's (the interface methods have no body: is their result a promise?) comes with the parents.
      assert.equal(linter.oneByOneRequests.get("getSourceFile") ?? 0, 2, JSON.stringify([...linter.oneByOneRequests]));
    } finally {
      linter.close();
    }
  });
  // Other files analysed for a summary: in bulk (the CLI), their facts computed per function as
  // asked; in the editor, in full. `handle` calls six functions, each in a file of its own, one of
  // which does the I/O.
  const steps = Array.from({ length: 6 }, (_, i) => i);
  const spread = {
    ...Object.fromEntries(
      steps.map(i => [
        `src/step${i}.ts`,
        `export async function step${i}(u: string): Promise<string> { ${i === 5 ? "return (await fetch(u)).text();" : "return u.trim();"} }\nexport function unused${i}() { return ${i}; }\n`,
      ]),
    ),
    "src/run.ts": `${steps.map(i => `import { step${i} } from "./step${i}.js";`).join("\n")}\nexport async function handle(u: string) {\n${steps.map(i => `  await step${i}(u);`).join("\n")}\n}\n`,
  };

  for (const mode of ["editor", "bulk"] as const) {
    test(`the facts of a function's callees in other files are computed together, not one round trip per callee (${mode})`, () => {
      for (const [name, text] of Object.entries(spread)) write(`uc-spread-${mode}/${name}`, text);
      const project = write(`uc-spread-${mode}/tsconfig.json`, JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", types: ["node"] } }));
      const file = write(
        `uc-spread-${mode}/src/calls.ts`,
        `import { handle } from "./run.js";\nexport async function all() {\n  const ids = process.argv.slice(2);\n  return Promise.all(ids.map(id => handle(id)));\n}\n`,
      );
      const linter = new Linter();
      try {
        let findings: string[] = [];
        if (mode === "editor") findings = linter.lintFile(file, { settings: unboundedOnly })!.findings.map(f => `${f.range.start.line + 1}:${f.ruleId}`);
        else {
          linter.openProject(project);
          linter.lintFiles([file], { project, settings: unboundedOnly }, r => (findings = r.findings.map(f => `${f.range.start.line + 1}:${f.ruleId}`)));
        }
        assert.deepEqual(findings, ["4:unbounded-concurrency"]);
        // One callee at a time, these were a syntax tree and a symbol batch per step file: 6 + 6
        // (in the editor, the files' whole batches; in bulk, the asked functions').
        const trees = linter.oneByOneRequests.get("getSourceFile") ?? 0;
        const batches = linter.oneByOneRequests.get("getSymbolsAtLocations") ?? 0;
        assert.ok(trees <= 3 && batches <= 3, JSON.stringify([...linter.oneByOneRequests]));
      } finally {
        linter.close();
      }
    });
  }
});

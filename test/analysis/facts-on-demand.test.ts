// Summary facts of a file analysed apart in bulk (the CLI), computed per function as they are
// asked for (call-graph.ts `FunctionFactsOnDemand`, the I/O summary's collector): the same facts
// as the whole file's, fewer questions to the compiler, and completed before the snapshot they
// are asked in changes.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { FunctionFactsOnDemand, functionKey, type FunctionFacts } from "../../server/src/analysis/call-graph";
import { Linter } from "../../server/src/analysis/linter";
import { scratchFolder } from "../helpers/scratch";

describe("FunctionFactsOnDemand", () => {
  const facts = (key: string): FunctionFacts => ({ key, name: key, isAsyncContext: true, effects: [], calls: [] });

  test("a function's facts are computed when first asked, once; other keys have none and cost nothing", () => {
    const computed: string[] = [];
    const [a, b, c] = ["a", "b", "c"].map(n => functionKey("f.ts", n.charCodeAt(0)));
    const functions = new FunctionFactsOnDemand([a!, b!, c!], key => (computed.push(key), key === b ? undefined : facts(key)));
    assert.equal(functions.get(a!)?.key, a);
    assert.equal(functions.get(a!)?.key, a);
    assert.equal(functions.has(b!), false, "a candidate whose calls record nothing");
    assert.equal(functions.get(functionKey("f.ts", 1)), undefined, "not a candidate");
    assert.deepEqual(computed, [a, b]);
    assert.equal(functions.pending, true);
  });

  test("listing the functions computes them all first", () => {
    const computed: string[] = [];
    const [a, b] = ["a", "b"].map(n => functionKey("f.ts", n.charCodeAt(0)));
    const functions = new FunctionFactsOnDemand([a!, b!], key => (computed.push(key), facts(key)));
    assert.deepEqual(
      [...functions.values()].map(f => f.key),
      [a, b],
    );
    assert.equal(functions.size, 2);
    assert.deepEqual(computed, [a, b]);
    assert.equal(functions.pending, false);
  });
});

describe("the I/O summary of files analysed apart in bulk", () => {
  const { write } = scratchFolder("facts-on-demand");

  test("same findings as one by one, also after a snapshot change between two bulk lints", () => {
    write("tsconfig.json", JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", types: ["node"] }, include: ["*.ts"] }));
    const caller = write(
      "sync.ts",
      `import { fetchUser, tally } from "./users.js";\nexport async function syncAll(ids: string[]) {\n  await Promise.all(ids.map(id => fetchUser(id)));\n}\nexport async function countAll(ids: string[]) {\n  return Promise.all(ids.map(id => tally(id)));\n}\n`,
    );
    // Only some of these functions are asked about; the others' calls are never classified in bulk.
    const users = write(
      "users.ts",
      `export async function fetchUser(id: string) {\n  return load(\`https://example.com/users/\${id}\`);\n}\nasync function load(url: string) {\n  const res = await fetch(url, { signal: AbortSignal.timeout(1000) });\n  return res.json();\n}\nexport async function tally(id: string) {\n  return id.length;\n}\nexport async function unused(path: string) {\n  return (await fetch(path)).text();\n}\n`,
    );
    const extra = write("extra.ts", `export const extra = 1;\n`);
    const project = caller.replace(/sync\.ts$/, "tsconfig.json");
    write("package.json", `{"name":"case","type":"module"}`);
    // A parameter's list is evidence with `weakSources` and `collections: "not-provably-small"`.
    const settings = {
      rules: { "unbounded-concurrency": { severity: "warning" as const, options: { weakSources: true, collections: "not-provably-small" } } },
    };
    const lines = (findings: readonly { range: { start: { line: number } }; ruleId: string }[]) => findings.map(f => `${f.range.start.line + 1}:${f.ruleId}`);
    const one = new Linter({ editorBuffers: false });
    const bulk = new Linter({ editorBuffers: false });
    try {
      const expected = lines(one.lintFile(caller, { project, settings })!.findings);
      assert.deepEqual(expected, ["3:unbounded-concurrency"], "the fan-out whose work reaches fetch two files down");
      const bulkLint = () => {
        const got: string[][] = [];
        bulk.lintFiles([caller], { project, settings }, result => got.push(lines(result.findings)));
        return got;
      };
      bulk.openProject(project);
      assert.deepEqual(bulkLint(), [expected]);
      assert.ok((bulk.otherFileAnalyses.get("IoCallCollector") ?? 0) > 0, "users.ts analysed apart");
      // A file opened: a new snapshot; the facts asked later are those of the same text.
      const loads = bulk.loadStats.loads;
      bulk.openFiles([extra]);
      assert.ok(bulk.loadStats.loads > loads, "a snapshot update");
      assert.deepEqual(bulkLint(), [expected]);
      assert.deepEqual(lines(bulk.lintFile(users, { project, settings })!.findings), lines(one.lintFile(users, { project, settings })!.findings));
    } finally {
      one.close();
      bulk.close();
    }
  });
});

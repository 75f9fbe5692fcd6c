// An edit drops the call-graph facts of the edited file and of the files that call into it, not
// of their callers in turn (issue 15: a keystroke in a file many files call into re-analysed most
// of the project), and the chains through the kept facts follow the new facts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CallGraph, functionKey, type FileFacts, type Site } from "../../server/src/analysis/call-graph";

const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
const site = (fileName: string, label: string): Site => ({ fileName, range, label });

/** a.ts:1 calls b.ts:1, which calls c.ts:1; c.ts:1 blocks (its label names the version of c.ts). */
function project() {
  let version = 1;
  const computed: string[] = [];
  const factsOf = (fileName: string): FileFacts => {
    computed.push(fileName);
    const key = functionKey(fileName, 1);
    const next = { "a.ts": "b.ts", "b.ts": "c.ts" }[fileName];
    const functions = new Map([
      [
        key,
        {
          key,
          name: fileName,
          isAsyncContext: false,
          effects: next ? [] : [site(fileName, `readFileSync (c.ts version ${version})`)],
          calls: next ? [{ ...site(fileName, `${next}()`), target: functionKey(next, 1) }] : [],
        },
      ],
    ]);
    return { fileName, functions, dependsOn: new Set(next ? [next] : []) };
  };
  const graph = new CallGraph(factsOf);
  return {
    graph,
    computed,
    edit: () => {
      version++;
    },
  };
}

test("invalidating a file drops its facts and its direct callers' facts; the callers' callers keep theirs", () => {
  const { graph, computed, edit } = project();
  assert.deepEqual(
    graph.chainOf(functionKey("a.ts", 1))?.map(s => s.label),
    ["b.ts()", "c.ts()", "readFileSync (c.ts version 1)"],
  );
  assert.deepEqual(computed, ["a.ts", "b.ts", "c.ts"]);
  computed.length = 0;

  edit();
  graph.invalidate(["c.ts"]);
  assert.deepEqual(
    graph.chainOf(functionKey("a.ts", 1))?.map(s => s.label),
    ["b.ts()", "c.ts()", "readFileSync (c.ts version 2)"],
    "the chain follows the new facts",
  );
  assert.deepEqual(computed, ["b.ts", "c.ts"], "a.ts points into b.ts only, whose text did not change: its facts stand");
});

test("a file nobody calls into is the only one dropped", () => {
  const { graph, computed } = project();
  graph.chainOf(functionKey("a.ts", 1));
  computed.length = 0;
  graph.invalidate(["a.ts"]);
  graph.chainOf(functionKey("a.ts", 1));
  assert.deepEqual(computed, ["a.ts"]);
});

/** b.ts:1 calls load() in c.ts, declared at `c.index`; an edit above it moves it. */
function movingProject() {
  const c = { index: 1, name: "load", version: 1 };
  const computed: string[] = [];
  const factsOf = (fileName: string): FileFacts => {
    computed.push(fileName);
    if (fileName === "c.ts") {
      const key = functionKey("c.ts", c.index);
      return {
        fileName,
        dependsOn: new Set(),
        functions: new Map([[key, { key, name: c.name, isAsyncContext: false, effects: [site("c.ts", `readFileSync (version ${c.version})`)], calls: [] }]]),
      };
    }
    const key = functionKey("b.ts", 1);
    return {
      fileName,
      dependsOn: new Set(["c.ts"]),
      functions: new Map([
        [key, { key, name: "b", isAsyncContext: false, effects: [], calls: [{ ...site("b.ts", "load()"), target: functionKey("c.ts", c.index) }] }],
      ]),
    };
  };
  // The locator sees the snapshot as it is when asked: the old index before the edit reaches it, the new one after.
  const locator = {
    signatureOf: (key: string) => (key === functionKey("c.ts", c.index) ? `${c.name}()` : undefined),
    keysOf: (fileName: string, signatures: ReadonlySet<string>) =>
      new Map([...signatures].filter(s => s === `${c.name}()`).map(s => [s, [functionKey(fileName, c.index)]])),
  };
  return { graph: new CallGraph(factsOf, locator), computed, c };
}

test("a caller's facts follow the callee's declaration to its new index after an edit moved it, without being computed again", () => {
  const { graph, computed, c } = movingProject();
  assert.deepEqual(
    graph.chainOf(functionKey("b.ts", 1))?.map(s => s.label),
    ["load()", "readFileSync (version 1)"],
  );
  computed.length = 0;
  graph.invalidate(["c.ts"]); // the edit is not in the snapshot yet
  c.index = 7;
  c.version = 2; // now it is: load() moved down
  assert.deepEqual(
    graph.chainOf(functionKey("b.ts", 1))?.map(s => s.label),
    ["load()", "readFileSync (version 2)"],
  );
  assert.deepEqual(computed, ["c.ts"], "b.ts's facts were kept and re-keyed");
  assert.equal(graph.factsOfFile("b.ts")!.functions.get(functionKey("b.ts", 1))!.calls[0]!.target, functionKey("c.ts", 7));
});

test("a caller whose callee is gone (renamed, header changed) is computed again", () => {
  const { graph, computed, c } = movingProject();
  graph.chainOf(functionKey("b.ts", 1));
  computed.length = 0;
  graph.invalidate(["c.ts"]);
  c.name = "loadAll";
  c.index = 3;
  graph.chainOf(functionKey("b.ts", 1));
  assert.deepEqual(computed.sort(), ["b.ts", "c.ts"]);
});

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
    const functions = new Map([[key, {
      key, name: fileName, isAsyncContext: false,
      effects: next ? [] : [site(fileName, `readFileSync (c.ts version ${version})`)],
      calls: next ? [{ ...site(fileName, `${next}()`), target: functionKey(next, 1) }] : [],
    }]]);
    return { fileName, functions, dependsOn: new Set(next ? [next] : []) };
  };
  const graph = new CallGraph(factsOf);
  return { graph, computed, edit: () => { version++; } };
}

test("invalidating a file drops its facts and its direct callers' facts; the callers' callers keep theirs", () => {
  const { graph, computed, edit } = project();
  assert.deepEqual(graph.chainOf(functionKey("a.ts", 1))?.map(s => s.label), ["b.ts()", "c.ts()", "readFileSync (c.ts version 1)"]);
  assert.deepEqual(computed, ["a.ts", "b.ts", "c.ts"]);
  computed.length = 0;

  edit();
  graph.invalidate(["c.ts"]);
  assert.deepEqual(graph.chainOf(functionKey("a.ts", 1))?.map(s => s.label), ["b.ts()", "c.ts()", "readFileSync (c.ts version 2)"], "the chain follows the new facts");
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

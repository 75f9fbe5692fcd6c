// An edit drops only the summaries whose calls can reach the edited file (issue 15: every
// keystroke made each rule's questions about the project's helpers start over, ~5 ms of
// unbounded-concurrency's and more of blocking-call-in-async's per edit on a large file).
import { test } from "node:test";
import assert from "node:assert/strict";
import { CallGraph, functionKey, type FileFacts, type Site } from "../../server/src/analysis/call-graph";

const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
const site = (fileName: string, label: string, kind?: string): Site => ({ fileName, range, label, ...(kind ? { kind } : {}) });

/** Two chains of files, a.ts → b.ts → c.ts and x.ts → y.ts; the last of each has an effect named by its version. */
function project() {
  const versions: Record<string, number> = { "c.ts": 1, "y.ts": 1 };
  const next: Record<string, string> = { "a.ts": "b.ts", "b.ts": "c.ts", "x.ts": "y.ts" };
  const factsOf = (fileName: string): FileFacts => {
    const key = functionKey(fileName, 1);
    const callee = next[fileName];
    const effects = callee ? [] : [site(fileName, `write (${fileName} version ${versions[fileName]})`, `kind${versions[fileName]}`)];
    const calls = callee ? [{ ...site(fileName, `${callee}()`), target: functionKey(callee, 1) }] : [];
    return {
      fileName,
      functions: new Map([[key, { key, name: fileName, isAsyncContext: false, effects, calls }]]),
      dependsOn: new Set(callee ? [callee] : []),
    };
  };
  const graph = new CallGraph(factsOf);
  const visited: string[] = [];
  const factsOfFile = graph.factsOfFile.bind(graph);
  graph.factsOfFile = (fileName: string) => {
    visited.push(fileName);
    return factsOfFile(fileName);
  };
  return { graph, versions, visited, factsOf };
}

/** Every summary the graph keeps of `fileName`'s function, as labels. */
function answers(graph: CallGraph, fileName: string) {
  const key = functionKey(fileName, 1);
  const labels = (chain: Site[] | undefined) => chain?.map(s => s.label);
  return {
    chain: labels(graph.chainOf(key)),
    major: labels(graph.majorChainOf(key)),
    reach: labels(graph.reachOf(key)),
    kinds: [...graph.kindsReached(key)],
  };
}

test("summaries whose calls cannot reach the edited file are kept: asked again, nothing is visited", () => {
  const { graph, versions, visited } = project();
  const before = answers(graph, "x.ts");
  answers(graph, "a.ts");
  visited.length = 0;

  versions["c.ts"] = 2;
  graph.invalidate(["c.ts"]);
  assert.deepEqual(answers(graph, "x.ts"), before);
  assert.deepEqual(visited, [], "x.ts → y.ts never reaches c.ts");
});

test("summaries that reach the edited file through other files follow the new facts", () => {
  const { graph, versions } = project();
  assert.deepEqual(answers(graph, "a.ts").chain, ["b.ts()", "c.ts()", "write (c.ts version 1)"]);
  versions["c.ts"] = 2;
  graph.invalidate(["c.ts"]);
  assert.deepEqual(answers(graph, "a.ts"), {
    chain: ["b.ts()", "c.ts()", "write (c.ts version 2)"],
    major: ["b.ts()", "c.ts()", "write (c.ts version 2)"],
    reach: ["b.ts()", "c.ts()", "write (c.ts version 2)"],
    kinds: ["kind2"],
  });
});

test("facts put for a file after a lint drop the summaries that reach it and only those", () => {
  const { graph, versions, visited, factsOf } = project();
  answers(graph, "a.ts");
  const before = answers(graph, "x.ts");
  versions["c.ts"] = 3;
  graph.put(factsOf("c.ts"));
  visited.length = 0;
  assert.deepEqual(answers(graph, "a.ts").reach, ["b.ts()", "c.ts()", "write (c.ts version 3)"]);
  assert.deepEqual(answers(graph, "x.ts"), before);
  assert.ok(!visited.includes("x.ts") && !visited.includes("y.ts"), `visited ${visited.join(", ")}`);
});

test("clearing the graph drops every summary", () => {
  const { graph, versions } = project();
  answers(graph, "x.ts");
  versions["y.ts"] = 2;
  graph.clear();
  assert.deepEqual(answers(graph, "x.ts").chain, ["y.ts()", "write (y.ts version 2)"]);
});

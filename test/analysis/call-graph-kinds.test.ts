// `CallGraph.kindsReached`: every kind of effect below a function, through cycles, for questions
// such as "does this work touch only the file system?" (retry-without-backoff's local work).
import { test } from "node:test";
import assert from "node:assert/strict";
import { CallGraph, functionKey, type FileFacts, type FunctionFacts, type Site } from "../../server/src/analysis/call-graph";

const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
const key = (name: string) => functionKey("p.ts", name.charCodeAt(0));

/** One file whose functions are named by one letter: their own effects (kinds) and calls. */
function graphOf(spec: Record<string, { effects?: (string | { kind: string; parameter?: number; weak?: boolean })[]; calls?: string[] }>) {
  let computed = 0;
  const graph = new CallGraph(fileName => {
    computed++;
    const functions = new Map<string, FunctionFacts>();
    for (const [name, f] of Object.entries(spec)) {
      const effects: Site[] = (f.effects ?? []).map(e => ({ fileName, range, label: name, ...(typeof e === "string" ? { kind: e } : e) }));
      const calls = (f.calls ?? []).map(c => ({ fileName, range, label: `${c}()`, target: key(c) }));
      functions.set(key(name), { key: key(name), name, isAsyncContext: true, effects, calls });
    }
    return { fileName, functions, dependsOn: new Set<string>() } satisfies FileFacts;
  });
  return { graph, computations: () => computed };
}

const sorted = (s: ReadonlySet<string>) => [...s].sort();

test("the kinds of every effect below a function, async callees included", () => {
  const { graph } = graphOf({ a: { effects: ["file"], calls: ["b"] }, b: { calls: ["c"] }, c: { effects: ["http"] }, d: { effects: ["file"] } });
  assert.deepEqual(sorted(graph.kindsReached(key("a"))), ["file", "http"]);
  assert.deepEqual(sorted(graph.kindsReached(key("b"))), ["http"]);
  assert.deepEqual(sorted(graph.kindsReached(key("d"))), ["file"]);
});

test("a function without facts reaches nothing; a call of what the caller passes in reaches anything", () => {
  const { graph } = graphOf({ a: { calls: ["z"] }, b: { effects: ["file", { kind: "async", parameter: 0, weak: true }] } });
  assert.deepEqual(sorted(graph.kindsReached(key("a"))), []);
  assert.deepEqual(sorted(graph.kindsReached(key("b"))), ["async", "file"]);
});

test("a cycle's kinds reach every function on it, whichever is asked first", () => {
  for (const first of ["a", "b", "c"]) {
    // a -> b -> c -> a; only c has an effect of its own, and b also calls d (network).
    const { graph } = graphOf({ a: { calls: ["b"] }, b: { calls: ["c", "d"] }, c: { effects: ["file"], calls: ["a"] }, d: { effects: ["network"] } });
    graph.kindsReached(key(first));
    for (const name of ["a", "b", "c"]) assert.deepEqual(sorted(graph.kindsReached(key(name))), ["file", "network"], `${name} after asking ${first} first`);
  }
});

test("a chain deeper than the graph follows counts as reaching anything", () => {
  const spec: Record<string, { effects?: string[]; calls?: string[] }> = {};
  const names = Array.from({ length: 40 }, (_, i) => String.fromCharCode(65 + i));
  names.forEach((n, i) => (spec[n] = i + 1 < names.length ? { calls: [names[i + 1]!] } : { effects: ["file"] }));
  const { graph } = graphOf(spec);
  assert.deepEqual(sorted(graph.kindsReached(key(names[0]!))), ["async"]);
  assert.deepEqual(sorted(graph.kindsReached(key(names[30]!))), ["file"]);
});

test("a change of the facts drops the kinds found before", () => {
  let kind = "file";
  const graph = new CallGraph(fileName => ({
    fileName,
    functions: new Map([[key("a"), { key: key("a"), name: "a", isAsyncContext: true, effects: [{ fileName, range, label: "a", kind }], calls: [] }]]),
    dependsOn: new Set<string>(),
  }));
  assert.deepEqual(sorted(graph.kindsReached(key("a"))), ["file"]);
  kind = "http";
  graph.invalidate(["p.ts"]);
  assert.deepEqual(sorted(graph.kindsReached(key("a"))), ["http"]);
});

test("methods that all call each other are each visited once per question", () => {
  // 20 functions, each calling every other (under the depth limit): a walk per path would never end.
  const names = Array.from({ length: 20 }, (_, i) => String.fromCharCode(65 + i));
  const spec: Record<string, { effects?: string[]; calls?: string[] }> = {};
  for (const n of names) spec[n] = { calls: names.filter(m => m !== n), ...(n === "T" ? { effects: ["database"] } : {}) };
  let visits = 0;
  const { graph } = graphOf(spec);
  const factsOfFile = graph.factsOfFile.bind(graph);
  graph.factsOfFile = (fileName: string) => {
    visits++;
    return factsOfFile(fileName);
  };
  assert.deepEqual(sorted(graph.kindsReached(key("A"))), ["database"]);
  assert.ok(visits <= names.length, `${visits} visits for ${names.length} functions`);
});

test("a function first met below the depth limit's cut is not remembered as reaching anything", () => {
  // A chain of 40: asked from its top, the functions past the limit are cut; asked from the middle, the chain ends in a file.
  const spec: Record<string, { effects?: string[]; calls?: string[] }> = {};
  const names = Array.from({ length: 40 }, (_, i) => String.fromCharCode(65 + i));
  names.forEach((n, i) => (spec[n] = i + 1 < names.length ? { calls: [names[i + 1]!] } : { effects: ["file"] }));
  const { graph } = graphOf(spec);
  assert.deepEqual(sorted(graph.kindsReached(key(names[0]!))), ["async"]);
  assert.deepEqual(sorted(graph.kindsReached(key(names[20]!))), ["file"], "the same answer whichever function was asked first");
});

// Reads the sources and fails when an Architecture Invariant of ARCHITECTURE.md breaks
// (the idea of rust-analyzer's tidy tests): the invariants hold because a test says so,
// not because everybody remembers them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, posix, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { NotificationType, RequestType } from "vscode-jsonrpc";
import * as languageServerProtocol from "../protocol/src/languageServer";

const root = fileURLToPath(new URL("..", import.meta.url));

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  const stack = [join(root, dir)];
  while (stack.length) {
    const current = stack.pop()!;
    for (const name of readdirSync(current)) {
      const full = join(current, name);
      if (statSync(full).isDirectory()) {
        if (name !== "node_modules") stack.push(full);
      } else if (/\.(ts|mts|cts)$/.test(name) && !name.endsWith(".d.ts")) out.push(relative(root, full).split(sep).join("/"));
    }
  }
  return out.sort();
}

/** Module specifiers of static imports, dynamic imports, `export ... from` and `require(...)`. */
export function importedModules(text: string): string[] {
  const specifiers: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*["']([^"']+)["']/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
  for (const pattern of patterns) for (const m of code.matchAll(pattern)) specifiers.push(m[1]!);
  return specifiers;
}

function violations(files: string[], bad: (specifier: string, file: string) => boolean): string[] {
  const found: string[] = [];
  for (const file of files) {
    for (const specifier of importedModules(readFileSync(join(root, file), "utf8"))) {
      if (bad(specifier, file)) found.push(`${file} imports "${specifier}"`);
    }
  }
  return found;
}

const nodeBuiltin = (s: string) =>
  s.startsWith("node:") ||
  ["fs", "fs/promises", "child_process", "net", "http", "https", "os", "path", "worker_threads", "crypto", "stream", "util"].includes(s);

test("tidy: the import scanner sees every kind of import (so the checks below can fail)", () => {
  const text = [
    'import { a } from "x1";',
    'import type { B } from "x2";',
    'import "x3";',
    'export * from "x4";',
    'const c = require("x5");',
    'const d = await import("x6");',
    '// import { e } from "not-me";',
    '/* require("not-me-either") */',
  ].join("\n");
  assert.deepEqual(importedModules(text).sort(), ["x1", "x2", "x3", "x4", "x5", "x6"]);
});

test("tidy: nothing outside server/src/analysis/typescript/ imports typescript/unstable", () => {
  const files = ["server", "client", "tracer", "webview", "timeline-model", "protocol"].flatMap(sourceFiles);
  assert.deepEqual(
    violations(files, (s, f) => s.startsWith("typescript/unstable") && !f.startsWith("server/src/analysis/typescript/")),
    [],
  );
});

test("tidy: only server/src/server.ts creates the LSP connection", () => {
  const files = sourceFiles("server/src").filter(f => f !== "server/src/server.ts");
  const found = files.filter(
    f =>
      /\bcreateConnection\s*\(/.test(readFileSync(join(root, f), "utf8")) &&
      importedModules(readFileSync(join(root, f), "utf8")).some(s => s.startsWith("vscode-languageserver")),
  );
  assert.deepEqual(found, []);
});

test("tidy: rules do no I/O (no fs, child_process, net, http imports under server/src/rules/)", () => {
  const io = /^(node:)?(fs|fs\/promises|child_process|net|tls|http|https|http2|dgram|worker_threads)$/;
  assert.deepEqual(
    violations(sourceFiles("server/src/rules"), s => io.test(s)),
    [],
  );
});

/** The file a relative import of `file` names, as a path from the repository root (without extension; a folder means its index). */
function importTarget(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const target = posix.normalize(posix.join(posix.dirname(file), specifier));
  return existsSync(join(root, target)) && statSync(join(root, target)).isDirectory() ? `${target}/index` : target;
}

/** `server/src/rules/<id>/...` -> `<id>`; undefined outside a rule's folder (rule.ts, registry.ts, analysis/...). */
function ruleFolderOf(path: string): string | undefined {
  return /^server\/src\/rules\/([^/]+)\//.exec(path)?.[1];
}

test("tidy: the rule-folder check sees an import into another rule's folder (so it can fail)", () => {
  assert.equal(ruleFolderOf(importTarget("server/src/rules/a-rule/index.ts", "../b-rule/helper")!), "b-rule");
  assert.equal(ruleFolderOf(importTarget("server/src/rules/a-rule/index.ts", "../rule")!), undefined);
  assert.equal(ruleFolderOf(importTarget("server/src/analysis/linter.ts", "../rules/a-rule/index")!), "a-rule");
  assert.equal(ruleFolderOf(importTarget("server/src/rules/registry.ts", "./floating-promise")!), "floating-promise", "a folder import names its index");
});

test("tidy: a rule's folder imports nothing from another rule's folder", () => {
  assert.deepEqual(
    violations(sourceFiles("server/src/rules"), (s, f) => {
      const target = importTarget(f, s);
      const own = ruleFolderOf(f);
      const other = target === undefined ? undefined : ruleFolderOf(target);
      return own !== undefined && other !== undefined && other !== own;
    }),
    [],
  );
});

/**
 * The `callGraph(...)` calls in a source text whose second argument is missing or `undefined`: a
 * call graph of the rule's own instead of a shared summary (the id names the facts every rule
 * asking for them shares).
 */
export function ownCallGraphs(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
  const out: string[] = [];
  for (const m of code.matchAll(/\.callGraph\(/g)) {
    // The arguments: up to the parenthesis that closes the call.
    let depth = 1;
    let i = m.index! + m[0].length;
    const start = i;
    const commas: number[] = [];
    for (; i < code.length && depth > 0; i++) {
      const ch = code[i];
      if (ch === "(" || ch === "{" || ch === "[") depth++;
      else if (ch === ")" || ch === "}" || ch === "]") depth--;
      else if (ch === "," && depth === 1) commas.push(i);
    }
    const args = code.slice(start, i - 1);
    const second = commas.length ? code.slice(commas[0]! + 1, commas[1] ?? i - 1).trim() : "";
    if (!second || second === "undefined") out.push(args.replace(/\s+/g, " ").trim());
  }
  return out;
}

/**
 * Rules whose call-graph facts depend on their own options, and so cannot be shared: the checked
 * APIs of missing-timeout, the extra blocking calls of blocking-call-in-async.
 */
const optionDependentGraphs = new Set(["missing-timeout", "blocking-call-in-async"]);

test("tidy: the own-graph scanner finds a call graph without a summary id (so the check below can fail)", () => {
  assert.deepEqual(ownCallGraphs("context.callGraph(fa => new C(fa))"), ["fa => new C(fa)"]);
  assert.deepEqual(ownCallGraphs("context.callGraph(fa => new C(fa, f(a, b)), undefined, { x: 1 })").length, 1);
  assert.deepEqual(ownCallGraphs("context.callGraph(fa => new C(fa, f(a, b)), ioCallsSummary)"), []);
  assert.deepEqual(ownCallGraphs("// context.callGraph(fa => new C(fa))"), []);
});

test("tidy: rules read the project's summaries through shared summary ids, not call graphs of their own (but for option-dependent facts)", () => {
  const found: string[] = [];
  for (const file of sourceFiles("server/src/rules")) {
    const rule = ruleFolderOf(file);
    if (!rule || optionDependentGraphs.has(rule)) continue;
    for (const call of ownCallGraphs(readFileSync(join(root, file), "utf8"))) found.push(`${file}: callGraph(${call})`);
  }
  assert.deepEqual(found, []);
});

test("tidy: server/src/analysis imports nothing from a rule's folder (only rules/rule.ts and rules/registry.ts)", () => {
  assert.deepEqual(
    violations(sourceFiles("server/src/analysis"), (s, f) => {
      const target = importTarget(f, s);
      return target !== undefined && ruleFolderOf(target) !== undefined;
    }),
    [],
  );
});

test("tidy: protocol/ imports nothing from other folders and no packages (but the LSP message types of vscode-jsonrpc)", () => {
  const allowed = (s: string, f: string) => s.startsWith("./") || (s === "vscode-jsonrpc" && f === "protocol/src/languageServer.ts");
  assert.deepEqual(
    violations(sourceFiles("protocol"), (s, f) => !allowed(s, f)),
    [],
  );
});

test("tidy: custom LSP messages go through protocol's typed message types, never a method string", () => {
  const messages = Object.entries(languageServerProtocol).filter(([name]) => /(?:Notification|Request)$/.test(name));
  assert.ok(messages.length >= 2, "protocol/src/languageServer.ts declares the custom messages");
  for (const [name, message] of messages) {
    assert.ok(
      Object(message) instanceof NotificationType || Object(message) instanceof RequestType,
      `${name} is a vscode-jsonrpc NotificationType or RequestType`,
    );
  }
  const files = ["server/src", "client/src"].flatMap(sourceFiles);
  const found = files.filter(f => /\b(?:sendNotification|onNotification|sendRequest|onRequest)\s*\(\s*["'`]/.test(readFileSync(join(root, f), "utf8")));
  assert.deepEqual(found, []);
});

test("tidy: the webview and the timeline model it bundles import nothing from Node", () => {
  assert.deepEqual(
    violations(["webview/src", "timeline-model/src"].flatMap(sourceFiles), s => nodeBuiltin(s)),
    [],
  );
});

test("tidy: timeline-model/ is shared by the page, the extension and the CLI: it imports only itself, protocol/ and d3-scale", () => {
  const allowed = (s: string, f: string) => {
    const target = importTarget(f, s);
    return target === undefined ? s === "d3-scale" : target.startsWith("timeline-model/src/") || target.startsWith("protocol/src/");
  };
  assert.deepEqual(
    violations(sourceFiles("timeline-model"), (s, f) => !allowed(s, f)),
    [],
  );
});

test("tidy: the page's code stays in the page: nothing outside webview/ imports webview/src (the hosts share timeline-model/)", () => {
  const files = ["server", "client", "tracer", "timeline-model", "protocol"].flatMap(sourceFiles);
  assert.deepEqual(
    violations(files, (s, f) => importTarget(f, s)?.startsWith("webview/") === true),
    [],
  );
});

test("tidy: the snapshot header is checked where it arrives, never cast (protocol/src/timeline-snapshot.ts checkSnapshotHeader)", () => {
  const files = ["server/src", "client/src", "webview/src", "timeline-model/src", "protocol/src"]
    .flatMap(sourceFiles)
    .filter(f => f !== "protocol/src/timeline-snapshot.ts");
  const found = files.filter(f => /\bas\s+(?:unknown\s+as\s+)?SnapshotHeader\b/.test(readFileSync(join(root, f), "utf8")));
  assert.deepEqual(found, []);
});

/** Code without its comments, for the checks on calls and declarations. */
const codeOf = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");

/** What in the page's code builds a timeline model from trace events, instead of taking one from a snapshot or a live delta. */
function modelFromEvents(text: string): string[] {
  const code = codeOf(text);
  const found = [...code.matchAll(/\bnew\s+TimelineModel\b|\.(?:addEvents|addLiveBatch)\s*\(|\bmodelOfTrace\b|\bLiveTrace\b/g)].map(m => m[0]);
  return found;
}

/** Host → page message types whose interface has a field that carries a trace or a model. */
function messagesCarryingATrace(text: string): string[] {
  const host = codeOf(text.slice(0, text.indexOf("webview → host")));
  const carrying: string[] = [];
  for (const [, body] of host.matchAll(/export interface \w+ \{([\s\S]*?)\n\}/g)) {
    const type = /\btype:\s*"([^"]+)"/.exec(body!)?.[1];
    if (type && /^\s*(?:header|blob|events|text|bytes|trace|traceEvents|json)\??\s*:/m.test(body!)) carrying.push(type);
  }
  return carrying.sort();
}

test("tidy: the checks on the timeline's ways in see what they look for (so they can fail)", () => {
  assert.deepEqual(modelFromEvents("const m = new TimelineModel({}); m.addEvents(e); // m.addLiveBatch(e)\nmodelOfTrace(c);"), [
    "new TimelineModel",
    ".addEvents(",
    "modelOfTrace",
  ]);
  const messages = [
    'export interface A {\n  type: "loadTrace";\n  text: string;\n}',
    'export interface B {\n  type: "ping";\n  serial: number;\n}',
    "// webview → host",
    'export interface C {\n  type: "upload";\n  bytes: Uint8Array;\n}',
  ].join("\n");
  assert.deepEqual(messagesCarryingATrace(messages), ["loadTrace"]);
});

test("tidy: one way into the timeline: the page's models come from a snapshot or a live run's deltas, never from trace events", () => {
  const found = sourceFiles("webview/src").flatMap(f => modelFromEvents(readFileSync(join(root, f), "utf8")).map(what => `${f}: ${what}`));
  assert.deepEqual(found, []);
  // And the host sends a trace only as a snapshot, a live delta, or the events the page asked for.
  assert.deepEqual(messagesCarryingATrace(readFileSync(join(root, "protocol/src/webview-messages.ts"), "utf8")), ["events", "loadSnapshot", "snapshotDelta"]);
});

test("tidy: a live delta's header is checked where it arrives, never cast (protocol/src/timeline-delta.ts checkSnapshotDelta)", () => {
  const files = ["server/src", "client/src", "webview/src", "timeline-model/src", "protocol/src"]
    .flatMap(sourceFiles)
    .filter(f => f !== "protocol/src/timeline-delta.ts");
  const found = files.filter(f => /\bas\s+(?:unknown\s+as\s+)?SnapshotDelta\b/.test(readFileSync(join(root, f), "utf8")));
  assert.deepEqual(found, []);
});

test("tidy: the engine knows neither LSP nor the terminal (server/src/analysis imports no vscode-languageserver)", () => {
  assert.deepEqual(
    violations(sourceFiles("server/src/analysis"), s => s.startsWith("vscode-languageserver") || s === "vscode"),
    [],
  );
});

test("tidy: one traced-run implementation (only tracer/src/recorder/traced-run.ts spawns a traced program)", () => {
  const files = ["server/src", "client/src"].flatMap(sourceFiles);
  const found = files.filter(f => /\bNODE_OPTIONS\b/.test(readFileSync(join(root, f), "utf8")) && /--require/.test(readFileSync(join(root, f), "utf8")));
  assert.deepEqual(found, []);
});

/** The source files `entry` reaches through relative imports (paths from the repository root). */
function reachableFrom(entry: string): Set<string> {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of importedModules(readFileSync(join(root, file), "utf8"))) {
      const target = importTarget(file, specifier);
      if (target === undefined) continue;
      const resolved = [target, `${target.replace(/\.[cm]?js$/, "")}.ts`, `${target}/index.ts`].find(
        candidate => existsSync(join(root, candidate)) && statSync(join(root, candidate)).isFile(),
      );
      if (resolved) stack.push(resolved);
    }
  }
  return seen;
}

test("tidy: the reachability check follows relative imports (so the two checks below can fail)", () => {
  const reached = reachableFrom("tracer/src/index.ts");
  assert.ok(reached.has("tracer/src/sources/gc.ts"), "index.ts starts the GC source");
  assert.ok(!reached.has("webview/src/main.ts"));
});

test("tidy: every tracer source is started: each file of tracer/src/sources/ is reached from tracer/src/index.ts", () => {
  const reached = reachableFrom("tracer/src/index.ts");
  assert.deepEqual(
    sourceFiles("tracer/src/sources").filter(f => !reached.has(f)),
    [],
  );
});

test("tidy: every part of the timeline page is drawn: each file of webview/src/render/ is reached from webview/src/main.ts", () => {
  const reached = reachableFrom("webview/src/main.ts");
  assert.deepEqual(
    sourceFiles("webview/src/render").filter(f => !reached.has(f)),
    [],
  );
});

test("tidy: the compiler adapter is rule-agnostic: no code of server/src/analysis/typescript/ names a rule", () => {
  const ruleIds = readdirSync(join(root, "server/src/rules"), { withFileTypes: true })
    .filter(e => e.isDirectory())
    .map(e => e.name);
  assert.ok(ruleIds.includes("floating-promise"), "the rule folders are found");
  const found = sourceFiles("server/src/analysis/typescript").flatMap(f => {
    const code = codeOf(readFileSync(join(root, f), "utf8"));
    return ruleIds.filter(id => code.includes(id)).map(id => `${f} names ${id}`);
  });
  assert.deepEqual(found, []);
});

/** The `data-testid` values a page file sets, and those a test file looks up. */
const testIdsSet = (text: string) => [...text.matchAll(/["']data-testid["']\s*:\s*["']([\w-]+)["']/g)].map(m => m[1]!);
const testIdsLookedUp = (text: string) => [...text.matchAll(/data-testid=["']?([\w-]+)|getByTestId\(\s*["']([\w-]+)["']/g)].map(m => (m[1] ?? m[2])!);

test("tidy: the test-id scanners see ids set and looked up (so the check below can fail)", () => {
  assert.deepEqual(testIdsSet('el("div", { attrs: { "data-testid": "stats-range" } })'), ["stats-range"]);
  assert.deepEqual(testIdsLookedUp('page.locator("[data-testid=stats] h2"); q("[data-testid=\'a-b\']"); p.getByTestId("flame")'), ["stats", "a-b", "flame"]);
});

test("tidy: every timeline panel is tested in Chromium: each *-panel.ts sets a data-testid, and every id the page sets is looked up by a Chromium test", () => {
  // A Chromium test is a test file of test/webview/ that launches the browser (browser.ts).
  const chromiumTests = sourceFiles("test/webview").filter(
    f => f.endsWith(".test.ts") && importedModules(readFileSync(join(root, f), "utf8")).some(s => s === "./browser" || s === "./browser.ts"),
  );
  assert.ok(chromiumTests.length >= 2, `Chromium tests are found: ${chromiumTests.join(", ")}`);
  const lookedUp = new Set(chromiumTests.flatMap(f => testIdsLookedUp(readFileSync(join(root, f), "utf8"))));
  const render = sourceFiles("webview/src/render");
  const panelsWithoutId = render.filter(f => /-panel\.ts$/.test(f) && testIdsSet(readFileSync(join(root, f), "utf8")).length === 0);
  assert.deepEqual(panelsWithoutId, [], "a panel's root element carries a data-testid, so a Chromium test can find it");
  const untested = render.flatMap(f =>
    testIdsSet(readFileSync(join(root, f), "utf8"))
      .filter(id => !lookedUp.has(id))
      .map(id => `${f} sets data-testid "${id}"`),
  );
  assert.deepEqual(untested, [], "no Chromium test in test/webview/ looks these up");
});

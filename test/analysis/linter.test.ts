// The engine on real projects: project selection, unsaved text, cross-file invalidation,
// cancellation, tsconfig translation and rule failures.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Linter } from "../../server/src/analysis/linter";
import { compilerEnv } from "../../server/src/analysis/typescript/service";
import type { Rule } from "../../server/src/rules/rule";
import { SyntaxKind, type Node } from "../../server/src/analysis/typescript";
import { repoRoot } from "../helpers/built";
import { blockingOnConfig } from "../helpers/blocking-on";

let root: string;
const write = (rel: string, text: string) => {
  mkdirSync(join(root, rel, ".."), { recursive: true });
  writeFileSync(join(root, rel), text);
  return join(root, rel);
};
const ids = (linter: Linter, file: string) => linter.lintFile(file)!.findings.map(f => `${f.range.start.line + 1}:${f.ruleId}`);

before(() => {
  mkdirSync(join(repoRoot, "test/.tmp"), { recursive: true });
  root = mkdtempSync(join(repoRoot, "test/.tmp", "engine-"));
  // The workspace turns blocking-call-in-async on (off by default): most tests here lint its findings.
  write("loopscope.config.json", blockingOnConfig);
});
after(() => rmSync(root, { recursive: true, force: true }));

const blocking = `import fs from "node:fs";\nexport class C { async f() { return fs.readFileSync("x"); } }\n`;

describe("projects", () => {
  test("several projects in one workspace, a jsconfig project and a file in no project", () => {
    const a = write("a/src/x.ts", blocking);
    write("a/tsconfig.json", JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", types: ["node"] } }));
    const b = write("b/lib/y.js", `const fs = require("fs");\nclass G { async g() { return fs.readFileSync("y"); } }\nmodule.exports = { G };\n`);
    write("b/jsconfig.json", JSON.stringify({ compilerOptions: { module: "commonjs", checkJs: true } }));
    write("b/package.json", `{"type":"commonjs"}`);
    const loose = write("loose/z.mts", blocking);
    const linter = new Linter();
    try {
      assert.deepEqual(ids(linter, a), ["2:blocking-call-in-async"]);
      assert.deepEqual(ids(linter, b), ["2:blocking-call-in-async"]);
      assert.deepEqual(ids(linter, loose), ["2:blocking-call-in-async"]);
    } finally {
      linter.close();
    }
  });

  test("tsconfig options TypeScript 7 removed are translated with one log line, not a failure", () => {
    const file = write(
      "legacy/src/x.ts",
      `import { helper } from "./helper";\nexport function start() { setInterval(async () => { await helper(); }, 1000); }\n`,
    );
    write("legacy/src/helper.ts", `import { readFileSync } from "fs";\nexport function helper() { return readFileSync("x", "utf8"); }\n`);
    write(
      "legacy/tsconfig.json",
      `{\n  // an old project\n  "compilerOptions": { "moduleResolution": "node", "module": "commonjs", "baseUrl": "src", "types": ["node"], },\n}\n`,
    );
    write("legacy/package.json", `{"type":"commonjs"}`);
    const log: string[] = [];
    const linter = new Linter({ log: l => log.push(l) });
    try {
      const result = linter.lintFile(file)!;
      assert.deepEqual(result.problems, []);
      assert.deepEqual(
        result.findings.map(f => f.message.slice(0, 40)),
        ["helper() blocks the event loop inside as"],
      );
      assert.ok(
        log.some(l => /moduleResolution "node" was removed in TypeScript 7; using "bundler"/.test(l)),
        log.join("\n"),
      );
      assert.ok(
        log.some(l => /baseUrl without paths/.test(l)),
        log.join("\n"),
      );
    } finally {
      linter.close();
    }
  });
});

describe("editing", () => {
  test("unsaved text is linted instead of the file on disk, and dropping it goes back to disk", () => {
    write("edit/tsconfig.json", JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", types: ["node"] } }));
    const file = write("edit/a.ts", `export async function f() { return 1; }\n`);
    const linter = new Linter();
    try {
      assert.deepEqual(ids(linter, file), []);
      linter.setOverlay(file, `import fs from "node:fs";\n\nexport class C { async f() { return fs.readFileSync("x"); } }\n`);
      assert.deepEqual(ids(linter, file), ["3:blocking-call-in-async"]);
      linter.setOverlay(file, undefined);
      assert.deepEqual(ids(linter, file), []);
    } finally {
      linter.close();
    }
  });

  test("fixing a helper in another file updates the caller's transitive finding", () => {
    write("cross/tsconfig.json", JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", types: ["node"] } }));
    const caller = write(
      "cross/caller.ts",
      `import { load } from "./helper.js";\nexport function start() { setInterval(async () => { await load(); }, 1000); }\n`,
    );
    const helper = write("cross/helper.ts", `import fs from "node:fs";\nexport function load() { return fs.readFileSync("x", "utf8"); }\n`);
    const linter = new Linter();
    try {
      assert.deepEqual(ids(linter, caller), ["2:blocking-call-in-async"]);
      linter.setOverlay(helper, `export function load() { return "inline"; }\n`);
      assert.deepEqual(ids(linter, caller), [], "the helper no longer blocks");
      linter.setOverlay(helper, `import { execSync } from "node:child_process";\nexport function load() { return execSync("ls").toString(); }\n`);
      const [finding] = linter.lintFile(caller)!.findings;
      assert.match(finding!.message, /load\(\) blocks the event loop inside async code: it calls child_process\.execSync \(helper\.ts:2\)/);
    } finally {
      linter.close();
    }
  });

  test("an edit that moves a helper's declaration keeps its callers' facts (re-keyed, not computed again); renaming it drops them", () => {
    write("moved/tsconfig.json", JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", types: ["node"] } }));
    const handler = write(
      "moved/handler.ts",
      `import { viaMid } from "./mid.js";\nexport class H { async handler(req: unknown, res: unknown) { return viaMid(); } }\n`,
    );
    write("moved/mid.ts", `import { load } from "./helper.js";\nexport function viaMid() { return load(); }\n`);
    const original = `import fs from "node:fs";\nexport function load() { return fs.readFileSync("x", "utf8"); }\n`;
    const helper = write("moved/helper.ts", original);
    const linter = new Linter();
    const proto = Linter.prototype as unknown as { analyzeOtherFile: (this: Linter, file: string, collect: unknown) => unknown };
    const analyze = proto.analyzeOtherFile;
    const analysed: string[] = [];
    proto.analyzeOtherFile = function (file, collect) {
      analysed.push(file.slice(file.lastIndexOf("/") + 1));
      return analyze.call(this, file, collect);
    };
    const message = () => linter.lintFile(handler)!.findings.find(f => f.ruleId === "blocking-call-in-async")?.message;
    try {
      assert.match(message() ?? "", /viaMid\(\) blocks the event loop.*fs\.readFileSync \(helper\.ts:2\)/);
      analysed.length = 0;
      linter.setOverlay(helper, original.replace("\nexport function load", "\nexport function added() { return 1; }\nexport function load"));
      assert.match(message() ?? "", /fs\.readFileSync \(helper\.ts:3\)/, "the chain follows load() to its new place");
      assert.ok(!analysed.includes("mid.ts"), `mid.ts's facts are kept, re-keyed to load()'s new index (analysed again: ${analysed.join(", ")})`);
      linter.setOverlay(helper, original.replace("function load()", "function loadAll()").replace(/$/, 'export const load = (): string => "inline";\n'));
      assert.equal(message(), undefined, "load is another declaration now: mid.ts's facts are computed again and find no blocking call");
    } finally {
      proto.analyzeOtherFile = analyze;
      linter.close();
    }
  });

  test("after an edit, the call-graph facts of the edited file come from its own pass (no second analysis of it), with the same findings", () => {
    write("own/tsconfig.json", JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", types: ["node"] } }));
    // A rule that takes its graph in `create` (as unbounded-concurrency and missing-timeout do) and reads the file's own facts in `decide`.
    const countsFunctions: Rule<object> = {
      meta: {
        id: "counts-functions",
        description: "Reports how many functions the file's call-graph facts hold.",
        defaultSeverity: "warning",
        fixable: false,
        messages: { count: "{{n}} functions" },
      },
      defaultOptions: {},
      validateOptions: () => [],
      create: context => {
        const graph = context.callGraph(fa => {
          const functions: Node[] = [];
          return {
            visitKinds: [SyntaxKind.FunctionDeclaration],
            visit: node => {
              functions.push(node);
              fa.queries.needSymbol((node as unknown as { name: Node }).name);
            },
            finish: () => ({
              facts: {
                fileName: fa.fileName,
                dependsOn: new Set(),
                functions: new Map(
                  functions.map(f => {
                    const key = `${fa.fileName}:${(f as unknown as { index: number }).index}`;
                    return [
                      key,
                      { key, name: fa.queries.symbolOf((f as unknown as { name: Node }).name)?.name ?? "?", isAsyncContext: false, effects: [], calls: [] },
                    ];
                  }),
                ),
              },
            }),
          };
        });
        return {
          decide: () =>
            context.report({ node: context.sourceFile, messageId: "count", data: { n: String(graph.factsOfFile(context.fileName)?.functions.size) } }),
        };
      },
    };
    const text = `export function a() {}\nexport function b() {}\n`;
    const file = write("own/two.ts", text);
    const linter = new Linter({ extraRules: [countsFunctions] });
    const proto = Linter.prototype as unknown as { analyzeOtherFile: (this: Linter, file: string, collect: unknown) => unknown };
    const analyze = proto.analyzeOtherFile;
    const analysed: string[] = [];
    proto.analyzeOtherFile = function (f, collect) {
      analysed.push(f.slice(f.lastIndexOf("/") + 1));
      return analyze.call(this, f, collect);
    };
    const messages = () =>
      linter
        .lintFile(file)!
        .findings.filter(f => f.ruleId === "counts-functions")
        .map(f => f.message);
    try {
      assert.deepEqual(messages(), ["2 functions"]);
      assert.deepEqual(analysed, ["two.ts"], "first time: analysed when the rule asks");
      analysed.length = 0;
      linter.setOverlay(file, `${text}export function c() {}\n`);
      assert.deepEqual(messages(), ["3 functions"], "the facts of the edited text");
      assert.deepEqual(analysed, [], "computed in the lint's own pass and batch");
    } finally {
      proto.analyzeOtherFile = analyze;
      linter.close();
    }
  });

  test("the may-reject summary follows a change two files away (caller → wrapper → callee)", () => {
    write("reject/tsconfig.json", JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", types: ["node"] } }));
    write("reject/loopscope.config.json", JSON.stringify({ rules: { "floating-promise": "warning" } }));
    const caller = write("reject/caller.ts", `import { refresh } from "./wrapper.js";\nexport function onTick() { refresh(); }\n`);
    write("reject/wrapper.ts", `import { load } from "./callee.js";\nexport async function refresh() { await load(); }\n`);
    const catchAll = `declare function query(): Promise<void>;\nexport async function load() {\n  try { await query(); } catch (e) { console.error(e); }\n}\n`;
    const callee = write("reject/callee.ts", catchAll);
    const linter = new Linter();
    try {
      assert.deepEqual(ids(linter, caller), [], "load() catches everything, so refresh() cannot reject");
      // A throw of load() itself: one function below refresh(), evidence by default (a rethrow would
      // pass on query(), two functions below: reportDeepEvidence).
      linter.setOverlay(callee, catchAll.replace("console.error(e);", "console.error(e); }\n  if (Date.now() < 0) { throw new Error('clock');"));
      assert.deepEqual(ids(linter, caller), ["2:floating-promise"], "load() throws now");
      linter.setOverlay(callee, undefined);
      assert.deepEqual(ids(linter, caller), [], "back to the catch-all on disk");
    } finally {
      linter.close();
    }
  });

  test("unsaved text over the size limit is kept from the compiler (it would parse it for any file, outside budgets) until it fits again", () => {
    write("big/tsconfig.json", JSON.stringify({ compilerOptions: { strict: true, module: "nodenext" } }));
    write("big/loopscope.config.json", JSON.stringify({ maxFileSizeBytes: 100_000 }));
    const big = write("big/big.ts", "export const onDisk = 1;\n");
    const user = write("big/user.ts", `import { onlyUnsaved } from "./big.js";\nexport const v = onlyUnsaved;\n`);
    const unsaved = (size: number) => `export const onlyUnsaved = 1;\n// ${"x".repeat(size)}\n`;
    const linter = new Linter();
    try {
      linter.setOverlay(big, unsaved(200_000));
      assert.match(
        linter
          .lintFile(big)!
          .problems.map(p => p.message)
          .join(),
        /over the 0\.1 MB limit/,
      );
      linter.lintFile(user);
      assert.match(linter.compilerErrors(user).join("\n"), /onlyUnsaved/, "the compiler still has the saved file");
      assert.equal(linter.overlayText(big)?.length, unsaved(200_000).length, "the unsaved text is still the file's text for the editor");
      linter.setOverlay(big, unsaved(1_000));
      linter.lintFile(user);
      assert.deepEqual(linter.compilerErrors(user), [], "text within the limit reaches the compiler");
    } finally {
      linter.close();
    }
  });

  test("a cancelled lint returns nothing", () => {
    const file = write("cancel/a.ts", blocking);
    const linter = new Linter();
    try {
      let polls = 0;
      assert.equal(linter.lintFile(file, { isCancelled: () => ++polls > 1 }), undefined);
      assert.ok(polls >= 2, "cancellation is polled between phases");
      assert.deepEqual(ids(linter, file), ["2:blocking-call-in-async"]);
    } finally {
      linter.close();
    }
  });
});

describe("checker order", () => {
  test("a finding does not depend on which other rules run: a JavaScript property inferred from its assignments is asked from outside first", () => {
    // missing-timeout asks for the type of `tls.connect(options)`, whose options read `this.conn`
    // while `this.conn = tlsConn` is being inferred: asked first, the checker keeps `any` for
    // `this.conn`, and stream-backpressure no longer sees that `this.conn.pipe` is a stream's.
    const file = write(
      "order/lib/conn.js",
      [
        `const net = require("net");`,
        `const tls = require("tls");`,
        `class Connection {`,
        `  constructor(host) { this.host = host; this.conn = null; }`,
        `  connect() {`,
        `    this.conn = net.connect({ port: 4150, host: this.host }, () => {});`,
        `    this.conn.on("error", err => console.error(err));`,
        `  }`,
        `  startTLS(callback) {`,
        `    const options = { socket: this.conn, rejectUnauthorized: true };`,
        `    const tlsConn = tls.connect(options, () => { this.conn = tlsConn; callback(); });`,
        `    tlsConn.on("error", err => console.error(err));`,
        `  }`,
        `  /** @param {Stream} inflater */`,
        `  startCompression(inflater) {`,
        `    this.inflater = inflater;`,
        `    this.conn.pipe(this.inflater);`,
        `    this.inflater.on("data", data => data);`,
        `  }`,
        `}`,
        `module.exports = { Connection };`,
        ``,
      ].join("\n"),
    );
    write("order/jsconfig.json", JSON.stringify({ compilerOptions: { allowJs: true, module: "commonjs", types: ["node"] } }));
    write("order/package.json", `{"type":"commonjs"}`);
    const lint = (rules: Record<string, { severity: "warning" | "off" }>) => {
      const linter = new Linter();
      try {
        return linter.lintFile(file, { settings: { rules } })!.findings.map(f => `${f.range.start.line + 1}:${f.ruleId}`);
      } finally {
        linter.close();
      }
    };
    const alone = lint({
      "stream-backpressure": { severity: "warning" },
      "missing-timeout": { severity: "off" },
      "blocking-call-in-async": { severity: "off" },
    });
    const together = lint({
      "stream-backpressure": { severity: "warning" },
      "missing-timeout": { severity: "warning" },
      "blocking-call-in-async": { severity: "off" },
    });
    assert.deepEqual(alone, ["17:stream-backpressure"]);
    assert.deepEqual(together, alone);
  });
});

describe("rule failures", () => {
  test("a rule that throws is logged once, reported on the file, and other rules still report", () => {
    const throwing: Rule<object> = {
      meta: { id: "always-throws", description: "A rule that fails, to test the engine's guard.", defaultSeverity: "warning", fixable: false, messages: {} },
      defaultOptions: {},
      validateOptions: () => [],
      create: () => ({
        visit: () => {
          throw new Error("boom");
        },
        decide: () => {},
      }),
    };
    const log: string[] = [];
    const linter = new Linter({ extraRules: [throwing], log: l => log.push(l) });
    try {
      const file = write("crash/a.ts", blocking);
      const other = write("crash/b.ts", blocking);
      for (const f of [file, other]) {
        const result = linter.lintFile(f)!;
        assert.deepEqual(
          result.findings.map(x => x.ruleId),
          ["blocking-call-in-async"],
        );
        assert.deepEqual(
          result.problems.map(p => [p.kind, p.ruleId]),
          [["rule-crashed", "always-throws"]],
        );
      }
      assert.equal(log.filter(l => l.includes("always-throws")).length, 1, "logged once");
      assert.match(log[0]!, /boom/);
    } finally {
      linter.close();
    }
  });
});

describe("time budget", () => {
  test("a rule's phase 2 that only reports (no tree walk) is stopped at the file's budget: 'skipped: too slow'", () => {
    const reportsForHalfAMinute: Rule<object> = {
      meta: {
        id: "reports-for-half-a-minute",
        description: "Reports the file over and over.",
        defaultSeverity: "warning",
        fixable: false,
        messages: { again: "again" },
      },
      defaultOptions: {},
      validateOptions: () => [],
      create: context => ({
        decide: () => {
          const until = Date.now() + 30_000;
          while (Date.now() < until) context.report({ node: context.sourceFile, messageId: "again" });
        },
      }),
    };
    const linter = new Linter({ extraRules: [reportsForHalfAMinute] });
    try {
      const file = write("budget/a.ts", blocking);
      assert.ok(
        linter.lintFile(file, { budgetMs: 60_000, settings: { rules: { "reports-for-half-a-minute": { severity: "off" } } } }),
        "warm: the project is loaded",
      );
      const started = Date.now();
      const result = linter.lintFile(file, { budgetMs: 2_000 })!;
      assert.deepEqual(
        result.problems.map(p => p.reason),
        ["too-slow"],
      );
      assert.ok(Date.now() - started < 10_000, `stopped after ${Date.now() - started} ms`);
    } finally {
      linter.close();
    }
  });
});

describe("bulk linting", () => {
  test("a failure of the analysis itself on one file becomes that file's problem; the files around it keep their results", () => {
    // The engine reads a rule's visitKinds outside the rule's guard: this one fails there for one file.
    const failing: Rule<object> = {
      meta: { id: "fails-on-one-file", description: "Fails the engine on files named bad.ts.", defaultSeverity: "warning", fixable: false, messages: {} },
      defaultOptions: {},
      validateOptions: () => [],
      create: context => ({
        get visitKinds(): SyntaxKind[] {
          if (context.fileName.endsWith("bad.ts")) throw new Error("engine failure");
          return [SyntaxKind.CallExpression];
        },
        visit: () => {},
        decide: () => {},
      }),
    };
    const log: string[] = [];
    const linter = new Linter({ extraRules: [failing], editorBuffers: false, log: l => log.push(l) });
    try {
      const files = ["isolate/a.ts", "isolate/bad.ts", "isolate/b.ts"].map(f => write(f, blocking));
      const got: { file: string; findings: string[]; problems: string[] }[] = [];
      linter.lintFiles(files, {}, result =>
        got.push({
          file: result.fileName.slice(root.length + 1),
          findings: result.findings.map(f => f.ruleId),
          problems: result.problems.map(p => `${p.kind}: ${p.message}`),
        }),
      );
      assert.deepEqual(got, [
        { file: "isolate/a.ts", findings: ["blocking-call-in-async"], problems: [] },
        { file: "isolate/bad.ts", findings: [], problems: ["failed: could not be checked: engine failure"] },
        { file: "isolate/b.ts", findings: ["blocking-call-in-async"], problems: [] },
      ]);
      assert.equal(log.filter(l => l.includes("engine failure")).length, 1, "logged once");
    } finally {
      linter.close();
    }
  });

  test("lintFiles gives each file the result lintFile gives it, in order, with the requests queued ahead", () => {
    const corpus = join(repoRoot, "test/corpus");
    const project = join(corpus, "tsconfig.json");
    const one = new Linter();
    const bulk = new Linter({ editorBuffers: false });
    try {
      const files = one.projectFileNames(project).filter(f => !f.endsWith(".d.ts"));
      // Files that end the run early or skip the walk, between ordinary ones.
      const broken = write("bulk/broken.ts", "export async function f() {\n  fetch('x')\n  const = ;\n}\n");
      const binary = write("bulk/binary.ts", "const a = 1;\u0000\u0001\u0002\n");
      const missing = join(root, "bulk/missing.ts");
      // More files than lintFiles walks ahead of its decisions (32), each with findings.
      const many = Array.from({ length: 45 }, (_, i) =>
        write(
          `bulk/many/m${i}.ts`,
          `import { readFileSync } from "node:fs";\nexport class C${i} { async f() {\n  new Promise((_, reject) => reject(new Error("${i}")));\n  return readFileSync("x${i}");\n} }\n`,
        ),
      );
      write("bulk/tsconfig.json", JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", types: ["node"] } }));
      write("bulk/loopscope.config.json", JSON.stringify({ rules: { "floating-promise": "warning" } }));
      // A batch too big to queue (its request alone is over the pipeline's limit) goes the plain way.
      const big = write("bulk/big.ts", `export async function big(p: Promise<number>) {\n${"  p.then(() => { throw new Error(); });\n".repeat(3000)}}\n`);
      const all = [...files.slice(0, 5), broken, ...many.slice(0, 20), binary, missing, big, ...many.slice(20), ...files.slice(5)];
      assert.ok(files.length >= 15, `the corpus has ${files.length} files`);

      const expected = all.map(f => one.lintFile(f, /\/bulk\//.test(f) ? {} : { project }));
      const got: { index: number; result: unknown }[] = [];
      bulk.openProject(project);
      // Two calls: the corpus files with --project, then the loose ones with their own project.
      const inProject = all.filter(f => !/\/bulk\//.test(f));
      bulk.lintFiles(inProject, { project }, (result, index) => got.push({ index: all.indexOf(inProject[index]!), result }));
      const loose = all.filter(f => /\/bulk\//.test(f));
      bulk.lintFiles(loose, {}, (result, index) => got.push({ index: all.indexOf(loose[index]!), result }));

      assert.equal(got.length, all.length, "one result per file");
      const inProjectOrder = got.slice(0, inProject.length).map(g => g.index);
      assert.deepEqual(
        inProjectOrder,
        [...inProjectOrder].sort((a, b) => a - b),
        "results come in the files' order",
      );
      for (const { index, result } of got) assert.deepEqual(result, expected[index], `same result for ${all[index]}`);
      assert.ok(expected.filter(r => r!.findings.length > 0).length > 45, "the comparison includes findings");
      assert.match(JSON.stringify(expected[all.indexOf(broken)]!.problems), /syntax error/);
      assert.match(JSON.stringify(expected[all.indexOf(binary)]!.problems), /binary file/);
      assert.match(JSON.stringify(expected[all.indexOf(missing)]!.problems), /cannot read the file/);
      assert.equal(expected[all.indexOf(big)]!.findings.length, 3000, "every statement of the big file is found");
      // Every syntax tree and batch of the project run was queued ahead (typescript@7.0.2's client shape).
      assert.ok(bulk.prefetchedAnswers >= inProject.length, `prefetched answers: ${bulk.prefetchedAnswers} for ${inProject.length} files`);
    } finally {
      one.close();
      bulk.close();
    }
  });
});

describe("compiler process", () => {
  test("a GC target reaches the compiler's environment, leaves ours alone, and yields to the user's GOGC", {
    skip: process.platform !== "linux" ? "reads /proc/<pid>/environ (Linux only)" : false,
  }, () => {
    const file = write("gc/x.ts", blocking);
    const envOfCompiler = (linter: Linter): Record<string, string> => {
      linter.lintFile(file);
      const pid = (linter as unknown as { service: { api: { client: { channel: { child: { pid: number } } } } } }).service.api.client.channel.child.pid;
      return Object.fromEntries(
        readFileSync(`/proc/${pid}/environ`, "utf8")
          .split("\0")
          .filter(Boolean)
          .map(kv => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
      );
    };
    const saved = { GOGC: process.env.GOGC, GOMEMLIMIT: process.env.GOMEMLIMIT };
    delete process.env.GOGC;
    delete process.env.GOMEMLIMIT;
    try {
      const tuned = new Linter({ cwd: root, compilerGcPercent: 400 });
      const plain = new Linter({ cwd: root });
      try {
        const env = envOfCompiler(tuned);
        assert.equal(env.GOGC, "400");
        assert.match(env.GOMEMLIMIT ?? "", /^\d+MiB$/);
        assert.equal(process.env.GOGC, undefined, "our own environment is restored");
        assert.equal(envOfCompiler(plain).GOGC, undefined, "without a target the compiler keeps Go's default");
      } finally {
        tuned.close();
        plain.close();
      }
      process.env.GOGC = "150";
      const user = new Linter({ cwd: root, compilerGcPercent: 400 });
      try {
        assert.equal(envOfCompiler(user).GOGC, "150", "the user's GOGC wins");
      } finally {
        user.close();
      }
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  test("compilerEnv: the soft memory limit is half the machine's memory, and a user's limit wins", () => {
    assert.deepEqual(compilerEnv(undefined, {}), {});
    assert.deepEqual(compilerEnv(400, {}, 8 * 2 ** 30), { GOGC: "400", GOMEMLIMIT: "4096MiB" });
    assert.deepEqual(compilerEnv(400, { GOMEMLIMIT: "2GiB" }, 8 * 2 ** 30), { GOGC: "400" });
    assert.deepEqual(compilerEnv(400, { GOGC: "off" }, 8 * 2 ** 30), {});
  });
});

describe("external code", () => {
  test("a workspace package linked into node_modules is a dependency (calls into it are not followed); the project's own helper is", () => {
    write("mono/packages/lib/package.json", JSON.stringify({ name: "lib", type: "module", types: "index.ts" }));
    write("mono/packages/lib/index.ts", `import { readFileSync } from "node:fs";\nexport function load(): string { return readFileSync("x", "utf8"); }\n`);
    write("mono/app/package.json", JSON.stringify({ name: "app", type: "module", dependencies: { lib: "*" } }));
    write("mono/app/tsconfig.json", JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", types: ["node"] }, include: ["src"] }));
    write("mono/app/src/own.ts", `import { readFileSync } from "node:fs";\nexport function loadOwn(): string { return readFileSync("y", "utf8"); }\n`);
    const main = write(
      "mono/app/src/main.ts",
      `import { load } from "lib";\nimport { loadOwn } from "./own.js";\nexport function start() { setInterval(async () => {\n  load();\n  loadOwn();\n}, 1000); }\n`,
    );
    mkdirSync(join(root, "mono/app/node_modules"), { recursive: true });
    symlinkSync(join(root, "mono/packages/lib"), join(root, "mono/app/node_modules/lib"), "dir");
    const linter = new Linter({ cwd: join(root, "mono/app") });
    try {
      const settings = { rules: { "blocking-call-in-async": { severity: "warning" as const } } };
      const project = join(root, "mono/app/tsconfig.json");
      const results: string[] = [];
      linter.lintFiles([main], { project, settings }, r => results.push(...r.findings.map(f => `${f.range.start.line + 1}:${f.ruleId}`)));
      assert.deepEqual(results, ["5:blocking-call-in-async"], "only the project's own helper");
      assert.deepEqual(
        linter.lintFile(main, { settings })!.findings.map(f => `${f.range.start.line + 1}:${f.ruleId}`),
        ["5:blocking-call-in-async"],
        "the editor agrees",
      );
    } finally {
      linter.close();
    }
  });
});

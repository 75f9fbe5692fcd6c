// The CLI's lint order (engine/dependency-order.ts): the files a file imports first, so that the
// summaries' facts of a callee file come from its own lint instead of a separate analysis.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { dependencyOrder } from "../../server/src/analysis/engine/dependency-order";
import { Linter } from "../../server/src/analysis/linter";
import { scratchFolder } from "../helpers/scratch";

const order = (texts: Record<string, string>, names = Object.keys(texts)) => dependencyOrder(names, f => texts[f]).map(i => names[i]);

describe("dependencyOrder", () => {
  test("a file comes after the files it imports, by every import form, with TypeScript's extension rules", () => {
    const texts = {
      "/p/src/main.ts": `import { a } from "./a.js";\nimport "./side";\nconst b = require("./lib/b");\nconst c = await import("../src/c.mjs");\nexport * from "./d";\n`,
      "/p/src/a.ts": `export const a = 1;\n`,
      "/p/src/side.ts": ``,
      "/p/src/lib/b/index.ts": `export {};\n`,
      "/p/src/c.mts": ``,
      "/p/src/d.tsx": ``,
    };
    const got = order(texts);
    for (const dep of ["/p/src/a.ts", "/p/src/side.ts", "/p/src/lib/b/index.ts", "/p/src/c.mts", "/p/src/d.tsx"])
      assert.ok(got.indexOf(dep) < got.indexOf("/p/src/main.ts"), `${dep} before main: ${got.join(", ")}`);
    assert.equal(got.length, 6);
  });

  test("a chain is linted callee first; unrelated files keep their order; packages and unknown files add no edge", () => {
    const texts = {
      "/p/x.ts": `import express from "express";\n`,
      "/p/top.ts": `import { mid } from "./mid";\n`,
      "/p/mid.ts": `import { leaf } from "./leaf";\nimport { gone } from "./not-linted";\n`,
      "/p/y.ts": ``,
      "/p/leaf.ts": ``,
    };
    assert.deepEqual(order(texts), ["/p/x.ts", "/p/leaf.ts", "/p/mid.ts", "/p/top.ts", "/p/y.ts"]);
  });

  test("an import cycle and a file that cannot be read keep every file exactly once", () => {
    const texts: Record<string, string | undefined> = { "/c/a.ts": `import "./b";\n`, "/c/b.ts": `import "./a";\n`, "/c/unread.ts": undefined };
    const names = Object.keys(texts);
    const got = dependencyOrder(names, f => texts[f]).map(i => names[i]);
    assert.deepEqual([...got].sort(), [...names].sort());
    assert.deepEqual(got, ["/c/b.ts", "/c/a.ts", "/c/unread.ts"], "entered from a.ts: b.ts first");
  });

  test("an import chain of 20,000 files does not overflow the stack", () => {
    const names = Array.from({ length: 20_000 }, (_, i) => `/long/f${i}.ts`);
    const got = dependencyOrder(names, f => {
      const i = Number(/f(\d+)/.exec(f)![1]);
      return i + 1 < names.length ? `import "./f${i + 1}";\n` : "";
    });
    assert.equal(got.length, names.length);
    assert.equal(got[0], names.length - 1, "the end of the chain first");
  });
});

describe("lintFiles in dependency order", () => {
  const { write } = scratchFolder("dependency-order");

  test("a caller listed before its callee's file: same findings as one by one, and no separate analysis of the callee's file", () => {
    write("tsconfig.json", JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", types: ["node"] }, include: ["*.ts"] }));
    const caller = write(
      "handler.ts",
      `import { readReport } from "./reports.js";\nimport { run } from "./commands.js";\ndeclare const app: { get(p: string, h: (req: { url: string }, res: { end(b: string): void }) => Promise<void>): void };\napp.get("/report", async (req, res) => {\n  await run("git fetch origin");\n  res.end(String(readReport(req.url)));\n});\n`,
    );
    const templates = write(
      "reports.ts",
      `import { readFileSync } from "node:fs";\nexport function readReport(path: string) {\n  return readFileSync(path, "utf8").split("\\n").length;\n}\n`,
    );
    const commands = write(
      "commands.ts",
      `import { exec } from "node:child_process";\nimport { promisify } from "node:util";\nconst execAsync = promisify(exec);\nexport function run(command: string, options?: { cwd?: string }) {\n  return execAsync(command, options);\n}\n`,
    );
    const project = caller.replace(/handler\.ts$/, "tsconfig.json");
    const files = [caller, templates, commands];
    // The scratch folder lies under test/, which missing-timeout skips by default; blocking-call-in-async is off by default.
    const settings = {
      rules: {
        "missing-timeout": { severity: "warning" as const, options: { ignoreTestFiles: false } },
        "blocking-call-in-async": { severity: "warning" as const },
      },
    };
    const one = new Linter({ editorBuffers: false });
    const bulk = new Linter({ editorBuffers: false });
    try {
      const expected = files.map(f => one.lintFile(f, { project, settings }));
      const got: { index: number; findings: string[] }[] = [];
      bulk.openProject(project);
      bulk.lintFiles(files, { project, settings }, (result, index) =>
        got.push({ index, findings: result.findings.map(f => `${f.range.start.line + 1}:${f.ruleId}:${f.messageId}`) }),
      );
      assert.deepEqual(
        got.map(g => g.index),
        [0, 1, 2],
        "results in the given order",
      );
      assert.deepEqual(
        got.map(g => g.findings),
        expected.map(r => r!.findings.map(f => `${f.range.start.line + 1}:${f.ruleId}:${f.messageId}`)),
      );
      assert.deepEqual(got[0]!.findings, ["5:missing-timeout:forwarded", "6:blocking-call-in-async:transitive"], "the caller's findings through both callees");
      assert.equal(bulk.otherFileAnalyses.get("BlockingCallCollector") ?? 0, 0, "blocking facts of reports.ts from its own lint");
      assert.equal(bulk.otherFileAnalyses.get("OptionsFlowCollector") ?? 0, 0, "options-flow facts of commands.ts from its own lint");
      assert.ok((one.otherFileAnalyses.get("BlockingCallCollector") ?? 0) > 0, "one by one, the callee's file is analysed apart");
    } finally {
      one.close();
      bulk.close();
    }
  });
});

// Deeply nested code over real JSON-RPC: the pull answers with the file's findings (it used to
// answer [] after a stack overflow), and the server keeps serving other files.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { FullDocumentDiagnosticReport } from "vscode-languageserver-protocol/node";
import { ensureServerBuilt, makeProject, TestLspClient } from "./lspClient";
import { blockingOnConfig } from "../helpers/blocking-on";

const normal = `import fs from "node:fs";\nexport async function h(req, res) { return fs.readFileSync("y"); }\n`;
const deep = (open: string, inner: string, close: string, n: number) =>
  `import fs from "node:fs";\ndeclare function g<T>(x: T): T;\nexport async function f(req, res) { return ${open.repeat(n)}${inner}${close.repeat(n)}; }\nexport async function after(req, res) { return fs.readFileSync("x"); }\n`;

let project: ReturnType<typeof makeProject>;
before(() => {
  ensureServerBuilt();
  project = makeProject({ "loopscope.config.json": blockingOnConfig, "src/normal.ts": normal, "src/blocks.ts": "", "src/calls.ts": "" });
});
after(() => project.dispose());

test("pull on 10,000 nested blocks and 3,000 nested calls returns the findings after them, not []", { timeout: 120_000 }, async () => {
  const client = await TestLspClient.start({ pull: true, settings: () => ({}) });
  try {
    const cases = [
      [
        "src/blocks.ts",
        `import fs from "node:fs";\nexport async function f(req, res) {${"{".repeat(10_000)}fs.readFileSync("x");${"}".repeat(10_000)}}\nexport async function after(req, res) { return fs.readFileSync("x"); }\n`,
      ],
      ["src/calls.ts", deep("g(", "1", ")", 3000)],
    ] as const;
    for (const [name, text] of cases) {
      const uri = project.uri(name);
      await client.open(uri, text);
      const report = (await client.pull(uri)) as FullDocumentDiagnosticReport;
      const lastLine = text.split("\n").length - 2;
      assert.ok(
        report.items.some(d => d.code === "blocking-call-in-async" && d.range.start.line === lastLine),
        `${name}: the function after the deep part is reported: ${JSON.stringify(report.items.map(d => [d.code, d.range.start.line]))}`,
      );
    }
    const ok = project.uri("src/normal.ts");
    await client.open(ok, normal);
    assert.deepEqual(
      ((await client.pull(ok)) as FullDocumentDiagnosticReport).items.map(d => d.range.start.line),
      [1],
    );
    assert.equal(client.exited, false);
  } finally {
    await client.stop();
  }
});

// A circular tsconfig `extends` in the editor: the compiler's API deadlocks on it, so the server
// must find it first. Pull answers (with the file's findings), the log says what is wrong once.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import type { FullDocumentDiagnosticReport } from "vscode-languageserver-protocol/node";
import { ensureServerBuilt, makeProject, TestLspClient } from "./lspClient";
import { blockingOnConfig } from "../helpers/blocking-on";

const blocking = `import fs from "node:fs";\nexport async function h(req, res) { return fs.readFileSync("y"); }\n`;

let project: ReturnType<typeof makeProject>;
before(() => {
  ensureServerBuilt();
  project = makeProject({
    "loopscope.config.json": blockingOnConfig,
    "tsconfig.json": JSON.stringify({ extends: "./base.json", compilerOptions: { types: ["node"] } }),
    "base.json": JSON.stringify({ extends: "./tsconfig.json", compilerOptions: { strict: true } }),
    "src/a.ts": blocking,
    "src/b.ts": blocking,
  });
});
after(() => project.dispose());

function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

test("circular extends: pulls answer with findings, the cycle is logged once", { timeout: 90_000 }, async () => {
  const client = await TestLspClient.start({ pull: true, settings: () => ({}) });
  // The compiler, should it hang anyway: killed with the server, never left behind.
  const compilers = () =>
    spawnSync("ps", ["-o", "pid=", "--ppid", String(client.process.pid)], { encoding: "utf8" })
      .stdout.split("\n")
      .map(Number)
      .filter(Boolean);
  let started: number[] = [];
  try {
    for (const name of ["src/a.ts", "src/b.ts"]) {
      const uri = project.uri(name);
      await client.open(uri, blocking);
      started = compilers();
      const report = (await withDeadline(client.pull(uri), 30_000, `pull ${name}`)) as FullDocumentDiagnosticReport;
      assert.deepEqual(
        report.items.map(d => [d.code, d.range.start.line]),
        [["blocking-call-in-async", 1]],
      );
    }
    await client.sleep(100);
    const lines = client.logs.filter(l => /circular "extends"/.test(l.message));
    assert.equal(lines.length, 1, JSON.stringify(client.logs.map(l => l.message)));
    assert.match(lines[0]!.message, /Configuration error: .*tsconfig\.json: circular "extends": tsconfig\.json → base\.json → tsconfig\.json/);
  } finally {
    await client.stop();
    for (const pid of started)
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        /* gone with the server */
      }
  }
});

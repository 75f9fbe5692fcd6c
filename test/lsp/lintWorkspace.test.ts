// "Lint Workspace" (loopscope/lintWorkspace) over real JSON-RPC: every source file of the
// workspace folder that is not open gets its diagnostics published, with work-done progress;
// node_modules and declaration files are left out; opening a file hands it back to pulled diagnostics.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ensureServerBuilt, makeProject, TestLspClient } from "./lspClient";
import { blockingOnConfig } from "../helpers/blocking-on";
import { lintWorkspaceRequest } from "../../protocol/src/languageServer";

const blocking = (n: number) =>
  `import fs from "node:fs";\nexport async function load(req, res) {\n${Array.from({ length: n }, (_, i) => `  fs.readFileSync("f${i}");\n`).join("")}}\n`;

let project: ReturnType<typeof makeProject>;
let client: TestLspClient;
before(async () => {
  ensureServerBuilt();
  project = makeProject({
    "loopscope.config.json": blockingOnConfig,
    "src/two.ts": blocking(2),
    "src/open.ts": blocking(1),
    "src/clean.ts": "export const x = 1;\n",
    "src/types.d.ts": "export declare const y: number;\n",
    "node_modules/dep/index.ts": blocking(1),
  });
  client = await TestLspClient.start({ pull: true, settings: () => ({}), workspaceFolder: project.dir, workDoneProgress: true });
});
after(async () => {
  await client.stop();
  project.dispose();
});

test("every closed source file of the workspace is linted and published, with progress; open files, node_modules and .d.ts are not", async () => {
  await client.open(project.uri("src/open.ts"), blocking(1));
  const result = await client.answerWithin("loopscope/lintWorkspace", client.connection.sendRequest(lintWorkspaceRequest, {}));
  assert.deepEqual(result, { files: 2, findings: 2, problems: 0, cancelled: false, truncated: false });
  const two = await client.waitForPublish(project.uri("src/two.ts"));
  assert.deepEqual(
    two.diagnostics.map(d => [d.range.start.line, d.code]),
    [
      [2, "blocking-call-in-async"],
      [3, "blocking-call-in-async"],
    ],
  );
  assert.deepEqual((await client.waitForPublish(project.uri("src/clean.ts"))).diagnostics, []);
  const uris = client.published.map(p => p.uri);
  for (const name of ["src/open.ts", "src/types.d.ts", "node_modules/dep/index.ts"]) assert.ok(!uris.includes(project.uri(name)), `${name} not published`);
  const kinds = client.progress.map(v => (v as { kind: string }).kind);
  assert.equal(kinds[0], "begin");
  assert.equal(kinds.at(-1), "end");
  assert.ok(kinds.includes("report"), "reports progress per file");
});

test("opening a file the workspace lint published clears the pushed diagnostics (the pulled ones take over)", async () => {
  const from = client.published.length;
  await client.open(project.uri("src/two.ts"), blocking(2));
  const cleared = await client.waitForPublish(project.uri("src/two.ts"), p => p.diagnostics.length === 0, from);
  assert.deepEqual(cleared.diagnostics, []);
});

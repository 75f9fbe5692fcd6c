// A project reached through a symbolic link (macOS's /tmp is one): files opened through the link
// and through the real path are linted alike, and the configuration's ignore globs still apply.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ensureServerBuilt, makeProject, TestLspClient } from "./lspClient";
import { lintWorkspaceRequest } from "../../protocol/src/languageServer";

const blocking = `import fs from "node:fs";\nexport async function handler(req, res) {\n  return fs.readFileSync("x", "utf8");\n}\n`;
let project: ReturnType<typeof makeProject>;
let linkDir: string;
let link: string;
before(() => {
  ensureServerBuilt();
  project = makeProject({
    "src/a.ts": blocking,
    "src/c.ts": blocking,
    "src/ignored/b.ts": blocking,
    // blocking-call-in-async is off by default: its findings show which files were linted.
    "loopscope.config.json": JSON.stringify({ rules: { "blocking-call-in-async": "warning" }, ignore: ["src/ignored/**"] }),
  });
  // Outside test/ (whose files the test runner lists): a dangling link there would stop it.
  linkDir = mkdtempSync(join(tmpdir(), "loopscope-link-"));
  link = join(linkDir, "project");
  symlinkSync(project.dir, link, "dir");
});
after(() => {
  project.dispose();
  rmSync(linkDir, { recursive: true, force: true });
});

test("files through a symlinked folder and through the real path get the same findings; ignore globs apply", async () => {
  const client = await TestLspClient.start({ settings: () => ({}) });
  try {
    const codes = async (fileName: string) => {
      const uri = pathToFileURL(fileName).href;
      await client.open(uri, blocking);
      return (await client.waitForPublish(uri)).diagnostics.map(d => d.code);
    };
    assert.deepEqual(await codes(join(link, "src/a.ts")), ["blocking-call-in-async"], "through the link");
    assert.deepEqual(await codes(project.path("src/c.ts")), ["blocking-call-in-async"], "through the real path");
    assert.deepEqual(await codes(join(link, "src/ignored/b.ts")), [], "ignored through the link too");
  } finally {
    await client.stop();
  }
});

test("Lint Workspace tells files apart by their real paths: a folder and a link to it are linted once, and a file open by its real path is not published under the link's", async () => {
  // The workspace folder through the link, and the same folder again by its real path.
  const client = await TestLspClient.start({ pull: true, settings: () => ({}), workspaceFolder: link, moreWorkspaceFolders: [project.dir] });
  try {
    await client.open(project.uri("src/c.ts"), blocking);
    const result = await client.answerWithin("loopscope/lintWorkspace", client.connection.sendRequest(lintWorkspaceRequest, {}));
    // a.ts once (not once per folder); c.ts is open; ignored/b.ts is ignored by the config: neither linted nor a problem.
    assert.deepEqual(result, { files: 1, findings: 1, problems: 0, cancelled: false, truncated: false });
    const published = client.published.map(p => [p.uri, p.diagnostics.length]).sort();
    assert.deepEqual(
      published,
      [
        [pathToFileURL(join(link, "src/a.ts")).href, 1],
        [pathToFileURL(join(link, "src/ignored/b.ts")).href, 0],
      ],
      "each file once, under the first folder's name (the ignored one empty: it clears an earlier lint's); the open one not at all",
    );
  } finally {
    await client.stop();
  }
});

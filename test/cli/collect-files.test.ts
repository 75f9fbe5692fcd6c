// File collection honours .gitignore when it walks folders: build output (dist/) and other files
// git ignores are not linted, as git would decide (nested files, `!` re-includes, the parents'
// .gitignore up to the repository's top); what is named on the command line is linted anyway.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { collectFiles } from "../../server/src/cli/collect-files";
import { ensureBuilt } from "../helpers/built";
import { blockingOnFlag } from "../helpers/blocking-on";
import { runCli } from "./run-cli";

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "loopscope-collect-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

function found(paths: string[], cwd: string): string[] {
  const collected = collectFiles(paths, cwd);
  assert.deepEqual(collected.missing, []);
  return collected.files.map(f => relative(cwd, f).split("\\").join("/"));
}

test("a folder's .gitignore keeps build output and ignored files out; `!` re-includes", t => {
  const root = tree({
    ".git/HEAD": "ref: refs/heads/main\n",
    ".gitignore": "dist/\n*.gen.ts\n!keep.gen.ts\n# a comment\n",
    "src/a.ts": "",
    "src/b.gen.ts": "",
    "src/keep.gen.ts": "",
    "dist/a.js": "",
    "dist/deep/b.js": "",
    "pkg/.gitignore": "out\n",
    "pkg/out/c.js": "",
    "pkg/src/c.ts": "",
    "pkg/src/d.gen.ts": "",
  });
  t.after(() => rmSync(root, { recursive: true, force: true }));
  assert.deepEqual(found(["."], root), ["pkg/src/c.ts", "src/a.ts", "src/keep.gen.ts"]);
});

test("a folder inside the repository uses the .gitignore files above it", t => {
  const root = tree({
    ".git/HEAD": "",
    ".gitignore": "generated/\n",
    "pkg/generated/x.ts": "",
    "pkg/src/y.ts": "",
  });
  t.after(() => rmSync(root, { recursive: true, force: true }));
  assert.deepEqual(found(["pkg"], root), ["pkg/src/y.ts"]);
});

test("what is named is linted even when git ignores it: a file, or a folder", t => {
  const root = tree({ ".git/HEAD": "", ".gitignore": "dist/\n", "dist/a.js": "", "dist/sub/b.js": "", "src/c.ts": "" });
  t.after(() => rmSync(root, { recursive: true, force: true }));
  assert.deepEqual(found(["dist/a.js"], root), ["dist/a.js"]);
  assert.deepEqual(found(["dist"], root), ["dist/a.js", "dist/sub/b.js"]);
  assert.deepEqual(found(["."], root), ["src/c.ts"]);
});

test("outside a repository, only the .gitignore files inside the walked folder apply", t => {
  const root = tree({ ".gitignore": "*.ts\n", "inner/.gitignore": "skip.ts\n", "inner/a.ts": "", "inner/skip.ts": "" });
  t.after(() => rmSync(root, { recursive: true, force: true }));
  assert.deepEqual(found(["inner"], root), ["inner/a.ts"]);
});

test("loopscope lint . skips build output that .gitignore names (end to end)", { timeout: 120_000 }, async t => {
  const blocking = `import fs from "node:fs";\nexport async function handler(req, res, p: string) { return fs.readFileSync(p, "utf8"); }\n`;
  const root = tree({ ".git/HEAD": "", ".gitignore": "dist/\n", "dist/bundle.ts": blocking, "src/ok.ts": "export const ok = 1;\n" });
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const cli = ensureBuilt("cli");
  const run = await runCli(cli, ["lint", ...blockingOnFlag, "--format", "json", "."], { cwd: root, timeoutMs: 90_000 });
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(
    (JSON.parse(run.stdout) as { filePath: string }[]).map(f => relative(root, f.filePath)),
    [join("src", "ok.ts")],
  );
  const named = await runCli(cli, ["lint", ...blockingOnFlag, "--format", "json", "dist"], { cwd: root, timeoutMs: 90_000 });
  assert.equal(named.code, 0, "a warning only");
  assert.match(named.stdout, /blocking-call-in-async/, "a folder named on the command line is linted");
});

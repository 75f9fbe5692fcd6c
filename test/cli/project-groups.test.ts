// `loopscope lint <paths>` without --project: files are grouped by their nearest tsconfig and each
// config's project is opened once (issue 15), with the same findings as `--project` runs. Files
// their tsconfig leaves out, and files under no tsconfig, are still linted where the compiler puts them.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { groupByProject } from "../../server/src/cli/project-groups";
import { ensureBuilt } from "../helpers/built";
import { blockingOnConfig } from "../helpers/blocking-on";
import { runCli } from "./run-cli";

let cli: string;
let dir: string;
const write = (rel: string, text: string) => {
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  writeFileSync(join(dir, rel), text);
  return join(dir, rel);
};
const handler = `import fs from "node:fs";\nimport { loadSync } from "./load.js";\nexport async function handler(req, res, p: string) {\n  const a = fs.readFileSync(p, "utf8");\n  return a + loadSync();\n}\n`;
const load = `import { readFileSync } from "node:fs";\nexport function loadSync() { return readFileSync("x", "utf8"); }\n`;
const blocking = `import fs from "node:fs";\nexport async function h(req, res) { return fs.readFileSync("y"); }\n`;
const lint = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(cli, ["lint", "--format", "json", ...args], { cwd: dir, timeoutMs: 90_000, env });

interface FileReport {
  filePath: string;
  messages: unknown[];
}
const byFile = (stdout: string) => new Map((JSON.parse(stdout) as FileReport[]).map(f => [f.filePath.slice(dir.length + 1), f]));

before(() => {
  cli = ensureBuilt("cli");
  // Outside the repository: no tsconfig above the fixture.
  dir = mkdtempSync(join(tmpdir(), "loopscope-project-groups-"));
  const config = (include?: string[]) =>
    JSON.stringify({ compilerOptions: { strict: true, target: "es2022", module: "nodenext", types: [] }, ...(include ? { include } : {}) });
  // blocking-call-in-async (off by default) gives the findings compared below.
  write("loopscope.config.json", blockingOnConfig);
  write("a/tsconfig.json", config(["src"]));
  write("a/src/handler.ts", handler);
  write("a/src/load.ts", load);
  write("a/src/clean.ts", "export const one = 1;\n");
  write("a/extra/tool.ts", blocking); // left out by a's "include"
  write("b/tsconfig.json", config());
  write("b/lib/handler.ts", handler);
  write("b/lib/load.ts", load);
  write("c/loose.ts", blocking); // under no tsconfig at all
});
after(() => rmSync(dir, { recursive: true, force: true }));

test("files are grouped by their nearest tsconfig; files it leaves out and files under none are left to the compiler", () => {
  const files = ["a/src/handler.ts", "a/src/load.ts", "a/extra/tool.ts", "b/lib/handler.ts", "c/loose.ts"].map(f => join(dir, f));
  const asked: string[] = [];
  const groups = groupByProject(files, config => {
    asked.push(config);
    return config.endsWith("a/tsconfig.json") ? [join(dir, "a/src/handler.ts"), join(dir, "a/src/load.ts")] : [join(dir, "b/lib/handler.ts")];
  });
  assert.deepEqual(asked, [join(dir, "a/tsconfig.json"), join(dir, "b/tsconfig.json")], "each config is read once");
  assert.deepEqual(groups, [
    { config: join(dir, "a/tsconfig.json"), files: [join(dir, "a/src/handler.ts"), join(dir, "a/src/load.ts")] },
    { config: join(dir, "b/tsconfig.json"), files: [join(dir, "b/lib/handler.ts")] },
    { config: undefined, files: [join(dir, "c/loose.ts"), join(dir, "a/extra/tool.ts")] },
  ]);
  const unreadable = groupByProject([join(dir, "b/lib/handler.ts")], () => {
    throw new Error("broken");
  });
  assert.deepEqual(
    unreadable,
    [{ config: undefined, files: [join(dir, "b/lib/handler.ts")] }],
    "a config that cannot be read leaves its files to the compiler, which reports the error",
  );
});

test("lint without --project opens each tsconfig's project once, not each file, and finds what --project runs find", async () => {
  const plain = await lint(["a", "b", "c"], { LOOPSCOPE_TIMING: "1" });
  assert.equal(plain.code, 0, plain.stderr);
  const loads = [...plain.stderr.matchAll(/so far: (\d+) projects? opened, (\d+) files opened one by one/g)].at(-1);
  assert.ok(loads, `a timing line on stderr: ${plain.stderr}`);
  assert.equal(Number(loads[1]), 2, "a's and b's projects");
  assert.equal(Number(loads[2]), 2, `only the two files no tsconfig includes are opened one by one: ${plain.stderr}`);
  // Where the time went: per engine phase, and per rule that ran.
  assert.match(plain.stderr, /timing: time by phase: .*\bvisit \d+ ms/);
  assert.match(plain.stderr, /timing: time by phase: .*\bblocking-call-in-async: decide \d+ ms/);

  const found = byFile(plain.stdout);
  assert.deepEqual([...found.keys()].sort(), [
    "a/extra/tool.ts",
    "a/src/clean.ts",
    "a/src/handler.ts",
    "a/src/load.ts",
    "b/lib/handler.ts",
    "b/lib/load.ts",
    "c/loose.ts",
  ]);
  for (const project of ["a", "b"]) {
    const withProject = await lint(["--project", `${project}/tsconfig.json`]);
    assert.equal(withProject.code, 0, withProject.stderr);
    for (const [file, report] of byFile(withProject.stdout)) assert.deepEqual(found.get(file), report, `${file}: same findings with and without --project`);
  }
  assert.equal(found.get("a/src/handler.ts")!.messages.length, 2, "the cross-file finding (loadSync in load.ts) is there");
  for (const left of ["a/extra/tool.ts", "c/loose.ts"])
    assert.equal(found.get(left)!.messages.length, 1, `${left} is linted with the compiler's choice of project`);
});

// A circular tsconfig `extends` is a configuration error (exit 2, a message naming the cycle),
// not a hang: the compiler's API deadlocks on it, so the CLI must never hand it over.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ensureBuilt, repoRoot } from "../helpers/built";
import { blockingOnConfig } from "../helpers/blocking-on";
import { runCli } from "./run-cli";

let cli: string;
let dir: string;
const write = (rel: string, value: unknown) => {
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  writeFileSync(join(dir, rel), typeof value === "string" ? value : JSON.stringify(value));
};
before(() => {
  cli = ensureBuilt("cli");
  mkdirSync(join(repoRoot, "test/.tmp"), { recursive: true });
  dir = mkdtempSync(join(repoRoot, "test/.tmp", "cycles-"));
  // blocking-call-in-async (off by default) shows that the files were still linted.
  write("loopscope.config.json", blockingOnConfig);
});
after(() => rmSync(dir, { recursive: true, force: true }));

const blocking = `import fs from "node:fs";\nexport async function f(req, res) { return fs.readFileSync("x"); }\n`;

test("a tsconfig that extends itself: exit 2 naming the cycle, the files still linted", { timeout: 60_000 }, async () => {
  write("self/tsconfig.json", { extends: "./tsconfig.json", compilerOptions: { types: ["node"] } });
  write("self/src/a.ts", blocking);
  const r = await runCli(cli, ["lint", "self"], { cwd: dir, timeoutMs: 40_000 });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /self\/tsconfig\.json: circular "extends": tsconfig\.json → tsconfig\.json/);
  assert.match(r.stdout, /blocking-call-in-async/);
});

test("a cycle through a package specifier and an array, with --project: exit 2, said once", { timeout: 60_000 }, async () => {
  write("pkg/tsconfig.json", { extends: ["./strict.json", "@acme/tsconfig/node"], include: ["src"] });
  write("pkg/strict.json", { compilerOptions: { strict: true } });
  write("pkg/node_modules/@acme/tsconfig/package.json", { name: "@acme/tsconfig", exports: { "./node": "./node.json" } });
  write("pkg/node_modules/@acme/tsconfig/node.json", { extends: "../../../tsconfig" });
  write("pkg/src/a.ts", blocking);
  write("pkg/src/b.ts", blocking);
  const r = await runCli(cli, ["lint", "--project", "pkg/tsconfig.json"], { cwd: dir, timeoutMs: 40_000 });
  assert.equal(r.code, 2, r.stderr);
  const lines = r.stderr.split("\n").filter(l => l.includes("circular"));
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, /tsconfig\.json → node_modules\/@acme\/tsconfig\/node\.json → tsconfig\.json/);
});

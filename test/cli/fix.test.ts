// `loopscope lint --fix` and `--fix-dry-run` end to end: the safe fixes of every rule, applied in
// rounds; the result compiles under noUnusedLocals and lints clean; a dry run writes nothing and
// prints a diff that `patch` applies.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBuilt, repoRoot } from "../helpers/built";
import { runCli } from "./run-cli";

// Outside the repository's test/ folder: rules skip test folders by default.
let dir: string;
let cli: string;
const files: Record<string, string> = {
  "tsconfig.json": JSON.stringify({
    compilerOptions: { strict: true, target: "es2022", module: "nodenext", types: ["node"], noEmit: true, noUnusedLocals: true },
    include: ["src"],
  }),
  // All but missing-timeout are off by default (named anyway): notify.ts's fan-out fix, the synchronous calls' fixes in jobs.ts and
  // files.ts and the timeouts added in both are among the three files' fixes.
  "loopscope.config.json": JSON.stringify({
    rules: { "unbounded-concurrency": "warning", "blocking-call-in-async": "warning", "missing-timeout": "warning" },
  }),
  "src/jobs.ts": `import { execSync } from 'node:child_process'\nexport async function head(req: unknown, res: unknown): Promise<string> {\n  return execSync('git rev-parse HEAD').toString()\n}\n`,
  "src/notify.ts": `const hookMs = 15_000\nexport async function notifyAll(req: { body: { urls: string[] } }) {\n  const all = await Promise.all(req.body.urls.map(u => fetch(u, { signal: AbortSignal.timeout(hookMs) })))\n  return all.length\n}\n`,
  "src/files.ts": `import fs from "node:fs";\nimport fsp from "node:fs/promises";\nexport async function copy(req: unknown, res: unknown, a: string, b: string) {\n  await fsp.writeFile(b, fs.readFileSync(a));\n  return fetch("https://example.com/" + a);\n}\n`,
};

before(() => {
  cli = ensureBuilt("cli");
  dir = mkdtempSync(join(tmpdir(), "loopscope-fix-"));
  symlinkSync(join(repoRoot, "node_modules"), join(dir, "node_modules"));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, ".."), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
});
after(() => rmSync(dir, { recursive: true, force: true }));

const read = (rel: string) => readFileSync(join(dir, rel), "utf8");

test("--fix and --fix-dry-run together are a usage error", async () => {
  const r = await runCli(cli, ["lint", "--fix", "--fix-dry-run", "src"], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /exclude each other/);
});

test("--fix-dry-run prints a unified diff that patch applies, and writes nothing", async () => {
  const r = await runCli(cli, ["lint", "--fix-dry-run", "src"], { cwd: dir, timeoutMs: 120_000 });
  assert.equal(r.stderr.match(/would fix (\d+) files/)?.[1], "3", r.stderr);
  assert.match(r.stdout, /^--- a\/src\/files\.ts\n\+\+\+ b\/src\/files\.ts\n@@ /);
  assert.match(r.stdout, /\n-import \{ execSync \} from 'node:child_process'\n\+import \{ exec \} from 'node:child_process'\n/);
  for (const [rel, text] of Object.entries(files)) assert.equal(read(rel), text, `${rel} unchanged`);
  const copy = mkdtempSync(join(tmpdir(), "loopscope-fix-patch-"));
  try {
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(join(copy, rel, ".."), { recursive: true });
      writeFileSync(join(copy, rel), text);
    }
    const patch = spawnSync("patch", ["-p1", "-s"], { cwd: copy, input: r.stdout, encoding: "utf8", timeout: 10_000 });
    assert.equal(patch.status, 0, `patch: ${patch.stderr}${patch.stdout}`);
    // Compared with --fix below (same fixes).
    (globalThis as { patched?: Record<string, string> }).patched = Object.fromEntries(
      Object.keys(files).map(rel => [rel, readFileSync(join(copy, rel), "utf8")]),
    );
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});

test("--fix writes every safe fix; the code then compiles under noUnusedLocals and lints clean", async () => {
  const r = await runCli(cli, ["lint", "--fix", "src"], { cwd: dir, timeoutMs: 120_000 });
  assert.match(r.stderr, /fixed 3 files/);
  assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
  assert.equal(
    read("src/jobs.ts"),
    `import { exec } from 'node:child_process'\nimport { promisify } from 'node:util'\nexport async function head(req: unknown, res: unknown): Promise<string> {\n  return (await promisify(exec)('git rev-parse HEAD', { timeout: 10000 })).stdout.toString()\n}\n`,
  );
  assert.match(read("src/notify.ts"), /await mapWithConcurrency\(req\.body\.urls, 8, u => fetch/);
  assert.doesNotMatch(read("src/notify.ts"), /;\n/, "the helper follows the file's style: no semicolons");
  assert.match(
    read("src/files.ts"),
    /await fsp\.writeFile\(b, await fsp\.readFile\(a\)\);\n  return fetch\("https:\/\/example\.com\/" \+ a, \{ signal: AbortSignal\.timeout\(10000\) \}\);/,
  );
  const patched = (globalThis as { patched?: Record<string, string> }).patched;
  if (patched) for (const rel of Object.keys(files)) assert.equal(read(rel), patched[rel], `the dry run's diff gives the same ${rel}`);
  const tsc = spawnSync(join(repoRoot, "node_modules/.bin/tsc"), ["-p", dir], { encoding: "utf8", timeout: 60_000 });
  assert.equal(tsc.status, 0, `tsc: ${tsc.stdout}${tsc.stderr}`);
  const again = await runCli(cli, ["lint", "src"], { cwd: dir, timeoutMs: 120_000 });
  assert.equal(again.code, 0);
  assert.equal(again.stdout.trim(), "", "no finding left");
});

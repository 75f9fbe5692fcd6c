// Runs every test file under test/ with Node's built-in test runner (TypeScript through tsx).
// usage: node scripts/test.mjs [substring ...]   only files whose path contains one of the substrings
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const skipDirs = new Set(["node_modules", "fixtures", "corpus"]);
function collect(dir, out) {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      if (!skipDirs.has(name)) collect(full, out);
    } else if (name.endsWith(".test.ts")) out.push(relative(root, full));
  }
  return out;
}
const filters = process.argv.slice(2);
// The real-VS-Code tests take minutes each and mostly wait on the UI: they start first, longest
// first (file size stands in for duration), each beside other files rather than all at once; the
// longest of them started last used to be the run's tail. (`node --test` sorts the files it is
// given by name, so the order is kept by run-test-files.mjs, which hands them to run() as listed.)
const endToEnd = f => f.startsWith(join("test", "vscode"));
const matched = collect(join(root, "test"), [])
  .filter(f => !filters.length || filters.some(s => f.includes(s)))
  .sort();
const slow = matched.filter(endToEnd).sort((a, b) => statSync(join(root, b)).size - statSync(join(root, a)).size);
const others = matched.filter(f => !endToEnd(f));
const files = [];
for (let i = 0; i < Math.max(slow.length, others.length); i++) {
  if (i < slow.length) files.push(slow[i]);
  if (i < others.length) files.push(others[i]);
}
if (!files.length) {
  console.error("test: no test files matched");
  process.exit(1);
}
// No test may hang the run: one that takes longer than this fails with its name (tests that wait
// on something name what they waited for well before this).
const testTimeoutMs = Number(process.env.LOOPSCOPE_TEST_TIMEOUT_MS ?? 15 * 60_000);
// Bundle once, here, and tell the test processes not to: each used to rebuild a bundle it needed,
// rewriting dist/cli.mjs while another test process was starting it (a half-written CLI that
// printed nothing and exited 0). esbuild alone takes a second; `npm test` type-checks before.
if (!process.env.LOOPSCOPE_SKIP_BUILD) {
  const build = spawnSync(process.execPath, [join(root, "scripts/build.mjs")], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
// Three test files at a time on CI's two cores: about a third of the tests' time is waiting (a
// real VS Code's UI, traced programs' timers, child processes), and with two at a time the run
// left the cores idle for that third (558 s of wall for about 770 s of CPU).
const concurrency = Number(process.env.LOOPSCOPE_TEST_CONCURRENCY ?? 3);
const result = spawnSync(process.execPath, ["--import", "tsx", join(root, "scripts/run-test-files.mjs"), ...files], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, LOOPSCOPE_SKIP_BUILD: "1", LOOPSCOPE_TEST_CONCURRENCY: String(concurrency), LOOPSCOPE_TEST_TIMEOUT_MS: String(testTimeoutMs) },
});
process.exit(result.status ?? 1);

// Runs every test file under test/ with Node's built-in test runner (TypeScript through tsx).
// usage: node scripts/test.mjs [substring ...]   only files whose path contains one of the substrings
import { spawn, spawnSync } from "node:child_process";
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
// Two lanes side by side. The real-VS-Code tests take minutes each and mostly wait on the UI:
// they run one file at a time in a lane of their own, longest first (file size stands in for
// duration), from the start; the other files run two at a time beside them. (Three code-servers
// with their browsers at once, as a shared pool of three allowed, stretched each e2e file two- to
// threefold; and `node --test` sorts the files it is given by name, which had put the longest e2e
// file last, the run's tail: run-test-files.mjs hands them to run() in the order given.)
const endToEnd = f => f.startsWith(join("test", "vscode"));
const matched = collect(join(root, "test"), [])
  .filter(f => !filters.length || filters.some(s => f.includes(s)))
  .sort();
const slow = matched.filter(endToEnd).sort((a, b) => statSync(join(root, b)).size - statSync(join(root, a)).size);
const others = matched.filter(f => !endToEnd(f));
const files = [...slow, ...others];
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
// Three test files at a time on CI's two cores (one end-to-end, two others): about a third of the
// tests' time is waiting (a real VS Code's UI, traced programs' timers, child processes), and with
// two at a time the run left the cores idle for that third (558 s of wall for about 770 s of CPU).
const concurrency = Number(process.env.LOOPSCOPE_TEST_CONCURRENCY ?? 2);
const env = { ...process.env, LOOPSCOPE_SKIP_BUILD: "1", LOOPSCOPE_TEST_TIMEOUT_MS: String(testTimeoutMs) };
const lane = (laneFiles, laneConcurrency, output) =>
  new Promise(resolve => {
    const child = spawn(process.execPath, ["--import", "tsx", join(root, "scripts/run-test-files.mjs"), ...laneFiles], {
      cwd: root,
      stdio: ["ignore", output, "inherit"],
      env: { ...env, LOOPSCOPE_TEST_CONCURRENCY: String(laneConcurrency) },
    });
    const buffered = [];
    child.stdout?.on("data", chunk => buffered.push(chunk));
    child.on("error", error => {
      console.error(`test: could not start the test runner: ${error.message}`);
      resolve({ status: 1, buffered });
    });
    child.on("close", status => resolve({ status: status ?? 1, buffered }));
  });
// The other files print as they finish; the end-to-end lane's output follows theirs, whole.
const [otherLane, endToEndLane] = await Promise.all([
  others.length ? lane(others, concurrency, "inherit") : { status: 0, buffered: [] },
  slow.length ? lane(slow, 1, others.length ? "pipe" : "inherit") : { status: 0, buffered: [] },
]);
if (endToEndLane.buffered.length) {
  process.stdout.write("\n── the real-VS-Code tests (their own lane, one file at a time) ──\n");
  process.stdout.write(Buffer.concat(endToEndLane.buffered));
}
process.exit(otherLane.status || endToEndLane.status);

// Runs the test files named on the command line with Node's test runner, in the order given (the
// CLI's `node --test a b c` sorts them by name), each in its own process as `node --test` does,
// LOOPSCOPE_TEST_CONCURRENCY at a time, and prints the spec reporter's output. Exit code 1 when
// a test or a file failed. Started by scripts/test.mjs under `--import tsx`, which the test
// processes inherit.
import { run } from "node:test";
import { spec } from "node:test/reporters";
import { relative } from "node:path";

const files = process.argv.slice(2);
const concurrency = Number(process.env.LOOPSCOPE_TEST_CONCURRENCY ?? 2);
const timeout = Number(process.env.LOOPSCOPE_TEST_TIMEOUT_MS ?? 15 * 60_000);
const stream = run({ files, concurrency, timeout });
// Each file's time (its top-level tests' durations added up): the slowest are printed at the end,
// where CI's log shows what to split or trim when the run nears its budget (a test counts where it
// is defined: the rule suites' cases all count under test/rules/rule-tester.ts).
const fileMs = new Map();
const ended = data => {
  if (data.nesting !== 0 || !data.file) return;
  fileMs.set(data.file, (fileMs.get(data.file) ?? 0) + (data.details?.duration_ms ?? 0));
};
stream.on("test:pass", ended);
stream.on("test:fail", data => {
  ended(data);
  if (!data.todo) process.exitCode = 1;
});
const report = stream.compose(new spec());
report.pipe(process.stdout);
report.on("end", () => {
  const slowest = [...fileMs].sort((a, b) => b[1] - a[1]).slice(0, 12);
  console.log("\nℹ slowest files (their tests' time added up, in seconds):");
  for (const [file, ms] of slowest) console.log(`ℹ   ${(ms / 1000).toFixed(1).padStart(6)}  ${relative(process.cwd(), file)}`);
});

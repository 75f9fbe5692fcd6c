// Runs the test files named on the command line with Node's test runner, in the order given (the
// CLI's `node --test a b c` sorts them by name), each in its own process as `node --test` does,
// LOOPSCOPE_TEST_CONCURRENCY at a time, and prints the spec reporter's output. Exit code 1 when
// a test or a file failed. Started by scripts/test.mjs under `--import tsx`, which the test
// processes inherit.
import { run } from "node:test";
import { spec } from "node:test/reporters";

const files = process.argv.slice(2);
const concurrency = Number(process.env.LOOPSCOPE_TEST_CONCURRENCY ?? 3);
const timeout = Number(process.env.LOOPSCOPE_TEST_TIMEOUT_MS ?? 15 * 60_000);
const stream = run({ files, concurrency, timeout });
stream.on("test:fail", data => {
  if (!data.todo) process.exitCode = 1;
});
stream.compose(new spec()).pipe(process.stdout);

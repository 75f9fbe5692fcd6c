// `loopscope run` from source, for tests: the same function the CLI dispatcher calls.
import { runCommand } from "../../server/src/cli/run";

runCommand(process.argv.slice(2)).then(
  code => {
    process.exitCode = code;
  },
  error => {
    process.stderr.write(`run-entry: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 2;
  },
);

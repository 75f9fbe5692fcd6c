// `loopscope`: the command-line entry (package bin). Dispatches to one module per command, each
// imported only when its command runs: the bundle splits there (scripts/build.mjs), so that
// `loopscope run`, the recorder beside a traced program for as long as it runs, never loads the
// linter or TypeScript (test/tracer/recorder-bundle.test.ts).
import { loopscopeVersion } from "./package-root";
import { endQuietlyOnOutputErrors } from "./cli/output-errors";
import { usageExit } from "./cli/command-line";
import { tuneJitForOneBatch } from "./cli/batch-jit";

const usage = `usage: loopscope <command> [options]

commands:
  lint [paths...]                 find concurrency mistakes (loopscope lint --help)
  run [options] -- <command...>   run a Node program under the tracer and record a trace
  report trace.json --out F.html  write a self-contained HTML timeline of a trace

  loopscope --version | --help`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const io = {
    cwd: process.cwd(),
    stdout: (text: string) => {
      process.stdout.write(text);
    },
    stderr: (text: string) => {
      process.stderr.write(text);
    },
    isTTY: !!process.stderr.isTTY,
    env: process.env,
  };
  switch (command) {
    case "lint":
      tuneJitForOneBatch();
      return (await import("./cli/lint")).lintCommand(rest, io);
    case "run":
      return (await import("./cli/run")).runCommand(rest);
    case "report":
      return (await import("./cli/report")).reportCommand(rest);
    case "--version":
    case "-v":
      io.stdout(`${loopscopeVersion()}\n`);
      return 0;
    case "--help":
    case "-h":
    case "help":
      return usageExit("loopscope", usage, undefined, io);
    case undefined:
      return usageExit("loopscope", usage, "no command given", io);
    default:
      return usageExit("loopscope", usage, `unknown command '${command}'`, io);
  }
}

endQuietlyOnOutputErrors();
main(process.argv.slice(2)).then(
  code => {
    process.exitCode = code;
  },
  error => {
    process.stderr.write(`loopscope: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 2;
  },
);

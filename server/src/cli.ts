// `loopscope`: the command-line entry (package bin). Dispatches to one module per command.
import { lintCommand } from "./cli/lint";
import { runCommand } from "./cli/run";
import { reportCommand } from "./cli/report";
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
      return lintCommand(rest, io);
    case "run":
      return runCommand(rest);
    case "report":
      return reportCommand(rest);
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

// Runs the built CLI with a deadline. The CLI and everything it starts (the compiler) run in a
// process group of their own, killed as a whole when the deadline passes: a hung compiler
// neither outlives the test nor holds its pipes open.
import { spawn, type StdioOptions } from "node:child_process";

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  cli: string,
  args: readonly string[],
  options: { cwd: string; timeoutMs?: number; stdio?: StdioOptions; env?: NodeJS.ProcessEnv },
): Promise<CliRun> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: options.cwd,
      detached: true,
      stdio: options.stdio ?? ["ignore", "pipe", "pipe"],
      env: { ...process.env, NO_COLOR: "1", ...options.env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.setEncoding("utf8").on("data", (c: string) => {
      stdout += c;
    });
    child.stderr?.setEncoding("utf8").on("data", (c: string) => {
      stderr += c;
    });
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* already gone */
      }
      reject(new Error(`loopscope ${args.join(" ")} was stuck for ${timeoutMs} ms (killed with its process group); stderr so far: ${stderr.slice(0, 2000)}`));
    }, timeoutMs);
    child.on("error", error => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      // Whatever the CLI started must be gone with it.
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* the group is empty: good */
      }
      resolve({ code, signal, stdout, stderr });
    });
  });
}

import { execFile, execSync } from "node:child_process";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

// Mistake: a shell command run synchronously from a promise callback stalls every request.
export function scheduleCleanup(done: Promise<void>): Promise<string> {
  return done.then(() => execSync("echo cleaned").toString());
}

// Correct: the promisified execFile, with a timeout.
export async function diskUsage(path: string): Promise<string> {
  const { stdout } = await execFileAsync("du", ["-sh", path], { timeout: 5_000 });
  return stdout.trim();
}

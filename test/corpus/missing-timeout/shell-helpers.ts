// A project's own shell and HTTP helpers: the options arrive through parameters, so the call
// that finally lacks a timeout is the caller's.
import { exec } from "node:child_process";
import { promisify } from "node:util";
import https from "node:https";

const execAsync = promisify(exec);

interface ShellOptions { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number }

export function sh(command: string, options?: ShellOptions) {
  return execAsync(command, options); // ok: missing-timeout
}

export function git(args: string, options?: ShellOptions) {
  return sh(`git ${args}`, options); // ok: missing-timeout
}

export async function branchName(repo: string) {
  return (await git("rev-parse --abbrev-ref HEAD", { cwd: repo })).stdout.toString().trim(); // expect: missing-timeout
}

export async function branchNameV2(repo: string) {
  return (await git("rev-parse --abbrev-ref HEAD", { cwd: repo, timeout: 10_000 })).stdout.toString().trim(); // ok: missing-timeout
}

export async function pruneDocker() {
  await sh("docker system prune -f"); // expect: missing-timeout -- known-miss: a local program written whole at a wrapper that hands it straight to exec is judged as at exec: reported only with childProcessCommands: "all"
}

/** Returns the request: the caller reads it and decides how long to wait. */
export function download(url: string) {
  return https.get(url); // ok: missing-timeout
}

export function mirror(url: string, onData: (chunk: Buffer) => void) {
  download(url).on("response", res => res.on("data", onData)); // expect: missing-timeout
}

export function mirrorV2(url: string, onData: (chunk: Buffer) => void) {
  const req = download(url); // ok: missing-timeout
  req.setTimeout(30_000, () => req.destroy(new Error("download timed out")));
  req.on("response", res => res.on("data", onData));
}

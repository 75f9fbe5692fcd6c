// The server's process tree from /proc (Linux): which compiler processes it started, whether
// they are still alive, and ending them by pid when a session is abandoned.
import { readdirSync, readFileSync } from "node:fs";

const hasProc = (() => {
  try {
    readdirSync("/proc/self");
    return true;
  } catch {
    return false;
  }
})();

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[0] === "Z" ? undefined : Number(fields[1]); // a zombie has already exited
  } catch {
    return undefined;
  }
}

/** Every live descendant of `root` (not root itself); [] where /proc is missing. */
export function descendants(root: number): number[] {
  if (!hasProc) return [];
  const children = new Map<number, number[]>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name),
      parent = parentOf(pid);
    if (parent !== undefined) (children.get(parent) ?? children.set(parent, []).get(parent)!).push(pid);
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length)
    for (const child of children.get(queue.pop()!) ?? []) {
      out.push(child);
      queue.push(child);
    }
  return out;
}

export function isAlive(pid: number): boolean {
  if (hasProc) return parentOf(pid) !== undefined;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8")
      .split("\0")
      .filter(Boolean)
      .map(a => a.split("/").pop())
      .join(" ")
      .slice(0, 120);
  } catch {
    return "?";
  }
}

export function killPids(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
}

/** Waits until none of `pids` is alive; returns those still alive after `ms`. */
export async function waitGone(pids: readonly number[], ms: number): Promise<number[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const alive = pids.filter(isAlive);
    if (!alive.length || Date.now() >= deadline) return alive;
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

// The language server's compiler child process, seen from a test: found through /proc (Linux),
// so that tests can kill it, stop it, or check that it is gone.
import { existsSync, readdirSync, readFileSync } from "node:fs";

/** Why these tests cannot run here, or undefined. */
export const noProcReason = existsSync("/proc/self/stat") ? undefined : "needs /proc (Linux) to find the compiler process";

interface Stat {
  state: string;
  ppid: number;
}

function stat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0]!, ppid: Number(fields[1]) };
  } catch {
    return undefined;
  }
}

/** The `tsc --api` children of a process. */
export function compilerPidsOf(parentPid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || stat(pid)?.ppid !== parentPid) continue;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").includes("--api")) pids.push(pid);
    } catch {
      /* gone meanwhile */
    }
  }
  return pids;
}

/** The one compiler of a server (throws when there is not exactly one). */
export function compilerPidOf(serverPid: number): number {
  const pids = compilerPidsOf(serverPid);
  if (pids.length !== 1) throw new Error(`expected one compiler process under ${serverPid}, found ${JSON.stringify(pids)}`);
  return pids[0]!;
}

/** Running or sleeping (a zombie waiting for its parent to read its status does not count). */
export function isAlive(pid: number): boolean {
  const s = stat(pid);
  return s !== undefined && s.state !== "Z" && s.state !== "X";
}

export async function waitUntil(probe: () => boolean | Promise<boolean>, what: string, timeoutMs: number, stepMs = 50): Promise<number> {
  const start = Date.now();
  while (!(await probe())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise(resolve => setTimeout(resolve, stepMs));
  }
  return Date.now() - start;
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms: ${what}`)), ms);
    }),
  ]);
}

/**
 * A file the compiler spends seconds on in getTypeAtLocations (typescript@7.0.2): a deep
 * conditional expression with one ':' missing near the top. Measured compiler CPU time: 0.5 s at
 * depth 200, 1.7 s at 300, 4.5 s at 400 (growing with about the cube of the depth); tests use
 * 500 against a 3 s budget, so that a machine twice as fast still runs over.
 */
export function slowToCheck(depth: number): string {
  let chain = "";
  for (let i = 0; i < depth; i++) chain += i === 3 ? `c3 ? 3 ` : `c${i % 7} ? ${i} : `;
  return `declare const c0: boolean, c1: boolean, c2: boolean, c3: boolean, c4: boolean, c5: boolean, c6: boolean;\nexport const x = ${chain}0;\n`;
}

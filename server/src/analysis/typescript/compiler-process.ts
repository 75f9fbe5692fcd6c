// One `tsc --api` child process: spawning it, knowing when it died, and making sure it never
// outlives us. The API spawns the process itself and keeps it private; this reaches into the
// client of typescript@7.0.2 (pinned exactly) for the child, like pipeline.ts does for the channel.
import { spawn, type ChildProcess } from "node:child_process";
import { totalmem } from "node:os";
import { API } from "typescript/unstable/sync";

export interface CompilerProcessOptions {
  cwd: string;
  fs: NonNullable<Extract<ConstructorParameters<typeof API>[0], { cwd?: string }>>["fs"];
  /** Go's GOGC for the compiler (see TsServiceOptions.gcPercent). */
  gcPercent?: number;
  /** The process ended without `kill` (crash, out of memory, killed from outside). */
  onExit: (detail: string) => void;
}

export class CompilerProcess {
  readonly api: API;
  private readonly child: ChildProcess | undefined;
  private readonly guard: ChildProcess | undefined;
  private stopping = false;
  /** How it ended, once Node has seen it end. */
  exitDetail: string | undefined;

  constructor(options: CompilerProcessOptions) {
    this.api = withCompilerEnv(compilerEnv(options.gcPercent, process.env), () => new API({ cwd: options.cwd, fs: options.fs }));
    this.child = (this.api as unknown as { client?: { channel?: { child?: ChildProcess } } }).client?.channel?.child;
    this.child?.once("exit", (code, signal) => {
      this.exitDetail = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      this.guard?.kill("SIGKILL");
      if (!this.stopping) options.onExit(this.exitDetail);
    });
    if (this.child?.pid !== undefined) this.guard = orphanGuard(this.child.pid);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  private reap(): void {
    if (this.child) holdUntilExit(this.child);
  }

  kill(): void {
    this.stopping = true;
    // The guard first: once the compiler is gone its pid may be reused.
    this.guard?.kill("SIGKILL");
    // Then the compiler, before anything is said to it: `API.close` releases snapshots with
    // requests, which a hung compiler would never answer.
    this.child?.kill("SIGKILL");
    this.reap();
    const client = (this.api as unknown as { client?: { close?(): void } }).client;
    try {
      if (typeof client?.close === "function") client.close();
      else this.api.close();
    } catch {
      // Already dead: nothing to close.
    }
  }
}

/**
 * The API unrefs its child, so a CLI that ends right after `kill` would never wait for it: the
 * compiler would be reaped by init, and `time`, cgroups and our benchmarks would not count its
 * CPU and memory. Holding the loop until its exit is seen makes Node reap it (bounded, in case
 * the kernel is slow to end it).
 */
function holdUntilExit(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.ref();
  setTimeout(() => child.unref(), reapWaitMs).unref();
}
const reapWaitMs = 2_000;

/**
 * The compiler must die with us, also when we are killed (SIGKILL, a crash): then no exit
 * handler of ours runs, and a compiler that is busy or hung never reads the end of its input.
 * A tiny shell waits for the end of a pipe only we hold the other end of; the kernel closes it
 * whatever way we die, and the shell then kills the compiler. (Windows: not available; there the
 * API talks over a named pipe and the compiler is left to notice.)
 */
function orphanGuard(pid: number): ChildProcess | undefined {
  if (process.platform === "win32") return undefined;
  try {
    const guard = spawn("/bin/sh", ["-c", 'read _ ; kill -KILL "$1" 2>/dev/null', "loopscope-compiler-guard", String(pid)], {
      stdio: ["pipe", "ignore", "ignore"],
      // Its own process group: a Ctrl-C meant for us must not end the guard before it acts.
      detached: true,
    });
    guard.on("error", () => undefined);
    guard.stdin?.on("error", () => undefined);
    guard.unref();
    (guard.stdin as unknown as { _handle?: { unref?(): void } } | null)?._handle?.unref?.();
    return guard;
  } catch {
    return undefined;
  }
}

/**
 * The variables to add to the compiler's environment for a GC target. With a higher target a
 * soft memory limit (half the machine's memory) keeps a huge project from growing unchecked.
 */
export function compilerEnv(gcPercent: number | undefined, env: NodeJS.ProcessEnv, memory = totalmem()): Record<string, string> {
  if (gcPercent === undefined || env.GOGC !== undefined) return {};
  const extra: Record<string, string> = { GOGC: String(gcPercent) };
  if (env.GOMEMLIMIT === undefined) extra.GOMEMLIMIT = `${Math.max(1, Math.floor(memory / 2 / 2 ** 20))}MiB`;
  return extra;
}

/** The API spawns the compiler in its constructor with our environment: set the variables just for that. */
function withCompilerEnv<T>(extra: Record<string, string>, spawnIt: () => T): T {
  const saved = Object.keys(extra).map(k => [k, process.env[k]] as const);
  Object.assign(process.env, extra);
  try {
    return spawnIt();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

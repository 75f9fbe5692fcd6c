// A deadline for the compiler's answers. The API is synchronous: while the compiler works (or
// hangs on a lock), this thread is blocked in a read and no timer of ours can run. So a worker
// thread keeps the time and, when the deadline passes, kills the compiler: the blocked read then
// ends (end of file) and the caller learns what happened from `fired`.
import { Worker } from "node:worker_threads";

// Shared words: [0] changes counter (the worker waits on it), [1] pid to kill, [2] 1 once killed.
// Deadline in epoch milliseconds (0: disarmed), as a BigInt64 so that Atomics can store it whole.
const watcherSource = `
const { workerData } = require("node:worker_threads");
const words = new Int32Array(workerData, 0, 4);
const deadline = new BigInt64Array(workerData, 16, 1);
for (;;) {
  const seen = Atomics.load(words, 0);
  const at = Number(Atomics.load(deadline, 0));
  if (at === 0) { Atomics.wait(words, 0, seen); continue; }
  const left = at - Date.now();
  if (left > 0) { Atomics.wait(words, 0, seen, left); continue; }
  // Only if nobody re-armed or disarmed meanwhile.
  if (Atomics.compareExchange(deadline, 0, BigInt(at), 0n) !== BigInt(at)) continue;
  // Marked before the kill: the blocked read ends as soon as the compiler dies, and a caller that
  // reads \`fired\` before this thread runs again (a loaded machine) would take the kill for a crash.
  Atomics.store(words, 2, 1);
  try { process.kill(Atomics.load(words, 1), "SIGKILL"); } catch {}
}
`;

export class Deadline {
  private worker: Worker | undefined;
  private readonly shared = new SharedArrayBuffer(24);
  private readonly words = new Int32Array(this.shared, 0, 4);
  private readonly deadline = new BigInt64Array(this.shared, 16, 1);

  /** Kills `pid` unless `disarm` comes within `ms`. Clears `fired`. */
  arm(pid: number, ms: number): void {
    this.start();
    Atomics.store(this.words, 1, pid);
    Atomics.store(this.words, 2, 0);
    this.set(Date.now() + Math.max(1, Math.round(ms)));
  }

  /** The process to kill changed (the compiler was restarted under a running deadline). */
  retarget(pid: number): void {
    Atomics.store(this.words, 1, pid);
  }

  disarm(): void {
    this.set(0);
  }

  get armed(): boolean {
    return Atomics.load(this.deadline, 0) !== 0n;
  }

  /**
   * Time left before the compiler is killed: 0 once it was, Infinity when nothing is armed. While
   * `suspend` runs (a project load), the time left is the load's.
   */
  get remainingMs(): number {
    if (this.fired) return 0;
    const at = Number(Atomics.load(this.deadline, 0));
    return at === 0 ? Infinity : at - Date.now();
  }

  /** The compiler was killed because a deadline passed (since the last `arm`). */
  get fired(): boolean {
    return Atomics.load(this.words, 2) === 1;
  }

  /**
   * Runs `work` under a limit of its own, the current deadline's clock stopped meanwhile (loading
   * a project is not the file's time). Without a current deadline, `work` runs unlimited unless
   * `pid` is given (then it is killed after `ms`).
   *
   * With `charged`, the clock does not stop: `work` still gets its own limit instead of the
   * deadline (a compiler killed in a load would load again next time, and be killed again), but
   * its time counts, and afterwards the deadline is what it was, or `charged.graceMs` from now
   * when that is later (the compiler is not killed for the load's time on its next request;
   * the caller sees the time is up and stops asking).
   */
  suspend<T>(ms: number, work: () => T, pid?: number, charged?: { graceMs: number }): T {
    const at = Number(Atomics.load(this.deadline, 0));
    if (at === 0) {
      if (pid === undefined) return work();
      this.arm(pid, ms);
      try {
        return work();
      } finally {
        this.disarm();
      }
    }
    const left = at - Date.now();
    this.set(Date.now() + ms);
    try {
      return work();
    } finally {
      if (!this.fired) this.set(charged ? Math.max(at, Date.now() + charged.graceMs) : Date.now() + Math.max(1, left));
    }
  }

  dispose(): void {
    this.disarm();
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private set(at: number): void {
    Atomics.store(this.deadline, 0, BigInt(at));
    Atomics.add(this.words, 0, 1);
    Atomics.notify(this.words, 0);
  }

  private start(): void {
    if (this.worker) return;
    this.worker = new Worker(watcherSource, { eval: true, workerData: this.shared });
    // The watch never keeps the process alive, and a failure of it only costs the deadline.
    this.worker.unref();
    this.worker.on("error", () => {
      this.worker = undefined;
    });
  }
}

// One language server process driven by the harness: every request has a deadline (a request
// left unanswered is named, and a cheap ping tells a blocked server from one that only dropped
// that request), and its process tree is watched (server exit, compiler exit, orphans).
import { CancellationTokenSource, type Diagnostic, type CodeAction, type Range, type FullDocumentDiagnosticReport } from "vscode-languageserver-protocol/node";
import { TestLspClient } from "../lsp/lspClient";
import { FailureError, type Failure } from "./failures";
import { commandOf, descendants, isAlive, killPids, waitGone } from "./processTree";
import { blockingOnSettings } from "../helpers/blocking-on";

export type Mode = "pull" | "push";

const pingMs = 3000;
const failureLog = /\bfailed\b|panic|Maximum call stack|EBADF|EPIPE|Unexpected error|Unhandled rejection|Skipped |rule \S+ threw/i;
/**
 * The server's supervision saying it ended a compiler and starts another (a file too slow, a
 * request that hung, a compiler that died): an exit it logged like this is intended, not a failure.
 */
export const restartLog = /^The TypeScript compiler .*(; starting a new one\.|; a new one starts on the next request\.)/;
/** The lint budget the server is started with: half the harness's deadline per request. */
export const lintBudgetFor = (deadlineMs: number) => Math.max(1000, Math.floor(deadlineMs / 2));
/** How long a compiler exit may go unexplained by the log (its line may still be on the way). */
const unexplainedGraceMs = 5000;

export class ServerUnderTest {
  private watched: number[] = [];
  private ended = false;
  /** Restart lines of the log already matched with a compiler exit. */
  private restartsAccounted = 0;
  /** Compiler exits seen in the process tree whose restart line has not been logged (yet). */
  private unexplained: { pids: number[]; op: string; at: number }[] = [];
  /** The restarts the server logged for an exit, for the session's summary. */
  readonly restarts: string[] = [];

  private constructor(
    readonly client: TestLspClient,
    readonly mode: Mode,
    readonly deadlineMs: number,
  ) {}

  static async start(mode: Mode, deadlineMs: number): Promise<ServerUnderTest> {
    // The server's own lint budget (default 15 s) well inside the harness's deadline: a file too
    // slow to check must be answered with "not checked: too slow" before the harness calls it stuck.
    const client = await TestLspClient.start({
      pull: mode === "pull",
      // The rules on by default, and blocking-call-in-async, off by default since issue 10 but fuzzed
      // since the first version (its call chains are the analysis most texts reach).
      settings: () => blockingOnSettings,
      initializeTimeoutMs: deadlineMs,
      initializationOptions: { lintBudgetMs: lintBudgetFor(deadlineMs) },
    });
    return new ServerUnderTest(client, mode, deadlineMs);
  }

  get pid(): number {
    return this.client.process.pid!;
  }

  /** A mark in the server's log, to ask later what it logged since. */
  logMark(): number {
    return this.client.logs.length + this.client.stderr.length * 1_000_000;
  }

  /** Lines logged since `mark` that say an analysis failed or was skipped. */
  failuresLoggedSince(mark: number): string[] {
    const logs = this.client.logs.slice(mark % 1_000_000).map(l => l.message);
    const stderr = this.client.stderr.slice(Math.floor(mark / 1_000_000));
    return [...logs, ...stderr].filter(line => failureLog.test(line)).map(line => line.split("\n")[0]!.slice(0, 300));
  }

  /** Restart lines logged since `mark` (see `logMark`). */
  restartsLoggedSince(mark: number): string[] {
    return this.client.logs
      .slice(mark % 1_000_000)
      .map(l => l.message.split("\n")[0]!)
      .filter(line => restartLog.test(line));
  }

  /** Throws server-exit / compiler-exit; starts watching compiler processes the first time they exist. */
  checkAlive(op: string): void {
    if (this.client.exited)
      throw new FailureError({
        kind: "server-exit",
        op,
        message: `the server exited (code ${this.client.process.exitCode}, signal ${this.client.process.signalCode}); stderr: ${this.client.stderr.join("").slice(-600)}`,
      });
    const gone = this.watched.filter(pid => !isAlive(pid));
    if (gone.length) {
      this.watched = this.watched.filter(pid => !gone.includes(pid));
      this.unexplained.push({ pids: gone, op, at: Date.now() });
    }
    this.explainExits(Date.now() - unexplainedGraceMs);
    for (const pid of descendants(this.pid)) if (!this.watched.includes(pid)) this.watched.push(pid);
  }

  /**
   * Matches compiler exits with the restart lines the server logged; an exit still unexplained
   * and seen before `olderThan` is a compiler-exit failure (it died, and nobody said so).
   */
  private explainExits(olderThan: number): void {
    const lines = this.client.logs.map(l => l.message).filter(m => restartLog.test(m));
    while (this.unexplained.length && this.restartsAccounted < lines.length) {
      this.unexplained.shift();
      this.restarts.push(lines[this.restartsAccounted++]!.split("\n")[0]!.slice(0, 300));
    }
    // Restart lines with no exit seen: the exit may not have been seen yet (a compiler killed between
    // two checks, or not watched yet); they explain exits seen later.
    const late = this.unexplained.find(u => u.at < olderThan);
    if (!late) return;
    this.unexplained = this.unexplained.filter(u => u !== late);
    throw new FailureError({
      kind: "compiler-exit",
      op: late.op,
      message: `process ${late.pids.join(", ")} under the server ended, and the server logged no restart; log: ${this.client.logs
        .slice(-3)
        .map(l => l.message.split("\n")[0])
        .join(" | ")}`,
    });
  }

  /** After one round trip (what the server logged has arrived): throws compiler-exit for an exit the log does not explain. */
  async checkExitsExplained(op: string): Promise<void> {
    this.checkAlive(op);
    if (!this.unexplained.length) return;
    await this.ping();
    this.explainExits(Infinity);
  }

  /** Races `request` against the deadline; on timeout, pings the server to say what was stuck. */
  async answer<T>(op: string, request: (token: CancellationTokenSource["token"]) => Promise<T>, deadlineMs = this.deadlineMs): Promise<T> {
    const source = new CancellationTokenSource();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<"timeout">(resolve => {
      timer = setTimeout(() => resolve("timeout"), deadlineMs);
    });
    this.checkAlive(op);
    let onExit = () => {};
    const exited = new Promise<"exit">(resolve => {
      onExit = () => resolve("exit");
      this.client.process.once("exit", onExit);
    });
    const answered = request(source.token).catch((error: unknown) => {
      if (error instanceof FailureError) throw error;
      throw new FailureError({
        kind: "error-answer",
        op,
        message: `the server answered with an error: ${error instanceof Error ? error.message : String(error)}`,
      });
    });
    try {
      const result = await Promise.race([answered, timeout, exited]);
      if (result === "exit") this.checkAlive(op);
      if (result === "timeout") {
        source.cancel();
        this.checkAlive(op);
        const responsive = await this.ping();
        throw new FailureError({
          kind: "stuck",
          op,
          message: `no answer within ${deadlineMs} ms; the server ${responsive ? "still answers other requests" : `does not answer a ping within ${pingMs} ms either (blocked)`}`,
        });
      }
      return result as T;
    } finally {
      clearTimeout(timer);
      this.client.process.off("exit", onExit);
    }
  }

  /** An unknown method: answered at once (MethodNotFound) when the server's event loop is free. */
  async ping(): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const answered = this.client.connection.sendRequest("loopscope/fuzzPing").then(
      () => true,
      () => true,
    );
    const result = await Promise.race([
      answered,
      new Promise<false>(resolve => {
        timer = setTimeout(() => resolve(false), pingMs);
      }),
    ]);
    clearTimeout(timer);
    return result;
  }

  /** Pull: asks (again when the server says a newer version is coming, as VS Code does). */
  async pull(uri: string, op: string): Promise<Diagnostic[]> {
    return this.answer(op, async token => {
      for (;;) {
        try {
          const report = (await this.client.pull(uri, token)) as FullDocumentDiagnosticReport;
          return report.items ?? [];
        } catch (error) {
          if ((error as { data?: { retriggerRequest?: boolean } }).data?.retriggerRequest && !token.isCancellationRequested) continue;
          throw error;
        }
      }
    });
  }

  /** Push: waits for diagnostics published for `version` or later (after `from`, the count before the change). */
  async published(uri: string, version: number, from: number, op: string): Promise<Diagnostic[]> {
    const deadline = Date.now() + this.deadlineMs;
    try {
      const params = await this.client.waitForPublish(uri, p => p.version === undefined || p.version >= version, from, this.deadlineMs);
      return params.diagnostics;
    } catch (error) {
      this.checkAlive(op);
      if (Date.now() < deadline - 100) throw error;
      const responsive = await this.ping();
      throw new FailureError(
        responsive
          ? {
              kind: "push-missing",
              op,
              message: `nothing was published for version ${version} within ${this.deadlineMs} ms, though the server answers requests: the editor keeps showing the previous version's diagnostics`,
            }
          : { kind: "stuck", op, message: `nothing was published within ${this.deadlineMs} ms and the server does not answer a ping (blocked)` },
      );
    }
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only: string[] | undefined, op: string): Promise<CodeAction[]> {
    return this.answer(op, async () => (await this.client.codeActions(uri, range, diagnostics, only)) ?? []);
  }

  /**
   * Ends the server (politely unless `kill`) and checks its compiler processes are gone within
   * 2 s; anything left is killed by pid and reported as an orphan.
   */
  async end(kill = false, checkOrphans = true): Promise<Failure | undefined> {
    if (this.ended) return undefined;
    this.ended = true;
    const tree = [...new Set([...this.watched, ...descendants(this.pid)])];
    if (kill) killPids([this.pid]);
    else await this.client.stop();
    await this.client.waitFor(() => this.client.exited || undefined, "server exit", 5000).catch(() => killPids([this.pid]));
    const left = await waitGone(tree, checkOrphans ? 2000 : 0);
    const names = left.map(pid => `${pid} (${commandOf(pid)})`);
    killPids(left);
    this.client.connection.dispose();
    if (!left.length || !checkOrphans) return undefined;
    return { kind: "orphan", op: kill ? "SIGKILL of the server" : "shutdown + exit", message: `${names.join(", ")} still running 2 s after the server ended` };
  }
}

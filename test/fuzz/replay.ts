// Re-runs a recorded list of steps with the same checks; used to shrink a failing session and
// to check a written repro (`npm run fuzz -- --replay DIR`). Each replay gets a fresh server,
// except while shrinking a wrong answer (a range, an edit, a fix): then one server is reused,
// its documents closed between replays, for as long as it stays healthy.
import { Driver } from "./driver";
import { FailureError, type Failure, type FailureKind } from "./failures";
import { ServerUnderTest, type Mode } from "./serverUnderTest";
import type { Step } from "./steps";
import type { Workspace } from "./workspace";

/** Failures in an answer's content: the server process itself is fine afterwards. */
export const answerFailures: ReadonlySet<FailureKind> = new Set([
  "diagnostic-range",
  "edit-range",
  "edit-overlap",
  "edit-version",
  "fix-parse",
  "too-many-actions",
]);

export class ServerPool {
  private idle: ServerUnderTest | undefined;

  constructor(
    readonly mode: Mode,
    readonly deadlineMs: number,
  ) {}

  async take(): Promise<ServerUnderTest> {
    const server = this.idle;
    this.idle = undefined;
    return server ?? ServerUnderTest.start(this.mode, this.deadlineMs);
  }

  async give(server: ServerUnderTest, driver: Driver): Promise<void> {
    try {
      await driver.closeAll();
      server.checkAlive("between replays");
      this.idle = server;
    } catch {
      await server.end(true, false);
    }
  }

  async dispose(): Promise<void> {
    await this.idle?.end(true, false);
    this.idle = undefined;
  }
}

export interface ReplayOptions {
  /** Wait 2 s after the server ends to see whether its compiler outlives it (default true). */
  checkOrphans?: boolean;
  pool?: ServerPool;
}

/** Every failure the steps give (the first check that fails, then an orphan if the compiler outlives the server). */
export async function replay(steps: readonly Step[], mode: Mode, workspace: Workspace, deadlineMs: number, options: ReplayOptions = {}): Promise<Failure[]> {
  const failures: Failure[] = [];
  let server: ServerUnderTest;
  try {
    server = options.pool ? await options.pool.take() : await ServerUnderTest.start(mode, deadlineMs);
  } catch (error) {
    return [{ kind: "stuck", op: "initialize", message: String(error) }];
  }
  const driver = new Driver(server, workspace.uri, workspace.reference);
  let healthy = true;
  try {
    for (const step of repair(steps)) await driver.exec(step);
    await server.checkExitsExplained("end of replay");
  } catch (error) {
    if (!(error instanceof FailureError)) throw error;
    failures.push(error.failure);
    healthy = answerFailures.has(error.failure.kind);
  } finally {
    if (options.pool && healthy) {
      await options.pool.give(server, driver);
    } else {
      const orphan = await server.end(!healthy, options.checkOrphans ?? true);
      if (orphan) failures.push(orphan);
    }
  }
  return failures;
}

/**
 * Makes any subsequence runnable: a document's first remaining change becomes its open (a change
 * carries the whole text), and steps on a document that is not open are dropped.
 */
export function repair(steps: readonly Step[]): Step[] {
  const open = new Set<string>();
  const languages = new Map<string, string>();
  for (const s of steps) if (s.op === "open" && !languages.has(s.name)) languages.set(s.name, s.languageId);
  const out: Step[] = [];
  for (const step of steps) {
    const isOpen = open.has(step.name);
    switch (step.op) {
      case "open":
        if (isOpen) {
          out.push({ op: "change", name: step.name, text: step.text, why: "reopened" });
          continue;
        }
        open.add(step.name);
        out.push(step);
        continue;
      case "change":
        if (!isOpen) {
          open.add(step.name);
          out.push({ op: "open", name: step.name, languageId: languages.get(step.name) ?? "typescript", text: step.text });
        } else {
          out.push(step);
        }
        continue;
      case "close":
        if (isOpen) {
          open.delete(step.name);
          out.push(step);
        }
        continue;
      default:
        if (isOpen) out.push(step);
    }
  }
  return out;
}

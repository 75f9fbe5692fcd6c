// Re-runs a recorded list of steps on a fresh server with the same checks; used to shrink a
// failing session and to check a written repro (`npm run fuzz -- --replay DIR`).
import { Driver } from "./driver";
import { FailureError, type Failure } from "./failures";
import { ServerUnderTest, type Mode } from "./serverUnderTest";
import type { Step } from "./steps";
import type { Workspace } from "./workspace";

/** Every failure the steps give (the first check that fails, then an orphan if the compiler outlives the server). */
export async function replay(steps: readonly Step[], mode: Mode, workspace: Workspace, deadlineMs: number): Promise<Failure[]> {
  const failures: Failure[] = [];
  let server: ServerUnderTest;
  try {
    server = await ServerUnderTest.start(mode, deadlineMs);
  } catch (error) {
    return [{ kind: "stuck", op: "initialize", message: String(error) }];
  }
  const driver = new Driver(server, workspace.uri, workspace.reference);
  let killed = false;
  try {
    for (const step of repair(steps)) await driver.exec(step);
  } catch (error) {
    if (!(error instanceof FailureError)) throw error;
    failures.push(error.failure);
    killed = true;
  } finally {
    const orphan = await server.end(killed);
    if (orphan) failures.push(orphan);
  }
  return failures;
}

/**
 * Makes any subsequence runnable: a document's first remaining change becomes its open (a change
 * carries the whole text), and steps on a document that is not open are dropped.
 */
export function repair(steps: readonly Step[]): Step[] {
  const open = new Map<string, string>(); // name -> languageId
  const languages = new Map<string, string>();
  for (const s of steps) if (s.op === "open" && !languages.has(s.name)) languages.set(s.name, s.languageId);
  const out: Step[] = [];
  for (const step of steps) {
    const isOpen = open.has(step.name);
    switch (step.op) {
      case "open":
        if (isOpen) { out.push({ op: "change", name: step.name, text: step.text, why: "reopened" }); continue; }
        open.set(step.name, step.languageId);
        out.push(step);
        continue;
      case "change":
        if (!isOpen) {
          const languageId = languages.get(step.name) ?? "typescript";
          open.set(step.name, languageId);
          out.push({ op: "open", name: step.name, languageId, text: step.text });
        } else {
          out.push(step);
        }
        continue;
      case "close":
        if (isOpen) { open.delete(step.name); out.push(step); }
        continue;
      default:
        if (isOpen) out.push(step);
    }
  }
  return out;
}

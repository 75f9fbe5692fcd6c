// Delta debugging (Zeller's ddmin, complements only) of a failing session: first the list of
// steps, then the text of the last version, by lines and then by characters, for as long as a
// replay on a fresh server still fails with the same signature and the time budget lasts.
import { signature, type Failure } from "./failures";
import { answerFailures, replay, ServerPool } from "./replay";
import type { Mode } from "./serverUnderTest";
import type { Step } from "./steps";
import type { Workspace } from "./workspace";

/** Removes chunks of `items` while `fails` holds. */
export async function ddmin<T>(items: readonly T[], fails: (candidate: T[]) => Promise<boolean>, hasTime: () => boolean): Promise<T[]> {
  let current = [...items];
  let n = 2;
  while (current.length >= 2 && hasTime()) {
    const size = Math.ceil(current.length / n);
    let reduced = false;
    for (let i = 0; i < n && hasTime(); i++) {
      const complement = [...current.slice(0, i * size), ...current.slice((i + 1) * size)];
      if (complement.length === current.length) continue;
      if (await fails(complement)) {
        current = complement;
        n = Math.max(n - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (n >= current.length) break;
      n = Math.min(n * 2, current.length);
    }
  }
  return current;
}

/** Lines with their terminators attached (every terminator the harness produces). */
export const splitLines = (text: string) => text.split(/(?<=\r\n|\r(?!\n)|\n|\u2028|\u2029)/);

export interface Shrunk {
  steps: Step[];
  failure: Failure;
  replays: number;
  reproduced: boolean;
}

export async function shrink(
  steps: readonly Step[],
  mode: Mode,
  target: Failure,
  workspace: Workspace,
  deadlineMs: number,
  budgetMs: number,
  log: (line: string) => void = () => {},
): Promise<Shrunk> {
  const want = signature(target);
  const until = Date.now() + budgetMs;
  const hasTime = () => Date.now() < until;
  let replays = 0;
  let last: Failure = target;
  // Shrinking a wrong answer reuses one server; anything else needs a fresh one per replay.
  const pool = answerFailures.has(target.kind) ? new ServerPool(mode, deadlineMs) : undefined;
  const options = { checkOrphans: target.kind === "orphan", ...(pool ? { pool } : {}) };
  const fails = async (candidate: Step[]) => {
    replays++;
    const failure = (await replay(candidate, mode, workspace, deadlineMs, options)).find(f => signature(f) === want);
    if (failure) last = failure;
    return !!failure;
  };
  let result: Shrunk;
  try {
    result = await shrinkWith(
      steps,
      target,
      fails,
      hasTime,
      log,
      () => replays,
      () => last,
    );
  } finally {
    await pool?.dispose();
  }
  if (!pool || !result.reproduced) return result;
  // Found with a reused server: the repro must also fail on a fresh one.
  const fresh = (await replay(result.steps, mode, workspace, deadlineMs)).some(f => signature(f) === want);
  return { ...result, replays: replays + 1, reproduced: fresh };
}

async function shrinkWith(
  steps: readonly Step[],
  target: Failure,
  fails: (candidate: Step[]) => Promise<boolean>,
  hasTime: () => boolean,
  log: (line: string) => void,
  replays: () => number,
  last: () => Failure,
): Promise<Shrunk> {
  if (!(await fails([...steps]))) return { steps: [...steps], failure: target, replays: replays(), reproduced: false };
  // The failing step last (for an orphan: whatever ran); every step before it may go.
  const keepLast = target.kind !== "orphan";
  const head = keepLast ? steps.slice(0, -1) : [...steps];
  const tail = keepLast ? steps.slice(-1) : [];
  const shortened = [...(await ddmin(head, c => fails([...c, ...tail]), hasTime)), ...tail];
  log(`shrink: ${steps.length} -> ${shortened.length} steps (${replays()} replays)`);
  // The texts, the last one sent first (the failing request saw it), then the earlier ones.
  let current = shortened;
  const textSteps = current
    .map((s, i) => (s.op === "open" || s.op === "change" ? i : -1))
    .filter(i => i >= 0)
    .reverse();
  for (const [n, index] of textSteps.entries()) {
    if (!hasTime()) break;
    const withText = (text: string) => current.map((s, i) => (i === index && (s.op === "open" || s.op === "change") ? { ...s, text } : s));
    const original = (current[index] as { text: string }).text;
    let text = (await ddmin(splitLines(original), c => fails(withText(c.join(""))), hasTime)).join("");
    if (n === 0 && text.length <= 20_000) text = (await ddmin([...text], c => fails(withText(c.join(""))), hasTime)).join("");
    current = withText(text);
    log(
      `shrink: text of step ${index + 1} ${original.length} -> ${text.length} characters (${replays()} replays${hasTime() ? "" : ", stopped by the time budget"})`,
    );
  }
  return { steps: current, failure: last(), replays: replays(), reproduced: true };
}

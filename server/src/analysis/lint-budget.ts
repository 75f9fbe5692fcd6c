// One file's lint in the editor has a wall-clock budget, the rules' JavaScript included. The
// compiler's share is bounded by a worker thread that kills it (typescript/deadline.ts); rules
// run on this thread, where nothing can interrupt them. So the loops that every rule goes through
// (the node pass, the tree walks, phase 2) poll `checkLintBudget()`, which throws `LintTooSlow`
// once the file's time is up, and the lint ends with "skipped: too slow".
//
// The budget is ambient (module state), not a parameter: the loops are deep in shared helpers
// that rules call from anywhere, and one lint runs at a time on this thread.

/** Thrown from inside a lint whose budget ran out; `Linter.lintFile` turns it into a result. */
export class LintTooSlow extends Error {
  constructor(readonly budgetMs: number) {
    super(`checking this file took longer than ${budgetMs >= 1000 ? `${(budgetMs / 1000).toFixed(1)} s` : `${budgetMs} ms`}, the budget for one file`);
    this.name = "LintTooSlow";
  }
}

/** What `rulesOutOfTime` looks at; times in performance.now() milliseconds. */
export interface LintClock {
  budgetMs: number;
  /** When the lint started. */
  started: number;
  now: number;
  /** Until the compiler's deadline kills it (its clock stops during project loads). */
  compilerLeftMs: number;
  /** When the last project load ended. */
  loadEndedAt: number;
}

/**
 * Whether our code should stop. A little before the compiler would be killed: a rule out of time
 * is no reason to restart a compiler that is fine. And when the file's time is up counting from
 * the start of the lint: the compiler's clock stops while it loads a project (not the file's
 * fault), but the editor waits meanwhile, so loads count here, except that after a load the
 * rules still get half the budget (the first file of a big project is checked).
 */
export function rulesOutOfTime(clock: LintClock): boolean {
  const margin = Math.min(1000, clock.budgetMs / 10);
  if (clock.compilerLeftMs < margin) return true;
  return clock.now > Math.max(clock.started + clock.budgetMs, clock.loadEndedAt + clock.budgetMs / 2) - margin;
}

interface Budget {
  budgetMs: number;
  expired: () => boolean;
  spent: boolean;
}

let current: Budget | undefined;
/** Calls between two looks at the clock: a poll per node must cost next to nothing. */
const pollEvery = 64;
let countdown = pollEvery;

/**
 * Runs `work` under a budget: `expired` says when its time is up (read every few polls). Once
 * spent, the budget stays spent, so a rule that catches LintTooSlow is stopped at its next poll.
 */
export function withinLintBudget<T>(budgetMs: number, expired: () => boolean, work: () => T): T {
  const outer = current;
  current = { budgetMs, expired, spent: false };
  countdown = pollEvery;
  try {
    return work();
  } finally {
    current = outer;
  }
}

/**
 * Throws LintTooSlow when the current lint's budget is spent; cheap enough to call per node (it
 * reads the clock every few calls, or now with `now`).
 */
export function checkLintBudget(now = false): void {
  if (!current || (--countdown > 0 && !now)) return;
  countdown = pollEvery;
  if (!current.spent && !current.expired()) return;
  current.spent = true;
  throw new LintTooSlow(current.budgetMs);
}

// The wall-clock budget of one file's lint as our own code sees it (lint-budget.ts). The whole
// path, a rule stopped over real JSON-RPC, is in test/lsp/supervision.test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkLintBudget, LintTooSlow, rulesOutOfTime, withinLintBudget } from "../../server/src/analysis/lint-budget";

const clock = { budgetMs: 10_000, started: 0, compilerLeftMs: Infinity, loadEndedAt: -Infinity };

test("rules stop a little before the compiler's deadline, so a slow rule does not get a fine compiler killed", () => {
  assert.equal(rulesOutOfTime({ ...clock, now: 2_000, compilerLeftMs: 1_500 }), false);
  assert.equal(rulesOutOfTime({ ...clock, now: 2_000, compilerLeftMs: 900 }), true);
});

test("time spent loading a project counts (the editor waits), but after a load the rules get half the budget", () => {
  assert.equal(rulesOutOfTime({ ...clock, now: 8_000 }), false);
  assert.equal(rulesOutOfTime({ ...clock, now: 9_100 }), true, "out of time 1 s before the budget's end");
  // The compiler's clock stopped during a 7 s load: it has 8 s left, but the editor has waited 9.1 s.
  assert.equal(rulesOutOfTime({ ...clock, now: 9_100, compilerLeftMs: 8_000, loadEndedAt: 2_000 }), true);
  // A 12 s load: the rules still get 5 s after it.
  assert.equal(rulesOutOfTime({ ...clock, now: 15_000, compilerLeftMs: 8_000, loadEndedAt: 12_000 }), false);
  assert.equal(rulesOutOfTime({ ...clock, now: 16_100, compilerLeftMs: 8_000, loadEndedAt: 12_000 }), true);
});

test("a poll outside a lint does nothing; inside, it throws once the time is up, and again after a rule swallowed it", () => {
  checkLintBudget(true);
  let expired = false;
  let polls = 0;
  assert.throws(
    () =>
      withinLintBudget(
        5_000,
        () => expired,
        () => {
          for (let i = 0; i < 1_000; i++) {
            checkLintBudget();
            polls++;
          }
          expired = true;
          try {
            for (;;) {
              checkLintBudget();
              polls++;
            }
          } catch (error) {
            assert.ok(error instanceof LintTooSlow);
          }
          expired = false;
          checkLintBudget(true);
        },
      ),
    (error: Error) => error instanceof LintTooSlow && /longer than 5\.0 s/.test(error.message),
  );
  assert.ok(polls < 1_000 + 100, `the clock is read every few polls (${polls} polls)`);
  checkLintBudget(true);
});

// race-timeout-leak: `Promise.race([work, new Promise((_, reject) => setTimeout(reject, ms))])`
// (or a project helper built that way) whose timer is never cleared and whose work no signal
// cancels: the timer keeps the process alive until it fires, and the work goes on after the
// "timeout". Docs: docs/rules/race-timeout-leak.md
import { SyntaxKind, type CallExpression } from "../../analysis/typescript";
import { isTestFile } from "../../analysis/file-kinds";
import { isRuntimeGlobal, needRuntimeGlobal } from "../../analysis/node-runtime";
import { isPromiseRace, leakingRaceTimer, type LeakingTimer } from "../../analysis/race-timers";
import { rangeOf } from "../../analysis/positions";
import type { Rule } from "../rule";
import { defaultsOf, option, validateAgainst, type OptionsOf } from "../option-schema";
import { raceTimeoutFix } from "./fix";
import { endedByProcessExit } from "./ended-by-exit";
import { isShortTimer } from "./short-timers";
import { runsInPage } from "./in-page";
import { inUncalledCode, inUncalledHeldMethod } from "../../analysis/uncalled-code";

const optionsSchema = {
  ignoreTestFiles: option.boolean("Skip test files (`*.test.ts`, `__tests__/`, `test/`): a test runner ends the process.", true),
};

export type RaceTimeoutLeakOptions = OptionsOf<typeof optionsSchema>;
export type MessageId = "timerNotCleared" | "promiseTimerNotCancelled";

export const raceTimeoutLeak: Rule<RaceTimeoutLeakOptions, MessageId> = {
  meta: {
    id: "race-timeout-leak",
    description:
      "Promise.race timeouts whose timer is never cleared and whose work no signal cancels: the timer keeps the process alive and the work runs on after the timeout.",
    defaultSeverity: "warning",
    enabledByDefault: false,
    fixable: true,
    messages: {
      timerNotCleared:
        "This race's timeout timer is never cleared: when the work wins, the timer still holds the process open until it fires (and one is left per call), and when the timer wins, the work runs on with nobody waiting. Clear the timer in `finally` (`clearTimeout(timer)`), or pass `AbortSignal.timeout(ms)` to the work instead of racing it.",
      promiseTimerNotCancelled:
        "This race's `{{timer}}` from `node:timers/promises` has no signal: when the work wins, the timer still holds the process open until it fires, and when the timer wins, the work runs on. Pass `{ signal }` and abort it in `finally`, or pass `AbortSignal.timeout(ms)` to the work instead of racing it.",
    },
  },
  optionsSchema,
  defaultOptions: defaultsOf(optionsSchema),
  validateOptions: options => validateAgainst(optionsSchema, options),
  create(context) {
    const found: { race: CallExpression; leak: LeakingTimer }[] = [];
    const skipFile = !/\.race\s*\(/.test(context.sourceFile.text) || (context.options.ignoreTestFiles && isTestFile(context));
    return {
      visitKinds: [SyntaxKind.CallExpression],
      visit(node) {
        if (skipFile || node.kind !== SyntaxKind.CallExpression || !isPromiseRace(node as CallExpression)) return;
        const race = node as CallExpression;
        const leak = leakingRaceTimer(race, context.bindings);
        // Leftovers that hold nothing: a timer of half a second at most, a process that exits
        // right after the race, or a race that a browser page runs (short-timers.ts,
        // ended-by-exit.ts, in-page.ts).
        if (!leak || isShortTimer(leak) || endedByProcessExit(race) || runsInPage(race, context.dependencies)) return;
        if (leak.kind === "callback") needRuntimeGlobal(context, leak.callee);
        found.push({ race, leak });
      },
      decide() {
        for (const { race, leak } of found) {
          if (leak.kind === "callback" && !isRuntimeGlobal(context, leak.callee, "setTimeout", ["timers"])) continue;
          // A race in code nothing can call never starts its timer (round 46, the shared analysis
          // missing-timeout and retry-without-backoff ask: a `withTimeout` helper its module exports
          // but no module of a package that closes its modules imports, and no entry re-exports),
          // nor does one in a privately held class's method the project never calls (round 45: a
          // generated API client's endpoint its facade does not wrap). Both in uncalled-code.ts.
          if (inUncalledCode(context, race) || inUncalledHeldMethod(context, race)) continue;
          // A suggestion only (menu): fix.ts says why.
          const fix = raceTimeoutFix(context, race, leak);
          const fixes = fix ? [fix] : [];
          if (leak.kind === "callback") {
            context.report({
              node: race,
              messageId: "timerNotCleared",
              related: [
                { fileName: context.fileName, range: rangeOf(context.sourceFile, leak.timer), message: "the timer is started here, and never cleared" },
              ],
              fixes,
            });
          } else {
            context.report({ node: race, messageId: "promiseTimerNotCancelled", data: { timer: `${leak.callee.getText()}()` }, fixes });
          }
        }
      },
    };
  },
};

// Hidden hooks for the LSP tests, inert unless the variable is set:
// LOOPSCOPE_TEST_THROWING_RULE=<id> adds a rule `<id>` that throws on every file, so the tests can
// check over real JSON-RPC that a crashing rule is logged once, the other rules still report and
// the file says it was checked only in part.
// LOOPSCOPE_TEST_SLOW_RULE=<id> adds a rule `<id>` that walks the file over and over (for at most
// a minute) in files whose text contains `slow-rule-here`, so the tests can check that a file's
// lint budget stops rules' own code, not only the compiler.
import { walk } from "../analysis/walk";
import type { Rule } from "../rules/rule";

const ruleId = /^[a-z0-9-]+$/;

export function testOnlyRules(env: NodeJS.ProcessEnv = process.env): Rule<object>[] {
  const rules: Rule<object>[] = [];
  const throwing = env.LOOPSCOPE_TEST_THROWING_RULE;
  if (throwing && ruleId.test(throwing)) {
    rules.push({
      meta: { id: throwing, description: "Test hook: always throws.", defaultSeverity: "warning", fixable: false, messages: {} },
      defaultOptions: {},
      validateOptions: () => [],
      create: () => ({
        visit() {
          throw new Error(`${throwing} is a test rule that always throws`);
        },
        decide() {},
      }),
    });
  }
  const slow = env.LOOPSCOPE_TEST_SLOW_RULE;
  if (slow && ruleId.test(slow)) {
    rules.push({
      meta: { id: slow, description: "Test hook: walks some files for up to a minute.", defaultSeverity: "warning", fixable: false, messages: {} },
      defaultOptions: {},
      validateOptions: () => [],
      create: context => ({
        decide() {
          if (!context.sourceFile.text.includes("slow-rule-here")) return;
          const until = Date.now() + 60_000;
          while (Date.now() < until) walk(context.sourceFile, () => {});
        },
      }),
    });
  }
  return rules;
}

// Hidden hook for the LSP tests, inert unless the variable is set:
// LOOPSCOPE_TEST_THROWING_RULE=<id> adds a rule `<id>` that throws on every file, so the tests can
// check over real JSON-RPC that a crashing rule is logged once and the other rules still report.
import type { Rule } from "../rules/rule";

export function testOnlyRules(env: NodeJS.ProcessEnv = process.env): Rule<object>[] {
  const id = env.LOOPSCOPE_TEST_THROWING_RULE;
  if (!id || !/^[a-z0-9-]+$/.test(id)) return [];
  return [{
    meta: { id, description: "Test hook: always throws.", defaultSeverity: "warning", fixable: false, messages: {} },
    defaultOptions: {},
    validateOptions: () => [],
    create: () => ({
      visit() { throw new Error(`${id} is a test rule that always throws`); },
      decide() {},
    }),
  }];
}

import { test } from "node:test";
import assert from "node:assert/strict";
import { noRuleOnAdvice } from "../../server/src/config/no-rule-on";
import { allRules } from "../../server/src/rules/registry";

// The note depends on which rules are on by default, which changes with the held-out measurements
// (README, "Rules"): both wordings are checked here on made-up registries, the real one in meta.test.ts.
const rule = (id: string, enabledByDefault?: boolean) => ({ meta: { ...allRules[0]!.meta, id, enabledByDefault } });

test("no rule on by default: the note says every rule is off by default and names an example to turn on", () => {
  const advice = noRuleOnAdvice([rule("a", false), rule("b", false)], "with --rule <id>=warning");
  assert.match(advice, /^every rule is off by default until 9 in 10 of their findings are right/);
  assert.match(advice, /Turn one on with --rule <id>=warning, e\.g\. "missing-timeout": "warning"/);
});

test("rules on by default that the configuration turned off are named, and the first is the example", () => {
  assert.match(
    noRuleOnAdvice([rule("a", false), rule("b")], "in settings"),
    /^the configuration turned off the one rule on by default \(b\), and the others are off by default .*Turn one on in settings, e\.g\. "b": "warning"/,
  );
  assert.match(noRuleOnAdvice([rule("a"), rule("b")], "in settings"), /^the configuration turned off every rule on by default \(a, b\)/);
});

// What the CLI and the language server say when a configuration leaves no rule on: nothing was
// checked, which rules are on by default (and why only those), and how to turn one on.
import type { Rule } from "../rules/rule";

/** Why no rule ran, and how to turn one on (`how`: the place the user can do it, CLI flag or setting). */
export function noRuleOnAdvice(rules: readonly Pick<Rule<object>, "meta">[], how: string): string {
  const onByDefault = rules.filter(r => r.meta.enabledByDefault !== false).map(r => r.meta.id);
  const example = onByDefault[0] ?? "missing-timeout";
  const defaults = onByDefault.length
    ? `the configuration turned off ${onByDefault.length === 1 ? "the one rule" : "every rule"} on by default (${onByDefault.join(", ")}), and the others are off by default`
    : "every rule is off by default";
  return `${defaults} until 9 in 10 of their findings are right on code they were never tuned on. Turn one on ${how}, e.g. "${example}": "warning". The README lists every rule.`;
}

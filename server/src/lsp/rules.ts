// What the server needs to know about the rules: their option names, so editor settings such as
// `loopscope.extraBlockingApis` reach every rule that has that option.
import { allRules } from "../rules/registry";
import type { RuleOptionsShape } from "./settings";

export const ruleOptionShapes = (): readonly RuleOptionsShape[] =>
  allRules.map(rule => ({ id: rule.meta.id, defaultOptions: rule.defaultOptions as Record<string, unknown> }));

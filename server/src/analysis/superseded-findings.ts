// One problem, one finding: a rule may declare that another rule's finding about the same
// construct replaces its own (RuleMeta.supersededBy), where the other's says more about it (an
// async `forEach` whose work is as wide as the input is unbounded-concurrency's finding; that it
// also drops its rejections is promise-in-void-callback's, and the fixes of the first, awaiting
// each item or a bounded Promise.all, fix the second). Both findings name the construct
// (Report.about: here, the `forEach` call). Runs after suppression comments: a finding a comment
// hides supersedes nothing, so the other rule's finding is shown then (the comment said the
// fan-out is fine, not that a rejection may go unhandled); a comment that hides the superseded
// rule's finding stays used. Enablement needs no question: a rule that is off reports nothing.
import type { Finding, Range } from "./findings";

const keyOf = (r: Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

/**
 * The findings without those superseded: a finding of rule A is dropped when a finding of a
 * rule that `supersededBy.get(A)` names has the same `about`. Every finding leaves without `about`.
 */
export function dropSuperseded(findings: readonly Finding[], supersededBy: ReadonlyMap<string, readonly string[]>): Finding[] {
  const reported = new Set<string>();
  if (supersededBy.size) for (const f of findings) if (f.about) reported.add(`${f.ruleId}\0${keyOf(f.about)}`);
  const kept: Finding[] = [];
  for (const f of findings) {
    const by = f.about && supersededBy.get(f.ruleId);
    if (by && by.some(id => reported.has(`${id}\0${keyOf(f.about!)}`))) continue;
    if (!f.about) kept.push(f);
    else {
      const { about: _about, ...shown } = f;
      kept.push(shown);
    }
  }
  return kept;
}

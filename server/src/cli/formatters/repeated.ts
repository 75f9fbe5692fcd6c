// Repeated findings about one subject (the same callee's promise dropped at 40 call sites): one
// action fixes them all, so the summary says so once instead of leaving 40 lines to read.
import { relative } from "node:path";
import type { FileReport } from "./report";

/** Fewer findings than this per subject are not worth a line of their own. */
export const minRepeated = 3;

export interface RepeatedGroup {
  ruleId: string;
  count: number;
  label: string;
  name: string;
  where?: string;
}

export function repeatedGroups(reports: readonly FileReport[], cwd: string): RepeatedGroup[] {
  const groups = new Map<string, RepeatedGroup>();
  for (const r of reports) {
    for (const m of r.messages) {
      const subject = m.finding?.subject;
      if (!subject || !m.ruleId) continue;
      const d = subject.declaration;
      const where = d ? `${relative(cwd, d.fileName) || d.fileName}:${d.range.start.line + 1}` : undefined;
      const key = `${m.ruleId}\0${subject.label}\0${where ?? ""}`;
      const g = groups.get(key) ?? { ruleId: m.ruleId, count: 0, label: subject.label, name: subject.name, ...(where ? { where } : {}) };
      g.count++;
      groups.set(key, g);
    }
  }
  return [...groups.values()].filter(g => g.count >= minRepeated).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

/** One sentence per group: how many, what they share, and the one action for all of them. */
export function describeGroup(g: RepeatedGroup): string {
  const at = g.where ? ` (${g.where})` : "";
  if (g.ruleId === "floating-promise") {
    return `${g.count} of these findings drop the promise of ${g.label}${at}: if it cannot reject, allow it once: add "${g.name}" to floating-promise's "allowForKnownSafeCalls" in loopscope.config.json, or tag its declaration with /** @loopscope-no-reject <reason> */.`;
  }
  return `${g.count} of these ${g.ruleId} findings are about ${g.label}${at}.`;
}

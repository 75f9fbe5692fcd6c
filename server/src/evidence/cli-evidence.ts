// `loopscope lint --evidence`: a file's result with the run's evidence joined in, for every
// output format (the rank reaches SARIF's `rank`; the messages say the rest).
import type { FileResult } from "../analysis/findings";
import type { RuleMeta } from "../rules/rule";
import { observedBlockDescription, observedBlockId, observedBlockMessageId, withEvidence, type EvidencedFinding } from "./annotate";
import type { LoadedEvidence } from "./read-evidence";

export const observedBlockMeta: RuleMeta = {
  id: observedBlockId,
  description: observedBlockDescription,
  defaultSeverity: "info",
  fixable: false,
  messages: { [observedBlockMessageId]: "blocked the event loop {{times}}, max {{maxMs}}, total {{totalMs}} in the last run ({{request}})" },
};

export function resultWithEvidence(result: FileResult, evidence: LoadedEvidence): FileResult {
  const joined = withEvidence(result, evidence.files.get(result.fileName), evidence.run.blockThresholdMs, file => evidence.files.get(file));
  return { ...result, findings: [...joined.findings, ...joined.observed] };
}

/** SARIF's `rank` (0–100, higher first): findings observed on a request path above the rest, those seen only at start-up below. */
export function sarifRank(finding: EvidencedFinding | undefined): number | undefined {
  if (!finding) return undefined;
  if (finding.ruleId === observedBlockId) return 80;
  switch (finding.evidence?.kind) {
    case "request":
      return 90;
    case "other":
      return 60;
    case "startup":
      return 10;
    default:
      return undefined;
  }
}

// Joins a file's static findings with what the last run observed (DESIGN section 7): a finding
// whose code was on the stack of a block during a request says so and ranks first; one whose
// code blocked only at start-up says that; and each line that blocked the loop becomes an
// `observed-block` finding at information severity. Shared by `lint --evidence` and the editor.
import type { FileResult, Finding, Range } from "../analysis/findings";
import { blockedText, findingEvidenceText } from "./evidence-text";
import type { AnchoredFile } from "./line-anchors";
import type { BlockStats } from "./run-evidence";

export const observedBlockId = "observed-block";
export const observedBlockDescription = "A line of the program that blocked the event loop in the last traced run (loopscope run --out, or the editor's timeline run).";

export interface FindingEvidence {
  kind: "request" | "startup" | "other";
  /** Higher first: on a request path 2, otherwise observed 1, only at start-up -1 (no evidence: 0). */
  rank: number;
  text: string;
}

export type EvidencedFinding = Finding & { evidence?: FindingEvidence };

export interface EvidencedResult {
  /** The result's findings in their order, each with its evidence (messages say it). */
  findings: EvidencedFinding[];
  /** One `observed-block` finding per line that blocked the loop. */
  observed: Finding[];
}

function merged(stats: readonly BlockStats[]): BlockStats | undefined {
  // A finding spanning lines counts the line with the most blocks (one block has them all on its stack).
  return stats.reduce<BlockStats | undefined>((best, s) => (!best || s.count > best.count || (s.count === best.count && s.totalMs > best.totalMs) ? s : best), undefined);
}

export function findingEvidence(range: Range, file: AnchoredFile, thresholdMs: number | undefined): FindingEvidence | undefined {
  const stats = merged(file.lines.filter(a => a.line >= range.start.line && a.line <= range.end.line).map(a => a.observation.onStack));
  if (!stats) return undefined;
  const text = findingEvidenceText(stats, thresholdMs);
  if (!text) return undefined;
  if (stats.duringRequests > 0) return { kind: "request", rank: 2, text };
  if (stats.atStartup === stats.count) return { kind: "startup", rank: -1, text };
  return { kind: "other", rank: 1, text };
}

export function observedBlockFindings(fileName: string, file: AnchoredFile): Finding[] {
  const found: Finding[] = [];
  for (const anchor of file.lines) {
    const blocked = anchor.observation.blocked;
    if (!blocked) continue;
    found.push({ ruleId: observedBlockId, severity: "info", message: blockedText(blocked), fileName, range: file.codeRange(anchor.line), related: [], fixes: [] });
  }
  return found.sort((a, b) => a.range.start.line - b.range.start.line);
}

export function withEvidence(result: Pick<FileResult, "fileName" | "findings">, file: AnchoredFile | undefined, thresholdMs: number | undefined): EvidencedResult {
  if (!file) return { findings: result.findings, observed: [] };
  const findings = result.findings.map((finding): EvidencedFinding => {
    const evidence = findingEvidence(finding.range, file, thresholdMs);
    return evidence ? { ...finding, message: `${finding.message} ${evidence.text}`, evidence } : finding;
  });
  return { findings, observed: observedBlockFindings(result.fileName, file) };
}

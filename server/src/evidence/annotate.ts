// Joins a file's static findings with what the last run observed (DESIGN section 7): a finding
// whose code was on the stack of a block during a request says so and ranks first; one whose
// code blocked only at start-up says that; and each line that blocked the loop becomes an
// `observed-block` finding at information severity. Shared by `lint --evidence` and the editor.
import type { FileResult, Finding, Range, RelatedInfo } from "../analysis/findings";
import { formatMs } from "./evidence-text";
import { blockedText, findingEvidenceText } from "./evidence-text";
import type { AnchoredFile, AnchoredLine } from "./line-anchors";

export const observedBlockId = "observed-block";
export const observedBlockMessageId = "blocked";
export const observedBlockDescription =
  "A line of the program that blocked the event loop in the last traced run (loopscope run --out, or the editor's timeline run).";

export interface FindingEvidence {
  kind: "request" | "startup" | "other";
  /** Higher first: on a request path 2, otherwise observed 1, only at start-up -1 (no evidence: 0). */
  rank: number;
  text: string;
  /** The lines where those blocks were blocked, when not the finding's own line (a callee's loop, a library call). */
  related: RelatedInfo[];
}

/** The anchored text of another file of the run, to place related locations as the file is now. */
export type AnchoredFiles = (fileName: string) => AnchoredFile | undefined;

export type EvidencedFinding = Finding & { evidence?: FindingEvidence };

export interface EvidencedResult {
  /** The result's findings in their order, each with its evidence (messages say it). */
  findings: EvidencedFinding[];
  /** One `observed-block` finding per line that blocked the loop. */
  observed: Finding[];
}

function busiest(lines: readonly AnchoredLine[]): AnchoredLine | undefined {
  // A finding spanning lines counts the line with the most blocks (one block has them all on its stack).
  return lines.reduce<AnchoredLine | undefined>((best, a) => {
    const s = a.observation.onStack;
    return !best || s.count > best.observation.onStack.count || (s.count === best.observation.onStack.count && s.totalMs > best.observation.onStack.totalMs)
      ? a
      : best;
  }, undefined);
}

function relatedOf(fileName: string, anchor: AnchoredLine, others: AnchoredFiles): RelatedInfo[] {
  const related: RelatedInfo[] = [];
  for (const at of anchor.observation.blockedAt) {
    const other = others(at.file);
    // Found by the line it had in the run: the anchor knows where that line is now (or that it is gone).
    const line = other?.lines.find(a => a.observation.line === at.line);
    if (!other || !line || (at.file === fileName && line.line === anchor.line)) continue;
    const blocked = line.observation.blocked;
    related.push({
      fileName: at.file,
      range: other.codeRange(line.line),
      message: `The event loop was blocked here in the last run${blocked ? ` (${blocked.count === at.blocks ? (at.blocks === 1 ? "1 block" : `${at.blocks} blocks`) : `${at.blocks} of its ${blocked.count} blocks`}, max ${formatMs(blocked.maxMs)})` : ""}.`,
    });
  }
  return related;
}

export function findingEvidence(
  range: Range,
  fileName: string,
  file: AnchoredFile,
  thresholdMs: number | undefined,
  others: AnchoredFiles = () => undefined,
): FindingEvidence | undefined {
  const anchor = busiest(file.lines.filter(a => a.line >= range.start.line && a.line <= range.end.line));
  if (!anchor) return undefined;
  const stats = anchor.observation.onStack;
  const text = findingEvidenceText(stats, thresholdMs);
  if (!text) return undefined;
  const related = relatedOf(fileName, anchor, others);
  if (stats.duringRequests > 0) return { kind: "request", rank: 2, text, related };
  if (stats.atStartup === stats.count) return { kind: "startup", rank: -1, text, related };
  return { kind: "other", rank: 1, text, related };
}

export function observedBlockFindings(fileName: string, file: AnchoredFile): Finding[] {
  const found: Finding[] = [];
  for (const anchor of file.lines) {
    const blocked = anchor.observation.blocked;
    if (!blocked) continue;
    found.push({
      ruleId: observedBlockId,
      messageId: observedBlockMessageId,
      severity: "info",
      message: blockedText(blocked),
      fileName,
      range: file.codeRange(anchor.line),
      related: [],
      fixes: [],
    });
  }
  return found.sort((a, b) => a.range.start.line - b.range.start.line);
}

export function withEvidence(
  result: Pick<FileResult, "fileName" | "findings">,
  file: AnchoredFile | undefined,
  thresholdMs: number | undefined,
  others: AnchoredFiles = () => undefined,
): EvidencedResult {
  if (!file) return { findings: result.findings, observed: [] };
  const findings = result.findings.map((finding): EvidencedFinding => {
    const evidence = findingEvidence(finding.range, result.fileName, file, thresholdMs, others);
    return evidence ? { ...finding, message: `${finding.message} ${evidence.text}`, related: [...finding.related, ...evidence.related], evidence } : finding;
  });
  return { findings, observed: observedBlockFindings(result.fileName, file) };
}

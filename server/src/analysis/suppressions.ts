// Inline suppressions (DESIGN section 3):
//   // loopscope-ignore-next-line <rule-id>[, <rule-id>] -- reason
//   // loopscope-ignore-file <rule-id>
// Without a rule id they cover every rule. A suppression that hides nothing is reported, so
// stale ones don't pile up.
import type { Finding, Range } from "./findings";

export const unusedSuppressionRuleId = "unused-suppression";

interface Suppression {
  kind: "next-line" | "file";
  /** 0-based line the comment is on. */
  line: number;
  rules: string[] | "all";
  range: Range;
  used: boolean;
}

const directive = /\/[/*]\s*loopscope-ignore-(next-line|file)\b([^\n]*)/g;

export function parseSuppressions(text: string): Suppression[] {
  if (!text.includes("loopscope-ignore-")) return [];
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const lineOf = (pos: number) => {
    let lo = 0, hi = lineStarts.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (lineStarts[mid]! <= pos) lo = mid; else hi = mid - 1; }
    return lo;
  };
  const out: Suppression[] = [];
  for (const m of text.matchAll(directive)) {
    const start = m.index!;
    const line = lineOf(start);
    const rest = m[2]!.replace(/\*\/.*$/, "").split("--")[0]!.trim();
    const rules = rest ? rest.split(/[\s,]+/).filter(Boolean) : "all";
    const end = start + m[0].length;
    out.push({
      kind: m[1] as Suppression["kind"], line, rules, used: false,
      range: { start: { line, character: start - lineStarts[line]! }, end: { line, character: end - lineStarts[line]! } },
    });
  }
  return out;
}

/**
 * Drops suppressed findings and adds one finding per unused suppression (when `reportUnused`).
 * `activeRules`: suppressions of rules that are off are not "unused", just idle.
 */
export function applySuppressions(fileName: string, text: string, findings: Finding[], activeRules: ReadonlySet<string>, reportUnused: boolean): Finding[] {
  const suppressions = parseSuppressions(text);
  if (!suppressions.length) return findings;
  const covers = (s: Suppression, ruleId: string) => s.rules === "all" || s.rules.includes(ruleId);
  const kept = findings.filter(f => {
    const hit = suppressions.find(s => covers(s, f.ruleId) && (s.kind === "file" || s.line + 1 === f.range.start.line));
    if (hit) hit.used = true;
    return !hit;
  });
  if (!reportUnused) return kept;
  for (const s of suppressions) {
    if (s.used) continue;
    if (s.rules !== "all" && !s.rules.some(r => activeRules.has(r))) continue;
    kept.push({
      ruleId: unusedSuppressionRuleId, severity: "warning", fileName, range: s.range, related: [],
      message: `This loopscope-ignore-${s.kind} comment suppresses nothing${s.rules === "all" ? "" : ` (${s.rules.join(", ")})`}: the problem it hid is gone or moved. Remove the comment so that it can't hide a future problem.`,
      fixes: [{ title: "Remove the unused suppression", edits: [{ fileName, range: wholeLine(text, s.line), newText: "" }] }],
    });
  }
  return kept;
}

function wholeLine(text: string, line: number): Range {
  let start = 0;
  for (let l = 0; l < line; l++) start = text.indexOf("\n", start) + 1;
  const lineText = text.slice(start, text.indexOf("\n", start) < 0 ? text.length : text.indexOf("\n", start));
  // A comment on its own line goes with its line; a trailing comment goes alone.
  const commentAt = lineText.search(/\/[/*]\s*loopscope-ignore-/);
  if (lineText.slice(0, commentAt).trim() === "") return { start: { line, character: 0 }, end: { line: line + 1, character: 0 } };
  const trimmedStart = lineText.slice(0, commentAt).replace(/\s+$/, "").length;
  return { start: { line, character: trimmedStart }, end: { line, character: lineText.length } };
}

/**
 * Whether a finding of `ruleId` starting on `line` (0-based) would be suppressed: the same test
 * as `applySuppressions`. Rules use it to honour a suppression at the source of an effect that
 * other code reaches through a helper (blocking-call-in-async).
 */
export function isSuppressedAt(suppressions: readonly Pick<Suppression, "kind" | "line" | "rules">[], ruleId: string, line: number): boolean {
  return suppressions.some(s => (s.rules === "all" || s.rules.includes(ruleId)) && (s.kind === "file" || s.line + 1 === line));
}

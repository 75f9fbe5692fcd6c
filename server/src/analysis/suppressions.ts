// Inline suppressions (DESIGN section 3):
//   // loopscope-ignore-next-line <rule-id>[, <rule-id>] -- reason
//   // loopscope-ignore-file <rule-id>
// Without a rule id they cover every rule. A suppression that hides nothing is reported, so
// stale ones don't pile up.
//
// "Next line" is the next line as the editor counts lines (positions.ts): after a "\n", "\r\n" or
// "\r". A U+2028/U+2029 ends the comment (JavaScript says so) but not the editor's line, so code
// after one is on the comment's own line and is not covered, as the user sees it.
import type { Finding, Range } from "./findings";
import { commentStarts } from "./comment-starts";
import { afterLineBreak, lineEndAt, lineMapOf, lineStartAt } from "./positions";

export const unusedSuppressionRuleId = "unused-suppression";

interface Suppression {
  kind: "next-line" | "file";
  /** 0-based line the comment ends on. */
  line: number;
  rules: string[] | "all";
  /** The comment. */
  range: Range;
  /** Offsets of the comment. */
  start: number;
  end: number;
  used: boolean;
}

// A line comment ends at any of JavaScript's line terminators, not only the editor's.
const directive = /\/([/*])\s*loopscope-ignore-(next-line|file)\b([^\r\n\u2028\u2029]*)/g;

export function parseSuppressions(text: string): Suppression[] {
  if (!text.includes("loopscope-ignore-")) return [];
  const lines = lineMapOf(text);
  const out: Suppression[] = [];
  const comments = commentStarts(text);
  for (const m of text.matchAll(directive)) {
    const start = m.index!;
    if (!comments.has(start)) continue; // inside a string, a template or a regular expression
    const block = m[1] === "*";
    const close = block ? text.indexOf("*/", start + 2) : -1;
    const end = block ? (close < 0 ? text.length : close + 2) : start + m[0].length;
    const rest = m[3]!
      .replace(/\*\/.*$/, "")
      .split("--")[0]!
      .trim();
    const rules = rest ? rest.split(/[\s,]+/).filter(Boolean) : "all";
    const range = lines.rangeAt(start, end);
    out.push({ kind: m[2] as Suppression["kind"], line: range.end.line, rules, range, start, end, used: false });
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
  const lines = lineMapOf(text);
  for (const s of suppressions) {
    if (s.used) continue;
    if (s.rules !== "all" && !s.rules.some(r => activeRules.has(r))) continue;
    const removal = commentRemoval(text, s.start, s.end);
    kept.push({
      ruleId: unusedSuppressionRuleId,
      messageId: "unusedSuppression",
      severity: "warning",
      fileName,
      range: s.range,
      related: [],
      message: `This loopscope-ignore-${s.kind} comment suppresses nothing${s.rules === "all" ? "" : ` (${s.rules.join(", ")})`}: the problem it hid is gone or moved. Remove the comment so that it can't hide a future problem.`,
      fixes: [{ title: "Remove the unused suppression", edits: [{ fileName, range: lines.rangeAt(removal.start, removal.end), newText: "" }] }],
    });
  }
  return kept;
}

const blank = (s: string) => /^[^\S\r\n\u2028\u2029]*$/.test(s);
const isJsOnlyLineTerminator = (ch: string | undefined) => ch === "\u2028" || ch === "\u2029";

/**
 * What to delete to remove the comment at [start, end): a comment alone on its line goes with the
 * line and its line break; a trailing comment goes with the blanks before it; a block comment
 * before code goes with the blanks after it; a comment that ends at a U+2028/U+2029 and starts its
 * JavaScript line takes that terminator along.
 */
export function commentRemoval(text: string, start: number, end: number): { start: number; end: number } {
  const lineStart = lineStartAt(text, start);
  const lineEnd = lineEndAt(text, end);
  const before = text.slice(lineStart, start),
    after = text.slice(end, lineEnd);
  if (blank(before) && blank(after)) return { start: lineStart, end: afterLineBreak(text, lineEnd) };
  const isBlank = (i: number) => text[i] === " " || text[i] === "\t";
  if (blank(after)) {
    let from = start;
    while (from > lineStart && isBlank(from - 1)) from--;
    return { start: from, end: lineEnd };
  }
  if (isJsOnlyLineTerminator(text[end])) {
    let from = start;
    while (from > lineStart && isBlank(from - 1)) from--;
    const startsJsLine = from === lineStart || isJsOnlyLineTerminator(text[from - 1]);
    return { start: from, end: startsJsLine ? end + 1 : end };
  }
  let to = end;
  while (to < lineEnd && isBlank(to)) to++;
  return { start, end: to };
}

/**
 * Whether a finding of `ruleId` starting on `line` (0-based) would be suppressed: the same test
 * as `applySuppressions`. Rules use it to honour a suppression at the source of an effect that
 * other code reaches through a helper (blocking-call-in-async).
 */
export function isSuppressedAt(suppressions: readonly Pick<Suppression, "kind" | "line" | "rules">[], ruleId: string, line: number): boolean {
  return suppressions.some(s => (s.rules === "all" || s.rules.includes(ruleId)) && (s.kind === "file" || s.line + 1 === line));
}

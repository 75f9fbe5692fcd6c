// "Fix all": apply many findings' fixes to one file at once. Fixes are written one finding at a
// time, so two may touch the same text (or both add the same import). Like ESLint, we apply the
// non-conflicting ones, re-lint the result and repeat, a few passes at most.
import type { FileResult, Finding, Fix, Range, TextEdit } from "../analysis/findings";
import { applyEdits, comparePositions, rangesConflict } from "./textEdits";
import { withoutUnusedImports } from "../analysis/unused-imports";

export const maxFixPasses = 5;

/**
 * Which fix "fix all" applies for a finding: the preferred one, else the only one. Fixes that
 * edit other files, and suggestions (fixes that may not compile or may leave other findings),
 * are left to the user.
 */
export function fixForFixAll(finding: Finding): Fix | undefined {
  const candidates = finding.fixes.filter(fix => !fix.suggestion && fix.edits.length > 0 && fix.edits.every(e => e.fileName === finding.fileName));
  return candidates.find(fix => fix.isPreferred) ?? (candidates.length === 1 ? candidates[0] : undefined);
}

/** The fixes of one pass that can be applied together: identical edits count once, conflicting fixes wait for the next pass. */
export function compatibleEdits(fixes: readonly Fix[]): { edits: TextEdit[]; deferred: number; applied: Fix[] } {
  // Sorted by start then end; accepted edits never overlap, so their ends are sorted too and a
  // new edit only needs checking against its neighbours (a file can have thousands of findings).
  const accepted: TextEdit[] = [];
  const seen = new Set<string>();
  let deferred = 0;
  const applied: Fix[] = [];
  const ordered = [...fixes].sort((a, b) => comparePositions(firstStart(a), firstStart(b)));
  for (const fix of ordered) {
    const fresh = fix.edits.filter(edit => !seen.has(editKey(edit)));
    if (fresh.some(edit => conflictsWithAccepted(accepted, edit))) {
      deferred++;
      continue;
    }
    applied.push(fix);
    for (const edit of fresh) {
      seen.add(editKey(edit));
      accepted.splice(insertionIndex(accepted, edit.range), 0, edit);
    }
  }
  return { edits: accepted, deferred, applied };
}

function conflictsWithAccepted(accepted: readonly TextEdit[], edit: TextEdit): boolean {
  for (let i = firstEndingAtOrAfter(accepted, edit.range.start); i < accepted.length; i++) {
    const other = accepted[i]!;
    if (comparePositions(other.range.start, edit.range.end) > 0) break;
    if (rangesConflict(edit.range, other.range)) return true;
  }
  return false;
}

function firstEndingAtOrAfter(accepted: readonly TextEdit[], at: Range["start"]): number {
  let lo = 0,
    hi = accepted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (comparePositions(accepted[mid]!.range.end, at) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Where `range` goes among `accepted`, by start then end. */
function insertionIndex(accepted: readonly TextEdit[], range: Range): number {
  let lo = 0,
    hi = accepted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const other = accepted[mid]!.range;
    if ((comparePositions(other.start, range.start) || comparePositions(other.end, range.end)) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Applies `pick`'s fixes for `first` (the file's current lint result), re-linting with `relint`
 * while some fixes had to wait. Returns the fixed text (equal to `text` when nothing applied).
 */
export function fixAllInText(
  text: string,
  first: FileResult,
  pick: (finding: Finding) => Fix | undefined,
  relint: (text: string) => FileResult | undefined,
): string {
  let result: FileResult | undefined = first;
  let current = text;
  for (let pass = 0; pass < maxFixPasses && result; pass++) {
    const fixes = result.findings.map(pick).filter((fix): fix is Fix => fix !== undefined);
    if (!fixes.length) break;
    const { edits, deferred, applied } = compatibleEdits(fixes);
    if (!edits.length) break;
    current = applyFixEdits(current, edits, applied);
    if (!deferred) break;
    result = relint(current);
  }
  return current;
}

/** Applies edits of `fixes`, then removes the imports those fixes left unused. */
export function applyFixEdits(text: string, edits: readonly Omit<TextEdit, "fileName">[], fixes: readonly Fix[]): string {
  const fixed = applyEdits(text, edits);
  const unused = fixes.flatMap(fix => fix.mayLeaveUnused ?? []);
  return unused.length ? withoutUnusedImports(fixed, unused) : fixed;
}

const firstStart = (fix: Fix) => fix.edits.reduce((min, e) => (comparePositions(e.range.start, min) < 0 ? e.range.start : min), fix.edits[0]!.range.start);
const editKey = (e: TextEdit) => `${e.range.start.line}:${e.range.start.character}-${e.range.end.line}:${e.range.end.character}\u0000${e.newText}`;

// "Fix all": apply many findings' fixes to one file at once. Fixes are written one finding at a
// time, so two may touch the same text (or both add the same import). Like ESLint, we apply the
// non-conflicting ones, re-lint the result and repeat, a few passes at most.
import type { FileResult, Finding, Fix, TextEdit } from "../analysis/findings";
import { applyEdits, comparePositions, rangesConflict } from "./textEdits";

export const maxFixPasses = 5;

/** Which fix "fix all" applies for a finding: the preferred one, else the only one. Fixes that edit other files are left to the user. */
export function fixForFixAll(finding: Finding): Fix | undefined {
  const candidates = finding.fixes.filter(fix => fix.edits.length > 0 && fix.edits.every(e => e.fileName === finding.fileName));
  return candidates.find(fix => fix.isPreferred) ?? (candidates.length === 1 ? candidates[0] : undefined);
}

/** The fixes of one pass that can be applied together: identical edits count once, conflicting fixes wait for the next pass. */
export function compatibleEdits(fixes: readonly Fix[]): { edits: TextEdit[]; deferred: number } {
  const accepted: TextEdit[] = [];
  let deferred = 0;
  const ordered = [...fixes].sort((a, b) => comparePositions(firstStart(a), firstStart(b)));
  for (const fix of ordered) {
    const fresh = fix.edits.filter(edit => !accepted.some(other => sameEdit(edit, other)));
    if (fresh.some(edit => accepted.some(other => rangesConflict(edit.range, other.range)))) { deferred++; continue; }
    accepted.push(...fresh);
  }
  return { edits: accepted, deferred };
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
    const { edits, deferred } = compatibleEdits(fixes);
    if (!edits.length) break;
    current = applyEdits(current, edits);
    if (!deferred) break;
    result = relint(current);
  }
  return current;
}

const firstStart = (fix: Fix) => fix.edits.reduce((min, e) => (comparePositions(e.range.start, min) < 0 ? e.range.start : min), fix.edits[0]!.range.start);
const sameEdit = (a: TextEdit, b: TextEdit) =>
  a.newText === b.newText && comparePositions(a.range.start, b.range.start) === 0 && comparePositions(a.range.end, b.range.end) === 0;

// Which kinds of evidence floating-promise reports with its default options. A finding's basis
// (`kind:where`, see basisOf in index.ts) names the evidence that made the rule report; a kind
// is reported by default only when it was right at least 9 times in 10 across many code bases of
// the tuning set (docs/rules/floating-promise.md, "Precision"); the others wait behind an option.
import type { FloatingPromiseOptions } from "./types";

/** Evidence found this many project functions below the dropped call, or where the chain could not be told (`other`). */
const deep = new Set(["d2", "d3+"]);

/**
 * Evidence written in the called function itself (`d0`) that is reported only with reportCalleeThrows.
 * An executor rejecting with the error an API reports (`executor-reported-error`) was right 12 times
 * in 18 at `d0` over every installed tuning code base (session 36): under the 9 in 10 a default needs.
 */
const calleeOwn = new Set(["throw", "executor-reject", "executor-reported-error"]);

export function evidenceReportedByDefault(
  basis: string,
  options: Pick<FloatingPromiseOptions, "reportLibraryPromises" | "reportDeclaredApis" | "reportDeepEvidence" | "reportCalleeThrows">,
): boolean {
  const [kind = "", where = ""] = basis.split(":");
  // A throw or a rejecting executor written in the called function itself: mostly a check of a
  // state or a value that the caller, written against the same object, has already made true.
  if (where === "d0" && calleeOwn.has(kind) && !options.reportCalleeThrows) return false;
  // A package's or Node's promise API, also when the file handles its rejection elsewhere.
  if ((kind === "library" || kind === "library-handled") && !options.reportLibraryPromises) return false;
  // A method of an interface or type the project declares (not an ambient `declare`: `ambient-api`).
  if (kind === "declared-api" && !options.reportDeclaredApis) return false;
  if ((deep.has(where) || kind === "other") && !options.reportDeepEvidence) return false;
  return true;
}

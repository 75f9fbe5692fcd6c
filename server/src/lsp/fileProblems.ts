// A file that was not checked says so, on the file: a diagnostic at its start instead of an empty
// list that reads as "no problems" (too large, too slow, the compiler crashed, an error).
// A rule that failed on a file says so too, next to the other rules' findings.
// Files skipped on purpose (ignored in loopscope.config.json, documents in other languages) stay quiet.
import { DiagnosticSeverity, type Diagnostic } from "vscode-languageserver";
import type { FileProblem, FileResult } from "../analysis/findings";
import { diagnosticSource } from "./diagnostics";

export const notCheckedCode = "not-checked";
export const partlyCheckedCode = "partly-checked";

export function problemDiagnostics(result: FileResult): Diagnostic[] {
  return [
    ...result.problems.filter(shown).map(problem => notCheckedDiagnostic(problem.message, problem.reason === "failed" || problem.reason === "too-slow")),
    ...result.problems.filter(p => p.kind === "rule-crashed").map(partlyCheckedDiagnostic),
  ];
}

/**
 * A rule that failed on the file (a stack overflow on deep nesting, a bug): its findings are
 * missing, the other rules' are there. Said on the file, or the list would read as complete.
 */
function partlyCheckedDiagnostic(problem: FileProblem): Diagnostic {
  const why = problem.message.replace(/^rule \S+ failed on this file: /, "");
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Warning,
    source: diagnosticSource,
    code: partlyCheckedCode,
    message: `Loopscope checked this file only in part: rule ${problem.ruleId ?? "?"} failed on it (${why}), so its findings are missing; the other rules' findings are shown. The Loopscope log has the details.`,
  };
}

/** Findings shown per file; the first ones in the file, the rest summed up in one diagnostic. */
export const maxDiagnosticsPerFile = 1000;
export const moreFindingsCode = "more-findings";

export function moreFindingsDiagnostic(shown: number, total: number): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: diagnosticSource,
    code: moreFindingsCode,
    message: `Loopscope shows the first ${shown} of ${total} findings in this file (not all of them, to keep the editor responsive); \`loopscope lint\` lists them all.`,
  };
}

export function notCheckedDiagnostic(message: string, warning = true): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: warning ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
    source: diagnosticSource,
    code: notCheckedCode,
    message: message.startsWith("skipped: ")
      ? `Loopscope skipped this file: ${message.slice(9)}`
      : `Loopscope did not check this file: ${message.replace(/^not checked: /, "")}`,
  };
}

function shown(problem: FileProblem): boolean {
  return problem.kind === "skipped" && problem.reason !== undefined && problem.reason !== "ignored";
}

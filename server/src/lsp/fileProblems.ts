// A file that was not checked says so, on the file: a diagnostic at its start instead of an empty
// list that reads as "no problems" (too large, too slow, the compiler crashed, an error).
// Files skipped on purpose (ignored in loopscope.config.json, documents in other languages) stay quiet.
import { DiagnosticSeverity, type Diagnostic } from "vscode-languageserver";
import type { FileProblem, FileResult } from "../analysis/findings";
import { diagnosticSource } from "./diagnostics";

export const notCheckedCode = "not-checked";

export function problemDiagnostics(result: FileResult): Diagnostic[] {
  return result.problems.filter(shown).map(problem => notCheckedDiagnostic(problem.message, problem.reason === "failed" || problem.reason === "too-slow"));
}

export function notCheckedDiagnostic(message: string, warning = true): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: warning ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
    source: diagnosticSource,
    code: notCheckedCode,
    message: message.startsWith("skipped: ") ? `Loopscope skipped this file: ${message.slice(9)}` : `Loopscope did not check this file: ${message.replace(/^not checked: /, "")}`,
  };
}

function shown(problem: FileProblem): boolean {
  return problem.kind === "skipped" && problem.reason !== undefined && problem.reason !== "ignored";
}

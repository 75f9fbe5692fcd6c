// The CLI's view of a lint run, shared by every output format.
import type { FileResult, Finding } from "../../analysis/findings";

export interface Message {
  ruleId: string | null;
  /** ESLint's scale: 1 warning (info is shown as 1 too), 2 error. */
  severity: 1 | 2;
  /** Loopscope's own severity, for formats that have more levels (SARIF's note). */
  level: "info" | "warning" | "error";
  message: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  fatal?: boolean;
  finding?: Finding;
}

export interface FileReport {
  filePath: string;
  messages: Message[];
  errorCount: number;
  warningCount: number;
}

export function toFileReport(result: FileResult): FileReport {
  const messages: Message[] = [];
  for (const p of result.problems) {
    if (p.kind === "rule-crashed") continue; // an internal error: reported on stderr, exit code 2
    const start = p.range?.start ?? { line: 0, character: 0 };
    const isError = p.kind === "syntax" || p.kind === "config" || p.kind === "failed";
    messages.push({
      ruleId: null,
      severity: isError ? 2 : 1,
      level: isError ? "error" : "warning",
      message:
        p.kind === "skipped"
          ? `File ${p.message.startsWith("skipped") ? p.message : `skipped: ${p.message}`}`
          : p.kind === "failed"
            ? `File ${p.message}`
            : p.message,
      line: start.line + 1,
      column: start.character + 1,
      ...(p.range ? { endLine: p.range.end.line + 1, endColumn: p.range.end.character + 1 } : {}),
      ...(p.kind === "syntax" || p.kind === "failed" ? { fatal: true } : {}),
    });
  }
  for (const f of result.findings) {
    messages.push({
      ruleId: f.ruleId,
      severity: f.severity === "error" ? 2 : 1,
      level: f.severity,
      message: f.message,
      line: f.range.start.line + 1,
      column: f.range.start.character + 1,
      endLine: f.range.end.line + 1,
      endColumn: f.range.end.character + 1,
      finding: f,
    });
  }
  messages.sort((a, b) => a.line - b.line || a.column - b.column);
  return {
    filePath: result.fileName,
    messages,
    errorCount: messages.filter(m => m.severity === 2).length,
    warningCount: messages.filter(m => m.severity === 1).length,
  };
}

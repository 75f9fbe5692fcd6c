// ESLint's JSON formatter shape, so existing tooling (CI annotations, dashboards) reads it as is.
import type { FileReport } from "./report";

export function formatJson(reports: readonly FileReport[]): string {
  return JSON.stringify(
    reports.map(r => ({
      filePath: r.filePath,
      messages: r.messages.map(m => ({
        ruleId: m.ruleId,
        ...(m.finding ? { messageId: m.finding.messageId } : {}),
        ...(m.finding?.basis ? { basis: m.finding.basis } : {}),
        severity: m.severity,
        message: m.message,
        line: m.line,
        column: m.column,
        ...(m.endLine !== undefined ? { endLine: m.endLine, endColumn: m.endColumn } : {}),
        ...(m.fatal ? { fatal: true } : {}),
      })),
      suppressedMessages: [],
      errorCount: r.errorCount,
      fatalErrorCount: r.messages.filter(m => m.fatal).length,
      warningCount: r.warningCount,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
      usedDeprecatedRules: [],
    })),
  );
}

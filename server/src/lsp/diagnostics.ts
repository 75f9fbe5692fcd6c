// Finding → LSP Diagnostic: exact range, severity, rule id linked to its docs, the chain or other
// places as related information, and `data` so a code action request can find the finding again.
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from "vscode-languageserver";
import type { Finding, Severity } from "../analysis/findings";
import { ruleDocsHref } from "./ruleDocs";
import { uriOf } from "./uris";

export const diagnosticSource = "loopscope";

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export interface DiagnosticOptions {
  /** The client shows related information (else it is appended to the message). */
  relatedInformation: boolean;
  codeDescription: boolean;
}

export interface FindingRef {
  ruleId: string;
  index: number;
}

export function findingToDiagnostic(finding: Finding, index: number, options: DiagnosticOptions): Diagnostic {
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: severities[finding.severity],
    source: diagnosticSource,
    code: finding.ruleId,
    message: finding.message,
    data: { ruleId: finding.ruleId, index } satisfies FindingRef,
  };
  const href = options.codeDescription ? ruleDocsHref(finding.ruleId) : undefined;
  if (href) diagnostic.codeDescription = { href };
  if (finding.related.length) {
    if (options.relatedInformation) {
      diagnostic.relatedInformation = finding.related.map(
        (info): DiagnosticRelatedInformation => ({
          location: { uri: uriOf(info.fileName), range: info.range },
          message: info.message,
        }),
      );
    } else {
      diagnostic.message += "\n" + finding.related.map(info => `  ${info.message}`).join("\n");
    }
  }
  return diagnostic;
}

export function isLoopscopeDiagnostic(diagnostic: Diagnostic): boolean {
  return diagnostic.source === diagnosticSource;
}

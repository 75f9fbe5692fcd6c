// What the analysis produces. Positions are 0-based (LSP's convention); the CLI adds 1 when printing.

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

export type Severity = "info" | "warning" | "error";
export type SeveritySetting = Severity | "off";

export interface TextEdit {
  fileName: string;
  range: Range;
  newText: string;
}

export interface Fix {
  /** Shown in the editor's quick-fix menu, e.g. "Use fs.promises.readFile and await it". */
  title: string;
  edits: TextEdit[];
  /** The fix an editor should apply for "fix all" / the preferred action. */
  isPreferred?: boolean;
  /**
   * Offered in the menu only, never preferred nor applied by "fix all" (editor or `lint --fix`):
   * the fix cannot promise that the result compiles and has no new finding of any rule.
   */
  suggestion?: boolean;
  /** Named imports the edits may leave unused: removed once the fix is applied when nothing uses them any more. */
  mayLeaveUnused?: UnusedImportCandidate[];
}

export interface UnusedImportCandidate {
  module: string;
  localName: string;
}

export interface RelatedInfo {
  fileName: string;
  range: Range;
  message: string;
}

/**
 * What a finding is about when many findings share it (the callee whose promise is dropped):
 * the CLI groups repeated findings by it, the editor offers one action for all of them.
 */
export interface FindingSubject {
  /** As shown, e.g. `publish()`. */
  label: string;
  /** The name an allow list takes, e.g. `publish`. */
  name: string;
  /** Where it is declared, when known. */
  declaration?: { fileName: string; range: Range };
}

export interface Finding {
  ruleId: string;
  /** Which of the rule's messages this is (its key in the rule's `meta.messages`): tests and tools match on it, not on the text. */
  messageId: string;
  severity: Severity;
  /** What is wrong, why it matters, what to do. */
  message: string;
  fileName: string;
  range: Range;
  related: RelatedInfo[];
  fixes: Fix[];
  subject?: FindingSubject;
  /** The kind of evidence behind the finding (Report.basis), for the precision benchmark. */
  basis?: string;
  /**
   * Engine-internal: the range of Report.about, matched by superseded-findings.ts; removed from
   * every finding a lint returns.
   */
  about?: Range;
}

/** Why a file was not checked at all (kind "skipped"). */
export type SkipReason = "ignored" | "too-large" | "unreadable" | "binary" | "not-loaded" | "too-slow" | "failed";

/**
 * Something that stopped part of a file from being checked; shown to the user, never thrown.
 * `failed`: the analysis itself failed on the file (an internal error; the other files are checked).
 */
export interface FileProblem {
  kind: "syntax" | "config" | "rule-crashed" | "skipped" | "failed";
  message: string;
  reason?: SkipReason;
  range?: Range;
  ruleId?: string;
}

export interface FileResult {
  fileName: string;
  findings: Finding[];
  problems: FileProblem[];
}

// Messages between the extension client and the language server beyond standard LSP.
// Plain constants and types only: both sides import this without pulling in a runtime.

/** Server → client notification: what the server is doing, for the status bar. */
export const serverStatusNotification = "loopscope/status";

export type ServerState = "starting" | "ready" | "linting" | "error";

export interface ServerStatusParams {
  state: ServerState;
  /** Shown in the status bar tooltip, e.g. the error that put the server into "error". */
  detail?: string;
}

/** The settings section the extension contributes and the server reads per resource. */
export const settingsSection = "loopscope";

/** `source.fixAll.loopscope`: applies every preferred Loopscope fix in a file (e.g. on save). */
export const fixAllCodeActionKind = "source.fixAll.loopscope";

/**
 * Server → client notification: something the user should know once, though the server carries
 * on (the TypeScript compiler crashed, hung or ran over a file's time budget and was restarted).
 * Sent only with `statusNotifications`; other editors get the same text as a log warning.
 */
export const serverNoticeNotification = "loopscope/notice";

export interface ServerNoticeParams {
  message: string;
}

/**
 * Client → server request: lint every TypeScript/JavaScript file of the workspace folders (not
 * only the open ones) and publish their diagnostics, with work-done progress where the client
 * supports it. Answers when done (or cancelled) with what it did.
 */
export const lintWorkspaceRequest = "loopscope/lintWorkspace";

export interface LintWorkspaceResult {
  /** Files linted (open documents are left to their own diagnostics). */
  files: number;
  findings: number;
  /** Files with a file-level problem (not checked, syntax errors). */
  problems: number;
  cancelled: boolean;
  /** More files than the limit: the rest were not linted. */
  truncated: boolean;
}

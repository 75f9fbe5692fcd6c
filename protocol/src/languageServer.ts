// Messages between the extension client and the language server beyond standard LSP, as
// vscode-jsonrpc message types: the sender's params and the receiver's handler are typed by the
// same declaration (`connection.sendNotification(serverStatusNotification, …)` on the server,
// `client.onNotification(serverStatusNotification, …)` in the extension). vscode-jsonrpc's
// platform-neutral entry is the one package protocol/ may import (test/tidy.test.ts).
import { NotificationType, RequestType } from "vscode-jsonrpc";

export type ServerState = "starting" | "ready" | "linting" | "error";

export interface ServerStatusParams {
  state: ServerState;
  /** Shown in the status bar tooltip, e.g. the error that put the server into "error". */
  detail?: string;
}

/** Server → client notification: what the server is doing, for the status bar. */
export const serverStatusNotification = new NotificationType<ServerStatusParams>("loopscope/status");

/** The settings section the extension contributes and the server reads per resource. */
export const settingsSection = "loopscope";

/** `source.fixAll.loopscope`: applies every preferred Loopscope fix in a file (e.g. on save). */
export const fixAllCodeActionKind = "source.fixAll.loopscope";

/**
 * Server → client notification: something the user should know once, though the server carries
 * on (the TypeScript compiler crashed, hung or ran over a file's time budget and was restarted).
 * Sent only with `statusNotifications`; other editors get the same text as a log warning.
 */
export interface ServerNoticeParams {
  message: string;
}

export const serverNoticeNotification = new NotificationType<ServerNoticeParams>("loopscope/notice");
/**
 * Client → server request: lint every TypeScript/JavaScript file of the workspace folders (not
 * only the open ones) and publish their diagnostics, with work-done progress where the client
 * supports it. Answers when done (or cancelled) with what it did.
 */
export const lintWorkspaceRequest = new RequestType<LintWorkspaceParams, LintWorkspaceResult, void>("loopscope/lintWorkspace");

/** Nothing to say yet: the workspace folders are the server's. */
export type LintWorkspaceParams = Record<string, never>;

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

/**
 * Client → server request: read this trace of a traced run (`loopscope run --out`, or the
 * editor's timeline run) and show its runtime evidence on the source lines it names (DESIGN
 * section 7): hover, CodeLens, `observed-block` diagnostics, and the static findings it confirms.
 * The server checks the params when they arrive (`checkLoadRuntimeEvidenceParams`).
 */
export interface LoadRuntimeEvidenceParams {
  /** Absolute path of a trace file (.json or .json.gz). */
  traceFile: string;
}

export type LoadRuntimeEvidenceResult =
  | { ok: true; traceFile: string; blocks: number; files: number; lines: number; notes: string[] }
  | { ok: false; error: string };

export const loadRuntimeEvidenceRequest = new RequestType<LoadRuntimeEvidenceParams, LoadRuntimeEvidenceResult, void>("loopscope/loadRuntimeEvidence");

/** The params, or why they are not usable (a sentence). */
export function checkLoadRuntimeEvidenceParams(value: unknown): LoadRuntimeEvidenceParams | string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "the params are not an object";
  const traceFile = (value as { traceFile?: unknown }).traceFile;
  if (typeof traceFile !== "string" || !traceFile) return "traceFile is not a non-empty string";
  if (traceFile.length > 4096 || traceFile.includes("\0")) return "traceFile is not a usable path";
  if (!/^(\/|[A-Za-z]:[\\/]|\\\\)/.test(traceFile)) return "traceFile is not an absolute path";
  return { traceFile };
}

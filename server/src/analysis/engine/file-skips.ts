// The files the engine does not lint, and why: over the size limit (on disk or as unsaved text),
// unreadable, binary, or out of time. Each becomes a "skipped" problem on the file's result.
import { closeSync, openSync, readSync, statSync } from "node:fs";
import type { FileProblem, FileResult } from "../findings";
import type { LintTooSlow } from "../lint-budget";

/**
 * Whether a text is over a byte limit. At most 3 UTF-8 bytes per UTF-16 unit: only a text that
 * might be over the limit is measured.
 */
export function textOverLimit(text: string, limitBytes: number): boolean {
  return text.length * 3 > limitBytes && Buffer.byteLength(text) > limitBytes;
}

/** The same limit for unsaved editor text (`overlay`) as for files on disk. */
export function sizeSkipReason(fileName: string, overlay: string | undefined, maxFileSizeBytes: number): Pick<FileProblem, "reason" | "message"> | undefined {
  let size: number;
  try {
    size = overlay === undefined ? statSync(fileName).size : overlay.length * 3 > maxFileSizeBytes ? Buffer.byteLength(overlay) : 0;
  } catch (error) {
    return { reason: "unreadable", message: `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
  if (size > maxFileSizeBytes) {
    return {
      reason: "too-large",
      message: `skipped: ${(size / 1048576).toFixed(1)} MB is over the ${(maxFileSizeBytes / 1048576).toFixed(1)} MB limit for one file (generated code?); raise "maxFileSizeBytes" in loopscope.config.json to lint it`,
    };
  }
  return undefined;
}

/** A file on disk with a NUL byte in its first 8,000 bytes (asked only when it has syntax errors). */
export function looksBinary(fileName: string): boolean {
  const buffer = new Uint8Array(8000);
  let fd: number | undefined;
  try {
    fd = openSync(fileName, "r");
    return buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)).includes(0);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function binaryResult(fileName: string): FileResult {
  return { fileName, findings: [], problems: [{ kind: "skipped", reason: "binary", message: "skipped: binary file (it contains NUL bytes)" }] };
}

/** Our own code ran out of the file's time (see lint-budget.ts). */
export function tooSlowResult(fileName: string, error: LintTooSlow): FileResult {
  return {
    fileName,
    findings: [],
    problems: [{ kind: "skipped", reason: "too-slow", message: `skipped: too slow (${error.message}); Loopscope checks this file again when it changes` }],
  };
}

/** A compiler diagnostic's message (the API gives either `text` or a message chain). */
export function diagnosticText(d: { text?: string; messageText?: unknown }): string {
  if (typeof d.text === "string") return d.text;
  const m = d.messageText;
  if (typeof m === "string") return m;
  if (m && typeof m === "object" && "messageText" in m) return String((m as { messageText: unknown }).messageText);
  return "unknown error";
}

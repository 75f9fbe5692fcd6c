// Reads a trace file into runtime evidence anchored to the source files as they ran. The trace
// is read as a stream (plain or gzip) through the recorder's reader, keeping only blocks and
// requests, with a size limit; the source files it names are read only when they are regular
// TypeScript/JavaScript files of a sane size, and a file changed since the run is left out (its
// lines may no longer be the ones that ran). Every failure is a sentence, never a throw.
import { constants } from "node:fs";
import { open, stat } from "node:fs/promises";
import { readTraceFile } from "../../../tracer/src/recorder/read-trace";
import { fileTypeOf } from "../config/read-small-file";
import { AnchoredFile } from "./line-anchors";
import { evidenceFromTrace, isEvidenceEvent, mayBeEvidenceEvent, type RunEvidence } from "./run-evidence";

/** Characters of (decompressed) trace text read at most: a long run's trace, not a gzip bomb. */
export const defaultMaxTraceChars = 1024 * 1024 * 1024;
const maxSourceBytes = 16 * 1024 * 1024;
const maxFiles = 5000;
const scriptFile = /\.(?:[cm]?[jt]s|[jt]sx)$/i;

export interface LoadedEvidence {
  traceFile: string;
  run: RunEvidence;
  /** Each source file the run observed, anchored to its text as it ran. */
  files: Map<string, AnchoredFile>;
  /** What was left out and why, for the log or stderr. */
  notes: string[];
}

export type EvidenceLoad = { ok: true; evidence: LoadedEvidence } | { ok: false; error: string };

export async function loadEvidence(traceFile: string, options: { maxChars?: number } = {}): Promise<EvidenceLoad> {
  const fail = (why: string): EvidenceLoad => ({ ok: false, error: `Cannot use ${traceFile} as runtime evidence: ${why}` });
  try {
    const info = await stat(traceFile);
    // A FIFO or a device would be read forever (and a folder not at all).
    if (!info.isFile()) return fail(`it is not a regular file (${fileTypeOf(info)}).`);
  } catch (error) {
    return fail((error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file." : `${(error as Error).message}.`);
  }
  let read;
  try {
    read = await readTraceFile(traceFile, {
      keepEvent: isEvidenceEvent,
      mayKeep: mayBeEvidenceEvent,
      salvageTruncated: true,
      maxChars: options.maxChars ?? defaultMaxTraceChars,
    });
  } catch (error) {
    return fail(`${(error as Error).message}.`);
  }
  if (!read.check.ok) return fail(read.check.error);
  const run = evidenceFromTrace(read.check);
  const notes = read.check.warnings.slice(0, 5);
  if (run.blocks === 0) notes.push("the trace has no event-loop blocks (is it a Loopscope trace of a run?)");
  const files = new Map<string, AnchoredFile>();
  const changed: string[] = [];
  for (const [file, lines] of run.files) {
    if (files.size >= maxFiles) {
      notes.push(`only the first ${maxFiles} source files of the trace are used`);
      break;
    }
    if (!scriptFile.test(file)) continue;
    const source = await readSourceAsRun(file, run.startedAtEpochMs);
    if (source === "changed") changed.push(file);
    else if (source !== undefined) files.set(file, new AnchoredFile(source, lines.values()));
  }
  if (changed.length)
    notes.push(
      `${changed.length === 1 ? "1 file was" : `${changed.length} files were`} changed after the run, so ${changed.length === 1 ? "its" : "their"} evidence is left out: ${changed.slice(0, 3).join(", ")}${changed.length > 3 ? ", …" : ""}`,
    );
  return { ok: true, evidence: { traceFile, run, files, notes } };
}

/**
 * A source file's text, when it is a regular file of a sane size not changed since the run
 * started ("changed"); undefined when it is gone, unreadable or something else. Opened without
 * blocking and checked before it is read: a path in a trace may name a FIFO or a device.
 */
export async function readSourceAsRun(file: string, startedAtEpochMs: number | undefined): Promise<string | "changed" | undefined> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const info = await handle.stat();
    if (!info.isFile() || info.size > maxSourceBytes) return undefined;
    if (startedAtEpochMs !== undefined && info.mtimeMs > startedAtEpochMs) return "changed";
    return (await handle.readFile("utf8")).replace(/^\uFEFF/, "");
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}

// Reads a trace file into runtime evidence anchored to the source files as they ran. The trace
// is read as a stream (plain or gzip) through the recorder's reader, keeping only blocks and
// requests, with a size limit; the source files it names are read only when they are regular
// TypeScript/JavaScript files of a sane size, and a file changed since the run is left out (its
// lines may no longer be the ones that ran). Every failure is a sentence, never a throw.
import { statSync } from "node:fs";
import { readTraceFile } from "../../../tracer/src/recorder/read-trace";
import { fileTypeOf, readSmallTextFile } from "../config/read-small-file";
import { AnchoredFile } from "./line-anchors";
import { evidenceFromTrace, isEvidenceEvent, type RunEvidence } from "./run-evidence";

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
    const stat = statSync(traceFile);
    // A FIFO or a device would be read forever (and a folder not at all).
    if (!stat.isFile()) return fail(`it is not a regular file (${fileTypeOf(stat)}).`);
  } catch (error) {
    return fail((error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file." : `${(error as Error).message}.`);
  }
  let read;
  try {
    read = await readTraceFile(traceFile, { keepEvent: isEvidenceEvent, salvageTruncated: true, maxChars: options.maxChars ?? defaultMaxTraceChars });
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
    if (files.size >= maxFiles) { notes.push(`only the first ${maxFiles} source files of the trace are used`); break; }
    if (!scriptFile.test(file)) continue;
    try {
      const stat = statSync(file);
      if (!stat.isFile() || stat.size > maxSourceBytes) continue;
      if (run.startedAtEpochMs !== undefined && stat.mtimeMs > run.startedAtEpochMs) { changed.push(file); continue; }
      files.set(file, new AnchoredFile(readSmallTextFile(file, maxSourceBytes), lines.values()));
    } catch {
      // Gone or unreadable since the run: nothing to show it on.
    }
  }
  if (changed.length) notes.push(`${changed.length === 1 ? "1 file was" : `${changed.length} files were`} changed after the run, so ${changed.length === 1 ? "its" : "their"} evidence is left out: ${changed.slice(0, 3).join(", ")}${changed.length > 3 ? ", …" : ""}`);
  return { ok: true, evidence: { traceFile, run, files, notes } };
}

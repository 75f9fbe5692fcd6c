// Worker thread (dist/client/trace-snapshot-worker.cjs): reads one trace file and lays out its
// timeline (traceSnapshot.ts), off the extension host's thread: for a million events that is
// seconds of JSON parsing, and the extension host serves every other extension meanwhile. Sends
// back the snapshot and the file's bytes (both transferred, not copied): the panel draws from
// the first and parses the second for event details. No vscode import.
import { readFile } from "node:fs/promises";
import { parentPort, workerData } from "node:worker_threads";
import { snapshotOfTraceText } from "./traceSnapshot";
import type { SnapshotWorkerReply, SnapshotWorkerRequest } from "./traceLoader";

async function main(request: SnapshotWorkerRequest): Promise<{ reply: SnapshotWorkerReply; transfer: ArrayBuffer[] }> {
  const t0 = performance.now();
  let bytes: Uint8Array;
  try {
    bytes = ownBuffer(await readFile(request.path));
  } catch (error) {
    return { reply: { kind: "unreadable", code: (error as NodeJS.ErrnoException).code, message: (error as Error).message }, transfer: [] };
  }
  const readMs = performance.now() - t0;
  // Decoded as the page decodes the same bytes (TextDecoder: a byte order mark is dropped, bad
  // sequences become U+FFFD), so both sides parse the very same text.
  const text = new TextDecoder().decode(bytes);
  const snapshot = snapshotOfTraceText(text);
  if (!snapshot.ok) return { reply: { kind: "invalid", title: snapshot.title, error: snapshot.error }, transfer: [] };
  const { header, blob, warnings, timings } = snapshot;
  return {
    reply: { kind: "snapshot", header, blob, bytes, warnings, timings: { readMs, ...timings, totalMs: performance.now() - t0 } },
    transfer: [blob.buffer as ArrayBuffer, bytes.buffer as ArrayBuffer],
  };
}

/** A view that owns its whole ArrayBuffer, so it can be transferred (small reads share Node's pool). */
function ownBuffer(buffer: Buffer): Uint8Array {
  const view = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  return buffer.byteOffset === 0 && buffer.buffer.byteLength === buffer.byteLength ? view : view.slice();
}

if (parentPort) {
  const port = parentPort;
  main(workerData as SnapshotWorkerRequest).then(
    ({ reply, transfer }) => port.postMessage(reply, transfer),
    error => port.postMessage({ kind: "failed", message: error instanceof Error ? error.message : String(error) } satisfies SnapshotWorkerReply),
  );
}

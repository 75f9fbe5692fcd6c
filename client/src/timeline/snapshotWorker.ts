// Worker thread (dist/client/trace-snapshot-worker.cjs): reads one trace file and lays out its
// timeline (traceSnapshot.ts), off the extension host's thread: for a million events that is
// seconds of JSON parsing, and the extension host serves every other extension meanwhile. Sends
// back the snapshot (transferred, not copied), from which the panel draws, then stays to answer
// the panel's questions for events by index (`EventsRequest`): the trace is parsed once, here,
// and never sent whole to the panel. No vscode import.
import { readTraceFile } from "../../../tracer/src/recorder/read-trace";
import { parentPort, workerData } from "node:worker_threads";
import { snapshotOfCheck } from "../../../timeline-model/src/trace-snapshot";
import type { AnyTraceEvent } from "../../../protocol/src/trace-validate";
import type { EventsAnswer, EventsRequest, SnapshotWorkerReply, SnapshotWorkerRequest } from "./traceLoader";

/** The parsed trace, kept to answer `EventsRequest`s. */
let events: readonly AnyTraceEvent[] = [];

async function main(request: SnapshotWorkerRequest): Promise<{ reply: SnapshotWorkerReply; transfer: ArrayBuffer[] }> {
  const t0 = performance.now();
  // Read as a stream (plain or gzip, known by its magic bytes), never as one string: a long run's
  // trace can be larger than the longest string V8 makes.
  let read;
  try {
    read = await readTraceFile(request.path, { salvageTruncated: true });
  } catch (error) {
    return { reply: { kind: "unreadable", code: (error as NodeJS.ErrnoException).code, message: (error as Error).message }, transfer: [] };
  }
  const readMs = performance.now() - t0;
  const snapshot = snapshotOfCheck(read.check, readMs);
  if (!snapshot.ok) return { reply: { kind: "invalid", title: snapshot.title, error: snapshot.error }, transfer: [] };
  const { header, blob, warnings, timings } = snapshot;
  events = snapshot.events;
  return {
    reply: { kind: "snapshot", header, blob, warnings, timings: { readMs, ...timings, totalMs: performance.now() - t0 } },
    transfer: [blob.buffer as ArrayBuffer],
  };
}

if (parentPort) {
  const port = parentPort;
  port.on("message", (request: EventsRequest) => {
    const answer: EventsAnswer = { id: request.id, events: request.indices.map(i => events[i] ?? null) };
    port.postMessage(answer);
  });
  main(workerData as SnapshotWorkerRequest).then(
    ({ reply, transfer }) => port.postMessage(reply, transfer),
    error => port.postMessage({ kind: "failed", message: error instanceof Error ? error.message : String(error) } satisfies SnapshotWorkerReply),
  );
}

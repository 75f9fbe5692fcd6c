// Opens a trace file for the panel in a worker thread (snapshotWorker.ts): the extension host's
// own thread only receives the finished snapshot, so it stays responsive while a big trace is
// parsed. The worker keeps the parsed trace and answers the panel's questions for events (hover,
// details, click to source) until the load is cancelled (another file shown, the panel closed).
// One worker per file. No vscode import.
import { Worker } from "node:worker_threads";
import { checkSnapshotHeader, type SnapshotHeader } from "../../../protocol/src/timeline-snapshot";

export interface SnapshotWorkerRequest {
  path: string;
}

/** Events by index in the trace's `traceEvents`, asked of a worker that answered with a snapshot. */
export interface EventsRequest {
  id: number;
  indices: number[];
}
/** `events[i]` is the event at `indices[i]`, null when there is none. */
export interface EventsAnswer {
  id: number;
  events: unknown[];
}

export interface TraceLoadTimings {
  readMs: number;
  parseMs: number;
  modelMs: number;
  encodeMs: number;
  totalMs: number;
}

export type SnapshotWorkerReply =
  /** The timeline's model (header + blob), for `loadSnapshot`; its events come from `TraceLoad.events`. */
  | { kind: "snapshot"; header: SnapshotHeader; blob: Uint8Array; warnings: string[]; timings: TraceLoadTimings }
  /** The file could not be read (`code` is Node's error code, e.g. ENOENT). */
  | { kind: "unreadable"; code?: string; message: string }
  /** The file was read but the timeline cannot show it; `title` and `error` are written for the panel. */
  | { kind: "invalid"; title: string; error: string }
  /** The reader itself failed (e.g. the trace needs more memory than a worker may have). */
  | { kind: "failed"; message: string; outOfMemory?: boolean };

export type TraceLoadResult = SnapshotWorkerReply | { kind: "cancelled" };

export interface TraceLoad {
  readonly result: Promise<TraceLoadResult>;
  /** Stops the worker; `result` resolves to `cancelled` unless it had already resolved. */
  cancel(): void;
  /**
   * The trace's events at these indices, once `result` was a snapshot (null where there is none).
   * Rejects when the worker has stopped (cancelled, failed, or the file was not a trace).
   */
  events(indices: readonly number[]): Promise<unknown[]>;
}

/** Reads and lays out `path` in a worker running `workerFile` (the bundled snapshotWorker). */
export function loadTraceInWorker(path: string, workerFile: string): TraceLoad {
  let worker: Worker | undefined;
  /** Why the worker stopped, once it has. */
  let stopped: string | undefined;
  const waiting = new Map<number, { resolve(events: unknown[]): void; reject(error: Error): void }>();
  let nextId = 0;
  let finish: (result: TraceLoadResult) => void = () => undefined;
  const stop = (why: string) => {
    if (stopped) return;
    stopped = why;
    for (const w of waiting.values()) w.reject(new Error(why));
    waiting.clear();
    void worker?.terminate();
  };
  const result = new Promise<TraceLoadResult>(resolve => {
    try {
      worker = new Worker(workerFile, { workerData: { path } satisfies SnapshotWorkerRequest });
      // It waits for questions as long as its trace is shown; that alone must not keep a process alive.
      worker.unref();
    } catch (error) {
      stopped = "the trace reader could not start";
      resolve({ kind: "failed", message: `could not start the trace reader: ${(error as Error).message}` });
      return;
    }
    let done = false;
    finish = outcome => {
      if (done) return;
      done = true;
      resolve(outcome);
      // Only a worker that laid out a trace has events to serve.
      if (outcome.kind !== "snapshot") stop("the trace reader has stopped");
    };
    worker.on("message", (message: unknown) => {
      if (!done) {
        finish(checkedReply(message));
        return;
      }
      const answer = message as Partial<EventsAnswer> | null;
      const w = typeof answer?.id === "number" ? waiting.get(answer.id) : undefined;
      if (!w || !Array.isArray(answer!.events)) return;
      waiting.delete(answer!.id!);
      w.resolve(answer!.events);
    });
    worker.once("error", error => {
      const outOfMemory = (error as NodeJS.ErrnoException).code === "ERR_WORKER_OUT_OF_MEMORY";
      finish({ kind: "failed", message: error.message, outOfMemory });
      stop(`the trace reader failed: ${error.message}`);
    });
    worker.once("exit", code => {
      finish({ kind: "failed", message: `the trace reader stopped without an answer (exit code ${code})` });
      stop("the trace reader has stopped");
    });
  });
  return {
    result,
    cancel: () => {
      finish({ kind: "cancelled" });
      stop("the trace is no longer shown");
    },
    events: indices =>
      new Promise((resolve, reject) => {
        if (stopped !== undefined || !worker) {
          reject(new Error(stopped ?? "the trace reader has stopped"));
          return;
        }
        const id = ++nextId;
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, indices: [...indices] } satisfies EventsRequest);
      }),
  };
}

/**
 * The worker's answer, its snapshot header checked against its blob here (the page checks it
 * too): a malformed one fails with the reason, where the page would only drop the message.
 */
function checkedReply(message: unknown): SnapshotWorkerReply {
  if (!isReply(message)) return { kind: "failed", message: "the trace reader sent an unexpected answer" };
  if (message.kind !== "snapshot") return message;
  const check = message.blob instanceof Uint8Array ? checkSnapshotHeader(message.header, message.blob.byteLength) : { ok: false as const, error: "no blob" };
  return check.ok ? message : { kind: "failed", message: `the trace reader sent a malformed snapshot: ${check.error}` };
}

function isReply(value: unknown): value is SnapshotWorkerReply {
  const kind = (value as { kind?: unknown } | null)?.kind;
  return kind === "snapshot" || kind === "unreadable" || kind === "invalid" || kind === "failed";
}

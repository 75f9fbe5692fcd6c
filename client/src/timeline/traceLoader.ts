// Opens a trace file for the panel in a worker thread (snapshotWorker.ts): the extension host's
// own thread only receives the finished snapshot and the file's bytes, so it stays responsive
// while a big trace is parsed. One worker per file, ended when its answer arrives or the load is
// cancelled (another file opened, the panel closed). No vscode import.
import { Worker } from "node:worker_threads";
import type { SnapshotHeader } from "../../../webview/src/model/snapshot";

export interface SnapshotWorkerRequest { path: string }

export interface TraceLoadTimings { readMs: number; parseMs: number; modelMs: number; encodeMs: number; totalMs: number }

export type SnapshotWorkerReply =
  /** The timeline's model (header + blob) and the file's UTF-8 bytes, for `loadSnapshot` then `attachTrace`. */
  | { kind: "snapshot"; header: SnapshotHeader; blob: Uint8Array; bytes: Uint8Array; warnings: string[]; timings: TraceLoadTimings }
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
}

/** Reads and lays out `path` in a worker running `workerFile` (the bundled snapshotWorker). */
export function loadTraceInWorker(path: string, workerFile: string): TraceLoad {
  let finish: (result: TraceLoadResult) => void = () => undefined;
  const result = new Promise<TraceLoadResult>(resolve => {
    let worker: Worker;
    try {
      worker = new Worker(workerFile, { workerData: { path } satisfies SnapshotWorkerRequest });
    } catch (error) {
      resolve({ kind: "failed", message: `could not start the trace reader: ${(error as Error).message}` });
      return;
    }
    let done = false;
    finish = outcome => {
      if (done) return;
      done = true;
      resolve(outcome);
      void worker.terminate();
    };
    worker.once("message", (reply: unknown) => finish(isReply(reply) ? reply : { kind: "failed", message: "the trace reader sent an unexpected answer" }));
    worker.once("error", error => {
      const outOfMemory = (error as NodeJS.ErrnoException).code === "ERR_WORKER_OUT_OF_MEMORY";
      finish({ kind: "failed", message: error.message, outOfMemory });
    });
    worker.once("exit", code => finish({ kind: "failed", message: `the trace reader stopped without an answer (exit code ${code})` }));
  });
  return { result, cancel: () => finish({ kind: "cancelled" }) };
}

function isReply(value: unknown): value is SnapshotWorkerReply {
  const kind = (value as { kind?: unknown } | null)?.kind;
  return kind === "snapshot" || kind === "unreadable" || kind === "invalid" || kind === "failed";
}

// worker.terminate() must end the worker even when the watchdog samples it at that moment.
//
// A sample is `Runtime.evaluate`, which Node runs in the worker through a V8 interrupt, on top of
// the blocked task's stack (watchdog-thread.ts). If terminate()'s TerminateExecution arrives while
// that expression runs, V8 throws the termination exception in the expression, the inspector's
// own TryCatch around it catches it with no JavaScript frame between, and V8 clears it there: the
// interrupt returns, the worker's task goes on computing and terminate() never resolves (seen
// under the tracer: 1 run in 60-150 of a worker terminated while sampled, on a loaded machine;
// without the tracer, a session evaluating in a spinning worker back to back lost 9 terminate()
// calls of 12). A second terminate() ends it. So the tracer (1) tells the watchdog to stop
// sampling a worker being terminated (its heartbeat's "exiting" cell), and (2) asks again, as a
// program calling terminate() twice would, until the worker has exited: the first retry after
// RETRY_FIRST_MS (a worker that exits normally takes a few ms), then twice as sparsely up to
// RETRY_MAX_MS, for as long as the worker runs (one that is slow to stop costs one call a second).
// Each retry's promise (Node resolves it on 'exit') is dropped with its listener, so the
// program's listener count does not grow. The timers are unref'd: a worker that runs keeps the
// process alive by itself.

import type { Worker } from "node:worker_threads";
import { guard } from "../safe";

const RETRY_FIRST_MS = 50;
const RETRY_MAX_MS = 1000;

/** After the program's terminate() of `worker`: calls `terminate` (Node's, without the tracer's wrapper) again until the worker has exited. */
export function keepTerminating(worker: Worker, terminate: () => unknown): void {
  let delay = RETRY_FIRST_MS;
  const retry = guard(() => {
    // threadId reads -1 once Node has handled the worker's exit.
    if (worker.threadId < 0) return;
    const before = worker.rawListeners("exit").length;
    const pending = terminate() as Promise<unknown> | undefined;
    pending?.catch?.(() => {});
    for (const listener of worker.rawListeners("exit").slice(before)) worker.removeListener("exit", listener as (...args: unknown[]) => void);
    delay = Math.min(RETRY_MAX_MS, delay * 2);
    setTimeout(retry, delay).unref();
  });
  setTimeout(retry, delay).unref();
}

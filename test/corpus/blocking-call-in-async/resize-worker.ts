// A worker-thread file: blocking stalls only this worker, reported at info severity.
import { parentPort } from "node:worker_threads";
import fs from "node:fs";

parentPort?.on("message", async (path: string) => {
  const bytes = fs.readFileSync(path); // expect: blocking-call-in-async
  parentPort?.postMessage(bytes.length);
});

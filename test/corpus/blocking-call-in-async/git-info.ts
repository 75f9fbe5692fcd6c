// A helper in another file that shells out synchronously; called from an async job below.
import { execFileSync } from "node:child_process";
import { createQueue, Worker, type Job } from "../_lib/web.js";

export function currentBranch(): string {
  return execFileSync("git", ["branch", "--show-current"]).toString().trim(); // ok: blocking-call-in-async
}

export const deploys = createQueue<{ env: string }>("deploys");

export const deployWorker = new Worker<{ env: string }>("deploys", async (job: Job<{ env: string }>) => {
  const branch = currentBranch(); // expect: blocking-call-in-async
  await job.log(`deploying ${branch} to ${job.data.env}`);
});

export async function waitForFlag(flags: Int32Array) {
  Atomics.wait(flags, 0, 0, 50); // expect: blocking-call-in-async -- known-miss: an exported function nothing in the project calls shows no evidence of serving concurrent work (a command or build step looks the same); reported with uncalledExports: all
  await Atomics.waitAsync(flags, 0, 0, 50).value; // ok: blocking-call-in-async
}

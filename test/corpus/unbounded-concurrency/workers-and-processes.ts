// Background jobs: worker threads, child processes and queue producers started per item.
import { Worker } from "node:worker_threads";
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { promisify } from "node:util";
import { availableParallelism } from "node:os";
import { db, createQueue, logger } from "../_lib/web.js";

const execFileAsync = promisify(execFile);
const thumbnails = createQueue<{ path: string }>("thumbnails");

export function resizeAll(paths: string[]) {
  return paths.map(path => new Worker(new URL("./resize.js", import.meta.url), { workerData: path })); // expect: unbounded-concurrency -- known-miss: a parameter of a function nothing in the project calls is weak evidence, reported only with the weakSources option (see the rule's Precision section)
}

export function startPool() {
  const pool: Worker[] = [];
  for (let i = 0; i < availableParallelism(); i++) pool.push(new Worker(new URL("./resize.js", import.meta.url))); // ok: unbounded-concurrency
  return pool;
}

export function convertAll(files: string[]) {
  for (const file of files) {
    execFile("convert", [file, `${file}.png`], { timeout: 60_000 }, error => { if (error) logger.error("convert failed", { file }); }); // expect: unbounded-concurrency -- known-miss: a parameter of a function nothing in the project calls is weak evidence, reported only with the weakSources option (see the rule's Precision section)
  }
}

export async function convertAllV2(files: string[]) {
  for (const file of files) {
    await execFileAsync("convert", [file, `${file}.png`], { timeout: 60_000 }); // ok: unbounded-concurrency
  }
}

export async function transcodeAll(videos: string[]) {
  for (const video of videos) {
    const child = spawn("ffmpeg", ["-i", video, `${video}.mp4`]); // ok: unbounded-concurrency
    await once(child, "exit");
  }
}

export async function archiveOrders(orderIds: string[]) {
  const pending: Promise<{ id: string }>[] = [];
  for (const id of orderIds) {
    pending.push(db.insert("archived_orders", { id })); // expect: unbounded-concurrency -- known-miss: a parameter of a function nothing in the project calls is weak evidence, reported only with the weakSources option (see the rule's Precision section)
  }
  await Promise.all(pending);
}

export async function archiveOrdersV2(orderIds: string[]) {
  let pending: Promise<{ id: string }>[] = [];
  for (const id of orderIds) {
    pending.push(db.insert("archived_orders", { id })); // ok: unbounded-concurrency
    if (pending.length >= 50) {
      await Promise.all(pending);
      pending = [];
    }
  }
  await Promise.all(pending);
}

export async function enqueueThumbnails(paths: string[]) {
  for (const path of paths) {
    thumbnails.add("resize", { path }).catch(error => logger.error("enqueue failed", { error })); // expect: unbounded-concurrency -- known-miss: a parameter of a function nothing in the project calls is weak evidence, reported only with the weakSources option (see the rule's Precision section)
  }
}

export async function enqueueThumbnailsV2(paths: string[]) {
  for (const path of paths) {
    await thumbnails.add("resize", { path }); // ok: unbounded-concurrency
  }
}

export async function shutdown(workers: Worker[]) {
  await Promise.all(workers.map(worker => worker.terminate())); // ok: unbounded-concurrency
}

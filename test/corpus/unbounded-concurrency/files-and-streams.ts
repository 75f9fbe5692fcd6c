// File system walks, streams and library helpers that fan out.
import { readdir, readFile, stat } from "node:fs/promises";
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { join } from "node:path";
import pMap from "p-map";
import { db, logger } from "../_lib/web.js";

export async function loadAll(dir: string) {
  const names = await readdir(dir);
  return Promise.all(names.map(name => readFile(join(dir, name), "utf8"))); // expect: unbounded-concurrency -- known-miss: the entries of one folder (a flat readdir) are not evidence of input size: often a handful fixed by the program (see the rule's Precision section)
}

export async function loadAllV2(dir: string) {
  const names = await readdir(dir);
  return pMap(names, name => readFile(join(dir, name), "utf8"), { concurrency: 16 }); // ok: unbounded-concurrency
}

export async function sizes(dir: string) {
  const names = await readdir(dir);
  return pMap(names, async name => (await stat(join(dir, name))).size); // expect: unbounded-concurrency -- known-miss: as above, one folder's entries
}

export async function importLines(path: string) {
  const lines = createInterface({ input: createReadStream(path) });
  const pending: Promise<unknown>[] = [];
  for await (const line of lines) {
    pending.push(db.insert("events", JSON.parse(line))); // expect: unbounded-concurrency
  }
  await Promise.all(pending);
}

export async function importLinesV2(path: string) {
  const lines = createInterface({ input: createReadStream(path) });
  for await (const line of lines) {
    await db.insert("events", JSON.parse(line)); // ok: unbounded-concurrency
  }
}

export async function touchAll(paths: string[]) {
  paths.forEach(path => db.insert("touched", { path }).catch(error => logger.error("touch failed", { error }))); // expect: unbounded-concurrency -- known-miss: a parameter of a function nothing in the project calls is weak evidence, reported only with the weakSources option (see the rule's Precision section)
}

export async function emit(listeners: Array<(event: string) => Promise<void>>, event: string) {
  await Promise.all(listeners.map(listener => listener(event))); // ok: unbounded-concurrency
}

export async function closeAll(handles: { close(): Promise<void> }[]) {
  await Promise.all(handles.map(handle => handle.close())); // ok: unbounded-concurrency
}

export function parseAll(texts: string[]) {
  return Promise.all(texts.map(async text => JSON.parse(text) as unknown)); // ok: unbounded-concurrency
}

export async function statAll(paths: string[]) {
  const pending = paths.map(path => stat(path));
  return Promise.all(pending); // expect: unbounded-concurrency -- known-miss: a parameter of a function nothing in the project calls is weak evidence, reported only with the weakSources option (see the rule's Precision section)
}

export async function statAllV2(paths: string[]) {
  return pMap(paths, path => stat(path), { concurrency: 8 }); // ok: unbounded-concurrency
}

/** The project's own helper: waits for every promise it is given. */
async function settleAll<T>(promises: Promise<T>[]): Promise<PromiseSettledResult<T>[]> {
  return Promise.allSettled(promises);
}

export async function readEach(paths: string[]) {
  return settleAll(paths.map(path => readFile(path, "utf8"))); // expect: unbounded-concurrency -- known-miss: a parameter of a function nothing in the project calls is weak evidence, reported only with the weakSources option (see the rule's Precision section)
}

/** Only computes: nothing waits on a resource, however many keys there are. */
async function checksum(text: string): Promise<number> {
  let sum = 0;
  for (const ch of text) sum = (sum * 31 + ch.charCodeAt(0)) | 0;
  return sum;
}

export async function checksums(texts: string[]) {
  return Promise.all(texts.map(text => checksum(text))); // ok: unbounded-concurrency
}

interface CacheOptions { dataDir: string; tmpDir: string; logDir: string }

export async function ensureDirs(options: CacheOptions) {
  await Promise.all(Object.values(options).map(dir => readdir(dir))); // ok: unbounded-concurrency
}

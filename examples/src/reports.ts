import fs from "node:fs";
import * as zlib from "node:zlib";
import { join } from "node:path";
import { loadConfigSync } from "./config.js";

// Mistake: reads and compresses a report synchronously inside an async request handler.
export async function renderReport(dir: string, name: string): Promise<Buffer> {
  const body = fs.readFileSync(join(dir, `${name}.json`), "utf8");
  return zlib.gzipSync(body);
}

// Correct: the promise API, awaited.
export async function renderReportAsync(dir: string, name: string): Promise<string> {
  return fs.promises.readFile(join(dir, `${name}.json`), "utf8");
}

// Mistake through a helper: loadConfigSync() reads the file synchronously (see config.ts).
export async function greeting(configPath: string): Promise<string> {
  const config = loadConfigSync(configPath);
  return `${config.greeting}, world`;
}

// Fine: startup code at module top level may block; nothing else is running yet.
export const startupConfig = fs.existsSync("service.json") ? fs.readFileSync("service.json", "utf8") : "{}";

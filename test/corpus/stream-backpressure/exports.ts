// Streaming exports and file downloads: rows to an HTTP response, a file to a client.
import { once } from "node:events";
import { createReadStream } from "node:fs";
import type { ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";

declare function streamRows(sql: string): AsyncIterable<Record<string, unknown>>;

export async function exportCsv(res: ServerResponse) {
  for await (const row of streamRows("select * from orders")) {
    res.write(`${Object.values(row).join(",")}\n`); // expect: stream-backpressure
  }
  res.end();
}

export async function exportCsvV2(res: ServerResponse) {
  for await (const row of streamRows("select * from orders")) {
    if (!res.write(`${Object.values(row).join(",")}\n`)) await once(res, "drain"); // ok: stream-backpressure
  }
  res.end();
}

export function download(path: string, res: ServerResponse) {
  createReadStream(path).pipe(res); // expect: stream-backpressure
}

export async function downloadV2(path: string, res: ServerResponse) {
  await pipeline(createReadStream(path), res); // ok: stream-backpressure
}

export function progress(lines: string[]) {
  for (const line of lines) process.stdout.write(`${line}\n`); // ok: stream-backpressure
}

// Where the recorder keeps a long run's high-rate trace events (spans, counters) until the trace
// is written: converted at once and appended as JSON lines to a file in the recorder's private
// temp dir, so the recorder's memory does not grow with the run. Without a dir (tests, tools)
// the lines stay in memory. The trace writer copies the lines as they are (write-trace.ts).

import { closeSync, openSync, readSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { TraceEvent } from "../../../protocol/src/trace";

const FLUSH_CHARS = 64 * 1024;

export class Spill {
  /** Characters of JSON written so far (one line per event, newline included). */
  bytes = 0;
  events = 0;
  private readonly fd: number | undefined;
  readonly path: string | undefined;
  private pending: string[] = [];
  private pendingChars = 0;
  private readonly memory: string[] = [];
  /** Bytes wholly written to the file: what reading it back may return. */
  private fileBytes = 0;
  /** Why the file could no longer be written (a full disk): later lines are kept in memory, and the trace says so. */
  failed: string | undefined;

  constructor(dir?: string) {
    if (dir) {
      this.path = join(dir, "spill.ndjson");
      this.fd = openSync(this.path, "w+", 0o600);
    }
  }

  append(event: TraceEvent): void {
    this.appendJson(JSON.stringify(event));
  }

  /**
   * A line already written as JSON (http-span-lines.ts). `escapeChars`: what \u escapes in it
   * add over the characters they stand for; the size counts the line as JSON.stringify would
   * have written it, so the size cap is reached where it was.
   */
  appendJson(line: string, escapeChars = 0): void {
    this.bytes += line.length - escapeChars + 1;
    this.events++;
    if (this.fd === undefined || this.failed !== undefined) {
      this.memory.push(line);
      return;
    }
    this.pending.push(line);
    this.pendingChars += line.length + 1;
    if (this.pendingChars >= FLUSH_CHARS) this.flush();
  }

  /** The lines in the order they were appended, in chunks of whole lines (no chunk holds the whole file). */
  *chunks(): Generator<string> {
    if (this.fd !== undefined) yield* this.fileChunks(this.fd);
    for (let i = 0; i < this.memory.length; i += 2000) yield this.memory.slice(i, i + 2000).join("\n") + "\n";
  }

  private *fileChunks(fd: number): Generator<string> {
    this.flush();
    const buffer = Buffer.alloc(1024 * 1024);
    let position = 0;
    let carry = Buffer.alloc(0);
    while (position < this.fileBytes) {
      const n = readSync(fd, buffer, 0, Math.min(buffer.length, this.fileBytes - position), position);
      if (n === 0) break;
      position += n;
      // Cut after the last newline byte, which never splits a UTF-8 sequence.
      const last = buffer.lastIndexOf(10, n - 1);
      if (last < 0) {
        carry = Buffer.concat([carry, buffer.subarray(0, n)]);
        continue;
      }
      yield Buffer.concat([carry, buffer.subarray(0, last + 1)]).toString("utf8");
      carry = Buffer.from(buffer.subarray(last + 1, n));
    }
    if (carry.length) yield carry.toString("utf8");
  }

  /** Every event, parsed (for callers that need the trace as one object: small runs, the editor). */
  readAll(): TraceEvent[] {
    const out: TraceEvent[] = [];
    for (const chunk of this.chunks()) {
      for (const line of chunk.split("\n")) if (line) out.push(JSON.parse(line) as TraceEvent);
    }
    return out;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
  }

  private flush(): void {
    if (this.fd === undefined || this.failed !== undefined || !this.pending.length) return;
    const bytes = Buffer.from(this.pending.join("\n") + "\n");
    let done = 0;
    try {
      while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done);
      this.fileBytes += done;
    } catch (error) {
      // The recorder must not die with the run (a full disk after hours): the lines not wholly
      // written stay in memory, and the file is read back only up to the last whole line.
      this.failed = (error as Error).message;
      let end = 0,
        i = 0;
      for (; i < this.pending.length; i++) {
        end += Buffer.byteLength(this.pending[i]!) + 1;
        if (end > done) break;
      }
      this.fileBytes += end - (i < this.pending.length ? Buffer.byteLength(this.pending[i]!) + 1 : 0);
      this.memory.push(...this.pending.slice(i));
    }
    this.pending = [];
    this.pendingChars = 0;
  }
}

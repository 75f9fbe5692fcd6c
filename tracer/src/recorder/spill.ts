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

  constructor(dir?: string) {
    if (dir) {
      this.path = join(dir, "spill.ndjson");
      this.fd = openSync(this.path, "w+", 0o600);
    }
  }

  append(event: TraceEvent): void {
    const line = JSON.stringify(event);
    this.bytes += line.length + 1;
    this.events++;
    if (this.fd === undefined) {
      this.memory.push(line);
      return;
    }
    this.pending.push(line);
    this.pendingChars += line.length + 1;
    if (this.pendingChars >= FLUSH_CHARS) this.flush();
  }

  /** The lines in the order they were appended, in chunks of whole lines (no chunk holds the whole file). */
  *chunks(): Generator<string> {
    if (this.fd === undefined) {
      for (let i = 0; i < this.memory.length; i += 2000) yield this.memory.slice(i, i + 2000).join("\n") + "\n";
      return;
    }
    this.flush();
    const buffer = Buffer.alloc(1024 * 1024);
    let position = 0;
    let carry = Buffer.alloc(0);
    for (;;) {
      const n = readSync(this.fd, buffer, 0, buffer.length, position);
      if (n === 0) break;
      position += n;
      // Cut after the last newline byte, which never splits a UTF-8 sequence.
      const last = buffer.lastIndexOf(10, n - 1);
      if (last < 0) { carry = Buffer.concat([carry, buffer.subarray(0, n)]); continue; }
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
    if (this.fd === undefined || !this.pending.length) return;
    writeSync(this.fd, this.pending.join("\n") + "\n");
    this.pending = [];
    this.pendingChars = 0;
  }
}

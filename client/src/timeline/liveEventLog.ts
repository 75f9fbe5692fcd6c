// A live run's trace events in a file of their own (JSON lines in a private temp dir), so the
// extension does not hold an 8-hour run's events in memory: the live view's model lets go of an
// event once sent (timeline-model/src/live-trace.ts) and the page's requests for it are answered
// from here. Kept in memory: the lines not yet written (at most FLUSH_BYTES) and the byte offset of
// every STRIDE-th event (a long run's index is a few hundred KB). Reads are synchronous, as the
// recorder's spill file's are: a request is a few blocks of STRIDE events. No vscode import.

import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AnyTraceEvent } from "../../../protocol/src/trace-validate";
import type { LiveEventStore } from "../../../timeline-model/src/live-trace";

/** Events per index entry: a lookup reads at most this many lines. */
export const STRIDE = 64;
const FLUSH_BYTES = 256 * 1024;

export class LiveEventLog implements LiveEventStore {
  readonly dir: string;
  readonly path: string;
  private fd: number | undefined;
  count = 0;
  /** Bytes written to the file. */
  private fileBytes = 0;
  /** Lines not yet written, and their bytes. */
  private pending: string[] = [];
  private pendingBytes = 0;
  /** Byte offset of event k * STRIDE (in the file, or past its end for pending lines). */
  private offsets = new Float64Array(1024);
  /** Events written before the file failed (a full disk); later ones are kept in memory. */
  private failedAt: number | undefined;
  private readonly memory: string[] = [];
  /** The block of lines read last (a page asks for neighbours). */
  private cached: { block: number; lines: string[] } | undefined;

  constructor(parent = tmpdir()) {
    this.dir = mkdtempSync(join(parent, "loopscope-live-"));
    this.path = join(this.dir, "events.ndjson");
    this.fd = openSync(this.path, "w+", 0o600);
  }

  append(batch: readonly AnyTraceEvent[]): void {
    for (const e of batch) {
      const line = JSON.stringify(e);
      if (this.failedAt !== undefined || this.fd === undefined) {
        this.memory.push(line);
        this.count++;
        continue;
      }
      if (this.count % STRIDE === 0) {
        const k = this.count / STRIDE;
        if (k === this.offsets.length) {
          const grown = new Float64Array(this.offsets.length * 2);
          grown.set(this.offsets);
          this.offsets = grown;
        }
        this.offsets[k] = this.fileBytes + this.pendingBytes;
      }
      this.pending.push(line);
      this.pendingBytes += Buffer.byteLength(line) + 1;
      this.count++;
    }
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
  }

  at(indices: readonly number[]): (AnyTraceEvent | null)[] {
    return indices.map(i => {
      const line = Number.isInteger(i) && i >= 0 && i < this.count ? this.line(i) : undefined;
      return line === undefined ? null : (JSON.parse(line) as AnyTraceEvent);
    });
  }

  *chunks(size: number): Iterable<readonly AnyTraceEvent[]> {
    const blocks = Math.max(1, Math.round(size / STRIDE));
    for (let first = 0; first < this.count; first += blocks * STRIDE) {
      const out: AnyTraceEvent[] = [];
      for (let b = first / STRIDE; b < first / STRIDE + blocks && b * STRIDE < this.count; b++) {
        for (const line of this.block(b)) out.push(JSON.parse(line) as AnyTraceEvent);
      }
      yield out;
    }
  }

  /** Closes the file and removes its dir. */
  dispose(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.pending = [];
    this.memory.length = 0;
    this.cached = undefined;
    rmSync(this.dir, { recursive: true, force: true });
  }

  private line(i: number): string | undefined {
    return this.block(Math.floor(i / STRIDE))[i % STRIDE];
  }

  /** The lines of events [b * STRIDE, (b + 1) * STRIDE). */
  private block(b: number): string[] {
    if (this.cached?.block === b) return this.cached.lines;
    const first = b * STRIDE;
    if (first < this.count) this.flush();
    const inFile = this.failedAt ?? this.count;
    const lines: string[] = [];
    if (first < inFile) {
      const start = this.offsets[b]!;
      const end = (b + 1) * STRIDE < inFile ? this.offsets[b + 1]! : this.fileBytes;
      if (this.fd !== undefined && end > start) {
        const buffer = Buffer.alloc(end - start);
        let done = 0;
        while (done < buffer.length) {
          const n = readSync(this.fd, buffer, done, buffer.length - done, start + done);
          if (n === 0) break;
          done += n;
        }
        lines.push(...buffer.subarray(0, done).toString("utf8").split("\n"));
        if (lines.at(-1) === "") lines.pop();
      }
    }
    // Events past the file's failure are in memory.
    for (let i = Math.max(first, inFile); i < Math.min(first + STRIDE, this.count); i++) lines.push(this.memory[i - inFile]!);
    // A block still growing is not cached.
    if (first + STRIDE <= this.count) this.cached = { block: b, lines };
    return lines;
  }

  private flush(): void {
    if (this.fd === undefined || !this.pending.length) return;
    const bytes = Buffer.from(this.pending.join("\n") + "\n");
    const lines = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    let done = 0;
    try {
      while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done);
      this.fileBytes += done;
    } catch {
      // The run goes on (a full disk after hours): events from the first line not wholly written
      // on are kept in memory, and the file is read only up to there.
      const firstPending = this.count - lines.length;
      let end = 0,
        i = 0;
      for (; i < lines.length; i++) {
        const next = end + Buffer.byteLength(lines[i]!) + 1;
        if (next > done) break;
        end = next;
      }
      this.fileBytes += end;
      this.failedAt = firstPending + i;
      this.memory.push(...lines.slice(i));
    }
  }
}

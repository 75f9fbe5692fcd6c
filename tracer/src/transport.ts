// Sends this thread's events to the recorder.
//
// Why synchronous writes on the socket's fd instead of socket.write(): the tracer must flush what
// it buffered when the program exits, and 'exit' listeners can't wait for async I/O. Doing every
// write the same way (fs.writeSync on the connected, non-blocking unix socket) keeps one code path,
// keeps libuv's write queue empty (so an exit-time write never interleaves with a half-sent line),
// and costs a few µs per batch. EAGAIN (the recorder is slow) leaves the bytes for the next flush;
// EPIPE/ECONNREFUSED (the recorder is gone) turns the transport off and every later event is only
// counted as dropped. Memory is bounded: at most MAX_QUEUED events wait; more are dropped, counted,
// and the count travels in the next `stats` event.

import * as fs from "node:fs";
import * as net from "node:net";
import type { HelloMessage, WireEventInput } from "../../protocol/src/tracer-wire";
import { tracerStats } from "./safe";
import { nowUs } from "./clock";

const MAX_QUEUED = 20_000;
/** Flush at the next tick once this many events wait. */
export const FLUSH_AT = 500;
/** Upper bound for one write attempt, so one flush never holds the thread long. */
const MAX_WRITE_BYTES = 1 << 20;
/** How long the exit flush may wait for a slow recorder before giving up (and counting drops). */
const EXIT_FLUSH_DEADLINE_MS = 2000;

const sleepCell = new Int32Array(new SharedArrayBuffer(4));
/** Node's own, taken before a worker's tracer wraps it (blocks.ts): the exit flush's sleep is not the program's wait. */
const atomicsWait = Atomics.wait;

export class Transport {
  private readonly queue: WireEventInput[] = [];
  private pending: Buffer | undefined;
  private fd = -1;
  private readonly socket: net.Socket | undefined;
  private gone = false;
  private seq = 0;
  dropped = 0;

  constructor(socketPath: string, hello: HelloMessage) {
    this.pending = Buffer.from(JSON.stringify(hello) + "\n");
    try {
      const socket = net.createConnection(socketPath);
      // Connection errors arrive asynchronously; without a listener they would crash the program.
      socket.on("error", () => this.markGone());
      socket.unref();
      this.socket = socket;
      // For unix sockets libuv connects synchronously, so the fd is usable right away.
      const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
      if (typeof fd === "number" && fd >= 0) {
        this.fd = fd;
        this.flush(); // the hello goes out now: the recorder knows the thread from its first moment
      } else {
        this.markGone();
      }
    } catch {
      tracerStats.internalErrors++;
      this.markGone();
    }
  }

  get queued(): number {
    return this.queue.length;
  }

  get connected(): boolean {
    return !this.gone;
  }

  send(event: WireEventInput): void {
    if (this.gone || this.queue.length >= MAX_QUEUED) {
      this.dropped++;
      return;
    }
    this.queue.push(event);
  }

  /** Writes what it can without waiting. */
  flush(): void {
    while (!this.gone) {
      if (!this.pending) this.pending = this.serialize();
      if (!this.pending) return;
      const written = this.write(this.pending);
      if (written < 0) return;
      this.pending = written < this.pending.length ? this.pending.subarray(written) : undefined;
      if (this.pending) return; // socket full: try again next tick
    }
  }

  /** At exit: writes everything, waiting out a slow recorder up to a deadline. */
  flushAtExit(finalEvent: WireEventInput): void {
    this.queue.push(finalEvent); // may exceed the bound by one: the final stats must go out
    const deadline = Date.now() + EXIT_FLUSH_DEADLINE_MS;
    while (!this.gone && (this.pending || this.queue.length)) {
      this.flush();
      if (!this.pending && !this.queue.length) break;
      if (Date.now() > deadline) break;
      atomicsWait(sleepCell, 0, 0, 1);
    }
    if (this.queue.length) this.dropped += this.queue.length;
    this.queue.length = 0;
    this.close();
  }

  close(): void {
    this.gone = true;
    try {
      this.socket?.destroy();
    } catch {
      tracerStats.internalErrors++;
    }
  }

  private serialize(): Buffer | undefined {
    if (!this.queue.length) return undefined;
    let text = "";
    let i = 0;
    for (; i < this.queue.length && text.length < MAX_WRITE_BYTES; i++) {
      const ev = this.queue[i] as WireEventInput & { seq?: number };
      ev.seq = this.seq++;
      text += JSON.stringify(ev) + "\n";
    }
    this.queue.splice(0, i);
    return Buffer.from(text);
  }

  /** Bytes written, or -1 when nothing could be written now. */
  private write(buf: Buffer): number {
    try {
      return fs.writeSync(this.fd, buf, 0, buf.length);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "EAGAIN" || code === "EWOULDBLOCK" || code === "EINTR") return -1;
      this.markGone();
      return -1;
    }
  }

  private markGone(): void {
    if (this.gone) return;
    this.gone = true;
    this.dropped += this.queue.length;
    this.queue.length = 0;
    this.pending = undefined;
    try {
      this.socket?.destroy();
    } catch {
      tracerStats.internalErrors++;
    }
  }
}

/** Stats event: drops and internal errors so far. */
export function statsEvent(transport: Transport, final: boolean): WireEventInput {
  return {
    t: "stats",
    ts: nowUs(),
    dropped: transport.dropped,
    errors: tracerStats.internalErrors,
    ...(tracerStats.firstError !== undefined ? { firstError: tracerStats.firstError } : {}),
    ...(final ? { final: true } : {}),
  };
}

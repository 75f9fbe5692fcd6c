// The recorder: a unix socket in a fresh private temp dir (mode 0700) plus a random per-run token.
// Tracers in the traced processes connect, say hello with the token, then stream NDJSON events.
// Connections with a wrong token or malformed lines are cut and counted, never trusted.
// Used by `loopscope run` and the VS Code client (client/src/timeline/liveRun.ts).

import * as net from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes, timingSafeEqual } from "node:crypto";
import { parseWireMessage, WIRE_VERSION, type HelloMessage, type WireEvent } from "../../../protocol/src/tracer-wire";
import { TraceBuilder, type StreamInfo } from "./trace-builder";
import { thinningFromEnv, type ThinningPolicy } from "./thinning";

/** A line longer than this is not something our tracer sends. */
const MAX_LINE = 16 * 1024 * 1024;

export interface RecorderOptions {
  blockThresholdMs: number;
  /**
   * How high-rate spans are thinned for long runs (thinning.ts); default: the stated policy with
   * the user's LOOPSCOPE_SPANS_PER_SEC / LOOPSCOPE_SPANS_BURST / LOOPSCOPE_TRACE_CAP_MB.
   */
  thinning?: ThinningPolicy;
  /**
   * Called for every accepted event the trace keeps (live views): spans thinned for a long run are
   * not passed on, and a long run's counters after its first hour come as bins. Drops are in the
   * stream's counts (`dropped`, `gaps`), not in the events' sequence numbers, which thinning skips.
   */
  onEvent?: (stream: StreamInfo, event: WireEvent) => void;
  onHello?: (stream: StreamInfo) => void;
  /** A connection that said hello has closed (its last event came before). */
  onClose?: (stream: StreamInfo) => void;
}

export class Recorder {
  readonly token = randomBytes(24).toString("hex");
  readonly dir = mkdtempSync(join(tmpdir(), "loopscope-"));
  readonly socketPath = join(this.dir, "tracer.sock");
  readonly originUs: number;
  readonly builder: TraceBuilder;
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private idleWaiters: Array<() => void> = [];
  private nextStream = 0;

  private constructor(private readonly options: RecorderOptions) {
    const [s, ns] = process.hrtime();
    this.originUs = s * 1e6 + ns / 1e3;
    this.builder = new TraceBuilder(this.originUs, options.blockThresholdMs, {
      thinning: options.thinning ?? thinningFromEnv(process.env, options.blockThresholdMs),
      spillDir: this.dir,
    });
    this.server = net.createServer(socket => this.accept(socket));
  }

  static async start(options: RecorderOptions): Promise<Recorder> {
    const recorder = new Recorder(options);
    await new Promise<void>((resolve, reject) => {
      recorder.server.once("error", reject);
      recorder.server.listen(recorder.socketPath, () => resolve());
    });
    return recorder;
  }

  /** Environment for a traced program: add to its env together with NODE_OPTIONS. */
  env(): Record<string, string> {
    return {
      LOOPSCOPE_SOCKET: this.socketPath,
      LOOPSCOPE_TOKEN: this.token,
      LOOPSCOPE_BLOCK_THRESHOLD_MS: String(this.options.blockThresholdMs),
    };
  }

  get openConnections(): number {
    return this.sockets.size;
  }

  /** Resolves when every tracer connection has closed, or after `timeoutMs`. */
  waitForIdle(timeoutMs: number): Promise<void> {
    if (!this.sockets.size) return Promise.resolve();
    return new Promise(resolve => {
      const timer = setTimeout(done, timeoutMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.idleWaiters.push(done);
    });
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
    this.builder.dispose();
    // loopscope-ignore-next-line blocking-call-in-async -- once per run, after the program ended: removes the recorder's private folder (one socket file)
    rmSync(this.dir, { recursive: true, force: true });
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    let stream: StreamInfo | undefined;
    let buffered = "";
    const reject = () => {
      this.builder.rejected++;
      socket.destroy();
    };
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      buffered += chunk;
      let start = 0;
      for (let nl = buffered.indexOf("\n", start); nl >= 0; nl = buffered.indexOf("\n", start)) {
        const line = buffered.slice(start, nl);
        start = nl + 1;
        if (!line) continue;
        let message;
        try {
          message = parseWireMessage(JSON.parse(line));
        } catch {
          message = undefined;
        }
        if (!message) {
          if (!stream) return reject();
          this.builder.rejected++;
          continue;
        }
        if (!stream) {
          if (message.t !== "hello" || !this.tokenOk(message)) return reject();
          stream = this.builder.open(`${message.pid}:${message.tid}:${this.nextStream++}`, message);
          this.options.onHello?.(stream);
          continue;
        }
        if (message.t === "hello") {
          this.builder.rejected++;
          continue;
        }
        // Live views show what the trace will: a span the long-run thinning did not keep is left
        // out, and a long run's counters come as the bins the trace gets.
        for (const kept of this.builder.add(stream, message)) this.options.onEvent?.(stream, kept);
      }
      buffered = buffered.slice(start);
      if (buffered.length > MAX_LINE) reject();
    });
    socket.on("error", () => socket.destroy());
    socket.on("close", () => {
      if (stream) {
        this.builder.close(stream);
        this.options.onClose?.(stream);
      }
      this.sockets.delete(socket);
      if (!this.sockets.size) {
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        for (const w of waiters) w();
      }
    });
  }

  private tokenOk(hello: HelloMessage): boolean {
    if (hello.v !== WIRE_VERSION) return false;
    const a = Buffer.from(hello.token);
    const b = Buffer.from(this.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}

// Overlapping the compiler's work with ours when linting many files.
//
// The sync API makes one round trip per call: while the compiler checks file N's batch, this
// thread waits, and while we walk file N+1, the compiler waits. On two cores that leaves one
// idle most of the time. `RequestPipeline.prefetch(() => program.getSourceFile(f))` sends a
// request now and returns at once; the same call made later gets the already-computed answer.
// The compiler answers requests in order, so queued requests keep it busy while we walk.
//
// How: the client's two request methods are wrapped. In capture mode (inside `prefetch`) a
// request is written to the pipe and remembered by its exact text; any later call with the
// same text reads the answers up to it. Every other call first reads all outstanding answers
// and then runs as before, so code that never prefetches behaves exactly as without this.
//
// The event loop: the compiler's answers arrive on the child process's stdout, which Node also
// wraps in a stream that reads on its own whenever the event loop runs (the sync channel only
// pauses it). Answers still queued when control goes back to the event loop (the language
// server awaits between messages) were read by that stream, 64 KiB at a time, and the channel
// then waited forever for bytes it would never see: the language server tests hung. So: the
// stream's reading is stopped here, and whoever queues drains before returning (lintFiles at its
// end, lintFile after every file).
//
// Callbacks: while the compiler waits for the answer to one of its callbacks (readFile, for
// unsaved editor text and translated tsconfig files), it takes the next message it reads for
// that answer. A request queued behind the one that made it call back would be taken instead.
// Only requests that build or read projects call back (`updateSnapshot`, `parseConfigFile`):
// those are never queued (`callsBack`); the checker's questions and syntax trees are.
//
// This reaches into the client of typescript@7.0.2 (pinned exactly in package.json): its
// `channel` (writeTuple/writeAllBuf/readTuple/handleCall) and message codes. Before it turns on,
// `pipelineShapeProblems` (pipeline-self-check.ts) checks all of that against the running client;
// when anything differs, `enabled` is false, the log says why, and prefetch does nothing: every
// request takes the client's own path, slower, never wrong.
import type { API } from "typescript/unstable/sync";
import { messageCodes, pipelineShapeProblems, typescriptVersion } from "./pipeline-self-check";
import { RootFileLists } from "./root-file-lists";

const MSG_REQUEST = messageCodes.request;
const MSG_RESPONSE = messageCodes.response;
const MSG_ERROR = messageCodes.error;
const MSG_CALL = messageCodes.call;

/**
 * Requests in flight may not exceed this many bytes: the compiler only reads the next request
 * after writing the previous answer, and its answers wait in the pipe until we read them. If
 * both pipes filled, both processes would wait on each other; with the requests in flight
 * smaller than the smallest pipe buffer (16 KiB on macOS, 64 KiB on Linux), our writes never
 * block, so we always get back to reading. (On Windows the client talks over a named pipe whose
 * buffer we do not know: the pipeline stays off there.)
 */
const maxBytesInFlight = 8 * 1024;

/** Requests during which the compiler may call us back (see "Callbacks" above): never queued. */
const callsBack = new Set(["initialize", "updateSnapshot", "parseConfigFile"]);

interface Channel {
  writeAllBuf(data: Uint8Array, length?: number): void;
  requestSync(method: string, payload: string): string;
  requestBinarySync(method: string, payload: Uint8Array): Uint8Array;
  child?: { stdout?: { _handle?: { readStop?(): unknown } | null } | null };
  writeTuple(type: number, name: Buffer, payload: string | Uint8Array): void;
  readTuple(): void;
  handleCall(name: string, payload: Buffer): void;
  getMethodBuf(method: string): Buffer;
  _msgType: number;
  _msgName: Buffer;
  _msgPayload: Buffer;
}

interface Client {
  channel: Channel;
  encoder: { encode(text: string): Uint8Array };
  apiRequest(method: string, params: unknown): unknown;
  apiRequestBinary(method: string, params: unknown): Uint8Array | undefined;
}

interface Ticket {
  key: string;
  method: string;
  binary: boolean;
  bytes: number;
  done: boolean;
  payload?: Buffer;
  error?: string;
  /** A request nobody waits for (`sendLater`): its error is told here when its answer is read. */
  onError?: (message: string) => void;
}

interface Unawaited {
  call: () => unknown;
  onError: (message: string) => void;
}

const sent = Symbol("request sent");

/**
 * Whether `error` is how a question asked ahead (in capture mode) abandons its call: code that
 * catches errors and keeps a fallback must rethrow it, or it would keep the fallback for good.
 */
export function isAskedAhead(error: unknown): boolean {
  return error === sent;
}

export class RequestPipeline {
  private client: Client | undefined;
  /** Whether the self-check ran (on first use, so that its requests run under the caller's deadline). */
  private checked = false;
  private problems: readonly string[] = [];
  private readonly inFlight: Ticket[] = [];
  private readonly answers = new Map<string, Ticket>();
  private bytesInFlight = 0;
  private capturing = false;
  /** In `askInRounds`: a captured call reads the answers already asked for instead of stopping at them. */
  private readingAnswers = false;
  /** Requests queued ahead so far (`askInRounds` tells a call that queued nothing from one that did). */
  private queued = 0;
  /** Queued requests not written yet: written together, in one system call, before the next read. */
  private unwritten: Buffer[] = [];
  private writeNow: ((data: Uint8Array, length?: number) => void) | undefined;
  /** Calls whose answers nobody waits for, held until `sendUnawaited` or `clear` writes them (`sendLater`). */
  private unawaited: Unawaited[] = [];
  /** Set while writing `unawaited`: their tickets stay out of `answers` and tell their errors. */
  private unawaitedOnError: ((message: string) => void) | undefined;
  /** The root-file lists of the last snapshot update's answer, reused by the next when their text is the same. */
  readonly rootFileLists = new RootFileLists();
  /** Requests answered from a prefetch, for tests and benchmarks. */
  hits = 0;
  /** Writes to the compiler (system calls), for tests and benchmarks. */
  writes = 0;
  /** Requests sent to the compiler per API method (queued ahead or not, read or not), for timing logs and benchmarks. */
  readonly requestsByMethod = new Map<string, number>();
  /** Nodes asked about per batch method (`getSymbolsAtLocations`, `getTypeAtLocations`), for benchmarks: each costs the checker work. */
  readonly locationsByMethod = new Map<string, number>();
  /**
   * Per API method: request and answer bytes, and the milliseconds spent waiting for the answers
   * made one at a time (the compiler's work and the pipe; benchmarks, what a keystroke costs).
   */
  readonly trafficByMethod = new Map<string, { sent: number; received: number; waitMs: number }>();
  /** Requests made one at a time, the caller waiting for each (not sent ahead), per API method: for tests, timing logs and benchmarks. */
  readonly oneByOne = new Map<string, number>();
  /**
   * With LOOPSCOPE_REQUEST_SITES=1: requests made one at a time (not sent ahead), by method and
   * the first frames of ours that made them, for finding what to batch (timing logs).
   */
  readonly requestSites: Map<string, number> | undefined = process.env.LOOPSCOPE_REQUEST_SITES === "1" ? new Map() : undefined;

  /** Requests sent whose answers were not read yet (must be 0 whenever the event loop runs). */
  get pending(): number {
    return this.inFlight.length;
  }

  /** `log` hears once when the client is not shaped as this pipeline expects. */
  constructor(
    private readonly api: API,
    private readonly log?: (line: string) => void,
  ) {}

  /**
   * Whether requests can be queued ahead. The first use checks the client (pipeline-self-check.ts),
   * with three requests made under the caller's deadline; if the compiler fails them, that error
   * is thrown here as from any request, and this pipeline stays off (a new compiler gets a new one).
   */
  get enabled(): boolean {
    if (!this.checked) this.turnOn();
    return this.client !== undefined;
  }

  /** Why the pipeline is off although the platform allows it: the self-check's findings (empty when on). */
  get shapeProblems(): readonly string[] {
    if (!this.checked) this.turnOn();
    return this.problems;
  }

  private turnOn(): void {
    this.checked = true;
    // On Windows the client talks over a named pipe whose buffer we do not know (maxBytesInFlight).
    if (process.platform === "win32") return;
    this.problems = pipelineShapeProblems(this.api);
    if (this.problems.length) {
      this.log?.(
        `The TypeScript API client (typescript@${typescriptVersion()}) is not shaped as Loopscope's request pipeline expects (${this.problems.join("; ")}). Linting goes on without queuing requests ahead: correct, but slower on many files.`,
      );
      return;
    }
    const client = (this.api as unknown as { client: Client }).client;
    // Only the sync channel may read the compiler's answers (see "The event loop" above).
    client.channel.child?.stdout?._handle?.readStop?.();
    this.wrap(client);
    this.client = client;
  }

  /**
   * Runs `call` (one API call) in capture mode: its request is sent and `call` is abandoned.
   * Make the same call again later to get the answer. Does nothing when the pipeline is off,
   * when the answer is already cached by the API (no request is made), or when the request is
   * too large to queue.
   */
  prefetch(call: () => unknown): void {
    this.prefetchAll([call]);
  }

  /** `prefetch` for several calls, their requests written together (one system call). */
  prefetchAll(calls: Iterable<() => unknown>): void {
    if (!this.enabled || this.capturing) return;
    try {
      for (const call of calls) {
        const { error } = this.capture(call);
        if (error !== undefined) throw error;
      }
    } finally {
      this.flush();
    }
  }

  /**
   * Runs `call` in capture mode (its requests are written, and it is abandoned at the first),
   * `readingAnswers` for `askInRounds`, `onError` for `sendUnawaited`. Returns whether it queued a
   * request, whether it was abandoned at one, and the error it threw otherwise.
   */
  private capture(call: () => unknown, readingAnswers = false, onError?: (message: string) => void): { queued: boolean; abandoned: boolean; error?: unknown } {
    const queuedBefore = this.queued;
    this.capturing = true;
    this.readingAnswers = readingAnswers;
    this.unawaitedOnError = onError;
    try {
      call();
      return { queued: this.queued > queuedBefore, abandoned: false };
    } catch (error) {
      return { queued: this.queued > queuedBefore, abandoned: error === sent, ...(error === sent ? {} : { error }) };
    } finally {
      this.capturing = false;
      this.readingAnswers = false;
      this.unawaitedOnError = undefined;
    }
  }

  /**
   * Runs `calls` in rounds, for questions that depend on earlier answers (a callee's signatures,
   * then their return types, then those types' members): in each round every call runs until its
   * first question not asked yet, and those questions are written together; the next round runs
   * the calls again, reading the answers that came back meanwhile, up to their next questions.
   * So N calls that each ask a chain of K questions cost about K waits instead of N x K. A call
   * that ran through, failed, or queued nothing new leaves the rounds; after `rounds` rounds the
   * rest stop where they are. Answers read here reach the API and whatever caches its caller
   * keeps (as any answer does); the calls are then made for real, finding the answers at hand.
   *
   * Only for calls that do nothing but ask the compiler and cache what it answers: a captured
   * question throws, so a call that catches errors and keeps a fallback would keep it.
   */
  askInRounds(calls: Iterable<() => unknown>, rounds = 32): void {
    if (!this.enabled || this.capturing) return;
    let pending = [...calls];
    for (let round = 0; round < rounds && pending.length; round++) {
      const next: (() => unknown)[] = [];
      try {
        for (const call of pending) {
          // A call that ran through leaves; one that failed otherwise fails again where it is made for real.
          const { queued, abandoned } = this.capture(call, true);
          if (abandoned && queued) next.push(call);
        }
      } finally {
        this.flush();
      }
      pending = next;
    }
  }

  /**
   * `call` (one API call whose answer nobody needs, e.g. an old snapshot's `release`) is made
   * without waiting for it: its request is written by `sendUnawaited` (the linter calls it where
   * a long stretch of our own work begins, so the compiler does the call meanwhile instead of us
   * waiting for it), or at the latest by `clear` (before the next snapshot update).
   * Its answer is read, in order, before any later request's; an error in it goes to `onError`
   * and is never thrown to whoever is reading. Only for small requests that never call back.
   * Returns false when the pipeline is off or not on yet: the caller then makes the call itself.
   * The calls belong to this compiler: a new compiler gets a new pipeline, and the old one's
   * calls are never made on it (a snapshot id of the old compiler may name another in the new).
   */
  sendLater(call: () => unknown, onError: (message: string) => void): boolean {
    // Not `enabled`: that turns the pipeline on, with the self-check's requests, and the snapshot
    // updates before a lint first queues anything (opening the file) gain nothing from it.
    if (!this.client) return false;
    this.unawaited.push({ call, onError });
    return true;
  }

  /** Writes the calls `sendLater` holds (one system call); their answers are read later, in order. */
  sendUnawaited(): void {
    if (!this.unawaited.length || this.capturing) return;
    const calls = this.unawaited;
    this.unawaited = [];
    try {
      for (const { call, onError } of calls) {
        const { queued, abandoned, error } = this.capture(call, false, onError);
        if (error !== undefined) onError(error instanceof Error ? error.message : String(error));
        else if (abandoned && !queued) onError("the request was not sent (too big to send without waiting)");
      }
    } finally {
      this.flush();
    }
  }

  /** Reads every outstanding answer (they stay available to the calls that asked for them). */
  drain(): void {
    while (this.inFlight.length) this.readNext();
  }

  /** Sends what waits to be sent without waiting (`sendLater`), then drains and forgets answers nobody asked for (a cancelled file, a changed snapshot). */
  clear(): void {
    this.sendUnawaited();
    this.drain();
    this.answers.clear();
  }

  private wrap(client: Client): void {
    // Requests queued ahead come in bursts (a file's batches, its import aliases): one write per
    // burst (`prefetchAll`) instead of one per request. Any other write, and every read, sends
    // them first, so the compiler never waits for a request we hold back.
    const channel = client.channel;
    const writeAll = channel.writeAllBuf.bind(channel);
    const write = (data: Uint8Array, length?: number) => {
      this.writes++;
      writeAll(data, length);
    };
    this.writeNow = write;
    channel.writeAllBuf = (data, length) => {
      const bytes = Buffer.from(data.buffer, data.byteOffset, length ?? data.length);
      if (this.capturing)
        this.unwritten.push(Buffer.from(bytes)); // copied: the channel reuses its buffer
      else {
        this.flush();
        write(bytes);
      }
    };
    client.apiRequest = (method, params) => this.request(method, params, false);
    client.apiRequestBinary = (method, params) => this.request(method, params, true) as Uint8Array | undefined;
  }

  /**
   * A request made now, as the client's `apiRequest`/`apiRequestBinary` make it, from the JSON
   * text already made for the key (serialising the parameters twice cost more than the key).
   * The calls waiting to be sent unawaited go out as soon as the answer is in, before we decode it.
   */
  private direct(method: string, json: string, binary: boolean): unknown {
    const client = this.client!;
    const started = performance.now();
    if (binary) {
      const result = client.channel.requestBinarySync(method, client.encoder.encode(json));
      this.traffic(method, json.length, result.length, performance.now() - started);
      return result.length ? result : undefined;
    }
    const result = client.channel.requestSync(method, json);
    this.traffic(method, json.length, result.length, performance.now() - started);
    if (!result.length) return undefined;
    return method === "updateSnapshot" ? this.rootFileLists.parse(result) : JSON.parse(result);
  }

  private traffic(method: string, sent: number, received: number, waitMs: number): void {
    let t = this.trafficByMethod.get(method);
    if (!t) this.trafficByMethod.set(method, (t = { sent: 0, received: 0, waitMs: 0 }));
    t.sent += sent;
    t.received += received;
    t.waitMs += waitMs;
  }

  private request(method: string, params: unknown, binary: boolean): unknown {
    const json = JSON.stringify(params);
    const key = `${binary ? "b" : "s"}${method}\u0000${json}`;
    const ticket = this.answers.get(key);
    if (this.capturing && !(ticket && this.readingAnswers)) {
      this.send(key, method, json, binary, params);
      throw sent;
    }
    if (ticket) {
      this.answers.delete(key);
      while (!ticket.done) this.readNext();
      this.hits++;
      if (ticket.error !== undefined) throw new Error(ticket.error);
      const payload = ticket.payload!;
      if (binary) return payload.length ? payload : undefined;
      return payload.length ? JSON.parse(payload.toString("utf-8")) : undefined;
    }
    // An unrelated call: the answers ahead of it in the pipe must be read first.
    this.drain();
    this.count(method, params);
    this.oneByOne.set(method, (this.oneByOne.get(method) ?? 0) + 1);
    if (this.requestSites) this.countSite(method);
    return this.direct(method, json, binary);
  }

  /**
   * Writes the request (capture mode), unless it cannot be queued; the caller then abandons the
   * call. It returns rather than throws: V8 counts a function's calls towards optimizing it when
   * they return, and this one, always leaving by a throw, ran interpreted for the whole lint.
   */
  private send(key: string, method: string, json: string, binary: boolean, params: unknown): void {
    const onError = this.unawaitedOnError;
    if ((!onError && this.answers.has(key)) || callsBack.has(method)) return;
    const client = this.client!;
    const payload = binary ? client.encoder.encode(json) : json;
    const bytes = binary ? (payload as Uint8Array).length : Buffer.byteLength(json, "utf-8");
    // Too big to queue safely: let the real call make it when it comes.
    if (bytes > maxBytesInFlight) return;
    while (this.inFlight.length && this.bytesInFlight + bytes > maxBytesInFlight) this.readNext();
    client.channel.writeTuple(MSG_REQUEST, client.channel.getMethodBuf(method), payload);
    this.count(method, params);
    this.traffic(method, bytes, 0, 0);
    const ticket: Ticket = { key, method, binary, bytes, done: false, ...(onError ? { onError } : {}) };
    this.inFlight.push(ticket);
    if (!onError) this.answers.set(key, ticket);
    this.bytesInFlight += bytes;
    this.queued++;
  }

  private count(method: string, params: unknown): void {
    this.requestsByMethod.set(method, (this.requestsByMethod.get(method) ?? 0) + 1);
    const locations = (params as { locations?: unknown } | null)?.locations;
    if (Array.isArray(locations)) this.locationsByMethod.set(method, (this.locationsByMethod.get(method) ?? 0) + locations.length);
  }

  private countSite(method: string): void {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 40;
    const stack = new Error().stack;
    Error.stackTraceLimit = limit;
    const frames = [...(stack ?? "").matchAll(/^\s*at (.+)$/gm)]
      .map(m => m[1]!)
      .filter(f => !/node_modules|pipeline\.ts|cached-checker\.ts|node:internal/.test(f))
      .slice(0, Number(process.env.LOOPSCOPE_REQUEST_SITE_FRAMES) || 3)
      .map(f => f.replace(/\(.*\/server\/src\//, "(").replace(/:\d+\)$/, ")"));
    const key = `${method} <- ${frames.join(" <- ")}`;
    this.requestSites!.set(key, (this.requestSites!.get(key) ?? 0) + 1);
  }

  /** Writes the queued requests not written yet. */
  private flush(): void {
    if (!this.unwritten.length) return;
    const all = this.unwritten.length === 1 ? this.unwritten[0]! : Buffer.concat(this.unwritten);
    this.unwritten = [];
    this.writeNow!(all);
  }

  /**
   * A callback's answer goes out at once, never held back with queued requests (we may be
   * reading to make room while queueing): the compiler waits for it before anything else.
   */
  private answerCallback(channel: Channel): void {
    const capturing = this.capturing;
    this.capturing = false;
    try {
      channel.handleCall(channel._msgName.toString("utf-8"), channel._msgPayload);
    } finally {
      this.capturing = capturing;
    }
  }

  /** Reads the answer to the oldest request in flight, serving the compiler's callbacks meanwhile. */
  private readNext(): void {
    this.flush();
    const ticket = this.inFlight.shift()!;
    // What is left to wait for a request nobody waits for (`sendLater`) is counted as its wait.
    const started = ticket.onError ? performance.now() : 0;
    this.bytesInFlight -= ticket.bytes;
    const channel = this.client!.channel;
    for (;;) {
      channel.readTuple();
      if (channel._msgType === MSG_RESPONSE) {
        ticket.payload = channel._msgPayload;
        this.traffic(ticket.method, 0, ticket.payload.length, 0);
        break;
      }
      if (channel._msgType === MSG_ERROR) {
        ticket.error = channel._msgPayload.toString("utf-8");
        ticket.onError?.(ticket.error);
        break;
      }
      if (channel._msgType === MSG_CALL) {
        this.answerCallback(channel);
        continue;
      }
      throw new Error(`TypeScript API: unexpected message type ${channel._msgType} while reading a queued answer`);
    }
    ticket.done = true;
    if (ticket.onError) this.traffic(ticket.method, 0, 0, performance.now() - started);
  }
}

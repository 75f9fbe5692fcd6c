import { test } from "node:test";
import assert from "node:assert/strict";
import { ruleTester, type CaseBase, type InvalidCase, type ValidCase } from "./rule-tester";
import { abortSignalNotForwarded, type MessageId } from "../../server/src/rules/abort-signal-not-forwarded";

const ownPackage = { "package.json": `{"name":"case","type":"module"}` };
function asPackage<T extends ValidCase | InvalidCase>(c: T): T {
  const base: CaseBase = typeof c === "string" ? { code: c } : c;
  return { ...base, files: { ...ownPackage, ...base.files } } as unknown as T;
}

const cases: { valid: ValidCase[]; invalid: InvalidCase<MessageId>[] } = {
  valid: [
    // Forwarded.
    `export async function load(url: string, signal: AbortSignal) {\n  const res = await fetch(url, { signal });\n  return res.json();\n}\n`,
    `export async function load(url: string, options: { signal?: AbortSignal }) {\n  return fetch(url, { signal: options.signal, headers: { accept: "json" } });\n}\n`,
    // An explicit undefined says "on purpose".
    `export async function load(url: string, signal: AbortSignal) {\n  signal.throwIfAborted();\n  return fetch(url, { signal: undefined });\n}\n`,
    // Options we cannot see are assumed fine.
    `export async function load(url: string, init: RequestInit, signal: AbortSignal) {\n  signal.throwIfAborted();\n  return fetch(url, init);\n}\n`,
    // No signal in the function.
    `export async function load(url: string) {\n  return fetch(url);\n}\n`,
    // A function whose text never mentions a signal does not take part in cancellation.
    `export async function load(url: string, init: RequestInit) {\n  await fetch(url);\n  return init;\n}\n`,
    // Clean-up after a failure or an abort.
    `export async function load(url: string, signal: AbortSignal) {\n  try {\n    return await fetch(url, { signal });\n  } catch (e) {\n    await fetch("https://log.example/failed", { method: "POST" });\n    throw e;\n  }\n}\n`,
    `export function watch(url: string, signal: AbortSignal) {\n  signal.addEventListener("abort", () => {\n    void fetch(url, { method: "DELETE" });\n  });\n}\n`,
    // A listener's options take a signal to remove the listener, not to cancel work.
    `import { EventEmitter } from "node:events";\nexport function listen(target: EventTarget, signal: AbortSignal) {\n  signal.throwIfAborted();\n  target.addEventListener("message", () => {});\n  return new EventEmitter();\n}\n`,
    // The branch taken without a signal.
    `declare function run(o?: { signal?: AbortSignal }): Promise<void>;\nexport function start(signal?: AbortSignal) {\n  return signal ? run({ signal }) : run();\n}\n`,
    // A function that takes request options but returns plain data has nothing to cancel.
    `declare function resolveOptions(o?: { signal?: AbortSignal; format?: string }): { format: string };\nexport async function load(url: string, signal: AbortSignal) {\n  const { format } = resolveOptions({ format: "json" });\n  return fetch(url, { signal, headers: { accept: format } });\n}\n`,
    // Untyped JavaScript: a parameter named signal that the function never uses as one.
    { code: `export async function kill(child, signal) {\n  child.kill(signal);\n  await fetch("https://log.example/" + signal);\n}\n`, filename: "kill.js" },
    // A call that takes no signal.
    `import { readFileSync } from "node:fs";\nexport function read(path: string, signal: AbortSignal) {\n  signal.throwIfAborted();\n  return readFileSync(path, "utf8");\n}\n`,
    // Round 23: only work the function waits for counts. A stream (an emitter) hands its lifetime to what consumes it:
    // here a pipeline that has the signal and destroys the stream on abort.
    `import { createReadStream } from "node:fs";\nimport { pipeline } from "node:stream/promises";\nimport type { Writable } from "node:stream";\nexport async function upload(path: string, to: Writable, signal: AbortSignal) {\n  const source = createReadStream(path);\n  await pipeline(source, to, { signal });\n}\n`,
    // A child process is an emitter too: how it is stopped (a kill in an 'abort' listener, a spawn option) is the function's choice.
    `import { spawn } from "node:child_process";\nexport function launch(path: string, signal: AbortSignal) {\n  const child = spawn(path, ["--headless"]);\n  signal.addEventListener("abort", () => child.kill());\n  return child;\n}\n`,
    // Detached work: the promise is dropped (a statement, void, a .catch chain), so the function does not wait for it.
    `export async function refresh(url: string, signal: AbortSignal) {\n  void fetch(url + "/warm");\n  fetch(url + "/ping").catch(() => {});\n  return fetch(url, { signal });\n}\n`,
    // A wait for an emitter's own completion (once() rejects on its 'error'), or for the abort itself.
    `import { once } from "node:events";\nimport { createWriteStream } from "node:fs";\nexport async function save(path: string, image: Uint8Array, stop: AbortController, signal: AbortSignal) {\n  signal.throwIfAborted();\n  const file = createWriteStream(path);\n  file.end(image);\n  await once(file, "finish");\n  await once(stop.signal, "abort");\n}\n`,
    // The branch where the caller gave no options: there is no options.signal to forward.
    `declare function awaitRunning(id: string, o?: { signal?: AbortSignal }): Promise<void>;\nexport async function ready(id: string, options?: { signal?: AbortSignal }) {\n  if (options == null) {\n    await awaitRunning(id);\n    return;\n  }\n  await awaitRunning(id, { signal: options.signal });\n}\n`,
    // The work is raced with the signal: the function chose there how an abort ends the wait (a timer left to fire, a
    // request shared by every caller through a cache).
    `import { setTimeout as sleep } from "node:timers/promises";\ndeclare function raceSignal<T>(p: Promise<T>, signal?: AbortSignal): Promise<T>;\ndeclare function cached<T>(key: string, load: () => Promise<T>): Promise<T>;\ndeclare function query(q: string, o?: { signal?: AbortSignal }): Promise<string>;\nexport async function poll(check: () => Promise<boolean>, signal: AbortSignal) {\n  while (!(await check())) await raceSignal(sleep(1000), signal);\n}\nexport async function chainId(options?: { signal?: AbortSignal }) {\n  const shared = cached("chain", async () => {\n    const id = await query("{ chain }");\n    return id.trim();\n  });\n  return raceSignal(Promise.resolve(shared), options?.signal);\n}\n`,
    // A local file operation (node:fs/promises) finishes in milliseconds.
    `import { readFile, writeFile } from "node:fs/promises";\nexport async function snapshot(url: string, path: string, signal: AbortSignal) {\n  const res = await fetch(url, { signal });\n  await writeFile(path, new Uint8Array(await res.arrayBuffer()));\n  return readFile(path, { encoding: "utf8" });\n}\n`,
    // A trailing signal parameter after optional ones the call leaves out: the API's short form (a tracer's span, whose
    // signal only ends the span).
    `declare function startSpan<T>(name: string, fn: () => Promise<T>, options?: object, context?: object, signal?: AbortSignal): Promise<T>;\nexport async function turn(save: () => Promise<void>, signal: AbortSignal) {\n  signal.throwIfAborted();\n  await startSpan("snapshot.write", save);\n}\n`,
    // A callback stored for later (a store's refresh hook) runs under its holder's lifetime, not this call's signal.
    `declare class Store {\n  constructor(o: { refresh: () => Promise<unknown> });\n}\nexport async function connect(host: string, opts: { signal?: AbortSignal }) {\n  const first = await fetch(host, { signal: opts.signal });\n  return new Store({ refresh: () => fetch(host) });\n}\n`,
    // The function stops this work itself: its 'abort' listener ends the stream the pipeline reads, so that the sink
    // keeps what arrived.
    `import { pipeline } from "node:stream/promises";\nimport { PassThrough, type Readable, type Writable } from "node:stream";\nexport async function receive(source: Readable, sink: Writable, context: { signal: AbortSignal }) {\n  const proxy = new PassThrough();\n  const onAbort = () => {\n    source.unpipe(proxy);\n    proxy.end();\n  };\n  context.signal.addEventListener("abort", onAbort, { once: true });\n  try {\n    return await pipeline(source.pipe(proxy), sink);\n  } finally {\n    context.signal.removeEventListener("abort", onAbort);\n  }\n}\n`,
    // Round 24: the signal handed on one level down (or deeper) in an options literal: a generated client's nested request
    // options, which it spreads into its fetch.
    `type RequestOptions = { timeoutMs?: number; fetchOptions?: Omit<RequestInit, "method" | "body"> } & Omit<RequestInit, "method" | "body">;\ndeclare function flagsGet(client: object, request: { key: string }, options?: RequestOptions): Promise<{ ok: boolean }>;\nexport const tool = {\n  tool: async (client: object, args: { key: string }, ctx: { signal: AbortSignal }) => {\n    const result = await flagsGet(client, args, { fetchOptions: { signal: ctx.signal } });\n    return result.ok;\n  },\n};\n`,
    `type RequestOptions = { timeoutMs?: number; fetchOptions?: Omit<RequestInit, "method" | "body"> } & Omit<RequestInit, "method" | "body">;\ndeclare function flagsGet(client: object, request: { key: string }, options?: RequestOptions): Promise<{ ok: boolean }>;\nexport async function get(client: object, key: string, signal: AbortSignal, init: RequestInit) {\n  signal.throwIfAborted();\n  return flagsGet(client, { key }, { timeoutMs: 500, fetchOptions: { ...init, signal } });\n}\n`,
    // Something made from the signal (a deadline joined to it, held in a local), an object that carries it, the signal's holder
    // spread one level down, a signal destructured from its holder, under a key of any name, at any depth.
    `type RequestOptions = { timeoutMs?: number; fetchOptions?: Omit<RequestInit, "method" | "body"> } & Omit<RequestInit, "method" | "body">;\ndeclare function flagsGet(client: object, request: { key: string }, options?: RequestOptions): Promise<{ ok: boolean }>;\nexport async function all(client: object, key: string, options: { signal?: AbortSignal }) {\n  const deadline = AbortSignal.any([options.signal!, AbortSignal.timeout(5000)]);\n  const a = await flagsGet(client, { key }, { fetchOptions: { signal: deadline } });\n  const init = { headers: { accept: "json" }, signal: options.signal };\n  const b = await flagsGet(client, { key }, { fetchOptions: init });\n  const c = await flagsGet(client, { key }, { fetchOptions: { ...options } });\n  const { signal } = options;\n  const d = await flagsGet(client, { key }, { extra: { nested: { abort: signal ?? undefined } } } as RequestOptions);\n  return [a, b, c, d];\n}\n`,
    // A call given the signal that makes a signal, by the type it returns (its name does not say so).
    `type RequestOptions = { timeoutMs?: number; fetchOptions?: Omit<RequestInit, "method" | "body"> } & Omit<RequestInit, "method" | "body">;\ndeclare function flagsGet(client: object, request: { key: string }, options?: RequestOptions): Promise<{ ok: boolean }>;\ndeclare function withDeadline(parent: AbortSignal, ms: number): AbortSignal;\nexport async function bounded(client: object, key: string, signal: AbortSignal) {\n  return flagsGet(client, { key }, { fetchOptions: { signal: withDeadline(signal, 5000) } });\n}\n`,
    // The signal of a controller that the function's 'abort' listener aborts, handed on nested: work the function stops
    // itself (round 23's class covers it).
    `type RequestOptions = { timeoutMs?: number; fetchOptions?: Omit<RequestInit, "method" | "body"> } & Omit<RequestInit, "method" | "body">;\ndeclare function flagsGet(client: object, request: { key: string }, options?: RequestOptions): Promise<{ ok: boolean }>;\nexport async function linked(client: object, key: string, signal: AbortSignal) {\n  const controller = new AbortController();\n  signal.addEventListener("abort", () => controller.abort(signal.reason), { once: true });\n  return flagsGet(client, { key }, { fetchOptions: { signal: controller.signal } });\n}\n`,
    // A signal no caller gives: a function only its file can call (a private method, a function the module keeps to itself)
    // whose every call leaves the options out, or passes options without a signal.
    `declare function run(id: string, o?: { signal?: AbortSignal }): Promise<void>;\nexport class Reprovider {\n  private async queue(id: string, options?: { signal?: AbortSignal }) {\n    options?.signal?.throwIfAborted();\n    await run(id);\n  }\n  async sweep(ids: string[]) {\n    for (const id of ids) await this.queue(id);\n  }\n}\nasync function warm(id: string, options?: { signal?: AbortSignal; force?: boolean }) {\n  if (options?.signal?.aborted) return;\n  await run(id);\n}\nexport async function start(id: string) {\n  await warm(id, { force: true });\n  await warm(id, undefined);\n}\n`,
    // A default that gives nothing (`undefined`, `{}`) leaves the signal never given; a leading `this:` parameter is no
    // argument.
    `declare function run(id: string, o?: { signal?: AbortSignal }): Promise<void>;\nasync function warm(this: void, id: string, { signal = undefined }: { signal?: AbortSignal } = {}) {\n  if (signal?.aborted) return;\n  await run(id);\n}\nasync function cool(id: string, options: { signal?: AbortSignal } = {}) {\n  if (options.signal?.aborted) return;\n  await run(id);\n}\nexport async function start(id: string) {\n  await warm(id);\n  await cool(id);\n}\n`,
    // Round 28: best-effort work the function lets fail (its rejection caught by a handler that at most logs, the call by
    // itself in a try whose catch at most logs): bookkeeping after the work it depends on, an optional probe.
    `interface AbortOptions { signal?: AbortSignal }\ndeclare const log: { error(...a: unknown[]): void };\ndeclare const store: { merge(id: string, data: object, o?: AbortOptions): Promise<void> };\ndeclare function dial(addr: string, o?: AbortOptions): Promise<{ peer: string }>;\nexport async function connect(addr: string, options: AbortOptions) {\n  const conn = await dial(addr, { signal: options.signal });\n  try {\n    await store.merge(conn.peer, { lastDial: Date.now() });\n  } catch (err) {\n    log.error("could not record the dial", err);\n  }\n  return conn;\n}\n`,
    `declare function waitFor(peer: string, o?: { signal?: AbortSignal; timeout?: number }): Promise<void>;\nexport async function open(peers: string[], options?: { signal?: AbortSignal }) {\n  await Promise.all(peers.map(peer => waitFor(peer, { signal: options?.signal })));\n  await Promise.all(peers.map(peer => waitFor(peer, { timeout: 3_000 }).catch(() => {})));\n  try {\n    const _seen = await waitFor(peers[0]!);\n  } catch {}\n}\n`,
  ],
  invalid: [
    {
      name: "fetch without the function's signal",
      code: `export async function load(url: string, signal: AbortSignal) {\n  signal.throwIfAborted();\n  const res = await fetch(url);\n  return res.json();\n}\n`,
      errors: [
        {
          line: 3,
          column: 21,
          messageId: "signalNotForwarded",
          message: "`fetch()` accepts a `signal`, but this function's `signal` is not passed to it",
          fixes: ["Pass signal as the call's signal"],
        },
      ],
    },
    {
      name: "an options literal without signal; the signal is options.signal",
      code: `export async function load(url: string, options: { signal?: AbortSignal; retries: number }) {\n  const first = await fetch(url, { signal: options.signal });\n  const second = await fetch(url + "/more", { headers: { accept: "json" } });\n  return [first, second];\n}\n`,
      errors: [{ line: 3, column: 24, messageId: "signalNotForwarded", message: "this function's `options.signal`" }],
    },
    {
      // The array overload takes its options second: the second stream is not an options object it left unseen.
      name: "stream/promises pipeline of two streams, no options",
      code: `import { pipeline } from "node:stream/promises";\nimport type { Readable, Writable } from "node:stream";\nexport async function copy(from: Readable, to: Writable, signal: AbortSignal) {\n  signal.throwIfAborted();\n  await pipeline(from, to);\n}\n`,
      errors: [{ line: 5, column: 9, messageId: "signalNotForwarded", fixes: ["Pass signal as the call's signal"] }],
    },
    {
      name: "timers/promises and events.once, from a destructured signal",
      code: `import { setTimeout as sleep } from "node:timers/promises";\nimport { once, EventEmitter } from "node:events";\nexport async function waitReady(emitter: EventEmitter, { signal }: { signal: AbortSignal }) {\n  await sleep(100, undefined, { signal });\n  await once(emitter, "ready");\n}\n`,
      errors: [{ line: 5, column: 9, messageId: "signalNotForwarded", message: "`once()`" }],
    },
    {
      name: "a project function whose options take a signal",
      code: `interface QueryOptions { timeoutMs?: number; signal?: AbortSignal }\ndeclare function query(sql: string, options?: QueryOptions): Promise<unknown[]>;\nexport async function report(req: Request) {\n  const rows = await query("select 1", { timeoutMs: 500 });\n  return new Response(JSON.stringify(rows), { status: req.signal.aborted ? 499 : 200 });\n}\n`,
      errors: [{ line: 4, column: 22, messageId: "signalNotForwarded", message: "this function's `req.signal`" }],
    },
    {
      name: "a fetch in a function that also spawns with the signal and reads a local file",
      code: `import { execFile } from "node:child_process";\nimport { readFile } from "node:fs/promises";\nexport async function build(dir: string, signal: AbortSignal) {\n  const config = await readFile(dir + "/config.json", { encoding: "utf8" });\n  execFile("make", ["-C", dir], { signal }, () => {});\n  return fetch("https://ci.example/" + config.length);\n}\n`,
      errors: [{ line: 6, column: 10, messageId: "signalNotForwarded", message: "`fetch()`" }],
    },
    {
      // Not detached: the promise is held and waited for later.
      name: "a promise held in a variable and awaited",
      code: `export async function load(url: string, signal: AbortSignal) {\n  signal.throwIfAborted();\n  const pending = fetch(url);\n  return (await pending).json();\n}\n`,
      errors: [{ line: 3, column: 19, messageId: "signalNotForwarded" }],
    },
    {
      // A race without the signal releases nobody on abort; an event that is not the emitter's completion may never come.
      name: "a race that does not involve the signal; a wait for a message",
      code: `import { once, EventEmitter } from "node:events";\ndeclare function timeout(ms: number): Promise<never>;\nexport async function next(socket: EventEmitter, url: string, signal: AbortSignal) {\n  signal.throwIfAborted();\n  const res = await Promise.race([fetch(url), timeout(5000)]);\n  const [message] = await once(socket, "message");\n  return [res, message];\n}\n`,
      errors: [
        { line: 5, column: 35, messageId: "signalNotForwarded", message: "`fetch()`" },
        { line: 6, column: 27, messageId: "signalNotForwarded", message: "`once()`" },
      ],
    },
    {
      // Only a test of the options themselves (`options == null`) is the branch without a signal.
      name: "a branch on another option, or the branch where the options are there",
      code: `declare function run(id: string, o?: { signal?: AbortSignal }): Promise<void>;\nexport async function start(id: string, options?: { signal?: AbortSignal; retries?: number }) {\n  if (options?.retries) await run(id);\n  if (options) await run(id);\n  else await run(id);\n  await run(id, { signal: options?.signal });\n}\n`,
      errors: [
        { line: 3, column: 31, messageId: "signalNotForwarded" },
        { line: 4, column: 22, messageId: "signalNotForwarded" },
      ],
    },
    {
      // An 'abort' listener that only settles a promise stops nothing the call takes.
      name: "an abort listener that acts on something else",
      code: `declare class Queue<T> {\n  get(o?: { signal?: AbortSignal }): Promise<T>;\n}\nexport async function forward(queue: Queue<string>, send: (s: string) => void, signal: AbortSignal) {\n  let done!: () => void;\n  const aborted = new Promise<void>(r => (done = r));\n  signal.addEventListener("abort", () => done());\n  while (!signal.aborted) {\n    const event = await Promise.race([queue.get(), aborted]);\n    if (event) send(event);\n  }\n}\n`,
      errors: [{ line: 9, column: 39, messageId: "signalNotForwarded", message: "`queue.get()`" }],
    },
    {
      // A callback passed to a call (not stored) runs now, under the function's signal.
      name: "a callback handed to a call runs now",
      code: `export async function loadAll(urls: string[], signal: AbortSignal) {\n  signal.throwIfAborted();\n  return Promise.all(urls.map(url => fetch(url)));\n}\n`,
      errors: [{ line: 3, column: 38, messageId: "signalNotForwarded" }],
    },
    {
      name: "a project function whose parameter is the signal itself",
      code: `async function wait(ms: number, signal?: AbortSignal) {\n  signal?.throwIfAborted();\n  await new Promise(r => setTimeout(r, ms));\n}\nexport async function poll(check: () => Promise<boolean>, signal: AbortSignal) {\n  while (!(await check())) await wait(500);\n  await wait(10, undefined);\n  return signal.aborted;\n}\n`,
      errors: [{ line: 6, column: 34, messageId: "signalNotForwarded", message: "`wait()`", fixes: ["Pass signal as the call's signal"] }],
    },
    {
      name: "untyped JavaScript: a signal parameter used as one",
      filename: "job.js",
      code: `import { setTimeout as sleep } from "node:timers/promises";\nexport async function poll(check, signal) {\n  while (!signal.aborted) {\n    if (await check()) return true;\n    await sleep(1000);\n  }\n  return false;\n}\n`,
      errors: [{ line: 5, column: 11, messageId: "signalNotForwarded", message: "`sleep()`" }],
    },
    {
      // Round 24's boundary: options without the signal at any depth; a nested signal-named value that is not the function's
      // (a deadline of the call's own, another controller's signal: the caller's abort does not reach the work); the
      // signal's state read into the options, or given to a call that makes something else (headers); the signal passed in
      // another parameter's place (timers/promises' value).
      name: "nested options without the function's signal",
      code: `type RequestOptions = { timeoutMs?: number; fetchOptions?: Omit<RequestInit, "method" | "body"> } & Omit<RequestInit, "method" | "body">;\ndeclare function flagsGet(client: object, request: { key: string }, options?: RequestOptions): Promise<{ ok: boolean }>;\nimport { setTimeout as sleep } from "node:timers/promises";\ndeclare function headersFor(signal: AbortSignal): Record<string, string>;\nexport async function tool(client: object, key: string, ctx: { signal: AbortSignal }) {\n  const a = await flagsGet(client, { key }, { fetchOptions: { headers: { accept: "json" } } });\n  const b = await flagsGet(client, { key }, { fetchOptions: { signal: AbortSignal.timeout(5000) } });\n  const other = new AbortController();\n  const c = await flagsGet(client, { key }, { fetchOptions: { signal: other.signal } });\n  const d = await flagsGet(client, { key }, { fetchOptions: { headers: { aborted: String(ctx.signal.aborted) } } });\n  const e = await flagsGet(client, { key }, { fetchOptions: { headers: headersFor(ctx.signal) } });\n  await sleep(100, ctx.signal);\n  return [a, b, c, d, e];\n}\n`,
      errors: [
        { line: 6, column: 19, messageId: "signalNotForwarded", message: "this function's `ctx.signal`" },
        { line: 7, column: 19, messageId: "signalNotForwarded" },
        { line: 9, column: 19, messageId: "signalNotForwarded" },
        { line: 10, column: 19, messageId: "signalNotForwarded" },
        { line: 11, column: 19, messageId: "signalNotForwarded" },
        { line: 12, column: 9, messageId: "signalNotForwarded", message: "`sleep()`" },
      ],
    },
    {
      // The boundary: one caller gives options (they may hold a signal); a function also used another way than a call
      // (handed on as a value) may be called with one.
      name: "a file's own function that some caller gives a signal, or that is handed on",
      code: `declare function run(id: string, o?: { signal?: AbortSignal }): Promise<void>;\nexport class Reprovider {\n  private async queue(id: string, options?: { signal?: AbortSignal }) {\n    options?.signal?.throwIfAborted();\n    await run(id);\n  }\n  async sweep(ids: string[], options?: { signal?: AbortSignal }) {\n    await this.queue(ids[0]!);\n    for (const id of ids) await this.queue(id, options);\n  }\n}\nasync function warm(id: string, signal?: AbortSignal) {\n  if (signal?.aborted) return;\n  await run(id);\n}\nexport const steps = [warm];\nexport async function start(id: string) {\n  await warm(id);\n}\n`,
      errors: [
        { line: 5, column: 11, messageId: "signalNotForwarded", message: "`run()`" },
        { line: 8, column: 11, messageId: "signalNotForwarded", message: "`this.queue()`" },
        { line: 14, column: 9, messageId: "signalNotForwarded", message: "`run()`" },
      ],
    },
    {
      // A signal parameter with a default (the signal itself, the options holding it, a destructured `signal = ...`) has
      // a signal at run time whatever the callers give.
      name: "a file's own function whose signal has a default",
      code: `async function load(url: string, signal = AbortSignal.timeout(5000)) {\n  await fetch(url);\n}\nasync function loadAll(url: string, options: { signal?: AbortSignal } = { signal: AbortSignal.timeout(5000) }) {\n  options.signal?.throwIfAborted();\n  await fetch(url);\n}\nasync function loadSome(url: string, { signal = AbortSignal.timeout(5000) }: { signal?: AbortSignal } = {}) {\n  signal.throwIfAborted();\n  await fetch(url);\n}\nexport async function main(url: string) {\n  await load(url);\n  await loadAll(url);\n  await loadSome(url);\n}\n`,
      errors: [
        { line: 2, column: 9, messageId: "signalNotForwarded", message: "`fetch()`" },
        { line: 6, column: 9, messageId: "signalNotForwarded", message: "`fetch()`" },
        { line: 10, column: 9, messageId: "signalNotForwarded", message: "`fetch()`" },
      ],
    },
    {
      // A leading `this:` parameter is not an argument: the caller's second argument is the signal.
      name: "a file's own function with a this parameter, given a signal",
      code: `async function load(this: void, url: string, signal?: AbortSignal) {\n  signal?.throwIfAborted();\n  await fetch(url);\n}\nexport async function main(url: string, signal: AbortSignal) {\n  await load(url, signal);\n}\n`,
      errors: [{ line: 3, column: 9, messageId: "signalNotForwarded", message: "`fetch()`" }],
    },
    {
      // Generated code nests deeper than the stack: past a few levels the signal is taken as not handed on.
      name: "a deeply nested options literal and a long || chain",
      code: `declare function flagsGet(key: string, options?: { signal?: AbortSignal; extra?: unknown }): Promise<boolean>;\nexport async function deep(key: string, signal: AbortSignal, x: unknown) {\n  signal.throwIfAborted();\n  await flagsGet(key, { extra: ${"{ a: ".repeat(5000)}1${" }".repeat(5000)} });\n  await flagsGet(key, { extra: ${"x || ".repeat(5000)}x });\n}\n`,
      errors: [
        { line: 4, column: 9, messageId: "signalNotForwarded" },
        { line: 5, column: 9, messageId: "signalNotForwarded" },
      ],
    },
    {
      // Round 28's boundary: a handler that gives a fallback value, one that rethrows, a catch that returns, and a try
      // around more than the call are not best-effort: the function depends on that work.
      name: "failures handled but not ignored",
      code: `declare const log: { error(...a: unknown[]): void };\ndeclare function get(key: string, o?: { signal?: AbortSignal }): Promise<string>;\nexport async function load(keys: string[], signal: AbortSignal) {\n  const a = await get(keys[0]!).catch(() => "default");\n  await get(keys[1]!).catch(err => {\n    throw new Error("failed", { cause: err });\n  });\n  try {\n    await get(keys[2]!);\n  } catch (err) {\n    log.error(err);\n    return;\n  }\n  try {\n    const b = await get(keys[3]!);\n    log.error(a, b);\n  } catch (err) {\n    log.error(err);\n  }\n  return get(keys[4]!, { signal });\n}\n`,
      errors: [
        { line: 4, column: 19, messageId: "signalNotForwarded" },
        { line: 5, column: 9, messageId: "signalNotForwarded" },
        { line: 9, column: 11, messageId: "signalNotForwarded" },
        { line: 15, column: 21, messageId: "signalNotForwarded" },
      ],
    },
  ],
};

ruleTester<MessageId>("abort-signal-not-forwarded", { valid: cases.valid.map(asPackage), invalid: cases.invalid.map(asPackage) });

test("abort-signal-not-forwarded is off by default", () => {
  assert.equal(abortSignalNotForwarded.meta.enabledByDefault, false);
});

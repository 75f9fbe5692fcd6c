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
      name: "child_process, fs/promises",
      code: `import { execFile } from "node:child_process";\nimport { readFile } from "node:fs/promises";\nexport async function build(dir: string, signal: AbortSignal) {\n  const config = await readFile(dir + "/config.json", { encoding: "utf8" });\n  execFile("make", ["-C", dir], { signal }, () => {});\n  return config;\n}\n`,
      errors: [{ line: 4, column: 24, messageId: "signalNotForwarded", message: "`readFile()`" }],
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
  ],
};

ruleTester<MessageId>("abort-signal-not-forwarded", { valid: cases.valid.map(asPackage), invalid: cases.invalid.map(asPackage) });

test("abort-signal-not-forwarded is off by default", () => {
  assert.equal(abortSignalNotForwarded.meta.enabledByDefault, false);
});

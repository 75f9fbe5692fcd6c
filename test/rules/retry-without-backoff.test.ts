import { test } from "node:test";
import assert from "node:assert/strict";
import { ruleTester, type CaseBase, type InvalidCase, type ValidCase } from "./rule-tester";
import { retryWithoutBackoff, type MessageId } from "../../server/src/rules/retry-without-backoff";

const ownPackage = { "package.json": `{"name":"case","type":"module"}` };
function asPackage<T extends ValidCase | InvalidCase>(c: T): T {
  const base: CaseBase = typeof c === "string" ? { code: c } : c;
  return { ...base, files: { ...ownPackage, ...base.files } } as unknown as T;
}

const api = `declare function send(body: string): Promise<string>;\n`;
const sleep = `const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms));\n`;
// The helper the fix writes at the end of the file (TypeScript).
const helper = `
/**
 * Calls \`fn\` until it succeeds, at most \`retries\` more times after the first failure, then throws
 * the last error. Between attempts it waits \`minMs * factor ** attempt\` (at most \`maxMs\`), with
 * full jitter (a random part of that wait) so that callers that failed together do not retry
 * together. An aborted \`signal\` ends the wait and the retries.
 */
async function retry<T>(
  fn: (attempt: number) => Promise<T>,
  { retries = 3, factor = 2, jitter = true, minMs = 100, maxMs = 10000, signal }: { retries?: number; factor?: number; jitter?: boolean; minMs?: number; maxMs?: number; signal?: AbortSignal } = {},
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= retries || signal?.aborted) throw err;
      const ms = Math.min(maxMs, minMs * factor ** attempt);
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          clearTimeout(timer);
          reject(signal?.reason);
        };
        const timer = setTimeout(() => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        }, jitter ? Math.random() * ms : ms);
        signal?.addEventListener("abort", onAbort, { once: true });
      });
    }
  }
}
`;
const jsHelper = helper
  .replace("async function retry<T>(\n  fn: (attempt: number) => Promise<T>,\n  { retries", "async function retry(fn, { retries")
  .replace(": { retries?: number; factor?: number; jitter?: boolean; minMs?: number; maxMs?: number; signal?: AbortSignal } = {},\n): Promise<T> {", " = {}) {")
  .replace("new Promise<void>(", "new Promise(");

// Round 30: a retry loop in code nothing can call (analysis/uncalled-code.ts, shared with
// missing-timeout): a module whose exported retry helper none of the package's code names, in a
// package whose users reach only its entries (a command-line program, an `exports` field that
// names each subpath), or a module-level function its module neither exports nor uses.
const netCode = `${api}${sleep}export async function post(body: string) {\n  let wait = 100;\n  for (let attempt = 0; attempt < 5; attempt++) {\n    try {\n      return await send(body);\n    } catch {\n      await sleep(wait);\n      wait = Math.min(wait * 2, 5_000);\n    }\n  }\n  return undefined;\n}\nexport function isValidUrl(u: string) {\n  return u.startsWith("https://");\n}\n`;
const netEntry = `import { isValidUrl } from "./net.js";\nconsole.log(isValidUrl(process.argv[2] ?? ""));\n`;
const cliOnly = { "package.json": `{"name":"case","type":"module","bin":{"case":"cli.js"}}`, "cli.ts": netEntry };
const closedExports = {
  "package.json": `{"name":"case","type":"module","exports":{".":"./index.js","./package.json":"./package.json"}}`,
  "index.ts": `import { isValidUrl } from "./net.js";\nexport function check(u: string) {\n  return isValidUrl(u);\n}\n`,
};

/** A file delete retried at a constant pace, as tsc compiles it to CommonJS, calling the delete through `call` (`fs/promises` bound by `required`). */
const compiledUnlinkRetry = (call: string, required = `require("node:fs/promises")`) =>
  `"use strict";\nconst promises_1 = ${required};\nfunction note() {}\nconst sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));\nasync function unlinkWithRetry(file, retries = 50) {\n  for (let attempt = 0; attempt < retries; attempt++) {\n    try {\n      await ${call}(file);\n      return;\n    } catch (error) {\n      if (attempt === retries - 1) throw error;\n      await sleep(100);\n    }\n  }\n}\nmodule.exports = { unlinkWithRetry };\n`;

// Session 27, round 38: a wait for an in-process lock (a package whose locks live in memory).
const asyncMutex = {
  "node_modules/async-mutex/package.json": `{"name":"async-mutex","types":"index.d.ts"}`,
  "node_modules/async-mutex/index.d.ts": `export declare const E_CANCELED: Error;\nexport declare class Mutex {\n  acquire(priority?: number): Promise<() => void>;\n  cancel(): void;\n  release(): void;\n  runExclusive<T>(fn: () => Promise<T>, priority?: number): Promise<T>;\n}\nexport declare class Semaphore {\n  constructor(n: number);\n  acquire(weight?: number, priority?: number): Promise<[number, () => void]>;\n}\n`,
};
/** A lock of another package, kept in Redis: waiting for it is a request to a service. */
const redisLock = {
  "node_modules/redis-semaphore/package.json": `{"name":"redis-semaphore","types":"index.d.ts"}`,
  "node_modules/redis-semaphore/index.d.ts": `export declare class Mutex {\n  constructor(client: unknown, key: string);\n  acquire(): Promise<void>;\n}\n`,
};

// Round 39: a delayed attempt, a project function that waits before its work, called in the try:
// the attempt and its wait. Its duration is read at the call when it is a parameter.
const delayedCheck = `${api}function checkLater(body: string, ms: number) {\n  return new Promise<string>((resolve, reject) => {\n    setTimeout(() => {\n      send(body).then(resolve, reject);\n    }, ms);\n  });\n}\n`;
const delayedLoop = (call: string) =>
  `export async function poll(body: string, interval: number) {\n  let wait = interval;\n  for (let i = 0; i < 10; i++) {\n    try {\n      return await ${call};\n    } catch {\n      wait *= 2;\n    }\n  }\n  return undefined;\n}\n`;
// tsc's output for a private method below ES2022: `__classPrivateFieldGet(this, _C_instances, "m", _C_fn).call(this, ...)`.
const compiledPrivate = (check: string) =>
  `"use strict";\nvar __classPrivateFieldGet = (this && this.__classPrivateFieldGet) || function (receiver, state, kind, f) { return kind === "m" ? f : state.get(receiver); };\nvar _Client_instances, _Client_check, _Client_wait;\nconst axios = require("axios");\nclass Client {\n  constructor() { _Client_instances.add(this); }\n  async login(code, interval, expiresIn) {\n    return __classPrivateFieldGet(this, _Client_instances, "m", _Client_wait).call(this, code, interval, expiresIn);\n  }\n}\nexports.Client = Client;\n_Client_instances = new WeakSet(), _Client_check = ${check}, _Client_wait = async function _Client_wait(code, interval, expiresIn) {\n  for (let i = 0; i < expiresIn; i += interval) {\n    try {\n      return await __classPrivateFieldGet(this, _Client_instances, "m", _Client_check).call(this, code, interval * 1000);\n    } catch {\n      // keep trying\n    }\n  }\n  throw new Error("timed out");\n};\n`;
const axiosTypes = {
  "node_modules/axios/index.d.ts": `declare function axios(config: { url: string; method: string }): Promise<{ data: unknown }>;\nexport default axios;\n`,
  "node_modules/axios/package.json": `{"name":"axios","types":"index.d.ts"}`,
};

// Round 42: a poll of a service that answers. The catch goes round only on a definite 4xx status and
// throws everything else (outages, rate limits); the loop waits and has a limit.
const httpApi = `declare class HttpError extends Error {\n  response?: { status: number };\n}\ndeclare function createSession(code: string): Promise<string>;\n`;
/** An OAuth device-code poll: `if (filter) { wait } else throw`, at most 60 attempts. */
const devicePoll = (filter: string, wait = "await sleep(3000);") =>
  `${httpApi}${sleep}export async function login(code: string) {\n  let attempts = 0;\n  let session: string | null = null;\n  while (attempts < 60 && session === null) {\n    try {\n      session = await createSession(code);\n    } catch (error) {\n      if (${filter}) {\n        attempts++;\n        ${wait}\n      } else {\n        throw error;\n      }\n    }\n  }\n  return session;\n}\n`;
// Round 44: an OAuth device-code login (RFC 8628) polls the token endpoint with the device-code grant
// type until the user approves, at the server's interval and until the code expires.
const deviceGrant = `const DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";\n`;
const tokenApi = `declare function requestToken(form: { grant_type: string; device_code: string }): Promise<string>;\n`;
/** A device-code poll: `try` the token request, `catch` waits (`wait`), at most `head` attempts. */
const deviceTokenPoll = (request: string, wait = "await sleep(interval * 1000);", head = "for (let i = 0; i < expiresIn; i += interval)") =>
  `${tokenApi}${sleep}${deviceGrant}export async function waitForApproval(code: string, interval: number, expiresIn: number) {\n  ${head} {\n    try {\n      return await ${request};\n    } catch {\n      ${wait}\n    }\n  }\n  throw new Error("expired");\n}\n`;
/** A wait for an object to become visible: a give-up `if` in the catch, then a growing wait. */
const visibilityPoll = (head: string, filter: string) =>
  `${httpApi}${sleep}export async function waitVisible(id: string) {\n  ${head} {\n    try {\n      return await createSession(id);\n    } catch (err) {\n      ${filter}\n      await sleep(500 * 2 ** i);\n    }\n  }\n  return undefined;\n}\n`;

// Round 46: a prompt asked again. A CLI walkthrough re-asks until the person answers; no service sees it.
const promptTypes = {
  "node_modules/@inquirer/prompts/package.json": `{"name":"@inquirer/prompts","types":"index.d.ts"}`,
  "node_modules/@inquirer/prompts/index.d.ts": `export declare function input(config: { message: string }): Promise<string>;\n`,
  "node_modules/enquirer/package.json": `{"name":"enquirer","types":"index.d.ts"}`,
  "node_modules/enquirer/index.d.ts": `declare class Enquirer {\n  prompt(question: { type: string; name: string; message: string }): Promise<Record<string, string>>;\n}\nexport = Enquirer;\n`,
};
/** `while (!answer) { try { answer = await <ask> } catch { report } }`, in JavaScript. */
const reAsk = (head: string, ask: string) =>
  `${head}\nasync function askLambda(question, print) {\n  let answer;\n  while (!answer) {\n    try {\n      answer = await ${ask};\n    } catch (err) {\n      print("Select a Lambda function");\n    }\n  }\n  return answer;\n}\nmodule.exports = { askLambda };\n`;

// Round 45: a long poll. The server holds each poll and answers 408 until the event it waits for
// (a sign-in in the browser); the catch goes round only on 408 and throws every other error.
const pollApi = `declare class HttpError extends Error {\n  http?: { statusCode: number };\n}\ndeclare function getJson(url: string): Promise<{ token: string }>;\n`;
/** A browser login's long poll: `try` the poll, `catch` filters (`filter`) and waits (`wait`), under `head`. */
const longPoll = (filter: string, wait = "await sleep(1000);", head = "while (true)") =>
  `${pollApi}${sleep}export async function waitForLogin(server: string, nonce: string) {\n  let token = "";\n  ${head} {\n    try {\n      ({ token } = await getJson(\`\${server}/cli/poll?token=\${nonce}\`));\n      break;\n    } catch (error) {\n      ${filter}\n      ${wait}\n    }\n  }\n  return token;\n}\n`;
/** A boundary of the long-poll class: the poll is reported, on the polled call. */
const longPollReported = (name: string, filter: string, messageId: MessageId = "constantDelay", wait?: string): InvalidCase<MessageId> => ({
  name,
  code: longPoll(filter, wait),
  errors: [{ line: 10, column: 20, messageId }],
});

// Round 48: a request whose HTTP client retries it by itself. got retries idempotent requests on
// network errors, 429 and 5xx with growing, jittered waits: the loop around it does not hammer.
/** A module-private `retry(fn, times)` helper, tried at once, and its callers (`callers`), in JavaScript with `got` imported as `head`. */
const gotHelper = (callers: string, head = `import got from "got";`, helper = "async function retry") =>
  `${head}\n${helper}(fn, times) {\n  for (let attempt = 0; attempt < times; attempt++) {\n    try {\n      return await fn();\n    } catch (err) {\n      if (attempt === times - 1) throw err;\n    }\n  }\n}\n${callers}`;
const gotIndex = `export async function index(url) {\n  return retry(async () => {\n    const response = await got(url);\n    return JSON.parse(response.body);\n  }, 3);\n}\n`;
/** `request` tried up to three times at once, in a loop of its own. */
const gotLoop = (head: string, request: string, loop = "for (let i = 0; i < 3; i++)") =>
  `${head}\nexport async function load(url, body) {\n  ${loop} {\n    try {\n      return await ${request};\n    } catch (err) {\n      console.warn(err);\n    }\n  }\n  return undefined;\n}\n`;

// Round 49: a fallback walk through a private helper handed the attempt as a function: the catch
// replaces the transport every caller's function goes through (a lower protocol version each time).
/** A client whose private `#withFallback(action)` tries `await action()` with no wait; `callers` are its other members. */
const fallbackClient = (callers: string, helper = "async #withFallback", replace = "this.#transport = createTransport(e.fallback);") =>
  `declare function createTransport(version: number): { protocol: number; get(name: string): Promise<string>; list(): Promise<string[]> };\ndeclare function send(name: string): Promise<string>;\nclass NegotiationError extends Error {\n  fallback = 1;\n}\nexport class Client {\n  #transport = createTransport(3);\n  #next = 0;\n  ${helper}<T>(action: () => Promise<T>): Promise<T> {\n    while (true) {\n      try {\n        return await action();\n      } catch (e) {\n        if (!(e instanceof NegotiationError) || e.fallback === this.#transport.protocol) throw e;\n        ${replace}\n      }\n    }\n  }\n${callers}}\n`;
const fallbackCallers = `  get(name: string) {\n    return this.#withFallback(() => this.#transport.get(name));\n  }\n  list = () => this.#withFallback(async () => {\n    const names = await this.#transport.list();\n    return names;\n  });\n`;

const cases: { valid: ValidCase[]; invalid: InvalidCase<MessageId>[] } = {
  valid: [
    {
      name: "round 49: a private helper handed the attempt, whose catch replaces the transport every caller's arrow goes through: a protocol fallback walk",
      code: fallbackClient(fallbackCallers),
    },
    {
      name: "round 49: the same with TypeScript's `private` helper",
      code: fallbackClient(fallbackCallers.replaceAll("#withFallback", "withFallback"), "private async withFallback"),
    },
    {
      name: "round 48: a module-private retry helper whose one caller passes a got GET: got waits between its own attempts",
      code: gotHelper(gotIndex),
      filename: "versions.mjs",
    },
    {
      name: "round 48: got's shorthands and options that keep its retry on (a timeout, a retry limit, GET by method), and tsc's CommonJS form",
      code: gotLoop(
        `const got_1 = __importDefault(require("got"));\nconst got = require("got");`,
        `got.get(url, { timeout: { request: 5000 } }).json() ?? await got(url, { method: "PUT", body, retry: { limit: 5 } }) ?? await (0, got_1.default)(url)`,
      ),
      filename: "load.js",
    },
    {
      name: "round 45: a long poll that goes round only on 408 and throws every other error, 1 s apart, with no limit",
      code: longPoll("if (!(error instanceof HttpError) || error.http?.statusCode !== 408) throw error;"),
    },
    {
      name: "round 45: a long poll filtered by an if whose else throws, with a limit and a growing wait",
      code: longPoll(
        "if (error instanceof HttpError && error.http?.statusCode === 408) {\n        attempt++;\n      } else {\n        throw error;\n      }",
        "await sleep(250 * 2 ** Math.min(attempt, 4));",
        "for (let attempt = 0; attempt < 100; )",
      ),
    },
    // Round 42: a device-code poll that goes round only on 400 ("not approved yet"), every 3 s, at most 60 times.
    devicePoll("error instanceof HttpError && error.response?.status === 400"),
    {
      name: "round 44: an OAuth device-code poll, the grant type written in the request, a constant wait and a limit",
      code: deviceTokenPoll(`requestToken({ grant_type: "urn:ietf:params:oauth:grant-type:device_code", device_code: code })`),
    },
    {
      name: "round 44: an OAuth device-code poll whose grant type is a const of the file",
      code: deviceTokenPoll("requestToken({ grant_type: DEVICE_GRANT, device_code: code })", "await sleep(interval * 1000 * 2 ** Math.min(i, 3));"),
    },
    {
      name: "round 44: an OAuth device-code poll through a project function that sends the token request",
      code: deviceTokenPoll("exchange(code)").replace(
        "export async function",
        "async function exchange(device_code: string) {\n  return requestToken({ grant_type: DEVICE_GRANT, device_code });\n}\nexport async function",
      ),
    },
    {
      name: "round 44: a compiled private method that delays the device-code token request by the server's interval (`{ grant_type }`, a const of the file)",
      filename: "client.cjs",
      files: axiosTypes,
      code: compiledPrivate(
        `async function _Client_check(code, timeout) {\n  return new Promise((resolve, reject) => {\n    setTimeout(() => {\n      axios({ url: "https://login.example.com/token", method: "POST", params: { grant_type, device_code: code } }).then(resolve).catch(reject);\n    }, timeout);\n  });\n}`,
      ).replace(`const axios = require("axios");\n`, `const axios = require("axios");\nconst grant_type = "urn:ietf:params:oauth:grant-type:device_code";\n`),
    },

    // Round 42: a wait for an object to become visible: every error but a 404 is thrown (a filter with no status is read past).
    visibilityPoll("for (let i = 0; i < 10; i++)", "if (!(err instanceof HttpError) || err.response?.status !== 404) throw err;"),
    visibilityPoll("for (let i = 0; i < 10; i++)", "if (404 != (err as { statusCode?: number }).statusCode) throw err;"),
    visibilityPoll(
      "for (let i = 0; i < 10; i++)",
      "const status = (err as HttpError).response?.status;\n      if (!(err instanceof HttpError)) throw err;\n      if (status !== 404 && status !== 409) throw err;",
    ),
    // Round 39: a delayed attempt whose wait has randomness (the duration argument jittered).
    `${delayedCheck}${delayedLoop("checkLater(body, Math.random() * wait)")}`,
    // Round 39: a delayed attempt whose duration is neither a parameter nor a literal: unknown, as a wait through a call we cannot see through.
    `${api}const config = { pollMs: 5000 };\nfunction checkLater(body: string) {\n  return new Promise<string>((resolve, reject) => {\n    setTimeout(() => send(body).then(resolve, reject), config.pollMs);\n  });\n}\n${delayedLoop("checkLater(body)")}`,
    // Exponential backoff with jitter, bounded.
    `${api}${sleep}export async function post(body: string) {\n  for (let attempt = 0; attempt < 5; attempt++) {\n    try {\n      return await send(body);\n    } catch (err) {\n      if (attempt === 4) throw err;\n      await sleep(Math.random() * 100 * 2 ** attempt);\n    }\n  }\n  throw new Error("unreachable");\n}\n`,
    // The fixed shape: the retry helper (its own loop backs off with jitter and is bounded).
    `${api}export async function post(body: string) {\n  return await retry(async () => {\n    try {\n      return await send(body);\n    } catch (err) {\n      console.warn("retrying", err);\n      throw err;\n    }\n  }, { retries: 2 });\n}\n${helper}`,
    { code: `export async function post(send, body) {\n  return await retry(() => send(body), { retries: 2 });\n}\n${jsHelper}`, filename: "client.js" },
    // for...of over alternatives (fallback hosts): not a retry.
    `declare function get(host: string): Promise<string>;\nexport async function first(hosts: string[]) {\n  for (const host of hosts) {\n    try {\n      return await get(host);\n    } catch {}\n  }\n  return undefined;\n}\n`,
    // Each time round tries the next port: alternatives.
    `declare function listen(port: number): Promise<void>;\nexport async function bind(start: number) {\n  for (let port = start; port < start + 10; port++) {\n    try {\n      await listen(port);\n      return port;\n    } catch {}\n  }\n  return -1;\n}\n`,
    // A fresh name each time (a collision is retried at once on purpose).
    `import { mkdir } from "node:fs/promises";\ndeclare function randomName(): string;\nexport async function makeTemp() {\n  while (true) {\n    const name = randomName();\n    try {\n      await mkdir(name);\n      return name;\n    } catch (e) {\n      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;\n    }\n  }\n}\n`,
    // A consumer loop: success does not leave the loop.
    `${api}export async function pump(next: () => Promise<string>) {\n  while (true) {\n    try {\n      const body = await next();\n      await send(body);\n    } catch (err) {\n      console.error(err);\n    }\n  }\n}\n`,
    // Every failure leaves the loop.
    `${api}export async function once(body: string) {\n  while (true) {\n    try {\n      return await send(body);\n    } catch (err) {\n      throw new Error("failed", { cause: err });\n    }\n  }\n}\n`,
    // Another await on the way round may be the wait (not ours to judge).
    `${api}declare const backoffTimer: { next(): Promise<void> };\nexport async function post(body: string) {\n  for (let i = 0; i < 3; i++) {\n    try {\n      return await send(body);\n    } catch {\n      await backoffTimer.next();\n    }\n  }\n  return undefined;\n}\n`,
    // A project function named like a wait that does more than wait is not taken for one.
    `${api}async function sleepThenPing(ms: number) { await new Promise(r => setTimeout(r, ms)); await send("ping"); }\nexport async function post(body: string) {\n  for (let i = 0; i < 3; i++) {\n    try {\n      return await send(body);\n    } catch {\n      await sleepThenPing(1000);\n    }\n  }\n  return undefined;\n}\n`,
    // At most two attempts by a counter and constants (a literal, or a const of the file): one
    // immediate retry hammers nothing and gives up at once.
    `${api}const MAX_ATTEMPTS = 2;\nexport async function check(body: string) {\n  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {\n    try {\n      return await send(body);\n    } catch {\n      // retry once\n    }\n  }\n  return undefined;\n}\n`,
    `${api}${sleep}export async function check(body: string) {\n  let tries = 0;\n  while (tries < 2) {\n    tries++;\n    try {\n      return await send(body);\n    } catch {\n      await sleep(250);\n    }\n  }\n  return undefined;\n}\n`,
    // Session 13, round 12: work that touches only this machine loads no service.
    {
      name: "a folder delete retried only on file-system error codes (through two helpers of the file): the failure is local",
      code: `import { rm } from "node:fs/promises";\n${sleep}function isTransient(error: unknown) {\n  if (typeof error !== "object" || error === null || !("code" in error)) return false;\n  const { code } = error as { code: string };\n  return code === "EBUSY" || code === "ENOTEMPTY" || code === "EPERM";\n}\nfunction shouldRetry(error: unknown, count: number) {\n  return process.platform === "win32" && count < 3 && isTransient(error);\n}\nexport async function retryDeletion(action: () => Promise<void>) {\n  for (let count = 0; ; count++) {\n    try {\n      return await action();\n    } catch (error) {\n      if (!shouldRetry(error, count)) throw error;\n      await sleep((count + 1) * 100);\n    }\n  }\n}\nexport const removeFolder = (dir: string) => retryDeletion(() => rm(dir, { recursive: true }));\n`,
    },
    {
      name: "a retry only while the error code is EBUSY or EPERM (!== against each), with no wait",
      code: `import { rename } from "node:fs/promises";\nexport async function move(from: string, to: string) {\n  for (let i = 0; i < 5; i++) {\n    try {\n      return await rename(from, to);\n    } catch (e) {\n      const code = (e as NodeJS.ErrnoException).code;\n      if (code !== "EBUSY" && code !== "EPERM") throw e;\n    }\n  }\n  return undefined;\n}\n`,
    },
    {
      name: "a server's listen retried while a previous one still holds the socket: binding an address is local",
      code: `${sleep}declare const api: { listen(o: { path: string }): Promise<string> };\nexport async function start(path: string) {\n  for (let i = 0; i < 5; i++) {\n    try {\n      await api.listen({ path });\n      break;\n    } catch (e) {\n      if (i === 4) throw e;\n      await sleep(100);\n    }\n  }\n}\n`,
    },
    {
      name: "a readiness poll of a server on the loopback address (the URL written in the call)",
      code: `${sleep}declare const http: { get(url: string): Promise<{ data: unknown }> };\nexport async function waitReady(port: number, deadline: number) {\n  while (Date.now() < deadline) {\n    try {\n      return (await http.get(\`http://127.0.0.1:\${port}/json/version\`)).data;\n    } catch {\n      await sleep(20);\n    }\n  }\n  throw new Error("not ready");\n}\n`,
    },
    // Session 37, round 53: the loopback URL given a name first (a const, an options property, a
    // module-private helper's parameter), in a loop with a limit or a deadline.
    {
      name: "round 53: a readiness wait for a loopback server whose URL is a const of the function (3 attempts, growing waits)",
      code: `${sleep}declare function lease(url: string, id: string): Promise<string>;\ndeclare function reset(url: string): Promise<void>;\nexport async function ensureToken(port: number, id: string) {\n  const loopbackUrl = \`http://127.0.0.1:\${port}\`;\n  for (let attempt = 1; attempt <= 3; attempt++) {\n    try {\n      await reset(loopbackUrl);\n      return await lease(loopbackUrl, id);\n    } catch {\n      await sleep(2000 * 2 ** (attempt - 1));\n    }\n  }\n  return undefined;\n}\n`,
    },
    {
      name: "round 53: the loopback URL in an options object's url-like property, 15 attempts 2 s apart",
      code: `${sleep}declare function isEnabled(id: string, flag: string, o: { runtimeUrl: string; proxyUrl?: string; baseUrl?: string }): Promise<boolean>;\nexport async function flagWhenUp(id: string, port: number) {\n  let last: unknown;\n  for (let attempt = 1; attempt <= 15; attempt++) {\n    try {\n      return await isEnabled(id, "ingress", { runtimeUrl: \`http://127.0.0.1:\${port}\` });\n    } catch (err) {\n      last = err;\n      await sleep(2000);\n    }\n  }\n  throw last;\n}\n`,
    },
    {
      name: "round 53: a module-private helper's destructured parameter, every caller passing a localhost URL, until a deadline",
      code: `${sleep}declare function lease(url: string, id: string): Promise<string>;\ndeclare function reset(url: string): Promise<void>;\nasync function waitAndLease(opts: { runtimeUrl: string; id: string; deadline: number }) {\n  const { runtimeUrl, id, deadline } = opts;\n  while (Date.now() < deadline) {\n    try {\n      return await lease(runtimeUrl, id);\n    } catch {\n      await sleep(2000);\n    }\n  }\n  return undefined;\n}\nexport async function hatch(port: number, id: string) {\n  const runtimeUrl = \`http://localhost:\${port}\`;\n  return waitAndLease({ runtimeUrl, id, deadline: Date.now() + 60_000 });\n}\n`,
    },
    {
      name: "round 53: a URL built on a loopback base const (`${base}/readyz`), a module-private helper's positional parameter",
      code: `${sleep}declare const http: { get(url: string): Promise<{ data: unknown }> };\nconst base = "http://[::1]:8080";\nasync function ready(url: string) {\n  for (let i = 0; i < 10; i++) {\n    try {\n      return (await http.get(url)).data;\n    } catch {\n      await sleep(500);\n    }\n  }\n  return undefined;\n}\nexport async function start() {\n  return ready(\`\${base}/readyz\`);\n}\n`,
    },
    // Session 25, round 35: compiled CommonJS calls a named import through a comma,
    // `(0, promises_1.unlink)(file)`: the shared I/O summary reads it as fs's unlink, local work.
    {
      name: "round 35: a file delete retried at a constant pace in compiled CommonJS, (0, promises_1.unlink)(file)",
      filename: "case.cjs",
      code: compiledUnlinkRetry("(0, promises_1.unlink)"),
    },
    // ... and a namespace import after tsc's interop helper: `__importStar(require("node:fs/promises"))`, then `promises_1.unlink(file)`.
    {
      name: "round 35: a file delete retried at a constant pace through tsc's __importStar(require(...))",
      filename: "case.cjs",
      code: compiledUnlinkRetry("promises_1.unlink", `__importStar(require("node:fs/promises"))`),
    },
    // Session 25, round 36: a method of the module object reached through `default` or a Node
    // module's `promises` is the module's call: fs's delete, local.
    {
      name: "round 36: a file delete retried at a constant pace through the default import, promises_1.default.unlink after __importDefault",
      filename: "case.cjs",
      code: compiledUnlinkRetry("promises_1.default.unlink", `__importDefault(require("node:fs/promises"))`),
    },
    {
      name: 'round 36: a file delete retried at a constant pace through fs\'s promise API, promises_1.promises.unlink after __importStar(require("fs"))',
      filename: "case.cjs",
      code: compiledUnlinkRetry("promises_1.promises.unlink", `__importStar(require("fs"))`),
    },
    // Session 20, round 23: more work that touches only this machine, polls, and runners' re-runs.
    {
      name: "a file delete retried at a constant pace (a file another handle still holds): a call of Node's fs is local",
      code: `import { unlink } from "node:fs/promises";\n${sleep}export async function unlinkWithRetry(file: string, retries = 50) {\n  for (let attempt = 0; attempt < retries; attempt++) {\n    try {\n      await unlink(file);\n      return;\n    } catch (error) {\n      if (attempt === retries - 1) throw error;\n      await sleep(100);\n    }\n  }\n}\n`,
    },
    {
      name: "a wait for a socket file a child process creates (fs through a default import)",
      code: `import fs from "node:fs/promises";\nexport async function waitForSocket(file: string, child: { exited: boolean }) {\n  for (;;) {\n    if (child.exited) break;\n    try {\n      await fs.stat(file);\n      break;\n    } catch {\n      await new Promise(resolve => setTimeout(resolve, 20));\n    }\n  }\n}\n`,
    },
    // Session 22: the file-system shape through the project's functions (the shared I/O summary).
    {
      name: "a lock file written by a project method in another file, which only does file-system calls, retried at a constant pace",
      files: {
        "lock.ts": `import { open, writeFile } from "node:fs/promises";\nexport class LockFile {\n  constructor(private readonly path: string) {}\n  async take(pid: number) {\n    const handle = await open(this.path, "wx");\n    await this.write(handle.fd, pid);\n    await handle.close();\n  }\n  private async write(fd: number, pid: number) {\n    await writeFile(\`\${this.path}.pid\`, String(pid + fd));\n  }\n}\n`,
      },
      code: `import { LockFile } from "./lock.js";\n${sleep}export async function acquire(lock: LockFile) {\n  for (let i = 0; i < 50; i++) {\n    try {\n      await lock.take(process.pid);\n      return true;\n    } catch {\n      await sleep(100);\n    }\n  }\n  return false;\n}\n`,
    },
    {
      name: "a listen retried only while the address is in use (the other codes are thrown in the else branch)",
      code: `declare function bindServer(port: number): Promise<number>;\ndeclare function freePort(): Promise<number>;\nexport async function serve() {\n  for (let i = 0; i < 10; i++) {\n    try {\n      return await bindServer(await freePort());\n    } catch (err) {\n      if (!(err instanceof Error)) throw err;\n      if ((err as NodeJS.ErrnoException).code === "EADDRINUSE") {\n        // taken: try another port\n      } else {\n        throw err;\n      }\n    }\n  }\n  throw new Error("no port");\n}\n`,
    },
    {
      name: "a status poll: the flag the try sets is a test of the result, so the loop goes round after a success too",
      code: `${sleep}declare function getStatus(id: string): Promise<{ state: string }>;\ndeclare function isUnsettled(s: { state: string } | undefined): boolean;\nexport async function waitForDone(id: string) {\n  let pending = true;\n  let last: { state: string } | undefined;\n  let wait = 200;\n  while (pending) {\n    try {\n      last = await getStatus(id);\n      pending = isUnsettled(last);\n      if (!pending) break;\n    } catch (e) {\n      console.warn(e);\n    }\n    await sleep(wait);\n    wait *= 1.5;\n  }\n  return last;\n}\n`,
    },
    {
      name: "a task runner re-runs a caller's task, recording its attempts on the task it hands over",
      code: `interface Task { retry?: number; retryCount?: number; run(task: Task): Promise<void> }\nexport async function runTask(task: Task) {\n  const tries = (task.retry ?? 0) + 1;\n  for (let n = 1; n <= tries; n++) {\n    try {\n      return await task.run(task);\n    } catch (error) {\n      if (n === tries) throw error;\n      task.retryCount = n;\n    }\n  }\n}\nexport async function runItem(item: { tries: number; fn: () => Promise<void> }, retries: number) {\n  while (retries--) {\n    ++item.tries;\n    try {\n      await item.fn();\n      return;\n    } catch {}\n  }\n}\n`,
    },
    {
      name: "session 24: a fallback walk, each round tries another element (what is left after pop() or splice(), the next by shift() or an index, a round-robin bounded by the list)",
      code: `declare function get(host: string): Promise<string>;\ndeclare function apply(...items: string[]): Promise<void>;\nexport async function setAll(items: string[]) {\n  const left = [...items];\n  while (left.length > 0) {\n    try {\n      await apply(...left);\n      break;\n    } catch (e) {\n      console.warn(e);\n      left.pop();\n    }\n  }\n}\nexport async function firstUp(hosts: string[]) {\n  const queue = [...hosts];\n  while (true) {\n    try {\n      return await get(queue[0]!);\n    } catch {\n      queue.splice(0, 1);\n      if (queue.length === 0) throw new Error("none up");\n    }\n  }\n}\nexport async function tryEach(hosts: string[]) {\n  while (hosts.length) {\n    try {\n      return await get(hosts[0]!);\n    } catch {\n      hosts.shift();\n    }\n  }\n  return undefined;\n}\nexport async function nextIndex(hosts: string[]) {\n  let i = 0;\n  while (i < hosts.length) {\n    try {\n      return await get(hosts[i]!);\n    } catch {\n      i++;\n    }\n  }\n  return undefined;\n}\nexport async function roundRobin(hosts: string[], start: number) {\n  for (let i = 0; i < hosts.length; i++) {\n    try {\n      return await get(hosts[(start + i) % hosts.length]!);\n    } catch {}\n  }\n  return undefined;\n}\n`,
    },
    // Session 27, round 38: an in-process lock's wait fails only by this process's cancel or timeout.
    {
      name: "round 38: a mutex of async-mutex acquired again after a later operation cancelled it, 200 ms apart, forever: an in-process lock",
      files: asyncMutex,
      code: `import { E_CANCELED, Mutex } from "async-mutex";\n${sleep}export class Typing {\n  private readonly mutex = new Mutex();\n  async dispose() {\n    for (;;) {\n      try {\n        this.mutex.cancel();\n        await this.mutex.acquire();\n        break;\n      } catch (error) {\n        if (error !== E_CANCELED) throw error;\n        await sleep(200);\n      }\n    }\n  }\n}\n`,
    },
    {
      name: "round 38: a semaphore of async-mutex acquired with a literal weight and priority, retried at once",
      files: asyncMutex,
      code: `import { Semaphore } from "async-mutex";\nconst slots = new Semaphore(4);\nexport async function take(tries: number) {\n  for (let i = 0; i < tries; i++) {\n    try {\n      return await slots.acquire(1, 5);\n    } catch {}\n  }\n  return undefined;\n}\n`,
    },
    // Round 46: a prompt package's question asked again at once.
    {
      name: "round 46: an untyped inquirer's list prompt re-asked until the person answers (require, no types)",
      code: reAsk(`const inquirer = require("inquirer");`, "inquirer.prompt([question])"),
      filename: "walkthrough.js",
    },
    {
      name: "round 46: ... through an ESM default import of inquirer",
      code: reAsk(`import inquirer from "inquirer";`, "inquirer.prompt([question])"),
      filename: "walkthrough.mjs",
    },
    {
      name: "round 46: typed prompts: @inquirer/prompts' input by a named import, and an Enquirer instance's prompt by its declaration's package",
      files: promptTypes,
      code: `import { input } from "@inquirer/prompts";\nimport Enquirer = require("enquirer");\nexport async function askName(validate: (s: string) => boolean) {\n  for (;;) {\n    try {\n      const name = await input({ message: "Name" });\n      if (validate(name)) return name;\n    } catch {\n      console.error("try again");\n    }\n  }\n}\nexport async function askColor(enquirer: Enquirer) {\n  while (true) {\n    try {\n      return (await enquirer.prompt({ type: "input", name: "color", message: "Color" })).color;\n    } catch {\n      console.error("try again");\n    }\n  }\n}\n`,
    },
    // Test files are skipped by default.
    {
      code: `${api}export async function post(body: string) {\n  while (true) {\n    try { return await send(body); } catch {}\n  }\n}\n`,
      filename: "client.test.ts",
    },
    // Round 30: code nothing can call.
    {
      name: "round 30: a retry helper of a command-line program's module that no module of the program names (its entry imports a sibling): it never runs",
      code: netCode,
      filename: "net.ts",
      files: cliOnly,
    },
    {
      name: "round 30: ... also in a library whose `exports` names each subpath, the helper's module imported by the entry for a sibling only",
      code: netCode,
      filename: "net.ts",
      files: closedExports,
    },
    {
      name: "round 30: a module-level function with a retry loop that its module neither exports nor uses",
      code: `${api}${sleep}async function post(body: string) {\n  let wait = 100;\n  for (let attempt = 0; attempt < 5; attempt++) {\n    try {\n      return await send(body);\n    } catch {\n      await sleep(wait);\n      wait = Math.min(wait * 2, 5_000);\n    }\n  }\n  return undefined;\n}\nexport const name = "net";\n`,
    },
  ],
  invalid: [
    {
      name: "round 49 boundary: one caller's function does not go through the replaced transport",
      code: fallbackClient(`${fallbackCallers}  ping(name: string) {\n    return this.#withFallback(() => send(name));\n  }\n`),
      errors: [{ line: 12, column: 16, messageId: "retriesImmediately" }],
    },
    {
      name: "round 49 boundary: a public helper (any caller may pass any work), and a private one given a function in a variable",
      code:
        fallbackClient(fallbackCallers.replaceAll("#withFallback", "withFallback"), "async withFallback") +
        fallbackClient(`  get(name: string) {\n    const work = () => this.#transport.get(name);\n    return this.#withFallback(work);\n  }\n`)
          .replace(/^declare.*\n.*\n/, "")
          .replace(/class NegotiationError[^]*?\n}\n/, "")
          .replace("class Client", "class Other"),
      errors: [
        { line: 12, column: 16, messageId: "retriesImmediately" },
        { line: 33, column: 16, messageId: "retriesImmediately" },
      ],
    },
    {
      name: "round 49 boundary: with no limit, a field that wraps round through % comes back to the same transports",
      code: fallbackClient(
        `  get(name: string) {\n    return this.#withFallback(() => this.#transport.get(String(this.#next)));\n  }\n`,
        "async #withFallback",
        "this.#next = (this.#next + 1) % 3;",
      ),
      errors: [{ line: 12, column: 16, messageId: "retriesImmediately" }],
    },
    {
      name: "round 48 boundary: got with its retry turned off, a POST (not retried by default), and options in a variable",
      code:
        gotLoop(`import got from "got";`, `got(url, { retry: { limit: 0 } })`) +
        gotLoop("", `got.post(url, { json: body })`).replace("load(", "send(") +
        gotLoop("", `got(url, body)`).replace("load(", "fetchWith("),
      filename: "load.mjs",
      errors: [
        { line: 5, column: 14, messageId: "retriesImmediately" },
        { line: 16, column: 14, messageId: "retriesImmediately" },
        { line: 27, column: 14, messageId: "retriesImmediately" },
      ],
    },
    {
      name: "round 48 boundary: a got request retried with no limit: the loop still goes round for ever",
      code: gotLoop(`import got from "got";`, "got(url)", "while (true)"),
      filename: "load.mjs",
      errors: [{ line: 5, column: 14, messageId: "retriesImmediately" }],
    },
    {
      name: "round 48 boundary: the helper exported (any caller may pass any work), or a caller passing work that is not got's",
      code:
        gotHelper(gotIndex, `import got from "got";`, "export async function retry") +
        gotHelper(
          `export const head = url => retryAgain(() => fetch(url), 3);\nexport const body = url => retryAgain(async () => (await got(url)).body, 3);\n`,
          "",
          "async function retryAgain",
        ),
      filename: "versions.mjs",
      errors: [
        { line: 5, column: 14, messageId: "retriesImmediately" },
        { line: 21, column: 14, messageId: "retriesImmediately" },
      ],
    },
    {
      name: "round 46 boundary: a prompt beside a login request in the same try: the request is retried at once",
      code: reAsk(`const inquirer = require("inquirer");\nconst { login } = require("./api");`, "inquirer.prompt([question]).then(a => login(a))").replace(
        "answer = await inquirer.prompt([question]).then(a => login(a));",
        "const { password } = await inquirer.prompt([question]);\n      answer = await login(password);",
      ),
      filename: "walkthrough.js",
      errors: [{ line: 7, column: 28, messageId: "retriesImmediately" }],
    },
    {
      name: "round 46 boundary: a project's own prompt module (not a prompt package) and a package of another name",
      code:
        reAsk(`const prompt = require("./prompt");\nconst client = require("prompt-service-client");`, "prompt.ask(question)") +
        `async function fetchAnswer(question) {\n  let answer;\n  while (!answer) {\n    try {\n      answer = await client.prompt(question);\n    } catch {}\n  }\n  return answer;\n}\nmodule.exports.fetchAnswer = fetchAnswer;\n`,
      filename: "walkthrough.js",
      errors: [
        { line: 7, column: 16, messageId: "retriesImmediately" },
        { line: 19, column: 16, messageId: "retriesImmediately" },
      ],
    },
    {
      name: "round 44 boundary: a device-code poll with no wait (a busy poll)",
      code: deviceTokenPoll("requestToken({ grant_type: DEVICE_GRANT, device_code: code })", "// again"),
      errors: [{ line: 7, column: 14, messageId: "retriesImmediately" }],
    },
    {
      name: "round 44 boundary: a device-code poll with no limit (an abandoned login polled for ever)",
      code: deviceTokenPoll("requestToken({ grant_type: DEVICE_GRANT, device_code: code })", undefined, "while (true)"),
      errors: [{ line: 7, column: 14, messageId: "constantDelay" }],
    },
    {
      name: "round 44 boundary: another grant type (a refresh) retried after a constant wait",
      code: deviceTokenPoll(`requestToken({ grant_type: "refresh_token", device_code: code })`),
      errors: [{ line: 7, column: 14, messageId: "constantDelay" }],
    },
    {
      name: "round 44 boundary: a device-code token request beside another request in the try",
      code: deviceTokenPoll("requestToken({ grant_type: DEVICE_GRANT, device_code: code }).then(() => send(code))").replace(
        "export async",
        `${api}export async`,
      ),
      errors: [{ line: 8, column: 14, messageId: "constantDelay" }],
    },
    longPollReported(
      "round 45 boundary: a long poll's 408 beside a 5xx (an outage is retried too)",
      "if (!(error instanceof HttpError) || (error.http?.statusCode !== 408 && error.http?.statusCode !== 503)) throw error;",
    ),
    longPollReported(
      "round 45 boundary: a poll that goes round on 408 or 429 (a rate limit)",
      "const status = (error as HttpError).http?.statusCode;\n      if (status !== 408 && status !== 429) throw error;",
    ),
    longPollReported(
      "round 45 boundary: a poll on 408 with no wait (a busy poll if the 408 comes at once)",
      "if (!(error instanceof HttpError) || error.http?.statusCode !== 408) throw error;",
      "retriesImmediately",
      "// again",
    ),
    longPollReported("round 45 boundary: a poll that goes round on any error, 1 s apart, with no limit", "console.warn(error);"),
    {
      name: "round 42 boundary: a poll that goes round on 429 (a rate limit: what backoff is for)",
      code: devicePoll("error instanceof HttpError && error.response?.status === 429"),
      errors: [{ line: 11, column: 17, messageId: "constantDelay" }],
    },
    {
      name: "round 42 boundary: a poll that goes round on 404 or a 5xx (an outage)",
      code: devicePoll("error instanceof HttpError && (error.response?.status === 404 || error.response?.status === 503)"),
      errors: [{ line: 11, column: 17, messageId: "constantDelay" }],
    },
    {
      name: "round 42 boundary: a poll on 400 with no wait (a busy poll)",
      code: devicePoll("error instanceof HttpError && error.response?.status === 400", "// again"),
      errors: [{ line: 11, column: 17, messageId: "retriesImmediately" }],
    },
    {
      name: "round 42 boundary: a wait for a 404 to go away with no limit (a permanent 404 is polled for ever)",
      code: visibilityPoll("for (let i = 0; ; i++)", "if (!(err instanceof HttpError) || err.response?.status !== 404) throw err;"),
      errors: [{ line: 9, column: 14, messageId: "noJitter", severity: "info" }],
    },
    {
      name: "round 39: a delayed attempt (a project function whose timer starts the work) waits before each attempt: the wait is read at the call (a constant)",
      code: `${delayedCheck}${delayedLoop("checkLater(body, interval * 1000)")}`,
      errors: [{ line: 13, column: 14, messageId: "constantDelay" }],
    },
    {
      name: "round 39: a delayed attempt whose duration grows with the loop: the argument is its wait, not an alternative walked through",
      code: `${delayedCheck}${delayedLoop("checkLater(body, wait)")}`,
      errors: [{ line: 13, column: 14, messageId: "noJitter", severity: "info" }],
    },
    {
      name: "round 39: a delayed attempt that awaits a wait of its file first, then works",
      code: `${api}${sleep}async function sendLater(body: string, ms: number) {\n  await sleep(ms);\n  return send(body);\n}\n${delayedLoop("sendLater(body, 2000)")}`,
      errors: [{ line: 11, column: 14, messageId: "constantDelay" }],
    },
    {
      name: "round 39: a compiled private method (tsc below ES2022) that delays its request by a timer: a constant wait, not an immediate retry",
      filename: "client.cjs",
      files: axiosTypes,
      code: compiledPrivate(
        `async function _Client_check(code, timeout) {\n  return new Promise((resolve, reject) => {\n    setTimeout(() => {\n      axios({ url: "https://login.example.com/token?code=" + code, method: "POST" }).then(resolve).catch(reject);\n    }, timeout);\n  });\n}`,
      ),
      errors: [{ line: 21, column: 14, messageId: "constantDelay" }],
    },
    {
      name: "round 39 boundary: a compiled private method that sends at once (no timer) retries immediately",
      filename: "client.cjs",
      files: axiosTypes,
      code: compiledPrivate(
        `async function _Client_check(code, timeout) {\n  return axios({ url: "https://login.example.com/token?code=" + code, method: "POST" });\n}`,
      ),
      errors: [{ line: 17, column: 14, messageId: "retriesImmediately" }],
    },
    {
      name: "round 39 boundary: a project function that works first and waits after is no delayed attempt; its wait comes after a success too",
      code: `${api}${sleep}async function sendThenRest(body: string, ms: number) {\n  const reply = await send(body);\n  await sleep(ms);\n  return reply;\n}\n${delayedLoop("sendThenRest(body, 2000)")}`,
      errors: [{ line: 12, column: 14, messageId: "retriesImmediately" }],
    },
    {
      name: "round 38 boundary: runExclusive(fn) of an in-process mutex runs the caller's work (a request): not local",
      files: asyncMutex,
      code: `import { Mutex } from "async-mutex";\n${api}${sleep}const mutex = new Mutex();\nexport async function post(body: string) {\n  for (let i = 0; i < 5; i++) {\n    try {\n      return await mutex.runExclusive(() => send(body));\n    } catch {\n      await sleep(100);\n    }\n  }\n  return undefined;\n}\n`,
      errors: [{ line: 8, column: 14, messageId: "constantDelay" }],
    },
    {
      name: "round 38 boundary: an in-process lock's wait beside a request in the same try: the request is retried too",
      files: asyncMutex,
      code: `import { Mutex } from "async-mutex";\n${api}${sleep}const mutex = new Mutex();\nexport async function post(body: string) {\n  for (let i = 0; i < 5; i++) {\n    try {\n      await mutex.acquire();\n      const reply = await send(body);\n      mutex.release();\n      return reply;\n    } catch {\n      await sleep(100);\n    }\n  }\n  return undefined;\n}\n`,
      errors: [{ line: 8, column: 7, messageId: "constantDelay" }],
    },
    {
      name: "round 38 boundary: a lock of another package (kept in Redis), a project's own lock class, and a weight that is no literal are not known to be in-process",
      files: { ...asyncMutex, ...redisLock },
      code: `import { Mutex as RedisMutex } from "redis-semaphore";\nimport { Semaphore } from "async-mutex";\n${sleep}declare class OwnLock {\n  acquire(): Promise<void>;\n}\nexport async function viaRedis(lock: RedisMutex) {\n  for (let i = 0; i < 5; i++) {\n    try {\n      return await lock.acquire();\n    } catch {\n      await sleep(100);\n    }\n  }\n  return undefined;\n}\nexport async function viaOwn(lock: OwnLock) {\n  for (let i = 0; i < 5; i++) {\n    try {\n      return await lock.acquire();\n    } catch {\n      await sleep(100);\n    }\n  }\n  return undefined;\n}\nexport async function weighted(slots: Semaphore, weight: number) {\n  for (let i = 0; i < 5; i++) {\n    try {\n      return await slots.acquire(weight);\n    } catch {\n      await sleep(100);\n    }\n  }\n  return undefined;\n}\n`,
      errors: [
        { line: 10, column: 14, messageId: "constantDelay" },
        { line: 20, column: 14, messageId: "constantDelay" },
        { line: 30, column: 14, messageId: "constantDelay" },
      ],
    },
    {
      name: "round 35 boundary: a comma whose left side runs code, (note(), promises_1.unlink)(file), is no compiled call: not known to be local",
      filename: "case.cjs",
      code: compiledUnlinkRetry("(note(), promises_1.unlink)"),
      errors: [{ line: 8, column: 7, messageId: "constantDelay" }],
    },
    {
      name: "round 36 boundary: a package's own promises property (promises_1.default.promises.unlink after fs-extra) is no Node module's promise API: not known to be local",
      filename: "case.cjs",
      code: compiledUnlinkRetry("promises_1.default.promises.unlink", `__importDefault(require("fs-extra"))`),
      errors: [{ line: 8, column: 7, messageId: "constantDelay" }],
    },
    {
      name: "round 36 boundary: another property of the module object (promises_1.default.client.unlink) is an object of the module's making: not known to be local",
      filename: "case.cjs",
      code: compiledUnlinkRetry("promises_1.default.client.unlink", `__importDefault(require("node:fs"))`),
      errors: [{ line: 8, column: 7, messageId: "constantDelay" }],
    },
    {
      name: "round 35 boundary: the require wrapped in a function that is no compiler's interop helper: not known to be local",
      filename: "case.cjs",
      code: compiledUnlinkRetry("promises_1.unlink", `wrapModule(require("node:fs/promises"))`),
      errors: [{ line: 8, column: 7, messageId: "constantDelay" }],
    },
    {
      name: "session 22 boundary: a project method that writes a file and then calls a service is not local work",
      files: {
        "sync.ts": `import { writeFile } from "node:fs/promises";\nexport class Syncer {\n  async push(body: string) {\n    await writeFile("/tmp/last.json", body);\n    await fetch("https://api.example.com/sync", { method: "POST", body });\n  }\n}\n`,
      },
      code: `import { Syncer } from "./sync.js";\n${sleep}export async function pushAll(s: Syncer, body: string) {\n  for (let i = 0; i < 50; i++) {\n    try {\n      await s.push(body);\n      return true;\n    } catch {\n      await sleep(100);\n    }\n  }\n  return false;\n}\n`,
      errors: [{ line: 6, column: 7, messageId: "constantDelay" }],
    },
    {
      name: "session 22 boundary: a project function that reads a file and calls what its caller passed in is not local work",
      code: `import { readFile } from "node:fs/promises";\n${sleep}async function withConfig(run: (config: string) => Promise<void>) {\n  const config = await readFile("config.json", "utf8");\n  await run(config);\n}\nexport async function start(run: (config: string) => Promise<void>) {\n  for (let i = 0; i < 50; i++) {\n    try {\n      await withConfig(run);\n      return;\n    } catch {\n      await sleep(100);\n    }\n  }\n}\n`,
      errors: [{ line: 10, column: 7, messageId: "constantDelay" }],
    },
    {
      name: "three attempts by a const of the file, or a counter the body also changes, are retries that can hammer",
      code: `${api}const MAX_ATTEMPTS = 3;\nexport async function check(body: string) {\n  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {\n    try {\n      return await send(body);\n    } catch {}\n  }\n  return undefined;\n}\nexport async function again(body: string) {\n  for (let attempt = 0; attempt < 2; attempt++) {\n    try {\n      return await send(body);\n    } catch {\n      attempt--;\n    }\n  }\n  return undefined;\n}\n`,
      errors: [
        { line: 6, column: 14, messageId: "retriesImmediately" },
        { line: 14, column: 14, messageId: "retriesImmediately" },
      ],
    },
    {
      name: "bounded, no wait, a throw after the loop: the loop becomes retry(fn, { retries }) and the helper is added",
      code: `${api}export async function post(body: string) {\n  for (let attempt = 0; attempt < 3; attempt++) {\n    try {\n      return await send(body);\n    } catch (err) {\n      console.warn("retrying", err);\n    }\n  }\n  throw new Error("gave up");\n}\n`,
      errors: [
        {
          line: 5,
          column: 14,
          messageId: "retriesImmediately",
          message: "retries `send(body)` as soon as it fails:",
          related: ["the loop that retries"],
          fixes: ["Retry with exponential backoff and jitter through `retry(fn, { retries })` (adds a retry helper)"],
        },
      ],
      output: `${api}export async function post(body: string) {\n  return await retry(async () => {\n    try {\n      return await send(body);\n    } catch (err) {\n      console.warn("retrying", err);\n      throw err;\n    }\n  }, { retries: 2 });\n}\n${helper}`,
    },
    {
      name: "two loops in one file, the counter read in the body, a rethrow on the last attempt (it goes: retry throws then), a signal parameter: one helper",
      code: `${api}export async function post(body: string, signal: AbortSignal) {\n  for (let a = 0; a <= 4; a++) {\n    try {\n      return await send(body);\n    } catch (e) {\n      console.warn("attempt", a, e);\n      if (a === 4) throw e;\n    }\n  }\n}\nexport async function put(body: string, tries: number) {\n  for (let b = 0; b < tries; ++b) {\n    try {\n      return await send(body);\n    } catch {}\n  }\n  throw new Error("gave up");\n}\n`,
      errors: [
        { line: 5, column: 14, messageId: "retriesImmediately" },
        { line: 15, column: 14, messageId: "retriesImmediately" },
      ],
      output: `${api}export async function post(body: string, signal: AbortSignal) {\n  return await retry(async (a) => {\n    try {\n      return await send(body);\n    } catch (e) {\n      console.warn("attempt", a, e);\n      throw e;\n    }\n  }, { retries: 4, signal });\n}\nexport async function put(body: string, tries: number) {\n  return await retry(async () => {\n    try {\n      return await send(body);\n    } catch (error) {\n      throw error;\n    }\n  }, { retries: tries - 1 });\n}\n${helper}`,
    },
    {
      name: "success leaves by break, and the loop went on after failing: a suggestion only (retry throws instead)",
      code: `${api}export async function post(body: string) {\n  let reply = "";\n  for (let i = 0; i < 3; i++) {\n    try {\n      reply = await send(body);\n      break;\n    } catch {}\n  }\n  return reply;\n}\n`,
      errors: [
        {
          line: 6,
          column: 15,
          messageId: "retriesImmediately",
          fixes: [
            "Retry with exponential backoff and jitter through `retry(fn, { retries })` (adds a retry helper); when every attempt fails, it throws the last error",
          ],
        },
      ],
    },
    {
      name: "another function named retry: no fix (it may take other arguments)",
      code: `${api}function retry(policy: { base: number }) { return policy.base; }\nexport async function post(body: string) {\n  for (let attempt = 0; attempt < 3; attempt++) {\n    try {\n      return await send(body);\n    } catch {}\n  }\n  return retry({ base: 1 });\n}\n`,
      errors: [{ line: 6, column: 14, messageId: "retriesImmediately", fixes: [] }],
    },
    {
      name: "a continue in the body, or a counter that does not start at 0 and is read: no fix",
      code: `${api}declare function retryable(e: unknown): boolean;\nexport async function post(body: string) {\n  for (let i = 0; i < 3; i++) {\n    try {\n      return await send(body);\n    } catch (e) {\n      if (!retryable(e)) throw e;\n      console.warn(e);\n      continue;\n    }\n  }\n  throw new Error("gave up");\n}\nexport async function put(body: string) {\n  for (let n = 1; n <= 3; n++) {\n    try {\n      return await send(body);\n    } catch {\n      console.warn("attempt", n);\n    }\n  }\n  throw new Error("gave up");\n}\n`,
      errors: [
        { line: 6, column: 14, messageId: "retriesImmediately", fixes: [] },
        { line: 18, column: 14, messageId: "retriesImmediately", fixes: [] },
      ],
    },
    {
      name: "a JavaScript file gets the helper without types",
      filename: "client.js",
      code: `export async function post(send, body) {\n  for (let i = 0; i < 3; i++) {\n    try {\n      return await send(body);\n    } catch (err) {\n      if (i === 2) throw err;\n    }\n  }\n}\n`,
      errors: [{ line: 4, column: 14, messageId: "retriesImmediately" }],
      output: `export async function post(send, body) {\n  return await retry(async () => {\n    try {\n      return await send(body);\n    } catch (err) {\n      throw err;\n    }\n  }, { retries: 2 });\n}\n${jsHelper}`,
    },
    {
      name: "while (true) with an empty catch, no limit: a suggestion only, with a limit of attempts to review (named in the title)",
      code: `${api}export async function post(body: string) {\n  while (true) {\n    try {\n      return await send(body);\n    } catch {}\n  }\n}\n`,
      errors: [
        {
          line: 5,
          column: 14,
          messageId: "retriesImmediately",
          message: "as soon as it fails, with no limit on attempts",
          fixes: [
            "Retry with exponential backoff and jitter through `retry(fn, { retries })` (adds a retry helper); the loop never gave up: review `retries: 10`, after which it throws the last error",
          ],
          suggestions: [
            {
              output: `${api}export async function post(body: string) {\n  return await retry(async () => {\n    try {\n      return await send(body);\n    } catch (error) {\n      throw error;\n    }\n  }, { retries: 10 });\n}\n${helper}`,
            },
          ],
        },
      ],
    },
    {
      name: "while (true) with a constant wait and no limit: the wait becomes the rethrow, in a suggestion with a limit to review",
      code: `${api}${sleep}export async function connect(body: string) {\n  while (true) {\n    try {\n      return await send(body);\n    } catch (err) {\n      console.warn(err);\n      await sleep(1000);\n    }\n  }\n}\n`,
      errors: [
        {
          line: 6,
          column: 14,
          messageId: "constantDelay",
          fixes: [
            "Retry with exponential backoff and jitter through `retry(fn, { retries })` (adds a retry helper); the loop never gave up: review `retries: 10`, after which it throws the last error",
          ],
          suggestions: [
            {
              output: `${api}${sleep}export async function connect(body: string) {\n  return await retry(async () => {\n    try {\n      return await send(body);\n    } catch (err) {\n      console.warn(err);\n      throw err;\n    }\n  }, { retries: 10 });\n}\n${helper}`,
            },
          ],
        },
      ],
    },
    {
      name: "a while loop counted by a let before it, updated in the catch block, a throw after the loop: the counter, its update and the throw go",
      code: `${api}export async function post(body: string, maxAttempts: number) {\n  let attempt = 0;\n  while (attempt < maxAttempts) {\n    try {\n      return await send(body);\n    } catch (err) {\n      console.warn("retrying", err);\n      attempt++;\n    }\n  }\n  throw new Error("gave up");\n}\n`,
      errors: [
        {
          line: 6,
          column: 14,
          messageId: "retriesImmediately",
          fixes: ["Retry with exponential backoff and jitter through `retry(fn, { retries })` (adds a retry helper)"],
        },
      ],
      output: `${api}export async function post(body: string, maxAttempts: number) {\n  return await retry(async () => {\n    try {\n      return await send(body);\n    } catch (err) {\n      console.warn("retrying", err);\n      throw err;\n    }\n  }, { retries: maxAttempts - 1 });\n}\n${helper}`,
    },
    {
      name: "a while loop counted in its condition (attempts++ < 4, beside another declaration) and a check that rethrows on the last attempt",
      code: `${api}export async function post(body: string) {\n  let attempts = 0, last = "";\n  while (attempts++ < 4) {\n    try {\n      last = await send(body);\n      return last;\n    } catch (e) {\n      if (attempts >= 4) throw e;\n    }\n  }\n}\n`,
      errors: [
        {
          line: 6,
          column: 14,
          messageId: "retriesImmediately",
          fixes: ["Retry with exponential backoff and jitter through `retry(fn, { retries })` (adds a retry helper)"],
        },
      ],
      output: `${api}export async function post(body: string) {\n  let last = "";\n  return await retry(async () => {\n    try {\n      last = await send(body);\n      return last;\n    } catch (e) {\n      throw e;\n    }\n  }, { retries: 3 });\n}\n${helper}`,
    },
    {
      name: "a do/while counted in its condition (++tries < 3: three attempts), then the loop went on: a suggestion",
      code: `${api}export async function post(body: string) {\n  let tries = 0;\n  do {\n    try {\n      return await send(body);\n    } catch {\n    }\n  } while (++tries < 3);\n  return undefined;\n}\n`,
      errors: [
        {
          line: 6,
          column: 14,
          messageId: "retriesImmediately",
          fixes: [
            "Retry with exponential backoff and jitter through `retry(fn, { retries })` (adds a retry helper); when every attempt fails, it throws the last error",
          ],
          suggestions: [
            {
              output: `${api}export async function post(body: string) {\n  return await retry(async () => {\n    try {\n      return await send(body);\n    } catch (error) {\n      throw error;\n    }\n  }, { retries: 2 });\n  return undefined;\n}\n${helper}`,
            },
          ],
        },
      ],
    },
    {
      name: "a do/while counted at the top of its body (attempt++ then the try), a throw after the loop: the update goes with its line",
      code: `${api}export async function post(body: string) {\n  let attempt = 0;\n  do {\n    attempt++;\n    try {\n      return await send(body);\n    } catch (e) {\n      console.warn(e);\n    }\n  } while (attempt < 4);\n  throw new Error("gave up");\n}\n`,
      errors: [
        {
          line: 7,
          column: 14,
          messageId: "retriesImmediately",
          fixes: ["Retry with exponential backoff and jitter through `retry(fn, { retries })` (adds a retry helper)"],
        },
      ],
      output: `${api}export async function post(body: string) {\n  return await retry(async () => {\n    try {\n      return await send(body);\n    } catch (e) {\n      console.warn(e);\n      throw e;\n    }\n  }, { retries: 3 });\n}\n${helper}`,
    },
    {
      name: "while (true) and for (;;) that give up in the catch block (if (++attempt >= max) throw e; failures++ then if (failures > 3) throw err), and a for loop's own counter checked there",
      code: `${api}export async function post(body: string, maxAttempts: number) {\n  let attempt = 0;\n  while (true) {\n    try {\n      return await send(body);\n    } catch (e) {\n      if (++attempt >= maxAttempts) throw e;\n      console.warn("retrying", e);\n    }\n  }\n}\nexport async function put(body: string) {\n  let failures = 0;\n  for (;;) {\n    try {\n      return await send(body);\n    } catch (err) {\n      failures++;\n      if (failures > 3) throw err;\n    }\n  }\n}\nexport async function patch(body: string) {\n  for (let attempt = 0; ; attempt++) {\n    try {\n      return await send(body);\n    } catch (err) {\n      console.warn("attempt", attempt, err);\n      if (attempt >= 4) throw err;\n    }\n  }\n}\n`,
      errors: [
        { line: 6, column: 14, messageId: "retriesImmediately" },
        { line: 17, column: 14, messageId: "retriesImmediately" },
        { line: 27, column: 14, messageId: "retriesImmediately" },
      ],
      output: `${api}export async function post(body: string, maxAttempts: number) {\n  return await retry(async () => {\n    try {\n      return await send(body);\n    } catch (e) {\n      console.warn("retrying", e);\n      throw e;\n    }\n  }, { retries: maxAttempts - 1 });\n}\nexport async function put(body: string) {\n  return await retry(async () => {\n    try {\n      return await send(body);\n    } catch (err) {\n      throw err;\n    }\n  }, { retries: 3 });\n}\nexport async function patch(body: string) {\n  return await retry(async (attempt) => {\n    try {\n      return await send(body);\n    } catch (err) {\n      console.warn("attempt", attempt, err);\n      throw err;\n    }\n  }, { retries: 4 });\n}\n${helper}`,
    },
    {
      name: "a rethrow by equality: on the last attempt of a for loop (attempt === maxAttempts - 1), or earlier than its condition (attempt === 1 of five: two attempts)",
      code: `${api}export async function post(body: string, maxAttempts: number) {\n  for (let attempt = 0; attempt < maxAttempts; attempt++) {\n    try {\n      return await send(body);\n    } catch (err) {\n      if (attempt === maxAttempts - 1) throw err;\n    }\n  }\n}\nexport async function put(body: string) {\n  for (let attempt = 0; attempt < 5; attempt++) {\n    try {\n      return await send(body);\n    } catch (err) {\n      if (attempt === 1) throw err;\n      console.warn(err);\n    }\n  }\n}\n`,
      errors: [
        { line: 5, column: 14, messageId: "retriesImmediately" },
        { line: 14, column: 14, messageId: "retriesImmediately" },
      ],
      output: `${api}export async function post(body: string, maxAttempts: number) {\n  return await retry(async () => {\n    try {\n      return await send(body);\n    } catch (err) {\n      throw err;\n    }\n  }, { retries: maxAttempts - 1 });\n}\nexport async function put(body: string) {\n  return await retry(async () => {\n    try {\n      return await send(body);\n    } catch (err) {\n      console.warn(err);\n      throw err;\n    }\n  }, { retries: 1 });\n}\n${helper}`,
    },
    {
      name: "no fix: an equality with a limit the counter may never reach (while (true), or another limit than the condition's)",
      code: `${api}export async function a(body: string, max: number) {\n  let attempt = 0;\n  while (true) {\n    try {\n      return await send(body);\n    } catch (e) {\n      if (++attempt === max) throw e;\n    }\n  }\n}\nexport async function b(body: string, n: number, m: number) {\n  for (let i = 0; i < n; i++) {\n    try {\n      return await send(body);\n    } catch (e) {\n      if (i === m) throw e;\n    }\n  }\n  throw new Error("gave up");\n}\n`,
      errors: [
        { line: 6, column: 14, messageId: "retriesImmediately", fixes: [] },
        { line: 15, column: 14, messageId: "retriesImmediately", fixes: [] },
      ],
    },
    {
      name: "no fix: the counter read after the loop, read from 1 in the body, updated twice, or two limits that cannot be compared",
      code: `${api}export async function a(body: string) {\n  let attempt = 0;\n  while (attempt < 5) {\n    try {\n      return await send(body);\n    } catch {\n      attempt++;\n    }\n  }\n  throw new Error("gave up after " + attempt + " attempts");\n}\nexport async function b(body: string) {\n  let attempts = 0;\n  while (attempts++ < 5) {\n    try {\n      return await send(body);\n    } catch {\n      console.warn("attempt", attempts);\n    }\n  }\n  throw new Error("gave up");\n}\nexport async function c(body: string) {\n  let attempt = 0;\n  while (attempt < 5) {\n    attempt++;\n    try {\n      return await send(body);\n    } catch {\n      attempt++;\n    }\n  }\n  throw new Error("gave up");\n}\nexport async function d(body: string, limit: number, max: number) {\n  let attempt = 0;\n  while (attempt < limit) {\n    try {\n      return await send(body);\n    } catch (e) {\n      if (++attempt >= max) throw e;\n    }\n  }\n  throw new Error("gave up");\n}\n`,
      errors: [
        { line: 6, column: 14, messageId: "retriesImmediately", fixes: [] },
        { line: 17, column: 14, messageId: "retriesImmediately", fixes: [] },
        { line: 29, column: 14, messageId: "retriesImmediately", fixes: [] },
        { line: 40, column: 14, messageId: "retriesImmediately", fixes: [] },
      ],
    },
    {
      name: "no fix: a give-up that throws another error, an error filter (retry would retry what the loop threw), a deadline",
      code: `${api}declare function retryable(e: unknown): boolean;\nexport async function a(body: string) {\n  let attempt = 0;\n  while (true) {\n    try {\n      return await send(body);\n    } catch (e) {\n      if (++attempt >= 5) throw new Error("gave up", { cause: e });\n    }\n  }\n}\nexport async function b(body: string) {\n  for (let i = 0; i < 5; i++) {\n    try {\n      return await send(body);\n    } catch (e) {\n      if (!retryable(e)) throw e;\n    }\n  }\n  throw new Error("gave up");\n}\nexport async function c(body: string) {\n  while (true) {\n    try {\n      return await send(body);\n    } catch (e) {\n      if (!retryable(e)) throw e;\n    }\n  }\n}\nexport async function d(body: string, deadline: number) {\n  while (true) {\n    try {\n      return await send(body);\n    } catch (e) {\n      if (Date.now() > deadline) throw e;\n    }\n  }\n}\n`,
      errors: [
        { line: 7, column: 14, messageId: "retriesImmediately", fixes: [] },
        { line: 16, column: 14, messageId: "retriesImmediately", fixes: [] },
        { line: 26, column: 14, messageId: "retriesImmediately", fixes: [] },
        { line: 35, column: 14, messageId: "retriesImmediately", fixes: [] },
      ],
    },
    {
      name: "a success flag in the condition",
      code: `${api}export async function post(body: string) {\n  let done = false;\n  let result = "";\n  while (!done) {\n    try {\n      result = await send(body);\n      done = true;\n    } catch (e) {\n      console.error(e);\n    }\n  }\n  return result;\n}\n`,
      errors: [{ line: 7, column: 16, messageId: "retriesImmediately", message: "with no limit on attempts" }],
    },
    {
      name: "a constant wait (the fix is a suggestion: it may leave the old wait unused)",
      code: `${api}${sleep}export async function post(body: string) {\n  for (let attempt = 0; attempt < 5; attempt++) {\n    try {\n      return await send(body);\n    } catch {\n      await sleep(1000);\n    }\n  }\n  return undefined;\n}\n`,
      errors: [
        {
          line: 6,
          column: 14,
          messageId: "constantDelay",
          message: "after the same wait (1000) every time:",
          related: ["the loop that retries", "the wait, the same every time"],
          fixes: [
            "Retry with exponential backoff and jitter through `retry(fn, { retries })` (adds a retry helper); when every attempt fails, it throws the last error",
          ],
        },
      ],
    },
    {
      name: "a constant wait from node:timers/promises, an option of the caller",
      code: `${api}import { setTimeout as delay } from "node:timers/promises";\nexport async function post(body: string, opts: { retryDelay: number }) {\n  let attempt = 0;\n  while (attempt++ < 5) {\n    try {\n      return await send(body);\n    } catch {}\n    await delay(opts.retryDelay);\n  }\n  return undefined;\n}\n`,
      errors: [{ line: 7, column: 14, messageId: "constantDelay", message: "(opts.retryDelay)" }],
    },
    {
      name: "an inline timer promise, a constant",
      code: `${api}const RETRY_MS = 500;\nexport async function post(body: string) {\n  for (let i = 0; i < 3; i++) {\n    try {\n      return await send(body);\n    } catch {\n      await new Promise(r => setTimeout(r, RETRY_MS));\n    }\n  }\n  return undefined;\n}\n`,
      errors: [{ line: 6, column: 14, messageId: "constantDelay", message: "(RETRY_MS)" }],
    },
    {
      name: "exponential with no randomness (information)",
      code: `${api}${sleep}export async function post(body: string) {\n  let wait = 100;\n  for (let attempt = 0; attempt < 5; attempt++) {\n    try {\n      return await send(body);\n    } catch {\n      await sleep(wait);\n      wait = Math.min(wait * 2, 5_000);\n    }\n  }\n  return undefined;\n}\n`,
      errors: [{ line: 7, column: 14, messageId: "noJitter", severity: "info" }],
    },
    {
      name: "a catch that gives up on a file-system code and retries every other error still retries a service",
      code: `${api}export async function post(body: string) {\n  for (let i = 0; i < 5; i++) {\n    try {\n      return await send(body);\n    } catch (e) {\n      if ((e as NodeJS.ErrnoException).code === "ENOENT") throw e;\n    }\n  }\n  return undefined;\n}\n`,
      errors: [{ line: 5, column: 14, messageId: "retriesImmediately" }],
    },
    {
      name: "a retry filter that lets a network code through (ECONNRESET besides EBUSY), or a helper that holds for every other code, is not local",
      code: `${api}function transient(e: unknown) { const code = (e as NodeJS.ErrnoException).code; return code === "EBUSY" || code === "ECONNRESET"; }\nfunction notMissing(e: unknown) { return (e as NodeJS.ErrnoException).code !== "ENOENT"; }\nexport async function post(body: string) {\n  for (let i = 0; i < 5; i++) {\n    try {\n      return await send(body);\n    } catch (e) {\n      if (!transient(e)) throw e;\n    }\n  }\n  return undefined;\n}\nexport async function put(body: string) {\n  for (let i = 0; i < 5; i++) {\n    try {\n      return await send(body);\n    } catch (e) {\n      if (!notMissing(e)) throw e;\n    }\n  }\n  return undefined;\n}\n`,
      errors: [
        { line: 7, column: 14, messageId: "retriesImmediately" },
        { line: 17, column: 14, messageId: "retriesImmediately" },
      ],
    },
    {
      name: "a URL with another host, or a loopback host only in a variable, is not known to be local",
      code: `${sleep}declare const http: { get(url: string): Promise<{ data: unknown }> };\nexport async function poll(host: string, port: number) {\n  for (let i = 0; i < 10; i++) {\n    try {\n      return (await http.get(\`http://\${host}:\${port}/status\`)).data;\n    } catch {\n      await sleep(500);\n    }\n  }\n  return undefined;\n}\nexport async function status() {\n  for (let i = 0; i < 10; i++) {\n    try {\n      return (await http.get("https://localhost.example.com/status")).data;\n    } catch {\n      await sleep(500);\n    }\n  }\n  return undefined;\n}\n`,
      errors: [
        { line: 6, column: 15, messageId: "constantDelay" },
        { line: 16, column: 15, messageId: "constantDelay" },
      ],
    },
    {
      name: "round 53 boundaries: no limit, a remote const, a let, an exported helper's parameter, a proxy's URL, another host beside the loopback one, a private helper one caller gives a remote URL",
      code: `${sleep}declare function lease(url: string, id: string): Promise<string>;\ndeclare function reset(url: string): Promise<void>;\ndeclare function isEnabled(id: string, flag: string, o: { runtimeUrl: string; proxyUrl?: string; baseUrl?: string }): Promise<boolean>;\nexport async function forever(port: number, id: string) {\n  const url = \`http://127.0.0.1:\${port}\`;\n  while (true) {\n    try {\n      return await lease(url, id);\n    } catch {\n      await sleep(1000);\n    }\n  }\n}\nexport async function remote(id: string) {\n  const url = "https://api.example.com";\n  for (let i = 0; i < 5; i++) {\n    try {\n      return await lease(url, id);\n    } catch {\n      await sleep(1000);\n    }\n  }\n  return undefined;\n}\nexport async function changeable(id: string) {\n  let url = "http://localhost:8080";\n  for (let i = 0; i < 5; i++) {\n    try {\n      return await lease(url, id);\n    } catch {\n      await sleep(1000);\n    }\n  }\n  url = "";\n  return undefined;\n}\nexport async function passedIn(url: string, id: string) {\n  for (let i = 0; i < 5; i++) {\n    try {\n      return await lease(url, id);\n    } catch {\n      await sleep(1000);\n    }\n  }\n  return undefined;\n}\nexport async function viaProxy(id: string) {\n  for (let i = 0; i < 5; i++) {\n    try {\n      return await isEnabled(id, "f", { runtimeUrl: "https://api.example.com", proxyUrl: "http://127.0.0.1:8888" });\n    } catch {\n      await sleep(1000);\n    }\n  }\n  return undefined;\n}\nexport async function mixed(id: string) {\n  for (let i = 0; i < 5; i++) {\n    try {\n      return await isEnabled(id, "f", { runtimeUrl: "http://localhost:3000", baseUrl: "https://api.example.com" });\n    } catch {\n      await sleep(1000);\n    }\n  }\n  return undefined;\n}\nasync function leaseFrom(url: string, id: string) {\n  for (let i = 0; i < 5; i++) {\n    try {\n      return await lease(url, id);\n    } catch {\n      await sleep(1000);\n    }\n  }\n  return undefined;\n}\nexport async function both(id: string) {\n  await leaseFrom("http://localhost:3000", id);\n  return leaseFrom("https://api.example.com", id);\n}\n`,
      errors: [
        { line: 9, column: 14, messageId: "constantDelay" },
        { line: 19, column: 14, messageId: "constantDelay" },
        { line: 30, column: 14, messageId: "constantDelay" },
        { line: 41, column: 14, messageId: "constantDelay" },
        { line: 51, column: 14, messageId: "constantDelay" },
        { line: 61, column: 14, messageId: "constantDelay" },
        { line: 71, column: 14, messageId: "constantDelay" },
      ],
    },
    {
      name: "round 53 boundary: a loop variable of the same name shadows the module's loopback const",
      code: `${sleep}declare function lease(url: string, id: string): Promise<string>;\nconst url = "http://localhost:3000";\nexport async function each(urls: string[], id: string) {\n  for (const url of urls) {\n    for (let i = 0; i < 5; i++) {\n      try {\n        return await lease(url, id);\n      } catch {\n        await sleep(1000);\n      }\n    }\n  }\n  return lease(url, id);\n}\n`,
      errors: [{ line: 8, column: 16, messageId: "constantDelay" }],
    },
    {
      name: "session 20 boundaries: a fs call beside a service call, a network code in the else-shaped filter, a success flag set to true, attempts kept on this",
      code: `import { writeFile } from "node:fs/promises";\n${api}export async function save(file: string, body: string) {\n  for (let i = 0; i < 5; i++) {\n    try {\n      await send(body);\n      await writeFile(file, "sent");\n      return;\n    } catch {}\n  }\n  return undefined;\n}\nexport async function post(body: string) {\n  for (let i = 0; i < 5; i++) {\n    try {\n      return await send(body);\n    } catch (err) {\n      if ((err as NodeJS.ErrnoException).code === "ECONNRESET") {\n        // again\n      } else {\n        throw err;\n      }\n    }\n  }\n  return undefined;\n}\nexport async function until(body: string) {\n  let done = false;\n  let tries = 0;\n  while (!done && tries < 5) {\n    tries++;\n    try {\n      await send(body);\n      done = true;\n    } catch {}\n  }\n}\nexport class Client {\n  attempts = 0;\n  async connect(body: string) {\n    for (let i = 0; i < 5; i++) {\n      this.attempts++;\n      try {\n        return await send(body);\n      } catch {}\n    }\n    return undefined;\n  }\n}\n`,
      errors: [
        { line: 6, column: 7, messageId: "retriesImmediately" },
        { line: 16, column: 14, messageId: "retriesImmediately" },
        { line: 33, column: 7, messageId: "retriesImmediately" },
        { line: 44, column: 16, messageId: "retriesImmediately" },
      ],
    },
    {
      name: "session 24 boundaries: the same call again (a for loop, a while (true) with a counter and no wait), an index that wraps round with no limit, a list shortened only after success, a list the call does not read",
      code: `declare function get(host: string): Promise<string>;\nexport async function again(url: string) {\n  for (let i = 0; i < 3; i++) {\n    try {\n      return await get(url);\n    } catch {}\n  }\n  return undefined;\n}\nexport async function untilFive(url: string) {\n  let n = 0;\n  while (true) {\n    try {\n      return await get(url);\n    } catch (e) {\n      if (++n >= 5) throw new Error("down", { cause: e });\n    }\n  }\n}\nexport async function spin(hosts: string[]) {\n  for (let i = 0; ; i++) {\n    try {\n      return await get(hosts[i % hosts.length]!);\n    } catch {}\n  }\n}\nexport async function cycle(hosts: string[]) {\n  let next = 0;\n  while (true) {\n    try {\n      return await get(hosts[next]!);\n    } catch {\n      next = (next + 1) % hosts.length;\n    }\n  }\n}\nexport async function dropAfterSuccess(items: string[]) {\n  while (items.length) {\n    try {\n      await get(items[0]!);\n      items.shift();\n      return;\n    } catch {}\n  }\n}\nexport async function popsAnother(url: string, log: string[]) {\n  let tries = 0;\n  while (tries++ < 5) {\n    try {\n      return await get(url);\n    } catch {\n      log.pop();\n    }\n  }\n  return undefined;\n}\n`,
      errors: [
        { line: 5, column: 14, messageId: "retriesImmediately" },
        { line: 14, column: 14, messageId: "retriesImmediately" },
        { line: 23, column: 14, messageId: "retriesImmediately" },
        { line: 31, column: 14, messageId: "retriesImmediately" },
        { line: 40, column: 7, messageId: "retriesImmediately" },
        { line: 50, column: 14, messageId: "retriesImmediately" },
      ],
    },
    {
      name: "backoff with jitter that never gives up",
      code: `${api}${sleep}export async function post(body: string) {\n  for (let attempt = 0; ; attempt++) {\n    try {\n      return await send(body);\n    } catch (err) {\n      if ((err as Error).name === "AbortError") throw err;\n      await sleep(Math.random() * Math.min(30_000, 100 * 2 ** attempt));\n    }\n  }\n}\n`,
      errors: [{ line: 6, column: 14, messageId: "retriesForever" }],
    },
    // Round 30 boundary: code its package's users or its own code can reach.
    {
      name: "round 30 boundary: the same helper in a package others can import by any path (`main`, no `exports`): its users may call it",
      code: netCode,
      filename: "net.ts",
      files: { "package.json": `{"name":"case","type":"module","main":"index.js"}`, "index.ts": closedExports["index.ts"] },
      errors: [{ line: 7, column: 14, messageId: "noJitter", severity: "info" }],
    },
    {
      name: "round 30 boundary: the same helper in a command-line program that calls it",
      code: netCode,
      filename: "net.ts",
      files: { ...cliOnly, "cli.ts": `import { isValidUrl, post } from "./net.js";\nif (isValidUrl(process.argv[2] ?? "")) await post("ping");\n` },
      errors: [{ line: 7, column: 14, messageId: "noJitter", severity: "info" }],
    },
    {
      name: "round 30 boundary: a library whose closed entry re-exports the helper hands it to its users",
      code: netCode,
      filename: "net.ts",
      files: { ...closedExports, "index.ts": `export { isValidUrl, post } from "./net.js";\n` },
      errors: [{ line: 7, column: 14, messageId: "noJitter", severity: "info" }],
    },
    {
      name: "round 30 boundary: a module-level function its module does not export but calls",
      code: `${api}${sleep}async function post(body: string) {\n  let wait = 100;\n  for (let attempt = 0; attempt < 5; attempt++) {\n    try {\n      return await send(body);\n    } catch {\n      await sleep(wait);\n      wait = Math.min(wait * 2, 5_000);\n    }\n  }\n  return undefined;\n}\nexport const ping = () => post("ping");\n`,
      errors: [{ line: 7, column: 14, messageId: "noJitter", severity: "info" }],
    },
  ],
};

ruleTester<MessageId>("retry-without-backoff", { valid: cases.valid.map(asPackage), invalid: cases.invalid.map(asPackage) });

test("retry-without-backoff is off by default", () => {
  assert.equal(retryWithoutBackoff.meta.enabledByDefault, false);
});
